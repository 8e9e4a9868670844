package core_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Differential tests of the emailOTP plugin against Better Auth 1.7.5's
// emailOTP() (PLUGINS={"emailOTP":{…}}, built by
// testdata/npm-wire/plugins/emailOTP.mjs, whose sendVerificationOTP keeps
// {kind: "email-otp-<type>", to, token: otp} in the outbox): {token} in a
// step is the last code its server sent. Answers, codes sent (kind,
// address, length) and rows must agree; then codes issued by one server
// are used on the other, on one database.

// emailOTP is a SendVerificationOTP keeping the code in box.
func (b *signInBox) emailOTP(_ *core.Context, m plugins.EmailOTPMessage) error {
	b.add(signInMail{Kind: "email-otp-" + m.Type, To: m.Email, Token: m.OTP, Metadata: []byte("null")})
	return nil
}

var normOTP = regexp.MustCompile(`^[0-9]+$`)

// normalizeOTP is one server's answer and codes, a code shown by its
// length.
func normalizeOTP(c *client, mails []signInMail) string {
	var b strings.Builder
	b.WriteString(normalize(c))
	for _, m := range mails {
		code := m.Token
		if normOTP.MatchString(code) {
			code = fmt.Sprintf("<%d digits>", len(code))
		}
		fmt.Fprintf(&b, "\nmail %s to=%s otp=%s", m.Kind, m.To, code)
	}
	return b.String()
}

// emailOTPRows lists users, credential accounts, sessions per user and the
// verification rows: identifier, stored value's length and attempts.
func emailOTPRows(t *testing.T, w wireDB) string {
	return dumpRows(t, w,
		`SELECT email, name, "emailVerified", image FROM "user" ORDER BY email`,
		`SELECT u.email, a."providerId", a."accountId" = u.id, a.password IS NOT NULL FROM account a JOIN "user" u ON u.id = a."userId" ORDER BY u.email`,
		`SELECT u.email, count(*) FROM session s JOIN "user" u ON u.id = s."userId" GROUP BY u.email ORDER BY u.email`,
		`SELECT v.identifier, length(v.value), substr(v.value, instr(v.value, ':') + 1) FROM verification v ORDER BY 1, 2, 3`)
}

func emailOTPTSEnv(options string, more ...string) []string {
	return append([]string{`PLUGINS={"emailOTP":` + options + `}`}, more...)
}

func newOTPPair(t *testing.T, dialect string, eo plugins.EmailOTPOptions, o core.Options, tsOptions string, env ...string) *signInPair {
	box := &signInBox{}
	eo.SendVerificationOTP = box.emailOTP
	o.EmailAndPassword.Enabled = true
	o.Plugins = []core.Plugin{plugins.EmailOTP(eo)}
	p := newSignInPair(t, dialect, o, box, normalizeOTP, emailOTPTSEnv(tsOptions, env...)...)
	p.rows = emailOTPRows
	return p
}

