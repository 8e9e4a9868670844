package core_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// diffStep is one request of a differential run.
type diffStep struct {
	method, path string
	body         any
	headers      []string
}

// wireSQLite creates a SQLite file in the test's temporary directory with
// o's tables, for one of the two servers, and returns its path.
func wireSQLite(t *testing.T, o core.Options, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	createTables(t, db, core.DialectSQLite, core.New(o))
	return path
}

// wireDB is one server's own fresh database in a differential test:
// open for the test's reads (db) and named by url, which startTS passes to
// the TypeScript server (a SQLite path, postgres://…, mysql://…).
type wireDB struct {
	dialect, url string
	db           *sql.DB
}

// newWireDB creates a fresh database of the dialect with o's tables (a
// SQLite file in the test's directory, a new PostgreSQL or MariaDB
// database, dropped when the test ends).
func newWireDB(t *testing.T, dialect string, o core.Options, name string) wireDB {
	t.Helper()
	if dialect == core.DialectSQLite {
		path := wireSQLite(t, o, name)
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return wireDB{dialect: dialect, url: path, db: db}
	}
	db, u := openDBURL(t, dialect)
	createTables(t, db, dialect, core.New(o))
	return wireDB{dialect: dialect, url: u, db: db}
}

// database is w for the Go handler.
func (w wireDB) database() core.Database {
	if w.dialect == core.DialectSQLite {
		return core.SQLite(w.url)
	}
	return core.Database{Dialect: w.dialect, DB: w.db}
}

// runDifferential is runDifferentialOn on SQLite.
func runDifferential(t *testing.T, o core.Options, env []string, steps []diffStep) {
	t.Helper()
	runDifferentialOn(t, core.DialectSQLite, o, env, steps)
}

