package core_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestEmailOTPOptionsRefused: options the runtime cannot honour make Open
// fail, naming them; OverrideDefaultEmailVerification is accepted where
// it has no effect (EmailVerification.SendVerificationEmail set).
func TestEmailOTPOptionsRefused(t *testing.T) {
	send := func(*core.Context, plugins.EmailOTPMessage) error { return nil }
	fn := func(s string) (string, error) { return s, nil }
	mail := func(context.Context, core.Email) error { return nil }
	for _, c := range []struct {
		o    plugins.EmailOTPOptions
		ev   core.SendEmailFunc
		want string
	}{
		{plugins.EmailOTPOptions{}, nil, "EmailOTPOptions.SendVerificationOTP is required"},
		{plugins.EmailOTPOptions{SendVerificationOTP: send, StoreOTP: "rot13"}, nil, `EmailOTPOptions.StoreOTP "rot13"`},
		{plugins.EmailOTPOptions{SendVerificationOTP: send, StoreOTP: "hashed", HashOTP: fn}, nil, "are one choice"},
		{plugins.EmailOTPOptions{SendVerificationOTP: send, EncryptOTP: fn}, nil, "EncryptOTP and DecryptOTP go together"},
		{plugins.EmailOTPOptions{SendVerificationOTP: send, ResendStrategy: "again"}, nil, `EmailOTPOptions.ResendStrategy "again"`},
		{plugins.EmailOTPOptions{SendVerificationOTP: send, OverrideDefaultEmailVerification: true}, nil,
			"EmailOTPOptions.OverrideDefaultEmailVerification is not supported"},
		{plugins.EmailOTPOptions{SendVerificationOTP: send, AllowedAttempts: -1}, nil, "cannot be negative"},
		{plugins.EmailOTPOptions{SendVerificationOTP: send, OverrideDefaultEmailVerification: true}, mail, ""},
	} {
		a := core.New(core.Options{Secret: testSecret, Database: core.SQLite(filepath.Join(t.TempDir(), "a.db")),
			EmailVerification: core.EmailVerification{SendVerificationEmail: c.ev}, Plugins: []core.Plugin{plugins.EmailOTP(c.o)}})
		err := a.Open(context.Background())
		if c.want == "" && err != nil && strings.Contains(err.Error(), "plugin email-otp") ||
			c.want != "" && (err == nil || !strings.Contains(err.Error(), "plugin email-otp: ") || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: Open = %v, want %q", c.o, err, c.want)
		}
		a.Close()
	}
}

// TestEmailOTPCallbacks: GenerateOTP makes the codes, EncryptOTP and
// DecryptOTP store them (and "reuse" reads them back), and an error of
// SendVerificationOTP is logged, not answered.
func TestEmailOTPCallbacks(t *testing.T) {
	box := &signInBox{}
	var sendErr error
	o := enabled(core.Options{Plugins: []core.Plugin{plugins.EmailOTP(plugins.EmailOTPOptions{
		SendVerificationOTP: func(x *core.Context, m plugins.EmailOTPMessage) error {
			if sendErr != nil {
				return sendErr
			}
			return box.emailOTP(x, m)
		},
		GenerateOTP:    func(_ *core.Context, email, typ string) string { return typ[:4] + "-" + email[:1] },
		EncryptOTP:     func(s string) (string, error) { return "enc(" + s + ")", nil },
		DecryptOTP:     func(s string) (string, error) { return strings.TrimSuffix(strings.TrimPrefix(s, "enc("), ")"), nil },
		ResendStrategy: "reuse",
	})}})
	a, db := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	for i := 0; i < 2; i++ {
		c.do("POST", "/email-otp/send-verification-otp", map[string]any{"email": "g@example.com", "type": "sign-in"})
		c.expect(200, `{"success":true}`)
	}
	m := box.drain()
	if len(m) != 2 || m[0].Token != "sign-g" || m[1].Token != "sign-g" {
		t.Fatalf("codes sent: %+v", m)
	}
	if n := count(t, db, core.DialectSQLite, "verification", "identifier = ? AND value = ?", "sign-in-otp-g@example.com", "enc(sign-g):0"); n != 1 {
		t.Fatalf("%d rows stored as EncryptOTP says", n)
	}
	res := obj(c.do("POST", "/sign-in/email-otp", map[string]any{"email": "g@example.com", "otp": "sign-g"}))
	if c.status != 200 || obj(res["user"])["email"] != "g@example.com" {
		t.Fatalf("sign-in: %d %s", c.status, c.raw)
	}
	sendErr = errors.New("mail is down")
	c.do("POST", "/email-otp/send-verification-otp", map[string]any{"email": "g@example.com", "type": "sign-in"})
	c.expect(200, `{"success":true}`)
}
