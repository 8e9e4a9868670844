package cmd

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/configload"
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/prompt"
)

// fakePrompter answers confirmations without a terminal.
type fakePrompter struct {
	can    bool
	answer bool
	err    error
	asked  []string
}

func (p *fakePrompter) CanPrompt() bool { return p.can }
func (p *fakePrompter) Confirm(msg string, _ bool) (bool, error) {
	p.asked = append(p.asked, msg)
	return p.answer, p.err
}
func (p *fakePrompter) Select(string, []string, string) (string, error) { return "", prompt.ErrNoTTY }
func (p *fakePrompter) MultiSelect(string, []string, []string) ([]string, error) {
	return nil, prompt.ErrNoTTY
}

// testFactory returns a factory whose config loader returns the default
// config for a project in dir, without compiling anything.
func testFactory(t *testing.T, dir string, p prompt.Prompter) (*Factory, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := core.New(core.Options{Database: core.SQLite("x.db")})
	s, err := a.Schema()
	if err != nil {
		t.Fatal(err)
	}
	f := &Factory{
		IO:       &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Prompter: p,
		Version:  "test",
		LoadConfig: func(ctx context.Context, o configload.Options) (*configload.Config, error) {
			return &configload.Config{
				Path: filepath.Join(dir, "auth.go"), Dir: dir,
				Manifest: core.Manifest{FormatVersion: core.ManifestVersion, Database: core.ManifestDB{Dialect: "sqlite"}, Schema: s},
			}, nil
		},
	}
	return f, &out, &errOut
}

func TestGenerateFlagsParse(t *testing.T) {
	f, _, _ := testFactory(t, t.TempDir(), &fakePrompter{})
	var got *GenerateOptions
	c := NewCmdGenerate(f, func(_ context.Context, o *GenerateOptions) error { got = o; return nil })
	c.SetArgs([]string{"--cwd", "proj", "--config", "lib", "--export", "A", "--adapter", "sql", "--dialect", "mysql", "-o", "x.sql", "--compat", "-y", "--json",
		"--package", "pkg", "--use-plural", "--camel-case", "--schema-name", "auth", "--drizzle-relations", "v2"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	want := GenerateOptions{Project: projectFlags{"proj", "lib", "A", "auto"}, Adapter: "sql", Dialect: "mysql", Output: "x.sql", Compat: true, Yes: true, JSON: true}
	if got.Project != want.Project || got.Adapter != want.Adapter || got.Dialect != want.Dialect || got.Output != want.Output ||
		got.Compat != want.Compat || got.Yes != want.Yes || got.JSON != want.JSON || got.Check ||
		got.Package != "pkg" || !got.UsePlural || !got.CamelCase || got.SchemaName != "auth" || got.DrizzleRelations != "v2" || !got.changed("use-plural") || got.changed("check") {
		t.Fatalf("options = %+v", got)
	}
}

// A terminal confirmation: yes writes, no aborts with exit 1 and writes
// nothing; Ctrl-C at the prompt exits 130.
func TestGenerateConfirm(t *testing.T) {
	cases := []struct {
		name   string
		p      *fakePrompter
		code   int
		exists bool
	}{
		{"yes", &fakePrompter{can: true, answer: true}, ExitOK, true},
		{"no", &fakePrompter{can: true, answer: false}, ExitError, false},
		{"ctrl-c", &fakePrompter{can: true, err: prompt.ErrInterrupted}, ExitInterrupted, false},
		{"no tty", &fakePrompter{can: false}, ExitError, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			f, _, errOut := testFactory(t, dir, c.p)
			code := run(context.Background(), f, []string{"generate"})
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, c.code, errOut)
			}
			_, err := os.Stat(filepath.Join(dir, "auth-schema.sql"))
			if exists := err == nil; exists != c.exists {
				t.Fatalf("file exists = %v, want %v", exists, c.exists)
			}
			if c.p.can && (len(c.p.asked) != 1 || !strings.Contains(c.p.asked[0], "auth-schema.sql")) {
				t.Fatalf("asked %q", c.p.asked)
			}
		})
	}
}

// An interrupted run (the context is cancelled by SIGINT in main) exits
// 130 and writes nothing.
func TestGenerateInterrupted(t *testing.T) {
	dir := t.TempDir()
	f, _, errOut := testFactory(t, dir, &fakePrompter{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := run(ctx, f, []string{"generate", "--yes"}); code != ExitInterrupted {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	if !strings.Contains(errOut.String(), "interrupted; nothing was written") {
		t.Fatalf("stderr = %q", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "auth-schema.sql")); err == nil {
		t.Fatal("file written")
	}
}

func TestExitCodes(t *testing.T) {
	ctx := context.Background()
	cases := map[error]int{
		nil:                                     ExitOK,
		errors.New("x"):                         ExitError,
		silent(ErrDrift):                        ExitDrift,
		errors.Join(ErrUnsafe, errors.New("y")): ExitUnsafe,
		prompt.ErrInterrupted:                   ExitInterrupted,
		context.Canceled:                        ExitInterrupted,
	}
	for err, want := range cases {
		if got := exitCode(ctx, err); got != want {
			t.Errorf("exitCode(%v) = %d, want %d", err, got, want)
		}
	}
}
