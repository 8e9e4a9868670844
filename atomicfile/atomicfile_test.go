package atomicfile

import (
	"errors"
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
