package core_test

import (
	"bufio"
	"context"
	"database/sql"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// Interoperability with the real thing: the official better-auth/client
// (wire-check.mjs from ../shared/tools) against the Go handler, and a
// TypeScript Better Auth 1.7.5 server (testdata/npm-wire/server.mjs)
// sharing a SQLite database and secret with it. Both need
// testdata/npm-wire/node_modules (`npm ci` there; .ci/run does it): they
// skip locally without it and fail under CI.

func npmWire(t *testing.T) (dir, node string) {
	t.Helper()
	return core.NPMWire(t)
}

func TestWireCheck(t *testing.T) {
	dir, node := npmWire(t)
	script := filepath.Join("..", "..", "shared", "tools", "wire-check.mjs")
	src, err := os.ReadFile(script)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("wire-check.mjs: %v", err)
		}
		t.Skipf("wire-check.mjs: %v", err)
	}
	// ES modules resolve packages from the script's own folder: run a copy
	// next to a node_modules link (outside the repository).
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "wire-check.mjs"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			db := openDB(t, d)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			base := "http://" + ln.Addr().String()
			a := core.New(core.Options{BaseURL: base, Secret: testSecret, Database: core.Database{Dialect: d, DB: db},
				EmailAndPassword: core.EmailAndPassword{Enabled: true}})
			createTables(t, db, d, a)
			srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
			srv.Start()
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, "wire-check.mjs", base+"/api/auth")
			cmd.Dir = tmp
			cmd.Env = append(os.Environ(), "SECRET="+testSecret)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "PASS") {
				t.Fatalf("wire-check: %v\n%s", err, out)
			}
			if n := strings.Count(string(out), "ok   "); n < 30 {
				t.Fatalf("wire-check ran only %d checks:\n%s", n, out)
			}
			if d != core.DialectSQLite {
				return
			}
			// The check can fail: a wrong secret breaks the signature check.
			cmd = exec.CommandContext(ctx, node, "wire-check.mjs", base+"/api/auth")
			cmd.Dir = tmp
			cmd.Env = append(os.Environ(), "SECRET=not-the-server-secret")
			if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "FAIL: signature = base64(HMAC-SHA256(secret, token))") {
				t.Fatalf("wire-check with a wrong secret: %v\n%s", err, out)
			}
		})
	}
}

// startTS runs the TypeScript reference server on the database db (a
// SQLite file, or a postgres:// or mysql:// URL) and returns its base URL.
// env adds NAME=value settings (see server.mjs).
func startTS(t *testing.T, dir, node, db string, env ...string) string {
	t.Helper()
	// The free port is found by listening and closing, so another test's
	// server can take it before node binds it: then node exits with
	// EADDRINUSE and another port is tried.
	for attempt := 1; ; attempt++ {
		url, stderr, ok := tryStartTS(t, dir, node, db, env)
		switch {
		case ok:
			return url
		case strings.Contains(stderr, "EADDRINUSE") && attempt < 5:
			continue
		}
		t.Fatalf("TypeScript server did not start:\n%s", stderr)
	}
}

// tryStartTS starts server.mjs once on a free port and waits for it.
func tryStartTS(t *testing.T, dir, node, db string, env []string) (url, stderrText string, ok bool) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, node, "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port), tsDatabaseEnv(db), "BETTER_AUTH_SECRET="+testSecret, "NODE_ENV=", "QUIET=1")
	cmd.Env = append(cmd.Env, env...)
	stdout, _ := cmd.StdoutPipe()
	var stderr lockedBuilder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "listening") {
				ready <- true
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			_ = cmd.Wait() // stderr is complete once the process is reaped
			return "", "exited:\n" + stderr.String(), false
		}
	case <-time.After(60 * time.Second):
		return "", "no answer in 60 s:\n" + stderr.String(), false
	}
	return "http://127.0.0.1:" + strconv.Itoa(port), "", true
}

// lockedBuilder is a strings.Builder safe for the process's writer and a
// reader.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// tsDatabaseEnv is the server.mjs setting naming the database db.
func tsDatabaseEnv(db string) string {
	switch {
	case strings.HasPrefix(db, "postgres://"), strings.HasPrefix(db, "postgresql://"):
		return "DATABASE_URL=" + db
	case strings.HasPrefix(db, "mysql://"):
		return "MYSQL_URL=" + db
	}
	return "DB=" + db
}

