package core_test

import (
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// Three Go handlers and one TypeScript 1.7.5 server, all on one Redis,
// allow exactly the configured number of requests between them, also when
// 20 concurrent requests are spread across the four.
func TestRedisRateLimitSharedAcrossInstances(t *testing.T) {
	url := redisURL(t)
	dir, node := npmWire(t)
	prefix := redisPrefix(t)
	tsDB, db := sharedSQLite(t)
	on := true
	goServers := make([]*client, 3)
	for i := range goServers {
		kv := openRedis(t, url, prefix)
		a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
			EmailAndPassword: core.EmailAndPassword{Enabled: true}, SecondaryStorage: kv,
			Session:      core.SessionOptions{StoreSessionInDatabase: true},
			Verification: core.VerificationOptions{StoreInDatabase: true},
			RateLimit: core.RateLimitOptions{Enabled: &on, CustomRules: map[string]*core.RateLimitRule{
				"/sign-in/email": {Window: 60 * time.Second, Max: 7}}}})
		if i == 0 {
			createTables(t, db, core.DialectSQLite, a)
		}
		goServers[i] = startServer(t, a)
	}
	ts := startTS(t, dir, node, tsDB, "REDIS_URL="+url, "REDIS_PREFIX="+prefix,
		`RATE_LIMIT={"enabled":true,"customRules":{"/sign-in/email":{"window":60,"max":7}}}`)
	bases := []string{goServers[0].base, goServers[1].base, goServers[2].base, ts + "/api/auth"}

	// 20 concurrent requests from one address, five to each server.
	got := map[int]int{}
	done := make(chan map[int]int, len(bases))
	for _, b := range bases {
		go func() { done <- burst(t, b, 5, oneAddress("203.0.113.60")) }()
	}
	for range bases {
		for s, n := range <-done {
			got[s] += n
		}
	}
	if n := allowedOf(t, got); n != 7 {
		t.Fatalf("20 concurrent requests over 4 servers: %d allowed (%v), want 7", n, got)
	}
	// Every server now refuses that address; another address still passes.
	for _, b := range bases {
		if n := allowedOf(t, burst(t, b, 1, oneAddress("203.0.113.60"))); n != 0 {
			t.Fatalf("%s let a request past the shared limit", b)
		}
	}
	// Sequential requests from a new address alternate between servers:
	// the 8th is the first refused, wherever it lands.
	for i := range 9 {
		b := bases[i%len(bases)]
		want := 1
		if i >= 7 {
			want = 0
		}
		if n := allowedOf(t, burst(t, b, 1, oneAddress("203.0.113.61"))); n != want {
			t.Fatalf("request %d on %s: allowed %d, want %d", i+1, b, n, want)
		}
	}
	// The counter is 1.7.5's key, behind @better-auth/redis-storage's prefix,
	// with the rule's window as its TTL.
	kv := openRedis(t, url, prefix)
	key := "203.0.113.61|/sign-in/email"
	n, err := kv.Client().Get(t.Context(), prefix+key).Int()
	if err != nil || n != 9 {
		t.Fatalf("counter %q: %d %v, want 9", key, n, err)
	}
	ttl := kv.Client().TTL(t.Context(), prefix+key).Val()
	if ttl <= 50*time.Second || ttl > 60*time.Second {
		t.Fatalf("counter TTL %v, want about 60s", ttl)
	}
}
