package initcmd

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxScan bounds the Go files ListenPort parses, so a huge module costs a
// bounded time (it then guesses nothing).
const maxScan = 2000

// listenCalls are the methods and functions that take a listen address as
// their first argument: net/http's, and those of gin, echo and fiber.
var listenCalls = map[string]bool{
	"ListenAndServe": true, "ListenAndServeTLS": true, "Listen": true, "ListenTLS": true,
	"Run": true, "RunTLS": true, "Start": true, "StartTLS": true,
}

// ginDefaultPort is where gin's Engine.Run() listens without an address
// (and without PORT in the environment).
const ginDefaultPort = "8080"

// ListenPort returns the port the module's code listens on, and the file
// (relative to the project, slash-separated) where it was found: a
// constant address such as ":8080" passed to http.ListenAndServe, an
// http.Server's Addr, gin's Run, echo's Start or fiber's Listen, or gin's
// Run() with no address (8080). Test files, vendor, testdata, hidden
// folders and nested modules are not read. When no port or more than one
// is found, it returns "": init does not guess.
func (p *Project) ListenPort() (port, file string) {
	var ports []string
	files := map[string]string{}
	scanned := 0
	fset := token.NewFileSet()
	filepath.WalkDir(p.ModRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path == p.ModRoot {
				return nil
			}
			if name == "vendor" || name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || !d.Type().IsRegular() {
			return nil
		}
		if scanned++; scanned > maxScan {
			ports = nil
			return filepath.SkipAll
		}
		af, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil
		}
		for _, port := range listenPorts(af) {
			if _, seen := files[port]; !seen {
				ports = append(ports, port)
				files[port] = p.Rel(path)
			}
		}
		return nil
	})
	if len(ports) != 1 {
		return "", ""
	}
	return ports[0], files[ports[0]]
}

// listenPorts returns the ports f's code listens on.
func listenPorts(f *ast.File) []string {
	gin := false
	for _, imp := range f.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == "github.com/gin-gonic/gin" {
			gin = true
		}
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || !listenCalls[sel.Sel.Name] {
				return true
			}
			if len(n.Args) == 0 {
				if gin && sel.Sel.Name == "Run" {
					out = append(out, ginDefaultPort)
				}
				return true
			}
			if port := addrPort(n.Args[0]); port != "" {
				out = append(out, port)
			}
		case *ast.KeyValueExpr:
			// http.Server{Addr: ":8080"}
			if key, ok := n.Key.(*ast.Ident); ok && key.Name == "Addr" {
				if port := addrPort(n.Value); port != "" {
					out = append(out, port)
				}
			}
		}
		return true
	})
	return out
}

// addrPort returns the port of a constant "host:port" address expression.
func addrPort(e ast.Expr) string {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return ""
	}
	addr, err := strconv.Unquote(lit.Value)
	if err != nil {
		return ""
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return ""
	}
	return port
}
