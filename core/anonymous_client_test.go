package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestAnonymousWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with anonymousClient() (testdata/anonymous-client.mjs) signs in
// anonymously through the Go handler, is refused a second anonymous
// sign-in, deletes the anonymous user, and links a new one by signing up.
func TestAnonymousWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "anonymous-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.Anonymous()}}), nil)
	var got struct {
		AnonymousID string
		User        map[string]any
	}
	h.runJSON(&got, "linked.client@example.com")
	if got.User["name"] != "Linked Client" || got.AnonymousID == "" {
		t.Fatalf("session user: %v", got.User)
	}
	// Both anonymous users are gone: one deleted, one linked.
	if n := anonymousUsers(t, h.db); n != 0 {
		t.Fatalf("%d anonymous users left", n)
	}
	if n := count(t, h.db.db, core.DialectSQLite, "user", "id = ?", got.AnonymousID); n != 0 {
		t.Fatal("the linked anonymous user is still there")
	}
	// The script can fail: a sign-up with an email in use fails it.
	if out, err := h.run("linked.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: signUp.email") {
		t.Fatalf("anonymous-client.mjs with a taken email: %v\n%s", err, out)
	}
}
