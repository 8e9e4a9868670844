package configload

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/mod/modfile"
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
	writeLines(&b, e.lines)
	return b.String()
}

// writeLines writes lines, each on a line of its own, up to
// maxCompileLines and a count of the rest.
func writeLines(b *strings.Builder, lines []string) {
	for i, l := range lines {
		if i == maxCompileLines {
			fmt.Fprintf(b, "\n… and %d more", len(lines)-maxCompileLines)
			return
		}
		b.WriteString("\n")
		b.WriteString(l)
	}
}

// goCommandError is the go command refusing to load or build the config
// package for a reason outside the config's code: go.mod, go.sum, a
// replace directive. It shows the go command's own message, then the fix
// that message implies.
type goCommandError struct {
	verb  string // "load" or "build"
	pkg   string
	lines []string
	fix   string // "" when the message implies none
}

func (e *goCommandError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the go command cannot %s your auth config (%s):", e.verb, e.pkg)
	writeLines(&b, e.lines)
	if e.fix != "" {
		b.WriteString("\nto fix it, ")
		b.WriteString(e.fix)
	}
	return b.String()
}

// replaceMissingRE is the go command's message for a local replace whose
// directory does not exist.
var replaceMissingRE = regexp.MustCompile(`replacement directory (\S+) does not exist`)

// newGoCommandError keeps the go command's lines (positions made relative
// to the project dir, the commands it suggests indented as it printed
// them) and works out the fix: the replace directive to correct, or the
// commands the go command suggests, to run in the module root.
func newGoCommandError(t target, verb, msg string) error {
	e := &goCommandError{verb: verb, pkg: t.pkgPath}
	var cmds []string
	seen := map[string]bool{}
	for _, l := range strings.Split(msg, "\n") {
		trimmed := strings.TrimSpace(l)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "# "):
			continue // blank lines and the go command's "# package" headers
		case trimmed != l && strings.HasPrefix(trimmed, "go "):
			// A command the go command suggests ("to add:\n\tgo get …").
			if !seen[trimmed] {
				seen[trimmed] = true
				cmds = append(cmds, trimmed)
			}
			l = "\t" + trimmed
		default:
			l = relLine(l, t.modRoot, t.dir)
			// The same module error is reported once per import.
			if m := posRE.FindStringSubmatch(l); m != nil {
				if seen[m[3]] {
					continue
				}
				seen[m[3]] = true
			}
		}
		if len(e.lines) == 0 || e.lines[len(e.lines)-1] != l {
			e.lines = append(e.lines, l)
		}
	}
	if m := replaceMissingRE.FindStringSubmatch(msg); m != nil {
		e.fix = replaceFix(t, m[1])
	} else if len(cmds) > 0 {
		e.fix = fmt.Sprintf("run %q in %s", cmds[0], t.modRoot)
		for _, c := range cmds[1:] {
			e.fix += fmt.Sprintf(", then %q", c)
		}
	}
	return e
}

// replaceFix names the replace directive of the module's go.mod whose
// target is dir (as written), with its line.
func replaceFix(t target, dir string) string {
	gomod := filepath.Join(t.modRoot, "go.mod")
	if data, err := os.ReadFile(gomod); err == nil {
		if f, err := modfile.Parse(gomod, data, nil); err == nil {
			for _, r := range f.Replace {
				if r.New.Version == "" && r.New.Path == dir && r.Syntax != nil {
					return fmt.Sprintf("correct or remove the replace directive at %s:%d (%s => %s)",
						relPos(gomod, t.dir, t.dir), r.Syntax.Start.Line, r.Old.Path, r.New.Path)
				}
			}
		}
	}
	return fmt.Sprintf("correct or remove the replace directive that names %s (in go.mod or go.work)", dir)
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
	if r, err := filepath.Rel(dir, file); err == nil && len(r) < len(file) {
		return filepath.ToSlash(r)
	}
	return file
}
