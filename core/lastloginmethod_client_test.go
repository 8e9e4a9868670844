package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestLastLoginMethodWithOfficialClient: Better Auth 1.7.5's client with
// lastLoginMethodClient() (testdata/lastloginmethod-client.mjs) reads the
// method from the cookie the Go handler sets, with storeInDatabase
// showing it on the session's user.
func TestLastLoginMethodWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "lastloginmethod-client.mjs", enabled(core.Options{Plugins: []core.Plugin{
		plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true})}}), nil)
	if u := h.user("last.client@example.com"); u["lastLoginMethod"] != "email" {
		t.Fatalf("session user: %v", u)
	}
	// The script can fail: under another cookie name the client (which
	// reads the default name) finds nothing.
	h = startClientHarness(t, "lastloginmethod-client.mjs", enabled(core.Options{Plugins: []core.Plugin{
		plugins.LastLoginMethod(plugins.LastLoginMethodOptions{CookieName: "other"})}}), nil)
	if out, err := h.run("last.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: after signUp.email: null") {
		t.Fatalf("with another cookie name: %v %s", err, out)
	}
}

// TestLastLoginMethodOptionErrors: a negative MaxAge stops Open, naming
// it.
func TestLastLoginMethodOptionErrors(t *testing.T) {
	a := core.New(core.Options{Secret: testSecret, Database: core.SQLite(t.TempDir() + "/a.db"),
		Plugins: []core.Plugin{plugins.LastLoginMethod(plugins.LastLoginMethodOptions{MaxAge: -1})}})
	defer a.Close()
	if err := a.Open(context.Background()); err == nil || !strings.Contains(err.Error(), "plugin last-login-method: LastLoginMethodOptions.MaxAge -1") {
		t.Fatalf("Open = %v", err)
	}
}
