package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestTwoFactorWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with twoFactorClient() (testdata/twoFactor-client.mjs) enables TOTP
// through the Go handler with its password, verifies a code of the
// totpURI's secret, and after signing out is sent to the second factor by
// signIn.email (twoFactorRedirect), which a TOTP code completes.
func TestTwoFactorWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "twoFactor-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.TwoFactor()}}), nil)
	var got struct {
		User        map[string]any
		Redirects   int
		BackupCodes int
	}
	h.runJSON(&got, "two.factor.client@example.com")
	if got.User["twoFactorEnabled"] != true || got.User["name"] != "Two Factor Client" || got.Redirects != 1 || got.BackupCodes != 10 {
		t.Fatalf("got %+v", got)
	}
	if n := count(t, h.db.db, core.DialectSQLite, "twoFactor", "userId = ?", got.User["id"]); n != 1 {
		t.Fatalf("%d twoFactor rows for the user", n)
	}
	// The script can fail: a sign-up with an email in use fails it.
	if out, err := h.run("two.factor.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: signUp.email") {
		t.Fatalf("twoFactor-client.mjs with a taken email: %v\n%s", err, out)
	}
}
