package core_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// With verification values in the table and in Redis (1.7.5's
// verification.storeInDatabase with secondaryStorage), Go writes the key
// verification:<identifier> as 1.7.5 does and deletes it when it consumes
// the value; a token used on one server is dead on the other.
func TestRedisVerificationMirrored(t *testing.T) {
	url := redisURL(t)
	dir, node := npmWire(t)
	prefix := redisPrefix(t)
	kv := openRedis(t, url, prefix)
	d := clusterDialect()
	tsDB, db := sharedDB(t, d)
	var mu sync.Mutex
	var tokens []string
	a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: d, DB: db}, SecondaryStorage: openRedis(t, url, prefix),
		Verification: core.VerificationOptions{StoreInDatabase: true},
		EmailAndPassword: core.EmailAndPassword{Enabled: true, SendResetPassword: func(_ context.Context, e core.Email) error {
			mu.Lock()
			defer mu.Unlock()
			tokens = append(tokens, e.Token)
			return nil
		}}})
	createTables(t, db, d, a)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	ts := startTS(t, dir, node, tsDB, "REDIS_URL="+url, "REDIS_PREFIX="+prefix,
		`OPTIONS={"verification":{"storeInDatabase":true}}`)
	goc := &client{t: t, base: srv.URL + "/api/auth", origin: srv.URL, jar: map[string]string{}}
	tsc := &client{t: t, base: ts + "/api/auth", origin: ts, jar: map[string]string{}}
	userID := obj(goc.signUp("verify@example.com", password)["user"])["id"]

	request := func() string {
		t.Helper()
		c := goc.clone()
		c.do("POST", "/request-password-reset", map[string]any{"email": "verify@example.com", "redirectTo": "/reset"})
		c.expect(200, "*")
		mu.Lock()
		defer mu.Unlock()
		return tokens[len(tokens)-1]
	}
	key := func(tok string) string { return "verification:reset-password:" + tok }

	tok := request()
	raw, err := kv.Get(context.Background(), key(tok))
	if err != nil || raw == "" {
		t.Fatalf("key %s: %q %v", key(tok), raw, err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(raw), &v); err != nil || v["identifier"] != "reset-password:"+tok || v["value"] != userID || v["expiresAt"] == nil || v["id"] == nil {
		t.Fatalf("stored verification %s", raw)
	}
	if ttl := kv.Client().TTL(context.Background(), prefix+key(tok)).Val(); ttl <= 59*time.Minute || ttl > time.Hour {
		t.Fatalf("verification TTL %v", ttl)
	}
	// Used on TypeScript, dead on Go.
	c := tsc.clone()
	c.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "new password 1"})
	c.expect(200, `{"status":true}`)
	c = goc.clone()
	c.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "new password 2"})
	c.expectError(400, "INVALID_TOKEN", "Invalid token")

	// Used on Go: the key is gone and TypeScript refuses the token.
	tok = request()
	c = goc.clone()
	c.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "new password 3"})
	c.expect(200, `{"status":true}`)
	if raw, _ := kv.Get(context.Background(), key(tok)); raw != "" {
		t.Fatalf("key left after Go consumed it: %s", raw)
	}
	c = tsc.clone()
	c.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "new password 4"})
	c.expectError(400, "INVALID_TOKEN", "Invalid token")
}
