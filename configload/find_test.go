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
			files[p] = "package x\n\nvar Auth = 1\n"
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

// jwtHelpers is a project's own auth.go that has nothing to do with
// authctl: JWT helpers in a main package.
const jwtHelpers = `package main

import "os"

var JWTSecret = []byte(os.Getenv("JWT_SECRET"))

func Auth(token string) bool { return token != "" }

func main() {}
`

// TestFindSkipsForeignAuthGo: a candidate that does not declare the
// variable (a main package, helpers named auth.go) does not hijack
// discovery; the first candidate whose package declares it wins.
func TestFindSkipsForeignAuthGo(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		export string
		want   string
	}{
		{
			name: "root main package and internal/auth helpers before lib",
			files: map[string]string{
				"auth.go":               jwtHelpers,
				"internal/auth/auth.go": "package auth\n\nvar Secret = \"x\"\n",
				"lib/auth.go":           "package lib\n\nvar Auth = 1\n",
			},
			want: "lib/auth.go",
		},
		{
			name: "a main package that declares Auth cannot be imported",
			files: map[string]string{
				"auth.go":     "package main\n\nvar Auth = 1\n\nfunc main() {}\n",
				"lib/auth.go": "package lib\n\nvar Auth = 1\n",
			},
			want: "lib/auth.go",
		},
		{
			name: "declared in another file of the candidate's package",
			files: map[string]string{
				"auth.go":       jwtHelpers,
				"lib/auth.go":   "package lib\n\nfunc helper() {}\n",
				"lib/config.go": "package lib\n\nvar (\n\tOther = 2\n\tAuth  = 1\n)\n",
			},
			want: "lib/config.go",
		},
		{
			name: "a func, const, type, test file or other package named Auth does not count",
			files: map[string]string{
				"auth.go":               "package app\n\nfunc Auth() {}\n",
				"server/auth.go":        "package server\n\nconst Auth = 1\n",
				"auth/auth.go":          "package auth\n\ntype Auth struct{}\n",
				"lib/auth.go":           "package lib\n",
				"lib/auth_test.go":      "package lib\n\nvar Auth = 1\n",
				"lib/other.go":          "package other\n\nvar Auth = 1\n",
				"utils/auth.go":         "package utils\n\nfunc f() {\n\tvar Auth = 1\n\t_ = Auth\n}\n",
				"internal/auth/auth.go": "package auth\n\nvar Auth, Other = 1, 2\n",
			},
			want: "internal/auth/auth.go",
		},
		{
			name: "--export picks the candidate that declares that name",
			files: map[string]string{
				"auth.go":     "package app\n\nvar Auth = 1\n",
				"src/auth.go": "package src\n\nvar Main = 1\n",
			},
			export: "Main",
			want:   "src/auth.go",
		},
		{
			name: "a candidate that does not parse is taken when no other declares the variable",
			files: map[string]string{
				"auth.go":     jwtHelpers,
				"lib/auth.go": "package lib\n\nvar Auth = core.New(core.Options{\n\tAppName: \"x\"\n})\n",
			},
			want: "lib/auth.go",
		},
		{
			name: "a main package that does not parse is not taken",
			files: map[string]string{
				"auth.go":       "package main\n\nfunc {\n",
				"utils/auth.go": "package utils\n\nvar Auth = core.New(core.Options{\n\tAppName: \"x\"\n})\n",
			},
			want: "utils/auth.go",
		},
		{
			name: "but one that declares it wins over an earlier one that does not parse",
			files: map[string]string{
				"auth.go":     "package app\n\nfunc {\n",
				"lib/auth.go": "package lib\n\nvar Auth = 1\n",
			},
			want: "lib/auth.go",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, c.files)
			export := c.export
			if export == "" {
				export = DefaultExport
			}
			got, tried, err := FindExport(dir, "", export)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, filepath.FromSlash(c.want)); got != want || tried != nil {
				t.Errorf("FindExport = %s %v, want %s", got, tried, want)
			}
			if c.export == "" {
				if got2, _, _ := Find(dir, ""); got2 != got {
					t.Errorf("Find = %s, FindExport = %s", got2, got)
				}
			}
		})
	}
}

// TestFindNoneDeclares: when candidates exist but none declares the
// variable, the error names each of them with the exported variables it
// has, every path tried, and --config.
func TestFindNoneDeclares(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"auth.go":               jwtHelpers,
		"internal/auth/auth.go": "package auth\n\nvar Secret, Issuer = \"x\", \"y\"\n\nvar unexported = 1\n",
		"app/lib/auth.go":       "package lib\n\nfunc Auth() {}\n",
		"src/auth.go":           "package main\n\nvar Auth = 1\n\nfunc main() {}\n",
	})
	_, tried, err := FindExport(dir, "", "Auth")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	if len(tried) != 24 {
		t.Errorf("tried %d paths", len(tried))
	}
	msg := err.Error()
	t.Logf("error:\n%s", msg)
	for _, want := range []string{
		"no auth config found in " + dir + ": no candidate declares the variable Auth\n",
		"\n  auth.go: package main, exported variables: JWTSecret (Auth is a func)\n",
		"\n  src/auth.go: declares Auth in package main, which is not an importable package\n",
		"\n  internal/auth/auth.go: package auth, exported variables: Issuer, Secret\n",
		"\n  app/lib/auth.go: package lib, no exported variables (Auth is a func)\n",
		"\ntried auth.go, lib/server/auth.go, ", "app/internal/auth/auth.go (24 paths); ",
		"declare var Auth = core.New(core.Options{...}) in one of them, or pass --config PATH (and --export NAME to read another variable)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q", want)
		}
	}
	// Candidates are listed in discovery order.
	if i, j := strings.Index(msg, "  src/auth.go"), strings.Index(msg, "  internal/auth/auth.go"); i < j {
		t.Errorf("src/auth.go listed before internal/auth/auth.go")
	}
}
