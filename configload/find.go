package configload

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// candidateDirs are the folders discovery looks in, in order; each is
// tried at the project root, then under src/, then under app/. The order
// is the reference CLI's, so a project layout that works there works here;
// internal/auth is ours, last: where Go projects keep private packages and
// where `authctl init` puts the config in a project that has internal/.
var candidateDirs = []string{"", "lib/server", "server/auth", "server", "auth", "lib", "utils", "internal/auth"}

// Candidates returns the discovery list relative to a project dir, in order.
func Candidates() []string {
	var out []string
	for _, prefix := range []string{"", "src", "app"} {
		for _, d := range candidateDirs {
			out = append(out, filepath.ToSlash(filepath.Join(prefix, d, "auth.go")))
		}
	}
	return out
}

// Find returns the config file (absolute) that Load would use, and the
// candidate paths tried (relative) when none exists. dir is the project
// directory (relative to the process cwd); config is --config, a file or a
// package directory, tried relative to the process cwd first and then
// relative to dir, as the reference CLI does. When config names a
// directory, Find returns that directory: the config is its package.
func Find(dir, config string) (path string, tried []string, err error) {
	dir, err = projectDir(dir)
	if err != nil {
		return "", nil, err
	}
	if config != "" {
		p, err := findConfig(dir, config)
		return p, nil, err
	}
	tried = Candidates()
	for _, c := range tried {
		p := filepath.Join(dir, filepath.FromSlash(c))
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil, nil
		}
	}
	return "", tried, &notFoundError{dir: dir, tried: tried}
}

// projectDir makes dir absolute and checks that it is a directory.
func projectDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir) // "" is the process cwd
	if err != nil {
		return "", fmt.Errorf("resolving --cwd %q: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("the directory %q does not exist; check --cwd", abs)
	case err != nil:
		return "", fmt.Errorf("cannot read the directory %q: %w; check --cwd", abs, err)
	case !fi.IsDir():
		return "", fmt.Errorf("%q is not a directory; check --cwd", abs)
	}
	return abs, nil
}

// findConfig resolves --config: relative to the process cwd first, then to
// dir (a user running `authctl --cwd app --config lib/auth.go` may mean
// either, and the reference CLI accepts both).
func findConfig(dir, config string) (string, error) {
	var looked []string
	if filepath.IsAbs(config) {
		looked = []string{filepath.Clean(config)}
	} else {
		if abs, err := filepath.Abs(config); err == nil {
			looked = append(looked, abs)
		}
		if p := filepath.Join(dir, config); len(looked) == 0 || p != looked[0] {
			looked = append(looked, p)
		}
	}
	for _, p := range looked {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if fi.IsDir() {
			return p, nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return "", fmt.Errorf("config file %q is not a Go source file; pass your auth.go or its package directory to --config", config)
		}
		return p, nil
	}
	return "", &configMissingError{config: config, looked: looked}
}

// declaringFile returns the non-test .go file in dir that declares the
// package-level variable name, or "" when none does. It parses only, so it
// is cheap enough for the cache-hit path; it gives --config DIR a file to
// name in messages.
func declaringFile(dir, name string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var files []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && !strings.HasPrefix(n, ".") && !strings.HasPrefix(n, "_") {
			files = append(files, n)
		}
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	for _, n := range files {
		p := filepath.Join(dir, n)
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				for _, id := range s.(*ast.ValueSpec).Names {
					if id.Name == name {
						return p
					}
				}
			}
		}
	}
	return ""
}
