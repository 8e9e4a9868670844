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

// TestAPIKeyWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with apiKeyClient() from @better-auth/api-key/client
// (testdata/apikey-client.mjs, run with node) against the Go handler:
// create, list, get, update, a session from x-api-key, a refused
// server-only property, delete, and the deleted key refused.
func TestAPIKeyWithOfficialClient(t *testing.T) {
	dir, node := npmWire(t)
	src, err := os.ReadFile(filepath.Join("testdata", "apikey-client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "apikey-client.mjs"), src, 0o644); err != nil {
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
	o := core.Options{BaseURL: origin, Secret: testSecret, EmailAndPassword: core.EmailAndPassword{Enabled: true},
		Plugins: []core.Plugin{plugins.APIKey(plugins.APIKeyOptions{EnableSessionForAPIKeys: true, EnableMetadata: true})}}
	o.Database = core.SQLite(wireSQLite(t, o, "apikey-client"))
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)

	run := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, append([]string{"apikey-client.mjs", origin + "/api/auth"}, args...)...)
		cmd.Dir = tmp
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	out, err := run("key.client@example.com")
	if err != nil {
		t.Fatalf("apikey-client.mjs: %v\n%s", err, out)
	}
	var got struct {
		User         map[string]any
		RequestCount float64
		Listed       float64
	}
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.User["email"] != "key.client@example.com" || got.User["name"] != "Key Client" || got.Listed != 1 {
		t.Fatalf("summary: %+v", got)
	}

	// The script can fail: a key the server never issued is no session.
	if out, err := run("bogus.key@example.com", "bogus-key"); err == nil || out != "FAIL: getSession with the key: 401 INVALID_API_KEY" {
		t.Fatalf("apikey-client.mjs with a bogus key: %v\n%s", err, out)
	}
}
