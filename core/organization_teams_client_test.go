package core_test

import (
	"context"
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

// TestOrganizationTeamsWithOfficialClient: Better Auth 1.7.5's
// better-auth/client with organizationClient({teams, dynamicAccessControl})
// (testdata/organization-teams-client.mjs, run with node) goes through
// teams, an invitation to a team and dynamic roles against the Go
// handler, as an owner and a member.
func TestOrganizationTeamsWithOfficialClient(t *testing.T) {
	dir, node := npmWire(t)
	src, err := os.ReadFile(filepath.Join("testdata", "organization-teams-client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "organization-teams-client.mjs"), src, 0o644); err != nil {
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
	o := enabled(orgTeamsGo)
	o.BaseURL, o.Secret, o.Database = origin, testSecret, core.SQLite(wireSQLite(t, o, "client"))
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)

	checkTeamsClient(t, node, tmp, origin+"/api/auth")
}

// TestOrganizationTeamsClientScriptOnTypeScript runs the same journey
// against Better Auth 1.7.5 itself, so that what the script expects is
// 1.7.5's behaviour.
func TestOrganizationTeamsClientScriptOnTypeScript(t *testing.T) {
	dir, node := npmWire(t)
	src, err := os.ReadFile(filepath.Join("testdata", "organization-teams-client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "organization-teams-client.mjs"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}
	o := enabled(orgTeamsGo)
	base := startTS(t, dir, node, wireSQLite(t, o, "ts-client"), `PLUGINS={"organizationTeams":`+orgTeamsTS+`}`)
	checkTeamsClient(t, node, tmp, base+"/api/auth")
}

// checkTeamsClient runs organization-teams-client.mjs against base and
// checks its summary.
func checkTeamsClient(t *testing.T, node, dir, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "organization-teams-client.mjs", base)
	cmd.Dir = dir
	raw, err := cmd.CombinedOutput()
	out := strings.TrimSpace(string(raw))
	if err != nil {
		t.Fatalf("organization-teams-client.mjs: %v\n%s", err, out)
	}
	want := `{"teams":["Acme","Engineering"],"activeTeam":true,"role":{"team":["create","update"]}}`
	if last := out[strings.LastIndexByte(out, '\n')+1:]; last != want {
		t.Fatalf("organization-teams-client.mjs printed %s, want %s", out, want)
	}
}
