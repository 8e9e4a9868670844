package core_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// unavailableBody is the whole answer while SecondaryStorage fails: a 503
// that says what is wrong and nothing about where.
const unavailableBody = `{"message":"Secondary storage is unavailable. Try again shortly.","code":"SECONDARY_STORAGE_UNAVAILABLE"}`

// redisAuth is a Go handler with sessions and rate limits in the Redis at
// url (rate limiting on, in Redis).
func redisAuth(t *testing.T, url string) (*core.Auth, *client) {
	t.Helper()
	prefix := ""
	kv := openRedis(t, url, prefix)
	_, db := sharedSQLite(t)
	on := true
	a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}, SecondaryStorage: kv,
		Verification: core.VerificationOptions{StoreInDatabase: true},
		RateLimit:    core.RateLimitOptions{Enabled: &on, Max: 1000}})
	createTables(t, db, core.DialectSQLite, a)
	return a, startServer(t, a)
}

// expectUnavailable checks that c's last answer was the 503, quickly.
func expectUnavailable(t *testing.T, c *client, what string, took time.Duration) {
	t.Helper()
	if c.status != 503 || string(c.raw) != unavailableBody || took > 3*time.Second {
		t.Fatalf("%s with Redis down: %d %s (%v), want 503 %s in under 3 s", what, c.status, c.raw, took, unavailableBody)
	}
}

// Redis stops mid-run: every request that needs it is refused with the
// 503 (none gets through unlimited, no stale session is served), and once
// Redis is back the same handler serves again, the session intact.
func TestRedisRestartedMidRun(t *testing.T) {
	r := newOwnRedis(t)
	r.start()
	a, c := redisAuth(t, r.url())
	c.signUp("outage@example.com", password)
	c.do("GET", "/get-session", nil)
	if obj(obj(c.do("GET", "/get-session", nil))["user"])["email"] != "outage@example.com" {
		t.Fatalf("get-session: %d %s", c.status, c.raw)
	}
	h := http.Header{"Cookie": {"better-auth.session_token=" + c.jar["better-auth.session_token"]}}
	mw := a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))

	r.stop()
	for _, step := range []struct{ method, path string }{
		{"GET", "/get-session"},
		{"GET", "/list-sessions"},
		{"POST", "/sign-in/email"},
	} {
		start := time.Now()
		var body any
		if step.method == "POST" {
			body = map[string]any{"email": "outage@example.com", "password": password}
		}
		c.clone().do(step.method, step.path, body) // without a session: the rate limit still needs Redis
		cc := &client{t: t, base: c.base, origin: c.origin, jar: c.jar, order: c.order}
		cc.do(step.method, step.path, body)
		expectUnavailable(t, cc, step.method+" "+step.path, time.Since(start))
	}
	if _, err := a.GetSession(context.Background(), h); err == nil {
		t.Fatal("GetSession with Redis down: no error")
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/app", nil)
	req.Header = h.Clone()
	mw.ServeHTTP(rec, req)
	if rec.Code != 503 || rec.Body.String() != unavailableBody {
		t.Fatalf("middleware with Redis down: %d %s", rec.Code, rec.Body)
	}

	r.start()
	// The first request after the restart may meet a pooled connection
	// the old Redis closed; go-redis retries it once on a new one.
	if obj(obj(c.do("GET", "/get-session", nil))["user"])["email"] != "outage@example.com" {
		t.Fatalf("get-session after the restart: %d %s", c.status, c.raw)
	}
	if sd, err := a.GetSession(context.Background(), h); err != nil || sd == nil {
		t.Fatalf("GetSession after the restart: %v %v", sd, err)
	}
	rec = httptest.NewRecorder()
	mw.ServeHTTP(rec, req)
	if rec.Code != 204 {
		t.Fatalf("middleware after the restart: %d", rec.Code)
	}
	c2 := c.clone()
	c2.do("POST", "/sign-in/email", map[string]any{"email": "outage@example.com", "password": password})
	c2.expect(200, "*")
}

// A Redis that is down when the application starts: Open succeeds (the
// database is fine), requests get the 503, and the handler serves as soon
// as Redis is up.
func TestRedisDownAtStartup(t *testing.T) {
	r := newOwnRedis(t)
	a, c := redisAuth(t, r.url())
	if err := a.Open(context.Background()); err != nil {
		t.Fatalf("Open with Redis down: %v", err)
	}
	start := time.Now()
	c.do("POST", "/sign-up/email", map[string]any{"name": "Late", "email": "late@example.com", "password": password})
	expectUnavailable(t, c, "sign-up", time.Since(start))
	if strings.Contains(string(c.raw), "127.0.0.1") {
		t.Fatal("the answer names Redis's address")
	}
	r.start()
	c.signUp("late@example.com", password)
	if obj(obj(c.do("GET", "/get-session", nil))["user"])["email"] != "late@example.com" {
		t.Fatalf("get-session once Redis is up: %d %s", c.status, c.raw)
	}
}
