package core_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestKVSessionsCoreAcrossServers: the core session paths with sessions
// in Redis alone, each step made on one server and checked on the other
// (both directions): update-user rewrites the user in every cached
// session (seen by get-session on the other server); change-password
// with revokeOtherSessions, revoke-session, revoke-other-sessions and
// revoke-sessions end the sessions everywhere and drop them from Redis;
// delete-user drops every key of the user.
func TestKVSessionsCoreAcrossServers(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{})
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		email := fmt.Sprintf("core%d@example.com", i)
		a := srv
		id, tokA := signUpOn(a, email)
		b := other.clone()
		b.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password})
		b.expect(200, "*")
		tokB := b.sessionToken()

		// update-user on srv: other reads the new name in b's session.
		a.do("POST", "/update-user", map[string]any{"name": "Renamed " + serverName(srv, k)})
		a.expect(200, `{"status":true}`)
		for _, c := range []*client{a, b} {
			for _, s := range k.both() {
				r := &client{t: t, base: s.base, origin: s.origin, jar: copyJar(c.jar), order: c.order}
				if n := obj(obj(r.do("GET", "/get-session", nil))["user"])["name"]; n != "Renamed "+serverName(srv, k) {
					t.Fatalf("%s get-session after update-user on %s: %s", serverName(r, k), serverName(srv, k), r.raw)
				}
			}
		}
		if u := obj(k.stored(tokB)["user"]); u["name"] != "Renamed "+serverName(srv, k) {
			t.Fatalf("stored user of the other session: %v", u)
		}

		// change-password with revokeOtherSessions on srv: b (made on
		// other) ends; a's new session works on other.
		res := obj(a.do("POST", "/change-password", map[string]any{"currentPassword": password, "newPassword": "changed-password-1", "revokeOtherSessions": true}))
		if a.status != 200 || res["token"] == nil {
			t.Fatalf("%s change-password: %d %s", serverName(srv, k), a.status, a.raw)
		}
		k.signedIn(b, "")
		k.signedIn(a, email)
		tokA2 := a.sessionToken()
		if k.stored(tokA) != nil || k.stored(tokB) != nil || !slices.Equal(k.activeTokens(id), []string{tokA2}) {
			t.Fatalf("after change-password: list %v", k.activeTokens(id))
		}

		// Three more sessions on other; revoke-session (of one made on
		// other) and revoke-other-sessions from srv.
		var more []*client
		for range 3 {
			c := other.clone()
			c.do("POST", "/sign-in/email", map[string]any{"email": email, "password": "changed-password-1"})
			c.expect(200, "*")
			more = append(more, c)
		}
		at(a, srv).do("POST", "/revoke-session", map[string]any{"token": more[0].sessionToken()})
		a.expect(200, `{"status":true}`)
		k.signedIn(more[0], "")
		k.signedIn(more[1], email)
		at(a, srv).do("POST", "/revoke-other-sessions", nil)
		a.expect(200, `{"status":true}`)
		k.signedIn(more[1], "")
		k.signedIn(more[2], "")
		k.signedIn(a, email)
		// (1.7.5's revoke-other-sessions deletes the keys and leaves the
		// list entries, which every reader skips; Go drops both.)
		for _, c := range more {
			if k.stored(c.sessionToken()) != nil {
				t.Fatalf("%s revoke-other-sessions left a session in Redis", serverName(srv, k))
			}
		}
		// revoke-sessions on other ends a's session everywhere.
		at(a, other).do("POST", "/revoke-sessions", nil)
		a.expect(200, `{"status":true}`)
		at(a, srv)
		k.signedIn(a, "")
		if len(k.activeTokens(id)) != 0 || k.stored(tokA2) != nil {
			t.Fatalf("after revoke-sessions: list %v", k.activeTokens(id))
		}
	}
}

// TestKVSessionsDeleteUser: delete-user on one server (user.deleteUser
// enabled on both) ends the user's sessions made on both servers and
// leaves none of their keys in Redis.
func TestKVSessionsDeleteUser(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{User: core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true}}},
		`OPTIONS={"session":{"storeSessionInDatabase":false},"user":{"deleteUser":{"enabled":true}}}`)
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		email := fmt.Sprintf("gone%d@example.com", i)
		a := srv
		id, tokA := signUpOn(a, email)
		b := other.clone()
		b.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password})
		b.expect(200, "*")
		a.do("POST", "/delete-user", map[string]any{"password": password})
		a.expect(200, `{"success":true,"message":"User deleted"}`)
		k.signedIn(b, "")
		k.signedIn(a, "")
		if k.stored(tokA) != nil || k.stored(b.sessionToken()) != nil || len(k.activeTokens(id)) != 0 {
			t.Fatalf("%s delete-user left the sessions in Redis", serverName(srv, k))
		}
	}
}

