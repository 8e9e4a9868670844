package core_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Concurrent failed second factors all count toward the account lockout
// (1.7.5 increments failedVerificationCount atomically): 16 challenges of
// one user fail at once; the count is 16 and the account is locked, so a
// right code is then refused. A read-then-write count loses updates here.
func TestTwoFactorLockoutCountsConcurrentFailures(t *testing.T) {
	const n = 16
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{Plugins: []core.Plugin{plugins.TwoFactor(plugins.TwoFactorOptions{
			AccountLockout: plugins.TwoFactorAccountLockout{MaxFailedAttempts: n},
		})}}))
		c := startServer(t, a)
		b := newTFBrowser()
		b.do(c, "POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		c.expect(200, "*")
		uri, _ := enableTOTP(t, b, c)
		// n challenges: each sign-in of a fresh browser gets its own cookie.
		cookies := make([]string, n)
		for i := range cookies {
			bi := newTFBrowser()
			challenged(t, bi, c, "a@example.com")
			var parts []string
			for _, name := range bi.order {
				parts = append(parts, name+"="+bi.jar[name])
			}
			cookies[i] = strings.Join(parts, "; ")
		}
		var wg sync.WaitGroup
		statuses := make([]int, n)
		start := make(chan struct{})
		for i := range cookies {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				req, _ := http.NewRequest("POST", c.base+"/two-factor/verify-totp", strings.NewReader(`{"code":"000000"}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Origin", c.origin)
				req.Header.Set("Cookie", cookies[i])
				<-start
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				statuses[i] = res.StatusCode
			}(i)
		}
		close(start)
		wg.Wait()
		for i, s := range statuses {
			if s != 401 && s != 429 {
				t.Errorf("request %d: status %d", i, s)
			}
		}
		var got int
		if err := db.QueryRow(`SELECT ` + q(d, "failedVerificationCount") + ` FROM ` + q(d, "twoFactor")).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Errorf("failedVerificationCount = %d after %d concurrent failures, want %d", got, n, n)
		}
		if k := count(t, db, d, "twoFactor", q(d, "lockedUntil")+" IS NOT NULL"); k != 1 {
			t.Errorf("account not locked after %d failures", n)
		}
		bi := newTFBrowser()
		challenged(t, bi, c, "a@example.com")
		bi.do(c, "POST", "/two-factor/verify-totp", map[string]any{"code": codeFor(t, uri)})
		c.expectError(429, "ACCOUNT_TEMPORARILY_LOCKED", "Too many failed verification attempts. Your account is temporarily locked. Please try again later.")
	})
}
