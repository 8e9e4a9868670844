package cmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/authctl/authctl/initcmd"
	"github.com/authctl/authctl/internal/testmod"
	"github.com/authctl/authctl/prompt"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/mod/modfile"
)

func init() {
	extraCmds["initmod"] = cmdInitMod
	extraCmds["crlf"] = cmdCRLF
}

// scriptedPrompter answers init's questions from a script: each answer is
// picked by the first option containing the given text.
type scriptedPrompter struct {
	can     bool
	selects []string   // one per Select, in order
	multi   [][]string // one per MultiSelect
	confirm bool
	err     error // returned by the first question
	asked   []string
}

func (p *scriptedPrompter) CanPrompt() bool { return p.can }

func (p *scriptedPrompter) Confirm(msg string, _ bool) (bool, error) {
	p.asked = append(p.asked, msg)
	return p.confirm, p.err
}

func (p *scriptedPrompter) Select(msg string, options []string, def string) (string, error) {
	p.asked = append(p.asked, msg)
	if p.err != nil {
		return "", p.err
	}
	if len(p.selects) == 0 {
		return def, nil
	}
	want := p.selects[0]
	p.selects = p.selects[1:]
	for _, o := range options {
		if strings.Contains(o, want) {
			return o, nil
		}
	}
	return "", fmt.Errorf("no option %q in %q", want, options)
}

func (p *scriptedPrompter) MultiSelect(msg string, options []string, _ []string) ([]string, error) {
	p.asked = append(p.asked, msg)
	if len(p.multi) == 0 {
		return nil, nil
	}
	var out []string
	for _, want := range p.multi[0] {
		for _, o := range options {
			if strings.HasPrefix(o, want+" ") || o == want {
				out = append(out, o)
			}
		}
	}
	p.multi = p.multi[1:]
	return out, nil
}

// initProject is a module without network needs: init runs with
// --no-install.
func initProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/shop\n\ngo 1.26.8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func initFactory(p prompt.Prompter) (*Factory, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &Factory{
		IO:       &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Prompter: p,
		Version:  "dev",
	}, &out, &errOut
}

// listFiles returns the files under dir, relative and sorted.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files
}

func TestInitFlagsParse(t *testing.T) {
	f, _, _ := initFactory(&scriptedPrompter{})
	var got *InitOptions
	c := NewCmdInit(f, func(_ context.Context, o *InitOptions) error { got = o; return nil })
	c.SetArgs([]string{"--cwd", "proj", "--name", "Shop", "--framework", "gin", "--plugins", "twoFactor,username", "--plugins", "admin",
		"--database", "mysql", "--dir", "pkg/auth", "--base-path", "/auth", "--client", "vue", "--dry-run", "-y", "--no-install", "--tidy"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Cwd != "proj" || got.Name != "Shop" || got.Framework != "gin" || !slices.Equal(got.Plugins, []string{"twoFactor", "username", "admin"}) ||
		got.Database != "mysql" || got.Dir != "pkg/auth" || got.BasePath != "/auth" || got.Client != "vue" ||
		!got.DryRun || !got.Yes || !got.NoInstall || !got.Tidy || !got.changed("plugins") || !got.changed("name") {
		t.Fatalf("options = %+v", got)
	}
	c = NewCmdInit(f, func(_ context.Context, o *InitOptions) error { got = o; return nil })
	c.SetArgs(nil)
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.BasePath != "/api/auth" || got.Framework != "" || got.Plugins != nil || got.changed("plugins") || got.Yes {
		t.Fatalf("defaults = %+v", got)
	}
	if c.Hidden {
		t.Fatal("init is hidden")
	}
}

// Without a terminal, init names every flag it would have asked for and
// writes nothing.
func TestInitNoTerminal(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "pass --database sqlite|postgres|mysql and --yes"},
		{[]string{"--database", "sqlite"}, "pass --yes"},
		{[]string{"--yes"}, "pass --database sqlite|postgres|mysql\n"},
		{[]string{"--dry-run"}, "pass --database sqlite|postgres|mysql\n"},
		{[]string{"--database", "oracle", "--yes"}, `unknown database "oracle" in --database (use sqlite, postgres, mysql)`},
		{[]string{"--database", "sqlite", "--plugins", "twoFacter", "--yes"}, `unknown plugin "twoFacter" in --plugins; did you mean "twoFactor"?`},
		{[]string{"--database", "sqlite", "--framework", "gim", "--yes"}, `unknown framework "gim" in --framework; did you mean "gin"?`},
		{[]string{"--database", "sqlite", "--client", "angular", "--yes"}, `unknown client "angular" in --client`},
		{[]string{"--database", "sqlite", "--base-path", "api", "--yes"}, `--base-path: invalid base path "api"`},
	} {
		dir := initProject(t)
		f, out, errOut := initFactory(&scriptedPrompter{})
		code := run(context.Background(), f, append([]string{"init", "--cwd", dir, "--no-install"}, tt.args...))
		if code != ExitError || !strings.Contains(errOut.String(), tt.want) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, errOut, tt.want)
		}
		if strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("%v: not one line: %q", tt.args, errOut)
		}
		if files := listFiles(t, dir); !slices.Equal(files, []string{"go.mod"}) {
			t.Errorf("%v: files %v", tt.args, files)
		}
	}
}

