package initcmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/authctl/authctl/configload"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// AuthctlModule is the module a scaffold imports core from.
const AuthctlModule = "github.com/authctl/authctl"

// Project is what init learned about the project before planning.
type Project struct {
	// Dir is the project directory (--cwd), absolute. Paths in a Plan are
	// relative to it.
	Dir string
	// ModRoot is the directory holding go.mod (Dir or a parent); ModPath
	// is the module path.
	ModRoot, ModPath string
	// Frameworks are the supported frameworks go.mod requires directly, in
	// go.mod order.
	Frameworks []string
	// HasInternal reports a Dir/internal folder.
	HasInternal bool
	// ExistingConfig is an auth config on authctl's discovery path
	// (absolute), or "".
	ExistingConfig string

	requires map[string]requirement
	// replaced maps the modules go.mod replaces to the version replaced
	// ("" for every version).
	replaced map[string]string
}

type requirement struct {
	version  string
	indirect bool
}

// Inspect reads the project in dir ("" is the process's working directory).
// It fails when dir is not inside a Go module.
func Inspect(dir string) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("the directory %s does not exist; check --cwd", abs)
	case err != nil:
		return nil, err
	case !fi.IsDir():
		return nil, fmt.Errorf("%s is not a directory; check --cwd", abs)
	}
	p := &Project{Dir: abs, requires: map[string]requirement{}, replaced: map[string]string{}}
	p.ModRoot = findGoMod(abs)
	if p.ModRoot == "" {
		return nil, fmt.Errorf("no go.mod in %s or its parents; init adds auth to a Go module: run `go mod init example.com/yourapp` there first", abs)
	}
	gomod := filepath.Join(p.ModRoot, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil, err
	}
	mf, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return nil, fmt.Errorf("cannot parse %s: %w", gomod, err)
	}
	if mf.Module == nil || mf.Module.Mod.Path == "" {
		return nil, fmt.Errorf("%s has no module line; run `go mod init example.com/yourapp`", gomod)
	}
	p.ModPath = mf.Module.Mod.Path
	for _, r := range mf.Require {
		p.requires[r.Mod.Path] = requirement{version: r.Mod.Version, indirect: r.Indirect}
		if r.Indirect {
			continue
		}
		for _, f := range Frameworks {
			if f.Module != "" && f.Module == r.Mod.Path {
				p.Frameworks = append(p.Frameworks, f.Name)
			}
		}
	}
	for _, r := range mf.Replace {
		p.replaced[r.Old.Path] = r.Old.Version
	}
	if fi, err := os.Stat(filepath.Join(abs, "internal")); err == nil && fi.IsDir() {
		p.HasInternal = true
	}
	if cfg, _, err := configload.Find(abs, ""); err == nil {
		p.ExistingConfig = cfg
	}
	return p, nil
}

// findGoMod returns the nearest directory at or above dir with a go.mod.
func findGoMod(dir string) string {
	for {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// DefaultName is the app name: the last element of the module path,
// without a /vN major-version suffix.
func (p *Project) DefaultName() string {
	prefix, _, ok := module.SplitPathVersion(p.ModPath)
	if !ok || prefix == "" {
		prefix = p.ModPath
	}
	return path.Base(prefix)
}

// DefaultFramework is the first supported framework go.mod requires
// directly, else net/http.
func (p *Project) DefaultFramework() string {
	if len(p.Frameworks) > 0 {
		return p.Frameworks[0]
	}
	return DefaultFramework
}

// DefaultDir is where auth.go goes by default: internal/auth when the
// project already uses internal/, else lib.
func (p *Project) DefaultDir() string {
	if p.HasInternal {
		return DefaultInternalDir
	}
	return DefaultDir
}

// Rel returns abs relative to the project directory, with forward slashes.
func (p *Project) Rel(abs string) string {
	if r, err := filepath.Rel(p.Dir, abs); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return abs
}

// Candidate reports whether rel (relative to Dir, slash-separated) is on
// authctl's config discovery path, so that commands find it without
// --config.
func Candidate(rel string) bool {
	for _, c := range configload.Candidates() {
		if c == rel {
			return true
		}
	}
	return false
}

// EnvIgnored reports whether git would ignore the project's .env, as far
// as the .gitignore files of the project and module root say. known is
// false outside a git checkout, where the question does not arise.
func (p *Project) EnvIgnored() (ignored, known bool) {
	inGit := false
	for d := p.Dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			inGit = true
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if !inGit {
		return false, false
	}
	for _, d := range []string{p.Dir, p.ModRoot} {
		data, err := os.ReadFile(filepath.Join(d, ".gitignore"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			pat := strings.TrimPrefix(strings.TrimSpace(line), "/")
			if pat == "" || strings.HasPrefix(pat, "#") || strings.HasPrefix(pat, "!") {
				continue
			}
			if ok, _ := path.Match(strings.TrimSuffix(pat, "/"), ".env"); ok {
				return true, true
			}
		}
	}
	return false, true
}
