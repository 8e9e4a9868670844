package core_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

func tableNames(t *testing.T, a *core.Auth) []string {
	t.Helper()
	s, err := a.Schema()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tb := range s.Tables {
		out = append(out, tb.Name())
	}
	return out
}

func TestDefaultTables(t *testing.T) {
	got := strings.Join(tableNames(t, core.New(core.Options{})), ",")
	if got != "user,session,account,verification" {
		t.Fatalf("tables = %s", got)
	}
}

func TestSecondaryStorageDropsTables(t *testing.T) {
	cases := []struct {
		opts core.Options
		want string
	}{
		{core.Options{SecondaryStorage: memStorage{}}, "user,account"},
		{core.Options{SecondaryStorage: memStorage{}, Session: core.SessionOptions{StoreSessionInDatabase: true}}, "user,session,account"},
		{core.Options{SecondaryStorage: memStorage{}, Verification: core.VerificationOptions{StoreInDatabase: true}}, "user,account,verification"},
		{core.Options{RateLimit: core.RateLimitOptions{Storage: core.RateLimitDatabase, ModelName: "rate_limits"}}, "user,session,account,verification,rate_limits"},
		{core.Options{SecondaryStorage: memStorage{}, Plugins: []core.Plugin{plugins.TwoFactor()}}, "user,account,twoFactor"},
	}
	for _, c := range cases {
		if got := strings.Join(tableNames(t, core.New(c.opts)), ","); got != c.want {
			t.Errorf("tables = %s, want %s", got, c.want)
		}
	}
}

func TestPluginFieldsAppendInOrder(t *testing.T) {
	a := core.New(core.Options{
		Plugins: []core.Plugin{plugins.TwoFactor(), plugins.Username()},
		User: core.UserOptions{
			ModelName:        "users",
			Fields:           map[string]string{"email": "email_address"},
			AdditionalFields: []core.Field{{Name: "plan", Type: core.TypeString, Required: core.Optional, Default: "free"}},
		},
	})
	s, err := a.Schema()
	if err != nil {
		t.Fatal(err)
	}
	u := s.Table("user")
	var names []string
	for _, f := range u.Fields {
		names = append(names, f.ColumnName())
	}
	want := "name,email_address,emailVerified,image,createdAt,updatedAt,twoFactorEnabled,username,displayUsername,plan"
	if got := strings.Join(names, ","); got != want {
		t.Fatalf("user columns = %s\nwant %s", got, want)
	}
	if u.Name() != "users" {
		t.Fatalf("user table = %s", u.Name())
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	a := core.New(core.Options{Database: core.SQLite("app.db"), Plugins: []core.Plugin{plugins.TwoFactor()}})
	var buf bytes.Buffer
	if err := core.WriteJSON(&buf, a); err != nil {
		t.Fatal(err)
	}
	var m core.Manifest
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	want, _ := a.Schema()
	if m.FormatVersion != core.ManifestVersion || m.Database.Dialect != "sqlite" || len(m.Schema.Tables) != len(want.Tables) {
		t.Fatalf("manifest = %+v", m)
	}
	tf := m.Schema.Table("twoFactor")
	if v, ok := tf.Field("failedVerificationCount").Default.(int64); !ok || v != 0 {
		t.Fatalf("default = %#v", tf.Field("failedVerificationCount").Default)
	}
	if v, ok := tf.Field("verified").Default.(bool); !ok || !v {
		t.Fatalf("default = %#v", tf.Field("verified").Default)
	}
}

func TestInvalidConfigIsKept(t *testing.T) {
	a := core.New(core.Options{User: core.UserOptions{Fields: map[string]string{"nope": "x"}}})
	if _, err := a.Schema(); err == nil || !strings.Contains(err.Error(), `"nope" is not a field of the user table`) {
		t.Fatalf("err = %v", err)
	}
	var buf bytes.Buffer
	_ = core.WriteJSON(&buf, a)
	if !strings.Contains(buf.String(), `"error"`) {
		t.Fatalf("manifest has no error: %s", buf.String())
	}
}

// Database.Dialect takes every spelling of an engine, and the manifest
// carries its canonical name, so authctl sees one name whatever the config
// wrote.
func TestDialectSpellings(t *testing.T) {
	for in, want := range map[string]string{"pg": "postgres", "PostgreSQL": "postgres", "mariadb": "mysql", "sqlite3": "sqlite", "sqlite": "sqlite"} {
		a := core.New(core.Options{Database: core.Database{Dialect: in, URL: "x"}})
		if _, err := a.Schema(); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		var b bytes.Buffer
		if err := core.WriteJSON(&b, a); err != nil {
			t.Fatal(err)
		}
		var m core.Manifest
		if err := json.Unmarshal(b.Bytes(), &m); err != nil || m.Database.Dialect != want {
			t.Errorf("%s: manifest dialect %q %v, want %q", in, m.Database.Dialect, err, want)
		}
	}
	if _, err := core.New(core.Options{Database: core.Database{Dialect: "oracle"}}).Schema(); err == nil {
		t.Error("oracle accepted")
	}
	if _, err := core.New(core.Options{Database: core.Database{Dialect: "pg", Schema: "auth"}}).Schema(); err != nil {
		t.Errorf("pg with a schema: %v", err)
	}
}
