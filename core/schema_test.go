package core_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// The handler works on whatever the schema says: renamed tables and
// columns, additional and plugin fields, and every id strategy.

func customOptions() core.Options {
	return enabled(core.Options{
		User: core.UserOptions{
			ModelName: "users",
			Fields:    map[string]string{"email": "email_address", "emailVerified": "email_verified"},
			AdditionalFields: []core.Field{
				{Name: "plan", Type: core.TypeString, Default: "free"},
				{Name: "age", Type: core.TypeNumber, Required: core.Optional},
				{Name: "role", Type: core.TypeEnum, Enum: []string{"admin", "member"}, Default: "member", Index: true},
				{Name: "company", Type: core.TypeString},
				{Name: "secretNote", Type: core.TypeString, Required: core.Optional, Returned: core.Bool(false)},
			},
		},
		Session: core.SessionOptions{ModelName: "sessions", Fields: map[string]string{"token": "session_token"}},
		Account: core.AccountOptions{ModelName: "accounts", Fields: map[string]string{"accountId": "account_id"}},
		Plugins: []core.Plugin{tablesOnly{plugins.TwoFactor()}},
	})
}

func TestCustomSchema(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, customOptions())
		c := startServer(t, a)

		c.do("POST", "/sign-up/email", map[string]any{"name": "C", "email": "c@example.com", "password": password})
		c.expectError(400, "MISSING_FIELD", "company is required")
		c.do("POST", "/sign-up/email", map[string]any{"name": "C", "email": "c@example.com", "password": password, "company": 5})
		c.expectError(400, "VALIDATION_ERROR", "[body.company] Invalid input: expected string, received number")
		c.do("POST", "/sign-up/email", map[string]any{"name": "C", "email": "c@example.com", "password": password, "company": "ACME", "role": "boss"})
		c.expectError(400, "VALIDATION_ERROR", `[body.role] Invalid option: expected one of "admin"|"member"`)

		up := obj(c.do("POST", "/sign-up/email", map[string]any{
			"name": "C", "email": "C@example.com", "password": password, "company": "ACME", "age": 41,
			"secretNote": "hidden", "twoFactorEnabled": true, "emailVerified": true, "unknown": "dropped",
		}))
		c.expect(200, "*")
		u := obj(up["user"])
		want := `^\{"token":"[A-Za-z0-9]{32}","user":\{"name":"C","email":"c@example.com","emailVerified":false,"image":null,"createdAt":"[^"]+","updatedAt":"[^"]+","twoFactorEnabled":false,"plan":"free","age":41,"role":"member","company":"ACME","id":"[^"]+"\}\}$`
		if !regexp.MustCompile(want).Match(c.raw) {
			t.Fatalf("sign-up:\n%s\nwant %s", c.raw, want)
		}
		var note string
		if err := db.QueryRow("SELECT "+q(d, "secretNote")+" FROM "+q(d, "users")+" WHERE "+q(d, "email_address")+" = "+ph(d, 1), "c@example.com").Scan(&note); err != nil || note != "hidden" {
			t.Fatalf("secretNote: %q %v", note, err)
		}
		if n := count(t, db, d, "accounts", q(d, "account_id")+" = "+ph(d, 1), u["id"]); n != 1 {
			t.Fatalf("accounts by account_id: %d", n)
		}

		s := obj(c.do("GET", "/get-session", nil))
		if obj(s["user"])["company"] != "ACME" || obj(s["session"])["token"] != up["token"] {
			t.Fatalf("get-session: %s", c.raw)
		}
		c.do("POST", "/update-user", map[string]any{"plan": "pro", "age": nil})
		c.expect(200, `{"status":true}`)
		// Client mistakes the database would turn into a 500 (PostgreSQL,
		// MySQL) or store as something else (SQLite) are 400s everywhere.
		for _, bad := range []struct {
			body map[string]any
			msg  string
		}{
			{map[string]any{"age": 1.5}, "[body.age] Invalid input: expected an integer from -2147483648 to 2147483647"},
			{map[string]any{"age": 1e30}, "[body.age] Invalid input: expected an integer from -2147483648 to 2147483647"},
			{map[string]any{"age": 2147483648}, "[body.age] Invalid input: expected an integer from -2147483648 to 2147483647"},
			{map[string]any{"name": "x\x00y"}, "[body.name] Invalid input: text must be valid UTF-8 without NUL characters (U+0000)"},
			{map[string]any{"plan": "ok", "tags": []any{"a", "\x00"}}, "[body.tags.1] Invalid input: text must be valid UTF-8 without NUL characters (U+0000)"},
		} {
			c.do("POST", "/update-user", bad.body)
			c.expectError(400, "VALIDATION_ERROR", bad.msg)
		}
		c.do("POST", "/update-user", map[string]any{"age": 2e3})
		c.expect(200, `{"status":true}`)
		if age := obj(obj(c.do("GET", "/get-session", nil))["user"])["age"]; age != 2000.0 {
			t.Fatalf("age after 2e3: %v (%s)", age, c.raw)
		}
		c.do("POST", "/update-user", map[string]any{"age": nil})
		c.expect(200, `{"status":true}`)
		c.do("POST", "/update-user", map[string]any{"twoFactorEnabled": true})
		c.expectError(400, "FIELD_NOT_ALLOWED", "twoFactorEnabled is not allowed to be set")
		c.do("POST", "/update-user", map[string]any{"twoFactorEnabled": false})
		c.expectError(400, "", "No fields to update")
		u = obj(obj(c.do("GET", "/get-session", nil))["user"])
		if u["plan"] != "pro" || u["age"] != nil || u["twoFactorEnabled"] != false {
			t.Fatalf("after update: %s", c.raw)
		}

		c.do("POST", "/sign-out", nil)
		c.do("POST", "/sign-in/email", map[string]any{"email": "c@example.com", "password": password})
		c.expect(200, "*")
		list, _ := c.do("GET", "/list-sessions", nil).([]any)
		if len(list) != 1 {
			t.Fatalf("list-sessions: %s", c.raw)
		}
	})
}

