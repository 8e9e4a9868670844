package configload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/go/packages"
)

const (
	modulePath  = "github.com/authctl/authctl"
	corePkgPath = modulePath + "/core"
	// authType is the type the config variable must have.
	authType = "*" + corePkgPath + ".Auth"
)

// errNoRequire is the message for a module that cannot resolve core.
var errNoRequire = errors.New(`your module does not require github.com/authctl/authctl; run "go get github.com/authctl/authctl"`)

// target is the config package as Load sees it before building.
type target struct {
	modRoot string
	dir     string // project dir, for relative paths in messages
	pkgDir  string // absolute config package dir
	pkgRel  string // pkgDir relative to modRoot, slash-separated ("." for the root)
	pkgPath string // import path
	export  string
	env     []string
}

// pattern is the go command pattern of the config package from modRoot.
func (t target) pattern() string {
	if t.pkgRel == "." {
		return "."
	}
	return "./" + t.pkgRel
}

// check type-checks the config package and verifies the variable, so a
// mistake is reported in the user's terms instead of as a failed build of
// a generated file they never wrote.
//
// NeedTypes without NeedSyntax/NeedDeps makes go/packages read the
// dependencies' export data from `go list -export`, which also warms the
// build cache for the build that follows; type-checking the dependencies
// from source costs seconds on every run.
func check(ctx context.Context, t target, goBin string) error {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedTypes,
		Dir:     t.modRoot,
		// A user's GOPACKAGESDRIVER (Bazel and the like) answers other
		// questions than the go command does; the loader is built by go.
		Env:  withEnv(t.env, "GOPACKAGESDRIVER", "off"),
		Logf: func(string, ...any) {},
	}
	pkgs, err := packages.Load(cfg, t.pattern(), corePkgPath)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		// go/packages wraps the go command's output in its own prefix.
		msg := goErrPrefix.ReplaceAllString(err.Error(), "")
		return newGoCommandError(t, "load", firstLines(msg, 5))
	}
	var user, core *packages.Package
	for _, p := range pkgs {
		if p.PkgPath == corePkgPath {
			core = p
		} else {
			user = p
		}
	}
	// go/packages turns module errors (a go.mod that needs tidying, a
	// missing go.sum entry, a replace to a missing directory) into no
	// package at all or into "could not import" errors that hide the
	// cause; the go command itself says what is wrong and how to fix it.
	if user == nil || core == nil || len(core.Errors) > 0 || mentionsMissingCore(user.Errors) {
		if err := moduleError(ctx, t, goBin); err != nil {
			return err
		}
		// go build succeeded where go list did not: say what go list said.
		var msgs []string
		for _, p := range []*packages.Package{core, user} {
			for _, e := range pkgErrors(p) {
				msgs = append(msgs, e.Error())
			}
		}
		if len(msgs) == 0 {
			return fmt.Errorf("the go command returned no package for %s", t.pkgDir)
		}
		return newGoCommandError(t, "load", strings.Join(msgs, "\n"))
	}
	if len(user.Errors) > 0 {
		// Through export data, an error in a package the config imports
		// shows up only as "invalid type" in the config itself; the
		// compiler names the real file and line.
		if err := compile(ctx, t, goBin); err != nil {
			return err
		}
		return newCompileError(t, user.Errors)
	}
	if user.Name == "main" {
		return fmt.Errorf("%s is package main; the auth config must live in an importable package (for example lib/)", user.PkgPath)
	}
	return checkVar(user.Types, t.export)
}

var goErrPrefix = regexp.MustCompile(`^err: exit status \d+: stderr: `)

// checkVar verifies that pkg declares `var <name> *core.Auth`.
func checkVar(pkg *types.Package, name string) error {
	obj := pkg.Scope().Lookup(name)
	v, ok := obj.(*types.Var)
	if !ok {
		return fmt.Errorf("%s has no exported variable %s; exported variables: %s (pass --export NAME)",
			pkg.Path(), name, exportedVars(pkg))
	}
	if got := types.TypeString(v.Type(), nil); got != authType {
		return fmt.Errorf("%s.%s has type %s, want %s (declare it as var %s = core.New(core.Options{...}))",
			pkg.Path(), name, got, authType, name)
	}
	return nil
}

