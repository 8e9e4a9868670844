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
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// The official JS client harness of the *_client_test.go tests: a script
// of testdata (which imports testdata/browser.mjs) run with node against
// the Go handler on a free port, with /__test/outbox beside it when the
// test keeps messages.

// nodeScript is testdata/<name> copied, with testdata/browser.mjs, next
// to a link to npm-wire's node_modules (ES modules resolve packages from
// the script's folder).
type nodeScript struct {
	t               *testing.T
	name, dir, node string
}

// clientScript copies testdata/<name> and browser.mjs into a temporary
// folder beside a node_modules link.
func clientScript(t *testing.T, name string) *nodeScript {
	t.Helper()
	dir, node := npmWire(t)
	tmp := t.TempDir()
	for _, f := range []string{name, "browser.mjs"} {
		src, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, f), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}
	return &nodeScript{t: t, name: name, dir: tmp, node: node}
}

// run runs the script with the auth base URL and args (a minute at most);
// it returns the whole output, trimmed.
func (s *nodeScript) run(base string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.node, append([]string{s.name, base}, args...)...)
	cmd.Dir = s.dir
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// runJSON runs the script, which must succeed, and decodes the last line
// of its output into v.
func (s *nodeScript) runJSON(v any, base string, args ...string) {
	s.t.Helper()
	out, err := s.run(base, args...)
	if err != nil {
		s.t.Fatalf("%s: %v\n%s", s.name, err, out)
	}
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), v); err != nil {
		s.t.Fatalf("%s printed %q: %v", s.name, out, err)
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

// clientHarness is a Go handler the official client talks to, and the
// script that does.
type clientHarness struct {
	t      *testing.T
	origin string
	db     wireDB // the handler's SQLite database, for the test's reads
	script *nodeScript
}

// startClientHarness serves the handler built from o (BaseURL, Secret and
// a fresh SQLite database set here; the caller enables what it needs) and,
// when outbox is non-nil, GET /__test/outbox answering its JSON (a nil
// slice as []). script is copied as clientScript does.
func startClientHarness(t *testing.T, script string, o core.Options, outbox func() any) *clientHarness {
	t.Helper()
	h := &clientHarness{t: t, script: clientScript(t, script)}
	h.origin = serveOn(t, func(origin string) http.Handler {
		h.db = newWireDB(t, core.DialectSQLite, o, "client")
		o.BaseURL, o.Secret, o.Database = origin, testSecret, h.db.database()
		a := core.New(o)
		t.Cleanup(func() { a.Close() })
		mux := http.NewServeMux()
		mux.Handle("/", a.Handler())
		if outbox != nil {
			mux.HandleFunc("GET /__test/outbox", func(w http.ResponseWriter, _ *http.Request) {
				v := outbox()
				if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
					v = []any{}
				}
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(v)
			})
		}
		return mux
	})
	return h
}

// run runs the script against the handler's auth routes with args; it
// returns the whole output, trimmed.
func (h *clientHarness) run(args ...string) (string, error) {
	return h.script.run(h.origin+"/api/auth", args...)
}

// runJSON runs the script, which must succeed, and decodes the last line
// of its output into v.
func (h *clientHarness) runJSON(v any, args ...string) {
	h.t.Helper()
	h.script.runJSON(v, h.origin+"/api/auth", args...)
}

// user runs the script, which must succeed and print a JSON object with a
// user; it returns that user.
func (h *clientHarness) user(args ...string) map[string]any {
	h.t.Helper()
	var got struct{ User map[string]any }
	h.runJSON(&got, args...)
	if got.User == nil {
		h.t.Fatalf("%s printed no user", h.script.name)
	}
	return got.User
}
