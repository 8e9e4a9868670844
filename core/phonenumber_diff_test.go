package core_test

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Differential tests of the phoneNumber plugin against Better Auth
// 1.7.5's phoneNumber() with testdata/npm-wire/plugins/phoneNumber.mjs
// (codes kept in the outbox): send-otp, verify (sign-up, sign-in,
// updatePhoneNumber, disableSession, wrong codes and the attempt limit,
// expiry), password sign-in (requireVerification), password reset, the
// /update-user guard; and codes sent by one server verified by the other.

// phoneOptions are the Go options matching phoneNumber.mjs's test keys.
func phoneOptions(box *outbox, validator, signUp, noSend bool) plugins.PhoneNumberOptions {
	keep := func(kind string) func(*core.Context, string, string) error {
		return func(_ *core.Context, phone, code string) error {
			box.mu.Lock()
			defer box.mu.Unlock()
			box.m = append(box.m, mail{Kind: kind, To: phone, Token: code})
			return nil
		}
	}
	o := plugins.PhoneNumberOptions{SendOTP: keep("phone-otp"), SendPasswordResetOTP: keep("phone-reset-otp")}
	if noSend {
		o.SendOTP = nil
	}
	if validator {
		o.PhoneNumberValidator = func(p string) (bool, error) {
			if len(p) < 7 || len(p) > 16 || p[0] != '+' {
				return false, nil
			}
			for _, r := range p[1:] {
				if r < '0' || r > '9' {
					return false, nil
				}
			}
			return true, nil
		}
	}
	if signUp {
		o.SignUpOnVerification = &plugins.PhoneNumberSignUp{
			GetTempEmail: func(p string) string { return strings.Trim(p, "+") + "@phone.test" },
			GetTempName:  func(p string) string { return "User " + p },
		}
	}
	return o
}

// phoneDuo is a duo with the phone codes each side sent last.
type phoneDuo struct {
	*duo
	code [2]string
}

func startPhoneDuo(t *testing.T, dialect string, edit func(*plugins.PhoneNumberOptions), tsOptions string, validator, signUp, noSend bool) *phoneDuo {
	box := &outbox{}
	o := phoneOptions(box, validator, signUp, noSend)
	if edit != nil {
		edit(&o)
	}
	opts := enabled(core.Options{Plugins: []core.Plugin{plugins.PhoneNumber(o)}})
	return &phoneDuo{duo: newDuo(t, dialect, opts, box, false, `PLUGINS={"phoneNumber":`+tsOptions+`}`)}
}

// sent takes the n messages both sides sent (compared) and keeps the last
// codes.
func (d *phoneDuo) sent(n int) {
	d.t.Helper()
	g, w := d.mails(n)
	if n > 0 {
		d.code = [2]string{g[n-1].Token, w[n-1].Token}
	}
}

// withCode posts body with key set to each side's last code.
func (d *phoneDuo) withCode(path, key string, body map[string]any, headers ...string) {
	d.t.Helper()
	d.each(func(c *client, _ *sql.DB) {
		b := map[string]any{key: d.code[0]}
		if c == d.ts {
			b[key] = d.code[1]
		}
		for k, v := range body {
			b[k] = v
		}
		c.do("POST", path, b, append(diffHeaders, headers...)...)
	})
}

const (
	qPhoneUsers  = `SELECT email, name, "phoneNumber", "phoneNumberVerified", "emailVerified" FROM "user" ORDER BY email`
	qPhoneVerify = `SELECT v.identifier, length(v.value) AS len, CASE WHEN instr(v.value, ':') > 0 THEN substr(v.value, instr(v.value, ':')) ELSE '' END AS attempts, {lifetime} AS lifetime FROM verification v ORDER BY v.identifier, v.value`
)

