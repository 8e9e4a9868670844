package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestUnservedPluginsAgainstTypeScript is issue 10's two holes, replayed
// against a Better Auth 1.7.5 server with twoFactor and admin on one
// SQLite database. 1.7.5 answers a 2FA user's password sign-in with
// twoFactorRedirect and no session, and a banned user's with 403
// BANNED_USER. The Go handler runs neither plugin, so it must not sign
// anyone in: it refuses to start, and with SessionsOnly it serves no
// sign-in at all, while still reading the sessions the TypeScript server
// issues.
func TestUnservedPluginsAgainstTypeScript(t *testing.T) {
	dir, node := npmWire(t)
	path, db := sharedSQLite(t)
	o := core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}, Plugins: []core.Plugin{plugins.TwoFactor(), plugins.Admin(), plugins.Organization()}}
	refusing := core.New(o)
	createTables(t, db, core.DialectSQLite, refusing)
	o.SessionsOnly = true
	sessionsOnly := core.New(o)
	t.Cleanup(func() { refusing.Close(); sessionsOnly.Close() })
	ts := &client{t: t, base: startTS(t, dir, node, path, "TWO_FACTOR_PLUGIN={}", "ADMIN_PLUGIN={}") + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")

	// Users created by TypeScript: admin's database hook gives them the
	// role "user" (a Go sign-up would have stored NULL).
	ts.clone().signUp("second@example.com", password)
	ts.clone().signUp("banned@example.com", password)
	var role string
	if err := db.QueryRow(`SELECT role FROM "user" WHERE email = 'banned@example.com'`).Scan(&role); err != nil || role != "user" {
		t.Fatalf("role written by 1.7.5: %q %v", role, err)
	}
	if _, err := db.Exec(`UPDATE "user" SET "twoFactorEnabled" = 1 WHERE email = 'second@example.com'`); err != nil {
		t.Fatal(err)
	}
	// A session issued by TypeScript before the ban.
	before := ts.clone()
	before.jar = map[string]string{}
	before.do("POST", "/sign-in/email", map[string]any{"email": "banned@example.com", "password": password})
	before.expect(200, "*")
	if _, err := db.Exec(`UPDATE "user" SET banned = 1 WHERE email = 'banned@example.com'`); err != nil {
		t.Fatal(err)
	}

	// 1.7.5's answers.
	x := ts.clone()
	x.jar = map[string]string{}
	x.do("POST", "/sign-in/email", map[string]any{"email": "second@example.com", "password": password})
	if x.status != 200 || !strings.Contains(string(x.raw), `"twoFactorRedirect":true`) {
		t.Fatalf("1.7.5 2FA sign-in: %d %s", x.status, x.raw)
	}
	if x.do("GET", "/get-session", nil); string(x.raw) != "null" {
		t.Fatalf("1.7.5 signed a 2FA user in: %s", x.raw)
	}
	x.do("POST", "/sign-in/email", map[string]any{"email": "banned@example.com", "password": password})
	x.expectError(403, "BANNED_USER", "You have been banned from this application. Please contact support if you believe this is an error.")

	// The Go handler refuses to start, naming the plugins it cannot run
	// (admin runs in Go; organization, on the Go side only, does not).
	err := refusing.Open(context.Background())
	if err == nil || !strings.Contains(err.Error(), "plugins two-factor, organization have no Go runtime") {
		t.Fatalf("Open = %v", err)
	}
	g := startServer(t, refusing)
	for _, email := range []string{"second@example.com", "banned@example.com"} {
		g.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password})
		if g.status != 500 || len(g.setCookies) != 0 {
			t.Fatalf("refusing handler, %s: %d %s %v", email, g.status, g.raw, g.setCookies)
		}
	}

	// With SessionsOnly it signs nobody in and creates no user …
	sessions := func() int {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM session`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	n := sessions()
	s := startServer(t, sessionsOnly)
	for _, p := range []string{"/sign-in/email", "/sign-up/email", "/two-factor/verify-totp", "/admin/unban-user"} {
		s.do("POST", p, map[string]any{"email": "second@example.com", "password": password, "name": "x"})
		if s.status != 404 || len(s.setCookies) != 0 {
			t.Fatalf("sessions-only %s: %d %s", p, s.status, s.raw)
		}
	}
	if sessions() != n {
		t.Fatal("a sessions-only handler created a session")
	}
	// … and reads and revokes the sessions TypeScript issued.
	s.jar, s.order = map[string]string{"better-auth.session_token": before.jar["better-auth.session_token"]}, []string{"better-auth.session_token"}
	if u := obj(obj(s.do("GET", "/get-session", nil))["user"]); u["email"] != "banned@example.com" || u["role"] != "user" || u["banned"] != true {
		t.Fatalf("sessions-only get-session: %s", s.raw)
	}
	s.do("POST", "/revoke-sessions", nil)
	s.expect(200, `{"status":true}`)
	before.do("GET", "/get-session", nil)
	before.expect(200, "null")
}

// A User-Agent that is not UTF-8 used to fail the session insert on
// PostgreSQL and MariaDB with a 500, after the user and account were
// written, so that the user could never sign up again. It is stored as
// Node reads it (one character per byte), on every engine, and the
// TypeScript server stores the very same text.
func TestNonUTF8UserAgent(t *testing.T) {
	const ua = "Mozilla/5.0 \xff\xfe caf\xe9"
	const want = "Mozilla/5.0 ÿþ café"
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{}))
		c := startServer(t, a)
		c.do("POST", "/sign-up/email", map[string]any{"name": "Ada", "email": "ada@example.com", "password": password}, "User-Agent", ua)
		c.expect(200, "*")
		var got string
		if err := db.QueryRow("SELECT " + q(d, "userAgent") + " FROM " + q(d, "session")).Scan(&got); err != nil || got != want {
			t.Fatalf("stored user agent %q %v, want %q", got, err, want)
		}
		c.do("POST", "/sign-in/email", map[string]any{"email": "ada@example.com", "password": password}, "User-Agent", ua)
		c.expect(200, "*")
	})
	t.Run("typescript", func(t *testing.T) {
		dir, node := npmWire(t)
		path, db := sharedSQLite(t)
		createTables(t, db, core.DialectSQLite, core.New(core.Options{}))
		ts := &client{t: t, base: startTS(t, dir, node, path) + "/api/auth", jar: map[string]string{}}
		ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
		ts.do("POST", "/sign-up/email", map[string]any{"name": "Ada", "email": "ada@example.com", "password": password}, "User-Agent", ua)
		ts.expect(200, "*")
		var got string
		if err := db.QueryRow(`SELECT "userAgent" FROM session`).Scan(&got); err != nil || got != want {
			t.Fatalf("1.7.5 stored user agent %q %v, want %q", got, err, want)
		}
	})
}
