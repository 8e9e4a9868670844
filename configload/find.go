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

// Find is FindExport for the default variable, Auth.
func Find(dir, config string) (path string, tried []string, err error) {
	return FindExport(dir, config, DefaultExport)
}

// FindExport returns the config file (absolute) that Load would use for
// the variable export, and the candidate paths tried (relative) when
// there is none. dir is the project directory (relative to the process
// cwd); config is --config, a file or a package directory, tried relative
// to the process cwd first and then relative to dir, as the reference CLI
// does. When config names a directory, FindExport returns that directory:
// the config is its package.
//
// Discovery takes the first candidate whose package declares the
// variable, and returns the file that declares it: a project's own
// auth.go (JWT helpers, a main package) must not hijack it. It only
// parses, so it stays cheap on a cache hit. A candidate whose package
// does not parse (and is not main) may be the config being edited: it is
// taken when no candidate declares the variable, so that the compiler's
// message is what the user sees.
func FindExport(dir, config, export string) (path string, tried []string, err error) {
	dir, err = projectDir(dir)
	if err != nil {
		return "", nil, err
	}
	if config != "" {
		p, err := findConfig(dir, config)
		return p, nil, err
	}
	tried = Candidates()
	var seen []candidate
	broken := ""
	for _, c := range tried {
		p := filepath.Join(dir, filepath.FromSlash(c))
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		info := inspectPackage(filepath.Dir(p), filepath.Base(p), export)
		switch {
		case info.declaring != "" && info.name != "main":
			return info.declaring, nil, nil
		case info.broken && info.name != "main":
			if broken == "" {
				broken = p
			}
		default:
			seen = append(seen, candidate{rel: c, pkg: info})
		}
	}
	if broken != "" {
		return broken, nil, nil
	}
	if len(seen) == 0 {
		return "", tried, &notFoundError{dir: dir, tried: tried}
	}
	return "", tried, &undeclaredError{dir: dir, export: export, found: seen, tried: tried}
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
// package-level variable name, or "" when none does. It gives --config DIR
// a file to name in messages.
func declaringFile(dir, name string) string {
	return inspectPackage(dir, "", name).declaring
}

// pkgDecls is what parsing a package's files tells about a variable.
type pkgDecls struct {
	name      string   // package name ("" when unknown)
	declaring string   // absolute path of the file declaring the variable as a var, or ""
	other     string   // what else the name is declared as: "func", "const", "type"; or ""
	vars      []string // exported package-level variables, sorted
	broken    bool     // a file of the package does not parse
}

// inspectPackage parses the non-test Go files of dir that belong to the
// package of file first (every file when first is ""; first is read
// first and its package clause decides) and reports how they declare
// export. Files whose names the go command ignores (leading . or _) are
// skipped; build constraints are not evaluated.
func inspectPackage(dir, first, export string) pkgDecls {
	var d pkgDecls
	var files []string
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && n != first && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && !strings.HasPrefix(n, ".") && !strings.HasPrefix(n, "_") {
				files = append(files, n)
			}
		}
	}
	sort.Strings(files)
	if first != "" {
		files = append([]string{first}, files...)
	}
	fset := token.NewFileSet()
	vars := map[string]bool{}
	for i, n := range files {
		p := filepath.Join(dir, n)
		// A file with a syntax error still yields the declarations the
		// parser recovered.
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if f == nil || f.Name == nil || f.Name.Name == "_" {
			d.broken = d.broken || i == 0 && first != ""
			continue
		}
		switch {
		case d.name == "":
			d.name = f.Name.Name
		case f.Name.Name != d.name:
			continue // another package (the go command will complain if it matters)
		}
		if err != nil {
			d.broken = true
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv == nil && decl.Name.Name == export && d.other == "" {
					d.other = "func"
				}
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						for _, id := range spec.Names {
							switch {
							case decl.Tok != token.VAR:
								if id.Name == export && d.other == "" {
									d.other = "const"
								}
							case id.Name == export && d.declaring == "":
								d.declaring = p
								fallthrough
							case token.IsExported(id.Name):
								vars[id.Name] = true
							}
						}
					case *ast.TypeSpec:
						if spec.Name.Name == export && d.other == "" {
							d.other = "type"
						}
					}
				}
			}
		}
	}
	for v := range vars {
		d.vars = append(d.vars, v)
	}
	sort.Strings(d.vars)
	return d
}
