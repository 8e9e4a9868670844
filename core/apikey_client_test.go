package core_test

import (
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestAPIKeyWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with apiKeyClient() from @better-auth/api-key/client
// (testdata/apikey-client.mjs, run with node) against the Go handler:
// create, list, get, update, a session from x-api-key, a refused
// server-only property, delete, and the deleted key refused.
func TestAPIKeyWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "apikey-client.mjs", enabled(core.Options{
		Plugins: []core.Plugin{plugins.APIKey(plugins.APIKeyOptions{EnableSessionForAPIKeys: true, EnableMetadata: true})}}), nil)
	var got struct {
		User         map[string]any
		RequestCount float64
		Listed       float64
	}
	h.runJSON(&got, "key.client@example.com")
	if got.User["email"] != "key.client@example.com" || got.User["name"] != "Key Client" || got.Listed != 1 {
		t.Fatalf("summary: %+v", got)
	}

	// The script can fail: a key the server never issued is no session.
	if out, err := h.run("bogus.key@example.com", "bogus-key"); err == nil || out != "FAIL: getSession with the key: 401 INVALID_API_KEY" {
		t.Fatalf("apikey-client.mjs with a bogus key: %v\n%s", err, out)
	}
}
