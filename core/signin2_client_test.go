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
)

// The official JS client harness of the oneTimeToken, multiSession,
// lastLoginMethod and phoneNumber client tests: the Go handler on a free
// port (with /__test/outbox beside it when the test keeps messages) and a
// script of testdata run with node against it.

// clientHarness is a Go handler the official client talks to.
type clientHarness struct {
	t      *testing.T
	origin string
	tmp    string
	node   string
}

// startClientHarness serves the handler built from o (BaseURL, Secret and
// a fresh SQLite database set here) and, when outbox is non-nil,
// GET /__test/outbox answering its JSON. script is copied beside a
// node_modules link.
func startClientHarness(t *testing.T, script string, o core.Options, outbox func() any) *clientHarness {
	t.Helper()
	dir, node := npmWire(t)
	src, err := os.ReadFile(filepath.Join("testdata", script))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, script), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	o = enabled(o)
	o.BaseURL, o.Secret, o.Database = origin, testSecret, core.SQLite(wireSQLite(t, o, "client"))
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	mux := http.NewServeMux()
	mux.Handle("/", a.Handler())
	if outbox != nil {
		mux.HandleFunc("GET /__test/outbox", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(outbox())
		})
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: mux}}
	srv.Start()
	t.Cleanup(srv.Close)
	return &clientHarness{t: t, origin: origin, tmp: tmp, node: node}
}

// run runs the script with the auth base URL and args; it returns the
// output's last line.
func (h *clientHarness) run(script string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.node, append([]string{script, h.origin + "/api/auth"}, args...)...)
	cmd.Dir = h.tmp
	out, err := cmd.CombinedOutput()
	s := strings.TrimSpace(string(out))
	return s[strings.LastIndexByte(s, '\n')+1:], err
}

// runJSON runs the script, which must succeed and print a JSON object
// with a user; it returns that user.
func (h *clientHarness) runJSON(script string, args ...string) map[string]any {
	h.t.Helper()
	out, err := h.run(script, args...)
	if err != nil {
		h.t.Fatalf("%s: %v\n%s", script, err, out)
	}
	var got struct{ User map[string]any }
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.User == nil {
		h.t.Fatalf("%s printed %q: %v", script, out, err)
	}
	return got.User
}
