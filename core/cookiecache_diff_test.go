package core_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// cacheStep is a differential step with an action on the client and its
// server's database before the request.
type cacheStep struct {
	diffStep
	before func(t *testing.T, c *client, db *sql.DB)
}

var normSessionData = regexp.MustCompile(`(session_data(?:\.\d+)?)=[^;]+`)

// cacheNormalize is normalize with session_data values (random ids and
// times inside) reduced to their presence.
func cacheNormalize(c *client) string {
	cc := *c
	cc.setCookies = nil
	for _, sc := range c.setCookies {
		cc.setCookies = append(cc.setCookies, normSessionData.ReplaceAllString(sc, "$1=<data>"))
	}
	return normalize(&cc)
}

func cacheOptions(strategy string, maxAge int) (core.Options, string) {
	o := enabled(core.Options{})
	o.Session.CookieCache = core.CookieCache{Enabled: true, Strategy: strategy, MaxAge: time.Duration(maxAge) * time.Second}
	ts := map[string]any{"session": map[string]any{"cookieCache": map[string]any{"enabled": true, "strategy": strategy, "maxAge": maxAge}}}
	raw, _ := json.Marshal(ts)
	return o, "OPTIONS=" + string(raw)
}

// runCacheDifferential is runDifferentialOn with cacheStep's actions.
func runCacheDifferential(t *testing.T, dialect string, o core.Options, env []string, steps []cacheStep) {
	t.Helper()
	dir, node := npmWire(t)
	goW, tsW := newWireDB(t, dialect, o, "go"), newWireDB(t, dialect, o, "ts")
	dbs := map[string]*sql.DB{"go": goW.db, "ts": tsW.db}
	o.Secret, o.Database = testSecret, goW.database()
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, tsW.url, env...) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	for i, s := range steps {
		h := append([]string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}, s.headers...)
		for _, side := range []struct {
			c  *client
			db *sql.DB
		}{{goc, dbs["go"]}, {ts, dbs["ts"]}} {
			if s.before != nil {
				s.before(t, side.c, side.db)
			}
			side.c.do(s.method, s.path, s.body, h...)
		}
		g, w := cacheNormalize(goc), cacheNormalize(ts)
		if testing.Verbose() {
			t.Logf("step %d: %s %s %v\n%s", i, s.method, s.path, s.body, g)
		}
		if g != w {
			t.Errorf("step %d: %s %s %v\n--- go\n%s\n--- typescript\n%s", i, s.method, s.path, s.body, g, w)
		}
	}
}

func deleteSessions(t *testing.T, _ *client, db *sql.DB) {
	// Unquoted: session is a name every engine takes as it is.
	if _, err := db.Exec(`DELETE FROM session`); err != nil {
		t.Fatal(err)
	}
}

// tamper changes the third-last character of the session_data cookie.
// Not the last: its low bits may be unused padding bits of base64url, and a
// change there can leave the decoded bytes as they were (go-jose's decoder
// accepts that; jose's refuses it), which is no tampering at all.
func tamper(_ *testing.T, c *client, _ *sql.DB) {
	for n, v := range c.jar {
		if strings.Contains(n, "session_data") {
			i := len(v) - 3
			swap := byte('A')
			if v[i] == 'A' {
				swap = 'B'
			}
			c.jar[n] = v[:i] + string(swap) + v[i+1:]
		}
	}
}

// forget drops the dont_remember cookie (a remembered sign-in does not
// expire it).
func forget(_ *testing.T, c *client, _ *sql.DB) { delete(c.jar, "better-auth.dont_remember") }

func garble(value string) func(*testing.T, *client, *sql.DB) {
	return func(_ *testing.T, c *client, _ *sql.DB) {
		n := "better-auth.session_data"
		if _, ok := c.jar[n]; !ok {
			c.order = append(c.order, n)
		}
		c.jar[n] = value
	}
}

