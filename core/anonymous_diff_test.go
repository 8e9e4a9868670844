package core_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Differential tests of the anonymous plugin against Better Auth 1.7.5's
// anonymous() (PLUGINS={"anonymous":{…}}): sign-in, sign-in again,
// delete-anonymous-user, and the after hook deleting the anonymous user
// when it signs up or in another way; then Go and TypeScript on one
// database, each linking the other's anonymous users.

// normAnonEmail is the random part of an anonymous user's email
// (generateId, lower-cased by createUser).
var normAnonEmail = regexp.MustCompile(`\b(temp-)?[a-z0-9]{32}@`)

func normalizeAnon(c *client) string {
	return normAnonEmail.ReplaceAllString(normalize(c), "$1<id>@")
}

// runSignInDifferential is runDifferentialOn with a normalizer of its
// own: the same requests to Go (options o) and TypeScript (env), the
// same normalized answers, the same row counts at the end.
func runSignInDifferential(t *testing.T, dialect string, o core.Options, env []string, steps []diffStep, norm func(*client) string) (goDB, tsDB wireDB) {
	t.Helper()
	dir, node := npmWire(t)
	goDB, tsDB = newWireDB(t, dialect, o, "go"), newWireDB(t, dialect, o, "ts")
	o.Secret, o.Database = testSecret, goDB.database()
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, tsDB.url, env...) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	for i, s := range steps {
		h := append([]string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}, s.headers...)
		goc.do(s.method, s.path, s.body, h...)
		ts.do(s.method, s.path, s.body, h...)
		g, w := norm(goc), norm(ts)
		if testing.Verbose() {
			t.Logf("step %d: %s %s %v\n%s", i, s.method, s.path, s.body, g)
		}
		if g != w {
			t.Errorf("step %d: %s %s %v\n--- go\n%s\n--- typescript\n%s", i, s.method, s.path, s.body, g, w)
		}
	}
	if g, w := tableCounts(t, goDB), tableCounts(t, tsDB); g != w {
		t.Errorf("row counts differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
	return goDB, tsDB
}

// anonymousUsers counts the users with isAnonymous set.
func anonymousUsers(t *testing.T, w wireDB) int {
	t.Helper()
	var n int
	if err := w.db.QueryRow(`SELECT count(*) FROM ` + q(w.dialect, "user") + ` WHERE ` + q(w.dialect, "isAnonymous") + ` = ` + map[bool]string{true: "true", false: "1"}[w.dialect == core.DialectPostgres]).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDifferentialAnonymous(t *testing.T) {
	up := map[string]any{"name": "Linked", "email": "linked@example.com", "password": password}
	in := map[string]any{"email": "linked@example.com", "password": password}
	steps := []diffStep{
		{"POST", "/delete-anonymous-user", map[string]any{}, nil},
		{"POST", "/sign-in/anonymous", nil, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-in/anonymous", map[string]any{}, nil},
		// The anonymous user signs up: the new user's session, the
		// anonymous user deleted.
		{"POST", "/sign-up/email", up, nil},
		{"GET", "/get-session", nil, nil},
		// Signed in as a real user, an anonymous sign-in is allowed (and
		// links nothing); that user cannot delete itself here.
		{"POST", "/delete-anonymous-user", map[string]any{}, nil},
		{"POST", "/sign-in/anonymous", map[string]any{}, nil},
		{"POST", "/delete-anonymous-user", map[string]any{}, nil},
		{"GET", "/get-session", nil, nil},
		// An anonymous user signs in with a password: deleted too; a
		// failed sign-in deletes nothing.
		{"POST", "/sign-in/anonymous", map[string]any{}, []string{"Cookie", ""}},
		{"POST", "/sign-in/email", map[string]any{"email": "linked@example.com", "password": "wrong password"}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-in/email", in, nil},
		{"GET", "/get-session", nil, nil},
		// rememberMe false is kept by the anonymous session.
		{"POST", "/sign-out", map[string]any{}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": "linked@example.com", "password": password, "rememberMe": false}, nil},
		{"POST", "/sign-out", map[string]any{}, nil},
		{"POST", "/sign-in/anonymous", "x", []string{"Content-Type", "text/plain"}},
		{"POST", "/sign-in/anonymous", map[string]any{}, []string{"Origin", "https://evil.example"}},
		{"GET", "/sign-in/anonymous", nil, nil},
		// A cookie of a session that is gone: 1.7.5's answer expires the
		// cookies after setting the new ones.
		{"POST", "/sign-in/anonymous", map[string]any{}, []string{"Cookie", "better-auth.session_token=" + signCookie(testSecret, strings.Repeat("x", 32))}},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.Anonymous()}})
		goDB, tsDB := runSignInDifferential(t, dialect, o, []string{`PLUGINS={"anonymous":{}}`}, steps, normalizeAnon)
		// The anonymous users that signed up or in were deleted; those of
		// the last two requests (no cookie, a stale cookie) are left.
		if g, w := anonymousUsers(t, goDB), anonymousUsers(t, tsDB); g != w || g != 2 {
			t.Errorf("anonymous users left: go %d, typescript %d, want 2", g, w)
		}
	})
}

// TestDifferentialAnonymousOptions: emailDomainName, and
// disableDeleteAnonymousUser (the anonymous user outlives its sign-up,
// and delete-anonymous-user is refused).
func TestDifferentialAnonymousOptions(t *testing.T) {
	steps := []diffStep{
		{"POST", "/sign-in/anonymous", map[string]any{}, nil},
		{"POST", "/delete-anonymous-user", map[string]any{}, nil},
		{"POST", "/sign-up/email", map[string]any{"name": "Kept", "email": "kept@example.com", "password": password}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/delete-anonymous-user", map[string]any{}, nil},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.Anonymous(plugins.AnonymousOptions{
			EmailDomainName: "anon.example.org", DisableDeleteAnonymousUser: true})}})
		goDB, tsDB := runSignInDifferential(t, dialect, o,
			[]string{`PLUGINS={"anonymous":{"emailDomainName":"anon.example.org","disableDeleteAnonymousUser":true}}`}, steps, normalizeAnon)
		if g, w := anonymousUsers(t, goDB), anonymousUsers(t, tsDB); g != 1 || w != 1 {
			t.Errorf("anonymous users kept: go %d, typescript %d, want 1", g, w)
		}
	})
}

