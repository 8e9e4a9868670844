package configload

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCandidates(t *testing.T) {
	got := Candidates()
	if len(got) != 24 {
		t.Fatalf("%d candidates, want 24: %v", len(got), got)
	}
	want := []string{"auth.go", "lib/server/auth.go", "server/auth/auth.go", "server/auth.go", "auth/auth.go", "lib/auth.go", "utils/auth.go", "internal/auth/auth.go"}
	for i, w := range want {
		for j, prefix := range []string{"", "src/", "app/"} {
			if g := got[j*len(want)+i]; g != prefix+w {
				t.Errorf("candidate %d = %s, want %s", j*len(want)+i, g, prefix+w)
			}
		}
	}
}

// TestFindDiscoveryOrder puts several candidates in one project and checks
// that the earliest in the list wins.
func TestFindDiscoveryOrder(t *testing.T) {
	cases := []struct {
		present []string
		want    string
	}{
		{[]string{"auth.go", "lib/auth.go", "src/auth.go"}, "auth.go"},
		{[]string{"lib/auth.go", "lib/server/auth.go"}, "lib/server/auth.go"},
		{[]string{"server/auth.go", "server/auth/auth.go"}, "server/auth/auth.go"},
		{[]string{"auth/auth.go", "server/auth.go", "utils/auth.go"}, "server/auth.go"},
		{[]string{"utils/auth.go", "lib/auth.go", "auth/auth.go"}, "auth/auth.go"},
		{[]string{"utils/auth.go", "lib/auth.go"}, "lib/auth.go"},
		{[]string{"utils/auth.go", "src/auth.go"}, "utils/auth.go"},
		{[]string{"src/lib/auth.go", "app/auth.go"}, "src/lib/auth.go"},
		{[]string{"app/utils/auth.go", "app/lib/auth.go"}, "app/lib/auth.go"},
		{[]string{"app/utils/auth.go", "lib/other.go"}, "app/utils/auth.go"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		files := map[string]string{}
		for _, p := range c.present {
			files[p] = "package x\n"
		}
		writeFiles(t, dir, files)
		got, tried, err := Find(dir, "")
		if err != nil {
			t.Fatalf("%v: %v", c.present, err)
		}
		if want := filepath.Join(dir, filepath.FromSlash(c.want)); got != want || tried != nil {
			t.Errorf("%v: Find = %s %v, want %s", c.present, got, tried, want)
		}
	}
}

func TestFindNotFound(t *testing.T) {
	dir := t.TempDir()
	// A directory named like a candidate is not a config file.
	if err := os.MkdirAll(filepath.Join(dir, "auth.go"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, tried, err := Find(dir, "")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	if len(tried) != 24 {
		t.Errorf("tried %d paths", len(tried))
	}
	msg := err.Error()
	for _, want := range []string{"no auth config found in " + dir + ": tried auth.go, lib/server/auth.go,", "app/utils/auth.go, app/internal/auth/auth.go (24 paths); create one of them or pass --config PATH"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
}

func TestFindDirMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, _, err := Find(dir, "")
	if err == nil || err.Error() != `the directory "`+dir+`" does not exist; check --cwd` {
		t.Fatalf("err = %v", err)
	}
	f := filepath.Join(t.TempDir(), "file")
	writeFiles(t, filepath.Dir(f), map[string]string{"file": ""})
	if _, _, err := Find(f, ""); err == nil || !strings.Contains(err.Error(), "is not a directory; check --cwd") {
		t.Fatalf("err = %v", err)
	}
}

// TestFindConfigFlag covers --config as a file, a directory, relative to
// the process cwd (which wins) and relative to Dir.
func TestFindConfigFlag(t *testing.T) {
	cwd := t.TempDir()
	proj := filepath.Join(cwd, "proj")
	writeFiles(t, cwd, map[string]string{
		"conf/auth.go":       "package conf\n",  // relative to cwd
		"proj/conf/auth.go":  "package conf\n",  // relative to Dir
		"proj/cfg/auth.go":   "package cfg\n",   // only relative to Dir
		"proj/auth.go":       "package proj\n",  // discovery would pick this
		"proj/README.md":     "not a go file\n", // wrong kind
		"proj/pkg/x_test.go": "package pkg\n",   // a test file is no config
	})
	t.Chdir(cwd)
	cases := []struct {
		config, want, err string
	}{
		{"conf/auth.go", filepath.Join(cwd, "conf/auth.go"), ""},
		{"conf", filepath.Join(cwd, "conf"), ""},
		{"cfg/auth.go", filepath.Join(proj, "cfg/auth.go"), ""},
		{"cfg", filepath.Join(proj, "cfg"), ""},
		{filepath.Join(proj, "conf/auth.go"), filepath.Join(proj, "conf/auth.go"), ""},
		{"missing/auth.go", "", `config file "missing/auth.go" does not exist (looked at ` + filepath.Join(cwd, "missing/auth.go") + " and " + filepath.Join(proj, "missing/auth.go") + "); check --config"},
		{"README.md", "", "is not a Go source file"},
		{"pkg/x_test.go", "", "is not a Go source file"},
	}
	for _, c := range cases {
		got, _, err := Find("proj", c.config)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.config, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: err = %v, want %q", c.config, err, c.err)
		case got != c.want:
			t.Errorf("%s: Find = %s, want %s", c.config, got, c.want)
		}
	}
	if _, _, err := Find("proj", "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing --config: %v is not ErrNotFound", err)
	}
}
