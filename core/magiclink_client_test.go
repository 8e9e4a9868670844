package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestMagicLinkWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with magicLinkClient() (testdata/magicLink-client.mjs) signs up by a
// link opened as a browser opens it, signs in again with
// magicLink.verify, and sees a used token refused, against the Go
// handler.
func TestMagicLinkWithOfficialClient(t *testing.T) {
	box := &signInBox{}
	h := startClientHarness(t, "magicLink-client.mjs", core.Options{Plugins: []core.Plugin{plugins.MagicLink(plugins.MagicLinkOptions{SendMagicLink: box.magicLink})}},
		func() any { return box.drain() })
	if u := h.user("magic.client@example.com"); u["name"] != "Magic Client" || u["emailVerified"] != true {
		t.Fatalf("session user: %v", u)
	}
	// The script can fail: the user exists now, so the first link goes
	// to callbackURL, not newUserCallbackURL.
	if out, err := h.run("magic.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: link answered 302 "+h.origin+"/home") {
		t.Fatalf("magicLink-client.mjs for a known user: %v\n%s", err, out)
	}
}
