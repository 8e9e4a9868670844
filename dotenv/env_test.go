package dotenv

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadMissing(t *testing.T) {
	got, err := Read(filepath.Join(t.TempDir(), ".env"))
	if got != nil || err != nil {
		t.Fatalf("Read(missing) = %v, %v; want nil, nil", got, err)
	}
}

func TestRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	writeFile(t, path, "A=1\nexport B='2'\n", 0o644)
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Entry{{"A", "1"}, {"B", "2"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Read = %q, want %q", got, want)
	}
}

func TestReadSyntaxErrorNamesFileAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	writeFile(t, path, "A=1\nB='x\n", 0o644)
	_, err := Read(path)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 2 || se.Path != path {
		t.Fatalf("Read error = %#v", err)
	}
	if want := path + ":2: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want prefix %q", err, want)
	}
}

func TestReadDirectoryIsError(t *testing.T) {
	if _, err := Read(t.TempDir()); err == nil {
		t.Fatal("Read(directory) succeeded")
	}
}

func TestMerge(t *testing.T) {
	env := []string{"PATH=/bin", "DATABASE_URL=from-env", "EMPTY="}
	dotEnv := []Entry{{"DATABASE_URL", "from-file"}, {"A", "env"}, {"B", "env"}, {"EMPTY", "file"}}
	local := []Entry{{"B", "local"}, {"C", "local"}, {"A", "local1"}, {"A", "local2"}}

	got := Merge(env, dotEnv, local)
	want := []string{
		"PATH=/bin", "DATABASE_URL=from-env", "EMPTY=", // environment wins, even empty
		"A=local2", // later file wins, last assignment wins, first position kept
		"B=local",
		"C=local",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Merge =\n%q\nwant\n%q", got, want)
	}
	if env[0] != "PATH=/bin" || len(env) != 3 {
		t.Fatal("Merge modified environ")
	}
	// Appending to the result must not write into the caller's array.
	env2 := make([]string, 1, 10)
	env2[0] = "X=1"
	out := Merge(env2, []Entry{{"Y", "2"}})
	if out[1] != "Y=2" || env2[:2][1] != "" {
		t.Fatal("Merge aliased environ's backing array")
	}
}

func TestMergeNoFiles(t *testing.T) {
	if got := Merge(nil); len(got) != 0 {
		t.Fatalf("Merge(nil) = %q", got)
	}
	if got := Merge([]string{"A=1"}); !reflect.DeepEqual(got, []string{"A=1"}) {
		t.Fatalf("Merge = %q", got)
	}
}

func TestMergeWindowsDriveEntries(t *testing.T) {
	got := Merge([]string{"=C:=C:\\dir", "NOVALUE"}, []Entry{{"NOVALUE", "x"}, {"=C:", "y"}})
	want := []string{"=C:=C:\\dir", "NOVALUE"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Merge = %q, want %q", got, want)
	}
}

func TestLookup(t *testing.T) {
	entries := []Entry{{"A", "1"}, {"B", ""}, {"A", "2"}}
	for _, tt := range []struct {
		key  string
		want string
		ok   bool
	}{{"A", "2", true}, {"B", "", true}, {"C", "", false}} {
		if got, ok := Lookup(entries, tt.key); got != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := Lookup(nil, "A"); ok {
		t.Error("Lookup(nil) found a key")
	}
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // undo the umask
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
