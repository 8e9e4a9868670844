package core_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// twoFactor against Better Auth 1.7.5: every step is sent to the Go
// handler and to the TypeScript server (each on its own SQLite file); the
// TOTP codes are computed from the secret each server returned, the
// backup codes and OTPs are each server's own.

var (
	normTwoFactor = regexp.MustCompile(`=2fa-[A-Za-z0-9_-]{20}\.[A-Za-z0-9%]+`)
	normTrust     = regexp.MustCompile(`=[A-Za-z0-9_-]{43}!trust-device-[A-Za-z0-9_-]{32}\.[A-Za-z0-9%]+`)
	normSecret    = regexp.MustCompile(`secret=[A-Z2-7]+`)
	normData      = regexp.MustCompile(`session_data=[^;]+`)
	normBackup    = regexp.MustCompile(`"[A-Za-z0-9]{5}-[A-Za-z0-9]+"`)
)

func normalizeTwoFactor(c *client) string {
	s := normalize(c)
	s = normTwoFactor.ReplaceAllString(s, "=<2fa>")
	s = normData.ReplaceAllString(s, "session_data=<data>")
	s = normTrust.ReplaceAllString(s, "=<trust>")
	s = normSecret.ReplaceAllString(s, "secret=<secret>")
	return normBackup.ReplaceAllString(s, `"<backup-code>"`)
}

// tfSide is one server with what it handed out.
type tfSide struct {
	c      *client
	secret string // TOTP key, base32
	backup []string
	otp    func() string // the last code sent
}

type tfPair struct {
	t              *testing.T
	goS, tsS       *tfSide
	n              int
	digits, period int // TOTP
}

// step sends body(side) to both and requires the same normalized answer.
func (p *tfPair) step(method, path string, body func(s *tfSide) any) {
	p.t.Helper()
	p.n++
	h := []string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}
	var out [2]string
	for i, s := range []*tfSide{p.goS, p.tsS} {
		var b any
		if body != nil {
			b = body(s)
		}
		s.c.do(method, path, b, h...)
		out[i] = normalizeTwoFactor(s.c)
		var v map[string]any
		if json.Unmarshal(s.c.raw, &v) == nil {
			if u, ok := v["totpURI"].(string); ok {
				s.secret = totpSecret(p.t, u)
			}
			if codes, ok := v["backupCodes"].([]any); ok {
				s.backup = nil
				for _, c := range codes {
					s.backup = append(s.backup, c.(string))
				}
			}
		}
	}
	if testing.Verbose() {
		p.t.Logf("step %d: %s %s\n%s", p.n, method, path, out[0])
	}
	if out[0] != out[1] {
		p.t.Errorf("step %d: %s %s\n--- go\n%s\n--- typescript\n%s", p.n, method, path, out[0], out[1])
	}
}

// same sends one body to both.
func (p *tfPair) same(method, path string, body any) {
	p.t.Helper()
	p.step(method, path, func(*tfSide) any { return body })
}

func totpSecret(t *testing.T, uri string) string {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("secret")
}

// totpCode is the current code of the side's secret (the servers accept
// one period either side).
func (p *tfPair) totpCode(s *tfSide) string {
	p.t.Helper()
	code, err := totp.GenerateCodeCustom(s.secret, time.Now(), totp.ValidateOpts{Period: uint(p.period), Digits: otp.Digits(p.digits), Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		p.t.Fatal(err)
	}
	return code
}

// startTwoFactorPair starts both servers with the options (o for Go,
// tsOpts as twoFactor's JSON options for TypeScript); both send OTPs to
// the test.
func startTwoFactorPair(t *testing.T, base core.Options, o plugins.TwoFactorOptions, tsOpts string, env ...string) (*tfPair, string, string) {
	t.Helper()
	dir, node := npmWire(t)
	var mu sync.Mutex
	var goOTP string
	o.OTPOptions.SendOTP = func(_ *core.Context, _ core.Record, code string) error {
		mu.Lock()
		defer mu.Unlock()
		goOTP = code
		return nil
	}
	base.Plugins = append(base.Plugins, plugins.TwoFactor(o))
	opts := enabled(base)
	goDB, tsDB := wireSQLite(t, opts, "go"), wireSQLite(t, opts, "ts")
	opts.Secret, opts.Database = testSecret, core.SQLite(goDB)
	a := core.New(opts)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, tsDB, append([]string{"TWO_FACTOR_PLUGIN=" + tsOpts, "CAPTURE_OTP=1"}, env...)...) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	p := &tfPair{t: t, digits: 6, period: 30,
		goS: &tfSide{c: goc, otp: func() string { mu.Lock(); defer mu.Unlock(); return goOTP }},
		tsS: &tfSide{c: ts, otp: func() string {
			m := tsMailbox(t, ts.origin)
			if len(m) == 0 {
				t.Fatal("no OTP sent by 1.7.5")
			}
			return m[len(m)-1].Token
		}},
	}
	return p, goDB, tsDB
}

