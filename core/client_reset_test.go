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
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// TestResetPasswordWithOfficialClient: Better Auth 1.7.5's
// better-auth/client (testdata/reset-client.mjs, run with node) resets a
// password through the Go handler: signUp.email, requestPasswordReset,
// the emailed link (kept by a capturing SendResetPassword and handed to
// the script at /__test/outbox, outside the auth routes), resetPassword,
// then signIn.email (the old password refused, the new one accepted) and
// getSession.
func TestResetPasswordWithOfficialClient(t *testing.T) {
	dir, node := npmWire(t)
	src, err := os.ReadFile(filepath.Join("testdata", "reset-client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "reset-client.mjs"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}

	type sent struct {
		Kind  string `json:"kind"`
		To    string `json:"to"`
		URL   string `json:"url"`
		Token string `json:"token"`
	}
	var (
		mu     sync.Mutex
		outbox = []sent{}
	)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	a := core.New(core.Options{BaseURL: origin, Secret: testSecret, Database: core.SQLite(wireSQLite(t, core.Options{}, "reset")),
		EmailAndPassword: core.EmailAndPassword{Enabled: true,
			SendResetPassword: func(_ context.Context, e core.Email) error {
				mu.Lock()
				defer mu.Unlock()
				outbox = append(outbox, sent{"reset-password", e.User.Email, e.URL, e.Token})
				return nil
			}}})
	t.Cleanup(func() { a.Close() })
	mux := http.NewServeMux()
	mux.Handle("/", a.Handler())
	mux.HandleFunc("GET /__test/outbox", func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(outbox)
		outbox = []sent{}
	})
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: mux}}
	srv.Start()
	t.Cleanup(srv.Close)

	run := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, append([]string{"reset-client.mjs", origin + "/api/auth"}, args...)...)
		cmd.Dir = tmp
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	out, err := run("reset.client@example.com")
	if err != nil {
		t.Fatalf("reset-client.mjs: %v\n%s", err, out)
	}
	var got struct {
		User map[string]any
	}
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.User["email"] != "reset.client@example.com" || got.User["name"] != "Reset Client" {
		t.Fatalf("session user: %v", got.User)
	}

	// The script can fail: a token the server never issued is refused.
	if out, err := run("wrong.token@example.com", "wrong-token"); err == nil || out != "FAIL: resetPassword: 400 INVALID_TOKEN" {
		t.Fatalf("reset-client.mjs with a wrong token: %v\n%s", err, out)
	}
}
