package initcmd

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authctl/authctl/atomicfile"
	"github.com/authctl/authctl/dotenv"
)

func TestWrite(t *testing.T) {
	dir := project(t, map[string]string{".env": "# mine\r\nOTHER=1\r\nBETTER_AUTH_URL=https://keep.example\r\n"})
	pl := plan(t, dir, Choices{Database: "sqlite", Framework: "chi", Plugins: []string{"twoFactor"}})
	res, err := pl.Write()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Created, []string{"lib/auth.go", "lib/authhttp/mount.go"}) || !slices.Equal(res.EnvKeys, []string{"BETTER_AUTH_SECRET", "DATABASE_URL"}) {
		t.Errorf("result %+v", res)
	}
	for _, f := range pl.Files {
		got, err := os.ReadFile(f.Path)
		if err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s: %v", f.Rel, err)
		}
		if fi, _ := os.Stat(f.Path); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v", f.Rel, fi.Mode())
		}
	}
	env, _ := os.ReadFile(filepath.Join(dir, ".env"))
	if !strings.HasPrefix(string(env), "# mine\r\nOTHER=1\r\nBETTER_AUTH_URL=https://keep.example\r\nBETTER_AUTH_SECRET=") ||
		!strings.HasSuffix(string(env), "\r\nDATABASE_URL=sqlite.db\r\n") || strings.Count(string(env), "\n") != strings.Count(string(env), "\r\n") {
		t.Errorf(".env = %q", env)
	}
	entries, _ := dotenv.Read(filepath.Join(dir, ".env"))
	if s, _ := dotenv.Lookup(entries, "BETTER_AUTH_SECRET"); len(s) != 64 || strings.Trim(s, "0123456789abcdef") != "" {
		t.Errorf("secret %q", s)
	}
	// A second plan now stops on the config it just wrote.
	if _, err := NewPlan(inspect(t, dir), Choices{Database: "sqlite"}); !errors.Is(err, ErrConflict) {
		t.Errorf("second run: %v", err)
	}
	// Writing the same plan again refuses too (the files appeared).
	before, _ := os.ReadFile(filepath.Join(dir, "lib", "auth.go"))
	if _, err := pl.Write(); !errors.Is(err, ErrConflict) {
		t.Errorf("rewrite: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "lib", "auth.go"))
	if !bytes.Equal(before, after) {
		t.Error("auth.go changed")
	}
	assertNoTemp(t, dir)
}

// A failure while staging leaves no file and no new folder behind.
func TestWriteAllOrNothing(t *testing.T) {
	dir := project(t, map[string]string{})
	pl := plan(t, dir, Choices{Database: "postgres", Client: "react"})
	// Make the mount folder impossible to create after planning: a file
	// where the folder should be.
	os.MkdirAll(filepath.Join(dir, "lib"), 0o755)
	os.WriteFile(filepath.Join(dir, "lib", "authhttp"), []byte("in the way"), 0o644)
	if _, err := pl.Write(); err == nil {
		t.Fatal("Write succeeded")
	}
	for _, rel := range []string{"lib/auth.go", "lib/auth-client.ts", ".env"} {
		if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
			t.Errorf("%s was written", rel)
		}
	}
	assertNoTemp(t, dir)

	// And folders the write created are removed again.
	dir = project(t, map[string]string{})
	pl = plan(t, dir, Choices{Database: "sqlite", Dir: "a/b/c", Client: "vue"})
	os.MkdirAll(filepath.Join(dir, "lib"), 0o755)
	os.WriteFile(filepath.Join(dir, "lib", "auth-client.ts"), []byte("appeared"), 0o644)
	if _, err := pl.Write(); !errors.Is(err, ErrConflict) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Error("folder a/ left behind")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "lib", "auth-client.ts")); string(got) != "appeared" {
		t.Errorf("auth-client.ts = %q", got)
	}
	assertNoTemp(t, dir)
}

