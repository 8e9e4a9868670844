package core

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every config load compiles core in the user's module, so it imports only
// the standard library, packages schema and engine, and golang.org/x modules (scrypt
// from x/crypto, NFKC from x/text), and go-jose for the cookie cache's jwt
// and jwe strategies (JOSE is not hand-rolled): no database driver or
// other third-party module (drivers are for tests; the application imports
// its own).
func TestImportsOnlyStdlibSchemaAndX(t *testing.T) {
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
			stdlib := !strings.Contains(strings.Split(p, "/")[0], ".")
			if !stdlib && p != "github.com/authctl/authctl/schema" && p != "github.com/authctl/authctl/engine" && !strings.HasPrefix(p, "golang.org/x/") &&
				p != "github.com/go-jose/go-jose/v4" {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
