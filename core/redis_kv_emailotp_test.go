package core_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestKVSessionsEmailOTP: emailOTP with sessions (and its codes) in
// Redis alone. A sign-in code sent by one server signs in on the other,
// whose Redis session the first reads, and (the user being unverified)
// ends the session the user had made on the first; a password-reset code sent by one
// server resets the password on the other, which (with
// revokeSessionsOnPasswordReset) ends the sessions made on both servers
// and drops them from Redis.
func TestKVSessionsEmailOTP(t *testing.T) {
	var mu sync.Mutex
	codes := map[string]string{} // type|email → the Go side's last code
	send := func(_ *core.Context, m plugins.EmailOTPMessage) error {
		mu.Lock()
		defer mu.Unlock()
		codes[m.Type+"|"+m.Email] = m.OTP
		return nil
	}
	k := newKVDuo(t, kvDialect(), core.Options{
		EmailAndPassword: core.EmailAndPassword{RevokeSessionsOnPasswordReset: true},
		Plugins:          []core.Plugin{plugins.EmailOTP(plugins.EmailOTPOptions{SendVerificationOTP: send})},
	}, `PLUGINS={"emailOTP":{}}`, `OPTIONS={"session":{"storeSessionInDatabase":false},"emailAndPassword":{"revokeSessionsOnPasswordReset":true}}`)
	code := func(srv *client, typ, email string) string {
		t.Helper()
		if serverName(srv, k) == "Go" {
			mu.Lock()
			defer mu.Unlock()
			return codes[typ+"|"+email]
		}
		for _, m := range tsOutbox(t, srv) {
			if m.Kind == "email-otp-"+typ && m.To == email {
				return m.Token
			}
		}
		return ""
	}
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		email := fmt.Sprintf("otp%d@example.com", i)
		a := srv.clone()
		id, _ := signUpOn(a, email)

		// A sign-in code from srv, used on other.
		r := srv.clone()
		r.do("POST", "/email-otp/send-verification-otp", map[string]any{"email": email, "type": "sign-in"})
		r.expect(200, `{"success":true}`)
		b := other.clone()
		b.do("POST", "/sign-in/email-otp", map[string]any{"email": email, "otp": code(srv, "sign-in", email)})
		b.expect(200, "*")
		if k.stored(b.sessionToken()) == nil {
			t.Fatalf("%s sign-in/email-otp: no session in Redis", serverName(other, k))
		}
		k.signedIn(b, email)
		// The user was unverified: the code proves the address, and 1.7.5
		// revokes what the user had before (a's session, made on srv).
		k.signedIn(a, "")
		if k.stored(a.sessionToken()) != nil {
			t.Fatalf("%s sign-in/email-otp left the unproven session in Redis", serverName(other, k))
		}

		// A reset code from other, used on srv: both sessions end.
		r = other.clone()
		r.do("POST", "/email-otp/send-verification-otp", map[string]any{"email": email, "type": "forget-password"})
		r.expect(200, `{"success":true}`)
		u := srv.clone()
		u.do("POST", "/email-otp/reset-password", map[string]any{"email": email, "otp": code(other, "forget-password", email), "password": "otp-reset-password-1"})
		u.expect(200, `{"success":true}`)
		k.signedIn(a, "")
		k.signedIn(b, "")
		if len(k.activeTokens(id)) != 0 || k.stored(a.sessionToken()) != nil || k.stored(b.sessionToken()) != nil {
			t.Fatalf("%s email-otp/reset-password left sessions in Redis", serverName(srv, k))
		}
	}
}