func exportedVars(pkg *types.Package) string {
	var names []string
	for _, n := range pkg.Scope().Names() {
		if _, ok := pkg.Scope().Lookup(n).(*types.Var); ok && token.IsExported(n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func pkgErrors(p *packages.Package) []packages.Error {
	if p == nil {
		return nil
	}
	return p.Errors
}

// mentionsMissingCore reports an import of authctl that the module graph
// cannot satisfy, in any of the ways go/packages words it.
func mentionsMissingCore(errs []packages.Error) bool {
	for _, e := range errs {
		if missingCore(e.Msg) || strings.Contains(e.Msg, "could not import "+modulePath) {
			return true
		}
	}
	return false
}

// missingCore reports a go command message saying that no module in the
// build provides authctl's packages: the module does not require it.
func missingCore(msg string) bool {
	for _, l := range strings.Split(msg, "\n") {
		if strings.Contains(l, modulePath) &&
			(strings.Contains(l, "no required module provides") ||
				strings.Contains(l, "cannot find module providing") ||
				strings.Contains(l, "is not in std")) {
			return true
		}
	}
	return false
}

// newCompileError turns go/packages errors into file:line lines relative
// to the project dir. List errors may carry the position inside Msg.
func newCompileError(t target, errs []packages.Error) error {
	var lines []string
	seen := map[string]bool{}
	for _, e := range errs {
		msg := e.Msg
		if e.Pos != "" && e.Pos != "-" {
			msg = e.Pos + ": " + msg
		}
		for _, l := range strings.Split(msg, "\n") {
			if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "# ") {
				continue // the go command's "# package" headers
			}
			if l = relLine(l, t.modRoot, t.dir); !seen[l] {
				seen[l] = true
				lines = append(lines, l)
			}
		}
	}
	return &compileError{pkg: t.pkgPath, lines: lines}
}

// firstLines keeps at most n lines of s.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// loaderExit* are the loader's exit codes. Go's runtime exits 2 on an
// unrecovered panic (one during package initialisation, before main can
// defer anything), so a recovered panic uses 3 and run.go accepts both.
const (
	loaderExitError = 1
	loaderExitPanic = 3
)

// loaderSource renders the loader's main.go. It prints the manifest as
// one JSON line on stdout; anything the config prints during init comes
// before it, which is why run.go decodes the last line.
func loaderSource(pkgPath, export string) ([]byte, error) {
	f := jen.NewFile("main")
	f.HeaderComment("Code generated by authctl; DO NOT EDIT.")
	// The alias avoids clashes: the user's package name need not match its
	// path and may even be "core" or "os".
	f.ImportAlias(pkgPath, "usercfg")
	f.ImportName(corePkgPath, "core")
	f.Func().Id("main").Params().Block(
		jen.Defer().Func().Params().Block(
			jen.If(jen.Id("r").Op(":=").Recover(), jen.Id("r").Op("!=").Nil()).Block(
				// Same shape as the runtime's own report, so run.go parses
				// recovered and unrecovered panics alike.
				jen.Qual("fmt", "Fprintf").Call(jen.Qual("os", "Stderr"), jen.Lit("panic: %v\n\n%s"),
					jen.Id("r"), jen.Qual("runtime/debug", "Stack").Call()),
				jen.Qual("os", "Exit").Call(jen.Lit(loaderExitPanic)),
			),
		).Call(),
		jen.If(
			jen.Err().Op(":=").Qual(corePkgPath, "WriteJSON").Call(jen.Qual("os", "Stdout"), jen.Qual(pkgPath, export)),
			jen.Err().Op("!=").Nil(),
		).Block(
			jen.Qual("fmt", "Fprintln").Call(jen.Qual("os", "Stderr"), jen.Lit(loaderErrPrefix), jen.Err()),
			jen.Qual("os", "Exit").Call(jen.Lit(loaderExitError)),
		),
	)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("generating the loader: %w", err)
	}
	return buf.Bytes(), nil
}

// loaderErrPrefix marks the loader's own error line on stderr, to tell it
// from whatever the user's code printed before exiting.
const loaderErrPrefix = "authctl loader:"
