package configload

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/authctl/authctl/core"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// The static reader reads a literal config (var Auth = core.New(core.Options{…})
// with constants, os.Getenv, plugin constructors and package-level
// constants and variables) from its syntax, evaluates it into real values
// of this binary's core and plugins packages, and calls the same core.New
// and core.WriteJSON the compiled loader calls. It answers only when it is
// certain the compiled loader would print the same manifest; otherwise it
// returns an *staticFallback and Load compiles the loader as before.

// Loader modes (Options.Loader, --loader).
const (
	LoaderAuto     = "auto"
	LoaderStatic   = "static"
	LoaderCompiled = "compiled"
)

// staticFallback says why the static reader declined a config.
type staticFallback struct{ reason string }

func (e *staticFallback) Error() string { return e.reason }

func fallback(format string, args ...any) error {
	return &staticFallback{reason: fmt.Sprintf(format, args...)}
}

// staticImports are the packages a config read statically may import;
// their package initialisation has no effect the loader could observe.
var staticImports = map[string]string{
	corePkgPath:              "core",
	corePkgPath + "/plugins": "plugins",
	"os":                     "os",
	"time":                   "time",
}

// readStatic reads the config of t statically. env is the environment the
// loader would run with.
func readStatic(t target, env []string) ([]byte, error) {
	if err := sameCore(t); err != nil {
		return nil, err
	}
	files, err := parseStaticPackage(t.pkgDir)
	if err != nil {
		return nil, err
	}
	ev, err := newEvaluator(files, env)
	if err != nil {
		return nil, err
	}
	auth, err := ev.run(t.export)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, auth); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}

// writeJSON is core.WriteJSON, the loader's call; a panic (a plugin's
// Schema, say) is the compiled loader's to report.
func writeJSON(buf *bytes.Buffer, a *core.Auth) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fallback("panic in core.WriteJSON: %v", r)
		}
	}()
	if err := core.WriteJSON(buf, a); err != nil {
		return fallback("core.WriteJSON: %v", err)
	}
	return nil
}

// parseStaticPackage parses the Go files of dir that the go command would
// build, and declines anything whose file set depends on the build
// (constraints, cgo, assembly, directives).
func parseStaticPackage(dir string) ([]*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fallback("reading %s: %v", dir, err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	pkgName := ""
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		switch ext := filepath.Ext(name); ext {
		case ".go":
		case ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".m", ".s", ".S", ".sx", ".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso":
			return nil, fallback("%s is not Go source", name)
		default:
			continue
		}
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		if osArchSuffix(name) {
			return nil, fallback("%s has a GOOS/GOARCH file name suffix", name)
		}
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fallback("reading %s: %v", name, err)
		}
		if bytes.Contains(src, []byte("//go:")) || bytes.Contains(src, []byte("+build")) {
			return nil, fallback("%s has a compiler directive or build constraint", name)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fallback("parsing %s: %v", name, err)
		}
		if pkgName == "" {
			pkgName = f.Name.Name
		} else if pkgName != f.Name.Name {
			return nil, fallback("two package names")
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fallback("no Go files")
	}
	if pkgName == "main" || pkgName == "_" || pkgName == "init" {
		return nil, fallback("package %s", pkgName)
	}
	return files, nil
}

var knownOSArch = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos " +
		"386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm") {
		m[s] = true
	}
	return m
}()

// osArchSuffix reports a file name the go command includes only for some
// GOOS or GOARCH (name_linux.go, name_amd64.go, name_unix.go is not one).
func osArchSuffix(name string) bool {
	parts := strings.Split(strings.TrimSuffix(name, ".go"), "_")
	if len(parts) < 2 {
		return false
	}
	return knownOSArch[parts[len(parts)-1]] || (len(parts) >= 3 && knownOSArch[parts[len(parts)-2]])
}

