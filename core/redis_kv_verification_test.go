package core_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// kvKeys is the sorted key set of a stored JSON object.
func kvKeys(t *testing.T, raw string) []string {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("stored value %q: %v", raw, err)
	}
	var keys []string
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// With SecondaryStorage and without verification.storeInDatabase
// (1.7.5's default then) verification values live in Redis alone: two Go
// handlers and the TypeScript 1.7.5 server, on one Redis and one database
// without a verification table, honour each other's reset and delete
// links; a value is consumed once, also by concurrent requests across the
// servers; the stored JSON and TTL are 1.7.5's; an expired or unreadable
// value is refused; the verification create hooks run.
func TestRedisVerificationsInRedisOnly(t *testing.T) {
	url := redisURL(t)
	dir, node := npmWire(t)
	prefix := redisPrefix(t)
	kv := openRedis(t, url, prefix)
	ctx := context.Background()
	d := clusterDialect()
	tsDB, db := sharedDB(t, d)
	box := &outbox{}
	var hookMu sync.Mutex
	var hooked []string
	hook := func(when string) func(*core.Context, core.Record) error {
		return func(_ *core.Context, r core.Record) error {
			hookMu.Lock()
			defer hookMu.Unlock()
			id, _ := r["identifier"].(string)
			hooked = append(hooked, when+" "+strings.SplitN(id, ":", 2)[0])
			return nil
		}
	}
	var gos []*client
	for i := range 2 {
		a := core.New(core.Options{Secret: testSecret, Logger: quiet(), Database: core.Database{Dialect: d, DB: db},
			SecondaryStorage: openRedis(t, url, prefix),
			EmailAndPassword: core.EmailAndPassword{Enabled: true, SendResetPassword: box.send("reset-password")},
			User:             core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true, SendDeleteAccountVerification: box.send("delete-user")}},
			DatabaseHooks: []core.DatabaseHook{{Table: "verification", Op: core.OpCreate,
				Before: hook("before"), After: hook("after")}}})
		if i == 0 {
			createTables(t, db, d, a)
		}
		gos = append(gos, startServer(t, a))
	}
	if _, err := db.Exec("SELECT 1 FROM verification"); err == nil {
		t.Fatal("the database has a verification table")
	}
	ts := &client{t: t, base: startTS(t, dir, node, tsDB, "REDIS_URL="+url, "REDIS_PREFIX="+prefix, "CAPTURE_EMAIL=1",
		`OPTIONS={"user":{"deleteUser":{"enabled":true}}}`) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	userID, _ := obj(gos[0].clone().signUp("kv@example.com", password)["user"])["id"].(string)
	key := func(tok string) string { return "verification:reset-password:" + tok }
	request := func(c *client) string {
		t.Helper()
		c = c.clone()
		c.do("POST", "/request-password-reset", map[string]any{"email": "kv@example.com", "redirectTo": "/reset"})
		c.expect(200, "*")
		if c == ts || strings.HasPrefix(c.base, ts.origin) {
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

	// The value Go stores is 1.7.5's: the same keys as TypeScript's,
	// no id, the user's id, expiring with the token (one hour).
	goTok, tsTok := request(gos[0]), request(ts)
	goRaw, err := kv.Get(ctx, key(goTok))
	if err != nil || goRaw == "" {
		t.Fatalf("Go's key: %q %v", goRaw, err)
	}
	tsRaw, _ := kv.Get(ctx, key(tsTok))
	if g, w := strings.Join(kvKeys(t, goRaw), ","), strings.Join(kvKeys(t, tsRaw), ","); g != w || g != "createdAt,expiresAt,identifier,updatedAt,value" {
		t.Fatalf("stored keys: Go %s, TypeScript %s", g, w)
	}
	var stored map[string]string
	if err := json.Unmarshal([]byte(goRaw), &stored); err != nil || stored["value"] != userID || stored["identifier"] != "reset-password:"+goTok {
		t.Fatalf("Go's value %s", goRaw)
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000Z", stored["expiresAt"]); err != nil {
		t.Fatalf("expiresAt %q is not an ISO date: %v", stored["expiresAt"], err)
	}
	if ttl := kv.Client().TTL(ctx, prefix+key(goTok)).Val(); ttl <= 59*time.Minute || ttl > time.Hour {
		t.Fatalf("Go's TTL %v", ttl)
	}
	hookMu.Lock()
	if strings.Join(hooked, ",") != "before reset-password,after reset-password" {
		t.Fatalf("create hooks: %v", hooked)
	}
	hookMu.Unlock()

	// Each server's link opens on the other.
	for _, c := range []struct {
		on  *client
		tok string
	}{{ts, goTok}, {gos[1], tsTok}} {
		x := c.on.clone()
		x.do("GET", "/reset-password/"+c.tok+"?callbackURL=/reset", nil)
		if x.status != 302 || x.header.Get("Location") != x.origin+"/reset?token="+c.tok {
			t.Fatalf("%s reset link: %d %s", x.base, x.status, x.header.Get("Location"))
		}
	}
	// Each token works once, on the other server.
	c := ts.clone()
	c.do("POST", "/reset-password", map[string]any{"token": goTok, "newPassword": "new password 1"})
	c.expect(200, `{"status":true}`)
	c = gos[0].clone()
	c.do("POST", "/reset-password", map[string]any{"token": goTok, "newPassword": "new password 2"})
	c.expectError(400, "INVALID_TOKEN", "Invalid token")
	c = gos[1].clone()
	c.do("POST", "/reset-password", map[string]any{"token": tsTok, "newPassword": "new password 3"})
	c.expect(200, `{"status":true}`)
	if raw, _ := kv.Get(ctx, key(tsTok)); raw != "" {
		t.Fatalf("key left after Go consumed it: %s", raw)
	}
	c = ts.clone()
	c.do("POST", "/reset-password", map[string]any{"token": tsTok, "newPassword": "new password 4"})
	c.expectError(400, "INVALID_TOKEN", "Invalid token")
	c = gos[0].clone()
	c.do("POST", "/sign-in/email", map[string]any{"email": "kv@example.com", "password": "new password 3"})
	c.expect(200, "*")

	// One token, twelve concurrent resets over the three servers: one
	// succeeds.
	tok := request(gos[1])
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for i := range 12 {
		wg.Add(1)
		go func(on *client) {
			defer wg.Done()
			x := on.clone()
			x.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "concurrent password"})
			mu.Lock()
			statuses[x.status]++
			mu.Unlock()
		}([]*client{gos[0], gos[1], ts}[i%3])
	}
	wg.Wait()
	if statuses[200] != 1 || statuses[400] != 11 {
		t.Fatalf("concurrent resets: %v, want one 200 and eleven 400", statuses)
	}

	// An expired value still in Redis is refused by the link and by
	// reset-password, and consumed; an unreadable one is no value.
	tok = request(gos[0])
	raw, _ := kv.Get(ctx, key(tok))
	var aged map[string]any
	if err := json.Unmarshal([]byte(raw), &aged); err != nil {
		t.Fatal(err)
	}
	aged["expiresAt"] = time.Now().Add(-time.Second).UTC().Format("2006-01-02T15:04:05.000Z")
	expired, _ := json.Marshal(aged)
	if err := kv.Set(ctx, key(tok), string(expired), time.Minute); err != nil {
		t.Fatal(err)
	}
	c = gos[0].clone()
	c.do("GET", "/reset-password/"+tok+"?callbackURL=/reset", nil)
	if c.status != 302 || c.header.Get("Location") != c.origin+"/reset?error=INVALID_TOKEN" {
		t.Fatalf("expired link: %d %s", c.status, c.header.Get("Location"))
	}
	c.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "expired password"})
	c.expectError(400, "INVALID_TOKEN", "Invalid token")
	if raw, _ := kv.Get(ctx, key(tok)); raw != "" {
		t.Fatalf("expired value left: %s", raw)
	}
	tok = request(gos[0])
	if err := kv.Set(ctx, key(tok), "{not json", time.Minute); err != nil {
		t.Fatal(err)
	}
	c.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "unreadable password"})
	c.expectError(400, "INVALID_TOKEN", "Invalid token")

	// A Go delete link, followed on TypeScript with the same session
	// (sessions are in Redis too).
	g := gos[0].clone()
	g.do("POST", "/sign-in/email", map[string]any{"email": "kv@example.com", "password": "concurrent password"})
	g.expect(200, "*")
	g.do("POST", "/delete-user", map[string]any{"callbackURL": "/bye"})
	g.expect(200, `{"success":true,"message":"Verification email sent"}`)
	m := box.take()
	if len(m) != 1 || m[0].Kind != "delete-user" {
		t.Fatalf("go outbox %+v", m)
	}
	if raw, _ := kv.Get(ctx, "verification:delete-account-"+m[0].Token); !strings.Contains(raw, `"value":"`+userID+`"`) {
		t.Fatalf("delete token value %q", raw)
	}
	x := ts.clone()
	for k, v := range g.jar {
		x.jar[k], x.order = v, append(x.order, k)
	}
	link(x, strings.Replace(m[0].URL, g.base, ts.base, 1))
	if x.status != 302 || x.header.Get("Location") != "/bye" {
		t.Fatalf("TypeScript following the Go link: %d %s", x.status, x.raw)
	}
	if n := count(t, db, d, "user", ""); n != 0 {
		t.Fatalf("%d users left", n)
	}
}

