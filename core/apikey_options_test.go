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
		{plugins.APIKeyOptions{Storage: "secondary-storage"}, `APIKeyOptions.Storage "secondary-storage" needs core.Options.SecondaryStorage`},
		{plugins.APIKeyOptions{Storage: "secondary-storage", FallbackToDatabase: true}, `APIKeyOptions.Storage "secondary-storage" needs core.Options.SecondaryStorage`},
		{plugins.APIKeyOptions{Storage: "redis"}, `APIKeyOptions.Storage "redis" is not a storage`},
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
	// With the organization plugin alongside, the plugins start (Open
	// goes on to the database, which has no tables here).
	if err := open(plugins.APIKey(), plugins.Organization()); err == nil || strings.Contains(err.Error(), "plugin ") {
		t.Errorf("with organization: Open = %v", err)
	}
	ok := plugins.APIKey(plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{
		{ConfigID: "default", Storage: "database", References: "user", EnableSessionForAPIKeys: true},
		{ConfigID: "other", KeyExpiration: plugins.APIKeyExpiration{DefaultExpiresIn: time.Hour}},
		// fallbackToDatabase only matters with the secondary storage.
		{ConfigID: "fallback", FallbackToDatabase: true},
	}})
	o := core.Options{Secret: testSecret, Plugins: []core.Plugin{ok}}
	o.Database = core.SQLite(wireSQLite(t, o, "ok"))
	a := core.New(o)
	defer a.Close()
	if err := a.Open(context.Background()); err != nil {
		t.Errorf("ported options: Open = %v", err)
	}
}

// TestAPIKeyCustomFunctions: the Go function options (key generator, key
// getter, key validator, default permissions per owner) are used where
// 1.7.5 uses customKeyGenerator, customAPIKeyGetter,
// customAPIKeyValidator and permissions.defaultPermissions.
func TestAPIKeyCustomFunctions(t *testing.T) {
	n := 0
	o := plugins.APIKeyOptions{
		EnableSessionForAPIKeys: true, DefaultKeyLength: 10,
		CustomKeyGenerator: func(length int, prefix string) (string, error) {
			n++
			return prefix + strings.Repeat("k", length) + strings.Repeat("x", n), nil
		},
		CustomAPIKeyGetter: func(x *core.Context) string {
			v, _ := strings.CutPrefix(x.Request().Header.Get("Authorization"), "ApiKey ")
			return v
		},
		CustomAPIKeyValidator: func(_ *core.Context, key string) (bool, error) { return !strings.HasSuffix(key, "xx"), nil },
		Permissions: plugins.APIKeyPermissions{DefaultPermissionsFunc: func(_ *core.Context, owner string) (map[string][]string, error) {
			return map[string][]string{"owner": {owner}}, nil
		}},
	}
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{Plugins: []core.Plugin{plugins.APIKey(o)}}))
	c := startServer(t, a)
	id := obj(c.signUp("custom@example.com", password)["user"])["id"].(string)
	k1 := obj(c.do("POST", "/api-key/create", map[string]any{"prefix": "p-"}))
	c.expect(200, "*")
	if k1["key"] != "p-kkkkkkkkkkx" || k1["start"] != "p-kkkk" || obj(k1["permissions"])["owner"].([]any)[0] != id {
		t.Fatalf("create with the custom generator: %s", c.raw)
	}
	k2 := obj(c.do("POST", "/api-key/create", map[string]any{}))
	c.expect(200, "*")
	x := c.clone()
	x.do("GET", "/get-session", nil, "Authorization", "ApiKey "+k1["key"].(string))
	if s := obj(x.do("GET", "/get-session", nil, "Authorization", "ApiKey "+k1["key"].(string))); obj(s["session"])["token"] != k1["key"] {
		t.Fatalf("session from the custom getter: %d %s", x.status, x.raw)
	}
	x.do("GET", "/get-session", nil, "x-api-key", k1["key"].(string)) // the getter replaces the headers
	x.expect(200, "null")
	x.do("GET", "/get-session", nil, "Authorization", "ApiKey "+k2["key"].(string))
	x.expectError(403, "INVALID_API_KEY", "Invalid API key.")
	v, err := plugins.VerifyAPIKey(context.Background(), a, k2["key"].(string), plugins.VerifyAPIKeyOptions{})
	if err != nil || v.Valid || v.Error.Code != "KEY_NOT_FOUND" {
		t.Fatalf("VerifyAPIKey of a key the validator refuses = %+v, %v", v, err)
	}
}
