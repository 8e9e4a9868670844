package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestOneTimeTokenWithOfficialClient: Better Auth 1.7.5's client with
// oneTimeTokenClient() (testdata/onetimetoken-client.mjs) generates a
// token on one browser and signs a second browser in with it, once.
func TestOneTimeTokenWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "onetimetoken-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.OneTimeToken()}}), nil)
	if u := h.user("ott.client@example.com"); u["email"] != "ott.client@example.com" || u["name"] != "OTT Client" {
		t.Fatalf("session user: %v", u)
	}
	// The script can fail: with client requests disabled, generate is
	// refused.
	h = startClientHarness(t, "onetimetoken-client.mjs", enabled(core.Options{Plugins: []core.Plugin{
		plugins.OneTimeToken(plugins.OneTimeTokenOptions{DisableClientRequest: true})}}), nil)
	if out, err := h.run("ott.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: oneTimeToken.generate:") {
		t.Fatalf("with DisableClientRequest: %v %s", err, out)
	}
}
