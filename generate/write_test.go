package generate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompareAndWrite(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "same.sql"), []byte("x\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "old.sql"), []byte("a\nb\n"), 0o640)
	files := Files{"same.sql": []byte("x\n"), "old.sql": []byte("a\nc\n"), "new/deep.sql": []byte("n\n")}
	changes, err := Compare(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range changes {
		got[c.Rel] = c.Changed()
	}
	if got["same.sql"] || !got["old.sql"] || !got[filepath.Join("new", "deep.sql")] {
		t.Fatalf("changed = %v", got)
	}
	for _, c := range changes {
		if c.Rel == "old.sql" {
			d := Diff(c)
			for _, want := range []string{"--- a/old.sql", "+++ b/old.sql", "-b", "+c"} {
				if !strings.Contains(d, want) {
					t.Errorf("diff lacks %q:\n%s", want, d)
				}
			}
		}
	}
	if err := Write(changes); err != nil {
		t.Fatal(err)
	}
	for p, want := range files {
		b, _ := os.ReadFile(filepath.Join(dir, p))
		if string(b) != string(want) {
			t.Errorf("%s = %q", p, b)
		}
	}
	if st, _ := os.Stat(filepath.Join(dir, "old.sql")); st.Mode().Perm() != 0o640 {
		t.Errorf("mode not kept: %v", st.Mode())
	}
}

// When one file cannot be written, none is: every file is staged before
// any is renamed into place.
func TestWriteAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "blocker"), []byte("a file, not a directory"), 0o644)
	changes, err := Compare(dir, Files{"a.sql": []byte("a"), "blocker/b.sql": []byte("b")})
	if err != nil {
		t.Fatal(err)
	}
	err = Write(changes)
	if err == nil || !strings.Contains(err.Error(), "cannot write blocker/b.sql") {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
}
