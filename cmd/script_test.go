package cmd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/mod/modfile"
	_ "modernc.org/sqlite"
)

// The end-to-end tests run testdata/script/*.txtar with the real authctl
// (this test binary, re-executed as "authctl"), the real go command and
// real SQLite databases.

var loaderCache string

// extraCmds holds script commands registered by other _test files of this
// package (database helpers, terminal drivers), keyed by name.
var extraCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){}

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"authctl": func() {
			// As main.go: SIGINT and SIGTERM cancel the context.
			ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			os.Exit(Execute(ctx, os.Args[1:], System()))
		},
	})
}

func repoRoot(t testing.TB) string {
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// goEnv returns the values of the go command's variables the scripts need,
// since testscript gives each script an empty HOME.
func goEnv(t testing.TB, names ...string) map[string]string {
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	m := map[string]string{}
	for i, n := range names {
		if i < len(lines) {
			m[n] = lines[i]
		}
	}
	return m
}

func TestScripts(t *testing.T) {
	root := repoRoot(t)
	// One loader cache for the whole run, so each fixture compiles once;
	// scripts that test the cache itself point AUTHCTL_CACHE_DIR elsewhere.
	loaderCache = t.TempDir()
	env := goEnv(t, "GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT")
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"exits":    cmdExits,
		"fixture":  cmdFixture(root),
		"sqlite":   cmdSQLite,
		"mtime":    cmdMtime,
		"readlink": cmdReadlink,
	}
	for k, v := range extraCmds {
		cmds[k] = v
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join(root, "testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			for k, v := range env {
				e.Setenv(k, v)
			}
			e.Setenv("GOFLAGS", os.Getenv("GOFLAGS"))
			e.Setenv("GOTOOLCHAIN", "local")
			e.Setenv("GOPROXY", "off")
			e.Setenv("AUTHCTL_CACHE_DIR", loaderCache)
			// The database servers CI starts (see .ci/services.sh).
			for _, k := range []string{"CI", "AUTHCTL_TEST_POSTGRES_URL", "AUTHCTL_TEST_MYSQL_URL"} {
				if v, ok := os.LookupEnv(k); ok {
					e.Setenv(k, v)
				}
			}
			e.Setenv("REPO", root)
			// testscript puts the authctl command first on PATH; scripts set
			// PATH=$AUTHCTL_BIN to run authctl without the go command.
			e.Setenv("AUTHCTL_BIN", filepath.SplitList(os.Getenv("PATH"))[0])
			e.Setenv("GOLDEN", filepath.Join(root, "generate", "testdata", "sql"))
			e.Setenv("SAMPLES", filepath.Join(root, "..", "shared", "reference", "samples-better-auth-1.7.5"))
			// Custom commands reach the script's test through ts.Value, to
			// skip it (testscript exposes skipping only as a builtin).
			e.Values[scriptT{}] = e.T()
			return nil
		},
		Cmds: cmds,
	})
}

// scriptT is the key of the script's testscript.T in Env.Values.
type scriptT struct{}

// skipScript skips the running script with a message, as the builtin skip
// does.
func skipScript(ts *testscript.TestScript, msg string) {
	t, _ := ts.Value(scriptT{}).(testscript.T)
	if t == nil {
		ts.Fatalf("%s", msg)
	}
	ts.Logf("skip: %s", msg)
	t.Skip(msg)
}

// exits N prog args... runs prog and checks that it exits with exactly N.
// stdout and stderr are kept for the following stdout/stderr checks.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		got = ee.ExitCode()
	default:
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// fixture NAME [DIR] copies testdata/fixtures/NAME to $WORK/DIR (default
// NAME), pointing its replace directive at this repository. As `go mod
// tidy` would in a real project, the copy's go.mod also lists this
// repository's requirements (as indirect ones) and its go.sum is this
// repository's: the fixtures require only authctl, which the go command
// refuses offline as untidy now that core has dependencies of its own.
func cmdFixture(root string) func(*testscript.TestScript, bool, []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 1 || len(args) > 2 {
			ts.Fatalf("usage: fixture NAME [DIR]")
		}
		src := filepath.Join(root, "testdata", "fixtures", args[0])
		dst := ts.MkAbs(args[0])
		if len(args) == 2 {
			dst = ts.MkAbs(args[1])
		}
		err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			target := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if d.Name() == "go.mod" {
				b = regexp.MustCompile(`(?m)^replace github.com/authctl/authctl => .*$`).
					ReplaceAll(b, []byte("replace github.com/authctl/authctl => "+root))
				if b, err = withRepoRequirements(root, b); err != nil {
					return err
				}
				sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(filepath.Dir(target), "go.sum"), sum, 0o644); err != nil {
					return err
				}
			}
			return os.WriteFile(target, b, 0o644)
		})
		ts.Check(err)
	}
}

// withRepoRequirements adds this repository's requirements that gomod lacks
// to it, marked indirect.
func withRepoRequirements(root string, gomod []byte) ([]byte, error) {
	rootData, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	rootMod, err := modfile.ParseLax("go.mod", rootData, nil)
	if err != nil {
		return nil, err
	}
	f, err := modfile.Parse("go.mod", gomod, nil)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, r := range f.Require {
		have[r.Mod.Path] = true
	}
	for _, r := range rootMod.Require {
		if !have[r.Mod.Path] {
			f.AddNewRequire(r.Mod.Path, r.Mod.Version, true)
		}
	}
	f.Cleanup()
	return f.Format()
}

// sqlite DB SQL runs SQL on the SQLite database file DB and prints each
// result row as tab-separated values; sqlite DB @FILE runs a script.
func cmdSQLite(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: sqlite DB SQL")
	}
	db, err := sql.Open("sqlite", "file:"+ts.MkAbs(args[0])+"?_pragma=foreign_keys(1)")
	ts.Check(err)
	defer db.Close()
	query := args[1]
	if strings.HasPrefix(query, "@") {
		// A script file: run every statement, print nothing.
		b, err := os.ReadFile(ts.MkAbs(query[1:]))
		ts.Check(err)
		_, err = db.Exec(string(b))
		if (err != nil) != neg {
			ts.Fatalf("sqlite: exec %s: %v", query, err)
		}
		return
	}
	rows, err := db.Query(query)
	if err != nil {
		if neg {
			fmt.Fprintln(ts.Stderr(), err)
			return
		}
		ts.Fatalf("sqlite: %v", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := ts.Stdout()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		ts.Check(rows.Scan(ptrs...))
		var parts []string
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			parts = append(parts, fmt.Sprint(v))
		}
		fmt.Fprintln(out, strings.Join(parts, "\t"))
	}
	if err := rows.Err(); err != nil && !neg {
		ts.Fatalf("sqlite: %v", err)
	}
	if neg {
		ts.Fatalf("sqlite: query succeeded")
	}
}

// readlink LINK TARGET checks that LINK is a symbolic link to TARGET.
func cmdReadlink(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: readlink LINK TARGET")
	}
	got, err := os.Readlink(ts.MkAbs(args[0]))
	if err != nil {
		ts.Fatalf("%s is not a symbolic link: %v", args[0], err)
	}
	if got != args[1] {
		ts.Fatalf("%s links to %s, want %s", args[0], got, args[1])
	}
}

// mtime FILE prints the modification time of FILE in nanoseconds, so a
// script can prove that a command left a file untouched.
func cmdMtime(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: mtime FILE")
	}
	st, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	fmt.Fprintln(ts.Stdout(), st.ModTime().UnixNano())
}
