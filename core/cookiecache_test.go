package core_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// TestCookieCacheDialects runs the cache on each database: get-session
// from the cache equals the database's answer (as JSON values; the key
// order differs as in 1.7.5), keeps answering after revoke-sessions
// deleted the rows (which reads the database, not the cache), and
// disableCookieCache, the sensitive endpoints and GetSession behave as
// documented; list-sessions' freshness reads the cached createdAt.
func TestCookieCacheDialects(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		for _, strategy := range []string{"compact", "jwt", "jwe"} {
			t.Run(strategy, func(t *testing.T) {
				o := enabled(core.Options{})
				o.Session.CookieCache = core.CookieCache{Enabled: true, Strategy: strategy}
				o.Session.FreshAge = 2 * time.Second
				a, _ := newAuth(t, dialect, o)
				c := startServer(t, a)
				c.signUp("dialect-"+strategy+"@example.com", password)
				if !hasSessionData(c) {
					t.Fatalf("no session_data after sign-up: %v", c.setCookies)
				}
				var live, cached any
				json.Unmarshal(c.rawOf("GET", "/get-session?disableCookieCache=true"), &live)
				json.Unmarshal(c.rawOf("GET", "/get-session"), &cached)
				if live == nil || !reflect.DeepEqual(live, cached) {
					t.Fatalf("live %v\ncached %v", live, cached)
				}
				c.do("POST", "/revoke-sessions", map[string]any{})
				c.expect(200, `{"status":true}`)
				c.do("GET", "/get-session", nil)
				if !strings.Contains(string(c.raw), `"token"`) || len(c.setCookies) != 0 {
					t.Fatalf("after revoke-sessions the cache should still answer: %s %v", c.raw, c.setCookies)
				}
				if s, err := a.GetSession(context.Background(), cookieHeader(c)); err != nil || s == nil || s.User.Email != "dialect-"+strategy+"@example.com" {
					t.Fatalf("GetSession from the cache: %v %v", s, err)
				}
				c.do("GET", "/list-sessions", nil)
				c.expect(200, "[]") // the cached session is fresh; its row is gone
				c.do("POST", "/update-user", map[string]any{"name": "Cached Name"})
				c.expect(200, `{"status":true}`)
				c.do("GET", "/get-session", nil)
				if !strings.Contains(string(c.raw), `"name":"Cached Name"`) {
					t.Fatalf("update-user did not refresh the cache: %s", c.raw)
				}
				time.Sleep(2100 * time.Millisecond)
				c.do("GET", "/list-sessions", nil)
				c.expectError(403, "SESSION_NOT_FRESH", "Session is not fresh")
				c.do("POST", "/revoke-sessions", map[string]any{})
				c.expectError(401, "UNAUTHORIZED", "Unauthorized")
				c.do("GET", "/get-session", nil)
				c.expect(200, "null") // revoke-sessions' database read expired the cookies
				if s, _ := a.GetSession(context.Background(), cookieHeader(c)); s != nil {
					t.Fatal("GetSession without cookies")
				}
			})
		}
	})
}

// rawOf sends a request and returns the body.
func (c *client) rawOf(method, path string) []byte {
	c.t.Helper()
	c.do(method, path, nil)
	c.expect(200, "*")
	return c.raw
}

// TestCookieCachePluginSessions: a plugin endpoint's RequireSession
// accepts the cached session of a revoked session (1.7.5's
// sessionMiddleware), RequireAuthoritativeSession does not
// (sensitiveSessionMiddleware).
func TestCookieCachePluginSessions(t *testing.T) {
	whoami := func(auth bool) func(x *core.Context) (json.RawMessage, error) {
		return func(x *core.Context) (json.RawMessage, error) {
			get := x.RequireSession
			if auth {
				get = x.RequireAuthoritativeSession
			}
			s, err := get()
			if err != nil {
				return nil, err
			}
			return core.JSON(map[string]any{"email": s.User.Email})
		}
	}
	p := clashPlugin{id: "cc", rt: core.PluginRuntime{Endpoints: []core.Endpoint{
		{Method: http.MethodGet, Path: "/cc/cached", Handler: whoami(false)},
		{Method: http.MethodGet, Path: "/cc/authoritative", Handler: whoami(true)},
	}}}
	o := enabled(core.Options{Plugins: []core.Plugin{p}})
	o.Session.CookieCache = core.CookieCache{Enabled: true}
	a, _ := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	c.signUp("plugin-cache@example.com", password)
	c.do("GET", "/cc/authoritative", nil)
	c.expect(200, `{"email":"plugin-cache@example.com"}`)
	c.do("POST", "/revoke-sessions", map[string]any{})
	c.expect(200, "*")
	c.do("GET", "/cc/cached", nil)
	c.expect(200, `{"email":"plugin-cache@example.com"}`)
	c.do("GET", "/cc/authoritative", nil)
	c.expectError(401, "UNAUTHORIZED", "Unauthorized")
}

// TestCookieCacheAfterHookDeletes: when an after hook ends the sign-in's
// session (twoFactor's redirect), no live session_data value stays in the
// response, as 1.7.5's expireCookie removes the earlier lines.
func TestCookieCacheAfterHookDeletes(t *testing.T) {
	o := enabled(core.Options{Plugins: []core.Plugin{gatePlugin{}}})
	o.Session.CookieCache = core.CookieCache{Enabled: true, Strategy: "jwe"}
	a, db := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	c.signUp("second@example.com", password)
	if _, err := db.Exec(`UPDATE "user" SET "secondFactor" = 1`); err != nil {
		t.Fatal(err)
	}
	x := c.clone()
	x.do("POST", "/sign-in/email", map[string]any{"email": "second@example.com", "password": password})
	x.expect(200, `{"twoFactorRedirect":true}`)
	n := 0
	for _, sc := range x.setCookies {
		if strings.HasPrefix(sc, "better-auth.session_data") {
			n++
			if !strings.HasPrefix(sc, "better-auth.session_data=; Max-Age=0") {
				t.Fatalf("live session_data after the hook ended the session: %v", x.setCookies)
			}
		}
	}
	if n == 0 {
		t.Fatalf("session_data not expired: %v", x.setCookies)
	}
}
