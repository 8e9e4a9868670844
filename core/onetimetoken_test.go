package core_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestOneTimeTokenGoFunctions: GenerateToken and HashToken (Better Auth's
// generateToken and storeToken {type: "custom-hasher"}), which the
// TypeScript server can only take as code.
func TestOneTimeTokenGoFunctions(t *testing.T) {
	path := wireSQLite(t, core.Options{}, "ott")
	o := enabled(core.Options{Secret: testSecret, Database: core.SQLite(path), Plugins: []core.Plugin{
		plugins.OneTimeToken(plugins.OneTimeTokenOptions{
			GenerateToken: func(x *core.Context, s *core.SessionData) (string, error) {
				return "tok-for-" + s.User.Email, nil
			},
			HashToken: func(token string) (string, error) { return "h(" + token + ")", nil },
		})}})
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	c := startServer(t, a)
	c.signUp("fn@example.com", password)
	c.do("GET", "/one-time-token/generate", nil)
	c.expect(200, `{"token":"tok-for-fn@example.com"}`)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var id string
	if err := db.QueryRow(`SELECT identifier FROM verification`).Scan(&id); err != nil || id != "one-time-token:h(tok-for-fn@example.com)" {
		t.Fatalf("identifier %q, %v", id, err)
	}
	x := c.clone()
	x.do("POST", "/one-time-token/verify", map[string]any{"token": "tok-for-fn@example.com"})
	x.expect(200, "*")
	x.do("POST", "/one-time-token/verify", map[string]any{"token": "tok-for-fn@example.com"})
	x.expectError(400, "", "Invalid token")
}

// TestOneTimeTokenOptionErrors: options Go cannot honour stop Open,
// naming them.
func TestOneTimeTokenOptionErrors(t *testing.T) {
	for _, c := range []struct {
		o    plugins.OneTimeTokenOptions
		want string
	}{
		{plugins.OneTimeTokenOptions{StoreToken: "encrypted"}, `OneTimeTokenOptions.StoreToken "encrypted"`},
		{plugins.OneTimeTokenOptions{StoreToken: "hashed", HashToken: func(s string) (string, error) { return s, nil }}, "HashToken"},
		{plugins.OneTimeTokenOptions{ExpiresIn: -1}, "OneTimeTokenOptions.ExpiresIn -1"},
	} {
		a := core.New(core.Options{Secret: testSecret, Database: core.SQLite(filepath.Join(t.TempDir(), "a.db")), Plugins: []core.Plugin{plugins.OneTimeToken(c.o)}})
		err := a.Open(context.Background())
		if err == nil || !strings.Contains(err.Error(), "plugin one-time-token: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: Open = %v, want %q", c.o, err, c.want)
		}
		a.Close()
	}
}