// A Redis that is down refuses the requests that need a verification
// value with the 503 (nothing half-written), and the same handler serves
// them once Redis is back.
func TestRedisVerificationsOutage(t *testing.T) {
	r := newOwnRedis(t)
	r.start()
	kv := openRedis(t, r.url(), "")
	_, db := sharedSQLite(t)
	box := &outbox{}
	a := core.New(core.Options{Secret: testSecret, Logger: quiet(), Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		SecondaryStorage: kv, Session: core.SessionOptions{StoreSessionInDatabase: true},
		EmailAndPassword: core.EmailAndPassword{Enabled: true, SendResetPassword: box.send("reset-password")}})
	createTables(t, db, core.DialectSQLite, a)
	c := startServer(t, a)
	c.clone().signUp("down@example.com", password)
	request := func() *client {
		x := c.clone()
		x.do("POST", "/request-password-reset", map[string]any{"email": "down@example.com", "redirectTo": "/reset"})
		return x
	}
	tok := ""
	if x := request(); x.status == 200 {
		tok = box.take()[0].Token
	}
	r.stop()
	start := time.Now()
	x := request()
	expectUnavailable(t, x, "request-password-reset", time.Since(start))
	if m := box.take(); len(m) != 0 {
		t.Fatalf("mail sent while the token could not be stored: %+v", m)
	}
	start = time.Now()
	x = c.clone()
	x.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "new password 1"})
	expectUnavailable(t, x, "reset-password", time.Since(start))

	r.start()
	deadline := time.Now().Add(10 * time.Second)
	for {
		x = c.clone()
		x.do("POST", "/reset-password", map[string]any{"token": tok, "newPassword": "new password 1"})
		if x.status == http.StatusOK || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	x.expect(200, `{"status":true}`)
}