// An .env init cannot write (here a link into a missing folder) stops the
// write before any file is in place: no auth.go or mount file is left to
// block the next run, which then succeeds once .env is fixed.
func TestWriteUnwritableEnv(t *testing.T) {
	dir := project(t, map[string]string{})
	if err := os.Symlink(filepath.Join("shared", "missing", ".env"), filepath.Join(dir, ".env")); err != nil {
		t.Fatal(err)
	}
	pl := plan(t, dir, Choices{Database: "sqlite", Client: "react"})
	_, err := pl.Write()
	if err == nil || !strings.Contains(err.Error(), ".env") {
		t.Fatalf("err = %v", err)
	}
	if files := files(t, dir); !slices.Equal(files, []string{".env", "go.mod"}) {
		t.Fatalf("left behind: %v", files)
	}
	os.MkdirAll(filepath.Join(dir, "shared", "missing"), 0o755)
	if _, err := plan(t, dir, Choices{Database: "sqlite"}).Write(); err != nil {
		t.Fatalf("re-run: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "shared", "missing", ".env")); !bytes.Contains(b, []byte("BETTER_AUTH_SECRET=")) {
		t.Fatalf(".env target = %q", b)
	}
	assertNoTemp(t, dir)
}

// A rename that fails after others succeeded takes those back: the files
// already put in place are removed, with the folders made for them, and
// .env keeps its bytes.
func TestWriteRollsBack(t *testing.T) {
	for _, failAt := range []int{1, 2, 3} { // mount.go, auth-client.ts, .env
		dir := project(t, map[string]string{".env": "KEEP=1\n"})
		pl := plan(t, dir, Choices{Database: "sqlite", Client: "react"})
		boom := errors.New("boom")
		n := 0
		commit = func(s *atomicfile.Staged) error {
			if n++; n > failAt {
				s.Abort()
				return boom
			}
			return s.Commit()
		}
		_, err := pl.Write()
		commit = (*atomicfile.Staged).Commit
		if !errors.Is(err, boom) || !strings.Contains(err.Error(), "nothing was written") {
			t.Fatalf("fail at %d: err = %v", failAt, err)
		}
		if files := files(t, dir); !slices.Equal(files, []string{".env", "go.mod"}) {
			t.Fatalf("fail at %d: left behind: %v", failAt, files)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, ".env")); string(b) != "KEEP=1\n" {
			t.Fatalf("fail at %d: .env = %q", failAt, b)
		}
		assertNoTemp(t, dir)
	}
}

// files lists the files and folders under dir, relative and sorted (a
// folder left behind shows as itself).
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

// go get adds a module it does not see imported as "// indirect";
// MarkDirect makes the scaffold's requirements direct and leaves the rest.
func TestMarkDirect(t *testing.T) {
	dir := project(t, map[string]string{"go.mod": "module example.com/shop\n\ngo 1.26.8\n"})
	pl := plan(t, dir, Choices{Database: "sqlite", Framework: "gin", AuthctlVersion: "v1.0.0"})
	after := `module example.com/shop

go 1.26.8

require (
	github.com/authctl/authctl v1.0.0 // indirect
	github.com/gin-gonic/gin v1.12.0 // indirect
	golang.org/x/net v0.56.0 // indirect
	modernc.org/sqlite v1.62.0 // indirect
)
`
	gomod := filepath.Join(dir, "go.mod")
	os.WriteFile(gomod, []byte(after), 0o644)
	if err := pl.MarkDirect(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(gomod)
	want := `module example.com/shop

go 1.26.8

require (
	github.com/authctl/authctl v1.0.0
	github.com/gin-gonic/gin v1.12.0
	modernc.org/sqlite v1.62.0
)

require golang.org/x/net v0.56.0 // indirect
`
	if string(got) != want {
		t.Fatalf("go.mod:\n%s\nwant:\n%s", got, want)
	}
	st, _ := os.Stat(gomod)
	if err := pl.MarkDirect(); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(gomod); !st2.ModTime().Equal(st.ModTime()) {
		t.Error("an unchanged go.mod was rewritten")
	}
}