func TestDifferentialTwoFactor(t *testing.T) {
	p, goDB, tsDB := startTwoFactorPair(t, core.Options{}, plugins.TwoFactorOptions{}, "{}")
	pw := map[string]any{"password": password}
	signIn := map[string]any{"email": "a@example.com", "password": password}
	code := func(s *tfSide) any { return map[string]any{"code": p.totpCode(s)} }
	wrong := map[string]any{"code": "12345"}

	p.same("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
	p.same("POST", "/two-factor/enable", map[string]any{})
	p.same("POST", "/two-factor/enable", map[string]any{"password": "wrong password"})
	p.same("POST", "/two-factor/enable", map[string]any{"password": password, "method": "sms"})
	p.same("POST", "/two-factor/get-totp-uri", pw)
	p.same("POST", "/two-factor/generate-backup-codes", pw)
	p.same("POST", "/two-factor/verify-totp", wrong)
	p.same("POST", "/two-factor/enable", map[string]any{"password": password, "issuer": "My App & Co"})
	p.same("GET", "/get-session", nil)
	// Set up but not verified yet: the URI again, then the first code turns 2FA on.
	p.same("POST", "/two-factor/get-totp-uri", pw)
	p.same("POST", "/two-factor/get-totp-uri", map[string]any{"password": "wrong password"})
	p.same("POST", "/two-factor/verify-totp", wrong)
	p.step("POST", "/two-factor/verify-totp", code)
	p.same("GET", "/get-session", nil)
	p.same("POST", "/two-factor/enable", pw)

	// Sign-in answers a challenge; TOTP completes it.
	p.same("POST", "/sign-out", nil)
	p.same("POST", "/sign-in/email", signIn)
	p.same("GET", "/get-session", nil)
	p.same("POST", "/two-factor/verify-totp", wrong)
	p.step("POST", "/two-factor/verify-totp", func(s *tfSide) any {
		return map[string]any{"code": p.totpCode(s), "trustDevice": true}
	})
	p.same("GET", "/get-session", nil)
	// The trusted device skips the challenge and is trusted anew.
	p.same("POST", "/sign-out", nil)
	p.same("POST", "/sign-in/email", signIn)
	p.same("GET", "/get-session", nil)

	// Without the trust cookie: backup codes.
	for _, s := range []*tfSide{p.goS, p.tsS} {
		delete(s.c.jar, "better-auth.trust_device")
	}
	p.same("POST", "/sign-out", nil)
	p.same("POST", "/sign-in/email", signIn)
	p.same("POST", "/two-factor/verify-backup-code", map[string]any{"code": "nope"})
	p.step("POST", "/two-factor/verify-backup-code", func(s *tfSide) any { return map[string]any{"code": s.backup[0]} })
	p.same("GET", "/get-session", nil)
	p.step("POST", "/two-factor/verify-backup-code", func(s *tfSide) any { return map[string]any{"code": s.backup[0]} })
	p.step("POST", "/two-factor/verify-backup-code", func(s *tfSide) any { return map[string]any{"code": s.backup[1], "disableSession": true} })
	p.same("POST", "/two-factor/generate-backup-codes", map[string]any{"password": "wrong password"})
	p.same("POST", "/two-factor/generate-backup-codes", pw)

	// OTP, with rememberMe: false kept through the challenge.
	p.same("POST", "/sign-out", nil)
	p.same("POST", "/sign-in/email", map[string]any{"email": "a@example.com", "password": password, "rememberMe": false})
	p.same("POST", "/two-factor/verify-otp", map[string]any{"code": "000000"})
	p.same("POST", "/two-factor/send-otp", nil)
	p.same("POST", "/two-factor/verify-otp", map[string]any{"code": "x"})
	p.step("POST", "/two-factor/verify-otp", func(s *tfSide) any { return map[string]any{"code": s.otp()} })
	p.same("GET", "/get-session", nil)

	// Five wrong codes spend a challenge.
	p.same("POST", "/sign-out", nil)
	p.same("POST", "/sign-in/email", signIn)
	for range 5 {
		p.same("POST", "/two-factor/verify-totp", wrong)
	}
	p.step("POST", "/two-factor/verify-totp", code)
	p.step("POST", "/two-factor/verify-totp", code)

	// A new challenge, then disable.
	p.same("POST", "/sign-in/email", signIn)
	p.step("POST", "/two-factor/verify-totp", code)
	p.same("POST", "/two-factor/disable", map[string]any{"password": "wrong password"})
	p.same("POST", "/two-factor/disable", pw)
	p.same("GET", "/get-session", nil)
	p.same("POST", "/sign-out", nil)
	p.same("POST", "/sign-in/email", signIn)
	p.same("POST", "/two-factor/verify-totp", wrong)

	if g, w := dumpTwoFactorRows(t, goDB), dumpTwoFactorRows(t, tsDB); g != w {
		t.Errorf("rows differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// dumpTwoFactorRows lists what the plugin writes, without ids, dates or
// secrets.
func dumpTwoFactorRows(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT email, twoFactorEnabled FROM user ORDER BY email`,
		`SELECT u.email, t.verified, t.failedVerificationCount, t.lockedUntil IS NULL FROM twoFactor t JOIN user u ON u.id = t.userId ORDER BY u.email`,
		`SELECT CASE WHEN identifier LIKE '2fa-attempts-%' THEN '2fa-attempts' WHEN identifier LIKE '2fa-otp-%' THEN '2fa-otp'
			WHEN identifier LIKE '2fa-%' THEN '2fa' WHEN identifier LIKE 'trust-device-%' THEN 'trust-device' ELSE identifier END AS kind,
			coalesce(u.email, CASE WHEN identifier LIKE '2fa-otp-%' THEN substr(value, instr(value, ':')) ELSE value END), count(*)
			FROM verification v LEFT JOIN user u ON u.id = v.value GROUP BY 1, 2 ORDER BY 1, 2`,
		`SELECT count(*) FROM session`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

// The options, 1.7.5's names in Go: skipVerificationOnEnable, issuer,
// TOTP digits and period, hashed OTPs with their digits and attempts,
// backup code amount and length, the cookies' max ages and the account
// lockout.
func TestDifferentialTwoFactorOptions(t *testing.T) {
	p, goDB, tsDB := startTwoFactorPair(t, core.Options{}, plugins.TwoFactorOptions{
		SkipVerificationOnEnable: true, Issuer: "Issuer Co",
		TOTPOptions:           plugins.TOTPOptions{Digits: 8, Period: 60},
		OTPOptions:            plugins.OTPOptions{StoreOTP: "hashed", Digits: 4, AllowedAttempts: 2},
		BackupCodeOptions:     plugins.BackupCodeOptions{Amount: 3, Length: 6},
		TwoFactorCookieMaxAge: 120, TrustDeviceMaxAge: 3600,
		AccountLockout: plugins.TwoFactorAccountLockout{MaxFailedAttempts: 3, DurationSeconds: 60},
	}, `{"skipVerificationOnEnable":true,"issuer":"Issuer Co","totpOptions":{"digits":8,"period":60},`+
		`"otpOptions":{"storeOTP":"hashed","digits":4,"allowedAttempts":2},"backupCodeOptions":{"amount":3,"length":6},`+
		`"twoFactorCookieMaxAge":120,"trustDeviceMaxAge":3600,"accountLockout":{"maxFailedAttempts":3,"durationSeconds":60}}`)
	p.digits, p.period = 8, 60
	pw := map[string]any{"password": password}
	wrong := map[string]any{"code": "1234567"}
	code := func(s *tfSide) any { return map[string]any{"code": p.totpCode(s)} }
	for _, email := range []string{"a@example.com", "b@example.com"} {
		p.same("POST", "/sign-up/email", map[string]any{"name": "A", "email": email, "password": password})
		p.same("POST", "/two-factor/enable", pw)
		p.same("GET", "/get-session", nil)
		p.same("POST", "/two-factor/get-totp-uri", pw)
		p.same("POST", "/sign-out", nil)
	}
	// b: OTP with a trusted device.
	p.same("POST", "/sign-in/email", map[string]any{"email": "b@example.com", "password": password})
	p.same("POST", "/two-factor/send-otp", map[string]any{})
	p.step("POST", "/two-factor/verify-otp", func(s *tfSide) any { return map[string]any{"code": s.otp(), "trustDevice": true} })
	p.same("POST", "/sign-out", nil)
	p.same("POST", "/sign-in/email", map[string]any{"email": "b@example.com", "password": password})
	p.same("POST", "/sign-out", nil)
	// a: OTP attempts, then the account lockout.
	p.same("POST", "/sign-in/email", map[string]any{"email": "a@example.com", "password": password})
	p.same("POST", "/two-factor/send-otp", map[string]any{"trustDevice": "yes"})
	p.same("POST", "/two-factor/send-otp", nil)
	p.same("POST", "/two-factor/verify-otp", map[string]any{"code": "x"})
	p.same("POST", "/two-factor/verify-otp", map[string]any{"code": "y"})
	p.step("POST", "/two-factor/verify-otp", func(s *tfSide) any { return map[string]any{"code": s.otp()} })
	p.same("POST", "/two-factor/verify-totp", wrong)
	p.step("POST", "/two-factor/verify-totp", code)
	p.step("POST", "/two-factor/verify-backup-code", func(s *tfSide) any { return map[string]any{"code": s.backup[0]} })
	if g, w := dumpTwoFactorRows(t, goDB), dumpTwoFactorRows(t, tsDB); g != w {
		t.Errorf("rows differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// The plugin's rate limit (3 per 10 s on /two-factor/*) and the sign-in
// hook with the cookie cache on: the challenged sign-in leaves no
// session_data.
func TestDifferentialTwoFactorRateLimitCookieCache(t *testing.T) {
	on := true
	p, _, _ := startTwoFactorPair(t, core.Options{RateLimit: core.RateLimitOptions{Enabled: &on},
		Session: core.SessionOptions{CookieCache: core.CookieCache{Enabled: true}}},
		plugins.TwoFactorOptions{SkipVerificationOnEnable: true}, `{"skipVerificationOnEnable":true}`,
		`RATE_LIMIT={"enabled":true}`, `OPTIONS={"session":{"cookieCache":{"enabled":true}}}`)
	p.same("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
	p.same("POST", "/two-factor/enable", map[string]any{"password": password})
	p.same("GET", "/get-session", nil)
	p.same("POST", "/sign-in/email", map[string]any{"email": "a@example.com", "password": password})
	p.same("GET", "/get-session", nil)
	// Counted per path: the fourth is refused.
	for range 4 {
		p.same("POST", "/two-factor/verify-totp", map[string]any{"code": "1"})
	}
	if p.goS.c.status != 429 {
		t.Fatalf("fourth verify-totp: %d", p.goS.c.status)
	}
}

// allowPasswordless: a user without a password manages 2FA without one
// (a user with one still needs it); enable with method "otp" and the OTP
// endpoints with a session.
func TestDifferentialTwoFactorPasswordless(t *testing.T) {
	p, goDB, tsDB := startTwoFactorPair(t, core.Options{}, plugins.TwoFactorOptions{AllowPasswordless: true}, `{"allowPasswordless":true}`)
	p.same("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
	p.same("POST", "/two-factor/enable", map[string]any{})
	for _, path := range []string{goDB, tsDB} {
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE account SET password = NULL`); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	p.same("POST", "/two-factor/enable", map[string]any{"method": "otp"})
	p.same("GET", "/get-session", nil)
	p.same("POST", "/two-factor/send-otp", nil)
	p.same("POST", "/two-factor/verify-otp", map[string]any{"code": "x"})
	p.step("POST", "/two-factor/verify-otp", func(s *tfSide) any { return map[string]any{"code": s.otp()} })
	p.same("POST", "/two-factor/enable", map[string]any{})
	p.same("POST", "/two-factor/get-totp-uri", map[string]any{})
	p.step("POST", "/two-factor/verify-totp", func(s *tfSide) any { return map[string]any{"code": p.totpCode(s)} })
	p.same("POST", "/two-factor/generate-backup-codes", map[string]any{})
	p.same("POST", "/two-factor/disable", map[string]any{"password": "anything"})
	p.same("GET", "/get-session", nil)
	if g, w := dumpTwoFactorRows(t, goDB), dumpTwoFactorRows(t, tsDB); g != w {
		t.Errorf("rows differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// The challenge also answers sign-in/username (the username plugin before
// twoFactor, as server.mjs lists them).
func TestDifferentialTwoFactorUsername(t *testing.T) {
	p, _, _ := startTwoFactorPair(t, core.Options{Plugins: []core.Plugin{plugins.Username()}},
		plugins.TwoFactorOptions{SkipVerificationOnEnable: true}, `{"skipVerificationOnEnable":true}`, "USERNAME_PLUGIN={}")
	p.same("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password, "username": "ada"})
	p.same("POST", "/two-factor/enable", map[string]any{"password": password})
	p.same("POST", "/sign-out", nil)
	p.same("POST", "/sign-in/username", map[string]any{"username": "ada", "password": password})
	p.same("GET", "/get-session", nil)
	p.step("POST", "/two-factor/verify-backup-code", func(s *tfSide) any { return map[string]any{"code": s.backup[0]} })
	p.same("GET", "/get-session", nil)
}