// With a terminal, each choice no flag gave is asked, then the plan is
// confirmed.
func TestInitInteractive(t *testing.T) {
	dir := initProject(t)
	p := &scriptedPrompter{can: true, selects: []string{"Echo", "PostgreSQL", "Vue"}, multi: [][]string{{"twoFactor", "username"}}, confirm: true}
	f, out, errOut := initFactory(p)
	if code := run(context.Background(), f, []string{"init", "--cwd", dir, "--no-install"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if len(p.asked) != 5 || !strings.Contains(p.asked[0], "framework") || !strings.Contains(p.asked[1], "database") ||
		!strings.Contains(p.asked[2], "plugins") || !strings.Contains(p.asked[3], "client") || p.asked[4] != "Write these files?" {
		t.Fatalf("asked %q", p.asked)
	}
	if got := listFiles(t, dir); !slices.Equal(got, []string{".env", "go.mod", "lib/auth-client.ts", "lib/auth.go", "lib/authhttp/mount.go"}) {
		t.Fatalf("files %v", got)
	}
	auth, _ := os.ReadFile(filepath.Join(dir, "lib", "auth.go"))
	mount, _ := os.ReadFile(filepath.Join(dir, "lib", "authhttp", "mount.go"))
	if !bytes.Contains(auth, []byte("core.Postgres(")) || !bytes.Contains(auth, []byte("plugins.TwoFactor(plugins.TwoFactorOptions{")) || !bytes.Contains(auth, []byte("plugins.Username()")) ||
		!bytes.Contains(mount, []byte("func Mount(e *echo.Echo) error")) {
		t.Fatalf("auth.go:\n%s\nmount.go:\n%s", auth, mount)
	}
	for _, want := range []string{"Scaffolding auth for example.com/shop (echo, postgres, plugins twoFactor, username)", "  create  lib/auth.go",
		"Add the requirements to go.mod: go get github.com/authctl/authctl github.com/labstack/echo/v4@v4.16.0 github.com/jackc/pgx/v5@v5.12.0",
		"Edit DATABASE_URL in .env: it is a placeholder, postgres://user:password@localhost:5432/shop?sslmode=disable", "authctl migrate --cwd " + dir} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q", out)
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if string(gomod) != "module example.com/shop\n\ngo 1.26.8\n" {
		t.Errorf("go.mod changed with --no-install: %s", gomod)
	}

	// Flags given are not asked; go.mod's framework is the default.
	dir = initProject(t)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/shop\n\nrequire github.com/go-chi/chi/v5 v5.0.0\n"), 0o644)
	p = &scriptedPrompter{can: true, confirm: true}
	f, _, errOut = initFactory(p)
	if code := run(context.Background(), f, []string{"init", "--cwd", dir, "--no-install", "--database", "sqlite", "--plugins", "", "--client", "none", "--yes"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if len(p.asked) != 1 || !strings.Contains(p.asked[0], "framework") {
		t.Fatalf("asked %q", p.asked)
	}
	if mount, _ := os.ReadFile(filepath.Join(dir, "lib", "authhttp", "mount.go")); !bytes.Contains(mount, []byte("*chi.Mux")) {
		t.Fatalf("mount.go:\n%s", mount)
	}
}

// Answering no, or Ctrl-C at any question, writes nothing.
func TestInitDeclined(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    *scriptedPrompter
		code int
	}{
		{"no", &scriptedPrompter{can: true, confirm: false}, ExitError},
		{"ctrl-c at the first question", &scriptedPrompter{can: true, err: prompt.ErrInterrupted}, ExitInterrupted},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := initProject(t)
			f, _, errOut := initFactory(tt.p)
			if code := run(context.Background(), f, []string{"init", "--cwd", dir, "--no-install", "--database", "sqlite"}); code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			if files := listFiles(t, dir); !slices.Equal(files, []string{"go.mod"}) {
				t.Fatalf("files %v", files)
			}
		})
	}
}

// Problems no answer can fix are reported before the first question.
func TestInitChecksBeforeAsking(t *testing.T) {
	dir := initProject(t)
	os.WriteFile(filepath.Join(dir, ".env"), []byte("A=\"open\n"), 0o644)
	p := &scriptedPrompter{can: true, confirm: true}
	f, _, errOut := initFactory(p)
	if code := run(context.Background(), f, []string{"init", "--cwd", dir, "--no-install"}); code != ExitError {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if len(p.asked) != 0 || !strings.Contains(errOut.String(), "fix .env") {
		t.Fatalf("asked %q; stderr %s", p.asked, errOut)
	}
}

func TestWrapList(t *testing.T) {
	got := wrapList([]string{"aaaa", "bbbb", "cccc", "dddd"}, 14, "  ")
	if got != "aaaa, bbbb,\n  cccc, dddd" {
		t.Fatalf("%q", got)
	}
}

// initmod DIR creates a new module in DIR that init can complete offline
// (GOPROXY=off), against a module cache that holds testdata/gomod-init's
// modules: the first initmod of a test run downloads them (testmod), with
// the network when the cache lacks them; when they cannot be had the script
// is skipped, or fails under CI.
//
//   - it requires github.com/authctl/authctl through a replace pointing at
//     this repository, so init's go get has nothing to fetch for it;
//   - it starts with testdata/gomod-init's indirect requirements, so that the
//     minimal version selection matches gomod-init's: without them, gin alone
//     would select an older golang.org/x/net than the one gomod-init (which
//     also holds fiber and echo) downloaded;
//   - its go.sum holds the checksums of this repository's go.sum and
//     gomod-init's, which is where go get would otherwise ask the checksum
//     database, unreachable here.
//
// With -bare go.mod has only its module and go lines, as a new project's:
// no authctl, no indirect requirements (only a scaffold whose selected
// versions are gomod-init's, such as chi with SQLite, then builds offline).
// go.sum is seeded all the same.
func cmdInitMod(ts *testscript.TestScript, neg bool, args []string) {
	bare := len(args) > 0 && args[0] == "-bare"
	if bare {
		args = args[1:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: initmod [-bare] DIR")
	}
	root := ts.Getenv("REPO")
	err := testmod.Download(filepath.Join(root, "testdata", "gomod-init"))
	if err == nil && bare {
		err = warmBare(root)
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			ts.Fatalf("%v", err)
		}
		skipScript(ts, err.Error())
	}
	seedPath := filepath.Join(root, "testdata", "gomod-init", "go.mod")
	data, err := os.ReadFile(seedPath)
	ts.Check(err)
	seed, err := modfile.Parse(seedPath, data, nil)
	ts.Check(err)
	var b strings.Builder
	b.WriteString("module example.com/shop\n\ngo 1.26.8\n")
	if !bare {
		b.WriteString("\nrequire github.com/authctl/authctl v0.0.0\n\nrequire (\n")
		for _, r := range seed.Require {
			if r.Indirect {
				fmt.Fprintf(&b, "\t%s %s // indirect\n", r.Mod.Path, r.Mod.Version)
			}
		}
		fmt.Fprintf(&b, ")\n\nreplace github.com/authctl/authctl => %s\n", root)
	}
	dir := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dir, 0o755))
	ts.Check(os.WriteFile(filepath.Join(dir, "go.mod"), []byte(b.String()), 0o644))
	sums, err := seedSums(root)
	ts.Check(err)
	ts.Check(os.WriteFile(filepath.Join(dir, "go.sum"), []byte(sums), 0o644))
}

