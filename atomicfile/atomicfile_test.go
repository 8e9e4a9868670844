package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func noTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestWriteFileReplacesWithMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(b) != "new" || st.Mode().Perm() != 0o600 {
		t.Fatalf("content %q mode %v", b, st.Mode())
	}
	noTemp(t, dir)
}

// A failure after the temporary file exists leaves the target as it was
// and no temporary file behind.
func TestRenameFailure(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	os.WriteFile(p, []byte("old"), 0o644)
	boom := errors.New("boom")
	sawTemp := false
	rename = func(from, _ string) error {
		_, err := os.Stat(from)
		sawTemp = err == nil && filepath.Dir(from) == dir
		return boom
	}
	t.Cleanup(func() { rename = os.Rename })
	if err := WriteFile(p, []byte("new"), 0o644); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if !sawTemp {
		t.Error("the temporary file was not beside the target")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Fatalf("target changed to %q", b)
	}
	noTemp(t, dir)
}

func TestStageAbortAndMissingDir(t *testing.T) {
	dir := t.TempDir()
	s, err := Stage(filepath.Join(dir, "f"), []byte("x"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	noTemp(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "f")); err == nil {
		t.Fatal("aborted file exists")
	}
	if _, err := Stage(filepath.Join(dir, "no", "f"), []byte("x"), 0o644); err == nil {
		t.Fatal("staged into a missing directory")
	}
}

// A path that is a symbolic link is written through to its target, as
// editors do: the link stays a link (relative or absolute, through a chain
// of links, or dangling, when the target is created), and the temporary
// file is made beside the target, on its file system.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	os.Mkdir(shared, 0o755)
	target := filepath.Join(shared, "schema.sql")
	os.WriteFile(target, []byte("old"), 0o640)
	proj := filepath.Join(dir, "proj")
	os.Mkdir(proj, 0o755)
	for name, dest := range map[string]string{
		"relative": "../shared/schema.sql",
		"absolute": target,
		"chain":    "relative", // a link to the first link
	} {
		os.Symlink(dest, filepath.Join(proj, name))
	}
	for i, name := range []string{"relative", "absolute", "chain"} {
		link := filepath.Join(proj, name)
		want := fmt.Sprintf("new %d", i)
		if err := WriteFile(link, []byte(want), 0o640); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%s: the link was replaced: %v %v", name, fi.Mode(), err)
		}
		if b, _ := os.ReadFile(target); string(b) != want {
			t.Fatalf("%s: target holds %q, want %q", name, b, want)
		}
	}
	noTemp(t, proj)
	noTemp(t, shared)

	// A dangling link: the target is created where it points.
	os.Symlink("../shared/new.sql", filepath.Join(proj, "dangling"))
	if err := WriteFile(filepath.Join(proj, "dangling"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(shared, "new.sql")); err != nil || string(b) != "x" {
		t.Fatalf("dangling link target: %q %v", b, err)
	}
	if fi, _ := os.Lstat(filepath.Join(proj, "dangling")); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the dangling link was replaced")
	}

	// A loop is an error naming the path asked for, and writes nothing.
	os.Symlink("loop2", filepath.Join(proj, "loop1"))
	os.Symlink("loop1", filepath.Join(proj, "loop2"))
	err := WriteFile(filepath.Join(proj, "loop1"), []byte("x"), 0o644)
	if err == nil || !strings.Contains(err.Error(), "loop1") {
		t.Fatalf("loop: err = %v", err)
	}
	noTemp(t, proj)
}

// A file the process may not write is not replaced behind its back: a
// rename would ignore its permissions.
func TestReadOnlyTarget(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write any file")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	os.WriteFile(p, []byte("old"), 0o444)
	err := WriteFile(p, []byte("new"), 0o644)
	if !errors.Is(err, os.ErrPermission) || !strings.Contains(err.Error(), p) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Fatalf("replaced: %q", b)
	}
	noTemp(t, dir)
}