// TestAnonymousAcrossServers: on one database, an anonymous user made by
// Go signs up through TypeScript (which deletes it), and one made by
// TypeScript signs in through Go (which deletes it); each server reads
// the other's anonymous session.
func TestAnonymousAcrossServers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		dir, node := npmWire(t)
		url, db := sharedDB(t, dialect)
		o := enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: db},
			Plugins: []core.Plugin{plugins.Anonymous()}})
		a := core.New(o)
		createTables(t, db, dialect, a)
		t.Cleanup(func() { a.Close() })
		goc := startServer(t, a)
		ts := &client{t: t, base: startTS(t, dir, node, url, `PLUGINS={"anonymous":{}}`) + "/api/auth", jar: map[string]string{}}
		ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
		w := wireDB{dialect: dialect, db: db}

		anon := obj(goc.do("POST", "/sign-in/anonymous", nil))
		goc.expect(200, "*")
		id := obj(anon["user"])["id"].(string)
		viaTS := with(ts, goc)
		s := obj(viaTS.do("GET", "/get-session", nil))
		if obj(s["user"])["id"] != id || obj(s["user"])["isAnonymous"] != true {
			t.Fatalf("TypeScript reading Go's anonymous session: %s", viaTS.raw)
		}
		viaTS.do("POST", "/sign-up/email", map[string]any{"name": "T", "email": "t@example.com", "password": password})
		viaTS.expect(200, "*")
		if n := count(t, db, dialect, "user", q(dialect, "id")+" = "+ph(dialect, 1), id); n != 0 {
			t.Fatalf("TypeScript kept Go's anonymous user after its sign-up")
		}

		anon = obj(ts.do("POST", "/sign-in/anonymous", nil))
		ts.expect(200, "*")
		id = obj(anon["user"])["id"].(string)
		viaGo := with(goc, ts)
		viaGo.do("POST", "/sign-in/anonymous", nil)
		viaGo.expectError(400, "ANONYMOUS_USERS_CANNOT_SIGN_IN_AGAIN_ANONYMOUSLY", "Anonymous users cannot sign in again anonymously")
		viaGo.do("POST", "/sign-in/email", map[string]any{"email": "t@example.com", "password": password})
		viaGo.expect(200, "*")
		if n := count(t, db, dialect, "user", q(dialect, "id")+" = "+ph(dialect, 1), id); n != 0 {
			t.Fatalf("Go kept TypeScript's anonymous user after its sign-in")
		}
		// And delete-anonymous-user across: made by TypeScript, deleted
		// by Go.
		ts = ts.clone() // its session was the deleted anonymous user's
		anon = obj(ts.do("POST", "/sign-in/anonymous", nil))
		id = obj(anon["user"])["id"].(string)
		viaGo = with(goc, ts)
		viaGo.do("POST", "/delete-anonymous-user", map[string]any{})
		viaGo.expect(200, `{"success":true}`)
		if n := count(t, db, dialect, "user", q(dialect, "id")+" = "+ph(dialect, 1), id); n != 0 {
			t.Fatalf("delete-anonymous-user on Go kept TypeScript's anonymous user")
		}
		if n := anonymousUsers(t, w); n != 0 {
			t.Fatalf("%d anonymous users left", n)
		}
	})
}

