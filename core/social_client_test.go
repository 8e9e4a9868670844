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
	"github.com/authctl/authctl/core/social"
)

// TestSocialWithOfficialClient: Better Auth 1.7.5's better-auth/client
// (testdata/social-client.mjs, run with node) signs in with GitLab — a
// loopback OpenID provider — through the Go handler: signIn.social, the
// provider, the callback, getSession.
func TestSocialWithOfficialClient(t *testing.T) {
	dir, node := npmWire(t)
	src, err := os.ReadFile(filepath.Join("testdata", "social-client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "social-client.mjs"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}
	op := newTestOP(t)
	op.addUser(opUser{ID: 99, Sub: "s99", Username: "linus", Name: "Linus", Email: "linus@example.com", Avatar: "https://img.example/l.png", EmailVerified: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	a := core.New(core.Options{BaseURL: origin, Secret: testSecret, Database: core.SQLite(wireSQLite(t, core.Options{}, "client")),
		SocialProviders: []core.SocialProvider{social.GitLab(social.GitLabOptions{
			Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}, Issuer: op.issuer})}})
	t.Cleanup(func() { a.Close() })
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)
	run := func() (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, "social-client.mjs", origin+"/api/auth")
		cmd.Dir = tmp
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	out, err := run()
	if err != nil {
		t.Fatalf("social-client.mjs: %v\n%s", err, out)
	}
	var got struct {
		User map[string]any
	}
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.User["email"] != "linus@example.com" || got.User["name"] != "Linus" || got.User["emailVerified"] != true ||
		got.User["image"] != "https://img.example/l.png" {
		t.Fatalf("session user: %v", got.User)
	}
	// The script can fail: without the user at the provider the callback
	// redirects to the error page.
	op.signIn("nobody@example.com")
	if out, err := run(); err == nil || !strings.Contains(out, "FAIL: callback answered 302 "+origin+"/api/auth/error?error=access_denied") {
		t.Fatalf("social-client.mjs without a provider user: %v\n%s", err, out)
	}
}
