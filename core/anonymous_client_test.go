package core_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// clientScript copies testdata/<name> next to a link to npm-wire's
// node_modules (ES modules resolve packages from the script's folder) and
// returns a function running it with node and the arguments; its output
// is trimmed.
func clientScript(t *testing.T, name string) func(args ...string) (string, error) {
	t.Helper()
	dir, node := npmWire(t)
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, name), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}
	return func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, append([]string{name}, args...)...)
		cmd.Dir = tmp
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
}

// serveOn serves h on a free loopback port with its base URL known
// before it starts (for Options.BaseURL); it returns the origin.
func serveOn(t *testing.T, h func(origin string) http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h(origin)}}
	srv.Start()
	t.Cleanup(srv.Close)
	return origin
}

// TestAnonymousWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with anonymousClient() (testdata/anonymous-client.mjs) signs in
// anonymously through the Go handler, is refused a second anonymous
// sign-in, deletes the anonymous user, and links a new one by signing up.
func TestAnonymousWithOfficialClient(t *testing.T) {
	run := clientScript(t, "anonymous-client.mjs")
	var db wireDB
	origin := serveOn(t, func(origin string) http.Handler {
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.Anonymous()}})
		db = newWireDB(t, core.DialectSQLite, o, "anon-client")
		o.BaseURL, o.Secret, o.Database = origin, testSecret, db.database()
		a := core.New(o)
		t.Cleanup(func() { a.Close() })
		return a.Handler()
	})
	out, err := run(origin+"/api/auth", "linked.client@example.com")
	if err != nil {
		t.Fatalf("anonymous-client.mjs: %v\n%s", err, out)
	}
	var got struct {
		AnonymousID string
		User        map[string]any
	}
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.User["name"] != "Linked Client" || got.AnonymousID == "" {
		t.Fatalf("session user: %v", got.User)
	}
	// Both anonymous users are gone: one deleted, one linked.
	if n := anonymousUsers(t, db); n != 0 {
		t.Fatalf("%d anonymous users left", n)
	}
	if n := count(t, db.db, core.DialectSQLite, "user", "id = ?", got.AnonymousID); n != 0 {
		t.Fatal("the linked anonymous user is still there")
	}
	// The script can fail: a sign-up with an email in use fails it.
	if out, err := run(origin+"/api/auth", "linked.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: signUp.email") {
		t.Fatalf("anonymous-client.mjs with a taken email: %v\n%s", err, out)
	}
}