// TestDifferentialCookieCache compares get-session, sign-in, sign-up,
// update-user, the revoke endpoints and sign-out with the cookie cache of
// each strategy against Better Auth 1.7.5: the Set-Cookie lines (values of
// session_data aside), and bodies — including get-session answered from
// the cache after the session rows are deleted, which only a server that
// reads the cache (and not the database) can answer.
func TestDifferentialCookieCache(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		for _, strategy := range []string{"compact", "jwt", "jwe"} {
			t.Run(strategy, func(t *testing.T) {
				o, env := cacheOptions(strategy, 300)
				step := func(m, p string, body any, before func(*testing.T, *client, *sql.DB)) cacheStep {
					return cacheStep{diffStep{m, p, body, nil}, before}
				}
				up := map[string]any{"name": "Cache User", "email": "cache@example.com", "password": password}
				in := func(remember bool) map[string]any {
					return map[string]any{"email": "cache@example.com", "password": password, "rememberMe": remember}
				}
				steps := []cacheStep{
					step("GET", "/get-session", nil, nil),
					step("POST", "/sign-up/email", up, nil),
					step("GET", "/get-session", nil, nil),
					step("GET", "/get-session?disableCookieCache=true", nil, nil),
					step("POST", "/update-user", map[string]any{"name": "Renamed", "image": "https://example.com/a.png"}, nil),
					step("GET", "/get-session", nil, nil),
					step("GET", "/list-sessions", nil, nil),
					// Answered from the cache: the rows are gone.
					step("GET", "/get-session", nil, deleteSessions),
					step("POST", "/update-user", map[string]any{"name": "Ghost"}, nil),
					step("GET", "/get-session?disableCookieCache=1", nil, nil),
					step("GET", "/get-session", nil, nil),
					step("POST", "/sign-in/email", in(false), nil),
					step("GET", "/get-session", nil, nil),
					step("GET", "/get-session?disableCookieCache=true", nil, nil),
					step("POST", "/sign-in/email", in(true), forget),
					step("GET", "/get-session", nil, tamper),
					step("GET", "/get-session", nil, nil),
					step("GET", "/get-session", nil, garble("eyJub3QiOiJ2YWxpZCJ9")),
					step("GET", "/get-session", nil, garble("bm90IGpzb24")),
					// revoke-sessions reads the database, then the cache still
					// answers get-session until disableCookieCache.
					step("POST", "/revoke-sessions", map[string]any{}, nil),
					step("GET", "/get-session", nil, nil),
					step("POST", "/revoke-sessions", map[string]any{}, nil),
					step("GET", "/get-session?disableCookieCache=true", nil, nil),
					step("POST", "/sign-in/email", in(true), nil),
					step("POST", "/sign-out", map[string]any{}, nil),
					step("GET", "/get-session", nil, nil),
				}
				if strategy == "compact" {
					// Not base64: 1.7.5's decoder throws, get-session answers 500.
					steps = append(steps,
						step("POST", "/sign-in/email", in(true), nil),
						step("GET", "/get-session", nil, garble("not*base64")),
						step("GET", "/list-sessions", nil, garble("not*base64")),
					)
				}
				runCacheDifferential(t, dialect, o, []string{env}, steps)
			})
		}
	})
}

// TestDifferentialCookieCacheExpiry: a cache past its maxAge is expired
// and the database read again, with both servers.
func TestDifferentialCookieCacheExpiry(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		for _, strategy := range []string{"compact", "jwt", "jwe"} {
			t.Run(strategy, func(t *testing.T) {
				// maxAge 10 s: room for a loaded machine between sign-up
				// and the read that must still hit the cache.
				o, env := cacheOptions(strategy, 10)
				wait := func(*testing.T, *client, *sql.DB) { time.Sleep(10100 * time.Millisecond) }
				steps := []cacheStep{
					{diffStep{"POST", "/sign-up/email", map[string]any{"name": "E", "email": "e@example.com", "password": password}, nil}, nil},
					// Within maxAge: the cache answers though the row is gone.
					{diffStep{"GET", "/get-session", nil, nil}, deleteSessions},
					// Past it: the cache is expired, the database says no.
					{diffStep{"GET", "/get-session", nil, nil}, wait},
				}
				runCacheDifferential(t, dialect, o, []string{env}, steps)
			})
		}
	})
}