// TestAnonymousHooks: GenerateName, GenerateRandomEmail (a bad one is
// refused) and OnLinkAccount (it sees both users; its error fails the
// sign-up, and the anonymous user then stays).
func TestAnonymousHooks(t *testing.T) {
	var links []plugins.AnonymousLink
	email := "not an email"
	fail := false
	o := enabled(core.Options{Plugins: []core.Plugin{plugins.Anonymous(plugins.AnonymousOptions{
		GenerateName:        func(*core.Context) (string, error) { return "Guest", nil },
		GenerateRandomEmail: func(*core.Context) (string, error) { return email, nil },
		OnLinkAccount: func(_ *core.Context, l plugins.AnonymousLink) error {
			links = append(links, l)
			if fail {
				return core.NewAPIError(400, "NO_LINK", "no link")
			}
			return nil
		},
	})}})
	a, db := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	c.do("POST", "/sign-in/anonymous", nil)
	c.expectError(400, "INVALID_EMAIL_FORMAT", "Email was not generated in a valid format")
	email = "Guest.One@Example.com"
	u := obj(obj(c.do("POST", "/sign-in/anonymous", nil))["user"])
	if u["name"] != "Guest" || u["email"] != "guest.one@example.com" || u["isAnonymous"] != true {
		t.Fatalf("anonymous user: %s", c.raw)
	}
	saved := with(c, c) // the anonymous session, for a second try
	fail = true
	c.do("POST", "/sign-up/email", map[string]any{"name": "N", "email": "n@example.com", "password": password})
	c.expectError(400, "NO_LINK", "no link")
	if count(t, db, core.DialectSQLite, "user", `"isAnonymous" = 1`) != 1 {
		t.Fatal("the anonymous user was deleted though OnLinkAccount failed")
	}
	fail = false
	saved.do("POST", "/sign-in/email", map[string]any{"email": "n@example.com", "password": password})
	saved.expect(200, "*")
	if len(links) != 2 || links[1].AnonymousUser["id"] != u["id"] || links[1].NewUser["email"] != "n@example.com" ||
		links[1].NewSession["userId"] != links[1].NewUser["id"] || links[1].AnonymousSession["userId"] != u["id"] {
		b, _ := json.Marshal(links)
		t.Fatalf("OnLinkAccount saw %s", b)
	}
	if count(t, db, core.DialectSQLite, "user", `"isAnonymous" = 1`) != 0 {
		t.Fatal("the anonymous user outlived the sign-in")
	}
}