// runDifferentialOn starts the Go handler with o and the TypeScript server
// with env (each on its own fresh database of the dialect with o's tables)
// and requires the same normalized answer to every step.
func runDifferentialOn(t *testing.T, dialect string, o core.Options, env []string, steps []diffStep) {
	t.Helper()
	dir, node := npmWire(t)
	goDB, tsDB := newWireDB(t, dialect, o, "go"), newWireDB(t, dialect, o, "ts")
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
		g, w := normalize(goc), normalize(ts)
		if testing.Verbose() {
			t.Logf("step %d: %s %s %v\n%s", i, s.method, s.path, s.body, g)
		}
		if g != w {
			t.Errorf("step %d: %s %s %v\n--- go\n%s\n--- typescript\n%s", i, s.method, s.path, s.body, g, w)
		}
	}
	// Both wrote the same number of rows to the database they were given
	// (which also shows that TypeScript used that database).
	if g, w := tableCounts(t, goDB), tableCounts(t, tsDB); g != w {
		t.Errorf("row counts differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// portableSQL is query, written for SQLite ("quoted" names, instr, ?
// placeholders, {lifetime} for the seconds from v.createdAt to
// v.expiresAt), for the dialect: MySQL quotes names with backquotes,
// PostgreSQL has strpos for instr and numbered placeholders.
func portableSQL(dialect, query string) string {
	lifetime := map[string]string{
		core.DialectSQLite:   `CAST(round((julianday(v."expiresAt") - julianday(v."createdAt")) * 86400) AS INTEGER)`,
		core.DialectPostgres: `CAST(round(EXTRACT(EPOCH FROM (v."expiresAt" - v."createdAt"))) AS INTEGER)`,
		core.DialectMySQL:    `CAST(round(TIMESTAMPDIFF(MICROSECOND, v."createdAt", v."expiresAt") / 1000000) AS SIGNED)`,
	}[dialect]
	query = strings.ReplaceAll(query, "{lifetime}", lifetime)
	switch dialect {
	case core.DialectMySQL:
		return strings.ReplaceAll(query, `"`, "`")
	case core.DialectPostgres:
		query = strings.ReplaceAll(query, "instr(", "strpos(")
		var b strings.Builder
		n := 0
		for _, r := range query {
			if r == '?' {
				n++
				fmt.Fprintf(&b, "$%d", n)
				continue
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	return query
}

// tableCounts is the number of rows in each core table of w.
func tableCounts(t *testing.T, w wireDB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"user", "session", "account", "verification"} {
		var n int
		if err := w.db.QueryRow("SELECT count(*) FROM " + q(w.dialect, table)).Scan(&n); err != nil {
			t.Fatalf("%s: counting %s: %v", w.dialect, table, err)
		}
		fmt.Fprintf(&b, "%s=%d ", table, n)
	}
	return b.String()
}

func usernameUp(email string, extra map[string]any) map[string]any {
	m := map[string]any{"name": "U", "email": email, "password": password}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// TestDifferentialUsername compares the username plugin's hooks and
// endpoints with Better Auth 1.7.5's username() plugin.
func TestDifferentialUsername(t *testing.T) {
	un := func(name string) map[string]any { return map[string]any{"username": name} }
	in := func(name, pw string) map[string]any { return map[string]any{"username": name, "password": pw} }
	steps := []diffStep{
		{"POST", "/sign-up/email", usernameUp("a@example.com", un("Diff_User")), nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-up/email", usernameUp("b@example.com", un("DIFF_user")), nil},
		{"POST", "/sign-up/email", usernameUp("b@example.com", un("ab")), nil},
		{"POST", "/sign-up/email", usernameUp("b@example.com", un(strings.Repeat("a", 31))), nil},
		{"POST", "/sign-up/email", usernameUp("b@example.com", un(strings.Repeat("a", 30))), nil},
		{"POST", "/sign-up/email", usernameUp("c@example.com", un("bad name!")), nil},
		{"POST", "/sign-up/email", usernameUp("c@example.com", un("")), nil},
		{"POST", "/sign-up/email", usernameUp("c@example.com", un("ünïcode")), nil},
		// Hooks run before body validation: the username error wins.
		{"POST", "/sign-up/email", map[string]any{"email": "not-an-email", "username": "diff_user"}, nil},
		{"POST", "/sign-up/email", map[string]any{"email": "not-an-email", "username": "fine_name"}, nil},
		{"POST", "/sign-up/email", usernameUp("d@example.com", map[string]any{"displayUsername": "Display.Name"}), nil},
		{"POST", "/sign-up/email", usernameUp("e@example.com", map[string]any{"displayUsername": "Not Valid!"}), nil},
		{"POST", "/sign-up/email", usernameUp("f@example.com", map[string]any{"displayUsername": "display.NAME"}), nil},
		{"POST", "/sign-up/email", usernameUp("g@example.com", map[string]any{"username": "Both_U", "displayUsername": "Fancy Name"}), nil},
		{"POST", "/sign-up/email", usernameUp("h@example.com", map[string]any{"username": "Empty_D", "displayUsername": ""}), nil},
		{"POST", "/sign-up/email", usernameUp("i@example.com", map[string]any{"username": nil}), nil},
		{"POST", "/sign-up/email", usernameUp("a@example.com", un("other_name")), nil},
		{"POST", "/sign-up/email", `[]`, nil},
		{"POST", "/sign-up/email", `"str"`, nil},
		{"POST", "/sign-up/email", "name=F&email=f2%40example.com&password=long+enough&username=Form_User", []string{"Content-Type", "application/x-www-form-urlencoded"}},
		// update-user, signed in as the last sign-up (Form_User).
		{"POST", "/sign-in/username", in("Diff_User", password), nil},
		{"POST", "/update-user", un("New_Name"), nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/update-user", un("new_name"), nil},
		{"POST", "/update-user", un("NEW_NAME"), nil},
		{"POST", "/update-user", un("both_u"), nil},
		{"POST", "/update-user", un("x"), nil},
		{"POST", "/update-user", un("has space"), nil},
		{"POST", "/update-user", map[string]any{"displayUsername": "Whatever Name"}, nil},
		{"POST", "/update-user", map[string]any{"username": "Third_Name", "displayUsername": "Third"}, nil},
		{"POST", "/update-user", map[string]any{"username": nil}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/update-user", un("Third_Name"), nil},
		{"POST", "/update-user", `[]`, nil},
		{"POST", "/sign-out", map[string]any{}, nil},
		// Without a session: a taken name is refused before the 401.
		{"POST", "/update-user", un("both_u"), nil},
		{"POST", "/update-user", un("free_name"), nil},
		{"POST", "/update-user", un("x"), nil},
		// sign-in/username.
		{"POST", "/sign-in/username", in("THIRD_name", password), nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-in/username", in("third_name", "wrong password"), nil},
		{"POST", "/sign-in/username", in("nobody_here", password), nil},
		{"POST", "/sign-in/username", in("ab", password), nil},
		{"POST", "/sign-in/username", in(strings.Repeat("z", 31), password), nil},
		{"POST", "/sign-in/username", in("bad name", password), nil},
		{"POST", "/sign-in/username", in("", password), nil},
		{"POST", "/sign-in/username", in("third_name", ""), nil},
		{"POST", "/sign-in/username", map[string]any{"username": 1, "rememberMe": "yes", "callbackURL": 2}, nil},
		{"POST", "/sign-in/username", map[string]any{"username": 1, "password": false, "rememberMe": "yes", "callbackURL": "/x"}, nil},
		{"POST", "/sign-in/username", map[string]any{}, nil},
		{"POST", "/sign-in/username", `[]`, nil},
		{"POST", "/sign-in/username", `{"username":`, nil},
		{"POST", "/sign-in/username", map[string]any{"username": "both_u", "password": password, "rememberMe": false}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/update-user", map[string]any{"name": "still remembered?"}, nil},
		{"POST", "/sign-in/username", map[string]any{"username": "both_u", "password": password, "rememberMe": true, "callbackURL": "/dashboard"}, nil},
		{"POST", "/sign-in/username", map[string]any{"username": "both_u", "password": password, "callbackURL": "https://evil.example/"}, nil},
		{"POST", "/sign-in/username", map[string]any{"username": "both_u", "password": password, "callbackURL": ""}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": "g@example.com", "password": password, "callbackURL": ""}, nil},
		{"POST", "/sign-in/username", map[string]any{"username": "both_u", "password": password}, []string{"Origin", "https://evil.example"}},
		{"POST", "/sign-in/username", "username=both_u&password=x", []string{"Content-Type", "application/x-www-form-urlencoded"}},
		{"GET", "/sign-in/username", nil, nil},
		// is-username-available.
		{"POST", "/is-username-available", un("BOTH_U"), nil},
		{"POST", "/is-username-available", un("Free_One"), nil},
		{"POST", "/is-username-available", un("ab"), nil},
		{"POST", "/is-username-available", un(strings.Repeat("q", 31)), nil},
		{"POST", "/is-username-available", un("bad name"), nil},
		{"POST", "/is-username-available", un(""), nil},
		{"POST", "/is-username-available", map[string]any{}, nil},
		{"POST", "/is-username-available", map[string]any{"username": true}, nil},
		{"GET", "/is-username-available", nil, nil},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		// A plugin value per Auth: the subtests run in parallel.
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.Username()}})
		runDifferentialOn(t, dialect, o, []string{"USERNAME_PLUGIN={}"}, steps)
	})
}

// TestDifferentialUsernameOptions compares the plugin with other lengths
// and without displayUsername.
func TestDifferentialUsernameOptions(t *testing.T) {
	opts, _ := json.Marshal(map[string]any{"minUsernameLength": 4, "maxUsernameLength": 8, "displayUsername": false})
	un := func(name string) map[string]any { return map[string]any{"username": name} }
	steps := []diffStep{
		{"POST", "/sign-up/email", usernameUp("a@example.com", un("abc")), nil},
		{"POST", "/sign-up/email", usernameUp("a@example.com", un("abcdefghi")), nil},
		{"POST", "/sign-up/email", usernameUp("a@example.com", map[string]any{"displayUsername": "Dis.Play"}), nil},
		{"POST", "/sign-up/email", usernameUp("b@example.com", un("AbCd")), nil},
		{"POST", "/update-user", map[string]any{"username": "Eight_Ch", "displayUsername": "ignored"}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-in/username", map[string]any{"username": "abc", "password": password}, nil},
		{"POST", "/sign-in/username", map[string]any{"username": "abcdefghi", "password": password}, nil},
		{"POST", "/sign-in/username", map[string]any{"username": "EIGHT_CH", "password": password}, nil},
		{"POST", "/is-username-available", un("dis.play"), nil},
		{"POST", "/is-username-available", un("abc"), nil},
		{"POST", "/is-username-available", un("nine_char"), nil},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.Username(plugins.UsernameOptions{
			MinUsernameLength: 4, MaxUsernameLength: 8, NoDisplayUsername: true})}})
		runDifferentialOn(t, dialect, o, []string{"USERNAME_PLUGIN=" + string(opts)}, steps)
	})
}

// TestSharedDatabaseUsername: Go and the TypeScript server with the
// username plugin on one database (each dialect) find each other's users
// by username, and each refuses the other's usernames.
func TestSharedDatabaseUsername(t *testing.T) {
	forEachDialect(t, testSharedDatabaseUsername)
}

func testSharedDatabaseUsername(t *testing.T, dialect string) {
	dir, node := npmWire(t)
	path, db := sharedDB(t, dialect)
	a := core.New(enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: db},
		Plugins: []core.Plugin{plugins.Username()}}))
	createTables(t, db, dialect, a)
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, path, "USERNAME_PLUGIN={}") + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")

	goc.do("POST", "/sign-up/email", usernameUp("go@example.com", map[string]any{"username": "Go_User"}))
	goc.expect(200, "*")
	ts.do("POST", "/sign-up/email", usernameUp("ts@example.com", map[string]any{"username": "TS_User"}))
	ts.expect(200, "*")

	viaTS := obj(ts.clone().do("POST", "/sign-in/username", map[string]any{"username": "GO_USER", "password": password}))
	if u := obj(viaTS["user"]); u["email"] != "go@example.com" || u["username"] != "go_user" || u["displayUsername"] != "Go_User" {
		t.Fatalf("TypeScript signing in a Go user by username: %v", viaTS)
	}
	g := goc.clone()
	viaGo := obj(g.do("POST", "/sign-in/username", map[string]any{"username": "ts_USER", "password": password}))
	if u := obj(viaGo["user"]); g.status != 200 || u["email"] != "ts@example.com" || u["username"] != "ts_user" || u["displayUsername"] != "TS_User" {
		t.Fatalf("Go signing in a TypeScript user by username: %s", g.raw)
	}

	goc.clone().do("POST", "/sign-up/email", usernameUp("x@example.com", map[string]any{"username": "ts_user"}))
	x := goc.clone()
	x.do("POST", "/sign-up/email", usernameUp("x@example.com", map[string]any{"username": "TS_USER"}))
	x.expectError(400, "USERNAME_IS_ALREADY_TAKEN", "Username is already taken. Please try another.")
	ts.do("POST", "/update-user", map[string]any{"username": "GO_user"})
	ts.expectError(400, "USERNAME_IS_ALREADY_TAKEN", "Username is already taken. Please try another.")
	// A username changed in Go signs in through TypeScript.
	g.do("POST", "/update-user", map[string]any{"username": "Renamed_In_Go"})
	g.expect(200, `{"status":true}`)
	y := ts.clone()
	y.do("POST", "/sign-in/username", map[string]any{"username": "renamed_in_go", "password": password})
	y.expect(200, "*")
	y.do("POST", "/is-username-available", map[string]any{"username": "TS_user"})
	y.expect(200, `{"available":true}`)
}