// TestDifferentialPhoneNumber: the main journey, on every dialect.
func TestDifferentialPhoneNumber(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		d := startPhoneDuo(t, dialect, nil, `{}`, false, false, false)
		phone, other := "+15550001", "+15550002"
		d.step("POST", "/phone-number/send-otp", map[string]any{})
		d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
		d.sent(1)
		d.rows(qPhoneVerify)
		d.step("POST", "/phone-number/verify", map[string]any{"phoneNumber": phone, "code": "000000x"})
		d.rows(qPhoneVerify)
		d.step("POST", "/phone-number/verify", map[string]any{"phoneNumber": phone})
		// Nobody has the number and sign-up is off.
		d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone})
		d.rows(qPhoneVerify)
		// A signed-in user adds the number.
		d.step("POST", "/sign-up/email", map[string]any{"name": "P", "email": "p@example.com", "password": password})
		d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
		d.sent(1)
		d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone, "updatePhoneNumber": true})
		d.rows(qPhoneUsers)
		d.step("POST", "/update-user", map[string]any{"phoneNumber": other})
		d.step("POST", "/update-user", map[string]any{"phoneNumber": phone, "name": "x"})
		d.step("GET", "/get-session", nil)
		// Password sign-in by number.
		d.step("POST", "/sign-out", map[string]any{})
		d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone})
		d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": other, "password": password})
		d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": "wrong password"})
		d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": password, "rememberMe": false})
		d.step("GET", "/get-session", nil)
		// Verifying again signs in (a new session), or not (disableSession).
		d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
		d.sent(1)
		d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone})
		d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
		d.sent(1)
		d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone, "disableSession": true})
		d.rows(qSessions)
		// The attempt limit.
		d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
		d.sent(1)
		for i := 0; i < 4; i++ {
			d.step("POST", "/phone-number/verify", map[string]any{"phoneNumber": phone, "code": "wrong"})
		}
		d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone})
		// An expired code.
		d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
		d.sent(1)
		forDBs(d.duo, func(db *sql.DB) {
			if _, err := db.Exec(portableSQL(dialect, `UPDATE verification SET "expiresAt" = ?`), time.Now().Add(-time.Second).UTC()); err != nil {
				t.Fatal(err)
			}
		})
		d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone})
		// Password reset by code.
		d.step("POST", "/phone-number/request-password-reset", map[string]any{"phoneNumber": other})
		d.sent(0)
		d.step("POST", "/phone-number/request-password-reset", map[string]any{"phoneNumber": phone})
		d.sent(1)
		d.rows(qPhoneVerify)
		d.step("POST", "/phone-number/reset-password", map[string]any{"phoneNumber": phone, "otp": "nope", "newPassword": "brand new password"})
		d.withCode("/phone-number/reset-password", "otp", map[string]any{"phoneNumber": phone, "newPassword": "short"})
		d.step("POST", "/phone-number/request-password-reset", map[string]any{"phoneNumber": phone})
		d.sent(1)
		d.withCode("/phone-number/reset-password", "otp", map[string]any{"phoneNumber": phone, "newPassword": "brand new password"})
		d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": password})
		d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": "brand new password"})
		// Removing the number unverifies it.
		d.step("POST", "/update-user", map[string]any{"phoneNumber": nil})
		d.rows(qPhoneUsers)
		d.allRows()
	})
}

// TestDifferentialPhoneNumberSignUp: signUpOnVerification, the validator
// and requireVerification.
func TestDifferentialPhoneNumberSignUp(t *testing.T) {
	d := startPhoneDuo(t, core.DialectSQLite, func(o *plugins.PhoneNumberOptions) { o.RequireVerification = true; o.OTPLength = 8; o.ExpiresIn = 60 },
		`{"validator":true,"signUp":true,"requireVerification":true,"otpLength":8,"expiresIn":60}`, true, true, false)
	phone := "+4930123456"
	d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": "030 123"})
	d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": "030 123", "password": password})
	d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
	d.sent(1)
	d.rows(qPhoneVerify)
	d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone, "emailVerified": true})
	d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone})
	d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
	d.sent(1)
	d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": phone, "name": "ignored", "phoneNumberVerified": false})
	d.rows(qPhoneUsers)
	d.step("GET", "/get-session", nil)
	// A user whose number is not verified gets a code instead of a session.
	d.step("POST", "/sign-up/email", map[string]any{"name": "Q", "email": "q@example.com", "password": password, "phoneNumber": "+4930999999"})
	d.rows(qPhoneUsers)
	d.step("POST", "/sign-out", map[string]any{})
	d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": "+4930999999", "password": password})
	d.sent(1)
	d.rows(qPhoneVerify)
	d.withCode("/phone-number/verify", "code", map[string]any{"phoneNumber": "+4930999999", "disableSession": true})
	d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": "+4930999999", "password": password})
	// The number's passwordless user has no credential account.
	d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": password})
	d.rows(qPhoneUsers)
}

