package configload

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/modfile"
)

// copyFixture copies testdata/fixtures/name to a temp dir with a go.mod
// and go.sum made by goMod and goSum: the fixture's own go.mod requires
// only authctl, which the go command refuses as untidy once core has
// dependencies of its own (it would need the network to tidy it).
func copyFixture(t testing.TB, name string) string {
	t.Helper()
	src := filepath.Join(repoRoot(t), "testdata", "fixtures", name)
	dst := filepath.Join(t.TempDir(), name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			data = []byte(goMod(t, modfile.ModulePath(data)))
			if err := os.WriteFile(filepath.Join(dst, "go.sum"), []byte(goSum(t)), 0o644); err != nil {
				return err
			}
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestFixtures loads every fixture project of the repository (a copy made
// by copyFixture) by discovery
// and checks the tables its options produce. The serial, custom and uuid
// fixtures read DATABASE_URL, which is harmless when unset.
func TestFixtures(t *testing.T) {
	cache := t.TempDir() // shared: the second loop must hit
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
	dirs := map[string]string{}
	for _, c := range cases {
		dirs[c.name] = copyFixture(t, c.name)
	}
	for _, hit := range []bool{false, true} {
		for _, c := range cases {
			dir := dirs[c.name]
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
