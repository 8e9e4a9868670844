package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestAdminSharedDatabaseWithTypeScript runs the Go handler and Better
// Auth 1.7.5, both with admin, on one SQLite database: a ban issued by
// one server is enforced by the other, an expired ban is lifted by
// either, and an impersonation session issued by one is served, and
// stopped, by the other.
func TestAdminSharedDatabaseWithTypeScript(t *testing.T) {
	dir, node := npmWire(t)
	path, db := sharedSQLite(t)
	a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}, Plugins: []core.Plugin{plugins.Admin()}})
	createTables(t, db, core.DialectSQLite, a)
	goc := startServer(t, a)
	tsBase := startTS(t, dir, node, path, "ADMIN_PLUGIN={}")
	ts := &client{t: t, base: tsBase + "/api/auth", origin: tsBase, jar: map[string]string{}}
	// on points c (and its cookies) at server srv.
	on := func(c, srv *client) *client { c.base, c.origin = srv.base, srv.origin; return c }
	const banned = "You have been banned from this application. Please contact support if you believe this is an error."

	admin := goc.clone()
	adminID := obj(admin.signUp("admin@example.com", password)["user"])["id"].(string)
	bob := ts.clone()
	bobID := obj(bob.signUp("bob@example.com", password)["user"])["id"].(string)
	carol := goc.clone()
	carolUser := obj(carol.signUp("carol@example.com", password)["user"])
	carolID := carolUser["id"].(string)
	if carolUser["role"] != "user" {
		t.Fatalf("Go sign-up role %v, want the default role", carolUser["role"])
	}
	if _, err := db.Exec(`UPDATE "user" SET role = 'admin' WHERE id = ?`, adminID); err != nil {
		t.Fatal(err)
	}

	// Go bans bob: his TypeScript session ends, TypeScript refuses him.
	on(admin, goc).do("POST", "/admin/ban-user", map[string]any{"userId": bobID, "banReason": "spam"})
	admin.expect(200, "*")
	bob.do("GET", "/get-session", nil)
	bob.expect(200, "null")
	bob.do("POST", "/sign-in/email", map[string]any{"email": "bob@example.com", "password": password})
	bob.expectError(403, "BANNED_USER", banned)
	// TypeScript unbans bob and bans carol: Go lets bob in, refuses carol.
	on(admin, ts).do("POST", "/admin/unban-user", map[string]any{"userId": bobID})
	admin.expect(200, "*")
	on(admin, ts).do("POST", "/admin/ban-user", map[string]any{"userId": carolID, "banExpiresIn": 3600})
	admin.expect(200, "*")
	on(bob, goc).do("POST", "/sign-in/email", map[string]any{"email": "bob@example.com", "password": password})
	bob.expect(200, "*")
	carol.do("POST", "/sign-in/email", map[string]any{"email": "carol@example.com", "password": password})
	carol.expectError(403, "BANNED_USER", banned)
	// The ban TypeScript wrote expires; Go lifts it at sign-in.
	if _, err := db.Exec(`UPDATE "user" SET "banExpires" = "createdAt" WHERE id = ?`, carolID); err != nil {
		t.Fatal(err)
	}
	carol.do("POST", "/sign-in/email", map[string]any{"email": "carol@example.com", "password": password})
	carol.expect(200, "*")
	var isBanned bool
	var reason *string
	if err := db.QueryRow(`SELECT banned, "banReason" FROM "user" WHERE id = ?`, carolID).Scan(&isBanned, &reason); err != nil || isBanned || reason != nil {
		t.Fatalf("expired ban not lifted: %v %v %v", isBanned, reason, err)
	}

	// Go impersonates bob; TypeScript serves the session and stops it.
	on(admin, goc).do("POST", "/admin/impersonate-user", map[string]any{"userId": bobID})
	admin.expect(200, "*")
	s := obj(on(admin, ts).do("GET", "/get-session", nil))
	if obj(s["user"])["id"] != bobID || obj(s["session"])["impersonatedBy"] != adminID {
		t.Fatalf("TypeScript reading Go's impersonation: %s", admin.raw)
	}
	u := obj(on(admin, ts).do("POST", "/admin/stop-impersonating", nil))
	if admin.status != 200 || obj(u["user"])["id"] != adminID {
		t.Fatalf("TypeScript stopping Go's impersonation: %d %s", admin.status, admin.raw)
	}
	if s := obj(on(admin, goc).do("GET", "/get-session", nil)); obj(s["user"])["id"] != adminID {
		t.Fatalf("back to the admin: %s", admin.raw)
	}
	// TypeScript impersonates carol; Go serves the session, hides it from
	// carol's list and stops it.
	on(admin, ts).do("POST", "/admin/impersonate-user", map[string]any{"userId": carolID})
	admin.expect(200, "*")
	s = obj(on(admin, goc).do("GET", "/get-session", nil))
	if obj(s["user"])["id"] != carolID || obj(s["session"])["impersonatedBy"] != adminID {
		t.Fatalf("Go reading TypeScript's impersonation: %s", admin.raw)
	}
	on(admin, goc).do("GET", "/list-sessions", nil)
	if admin.status != 200 || strings.Contains(string(admin.raw), adminID) || !strings.Contains(string(admin.raw), carolID) {
		t.Fatalf("list-sessions while impersonating: %d %s", admin.status, admin.raw)
	}
	u = obj(on(admin, goc).do("POST", "/admin/stop-impersonating", nil))
	if admin.status != 200 || obj(u["user"])["id"] != adminID {
		t.Fatalf("Go stopping TypeScript's impersonation: %d %s", admin.status, admin.raw)
	}
	if s := obj(on(admin, ts).do("GET", "/get-session", nil)); obj(s["user"])["id"] != adminID {
		t.Fatalf("back to the admin on TypeScript: %s", admin.raw)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM session WHERE "impersonatedBy" IS NOT NULL`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("impersonation sessions left: %d %v", n, err)
	}
}