// TestDifferentialPhoneNumberNoSender: without sendOTP, send-otp answers
// 501.
func TestDifferentialPhoneNumberNoSender(t *testing.T) {
	d := startPhoneDuo(t, core.DialectSQLite, nil, `{"noSendOTP":true}`, false, false, true)
	d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": "+15550001"})
	d.step("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": 5})
}

// TestSharedDatabasePhoneNumber: a code sent by one server verifies on
// the other (and signs in there), both ways; and a password reset code.
func TestSharedDatabasePhoneNumber(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &outbox{}
		goc, ts := sharedPair(t, dialect, core.Options{Plugins: []core.Plugin{plugins.PhoneNumber(phoneOptions(box, false, true, false))}},
			`PLUGINS={"phoneNumber":{"signUp":true}}`)
		take := func(from *client) string {
			if from == ts {
				m := tsOutbox(t, ts)
				if len(m) != 1 {
					t.Fatalf("ts outbox %+v", m)
				}
				return m[0].Token
			}
			m := box.take()
			if len(m) != 1 {
				t.Fatalf("go outbox %+v", m)
			}
			return m[0].Token
		}
		for i, p := range [][2]*client{{goc, ts}, {ts, goc}} {
			from, to := p[0].clone(), p[1].clone()
			phone := []string{"+15551000", "+15552000"}[i]
			from.do("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
			from.expect(200, `{"message":"code sent"}`)
			code := take(p[0])
			// A wrong code on the sender counts an attempt the other sees.
			from.do("POST", "/phone-number/verify", map[string]any{"phoneNumber": phone, "code": "x"})
			from.expectError(400, "INVALID_OTP", "Invalid OTP")
			got := obj(to.do("POST", "/phone-number/verify", map[string]any{"phoneNumber": phone, "code": code}))
			to.expect(200, "*")
			if u := obj(got["user"]); u["phoneNumber"] != phone || u["phoneNumberVerified"] != true || u["email"] != strings.Trim(phone, "+")+"@phone.test" {
				t.Fatalf("verify on %s: %s", to.base, to.raw)
			}
			if s := obj(to.do("GET", "/get-session", nil)); obj(s["user"])["phoneNumber"] != phone {
				t.Fatalf("get-session on %s: %s", to.base, to.raw)
			}
			// Used up on both.
			for _, c := range []*client{from, to} {
				c.do("POST", "/phone-number/verify", map[string]any{"phoneNumber": phone, "code": code})
				c.expectError(400, "OTP_NOT_FOUND", "OTP not found")
			}
			// A reset code sent by one resets the password on the other.
			from.do("POST", "/phone-number/request-password-reset", map[string]any{"phoneNumber": phone})
			from.expect(200, `{"status":true}`)
			code = take(p[0])
			to.do("POST", "/phone-number/reset-password", map[string]any{"phoneNumber": phone, "otp": code, "newPassword": "shared new password"})
			to.expect(200, `{"status":true}`)
			from.do("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": "shared new password"})
			from.expect(200, "*")
		}
	})
}

// TestPhoneNumberGoFunctions: VerifyOTP replaces the stored codes and
// CallbackOnVerification sees the verified user.
func TestPhoneNumberGoFunctions(t *testing.T) {
	var seen []string
	o := plugins.PhoneNumberOptions{
		VerifyOTP: func(_ *core.Context, phone, code string) (bool, error) { return code == "424242", nil },
		CallbackOnVerification: func(_ *core.Context, phone string, u core.Record) error {
			seen = append(seen, phone+" "+u["email"].(string))
			return nil
		},
		SignUpOnVerification: &plugins.PhoneNumberSignUp{GetTempEmail: func(p string) string { return "T" + strings.Trim(p, "+") + "@Phone.test" }},
	}
	a := core.New(enabled(core.Options{Secret: testSecret, Database: core.SQLite(wireSQLite(t, core.Options{Plugins: []core.Plugin{plugins.PhoneNumber()}}, "phone")),
		Plugins: []core.Plugin{plugins.PhoneNumber(o)}}))
	t.Cleanup(func() { a.Close() })
	c := startServer(t, a)
	c.do("POST", "/phone-number/verify", map[string]any{"phoneNumber": "+1555", "code": "111111"})
	c.expectError(400, "INVALID_OTP", "Invalid OTP")
	u := obj(obj(c.do("POST", "/phone-number/verify", map[string]any{"phoneNumber": "+1555", "code": "424242"}))["user"])
	c.expect(200, "*")
	if u["email"] != "t1555@phone.test" || u["name"] != "+1555" || len(seen) != 1 || seen[0] != "+1555 t1555@phone.test" {
		t.Fatalf("user %v, callback saw %v", u, seen)
	}
}

