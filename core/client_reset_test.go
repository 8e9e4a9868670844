package core_test

import (
	"testing"

	"github.com/authctl/authctl/core"
)

// TestResetPasswordWithOfficialClient: Better Auth 1.7.5's
// better-auth/client (testdata/reset-client.mjs, run with node) resets a
// password through the Go handler: signUp.email, requestPasswordReset,
// the emailed link (kept by a capturing SendResetPassword and handed to
// the script at /__test/outbox, outside the auth routes), resetPassword,
// then signIn.email (the old password refused, the new one accepted) and
// getSession.
func TestResetPasswordWithOfficialClient(t *testing.T) {
	box := &outbox{}
	h := startClientHarness(t, "reset-client.mjs", core.Options{
		EmailAndPassword: core.EmailAndPassword{Enabled: true, SendResetPassword: box.send("reset-password")}},
		func() any { return box.take() })
	if u := h.user("reset.client@example.com"); u["email"] != "reset.client@example.com" || u["name"] != "Reset Client" {
		t.Fatalf("session user: %v", u)
	}

	// The script can fail: a token the server never issued is refused.
	if out, err := h.run("wrong.token@example.com", "wrong-token"); err == nil || out != "FAIL: resetPassword: 400 INVALID_TOKEN" {
		t.Fatalf("reset-client.mjs with a wrong token: %v\n%s", err, out)
	}
}