func TestDifferentialEmailOTP(t *testing.T) {
	send := func(email, typ string) map[string]any { return map[string]any{"email": email, "type": typ} }
	pw := func(email, otp, password string) map[string]any {
		return map[string]any{"email": email, "otp": otp, "password": password}
	}
	steps := []diffStep{
		{"POST", "/email-otp/send-verification-otp", map[string]any{}, nil},
		{"POST", "/email-otp/send-verification-otp", map[string]any{"email": 1, "type": "nope"}, nil},
		{"POST", "/email-otp/send-verification-otp", send("bad", "sign-in"), nil},
		{"POST", "/email-otp/send-verification-otp", send("a@example.com", "change-email"), nil},
		{"POST", "/email-otp/send-verification-otp", send("x@example.com", "sign-in"), []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate"}},
		// Sign-up by code.
		{"POST", "/email-otp/send-verification-otp", send("New@Example.com", "sign-in"), nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "new@example.com", "otp": "nope12"}, nil},
		{"POST", "/email-otp/check-verification-otp", map[string]any{"email": "new@example.com", "type": "sign-in", "otp": "nope12"}, nil},
		{"POST", "/email-otp/check-verification-otp", map[string]any{"email": "new@example.com", "type": "sign-in", "otp": "{token}"}, nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "NEW@example.com", "otp": "{token}", "name": "New", "image": "https://example.com/i.png"}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "new@example.com", "otp": "{token}"}, nil},
		{"POST", "/sign-in/email-otp", `[]`, nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "new@example.com"}, nil},
		// Email verification codes.
		{"POST", "/email-otp/send-verification-otp", send("nobody@example.com", "email-verification"), nil},
		{"POST", "/email-otp/send-verification-otp", send("new@example.com", "email-verification"), nil},
		{"POST", "/email-otp/verify-email", map[string]any{"email": "new@example.com", "otp": "wrong"}, nil},
		{"POST", "/email-otp/verify-email", map[string]any{"email": "new@example", "otp": "wrong"}, nil},
		{"POST", "/email-otp/verify-email", map[string]any{"email": "new@example.com", "otp": "{token}"}, nil},
		{"POST", "/email-otp/verify-email", map[string]any{"email": "new@example.com", "otp": "{token}"}, nil},
		// Password reset by code; an unverified user becomes verified.
		{"POST", "/sign-up/email", map[string]any{"name": "P", "email": "pw@example.com", "password": password}, nil},
		{"POST", "/sign-out", map[string]any{}, nil},
		{"POST", "/email-otp/request-password-reset", map[string]any{"email": "PW@example.com"}, nil},
		{"POST", "/email-otp/reset-password", pw("pw@example.com", "{token}", "short"), nil},
		{"POST", "/email-otp/reset-password", pw("pw@example.com", "{token}", "a brand new password"), nil},
		{"POST", "/sign-in/email", map[string]any{"email": "pw@example.com", "password": "a brand new password"}, nil},
		{"POST", "/forget-password/email-otp", map[string]any{"email": "nobody@example.com"}, nil},
		{"POST", "/forget-password/email-otp", map[string]any{"email": "pw@example.com"}, nil},
		{"POST", "/email-otp/reset-password", pw("pw@example.com", "bad1", "another password 1"), nil},
		{"POST", "/email-otp/reset-password", pw("pw@example.com", "bad2", "another password 1"), nil},
		{"POST", "/email-otp/reset-password", pw("pw@example.com", "bad3", "another password 1"), nil},
		{"POST", "/email-otp/reset-password", pw("pw@example.com", "{token}", "another password 1"), nil},
		{"POST", "/email-otp/reset-password", pw("pw@example.com", "{token}", "another password 1"), nil},
		// Email change is off by default.
		{"POST", "/email-otp/request-email-change", map[string]any{"newEmail": "moved@example.com"}, nil},
		{"POST", "/email-otp/change-email", map[string]any{"newEmail": "moved@example.com", "otp": "1"}, nil},
		// An unverified user with a password signs in by code: its
		// password account and older sessions are revoked.
		{"POST", "/sign-up/email", map[string]any{"name": "U", "email": "unv@example.com", "password": password}, []string{"Cookie", ""}},
		{"POST", "/email-otp/send-verification-otp", send("unv@example.com", "sign-in"), nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "unv@example.com", "otp": "{token}"}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": "unv@example.com", "password": password}, nil},
		{"GET", "/get-session", nil, nil},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		newOTPPair(t, dialect, plugins.EmailOTPOptions{}, core.Options{}, `{}`).run(steps)
	})
}