// TestPhoneNumberOptionErrors: options Go cannot honour stop Open,
// naming them.
func TestPhoneNumberOptionErrors(t *testing.T) {
	for _, c := range []struct {
		o    plugins.PhoneNumberOptions
		want string
	}{
		{plugins.PhoneNumberOptions{OTPLength: -1}, "PhoneNumberOptions.OTPLength -1"},
		{plugins.PhoneNumberOptions{AllowedAttempts: -2}, "PhoneNumberOptions.AllowedAttempts -2"},
		{plugins.PhoneNumberOptions{SignUpOnVerification: &plugins.PhoneNumberSignUp{}}, "SignUpOnVerification.GetTempEmail"},
	} {
		a := core.New(core.Options{Secret: testSecret, Database: core.SQLite(t.TempDir() + "/a.db"), Plugins: []core.Plugin{plugins.PhoneNumber(c.o)}})
		err := a.Open(context.Background())
		if err == nil || !strings.Contains(err.Error(), "plugin phone-number: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open = %v, want %q", err, c.want)
		}
		a.Close()
	}
}

// TestDifferentialPhoneNumberTwoFactor: a password sign-in by phone
// number of a user with two-factor authentication is a challenge, not a
// session (twoFactor's hook covers /sign-in/phone-number), as in 1.7.5.
func TestDifferentialPhoneNumberTwoFactor(t *testing.T) {
	box := &outbox{}
	o := enabled(core.Options{Plugins: []core.Plugin{plugins.TwoFactor(plugins.TwoFactorOptions{SkipVerificationOnEnable: true}),
		plugins.PhoneNumber(phoneOptions(box, false, false, false))}})
	d := &phoneDuo{duo: newDuo(t, core.DialectSQLite, o, box, false, `TWO_FACTOR_PLUGIN={"skipVerificationOnEnable":true}`, `PLUGINS={"phoneNumber":{}}`)}
	phone := "+15553000"
	d.step("POST", "/sign-up/email", map[string]any{"name": "T", "email": "t@example.com", "password": password, "phoneNumber": phone})
	d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": password})
	// Enabling answers random secrets: not compared, checked.
	for _, c := range []*client{d.goc, d.ts} {
		c.do("POST", "/two-factor/enable", map[string]any{"password": password}, diffHeaders...)
		c.expect(200, "*")
	}
	d.step("POST", "/sign-out", map[string]any{})
	// The challenge cookie's value is random.
	two := regexp.MustCompile(`two_factor=2fa-[A-Za-z0-9_-]+\.[A-Za-z0-9%]+`)
	var got [2]string
	for i, c := range []*client{d.goc, d.ts} {
		c.do("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": password}, diffHeaders...)
		got[i] = two.ReplaceAllString(normalize(c), "two_factor=<challenge>")
	}
	if got[0] != got[1] || !strings.Contains(got[0], `{"twoFactorRedirect":true`) {
		t.Errorf("sign-in of a two-factor user\n--- go\n%s\n--- typescript\n%s", got[0], got[1])
	}
	d.step("GET", "/get-session", nil)
	if d.goc.jar["better-auth.session_token"] != "" {
		t.Fatalf("a two-factor user got a session: %v", d.goc.jar)
	}
	d.rows(qSessions)
}

// TestDifferentialPhoneNumberRateLimit: the plugin's rule (10 a minute
// under /phone-number) and the sign-in rule for /sign-in/phone-number.
func TestDifferentialPhoneNumberRateLimit(t *testing.T) {
	box := &outbox{}
	on := true
	o := enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on}, Plugins: []core.Plugin{plugins.PhoneNumber(phoneOptions(box, false, false, false))}})
	d := newDuo(t, core.DialectSQLite, o, box, false, `RATE_LIMIT={"enabled":true}`, `PLUGINS={"phoneNumber":{}}`)
	for i := 0; i < 12; i++ {
		d.step("POST", "/phone-number/request-password-reset", map[string]any{"phoneNumber": "+15554000"})
	}
	for i := 0; i < 4; i++ {
		d.step("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": "+15554000", "password": password})
	}
	if d.goc.status != 429 {
		t.Fatalf("the limit never applied: %d", d.goc.status)
	}
}
