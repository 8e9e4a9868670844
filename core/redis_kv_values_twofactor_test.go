package core_test

import (
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// signedValue is the value of a signed cookie in jar ("" without it).
func signedValue(jar map[string]string, name string) string {
	raw, _ := url.QueryUnescape(jar[name])
	v, _, _ := strings.Cut(raw, ".")
	return v
}

// tfJar is a tfBrowser sending the cookies of jar.
func tfJar(jar map[string]string) *tfBrowser {
	b := &tfBrowser{jar: jar}
	for k := range jar {
		b.order = append(b.order, k)
	}
	sort.Strings(b.order)
	return b
}

// TestRedisKVTwoFactor: the twoFactor sign-in challenge with its values
// in Redis alone (the challenge, its attempt budget, OTP codes with
// their attempts, trusted devices), started on one server and answered
// on the other, both ways: wrong TOTP codes on either server spend one
// budget, the right one signs in and trusts the device; the trusted
// device skips the challenge on the first server (and is rotated); an
// OTP sent by one is verified by the other after wrong tries on both;
// spent OTP attempts and a spent challenge are refused by both.
func TestRedisKVTwoFactor(t *testing.T) {
	cl := newKVCluster(t, 1, func(box *signInBox) core.Options {
		send := func(_ *core.Context, user core.Record, otp string) error {
			email, _ := user["email"].(string)
			box.add(signInMail{Kind: "two-factor-otp", To: email, Token: otp})
			return nil
		}
		return core.Options{Plugins: []core.Plugin{plugins.TwoFactor(plugins.TwoFactorOptions{
			OTPOptions: plugins.OTPOptions{SendOTP: send, AllowedAttempts: 3}})}}
	}, nil, `TWO_FACTOR_PLUGIN={"otpOptions":{"allowedAttempts":3}}`, "CAPTURE_OTP=1")
	goc, ts := cl.gos[0], cl.ts

	for _, tc := range []struct {
		name          string
		setup, verify *client
	}{{"challenged by TypeScript", ts, goc}, {"challenged by Go", goc, ts}} {
		t.Run(tc.name, func(t *testing.T) {
			cl.t = t
			for _, c := range cl.servers() {
				c.t = t
			}
			setup, verify := tc.setup, tc.verify
			email := strings.ReplaceAll(strings.ToLower(tc.name), " ", "-") + "@example.com"
			jar := map[string]string{}
			userID, _ := obj(cl.on(setup, jar).signUp(email, password)["user"])["id"].(string)
			b := tfJar(jar)
			uri, _ := enableTOTP(t, b, cl.on(setup, jar))
			cl.on(setup, jar).do("POST", "/sign-out", nil)

			// The challenge: its value (the user) and its attempt budget,
			// both for the cookie's lifetime.
			challenge := func(on *client) string {
				t.Helper()
				challenged(t, tfJar(jar), cl.on(on, jar), email)
				id := signedValue(jar, "better-auth.two_factor")
				if cl.value(id) != userID || cl.value("2fa-attempts-"+id) != "0" {
					t.Fatalf("challenge %s: %s, attempts %s", id, cl.raw(id), cl.raw("2fa-attempts-"+id))
				}
				cl.ttlNear(id, 600*time.Second)
				cl.ttlNear("2fa-attempts-"+id, 600*time.Second)
				return id
			}
			totp := func(on *client, code string, trust bool) *client {
				t.Helper()
				c := cl.on(on, jar)
				c.do("POST", "/two-factor/verify-totp", map[string]any{"code": code, "trustDevice": trust})
				return c
			}
			id := challenge(setup)
			totp(verify, wrongCode(codeFor(t, uri)), false).expectError(401, "INVALID_CODE", "Invalid code")
			if a := cl.value("2fa-attempts-" + id); a != "1" {
				t.Fatalf("attempts after a wrong code on %s: %q", cl.name(verify), a)
			}
			totp(setup, wrongCode(codeFor(t, uri)), false).expectError(401, "INVALID_CODE", "Invalid code")
			if a := cl.value("2fa-attempts-" + id); a != "2" {
				t.Fatalf("attempts after a wrong code on %s: %q", cl.name(setup), a)
			}
			totp(verify, codeFor(t, uri), true).expect(200, "*")
			signedInAs(t, tfJar(jar), cl.on(setup, jar), email)
			cl.gone(id)
			cl.gone("2fa-attempts-" + id)
			trusted := strings.SplitN(signedValue(jar, "better-auth.trust_device"), "!", 2)
			if len(trusted) != 2 || cl.value(trusted[1]) != userID {
				t.Fatalf("trusted device %v: %s", trusted, cl.raw(trusted[len(trusted)-1]))
			}
			cl.ttlNear(trusted[1], 30*24*time.Hour)

			// The device trusted on one server skips the challenge on the
			// other, which rotates the trust.
			cl.on(verify, jar).do("POST", "/sign-out", nil)
			in := cl.on(setup, jar)
			res := obj(in.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password}))
			if in.status != 200 || res["token"] == nil {
				t.Fatalf("trusted sign-in on %s: %d %s", cl.name(setup), in.status, in.raw)
			}
			cl.gone(trusted[1])
			rotated := strings.SplitN(signedValue(jar, "better-auth.trust_device"), "!", 2)
			if len(rotated) != 2 || rotated[1] == trusted[1] || cl.value(rotated[1]) != userID {
				t.Fatalf("rotated trust %v", rotated)
			}
			cl.on(setup, jar).do("POST", "/sign-out", nil)
			delete(jar, "better-auth.trust_device")

			// An OTP sent by one server, verified by the other after a
			// wrong try on each (counted in the stored code).
			otp := func(on *client, code string) *client {
				t.Helper()
				c := cl.on(on, jar)
				c.do("POST", "/two-factor/verify-otp", map[string]any{"code": code})
				return c
			}
			sendOTP := func(on *client) string {
				t.Helper()
				c := cl.on(on, jar)
				c.do("POST", "/two-factor/send-otp", map[string]any{})
				c.expect(200, `{"status":true}`)
				return cl.sent(on).Token
			}
			id = challenge(verify)
			code := sendOTP(setup)
			if v := cl.value("2fa-otp-" + id); v != code+":0" {
				t.Fatalf("stored OTP %q", v)
			}
			cl.ttlNear("2fa-otp-"+id, 3*time.Minute)
			for i, c := range []*client{verify, setup} {
				otp(c, wrongCode(code)).expectError(401, "INVALID_CODE", "Invalid code")
				if v := cl.value("2fa-otp-" + id); v != code+":"+string(rune('1'+i)) {
					t.Fatalf("OTP after a wrong code on %s: %q", cl.name(c), v)
				}
			}
			otp(verify, code).expect(200, "*")
			signedInAs(t, tfJar(jar), cl.on(setup, jar), email)
			cl.gone("2fa-otp-" + id)
			cl.gone(id)
			cl.on(setup, jar).do("POST", "/sign-out", nil)

			// Three wrong OTPs over both servers spend the code.
			id = challenge(setup)
			code = sendOTP(verify)
			for _, c := range []*client{setup, verify, setup} {
				otp(c, wrongCode(code)).expectError(401, "INVALID_CODE", "Invalid code")
			}
			if v := cl.value("2fa-otp-" + id); v != code+":3" {
				t.Fatalf("OTP after three wrong codes: %q", v)
			}
			otp(verify, code).expectError(400, "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", "Too many attempts. Please request a new code.")
			otp(setup, code).expectError(400, "OTP_HAS_EXPIRED", "OTP has expired")

			// Five wrong TOTP codes over both servers spend the challenge:
			// refused by the next server that sees it, then by both.
			for i, c := range []*client{verify, setup, verify, setup, verify} {
				totp(c, wrongCode(codeFor(t, uri)), false).expectError(401, "INVALID_CODE", "Invalid code")
				if a := cl.value("2fa-attempts-" + id); a != string(rune('1'+i)) {
					t.Fatalf("attempts after wrong code %d on %s: %q", i+1, cl.name(c), a)
				}
			}
			saved := jar["better-auth.two_factor"]
			totp(setup, codeFor(t, uri), false).expectError(400, "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", "Too many attempts. Please request a new code.")
			cl.gone(id)
			cl.gone("2fa-attempts-" + id)
			jar["better-auth.two_factor"] = saved // a replayed cookie
			totp(verify, codeFor(t, uri), false).expectError(401, "INVALID_TWO_FACTOR_COOKIE", "Invalid two factor cookie")
		})
	}
}
