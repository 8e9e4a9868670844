package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// The twoFactor flow on every dialect (PostgreSQL and MySQL when their
// URLs are set): enable, the first code, the challenged sign-in, a backup
// code used once, the account lockout, and disable.
func TestTwoFactorFlow(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{Plugins: []core.Plugin{plugins.TwoFactor(plugins.TwoFactorOptions{
			AccountLockout: plugins.TwoFactorAccountLockout{MaxFailedAttempts: 2},
		})}}))
		c := startServer(t, a)
		b := newTFBrowser()
		b.do(c, "POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		c.expect(200, "*")
		uri, backup := enableTOTP(t, b, c)
		if !strings.Contains(uri, "issuer=Better+Auth") || len(backup) != 10 {
			t.Fatalf("enable: %s %v", uri, backup)
		}
		if n := count(t, db, d, "twoFactor", "1 = 1"); n != 1 {
			t.Fatalf("%d twoFactor rows", n)
		}
		signIn := map[string]any{"email": "a@example.com", "password": password}
		b.do(c, "POST", "/sign-out", nil)
		challenged(t, b, c, "a@example.com")
		b.do(c, "POST", "/two-factor/verify-backup-code", map[string]any{"code": backup[0]})
		c.expect(200, "*")
		signedInAs(t, b, c, "a@example.com")
		b.do(c, "POST", "/sign-out", nil)
		challenged(t, b, c, "a@example.com")
		b.do(c, "POST", "/two-factor/verify-backup-code", map[string]any{"code": backup[0]})
		c.expectError(401, "INVALID_BACKUP_CODE", "Invalid backup code")
		// Two failures lock the account, even for a right code.
		b.do(c, "POST", "/two-factor/verify-totp", map[string]any{"code": "12345"})
		c.expectError(401, "INVALID_CODE", "Invalid code")
		b.do(c, "POST", "/two-factor/verify-totp", map[string]any{"code": codeFor(t, uri)})
		c.expectError(429, "ACCOUNT_TEMPORARILY_LOCKED", "Too many failed verification attempts. Your account is temporarily locked. Please try again later.")
		// Unlocked by hand: the right code passes.
		if _, err := db.Exec(`UPDATE ` + q(d, "twoFactor") + ` SET ` + q(d, "lockedUntil") + ` = NULL`); err != nil {
			t.Fatal(err)
		}
		b.do(c, "POST", "/two-factor/verify-totp", map[string]any{"code": codeFor(t, uri)})
		c.expect(200, "*")
		signedInAs(t, b, c, "a@example.com")
		b.do(c, "POST", "/two-factor/disable", map[string]any{"password": password})
		c.expect(200, `{"status":true}`)
		if n := count(t, db, d, "twoFactor", "1 = 1"); n != 0 {
			t.Fatalf("%d twoFactor rows after disable", n)
		}
		b.do(c, "POST", "/sign-out", nil)
		if res := b.do(c, "POST", "/sign-in/email", signIn); c.status != 200 || res["token"] == nil {
			t.Fatalf("sign-in after disable: %d %s", c.status, c.raw)
		}
	})
}