func TestIDStrategies(t *testing.T) {
	for _, ids := range []struct {
		name string
		s    core.Options
		re   *regexp.Regexp
	}{
		{"uuid", core.Options{Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDUUID}}, Plugins: []core.Plugin{plugins.Username()}},
			regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)},
		{"serial", core.Options{Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDSerial}}, Plugins: []core.Plugin{tablesOnly{plugins.TwoFactor()}}},
			regexp.MustCompile(`^[0-9]+$`)},
	} {
		t.Run(ids.name, func(t *testing.T) {
			forEachDialect(t, func(t *testing.T, d string) {
				on := true
				o := enabled(ids.s)
				o.RateLimit = core.RateLimitOptions{Enabled: &on, Storage: core.RateLimitDatabase}
				a, db := newAuth(t, d, o)
				c := startServer(t, a)
				up := c.signUp("ids@example.com", password)
				uid := fmt.Sprint(obj(up["user"])["id"])
				if !ids.re.MatchString(uid) {
					t.Fatalf("user id %q", uid)
				}
				s := obj(c.do("GET", "/get-session", nil))
				sess := obj(s["session"])
				if sess["userId"] != uid || !ids.re.MatchString(fmt.Sprint(sess["id"])) {
					t.Fatalf("session: %s", c.raw)
				}
				// Ids are JSON strings even when serial.
				if !strings.Contains(string(c.raw), `"userId":"`+uid+`"`) {
					t.Fatalf("userId not a string: %s", c.raw)
				}
				other := c.clone()
				other.do("POST", "/sign-in/email", map[string]any{"email": "ids@example.com", "password": password})
				other.expect(200, "*")
				c.do("POST", "/revoke-other-sessions", nil)
				c.expect(200, `{"status":true}`)
				other.do("GET", "/get-session", nil)
				other.expect(200, "null")
				c.do("POST", "/change-password", map[string]any{"newPassword": "new password 1", "currentPassword": password, "revokeOtherSessions": true})
				c.expect(200, "*")
				c.do("POST", "/update-user", map[string]any{"name": "Renamed"})
				c.expect(200, `{"status":true}`)
				c.do("POST", "/revoke-session", map[string]any{"token": c.sessionToken()})
				c.expect(200, `{"status":true}`)
				if n := count(t, db, d, "session", ""); n != 0 {
					t.Fatalf("sessions left: %d", n)
				}
				// A serial id that is not a number matches nothing.
				c.do("GET", "/get-session", nil)
				c.expect(200, "null")
			})
		})
	}
}

// TestPostgresSchema keeps the tables in a PostgreSQL schema other than
// the search_path's (Database.Schema): every query is qualified.
func TestPostgresSchema(t *testing.T) {
	db := openDB(t, core.DialectPostgres)
	db.SetMaxOpenConns(1) // the SET below is per connection
	if _, err := db.Exec(`CREATE SCHEMA auth; SET search_path TO auth`); err != nil {
		t.Fatal(err)
	}
	a := core.New(enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectPostgres, DB: db, Schema: "auth"}}))
	createTables(t, db, core.DialectPostgres, a)
	if _, err := db.Exec(`SET search_path TO public`); err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	c := startServer(t, a)
	c.signUp("schema@example.com", password)
	c.do("GET", "/get-session", nil)
	if !strings.Contains(string(c.raw), "schema@example.com") {
		t.Fatalf("get-session: %s", c.raw)
	}
	if n := count(t, db, core.DialectPostgres, "auth\".\"user", ""); n != 1 {
		t.Fatalf("users in schema auth: %d", n)
	}
}
