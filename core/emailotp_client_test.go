package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestEmailOTPWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with emailOTPClient() (testdata/emailOTP-client.mjs) signs up by code,
// resets the password by code and changes the email by code against the
// Go handler, reading the codes from the test's outbox.
func TestEmailOTPWithOfficialClient(t *testing.T) {
	box := &signInBox{}
	h := startClientHarness(t, "emailOTP-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.EmailOTP(plugins.EmailOTPOptions{
		SendVerificationOTP: box.emailOTP, ChangeEmail: plugins.EmailOTPChangeEmail{Enabled: true}})}}), func() any { return box.drain() })
	if u := h.user("otp.client@example.com"); u["name"] != "OTP Client" || u["email"] != "moved.otp.client@example.com" {
		t.Fatalf("session user: %v", u)
	}
	// The script can fail: the moved address is taken now, so no code is
	// sent for it.
	if out, err := h.run("otp.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: outbox: []") {
		t.Fatalf("emailOTP-client.mjs again: %v\n%s", err, out)
	}
}
