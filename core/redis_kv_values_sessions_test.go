package core_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Plugins reading sessions by token with sessions in Redis alone (which
// SecondaryStorage without storeSessionInDatabase means), next to the
// verification values of redis_kv_values_test.go.

// TestRedisKVCookieCache: with the cookie cache, every response that
// makes a session (a sign-up, a one-time token's verify, a magic link)
// caches it in session_data on Go as on TypeScript, reading the new
// session from Redis; the cache Go wrote is read by TypeScript.
func TestRedisKVCookieCache(t *testing.T) {
	cl := newKVCluster(t, 1, func(box *signInBox) core.Options {
		return core.Options{Session: core.SessionOptions{CookieCache: core.CookieCache{Enabled: true}},
			Plugins: []core.Plugin{plugins.OneTimeToken(), plugins.MagicLink(plugins.MagicLinkOptions{SendMagicLink: box.magicLink})}}
	}, map[string]any{"session": map[string]any{"cookieCache": map[string]any{"enabled": true}}}, `PLUGINS={"oneTimeToken":{},"magicLink":{}}`)
	cached := func(on, c *client, what string) {
		t.Helper()
		if c.status != 200 || c.jar["better-auth.session_data"] == "" {
			t.Fatalf("%s on %s: %d, no session_data in %v", what, cl.name(on), c.status, c.setCookies)
		}
	}
	for _, c := range cl.servers() {
		name := strings.ToLower(cl.name(c)[:2])
		jar := map[string]string{}
		up := cl.on(c, jar)
		up.signUp("cache-"+name+"@example.com", password)
		cached(c, up, "sign-up")
		// The cache is read on the other servers (no session lookup
		// needed: the cookie holds the session).
		for _, s := range cl.servers() {
			if u := obj(obj(cl.on(s, copyJar(jar)).do("GET", "/get-session", nil))["user"]); u["email"] != "cache-"+name+"@example.com" {
				t.Fatalf("%s reading %s's cache: %v", cl.name(s), cl.name(c), u)
			}
		}
		g := cl.on(c, jar)
		g.do("GET", "/one-time-token/generate", nil)
		v := c.clone()
		v.do("POST", "/one-time-token/verify", map[string]any{"token": ottToken(g)})
		cached(c, v, "one-time-token verify")
		m := c.clone()
		m.do("POST", "/sign-in/magic-link", map[string]any{"email": "cache-ml-" + name + "@example.com"})
		ml := c.clone()
		ml.do("GET", "/magic-link/verify?token="+cl.sent(c).Token, nil)
		cached(c, ml, "magic-link verify")
	}
}

// TestRedisKVMultiSession: multiSession's set-active with sessions in
// Redis alone (it reads the remembered session by its token): the
// browser's two sessions switch on either server and the other sees it;
// list-device-sessions lists both on every server.
func TestRedisKVMultiSession(t *testing.T) {
	cl := newKVCluster(t, 1, func(*signInBox) core.Options {
		return core.Options{Plugins: []core.Plugin{plugins.MultiSession()}}
	}, nil, `PLUGINS={"multiSession":{}}`)
	jar := map[string]string{}
	tokA, _ := cl.on(cl.gos[0], jar).signUp("multi-a@example.com", password)["token"].(string)
	tokB, _ := cl.on(cl.ts, jar).signUp("multi-b@example.com", password)["token"].(string)
	for _, p := range []struct {
		on    *client
		token string
		email string
	}{{cl.gos[0], tokA, "multi-a@example.com"}, {cl.ts, tokB, "multi-b@example.com"}, {cl.gos[0], tokB, "multi-b@example.com"}} {
		c := cl.on(p.on, jar)
		c.do("POST", "/multi-session/set-active", map[string]any{"sessionToken": p.token})
		c.expect(200, "*")
		for _, s := range cl.servers() {
			if u := obj(obj(cl.on(s, copyJar(jar)).do("GET", "/get-session", nil))["user"]); u["email"] != p.email {
				t.Fatalf("after set-active on %s: %s sees %v, want %s", cl.name(p.on), cl.name(s), u, p.email)
			}
			// Both sessions are listed, wherever they were made.
			l := cl.on(s, copyJar(jar))
			list, _ := l.do("GET", "/multi-session/list-device-sessions", nil).([]any)
			var emails []string
			for _, x := range list {
				emails = append(emails, obj(obj(x)["user"])["email"].(string))
			}
			sort.Strings(emails)
			if l.status != 200 || strings.Join(emails, ",") != "multi-a@example.com,multi-b@example.com" {
				t.Fatalf("list-device-sessions on %s: %d %s", cl.name(s), l.status, l.raw)
			}
		}
	}
}
