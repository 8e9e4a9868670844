package core_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// kvSignInPlugins is username, bearer, jwt, lastLoginMethod (stored in
// the database), anonymous and apiKey (sessions for keys) on both
// servers, in the same order.
func kvSignInPlugins(t *testing.T) *kvDuo {
	return newKVDuo(t, kvDialect(), core.Options{Plugins: []core.Plugin{
		plugins.Username(), plugins.Bearer(), plugins.JWT(),
		plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true}),
		plugins.Anonymous(), plugins.APIKey(plugins.APIKeyOptions{EnableSessionForAPIKeys: true}),
	}}, "USERNAME_PLUGIN={}", "BEARER_PLUGIN={}", "JWT_PLUGIN={}",
		`PLUGINS={"lastLoginMethod":{"storeInDatabase":true},"anonymous":{},"apiKey":{"enableSessionForAPIKeys":true}}`)
}

// TestKVSessionsSignInPlugins: with sessions in Redis alone, a session
// made on one server by sign-in/username is the session the other
// serves; lastLoginMethod's session-create hook writes the method on the
// user and into the user cached in Redis (get-session on the other
// server reads it); the bearer token one server sets is a session on the
// other; /token on one server signs a JWT for a session the other made;
// an API key created with a Redis session on one server is a session on
// the other.
func TestKVSessionsSignInPlugins(t *testing.T) {
	k := kvSignInPlugins(t)
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		email, name := fmt.Sprintf("user%d@example.com", i), fmt.Sprintf("user_%d", i)
		up := srv.clone()
		res := obj(up.do("POST", "/sign-up/email", map[string]any{"name": "U", "email": email, "password": password, "username": name}))
		up.expect(200, "*")
		id := obj(res["user"])["id"].(string)
		// Another method recorded before (sign-in/username records none):
		// the email sign-in below changes it.
		if _, err := k.db.Exec(`UPDATE `+q(k.d, "user")+` SET `+q(k.d, "lastLoginMethod")+` = 'magic-link' WHERE id = `+ph(k.d, 1), id); err != nil {
			t.Fatal(err)
		}

		// sign-in/username on srv, session read on other, alike.
		c := srv.clone()
		c.do("POST", "/sign-in/username", map[string]any{"username": name, "password": password})
		c.expect(200, "*")
		bearer := c.header.Get("set-auth-token")
		g := &client{t: t, jar: copyJar(c.jar), order: c.order}
		s := &client{t: t, jar: copyJar(c.jar), order: c.order}
		u := obj(obj(at(g, k.goc()).do("GET", "/get-session", nil))["user"])
		at(s, k.ts()).do("GET", "/get-session", nil)
		if u["username"] != name {
			t.Fatalf("Go get-session of a %s sign-in/username: %s", serverName(srv, k), g.raw)
		}
		sameStep(t, "get-session", g, s)
		// jwt's set-auth-jwt on get-session, from the Redis session, on
		// both servers.
		for _, r := range []*client{g, s} {
			if claims := jwtClaims(t, r.header.Get("set-auth-jwt")); claims["sub"] != id {
				t.Fatalf("%s set-auth-jwt claims %v", serverName(r, k), claims)
			}
		}
		// lastLoginMethod: the column and the cached user agree.
		var method string
		if err := k.db.QueryRow(`SELECT `+q(k.d, "lastLoginMethod")+` FROM `+q(k.d, "user")+` WHERE id = `+ph(k.d, 1), id).Scan(&method); err != nil || method != "magic-link" {
			t.Fatalf("user.lastLoginMethod %q %v", method, err)
		}
		if u["lastLoginMethod"] != method || obj(k.stored(c.sessionToken())["user"])["lastLoginMethod"] != method {
			t.Fatalf("%s sign-in: lastLoginMethod %q in the row, %v in get-session on Go, %v stored", serverName(srv, k), method, u["lastLoginMethod"], obj(k.stored(c.sessionToken())["user"])["lastLoginMethod"])
		}
		// An email sign-in on other: its session-create hook writes
		// "email" on the user and into the user cached with the first
		// session, read by get-session on both servers.
		e := other.clone()
		e.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password})
		e.expect(200, "*")
		for _, srvC := range k.both() {
			r := &client{t: t, base: srvC.base, origin: srvC.origin, jar: copyJar(c.jar), order: c.order}
			if got := obj(obj(r.do("GET", "/get-session", nil))["user"])["lastLoginMethod"]; got != "email" {
				t.Fatalf("%s get-session after an email sign-in on %s: lastLoginMethod %v", serverName(r, k), serverName(other, k), got)
			}
		}

		// bearer: srv's set-auth-token is a session on other.
		if bearer == "" {
			t.Fatalf("%s sign-in without set-auth-token", serverName(srv, k))
		}
		b := other.clone()
		got := obj(b.do("GET", "/get-session", nil, "Authorization", "Bearer "+bearer))
		if b.status != 200 || obj(got["user"])["id"] != id {
			t.Fatalf("%s bearer from %s: %d %s", serverName(other, k), serverName(srv, k), b.status, b.raw)
		}
		b.do("GET", "/list-sessions", nil, "Authorization", "Bearer "+bearer)
		if b.status != 200 || !strings.Contains(string(b.raw), c.sessionToken()) {
			t.Fatalf("%s list-sessions by bearer: %d %s", serverName(other, k), b.status, b.raw)
		}

		// jwt: /token on other for srv's session.
		j := &client{t: t, base: other.base, origin: other.origin, jar: copyJar(c.jar), order: c.order}
		tok, _ := obj(j.do("GET", "/token", nil))["token"].(string)
		if j.status != 200 || strings.Count(tok, ".") != 2 {
			t.Fatalf("%s /token: %d %s", serverName(other, k), j.status, j.raw)
		}
		if claims := jwtClaims(t, tok); claims["sub"] != id || claims["email"] != email {
			t.Fatalf("%s JWT claims %v", serverName(other, k), claims)
		}

		// apiKey: created with srv's Redis session, a session on other.
		key, _ := obj(at(c, srv).do("POST", "/api-key/create", map[string]any{"name": "k"}))["key"].(string)
		if c.status != 200 || key == "" {
			t.Fatalf("%s api-key/create: %d %s", serverName(srv, k), c.status, c.raw)
		}
		a := other.clone()
		got = obj(a.do("GET", "/get-session", nil, "x-api-key", key))
		if a.status != 200 || obj(got["user"])["id"] != id {
			t.Fatalf("%s get-session by a key from %s: %d %s", serverName(other, k), serverName(srv, k), a.status, a.raw)
		}
	}
}

