package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestMultiSessionWithOfficialClient: Better Auth 1.7.5's client with
// multiSessionClient() (testdata/multisession-client.mjs) holds two
// accounts in one browser, switches, revokes one and signs out.
func TestMultiSessionWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "multisession-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.MultiSession()}}), nil)
	if u := h.user("one@example.com", "two@example.com"); u["email"] != "one@example.com" {
		t.Fatalf("session user: %v", u)
	}
	// The script can fail: with MaximumSessions 1 the second account is
	// not remembered.
	h = startClientHarness(t, "multisession-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.MultiSession(plugins.MultiSessionOptions{MaximumSessions: 1})}}), nil)
	if out, err := h.run("one@example.com", "two@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: listDeviceSessions:") {
		t.Fatalf("with MaximumSessions 1: %v %s", err, out)
	}
}

// TestMultiSessionOptionErrors: a negative MaximumSessions stops Open,
// naming it.
func TestMultiSessionOptionErrors(t *testing.T) {
	a := core.New(core.Options{Secret: testSecret, Database: core.SQLite(t.TempDir() + "/a.db"),
		Plugins: []core.Plugin{plugins.MultiSession(plugins.MultiSessionOptions{MaximumSessions: -1})}})
	defer a.Close()
	if err := a.Open(context.Background()); err == nil || !strings.Contains(err.Error(), "plugin multi-session: MultiSessionOptions.MaximumSessions -1") {
		t.Fatalf("Open = %v", err)
	}
}
