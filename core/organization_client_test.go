package core_test

import (
	"context"
	"encoding/json"
	"fmt"
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
	"github.com/authctl/authctl/core/plugins"
)

// TestOrganizationWithOfficialClient: Better Auth 1.7.5's
// better-auth/client with organizationClient()
// (testdata/organization-client.mjs, run with node) goes through the
// organization journey against the Go handler; the invitation id reaches
// the script through SendInvitationEmail and /__test/outbox.
func TestOrganizationWithOfficialClient(t *testing.T) {
	dir, node := npmWire(t)
	src, err := os.ReadFile(filepath.Join("testdata", "organization-client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "organization-client.mjs"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}
	type sent struct {
		To string `json:"to"`
		ID string `json:"id"`
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
	org := plugins.Organization(plugins.OrganizationOptions{SendInvitationEmail: func(_ *core.Context, inv plugins.OrganizationInvitation) error {
		mu.Lock()
		defer mu.Unlock()
		outbox = append(outbox, sent{inv.Email, inv.ID})
		return nil
	}})
	o := core.Options{BaseURL: origin, Secret: testSecret, EmailAndPassword: core.EmailAndPassword{Enabled: true}, Plugins: []core.Plugin{org}}
	o.Database = core.SQLite(wireSQLite(t, o, "org"))
	a := core.New(o)
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

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "organization-client.mjs", origin+"/api/auth")
	cmd.Dir = tmp
	raw, err := cmd.CombinedOutput()
	out := strings.TrimSpace(string(raw))
	if err != nil {
		t.Fatalf("organization-client.mjs: %v\n%s", err, out)
	}
	var got struct {
		Role             string
		Members          []string
		Total            int
		Invitations      []string
		FullMembers      int
		ActiveAfterClear any
		List             []string
	}
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	want := `{member [ada@example.com:owner bob@example.com:member] 2 [bob@example.com:accepted] 1 <nil> [Beta Two]}`
	if s := fmt.Sprint(got); s != want {
		t.Fatalf("summary %s\nwant    %s", s, want)
	}
}
