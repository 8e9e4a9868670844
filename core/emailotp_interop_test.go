package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestEmailOTPAcrossServers: Go and TypeScript on one database, codes
// stored encrypted with the shared secret and resent by "reuse": a code
// Go sent signs in through TypeScript; a code TypeScript sent resets a
// password through Go (after a wrong try on each server) and is the one
// Go resends; a code used on one server is refused by the other.
func TestEmailOTPAcrossServers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		dir, node := npmWire(t)
		url, db := sharedDB(t, dialect)
		box := &signInBox{}
		o := enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: db},
			Plugins: []core.Plugin{plugins.EmailOTP(plugins.EmailOTPOptions{SendVerificationOTP: box.emailOTP,
				StoreOTP: "encrypted", ResendStrategy: "reuse"})}})
		a := core.New(o)
		createTables(t, db, dialect, a)
		t.Cleanup(func() { a.Close() })
		goc := startServer(t, a)
		ts := &client{t: t, base: startTS(t, dir, node, url, emailOTPTSEnv(`{"storeOTP":"encrypted","resendStrategy":"reuse"}`)...) + "/api/auth",
			jar: map[string]string{}}
		ts.origin = strings.TrimSuffix(ts.base, "/api/auth")

		// Go's code, TypeScript's sign-in (a sign-up).
		goc.do("POST", "/email-otp/send-verification-otp", map[string]any{"email": "cross@example.com", "type": "sign-in"})
		goc.expect(200, `{"success":true}`)
		mails := box.drain()
		if len(mails) != 1 || len(mails[0].Token) != 6 {
			t.Fatalf("Go's code: %+v", mails)
		}
		in := ts.clone()
		res := obj(in.do("POST", "/sign-in/email-otp", map[string]any{"email": "cross@example.com", "otp": mails[0].Token, "name": "Cross"}))
		if in.status != 200 || obj(res["user"])["emailVerified"] != true {
			t.Fatalf("TypeScript signing in with Go's code: %d %s", in.status, in.raw)
		}
		again := goc.clone()
		again.do("POST", "/sign-in/email-otp", map[string]any{"email": "cross@example.com", "otp": mails[0].Token})
		again.expectError(400, "INVALID_OTP", "Invalid OTP")

		// TypeScript's code, resent by Go (reuse decrypts it), a wrong
		// try on each server, then Go's reset.
		ts.do("POST", "/email-otp/request-password-reset", map[string]any{"email": "cross@example.com"})
		ts.expect(200, `{"success":true}`)
		tm := tsSignInMail(t, ts.origin)
		if len(tm) != 1 || tm[0].Kind != "email-otp-forget-password" {
			t.Fatalf("TypeScript's outbox: %+v", tm)
		}
		goc.do("POST", "/email-otp/request-password-reset", map[string]any{"email": "cross@example.com"})
		goc.expect(200, `{"success":true}`)
		if mails = box.drain(); len(mails) != 1 || mails[0].Token != tm[0].Token {
			t.Fatalf("Go resent %+v, want TypeScript's code %s", mails, tm[0].Token)
		}
		reset := func(c *client, otp, pw string) {
			c.do("POST", "/email-otp/reset-password", map[string]any{"email": "cross@example.com", "otp": otp, "password": pw})
		}
		reset(goc, "wrong1", "new password one")
		goc.expectError(400, "INVALID_OTP", "Invalid OTP")
		reset(ts, "wrong2", "new password one")
		ts.expectError(400, "INVALID_OTP", "Invalid OTP")
		reset(goc, tm[0].Token, "new password one")
		goc.expect(200, `{"success":true}`)
		reset(ts, tm[0].Token, "new password two")
		ts.expectError(400, "INVALID_OTP", "Invalid OTP")
		viaTS := ts.clone()
		viaTS.do("POST", "/sign-in/email", map[string]any{"email": "cross@example.com", "password": "new password one"})
		viaTS.expect(200, "*")

		// TypeScript's email verification code verified by Go.
		ts.do("POST", "/email-otp/send-verification-otp", map[string]any{"email": "cross@example.com", "type": "email-verification"})
		tm = tsSignInMail(t, ts.origin)
		if len(tm) != 1 {
			t.Fatalf("TypeScript's outbox: %+v", tm)
		}
		v := obj(goc.do("POST", "/email-otp/verify-email", map[string]any{"email": "cross@example.com", "otp": tm[0].Token}))
		if goc.status != 200 || v["status"] != true || obj(v["user"])["email"] != "cross@example.com" {
			t.Fatalf("Go verifying TypeScript's code: %d %s", goc.status, goc.raw)
		}
	})
}
