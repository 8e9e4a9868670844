package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestUsernameWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with usernameClient() (testdata/username-client.mjs) checks a username
// is free, signs up with it through the Go handler, finds it taken, and
// signs in by username (a wrong password refused).
func TestUsernameWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "username-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.Username()}}), nil)
	u := h.user("username.client@example.com", "Client_User")
	if u["username"] != "client_user" || u["displayUsername"] != "Client_User" || u["name"] != "Username Client" {
		t.Fatalf("session user: %v", u)
	}
	if n := count(t, h.db.db, core.DialectSQLite, "user", "username = ?", "client_user"); n != 1 {
		t.Fatalf("%d users named client_user", n)
	}
	// The script can fail: a taken username is not available.
	if out, err := h.run("other.client@example.com", "client_user"); err == nil || !strings.HasPrefix(out, "FAIL: isUsernameAvailable before sign-up") {
		t.Fatalf("username-client.mjs with a taken username: %v\n%s", err, out)
	}
}
