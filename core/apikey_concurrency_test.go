package core_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestAPIKeyConcurrentUses: the remaining count and the per-key rate
// limit are guarded writes, as in 1.7.5: a burst of concurrent requests
// with one key never gets more uses than the key has (SQLite, PostgreSQL,
// MariaDB).
func TestAPIKeyConcurrentUses(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		a, db := newAuth(t, dialect, enabled(core.Options{Plugins: []core.Plugin{plugins.APIKey(plugins.APIKeyOptions{
			EnableSessionForAPIKeys: true, RateLimit: plugins.APIKeyRateLimit{MaxRequests: 4},
		})}}))
		c := startServer(t, a)
		c.signUp("burst@example.com", password)
		burst := func(key string) (ok, refused, gone int) {
			var mu sync.Mutex
			var wg sync.WaitGroup
			for range 12 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest("GET", c.base+"/get-session", nil)
					req.Header.Set("x-api-key", key)
					req.Header.Set("X-Forwarded-For", "203.0.113.7")
					status := 0
					if res, err := http.DefaultClient.Do(req); err == nil {
						res.Body.Close()
						status = res.StatusCode
					}
					mu.Lock()
					defer mu.Unlock()
					switch status {
					case 200:
						ok++
					case 429:
						refused++
					case 401:
						gone++
					default:
						t.Errorf("status %d", status)
					}
				}()
			}
			wg.Wait()
			return
		}
		// The rate limit: 4 per window.
		k1 := obj(c.do("POST", "/api-key/create", map[string]any{"name": "rl"}))
		c.expect(200, "*")
		if ok, refused, gone := burst(k1["key"].(string)); ok != 4 || refused != 8 || gone != 0 {
			t.Fatalf("rate limit 4: %d allowed, %d refused, %d unauthorized", ok, refused, gone)
		}
		// remaining 3 (and a refill not due, so that the key is never
		// deleted), rate limit off for the key: exactly 3 uses.
		k2 := obj(c.do("POST", "/api-key/create", map[string]any{"name": "quota"}))
		c.expect(200, "*")
		if _, err := db.Exec("UPDATE "+q(dialect, "apikey")+" SET "+q(dialect, "remaining")+" = 3, "+q(dialect, "refillAmount")+" = 5, "+
			q(dialect, "refillInterval")+" = 2000000000, "+q(dialect, "rateLimitEnabled")+" = "+ph(dialect, 1)+" WHERE "+q(dialect, "id")+" = "+ph(dialect, 2),
			dbBool(dialect, false), k2["id"]); err != nil {
			t.Fatal(err)
		}
		if ok, refused, gone := burst(k2["key"].(string)); ok != 3 || refused != 9 || gone != 0 {
			t.Fatalf("remaining 3: %d allowed, %d refused, %d unauthorized", ok, refused, gone)
		}
		var left int
		if err := db.QueryRow("SELECT "+q(dialect, "remaining")+" FROM "+q(dialect, "apikey")+" WHERE "+q(dialect, "id")+" = "+ph(dialect, 1), k2["id"]).Scan(&left); err != nil || left != 0 {
			t.Fatalf("remaining after the burst: %d %v", left, err)
		}
	})
}

func dbBool(dialect string, b bool) any {
	if dialect == core.DialectPostgres {
		return b
	}
	if b {
		return 1
	}
	return 0
}
