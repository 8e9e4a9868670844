package core_test

import (
	"slices"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestKVSessionsAdmin: admin with sessions in Redis alone, Go and
// TypeScript 1.7.5 sharing the Redis. list-user-sessions answers the same
// on both; a session revoked (one, all, by a ban, by update-user's
// banned: true) on one server is gone on the other and from the
// active-sessions list; set-role and set-user-password leave the
// sessions (1.7.5 revokes none there) and the role is seen in the cached
// user on the other; an impersonation started on one server is served
// and stopped by the other (stop-impersonating finds the admin's session
// in Redis); remove-user drops every key of the user.
func TestKVSessionsAdmin(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{Plugins: []core.Plugin{plugins.Admin()}}, "ADMIN_PLUGIN={}")
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		admin := srv
		adminID, _ := signUpOn(admin, []string{"admin-go@example.com", "admin-ts@example.com"}[i])
		if _, err := k.db.Exec(`UPDATE `+q(k.d, "user")+` SET role = 'admin' WHERE id = `+ph(k.d, 1), adminID); err != nil {
			t.Fatal(err)
		}
		email := []string{"bob-go@example.com", "bob-ts@example.com"}[i]
		// bob signs in once on each server.
		bobA := other.clone()
		bobID, tokA := signUpOn(bobA, email)
		bobB := srv.clone()
		bobB.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password})
		bobB.expect(200, "*")
		tokB := bobB.sessionToken()
		if got := k.activeTokens(bobID); !slices.Equal(got, []string{tokA, tokB}) {
			t.Fatalf("active sessions %v, want %v", got, []string{tokA, tokB})
		}
		// The admin's session was read from Redis after the role update:
		// refresh it there the way an admin would (sign in again).
		admin.do("POST", "/sign-in/email", map[string]any{"email": []string{"admin-go@example.com", "admin-ts@example.com"}[i], "password": password})
		admin.expect(200, "*")

		// list-user-sessions: the same two sessions on both servers.
		g := &client{t: t, jar: copyJar(admin.jar), order: admin.order}
		s := &client{t: t, jar: copyJar(admin.jar), order: admin.order}
		list, _ := at(g, k.goc()).do("POST", "/admin/list-user-sessions", map[string]any{"userId": bobID}).(map[string]any)["sessions"].([]any)
		at(s, k.ts()).do("POST", "/admin/list-user-sessions", map[string]any{"userId": bobID})
		sameStep(t, "list-user-sessions", g, s)
		if len(list) != 2 || obj(list[0])["token"] != tokA || obj(list[1])["token"] != tokB {
			t.Fatalf("list-user-sessions: %s", g.raw)
		}

		// set-role on srv: bob's cached user carries it on other.
		at(admin, srv).do("POST", "/admin/set-role", map[string]any{"userId": bobID, "role": "editor"})
		admin.expect(200, "*")
		if u := obj(obj(at(bobA, other).do("GET", "/get-session", nil))["user"]); u["role"] != "editor" {
			t.Fatalf("%s get-session after set-role: %s", serverName(other, k), bobA.raw)
		}
		// set-user-password keeps the sessions (1.7.5 revokes none).
		at(admin, srv).do("POST", "/admin/set-user-password", map[string]any{"userId": bobID, "newPassword": "another-password-1"})
		admin.expect(200, `{"status":true}`)
		k.signedIn(bobA, email)
		k.signedIn(bobB, email)

		// revoke-user-session on srv of the session other made.
		at(admin, srv).do("POST", "/admin/revoke-user-session", map[string]any{"sessionToken": tokA})
		admin.expect(200, `{"success":true}`)
		k.signedIn(bobA, "")
		k.signedIn(bobB, email)
		if got := k.activeTokens(bobID); !slices.Equal(got, []string{tokB}) || k.stored(tokA) != nil {
			t.Fatalf("after revoke-user-session: list %v", got)
		}
		// revoke-user-sessions on other of the session srv made.
		at(admin, other).do("POST", "/admin/revoke-user-sessions", map[string]any{"userId": bobID})
		admin.expect(200, `{"success":true}`)
		k.signedIn(bobB, "")
		if got := k.activeTokens(bobID); len(got) != 0 || k.stored(tokB) != nil {
			t.Fatalf("after revoke-user-sessions: list %v", got)
		}

		// A ban on srv ends bob's session made on other.
		bobC := other.clone()
		bobC.do("POST", "/sign-in/email", map[string]any{"email": email, "password": "another-password-1"})
		bobC.expect(200, "*")
		at(admin, srv).do("POST", "/admin/ban-user", map[string]any{"userId": bobID})
		admin.expect(200, "*")
		k.signedIn(bobC, "")
		if got := k.activeTokens(bobID); len(got) != 0 {
			t.Fatalf("after ban: list %v", got)
		}
		at(admin, other).do("POST", "/admin/unban-user", map[string]any{"userId": bobID})
		admin.expect(200, "*")
		// update-user with banned: true on other ends a session made on srv.
		bobD := srv.clone()
		bobD.do("POST", "/sign-in/email", map[string]any{"email": email, "password": "another-password-1"})
		bobD.expect(200, "*")
		at(admin, other).do("POST", "/admin/update-user", map[string]any{"userId": bobID, "data": map[string]any{"banned": true}})
		admin.expect(200, "*")
		k.signedIn(bobD, "")
		at(admin, srv).do("POST", "/admin/unban-user", map[string]any{"userId": bobID})
		admin.expect(200, "*")

		// Impersonation started on srv, served and stopped on other.
		adminTok := admin.sessionToken()
		res := obj(at(admin, srv).do("POST", "/admin/impersonate-user", map[string]any{"userId": bobID}))
		if admin.status != 200 {
			t.Fatalf("impersonate-user: %d %s", admin.status, admin.raw)
		}
		impTok := obj(res["session"])["token"].(string)
		if ss := obj(k.stored(impTok)["session"]); ss["impersonatedBy"] != adminID {
			t.Fatalf("stored impersonation session: %v", ss)
		}
		gs := obj(at(admin, other).do("GET", "/get-session", nil))
		if obj(gs["user"])["id"] != bobID || obj(gs["session"])["impersonatedBy"] != adminID {
			t.Fatalf("%s reading the impersonation: %s", serverName(other, k), admin.raw)
		}
		// list-sessions while impersonating hides the impersonation
		// session on both servers, alike (bob has no other session).
		g2 := &client{t: t, jar: copyJar(admin.jar), order: admin.order}
		s2 := &client{t: t, jar: copyJar(admin.jar), order: admin.order}
		at(g2, k.goc()).do("GET", "/list-sessions", nil)
		at(s2, k.ts()).do("GET", "/list-sessions", nil)
		sameStep(t, "list-sessions while impersonating", g2, s2)
		if g2.status != 200 || string(g2.raw) != "[]" {
			t.Fatalf("Go list-sessions while impersonating: %d %s", g2.status, g2.raw)
		}
		u := obj(at(admin, other).do("POST", "/admin/stop-impersonating", nil))
		if admin.status != 200 || obj(u["user"])["id"] != adminID || obj(u["session"])["token"] != adminTok {
			t.Fatalf("%s stop-impersonating: %d %s", serverName(other, k), admin.status, admin.raw)
		}
		k.signedIn(admin, []string{"admin-go@example.com", "admin-ts@example.com"}[i])
		if k.stored(impTok) != nil || slices.Contains(k.activeTokens(bobID), impTok) {
			t.Fatal("the impersonation session is left in Redis")
		}

		// remove-user on other: bob's sessions and list are gone.
		bobE := srv.clone()
		bobE.do("POST", "/sign-in/email", map[string]any{"email": email, "password": "another-password-1"})
		bobE.expect(200, "*")
		tokE := bobE.sessionToken()
		at(admin, other).do("POST", "/admin/remove-user", map[string]any{"userId": bobID})
		admin.expect(200, `{"success":true}`)
		k.signedIn(bobE, "")
		if k.stored(tokE) != nil || len(k.activeTokens(bobID)) != 0 {
			t.Fatal("remove-user left bob's sessions in Redis")
		}
	}
}