// sameCore makes sure the config's module builds against the very core
// this binary holds: the same version of authctl (or this binary's own
// source tree, unchanged since the binary was built) and the same versions
// of the modules core depends on.
func sameCore(t target) error {
	if goEnvFileSets(t.env) {
		return fallback("the go env file sets GOWORK, GOFLAGS or GOENV-level build settings")
	}
	if g := getenv(t.env, "GOWORK"); g != "off" && g != "" {
		return fallback("GOWORK is set")
	} else if g == "" {
		for d := t.modRoot; ; {
			if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
				return fallback("a go.work file applies")
			}
			p := filepath.Dir(d)
			if p == d {
				break
			}
			d = p
		}
	}
	if goFlagsChangeBuild(getenv(t.env, "GOFLAGS")) {
		return fallback("GOFLAGS changes the build")
	}
	if v := getenv(t.env, "GOOS"); v != "" && v != runtime.GOOS {
		return fallback("GOOS is set")
	}
	if v := getenv(t.env, "GOARCH"); v != "" && v != runtime.GOARCH {
		return fallback("GOARCH is set")
	}
	if getenv(t.env, "GOEXPERIMENT") != "" {
		return fallback("GOEXPERIMENT is set")
	}
	if v := getenv(t.env, "GO111MODULE"); v == "off" {
		return fallback("GO111MODULE=off")
	}
	if _, err := os.Stat(filepath.Join(t.modRoot, "vendor")); err == nil {
		return fallback("the module vendors its dependencies")
	}
	data, err := os.ReadFile(filepath.Join(t.modRoot, "go.mod"))
	if err != nil {
		return fallback("reading go.mod: %v", err)
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return fallback("parsing go.mod: %v", err)
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return fallback("no build info")
	}
	deps := map[string]string{}
	for _, d := range bi.Deps {
		v := d.Version
		if d.Replace != nil {
			v = "replaced"
		}
		deps[d.Path] = v
	}
	var source string // a directory holding authctl's source, or ""
	version := ""
	if mf.Module != nil && mf.Module.Mod.Path == modulePath {
		source = t.modRoot
	} else {
		for _, r := range mf.Require {
			if r.Mod.Path == modulePath {
				version = r.Mod.Version
			}
		}
		if version == "" {
			return fallback("go.mod does not require %s", modulePath)
		}
		for _, r := range mf.Replace {
			if r.Old.Path != modulePath || (r.Old.Version != "" && r.Old.Version != version) {
				continue
			}
			if r.New.Version != "" {
				return fallback("%s is replaced by another module", modulePath)
			}
			source = r.New.Path
			if !filepath.IsAbs(source) {
				source = filepath.Join(t.modRoot, source)
			}
		}
	}
	if mf.Go != nil {
		bin := "v" + strings.TrimPrefix(bi.GoVersion, "go")
		if !semver.IsValid(bin) || !semver.IsValid("v"+mf.Go.Version) || semver.Compare("v"+mf.Go.Version, bin) > 0 {
			return fallback("go.mod says go %s, this authctl was built with %s", mf.Go.Version, bi.GoVersion)
		}
	}
	for _, r := range mf.Require {
		if v, ok := deps[r.Mod.Path]; ok && v != r.Mod.Version {
			return fallback("go.mod requires %s %s, this authctl was built with %s", r.Mod.Path, r.Mod.Version, v)
		}
	}
	if mf.Module == nil || mf.Module.Mod.Path != modulePath {
		// The go command refuses a module that does not list, with go.sum
		// entries, every module providing a package core imports.
		sum, _ := os.ReadFile(filepath.Join(t.modRoot, "go.sum"))
		need := coreDepModules
		if source == "" {
			need = append([]string{modulePath}, need...)
		}
		for _, p := range need {
			v := version
			if p != modulePath {
				v = ""
				for _, r := range mf.Require {
					if r.Mod.Path == p {
						v = r.Mod.Version
					}
				}
			}
			if v == "" || !bytes.Contains(sum, []byte(p+" "+v+" h1:")) || !bytes.Contains(sum, []byte(p+" "+v+"/go.mod h1:")) {
				return fallback("go.mod or go.sum lacks %s %s", p, v)
			}
		}
	}
	for _, r := range mf.Replace {
		if _, ok := deps[r.Old.Path]; ok {
			return fallback("go.mod replaces %s", r.Old.Path)
		}
	}
	if source == "" {
		if bi.Main.Path != modulePath || bi.Main.Version != version || version == "(devel)" {
			return fallback("go.mod requires %s %s, this authctl is %s", modulePath, version, bi.Main.Version)
		}
		return nil
	}
	return sameSourceTree(source)
}

