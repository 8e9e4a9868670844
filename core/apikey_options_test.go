package core_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestAPIKeyOptionsNotPorted: every apiKey option the Go handler cannot
// honour makes Open fail, naming it; the ported ones open.
func TestAPIKeyOptionsNotPorted(t *testing.T) {
	open := func(ps ...core.Plugin) error {
		a := core.New(core.Options{Secret: testSecret, Database: core.SQLite(filepath.Join(t.TempDir(), "a.db")), Plugins: ps})
		defer a.Close()
		return a.Open(context.Background())
	}
	for _, c := range []struct {
		o    plugins.APIKeyOptions
		want string
	}{
		{plugins.APIKeyOptions{Storage: "secondary-storage"}, `APIKeyOptions.Storage "secondary-storage" is not ported`},
		{plugins.APIKeyOptions{Storage: "redis"}, `APIKeyOptions.Storage "redis" is not a storage`},
		{plugins.APIKeyOptions{FallbackToDatabase: true}, "APIKeyOptions.FallbackToDatabase is not ported"},
		{plugins.APIKeyOptions{DeferUpdates: true}, "APIKeyOptions.DeferUpdates is not ported"},
		{plugins.APIKeyOptions{References: "organization"}, `APIKeyOptions.References "organization" is not ported`},
		{plugins.APIKeyOptions{KeyExpiration: plugins.APIKeyExpiration{DefaultExpiresIn: 1500 * time.Millisecond}}, "DefaultExpiresIn must be whole seconds"},
		{plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{{ConfigID: "a"}, {ConfigID: "b", DeferUpdates: true}}},
			"APIKeyOptions.Configurations[1].DeferUpdates is not ported"},
		{plugins.APIKeyOptions{EnableMetadata: true, Configurations: []plugins.APIKeyConfiguration{{ConfigID: "a"}}},
			"with Configurations, set every option in the configurations"},
	} {
		if err := open(plugins.APIKey(c.o)); err == nil || !strings.Contains(err.Error(), "plugin api-key: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: Open = %v, want %q", c.o, err, c.want)
		}
	}
	if err := open(plugins.APIKey(), plugins.Organization()); err == nil || !strings.Contains(err.Error(), "organization-owned API keys") {
		t.Errorf("with organization: Open = %v", err)
	}
	ok := plugins.APIKey(plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{
		{ConfigID: "default", Storage: "database", References: "user", EnableSessionForAPIKeys: true},
		{ConfigID: "other", KeyExpiration: plugins.APIKeyExpiration{DefaultExpiresIn: time.Hour}},
	}})
	o := core.Options{Secret: testSecret, Plugins: []core.Plugin{ok}}
	o.Database = core.SQLite(wireSQLite(t, o, "ok"))
	a := core.New(o)
	defer a.Close()
	if err := a.Open(context.Background()); err != nil {
		t.Errorf("ported options: Open = %v", err)
	}
}
