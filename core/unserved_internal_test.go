package core

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestUnservedOptionsRefuseToStart: every option the handler does not
// serve yet makes Open fail, naming it, whatever else is configured.
func TestUnservedOptionsRefuseToStart(t *testing.T) {
	send := func(context.Context, Email) error { return nil }
	hook := func(context.Context, User, *http.Request) error { return nil }
	o := Options{
		Secret:   "a-test-secret-that-is-long-enough-0123456789",
		Database: SQLite(":memory:"),
		EmailAndPassword: EmailAndPassword{
			Enabled: true, SendResetPassword: send, ResetPasswordTokenExpiresIn: time.Hour,
			OnPasswordReset: hook, RevokeSessionsOnPasswordReset: true,
			Password:             PasswordFuncs{Hash: func(string) (string, error) { return "", nil }},
			OnExistingUserSignUp: hook,
		},
		EmailVerification: EmailVerification{
			SendVerificationEmail: send, SendOnSignUp: Bool(true), SendOnSignIn: true,
			AutoSignInAfterVerification: true, ExpiresIn: time.Hour,
			BeforeEmailVerification: hook, AfterEmailVerification: hook,
		},
		User: UserOptions{
			ChangeEmail: ChangeEmail{Enabled: true, SendChangeEmailConfirmation: send, UpdateEmailWithoutVerification: true},
			DeleteUser: DeleteUser{Enabled: true, SendDeleteAccountVerification: send, BeforeDelete: hook,
				AfterDelete: hook, DeleteTokenExpiresIn: time.Hour},
		},
		Account: AccountOptions{
			UpdateAccountOnSignIn: Bool(false), EncryptOAuthTokens: true, StoreStateStrategy: "cookie",
			SkipStateCookieCheck: true,
			AccountLinking: AccountLinking{Disabled: true, DisableImplicitLinking: true, TrustedProviders: []string{"x"},
				AllowDifferentEmails: true, AllowUnlinkingAll: true, UpdateUserInfoOnLink: true},
		},
		Session: SessionOptions{CookieCache: CookieCache{Enabled: true}},
	}
	names := unservedOptions(o)
	if len(names) == 0 {
		t.Skip("every option is served")
	}
	err := New(o).Open(context.Background())
	if err == nil {
		t.Fatalf("Open accepted unserved options %v", names)
	}
	for _, n := range names {
		if !strings.Contains(err.Error(), n) {
			t.Errorf("Open's error does not name %s: %v", n, err)
		}
	}
	// Each one alone is refused too.
	for _, n := range names {
		one := Options{Secret: o.Secret, Database: o.Database}
		if !setOnly(&one, o, n) {
			continue
		}
		if err := New(one).Open(context.Background()); err == nil || !strings.Contains(err.Error(), n) {
			t.Errorf("%s alone: Open gave %v", n, err)
		}
	}
}

// setOnly copies the option named n (by its top-level group) from all to
// o; it reports false for names it does not know.
func setOnly(o *Options, all Options, n string) bool {
	switch {
	case strings.HasPrefix(n, "EmailAndPassword."):
		o.EmailAndPassword = all.EmailAndPassword
	case strings.HasPrefix(n, "EmailVerification."):
		o.EmailVerification = all.EmailVerification
	case strings.HasPrefix(n, "User."):
		o.User = all.User
	case strings.HasPrefix(n, "Account."):
		o.Account = all.Account
	case strings.HasPrefix(n, "Session."):
		o.Session = all.Session
	default:
		return false
	}
	return true
}
