package initcmd

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// goFiles returns the non-test .go files the go command would consider in
// dir, sorted.
func goFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var files []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") &&
			!strings.HasPrefix(n, ".") && !strings.HasPrefix(n, "_") {
			files = append(files, filepath.Join(dir, n))
		}
	}
	sort.Strings(files)
	return files
}

// existingPackage returns the package name of the Go files in dir and the
// file it was read from, or "" when there are none.
func existingPackage(dir string) (name, file string) {
	fset := token.NewFileSet()
	for _, f := range goFiles(dir) {
		af, err := parser.ParseFile(fset, f, nil, parser.PackageClauseOnly)
		if err == nil {
			return af.Name.Name, filepath.Base(f)
		}
	}
	return "", ""
}

// checkDeclarations fails when a Go file in dir already declares name at
// package level, which the new file would clash with.
func checkDeclarations(dir, rel, name string) error {
	fset := token.NewFileSet()
	for _, f := range goFiles(dir) {
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			continue // the build will report it; not init's business
		}
		if declares(af, name) {
			return &ConflictError{Paths: []string{path.Join(rel, filepath.Base(f))}, Reason: fmt.Sprintf(
				"%s already declares %s; init would add a second one: pass --dir to scaffold elsewhere",
				path.Join(rel, filepath.Base(f)), name)}
		}
	}
	return nil
}

func declares(f *ast.File, name string) bool {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == name {
				return true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, id := range s.Names {
						if id.Name == name {
							return true
						}
					}
				case *ast.TypeSpec:
					if s.Name.Name == name {
						return true
					}
				}
			}
		}
	}
	return false
}
