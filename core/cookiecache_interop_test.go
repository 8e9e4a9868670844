package core_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// cachePair is a Go handler and a TypeScript server sharing a database,
// secret and cookie-cache configuration.
type cachePair struct {
	a       *core.Auth
	goc, ts *client
	db      *sql.DB
}

func startCachePair(t *testing.T, db *sql.DB, path string, cc core.CookieCache) *cachePair {
	t.Helper()
	dir, node := npmWire(t)
	o := enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db}})
	o.Session.CookieCache = cc
	a := core.New(o)
	if err := a.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts := map[string]any{"enabled": true, "strategy": cc.Strategy}
	if cc.MaxAge != 0 {
		ts["maxAge"] = int(cc.MaxAge / time.Second)
	}
	if cc.Version != "" {
		ts["version"] = cc.Version
	}
	raw, _ := json.Marshal(map[string]any{"session": map[string]any{"cookieCache": ts}})
	tsc := &client{t: t, base: startTS(t, dir, node, path, "OPTIONS="+string(raw)) + "/api/auth", jar: map[string]string{}}
	tsc.origin = strings.TrimSuffix(tsc.base, "/api/auth")
	return &cachePair{a: a, goc: startServer(t, a), ts: tsc, db: db}
}

// with returns a client of c's server holding from's cookies.
func with(c, from *client) *client {
	n := c.clone()
	for _, k := range from.order {
		if v, ok := from.jar[k]; ok {
			n.jar[k] = v
			n.order = append(n.order, k)
		}
	}
	return n
}

func cookieHeader(c *client) http.Header {
	var parts []string
	for _, k := range c.order {
		if v, ok := c.jar[k]; ok {
			parts = append(parts, k+"="+v)
		}
	}
	return http.Header{"Cookie": {strings.Join(parts, "; ")}}
}

func hasSessionData(c *client) bool {
	for k := range c.jar {
		if strings.HasPrefix(k, "better-auth.session_data") {
			return true
		}
	}
	return false
}