// sharedSQLite opens a SQLite file both servers use (WAL, a busy timeout so
// they wait for each other), closed when the test ends.
func sharedSQLite(t *testing.T) (string, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return path, db
}

// sharedDB is one database of the dialect both servers use: sharedSQLite's
// file, or a fresh PostgreSQL or MariaDB database; it returns what startTS
// takes and the database for Go and the test.
func sharedDB(t *testing.T, dialect string) (string, *sql.DB) {
	t.Helper()
	if dialect == core.DialectSQLite {
		return sharedSQLite(t)
	}
	db, u := openDBURL(t, dialect)
	return u, db
}

// TestSharedDatabaseWithTypeScript: Go and the TypeScript server on one
// database (SQLite, and PostgreSQL and MariaDB when their servers are
// named) sign in each other's users and read each other's sessions.
func TestSharedDatabaseWithTypeScript(t *testing.T) {
	forEachDialect(t, testSharedDatabase)
}

func testSharedDatabase(t *testing.T, dialect string) {
	dir, node := npmWire(t)
	path, db := sharedDB(t, dialect)
	a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}})
	createTables(t, db, dialect, a)
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, path) + "/api/auth", jar: map[string]string{}}

	// A user created by TypeScript signs in through Go, and the session
	// cookie TypeScript set is valid in Go (same secret, same signing).
	ts.signUp("from-ts@example.com", password)
	tsCookie := ts.jar["better-auth.session_token"]
	goc.do("POST", "/sign-in/email", map[string]any{"email": "FROM-TS@example.com", "password": password})
	goc.expect(200, "*")
	shared := goc.clone()
	shared.jar, shared.order = map[string]string{"better-auth.session_token": tsCookie}, []string{"better-auth.session_token"}
	s := obj(shared.do("GET", "/get-session", nil))
	if obj(s["user"])["email"] != "from-ts@example.com" {
		t.Fatalf("Go reading a TypeScript session: %s", shared.raw)
	}

	// And the other way round.
	goUser := goc.clone()
	goUser.signUp("from-go@example.com", password)
	ts2 := ts.clone()
	ts2.do("POST", "/sign-in/email", map[string]any{"email": "from-go@example.com", "password": password})
	ts2.expect(200, "*")
	viaTS := ts.clone()
	viaTS.jar, viaTS.order = map[string]string{"better-auth.session_token": goUser.jar["better-auth.session_token"]}, []string{"better-auth.session_token"}
	s = obj(viaTS.do("GET", "/get-session", nil))
	if obj(s["user"])["email"] != "from-go@example.com" || obj(s["session"])["token"] != goUser.sessionToken() {
		t.Fatalf("TypeScript reading a Go session: %s", viaTS.raw)
	}
	// Rows written by Go read back identically through TypeScript.
	goView := obj(goUser.do("GET", "/get-session", nil))
	if obj(goView["user"])["createdAt"] != obj(s["user"])["createdAt"] || obj(goView["session"])["expiresAt"] != obj(s["session"])["expiresAt"] {
		t.Fatalf("dates differ:\nGo %s\nTS %s", goUser.raw, viaTS.raw)
	}

	// A password changed in Go works in TypeScript; sign-out in one ends the
	// session in the other.
	goUser.do("POST", "/change-password", map[string]any{"newPassword": "changed in go!", "currentPassword": password})
	goUser.expect(200, "*")
	ts3 := ts.clone()
	ts3.do("POST", "/sign-in/email", map[string]any{"email": "from-go@example.com", "password": "changed in go!"})
	ts3.expect(200, "*")
	goUser.do("POST", "/sign-out", nil)
	viaTS.do("GET", "/get-session", nil)
	viaTS.expect(200, "null")
	// A wrong password is refused by both.
	x := ts.clone()
	x.do("POST", "/sign-in/email", map[string]any{"email": "from-go@example.com", "password": password})
	x.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	y := goc.clone()
	y.do("POST", "/sign-in/email", map[string]any{"email": "from-ts@example.com", "password": "nope nope nope"})
	y.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	// Both wrote to the one database: two users, each with a credential
	// account.
	var users, accounts int
	if err := db.QueryRow("SELECT count(*) FROM " + q(dialect, "user")).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM " + q(dialect, "account")).Scan(&accounts); err != nil {
		t.Fatal(err)
	}
	if users != 2 || accounts != 2 {
		t.Fatalf("%d users and %d accounts in the shared database, want 2 and 2", users, accounts)
	}
}
