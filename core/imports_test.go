package core

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every config load compiles core, so it must import only the standard
// library and package schema (drivers, x/text and friends are for tests).
func TestImportsOnlyStdlibAndSchema(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p != "github.com/authctl/authctl/schema" && strings.Contains(strings.Split(p, "/")[0], ".") {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