// TestKVSessionsCookieCache: with the cookie cache on and sessions in
// Redis alone, a Go sign-in caches the session in session_data (the
// cache reads the new session from Redis), as TypeScript's does, and
// each server reads the other's session_data.
func TestKVSessionsCookieCache(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{Session: core.SessionOptions{CookieCache: core.CookieCache{Enabled: true}}},
		`OPTIONS={"session":{"storeSessionInDatabase":false,"cookieCache":{"enabled":true}}}`)
	for i, c := range k.both() {
		email := fmt.Sprintf("cache%d@example.com", i)
		signUpOn(c, email)
		c.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password})
		c.expect(200, "*")
		if !strings.Contains(strings.Join(c.setCookies, "\n"), "better-auth.session_data=") || c.jar["better-auth.session_data"] == "" {
			t.Fatalf("%s sign-in set no session_data: %v", serverName(c, k), c.setCookies)
		}
		// Only the cookie cache answers: the Redis key is gone.
		if err := k.kv.Delete(t.Context(), c.sessionToken()); err != nil {
			t.Fatal(err)
		}
		k.signedIn(c, email)
	}
}

// TestKVSessionsStopImpersonatingMultiSession: admin and multiSession
// with sessions in Redis alone: stop-impersonating on Go makes the
// admin's session (read from Redis) the response's new session, so that
// multiSession's after hook gives it a device cookie (when the request
// has none), as TypeScript's does.
func TestKVSessionsStopImpersonatingMultiSession(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{Plugins: []core.Plugin{plugins.Admin(), plugins.MultiSession()}},
		"ADMIN_PLUGIN={}", `PLUGINS={"multiSession":{}}`)
	var multi [2]string
	for i, srv := range k.both() {
		admin := srv
		adminID, _ := signUpOn(admin, fmt.Sprintf("admin%d@example.com", i))
		bobID, _ := signUpOn(srv.clone(), fmt.Sprintf("bob%d@example.com", i))
		if _, err := k.db.Exec(`UPDATE `+q(k.d, "user")+` SET role = 'admin' WHERE id = `+ph(k.d, 1), adminID); err != nil {
			t.Fatal(err)
		}
		admin = srv.clone()
		admin.do("POST", "/sign-in/email", map[string]any{"email": fmt.Sprintf("admin%d@example.com", i), "password": password})
		admin.expect(200, "*")
		adminTok := admin.sessionToken()
		admin.do("POST", "/admin/impersonate-user", map[string]any{"userId": bobID})
		admin.expect(200, "*")
		// Without the admin's device cookie in the request, the hook
		// gives the admin's session one.
		delete(admin.jar, "better-auth.session_token_multi-"+strings.ToLower(adminTok))
		admin.do("POST", "/admin/stop-impersonating", nil)
		admin.expect(200, "*")
		multi[i] = ""
		for _, sc := range admin.setCookies {
			if strings.HasPrefix(sc, "better-auth.session_token_multi-"+strings.ToLower(adminTok)+"=") {
				multi[i] = "device cookie for the admin's session"
			}
		}
	}
	if multi[0] != multi[1] || multi[1] == "" {
		t.Fatalf("stop-impersonating: Go %q, TypeScript %q", multi[0], multi[1])
	}
}

// TestKVSessionsResetPassword: with revokeSessionsOnPasswordReset and
// sessions (and verification values) in Redis alone, a reset link sent
// by one server is used on the other, which ends the user's sessions
// made on both servers and drops them from Redis.
func TestKVSessionsResetPassword(t *testing.T) {
	box := &outbox{}
	k := newKVDuo(t, kvDialect(), core.Options{EmailAndPassword: core.EmailAndPassword{
		SendResetPassword: box.send("reset-password"), RevokeSessionsOnPasswordReset: true}},
		"CAPTURE_EMAIL=1", `OPTIONS={"session":{"storeSessionInDatabase":false},"emailAndPassword":{"revokeSessionsOnPasswordReset":true}}`)
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		email := fmt.Sprintf("reset%d@example.com", i)
		a := srv.clone()
		id, _ := signUpOn(a, email)
		b := other.clone()
		b.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password})
		b.expect(200, "*")
		r := srv.clone()
		r.do("POST", "/request-password-reset", map[string]any{"email": email, "redirectTo": "/reset"})
		r.expect(200, "*")
		var sent []mail
		if srv.base == k.goc().base {
			sent = box.take()
		} else {
			sent = tsOutbox(t, srv)
		}
		if len(sent) != 1 || sent[0].Token == "" {
			t.Fatalf("%s reset mail: %+v", serverName(srv, k), sent)
		}
		u := other.clone()
		u.do("POST", "/reset-password", map[string]any{"newPassword": "reset-password-1", "token": sent[0].Token})
		u.expect(200, `{"status":true}`)
		k.signedIn(a, "")
		k.signedIn(b, "")
		if len(k.activeTokens(id)) != 0 || k.stored(a.sessionToken()) != nil || k.stored(b.sessionToken()) != nil {
			t.Fatalf("%s reset-password left sessions in Redis", serverName(other, k))
		}
	}
}