// TestDifferentialEmailOTPChangeEmail: changeEmail with
// verifyCurrentEmail, sendVerificationOnSignUp, and autoSignIn after
// verification.
func TestDifferentialEmailOTPChangeEmail(t *testing.T) {
	change := func(newEmail, otp string) map[string]any {
		m := map[string]any{"newEmail": newEmail}
		if otp != "" {
			m["otp"] = otp
		}
		return m
	}
	steps := []diffStep{
		{"POST", "/email-otp/request-email-change", change("moved@example.com", ""), nil},
		{"POST", "/sign-up/email", map[string]any{"name": "T", "email": "taken@example.com", "password": password}, nil},
		{"POST", "/sign-up/email", map[string]any{"name": "C", "email": "c@example.com", "password": password}, []string{"Cookie", ""}},
		{"POST", "/email-otp/request-email-change", map[string]any{}, nil},
		{"POST", "/email-otp/request-email-change", change("C@example.com", ""), nil},
		{"POST", "/email-otp/request-email-change", change("bad", ""), nil},
		{"POST", "/email-otp/request-email-change", change("moved@example.com", ""), nil},
		{"POST", "/email-otp/request-email-change", change("moved@example.com", "wrong1"), nil},
		{"POST", "/email-otp/send-verification-otp", map[string]any{"email": "c@example.com", "type": "email-verification"}, nil},
		{"POST", "/email-otp/request-email-change", change("taken@example.com", "{token}"), nil},
		{"POST", "/email-otp/send-verification-otp", map[string]any{"email": "c@example.com", "type": "email-verification"}, nil},
		{"POST", "/email-otp/request-email-change", change("Moved@Example.com", "{token}"), nil},
		{"POST", "/email-otp/change-email", change("moved@example.com", "wrong"), nil},
		{"POST", "/email-otp/change-email", change("moved@example.com", "{token}"), nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/email-otp/change-email", change("moved@example.com", "{token}"), nil},
		// verify-email with autoSignInAfterVerification: a session.
		{"POST", "/sign-out", map[string]any{}, nil},
		{"POST", "/email-otp/send-verification-otp", map[string]any{"email": "taken@example.com", "type": "email-verification"}, nil},
		{"POST", "/email-otp/verify-email", map[string]any{"email": "taken@example.com", "otp": "{token}"}, nil},
		{"GET", "/get-session", nil, nil},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		eo := plugins.EmailOTPOptions{ChangeEmail: plugins.EmailOTPChangeEmail{Enabled: true, VerifyCurrentEmail: true}, SendVerificationOnSignUp: true}
		o := core.Options{EmailVerification: core.EmailVerification{AutoSignInAfterVerification: true}}
		newOTPPair(t, dialect, eo, o, `{"changeEmail":{"enabled":true,"verifyCurrentEmail":true},"sendVerificationOnSignUp":true}`,
			`OPTIONS={"emailVerification":{"autoSignInAfterVerification":true}}`).run(steps)
	})
}

// TestDifferentialEmailOTPOptions: disableSignUp, storeOTP "hashed",
// otpLength, expiresIn, allowedAttempts, and the rate limit rule.
func TestDifferentialEmailOTPOptions(t *testing.T) {
	send := func(email, typ string) map[string]any { return map[string]any{"email": email, "type": typ} }
	steps := []diffStep{
		{"POST", "/sign-up/email", map[string]any{"name": "K", "email": "known@example.com", "password": password}, nil},
		{"POST", "/sign-out", map[string]any{}, nil},
		{"POST", "/email-otp/send-verification-otp", send("stranger@example.com", "sign-in"), nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "stranger@example.com", "otp": "12345678"}, nil},
		{"POST", "/email-otp/send-verification-otp", send("known@example.com", "sign-in"), nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "known@example.com", "otp": "x"}, nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "known@example.com", "otp": "y"}, nil},
		{"POST", "/sign-in/email-otp", map[string]any{"email": "known@example.com", "otp": "{token}"}, nil},
		// The rule (4 a minute, per path) refuses the fifth sign-in.
		{"POST", "/sign-in/email-otp", map[string]any{"email": "known@example.com", "otp": "{token}"}, nil},
		{"POST", "/email-otp/send-verification-otp", send("known@example.com", "sign-in"), nil},
		{"POST", "/email-otp/check-verification-otp", map[string]any{"email": "known@example.com", "type": "sign-in", "otp": "{token}"}, nil},
		{"POST", "/email-otp/check-verification-otp", map[string]any{"email": "known@example.com", "type": "sign-in", "otp": "{token}"}, nil},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		eo := plugins.EmailOTPOptions{DisableSignUp: true, StoreOTP: "hashed", OTPLength: 8, ExpiresIn: 120, AllowedAttempts: 2,
			RateLimit: plugins.PluginRateLimitOptions{Max: 4}}
		o := core.Options{RateLimit: core.RateLimitOptions{Enabled: core.Bool(true)}}
		newOTPPair(t, dialect, eo, o, `{"disableSignUp":true,"storeOTP":"hashed","otpLength":8,"expiresIn":120,"allowedAttempts":2,"rateLimit":{"max":4}}`,
			`RATE_LIMIT={"enabled":true}`).run(steps, verificationLifetimes)
	})
}