// coreDepModules are the modules, other than authctl, that provide the
// packages core and core/plugins import (TestCoreDepModules keeps the list
// true).
var coreDepModules = []string{"github.com/go-jose/go-jose/v4", "golang.org/x/crypto", "golang.org/x/sys", "golang.org/x/text"}

// coreDepPackages are authctl's own packages behind the manifest: core,
// core/plugins and the packages of this module they import (the same
// test keeps it true).
var coreDepPackages = []string{"core", "core/plugins", "engine", "schema"}

var (
	selfTreeOnce sync.Once
	selfTreeErr  error
	selfTree     string
)

// sameSourceTree reports whether dir is the source tree this binary was
// built from and no Go file or go.mod in it changed since.
func sameSourceTree(dir string) error {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return fallback("%s is a local source tree and this authctl does not know its own", modulePath)
	}
	self, err := filepath.EvalSymlinks(filepath.Dir(filepath.Dir(file)))
	if err != nil {
		return fallback("%v", err)
	}
	d, err := filepath.EvalSymlinks(dir)
	if err != nil || d != self {
		return fallback("%s is replaced by %s, not this authctl's source", modulePath, dir)
	}
	selfTreeOnce.Do(func() { selfTreeErr = unchangedSince(self) })
	return selfTreeErr
}

// unchangedSince checks that no non-test Go file of the packages behind
// the manifest (coreDepPackages), and neither go.mod nor go.sum, under
// root is newer than the running executable.
func unchangedSince(root string) error {
	exe, err := os.Executable()
	if err != nil {
		return fallback("%v", err)
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return fallback("%v", err)
	}
	built := fi.ModTime()
	newer := func(p string) error {
		info, err := os.Stat(p)
		if err != nil {
			return fallback("%v", err)
		}
		if info.ModTime().After(built) {
			return fallback("%s changed after this authctl was built", p)
		}
		return nil
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := newer(filepath.Join(root, f)); err != nil {
			return err
		}
	}
	for _, pkg := range coreDepPackages {
		dir := filepath.Join(root, filepath.FromSlash(pkg))
		entries, err := os.ReadDir(dir)
		if err != nil {
			return fallback("%v", err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			if err := newer(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

// goEnvFileSets reports a go env file (go env -w) that sets a variable
// changing which sources the go command builds.
func goEnvFileSets(env []string) bool {
	p := getenv(env, "GOENV")
	if p == "off" {
		return false
	}
	if p == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return true
		}
		p = filepath.Join(dir, "go", "env")
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	for _, l := range strings.Split(string(data), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(l), "=")
		switch k {
		case "GOWORK":
			if v != "off" && v != "" {
				return true
			}
		case "GOFLAGS":
			if goFlagsChangeBuild(v) {
				return true
			}
		case "GOOS", "GOARCH", "GOEXPERIMENT":
			return true
		}
	}
	return false
}

// goFlagsChangeBuild reports GOFLAGS that change which sources or module
// versions a build uses (-buildvcs, -trimpath, -p, -modcacherw and the like
// do not).
func goFlagsChangeBuild(flags string) bool {
	for _, f := range strings.Fields(flags) {
		name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		switch name {
		case "buildvcs", "trimpath", "p", "v", "x", "n", "a", "ldflags", "gcflags", "asmflags", "buildmode", "compiler", "modcacherw", "mod":
			if name == "mod" && f != "-mod=mod" && f != "-mod=readonly" {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// isFallback reports whether err is the static reader declining.
func isFallback(err error) bool {
	var f *staticFallback
	return errors.As(err, &f)
}