// TestKVSessionsAnonymous: an anonymous session made on one server is
// linked by a sign-up on the other (the anonymous user and its Redis
// sessions deleted there), and delete-anonymous-user on the other server
// ends an anonymous session made on the first and drops it from Redis.
func TestKVSessionsAnonymous(t *testing.T) {
	k := kvSignInPlugins(t)
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		c := srv.clone()
		res := obj(c.do("POST", "/sign-in/anonymous", nil))
		c.expect(200, "*")
		anonID := obj(res["user"])["id"].(string)
		anonTok := c.sessionToken()
		if len(k.activeTokens(anonID)) != 1 || k.stored(anonTok) == nil {
			t.Fatalf("%s anonymous session not in Redis", serverName(srv, k))
		}
		at(c, other).do("POST", "/sign-up/email", map[string]any{"name": "Linked", "email": fmt.Sprintf("linked%d@example.com", i), "password": password})
		c.expect(200, "*")
		if k.stored(anonTok) != nil || len(k.activeTokens(anonID)) != 0 {
			t.Fatalf("%s link left the anonymous session in Redis", serverName(other, k))
		}
		var n int
		if err := k.db.QueryRow(`SELECT COUNT(*) FROM `+q(k.d, "user")+` WHERE id = `+ph(k.d, 1), anonID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%s link kept the anonymous user: %d %v", serverName(other, k), n, err)
		}
		k.signedIn(c, fmt.Sprintf("linked%d@example.com", i))

		d := srv.clone()
		d.do("POST", "/sign-in/anonymous", nil)
		d.expect(200, "*")
		dTok := d.sessionToken()
		at(d, other).do("POST", "/delete-anonymous-user", nil)
		d.expect(200, `{"success":true}`)
		if k.stored(dTok) != nil {
			t.Fatalf("%s delete-anonymous-user left the session in Redis", serverName(other, k))
		}
		k.signedIn(&client{t: t, jar: map[string]string{"better-auth.session_token": signCookie(testSecret, dTok)}, order: []string{"better-auth.session_token"}}, "")
	}
}

// jwtClaims decodes a JWT's payload (unverified: the jwt tests check
// signatures), or fails.
func jwtClaims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		t.Fatalf("JWT payload %q: %v", payload, err)
	}
	return claims
}
