package plugins

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

// Every built-in plugin the Go handler does not run makes Open fail,
// naming it, so that no rule of a configured plugin is silently skipped
// (issue 10: a config with twoFactor must never sign in a 2FA user
// without the second factor). The catalog's Runs says which do run.
func TestPluginsWithoutRuntimeRefuseToStart(t *testing.T) {
	running := map[string]bool{}
	for _, e := range entries {
		p := e.full()
		list := withRequired(p)
		db := filepath.Join(t.TempDir(), "auth.db")
		a := core.New(core.Options{Secret: strings.Repeat("s", 32), Database: core.SQLite(db), Plugins: list})
		err := a.Open(context.Background())
		if _, runs := p.(core.RuntimePlugin); runs {
			running[e.name] = true
			continue
		}
		if err == nil || !strings.Contains(err.Error(), " "+p.ID()) || !strings.Contains(err.Error(), "no Go runtime") || !strings.Contains(err.Error(), "SessionsOnly") {
			t.Errorf("%s: Open = %v, want a refusal naming %q and SessionsOnly", e.name, err, p.ID())
		}
		// Every way in refuses too: the handler and GetSession.
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/auth/sign-in/email", strings.NewReader(`{}`)))
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("%s: handler answered %d, want 500", e.name, rec.Code)
		}
		if _, err := a.GetSession(context.Background(), http.Header{}); err == nil {
			t.Errorf("%s: GetSession worked", e.name)
		}
	}
	// The list of plugins with a Go runtime; a new one is added here with
	// its differential test.
	want := []string{"username", "twoFactor", "admin", "bearer", "jwt", "organization",
		"oneTimeToken", "multiSession", "lastLoginMethod", "phoneNumber", "apiKey",
		"anonymous", "magicLink", "emailOTP"}
	if len(running) != len(want) {
		t.Errorf("plugins with a Go runtime: %v, want %v", running, want)
	}
	for _, name := range want {
		if !running[name] {
			t.Errorf("plugin %s has no Go runtime", name)
		}
	}
	for _, info := range Catalog() {
		if info.Runs != running[info.Name] {
			t.Errorf("Catalog()[%s].Runs = %v", info.Name, info.Runs)
		}
	}
}

// Several plugins without a runtime are named together.
func TestUnservedPluginsNamedTogether(t *testing.T) {
	a := core.New(core.Options{Database: core.SQLite(filepath.Join(t.TempDir(), "a.db")), Plugins: []core.Plugin{SIWE(), TwoFactor(), Username(), Passkey()}})
	err := a.Open(context.Background())
	if err == nil || !strings.Contains(err.Error(), "plugins siwe, passkey have no Go runtime") {
		t.Fatalf("Open = %v", err)
	}
}

// withRequired returns p and the plugins it needs, transitively.
func withRequired(p core.Plugin) []core.Plugin {
	list := []core.Plugin{p}
	for i := 0; i < len(list); i++ {
		r, ok := list[i].(core.PluginRequirer)
		if !ok {
			continue
		}
		for _, need := range r.RequiredPlugins() {
			for _, o := range entries {
				if o.full().ID() == need {
					list = append(list, o.full())
				}
			}
		}
	}
	return list
}