// TestDifferentialCookieCacheChunked: a user too large for one cookie is
// cached in chunks, as 1.7.5 chunks it, and read back from them.
func TestDifferentialCookieCacheChunked(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		o, env := cacheOptions("compact", 300)
		big := strings.Repeat("x", 5000)
		steps := []cacheStep{
			{diffStep{"POST", "/sign-up/email", map[string]any{"name": big, "email": "big@example.com", "password": password}, nil}, nil},
			{diffStep{"GET", "/get-session", nil, nil}, deleteSessions},
			{diffStep{"POST", "/update-user", map[string]any{"name": "small"}, nil}, nil},
			{diffStep{"GET", "/get-session", nil, nil}, nil},
		}
		runCacheDifferential(t, dialect, o, []string{env}, steps)
		_ = fmt.Sprint
	})
}

// TestDifferentialCookieCacheFresh: list-sessions' freshness check reads
// the createdAt of a cached session, as 1.7.5's freshSessionMiddleware
// does (the rows are deleted: the list is empty, the session fresh, then
// stale).
func TestDifferentialCookieCacheFresh(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		o, _ := cacheOptions("jwe", 300)
		o.Session.FreshAge = 4 * time.Second
		env := `OPTIONS={"session":{"freshAge":4,"cookieCache":{"enabled":true,"strategy":"jwe"}}}`
		wait := func(*testing.T, *client, *sql.DB) { time.Sleep(4100 * time.Millisecond) }
		steps := []cacheStep{
			// A first sign-up warms the servers up (the timing below is tight).
			{diffStep{"POST", "/sign-up/email", map[string]any{"name": "W", "email": "w@example.com", "password": password}, nil}, nil},
			{diffStep{"POST", "/sign-up/email", map[string]any{"name": "F", "email": "f@example.com", "password": password}, nil}, nil},
			{diffStep{"GET", "/list-sessions", nil, nil}, deleteSessions},
			{diffStep{"GET", "/list-sessions", nil, nil}, wait},
			{diffStep{"GET", "/get-session", nil, nil}, nil},
		}
		runCacheDifferential(t, dialect, o, []string{env}, steps)
	})
}

// TestDifferentialCookieCacheFields: additional user fields (a number, a
// date, one not returned) go through the cache as 1.7.5 takes them.
func TestDifferentialCookieCacheFields(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		o, _ := cacheOptions("compact", 300)
		o.User.AdditionalFields = []core.Field{
			{Name: "score", Type: core.TypeNumber, Required: core.Optional},
			{Name: "birthday", Type: core.TypeDate, Required: core.Optional},
			{Name: "secretNote", Type: core.TypeString, Required: core.Optional, Returned: core.Bool(false)},
		}
		env := `OPTIONS={"session":{"cookieCache":{"enabled":true}},"user":{"additionalFields":{` +
			`"score":{"type":"number","required":false},"birthday":{"type":"date","required":false},` +
			`"secretNote":{"type":"string","required":false,"returned":false}}}}`
		steps := []cacheStep{
			{diffStep{"POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password,
				"score": 7, "birthday": "2000-01-02T03:04:05.678Z", "secretNote": "hidden"}, nil}, nil},
			{diffStep{"GET", "/get-session", nil, nil}, nil},
			{diffStep{"GET", "/get-session", nil, nil}, deleteSessions},
			{diffStep{"POST", "/update-user", map[string]any{"score": 12}, nil}, nil},
			{diffStep{"GET", "/get-session", nil, nil}, nil},
		}
		runCacheDifferential(t, dialect, o, []string{env}, steps)
	})
}
