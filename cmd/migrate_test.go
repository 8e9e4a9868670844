package cmd

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/authctl/authctl/configload"
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/prompt"
)

func TestMigrateFlagsParse(t *testing.T) {
	f, _, _ := testFactory(t, t.TempDir(), &fakePrompter{})
	var got *MigrateOptions
	c := NewCmdMigrate(f, func(_ context.Context, o *MigrateOptions) error { got = o; return nil })
	c.SetArgs([]string{"--cwd", "proj", "--config", "lib", "--export", "A", "--url", "sqlite:x.db", "--schema", "auth",
		"--lock-timeout", "3s", "-y", "--json"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Project != (projectFlags{"proj", "lib", "A", "auto"}) || got.URL != "sqlite:x.db" || got.Schema != "auth" ||
		got.LockTimeout != 3*time.Second || !got.Yes || !got.JSON || got.DryRun || got.Check {
		t.Fatalf("options = %+v", got)
	}
	c = NewCmdMigrate(f, func(_ context.Context, o *MigrateOptions) error { got = o; return nil })
	c.SetArgs([]string{"--dry-run", "--check"})
	if err := c.Execute(); err != nil || !got.DryRun || !got.Check || got.LockTimeout != 10*time.Second {
		t.Fatalf("options = %+v, %v", got, err)
	}
	if c.Hidden {
		t.Error("migrate is hidden")
	}
}

// Without a terminal and without --yes, migrate fails before loading the
// config, so it never touches the database.
func TestMigrateNoTerminalFailsFirst(t *testing.T) {
	f, _, errOut := testFactory(t, t.TempDir(), &fakePrompter{can: false})
	f.LoadConfig = func(context.Context, configload.Options) (*configload.Config, error) {
		t.Fatal("the config was loaded")
		return nil, nil
	}
	if code := run(context.Background(), f, []string{"migrate"}); code != ExitError {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "pass --yes") {
		t.Errorf("stderr: %s", errOut)
	}
	// --json never prompts, even on a terminal.
	f.Prompter = &fakePrompter{can: true}
	if code := run(context.Background(), f, []string{"migrate", "--json"}); code != ExitError {
		t.Fatalf("--json: exit %d", code)
	}
}

// An empty --url or --schema (a CI variable that is not set) is an error
// before anything is loaded, never a fallback to DATABASE_URL, .env or the
// config.
func TestMigrateEmptyFlagValues(t *testing.T) {
	for _, args := range [][]string{
		{"migrate", "--yes", "--url", ""},
		{"migrate", "--yes", "--url="},
		{"migrate", "--check", "--url", "  "},
		{"migrate", "--dry-run", "--json", "--url", ""},
		{"migrate", "--check", "--schema", "", "--url", "sqlite:x.db"},
	} {
		f, out, errOut := testFactory(t, t.TempDir(), &fakePrompter{})
		f.LoadConfig = func(context.Context, configload.Options) (*configload.Config, error) {
			t.Fatalf("%q: the config was loaded", args)
			return nil, nil
		}
		if code := run(context.Background(), f, args); code != ExitError {
			t.Errorf("%q: exit %d", args, code)
		}
		flag := "--url"
		if args[len(args)-1] == "sqlite:x.db" {
			flag = "--schema"
		}
		text := errOut.String() + out.String()
		if !strings.Contains(text, flag+" is empty (an unset variable?)") {
			t.Errorf("%q: stdout %s, stderr %s", args, out, errOut)
		}
	}
}

func TestMigrateDatabaseURL(t *testing.T) {
	cfg := &configload.Config{Manifest: core.Manifest{Database: core.ManifestDB{URL: "sqlite:config.db"}}}
	if u, src := databaseURL("", cfg); u != "sqlite:config.db" || src != "the config's Database URL" {
		t.Errorf("config: %q %q", u, src)
	}
	cfg.Env = []string{"DATABASE_URL=sqlite:first.db", "HOME=/x", "DATABASE_URL=sqlite:env.db"}
	if u, src := databaseURL("", cfg); u != "sqlite:env.db" || src != "DATABASE_URL" {
		t.Errorf("env: %q %q", u, src)
	}
	if u, src := databaseURL("sqlite:flag.db", cfg); u != "sqlite:flag.db" || src != "--url" {
		t.Errorf("flag: %q %q", u, src)
	}
	cfg.Env = []string{"DATABASE_URL="}
	if u, _ := databaseURL("", cfg); u != "sqlite:config.db" {
		t.Errorf("empty DATABASE_URL: %q", u)
	}
}

// On a terminal the plan (tables and columns, then the SQL) is shown and
// confirmed: yes applies, no cancels with exit 1 and changes nothing,
// Ctrl-C at the prompt exits 130.
func TestMigrateConfirm(t *testing.T) {
	cases := []struct {
		name    string
		p       *fakePrompter
		code    int
		applied bool
	}{
		{"yes", &fakePrompter{can: true, answer: true}, ExitOK, true},
		{"no", &fakePrompter{can: true, answer: false}, ExitError, false},
		{"ctrl-c", &fakePrompter{can: true, err: prompt.ErrInterrupted}, ExitInterrupted, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			f, out, errOut := testFactory(t, dir, c.p)
			code := run(context.Background(), f, []string{"migrate", "--url", "sqlite:auth.db", "--cwd", dir})
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, errOut)
			}
			if len(c.p.asked) != 1 || c.p.asked[0] != "Apply these 9 statement(s) to auth.db?" {
				t.Errorf("asked %q", c.p.asked)
			}
			for _, want := range []string{"  + create table user: id, name, email", "SQL:\n  CREATE TABLE `user`"} {
				if !strings.Contains(errOut.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if out.Len() != 0 {
				t.Errorf("stdout: %s", out)
			}
			if got := strings.Contains(errOut.String(), "Migration applied: 9 statement(s)"); got != c.applied {
				t.Errorf("applied = %v:\n%s", got, errOut)
			}
			if c.name == "no" && !strings.Contains(errOut.String(), "authctl: migration cancelled; nothing was applied") {
				t.Errorf("stderr: %s", errOut)
			}
		})
	}
}

// The --json object: every documented key, on success and on failure.
func TestMigrateJSON(t *testing.T) {
	dir := t.TempDir()
	f, out, _ := testFactory(t, dir, &fakePrompter{})
	if code := run(context.Background(), f, []string{"migrate", "--url", "sqlite:auth.db", "--cwd", dir, "--yes", "--json"}); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, k := range []string{"dialect", "database", "schema", "status", "changes", "statements", "applied", "warnings", "unsafe"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
	if got["status"] != "applied" || len(got["applied"].([]any)) != 9 || got["error"] != nil {
		t.Errorf("json: %s", out)
	}
	out.Reset()
	if code := run(context.Background(), f, []string{"migrate", "--url", "postgres://u:s3cret@127.0.0.1:1/x?connect_timeout=1", "--cwd", dir, "--yes", "--json"}); code != ExitError {
		t.Fatalf("exit %d", code)
	}
	got = nil
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got["status"] != "failed" || !strings.Contains(fmt.Sprint(got["error"]), "connecting to 127.0.0.1:1/x") || strings.Contains(out.String(), "s3cret") {
		t.Errorf("json: %s", out)
	}
}

// ---- Reliability: the real binary, several processes, real servers ----

// mainName is the name under which this test binary behaves exactly like
// authctl's main (main.go): SIGINT and SIGTERM cancel the context. (The
// "authctl" of the scripts runs with a plain context.)
const mainName = "authctl-main"

func init() {
	if filepath.Base(os.Args[0]) == mainName {
		ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		os.Exit(Execute(ctx, os.Args[1:], System()))
	}
}

// procEnv is what an authctl process needs to compile the fixture's
// config offline, with a loader cache shared by the processes of a test.
func procEnv(cache string) []string {
	return append(os.Environ(), "AUTHCTL_CACHE_DIR="+cache, "GOPROXY=off", "GOTOOLCHAIN=local")
}

// migrateFixture copies testdata/fixtures/migrate into a temporary
// directory, pointing its replace directive at this repository.
func migrateFixture(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	src := filepath.Join(root, "testdata", "fixtures", "migrate")
	dst := t.TempDir()
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
			// As the fixture script command: this checkout's requirements
			// and go.sum, so the config builds offline.
			b = regexp.MustCompile(`(?m)^replace github.com/authctl/authctl => .*$`).ReplaceAll(b, []byte("replace github.com/authctl/authctl => "+root))
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
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

type proc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	stdout bytes.Buffer
}

// syncBuffer is a bytes.Buffer safe to read while a process writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// mainBin is this test binary linked as authctl-main (see linkMain).
var mainBin string

// linkMain links this test binary as authctl-main in a temporary
// directory, for startAuthctl.
func linkMain(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	mainBin = filepath.Join(t.TempDir(), mainName)
	if err := os.Symlink(exe, mainBin); err != nil {
		t.Fatal(err)
	}
}

func startAuthctl(t *testing.T, dir string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(mainBin, args...), stderr: &syncBuffer{}}
	p.cmd.Dir, p.cmd.Env = dir, env
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, p.stderr
	p.cmd.Stdin = nil
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// wait returns the exit code.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	err := p.cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}

// waitFor polls the process's stderr until re matches, or fails.
func (p *proc) waitFor(t *testing.T, re string, within time.Duration) {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if rx.MatchString(p.stderr.String()) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %q on stderr within %s:\n%s", re, within, p.stderr)
}

func authctl(t *testing.T, dir string, env []string, args ...string) (int, string) {
	t.Helper()
	p := startAuthctl(t, dir, env, args...)
	code := p.wait(t)
	return code, p.stderr.String()
}

// TestMigrateProcesses runs the real binary as separate processes: eight at
// once, killed with SIGKILL or interrupted in the middle of a plan, and
// against servers that are not there or refuse the credentials. The
// subtests share one loader cache, so the fixture compiles once.
func TestMigrateProcesses(t *testing.T) {
	linkMain(t)
	fixture := migrateFixture(t)
	env := procEnv(t.TempDir())
	// Compile the config once, before any process races for the cache.
	if code, stderr := authctl(t, fixture, env, "migrate", "--dry-run", "--url", "sqlite:warm.db"); code != 0 {
		t.Fatalf("warm-up: exit %d\n%s", code, stderr)
	}
	withStage := func(stage string) []string { return append(append([]string(nil), env...), "MIGRATE_STAGE="+stage) }

	for _, engine := range []string{"sqlite", "postgres", "mysql"} {
		t.Run("eight at once/"+engine, func(t *testing.T) {
			u, _ := testDB(t, engine)
			if engine == "sqlite" {
				// Eight processes creating one file race on its header.
				if code, stderr := authctl(t, fixture, env, "migrate", "--yes", "--url", u); code != 0 {
					t.Fatalf("exit %d\n%s", code, stderr)
				}
			}
			e := withStage("plugins")
			procs := make([]*proc, 8)
			for i := range procs {
				procs[i] = startAuthctl(t, fixture, e, "migrate", "--yes", "--url", u, "--lock-timeout", "60s")
			}
			applied := 0
			for _, p := range procs {
				if code := p.wait(t); code != 0 {
					t.Errorf("exit %d\n%s", code, p.stderr)
				}
				switch s := p.stderr.String(); {
				case strings.Contains(s, "Migration applied:"):
					applied++
				case !strings.Contains(s, "up to date"):
					t.Errorf("neither applied nor up to date:\n%s", s)
				}
			}
			if applied != 1 {
				t.Errorf("%d processes applied the plan, want exactly 1", applied)
			}
			if code, stderr := authctl(t, fixture, e, "migrate", "--check", "--url", u); code != 0 {
				t.Errorf("--check after: exit %d\n%s", code, stderr)
			}
		})
	}

	t.Run("SIGKILL mid-apply/postgres", func(t *testing.T) {
		u, db := testDB(t, "postgres")
		if code, stderr := authctl(t, fixture, env, "migrate", "--yes", "--url", u); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		// The application holds "user": the plan's ALTER waits in the
		// middle of the transaction until the process is killed.
		holder, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := holder.Exec(`LOCK TABLE "user" IN ACCESS SHARE MODE`); err != nil {
			t.Fatal(err)
		}
		p := startAuthctl(t, fixture, withStage("plugins"), "migrate", "--yes", "--url", u, "--lock-timeout", "60s")
		p.waitFor(t, `\[\d+/\d+\] ALTER TABLE "\w+"\."user"`, 30*time.Second)
		time.Sleep(200 * time.Millisecond)
		p.cmd.Process.Kill()
		if code := p.wait(t); code != 137 {
			t.Errorf("exit %d after SIGKILL", code)
		}
		holder.Rollback()
		if n := count(t, db, `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'user' AND column_name = 'username'`); n != 0 {
			t.Fatal("a killed migration left part of its plan")
		}
		if code, stderr := authctl(t, fixture, withStage("plugins"), "migrate", "--yes", "--url", u); code != 0 || !strings.Contains(stderr, "Migration applied") {
			t.Fatalf("re-run: exit %d\n%s", code, stderr)
		}
	})

	t.Run("SIGKILL mid-apply/sqlite", func(t *testing.T) {
		u, db := testDB(t, "sqlite")
		if code, stderr := authctl(t, fixture, env, "migrate", "--yes", "--url", u); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		// Enough users that building the username index takes a while.
		if _, err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
INSERT INTO "user" ("id", "name", "email", "emailVerified", "createdAt", "updatedAt") SELECT 'u' || i, 'User ' || i, 'u' || i || '@example.com', 0, 1, 1 FROM n`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		path := strings.TrimPrefix(u, "sqlite:")
		p := startAuthctl(t, fixture, withStage("plugins"), "migrate", "--yes", "--url", u)
		p.waitFor(t, `\[1/\d+\] ALTER TABLE`, 30*time.Second)
		_, journal := os.Stat(path + "-journal")
		p.cmd.Process.Kill()
		if code := p.wait(t); code != 137 && code != 0 {
			t.Errorf("exit %d after SIGKILL", code)
		}
		db2, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		cols := count(t, db2, `SELECT count(*) FROM pragma_table_info('user') WHERE name IN ('twoFactorEnabled', 'username', 'displayUsername')`)
		tables := count(t, db2, `SELECT count(*) FROM sqlite_master WHERE name IN ('twoFactor', 'user_username_uidx')`)
		switch {
		case cols == 0 && tables == 0:
			t.Logf("killed mid-transaction (journal present: %v): the database is untouched", journal == nil)
		case cols == 3 && tables == 2:
			t.Logf("the plan committed before the kill: the database is complete")
		default:
			t.Fatalf("half a plan survived a SIGKILL: %d of 3 columns, %d of 2 objects", cols, tables)
		}
		if n := count(t, db2, `SELECT count(*) FROM "user"`); n != 300000 {
			t.Fatalf("%d users", n)
		}
		db2.Close()
		if code, stderr := authctl(t, fixture, withStage("plugins"), "migrate", "--yes", "--url", u); code != 0 {
			t.Fatalf("re-run: exit %d\n%s", code, stderr)
		}
		if code, stderr := authctl(t, fixture, withStage("plugins"), "migrate", "--check", "--url", u); code != 0 {
			t.Fatalf("--check: exit %d\n%s", code, stderr)
		}
	})

	t.Run("SIGINT mid-apply/sqlite", func(t *testing.T) {
		u, db := testDB(t, "sqlite")
		if code, stderr := authctl(t, fixture, env, "migrate", "--yes", "--url", u); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		if _, err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
INSERT INTO "user" ("id", "name", "email", "emailVerified", "createdAt", "updatedAt") SELECT 'u' || i, 'User ' || i, 'u' || i || '@example.com', 0, 1, 1 FROM n`); err != nil {
			t.Fatal(err)
		}
		p := startAuthctl(t, fixture, withStage("plugins"), "migrate", "--yes", "--url", u)
		p.waitFor(t, `\[1/\d+\] ALTER TABLE`, 30*time.Second)
		p.cmd.Process.Signal(os.Interrupt)
		code := p.wait(t)
		cols := count(t, db, `SELECT count(*) FROM pragma_table_info('user') WHERE name = 'username'`)
		switch {
		case code == ExitInterrupted && cols == 0 && strings.Contains(p.stderr.String(), "nothing was applied"):
			t.Log("interrupted mid-transaction: rolled back")
		case code == 0 && cols == 1:
			t.Log("the plan committed before the signal")
		default:
			t.Fatalf("exit %d, username column %d\n%s", code, cols, p.stderr)
		}
	})

	t.Run("SIGINT mid-apply/postgres", func(t *testing.T) {
		u, db := testDB(t, "postgres")
		if code, stderr := authctl(t, fixture, env, "migrate", "--yes", "--url", u); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		holder, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Rollback()
		if _, err := holder.Exec(`LOCK TABLE "user" IN ACCESS SHARE MODE`); err != nil {
			t.Fatal(err)
		}
		p := startAuthctl(t, fixture, withStage("plugins"), "migrate", "--yes", "--url", u, "--lock-timeout", "60s")
		p.waitFor(t, `\[\d+/\d+\] ALTER TABLE "\w+"\."user"`, 30*time.Second)
		time.Sleep(200 * time.Millisecond)
		p.cmd.Process.Signal(os.Interrupt)
		if code := p.wait(t); code != ExitInterrupted {
			t.Errorf("exit %d after SIGINT, want %d\n%s", code, ExitInterrupted, p.stderr)
		}
		if !regexp.MustCompile(`authctl: interrupted at statement \d+ of \d+; nothing was applied`).MatchString(p.stderr.String()) {
			t.Errorf("stderr:\n%s", p.stderr)
		}
		if n := count(t, db, `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'username'`); n != 0 {
			t.Fatal("an interrupted migration left part of its plan")
		}
	})

	// Servers that are not there, or say nothing, or refuse the user: exit
	// 1 with one clear line, within --lock-timeout (plus start-up).
	silent, stop := silentListener(t.Fatalf)
	defer stop()
	pgAdmin, myAdmin := os.Getenv("AUTHCTL_TEST_POSTGRES_URL"), os.Getenv("AUTHCTL_TEST_MYSQL_URL")
	badCreds := func(admin, user, pass string) string {
		if admin == "" {
			return ""
		}
		u, _ := url.Parse(admin)
		u.User = url.UserPassword(user, pass)
		return u.String()
	}
	unreachable := []struct{ name, url, want string }{
		{"refused/postgres", "postgres://app:s3cret-pw@127.0.0.1:1/app", "connecting to 127.0.0.1:1/app: "},
		{"refused/mysql", "mysql://app:s3cret-pw@127.0.0.1:1/app", "connecting to 127.0.0.1:1/app: "},
		{"silent/postgres", "postgres://app:s3cret-pw@" + silent + "/app", "no answer within 2s"},
		{"silent/mysql", "mysql://app:s3cret-pw@" + silent + "/app", "no answer within 2s"},
		{"credentials/postgres", badCreds(pgAdmin, "nosuchrole", "s3cret-pw"), `role "nosuchrole" does not exist`},
		{"credentials/mysql", badCreds(myAdmin, "authctl", "s3cret-pw"), "Access denied for user"},
	}
	for _, c := range unreachable {
		t.Run("unreachable/"+c.name, func(t *testing.T) {
			if c.url == "" {
				if os.Getenv("CI") != "" {
					t.Fatal("no test server (CI must run the database tests)")
				}
				t.Skip("no test server")
			}
			start := time.Now()
			code, stderr := authctl(t, fixture, env, "migrate", "--yes", "--url", c.url, "--lock-timeout", "2s")
			took := time.Since(start)
			if code != ExitError || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "s3cret") {
				t.Errorf("exit %d\n%s", code, stderr)
			}
			if took > 8*time.Second {
				t.Errorf("took %s with --lock-timeout 2s", took)
			}
		})
	}
}
