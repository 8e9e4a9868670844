package core

import (
	"context"
	"testing"
)

// SetSendVerificationEmail opens a and sets EmailVerification.
// SendVerificationEmail on its runtime. That option belongs to the email
// family (unservedEmail refuses it until GET /verify-email is served);
// change-email's branches that send through it are tested with this.
func SetSendVerificationEmail(t *testing.T, a *Auth, f SendEmailFunc) {
	t.Helper()
	rt, err := a.runtime(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rt.opts.EmailVerification.SendVerificationEmail = f
}