// TestCookieCacheAcrossServers: for each strategy, a session_data cookie
// written by Better Auth 1.7.5 is read by Go — get-session, GetSession —
// from the cache alone (the session rows are deleted first, so only the
// cache can answer), with the same bytes TypeScript answers; and the
// other way round. A tampered cookie, one of another version and an
// expired one are ignored by both: with the rows gone, both answer null.
func TestCookieCacheAcrossServers(t *testing.T) {
	for _, strategy := range []string{"compact", "jwt", "jwe"} {
		t.Run(strategy, func(t *testing.T) {
			path, db := sharedSQLite(t)
			createTables(t, db, core.DialectSQLite, core.New(enabled(core.Options{})))
			p := startCachePair(t, db, path, core.CookieCache{Enabled: true, Strategy: strategy})
			wipe := func() {
				if _, err := db.Exec(`DELETE FROM "session"`); err != nil {
					t.Fatal(err)
				}
			}
			// both sends the same cookies to both servers and requires the
			// same answer, returning it.
			both := func(from *client, path, want string) string {
				t.Helper()
				g, w := with(p.goc, from), with(p.ts, from)
				g.do("GET", path, nil)
				w.do("GET", path, nil)
				if g.status != 200 || string(g.raw) != string(w.raw) {
					t.Fatalf("%s: go %d %s\ntypescript %d %s", path, g.status, g.raw, w.status, w.raw)
				}
				if want == "null" && string(g.raw) != "null" || want == "session" && !strings.Contains(string(g.raw), `"session"`) {
					t.Fatalf("%s: want %s, got %s", path, want, g.raw)
				}
				for _, sc := range g.setCookies {
					if want == "session" && strings.Contains(sc, "session_data") {
						t.Fatalf("%s: answered from the cache but Go set %s", path, sc)
					}
				}
				return string(g.raw)
			}

			for _, writer := range []struct {
				name string
				c    *client
			}{{"typescript", p.ts}, {"go", p.goc}} {
				w := writer.c.clone()
				name := "Cache " + writer.name
				if writer.name == "typescript" {
					name = strings.Repeat("n", 6000) // chunked
				}
				w.do("POST", "/sign-up/email", map[string]any{"name": name, "email": writer.name + "-" + strategy + "@example.com", "password": password})
				w.expect(200, "*")
				if !hasSessionData(w) {
					t.Fatalf("%s wrote no session_data: %v", writer.name, w.setCookies)
				}
				if writer.name == "typescript" {
					if _, ok := w.jar["better-auth.session_data.1"]; !ok {
						t.Fatalf("the large session was not chunked: %v", w.order)
					}
				}
				live := both(w, "/get-session", "session")
				wipe()
				cached := both(w, "/get-session", "session")
				if cached != live {
					t.Fatalf("cached answer differs from the live one:\n%s\n%s", cached, live)
				}
				s, err := p.a.GetSession(context.Background(), cookieHeader(w))
				if err != nil || s == nil || s.User.Name != name {
					t.Fatalf("GetSession with %s's cache: %v %v", writer.name, s, err)
				}
				both(w, "/get-session?disableCookieCache=true", "null")

				// Tampered: one character of the payload changed.
				w2 := writer.c.clone()
				w2.do("POST", "/sign-in/email", map[string]any{"email": writer.name + "-" + strategy + "@example.com", "password": password})
				w2.expect(200, "*")
				wipe()
				for k, v := range w2.jar {
					if strings.HasPrefix(k, "better-auth.session_data") {
						i := len(v) / 2
						c := byte('A')
						if v[i] == 'A' {
							c = 'B'
						}
						w2.jar[k] = v[:i] + string(c) + v[i+1:]
					}
				}
				both(w2, "/get-session", "null")
				if s, err := p.a.GetSession(context.Background(), cookieHeader(w2)); err != nil || s != nil {
					t.Fatalf("GetSession with a tampered cache: %v %v", s, err)
				}
			}

			// Another version, and expiry: a second pair with version "2"
			// and a 2 s maxAge on the same database.
			p2 := startCachePair(t, db, path, core.CookieCache{Enabled: true, Strategy: strategy, Version: "2", MaxAge: 2 * time.Second})
			for _, writer := range []*client{p.ts, p.goc} {
				w := writer.clone()
				w.do("POST", "/sign-in/email", map[string]any{"email": "go-" + strategy + "@example.com", "password": password})
				w.expect(200, "*")
				wipe()
				for _, c := range []*client{with(p2.goc, w), with(p2.ts, w)} {
					c.do("GET", "/get-session", nil)
					c.expect(200, "null")
				}
				if s, _ := p2.a.GetSession(context.Background(), cookieHeader(w)); s != nil {
					t.Fatal("GetSession read a cache of another version")
				}
			}
			for _, writer := range []*client{p2.ts, p2.goc} {
				w := writer.clone()
				w.do("POST", "/sign-in/email", map[string]any{"email": "go-" + strategy + "@example.com", "password": password})
				w.expect(200, "*")
				wipe()
				g, tsc := with(p2.goc, w), with(p2.ts, w)
				g.do("GET", "/get-session", nil)
				tsc.do("GET", "/get-session", nil)
				if !strings.Contains(string(g.raw), `"session"`) || string(g.raw) != string(tsc.raw) {
					t.Fatalf("version 2 cache: go %s\ntypescript %s", g.raw, tsc.raw)
				}
				time.Sleep(3100 * time.Millisecond)
				for _, c := range []*client{with(p2.goc, w), with(p2.ts, w)} {
					c.do("GET", "/get-session", nil)
					c.expect(200, "null")
				}
				if s, _ := p2.a.GetSession(context.Background(), cookieHeader(w)); s != nil {
					t.Fatal("GetSession read an expired cache")
				}
			}
		})
	}
}