// warmBare fills the module cache with what init's go get reads in a bare
// module (initmod -bare): adding github.com/authctl/authctl there reads
// the go.mod of every module in authctl's requirement graph, which neither
// gomod-init's download nor building this repository fetches. It runs
// that go get (with chi and SQLite, the scaffold the -bare scripts build)
// in a scratch module, offline first, once per process.
func warmBare(root string) error {
	bareOnce.Do(func() { bareErr = goGetBare(root) })
	return bareErr
}

var (
	bareOnce sync.Once
	bareErr  error
)

func goGetBare(root string) error {
	dir, err := os.MkdirTemp("", "authctl-bare-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	gomod := "module example.com/warm\n\ngo 1.26.8\n\nreplace github.com/authctl/authctl => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	sums, err := seedSums(root)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), []byte(sums), 0o644); err != nil {
		return err
	}
	chi, _ := initcmd.LookupFramework("chi")
	sqlite, _ := initcmd.LookupDatabase("sqlite")
	return testmod.Go(dir, "get", initcmd.AuthctlModule+"@v0.0.0", chi.Module+"@"+chi.Version, sqlite.DriverModule+"@"+sqlite.DriverVersion)
}

// seedSums is the go.sum of a test module: this repository's and
// gomod-init's lines.
func seedSums(root string) (string, error) {
	var sums []string
	for _, p := range []string{filepath.Join(root, "go.sum"), filepath.Join(root, "testdata", "gomod-init", "go.sum")} {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		sums = append(sums, strings.Split(strings.TrimSpace(string(data)), "\n")...)
	}
	slices.Sort(sums)
	return strings.Join(slices.Compact(sums), "\n") + "\n", nil
}

