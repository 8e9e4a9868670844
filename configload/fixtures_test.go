package configload

import (
	"path/filepath"
	"testing"
)

// TestFixtures loads every fixture project of the repository by discovery
// and checks the tables its options produce. The serial, custom and uuid
// fixtures read DATABASE_URL, which is harmless when unset.
func TestFixtures(t *testing.T) {
	cache := t.TempDir() // shared: the second loop must hit
	root := repoRoot(t)
	cases := []struct {
		name, path, pkg, tables, dialect string
	}{
		{"default", "lib/auth.go", "example.com/default/lib", "user,session,account,verification", "sqlite"},
		{"plugins", "auth.go", "example.com/plugins", "user,session,account,verification,twoFactor", "sqlite"},
		{"secondary", "utils/auth.go", "example.com/secondary/utils", "user,account,verification", "sqlite"},
		{"serial", "server/auth.go", "example.com/serial/server", "user,session,account,verification,twoFactor,rateLimit", "mysql"},
		{"custom", "src/lib/auth.go", "example.com/custom/src/lib", "users,sessions,accounts,verifications", "postgres"},
		{"uuid", "app/lib/auth.go", "example.com/uuid/app/lib", "user,session,account,verification", "postgres"},
	}
	for _, hit := range []bool{false, true} {
		for _, c := range cases {
			dir := filepath.Join(root, "testdata", "fixtures", c.name)
			cfg, err, took := load(t, Options{Dir: dir, CacheDir: cache})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			t.Logf("%s: cache hit %v in %v", c.name, cfg.CacheHit, took.Round(1e6))
			if cfg.CacheHit != hit {
				t.Errorf("%s: CacheHit = %v, want %v", c.name, cfg.CacheHit, hit)
			}
			if want := filepath.Join(dir, filepath.FromSlash(c.path)); cfg.Path != want {
				t.Errorf("%s: Path = %s, want %s", c.name, cfg.Path, want)
			}
			if cfg.Package != c.pkg {
				t.Errorf("%s: Package = %s, want %s", c.name, cfg.Package, c.pkg)
			}
			if got := tableNames(cfg); got != c.tables {
				t.Errorf("%s: tables = %s, want %s", c.name, got, c.tables)
			}
			if cfg.Manifest.Database.Dialect != c.dialect {
				t.Errorf("%s: dialect = %q, want %q", c.name, cfg.Manifest.Database.Dialect, c.dialect)
			}
		}
	}
}
