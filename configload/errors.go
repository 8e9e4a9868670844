package configload

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// ErrNotFound is wrapped by the error Load and Find return when there is no
// config file: none of the candidates exists, or --config names a missing
// path. The CLI tests for it with errors.Is to suggest `authctl init`.
var ErrNotFound = errors.New("no auth config found")

// notFoundError lists every path discovery tried, so the user can see
// where authctl looked and pick one.
type notFoundError struct {
	dir   string
	tried []string
}

func (e *notFoundError) Error() string {
	return fmt.Sprintf("no auth config found in %s: tried %s (%d paths); create one of them or pass --config PATH",
		e.dir, strings.Join(e.tried, ", "), len(e.tried))
}

func (e *notFoundError) Unwrap() error { return ErrNotFound }

// candidate is a discovery candidate that exists, and what its package
// declares.
type candidate struct {
	rel string // relative to the project dir, slash-separated
	pkg pkgDecls
}

// undeclaredError is discovery finding candidates, none of which declares
// the variable: it names each of them with the exported variables its
// package has, so that a typo or another name is plain to see.
type undeclaredError struct {
	dir    string
	export string
	found  []candidate
	tried  []string
}

func (e *undeclaredError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no auth config found in %s: no candidate declares the variable %s", e.dir, e.export)
	for _, c := range e.found {
		fmt.Fprintf(&b, "\n  %s: ", c.rel)
		switch {
		case c.pkg.declaring != "": // only main packages are left here
			fmt.Fprintf(&b, "declares %s in package main, which is not an importable package", e.export)
		case len(c.pkg.vars) == 0:
			fmt.Fprintf(&b, "package %s, no exported variables", c.pkg.name)
		default:
			fmt.Fprintf(&b, "package %s, exported variables: %s", c.pkg.name, strings.Join(c.pkg.vars, ", "))
		}
		if c.pkg.declaring == "" && c.pkg.other != "" {
			fmt.Fprintf(&b, " (%s is a %s)", e.export, c.pkg.other)
		}
	}
	fmt.Fprintf(&b, "\ntried %s (%d paths); declare var %s = core.New(core.Options{...}) in one of them, or pass --config PATH (and --export NAME to read another variable)",
		strings.Join(e.tried, ", "), len(e.tried), e.export)
	return b.String()
}

func (e *undeclaredError) Unwrap() error { return ErrNotFound }

// configMissingError is --config naming a path that exists nowhere.
type configMissingError struct {
	config string
	looked []string
}

func (e *configMissingError) Error() string {
	return fmt.Sprintf("config file %q does not exist (looked at %s); check --config", e.config, strings.Join(e.looked, " and "))
}

func (e *configMissingError) Unwrap() error { return ErrNotFound }

// compileError is a config that the go command could not load or build.
// Lines are "file:line: message" with files relative to the project dir,
// the form editors and terminals turn into links.
type compileError struct {
	pkg   string
	lines []string
}

// maxCompileLines caps the report: after the first few errors the rest are
// usually consequences of them.
const maxCompileLines = 10

func (e *compileError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "your auth config (%s) does not compile; fix these errors:", e.pkg)
	for i, l := range e.lines {
		if i == maxCompileLines {
			fmt.Fprintf(&b, "\n… and %d more", len(e.lines)-maxCompileLines)
			break
		}
		b.WriteString("\n")
		b.WriteString(l)
	}
	return b.String()
}

// posRE matches a position at the start of a go command message:
// "path/to/file.go:12:3: msg", "path/to/file.go:12: msg", or the same for
// go.mod, go.work and go.sum. Windows drive letters are allowed.
var posRE = regexp.MustCompile(`^((?:[A-Za-z]:)?[^:\s][^:]*\.(?:go|mod|work|sum)):(\d+)(?::\d+)?:\s*(.*)$`)

// relLine rewrites one compiler line so its file is relative to dir. Files
// the compiler printed relative to base (its working directory) are first
// made absolute. Lines without a position are returned unchanged.
func relLine(line, base, dir string) string {
	m := posRE.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return strings.TrimSpace(line)
	}
	return relPos(m[1], base, dir) + ":" + m[2] + ": " + m[3]
}

// relPos returns file relative to dir when that is shorter to read;
// relative input paths are taken relative to base.
func relPos(file, base, dir string) string {
	if !filepath.IsAbs(file) {
		file = filepath.Join(base, file)
	}
	if r, err := filepath.Rel(dir, file); err == nil {
		return filepath.ToSlash(r)
	}
	return file
}
