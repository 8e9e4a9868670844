package configload

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
)

// repoRoot is the authctl checkout the tests run in; temp modules replace
// github.com/authctl/authctl with it so they compile against this core.
func repoRoot(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/authctl/authctl\n") {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no authctl go.mod above %s", wd)
		}
	}
}

// goMod is a user module requiring authctl from this checkout. It lists
// the checkout's own requirements as indirect ones, as `go mod tidy` would
// list those the build uses, so that the go command accepts it offline
// with goSum's checksums.
func goMod(t testing.TB, module string) string {
	t.Helper()
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("module " + module + "\n\ngo 1.26.8\n\nrequire github.com/authctl/authctl v0.0.0\n\nrequire (\n")
	for _, r := range f.Require {
		fmt.Fprintf(&b, "\t%s %s // indirect\n", r.Mod.Path, r.Mod.Version)
	}
	b.WriteString(")\n\nreplace github.com/authctl/authctl => " + root + "\n")
	return b.String()
}

// goSum is the go.sum of a module made by goMod: this checkout's.
func goSum(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// writeFiles writes files (slash paths relative to dir) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// newModule creates a temp project: a go.mod requiring authctl plus files.
func newModule(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{"go.mod": goMod(t, "example.com/app"), "go.sum": goSum(t)}
	for k, v := range files {
		all[k] = v
	}
	writeFiles(t, dir, all)
	return dir
}

// authGo is a config file in package pkg with the given Options body.
func authGo(pkg, opts string) string {
	return "package " + pkg + "\n\nimport (\n\t\"os\"\n\n\t\"github.com/authctl/authctl/core\"\n\t\"github.com/authctl/authctl/core/plugins\"\n)\n\n" +
		"var _ = os.Getenv\nvar _ = plugins.TwoFactor\n\nvar Auth = core.New(core.Options{" + opts + "})\n"
}

// load runs Load with a per-test cache dir unless o sets one.
func load(t testing.TB, o Options) (*Config, error, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if o.Loader == "" {
		// The tests written before the static reader test the compiled
		// loader; static_test.go tests the static reader and auto.
		o.Loader = LoaderCompiled
	}
	start := time.Now()
	c, err := Load(ctx, o)
	return c, err, time.Since(start)
}

func mustLoad(t testing.TB, o Options) *Config {
	t.Helper()
	c, err, _ := load(t, o)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func tableNames(c *Config) string {
	var names []string
	for _, tb := range c.Manifest.Schema.Tables {
		names = append(names, tb.Name())
	}
	return strings.Join(names, ",")
}

// envWithout returns os.Environ with PATH pointing at an empty directory,
// so no go command can be found (or run).
func envNoGo(t testing.TB) []string {
	return withEnv(os.Environ(), "PATH", t.TempDir())
}