// crlf SRC DST copies SRC to DST with CRLF line endings and without the
// final line break, the shape of an .env file saved by a Windows editor
// (a txtar file cannot hold carriage returns safely).
func cmdCRLF(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: crlf SRC DST")
	}
	data := strings.TrimSuffix(ts.ReadFile(args[0]), "\n")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(strings.ReplaceAll(data, "\n", "\r\n")), 0o600))
}

// A go command that fails leaves the files written and the next steps
// printed; when go get asked the proxy for authctl (a development build
// with no checkout found), the error says how to use a clone instead.
func TestInitGoGetFails(t *testing.T) {
	bin := t.TempDir()
	fake := "#!/bin/sh\necho 'go: module github.com/authctl/authctl: 403 Forbidden' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	dir := initProject(t)
	f, _, errOut := initFactory(&scriptedPrompter{})
	code := run(context.Background(), f, []string{"init", "--cwd", dir, "--database", "postgres", "--yes"})
	if code != ExitError {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Running go get github.com/authctl/authctl github.com/jackc/pgx/v5@v5.12.0", "403 Forbidden", "Next steps:",
		"Edit DATABASE_URL in .env", "authctl migrate",
		"the files above were written: fix the cause, then run that command yourself; github.com/authctl/authctl is not on the public module proxy: require it from a clone with `go mod edit -replace=github.com/authctl/authctl=/path/to/authctl` and `go get github.com/authctl/authctl@v0.0.0`\n"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Index(errOut.String(), "Next steps:") > strings.Index(errOut.String(), "\nauthctl: ") {
		t.Errorf("the next steps come after the error:\n%s", errOut)
	}
	if files := listFiles(t, dir); !slices.Contains(files, "lib/auth.go") {
		t.Errorf("files %v", files)
	}
}
