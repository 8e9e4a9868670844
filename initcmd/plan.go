package initcmd

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/authctl/authctl/dotenv"
	"github.com/authctl/authctl/templates"
)

// Choices are what a scaffold is made of. Empty fields take the defaults
// documented on each; Database has none.
type Choices struct {
	// Name is the app name (core.Options.AppName). Default: the module
	// path's last element.
	Name string
	// Framework is a Frameworks name. Default: Project.DefaultFramework.
	Framework string
	// Database is a Databases name. Required.
	Database string
	// Plugins are catalog names, in the order they go into the config.
	Plugins []string
	// Dir is auth.go's folder, relative to the project. Default:
	// Project.DefaultDir.
	Dir string
	// BasePath is where the handler serves. Default: DefaultBasePath.
	BasePath string
	// Client is a Clients name, or "" for no front-end client file.
	Client string
	// BaseURL is the value BETTER_AUTH_URL gets in .env when it is not set
	// there yet, and the client's baseURL. Default: the value .env already
	// has, else http://localhost:PORT when the app's code listens on one
	// constant port (Project.ListenPort), else DefaultBaseURL.
	BaseURL string
	// AuthctlVersion is the version of github.com/authctl/authctl to
	// require; "" lets `go get` pick the latest.
	AuthctlVersion string
	// AuthctlReplace is the directory of a checkout of authctl (the one
	// the running binary was built from) to require it from, through a
	// replace directive, when go.mod neither requires nor replaces it: the
	// module is not on the public proxy. "" for none.
	AuthctlReplace string
}

// Plan is a rendered scaffold, not yet written.
type Plan struct {
	Project *Project
	// Choices with every default filled in and names canonicalised.
	Choices Choices
	// Files are the new files, in writing order.
	Files []File
	// Env is the .env change.
	Env EnvChange
	// Requirements are the modules go.mod must gain (empty when all are
	// there already).
	Requirements []Requirement
	// Replace is the directory go.mod's new replace directive points
	// github.com/authctl/authctl at (Choices.AuthctlReplace, when used), or
	// "".
	Replace string

	// ConfigRel is auth.go's path relative to the project; ConfigDir its
	// folder; Discoverable reports whether authctl finds it without
	// --config.
	ConfigRel, ConfigDir string
	Discoverable         bool
	// MountImport and MountPackage name the package with Mount.
	MountImport, MountPackage string
	// BaseURL is the app's URL: BETTER_AUTH_URL as .env has it or gets it,
	// and the client's baseURL. BaseURLFrom is the Go file, relative to
	// the project, whose listen address gave its port ("" when the URL
	// came from .env, Choices.BaseURL or DefaultBaseURL).
	BaseURL, BaseURLFrom string
	// ClientRel is the client file, or "" without one.
	ClientRel string
	// DBName is a database name made from the app name, for examples.
	DBName string
	// AddedPlugins are plugins added because a chosen one needs them.
	AddedPlugins []string
	// Unserved are the chosen plugins the Go handler does not run yet: with
	// any of them the scaffolded server refuses to start unless the config
	// sets core.Options.SessionsOnly (their tables are still generated).
	Unserved []string
}

// File is a file the plan creates.
type File struct {
	Rel  string // relative to the project, slash-separated
	Path string // absolute
	Data []byte
}

// EnvChange is what the plan adds to the project's .env.
type EnvChange struct {
	Rel  string // ".env"
	Path string // absolute
	// Add are the entries to append (values include the new secret: never
	// print them).
	Add []dotenv.Entry
	// Kept are keys already set in .env or .env.local, left as they are.
	Kept []string
	// Exists reports whether .env exists.
	Exists bool
	// Set holds every key .env or .env.local sets, before the change.
	Set map[string]bool
}

// Keys returns the keys of the entries to add.
func (e EnvChange) Keys() []string {
	var k []string
	for _, a := range e.Add {
		k = append(k, a.Key)
	}
	return k
}

// Requirement is a module go.mod must require.
type Requirement struct {
	Path    string
	Version string // "" lets go get choose
}

func (r Requirement) String() string {
	if r.Version == "" {
		return r.Path
	}
	return r.Path + "@" + r.Version
}

// ConflictError reports files init will not overwrite.
type ConflictError struct {
	// Config is set when the conflict is an existing auth config.
	Config bool
	Paths  []string // relative to the project
	Reason string
}

func (e *ConflictError) Error() string { return e.Reason }

// ErrConflict is matched (errors.Is) by every *ConflictError.
var ErrConflict = errors.New("init would overwrite existing files")

func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// mountPackage is the package, below the config's folder, that holds the
// Mount function.
const mountPackage = "authhttp"

// NewPlan checks c against p and renders every file. It writes nothing.
func NewPlan(p *Project, c Choices) (*Plan, error) {
	if err := p.CheckExistingConfig(); err != nil {
		return nil, err
	}
	requested := map[string]bool{}
	for _, n := range c.Plugins {
		if info, err := LookupPlugin(n); err == nil {
			requested[info.Name] = true
		}
	}
	c, err := complete(p, c)
	if err != nil {
		return nil, err
	}
	fw, _ := LookupFramework(c.Framework)
	db, _ := LookupDatabase(c.Database)
	pl := &Plan{Project: p, Choices: c, DBName: identifier(c.Name, "app")}
	for _, n := range c.Plugins {
		if !requested[n] {
			pl.AddedPlugins = append(pl.AddedPlugins, n)
		}
		if info, err := LookupPlugin(n); err == nil && !info.Runs {
			pl.Unserved = append(pl.Unserved, n)
		}
	}

	dirAbs := filepath.Join(p.Dir, filepath.FromSlash(c.Dir))
	pkg, pkgDoc, err := packageFor(dirAbs, c.Dir)
	if err != nil {
		return nil, err
	}
	importPath, err := p.importPath(dirAbs)
	if err != nil {
		return nil, err
	}
	mountDir := filepath.Join(dirAbs, mountPackage)
	mountPkg, _, err := packageFor(mountDir, path.Join(c.Dir, mountPackage))
	if err != nil {
		return nil, err
	}
	pl.ConfigDir = c.Dir
	pl.ConfigRel = path.Join(c.Dir, "auth.go")
	pl.Discoverable = Candidate(pl.ConfigRel)
	pl.MountImport = importPath + "/" + mountPackage
	pl.MountPackage = mountPkg

	var pluginData []authPlugin
	deliver := false
	for _, name := range c.Plugins {
		info, _ := LookupPlugin(name)
		expr, sends := pluginExpr(info)
		deliver = deliver || sends
		pluginData = append(pluginData, authPlugin{Expr: expr, Summary: oneLine(info.Summary)})
	}
	authSrc, err := renderGo("init/auth", db.Name+".go.tmpl", authData{
		Package: pkg, PackageDoc: pkgDoc, AppName: c.Name, BasePath: c.BasePath,
		DBName: pl.DBName, Plugins: pluginData, MountPackage: mountPkg, Deliver: deliver,
	})
	if err != nil {
		return nil, err
	}
	mountSrc, err := renderGo("init/mount", fw.Name+".go.tmpl", mountData{
		Package: mountPkg, ConfigImport: importPath, ConfigName: pkg, ConfigAlias: pkg != path.Base(importPath),
		DriverImport: db.DriverImport, BasePath: c.BasePath,
	})
	if err != nil {
		return nil, err
	}
	pl.add(pl.ConfigRel, authSrc)
	pl.add(path.Join(c.Dir, mountPackage, "mount.go"), mountSrc)

	env, baseURL, from, err := planEnv(p, c, db, pl.DBName)
	if err != nil {
		return nil, err
	}
	pl.Env, pl.BaseURL, pl.BaseURLFrom = env, baseURL, from
	if c.Client != "" {
		cl, _ := LookupClient(c.Client)
		src, err := render("init/client", cl.Name+".ts.tmpl", clientData{
			BaseURL: baseURL, BasePath: c.BasePath, Plugins: clientPlugins(c.Plugins),
		})
		if err != nil {
			return nil, err
		}
		pl.ClientRel = path.Join(clientDir(p), "auth-client.ts")
		pl.add(pl.ClientRel, src)
	}
	if err := pl.checkConflicts(); err != nil {
		return nil, err
	}
	if err := checkDeclarations(dirAbs, c.Dir, "Auth"); err != nil {
		return nil, err
	}
	if err := checkDeclarations(mountDir, path.Join(c.Dir, mountPackage), "Mount"); err != nil {
		return nil, err
	}
	pl.Requirements, pl.Replace = p.requirements(c, fw, db)
	return pl, nil
}

// CheckExistingConfig fails when the project already has an auth config on
// the discovery path.
func (p *Project) CheckExistingConfig() error {
	if p.ExistingConfig == "" {
		return nil
	}
	rel := p.Rel(p.ExistingConfig)
	return &ConflictError{Config: true, Paths: []string{rel}, Reason: fmt.Sprintf(
		"this project already has an auth config, %s; init never overwrites one: edit it (authctl generate and migrate read it), or move it away and run init again", rel)}
}

// importPath is the import path of the package in dir.
func (p *Project) importPath(dir string) (string, error) {
	rel, err := filepath.Rel(p.ModRoot, dir)
	if err != nil {
		return "", err
	}
	if rel == "." {
		return p.ModPath, nil
	}
	return p.ModPath + "/" + filepath.ToSlash(rel), nil
}

// packageFor returns the package name for new files in dir: the name of
// the Go files already there, else one made from the folder name. doc
// reports that the folder has no Go files yet, so the new file should carry
// the package comment.
func packageFor(dir, rel string) (name string, doc bool, err error) {
	existing, file := existingPackage(dir)
	switch {
	case existing == "main":
		return "", false, fmt.Errorf("%s holds package main (%s); the auth config must be in an importable package: pass --dir with another folder, such as lib", rel, file)
	case existing != "":
		return existing, false, nil
	}
	return identifier(path.Base(rel), "auth"), true, nil
}

// add queues a new file.
func (pl *Plan) add(rel string, data []byte) {
	pl.Files = append(pl.Files, File{Rel: rel, Path: filepath.Join(pl.Project.Dir, filepath.FromSlash(rel)), Data: data})
}

// checkConflicts fails when a file the plan creates exists.
func (pl *Plan) checkConflicts() error {
	var exist []string
	for _, f := range pl.Files {
		if _, err := os.Lstat(f.Path); err == nil {
			exist = append(exist, f.Rel)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	switch {
	case len(exist) == 0:
		return nil
	case exist[0] == pl.ConfigRel:
		return &ConflictError{Config: true, Paths: exist, Reason: fmt.Sprintf(
			"%s already exists; init never overwrites an auth config: edit it, or move it away (or pass --dir) and run init again", pl.ConfigRel)}
	}
	return &ConflictError{Paths: exist, Reason: fmt.Sprintf(
		"%s already exists; init only creates new files: move it away, or pass --dir to scaffold elsewhere", strings.Join(exist, " and "))}
}

// requirements lists the modules go.mod lacks. A module already required
// directly is left alone, whatever its version: init does not upgrade or
// downgrade what the app already uses. One required only indirectly is
// asked for at its current version, which makes it direct without moving
// it. authctl, when go.mod replaces it, is asked for at the version the
// replacement covers (v0.0.0 for all versions), so that go get takes the
// replacement instead of asking the proxy; when go.mod does not mention it
// and c.AuthctlReplace names a checkout, replace is that directory and the
// version v0.0.0.
func (p *Project) requirements(c Choices, fw Framework, db Database) (out []Requirement, replace string) {
	want := func(mod, version string) {
		r, ok := p.requires[mod]
		old, replaced := p.replaced[mod]
		switch {
		case ok && !r.indirect:
			return
		case ok:
			version = r.version
		case replaced && mod == AuthctlModule:
			version = old
			if version == "" {
				version = anyVersion
			}
		case mod == AuthctlModule && c.AuthctlReplace != "":
			version, replace = anyVersion, c.AuthctlReplace
		}
		out = append(out, Requirement{Path: mod, Version: version})
	}
	want(AuthctlModule, c.AuthctlVersion)
	if fw.Module != "" {
		want(fw.Module, fw.Version)
	}
	want(db.DriverModule, db.DriverVersion)
	return out, replace
}

// anyVersion is the version required of a module that a replace directive
// for all its versions provides.
const anyVersion = "v0.0.0"

// clientDir is where auth-client.ts goes: src/lib when the project has a
// src folder (as the reference CLI), else lib.
func clientDir(p *Project) string {
	if fi, err := os.Stat(filepath.Join(p.Dir, "src")); err == nil && fi.IsDir() {
		return "src/lib"
	}
	return "lib"
}

// render executes the template variant of dir with data.
func render(dir, variant string, data any) ([]byte, error) {
	t, err := templates.Parse(dir, variant)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("rendering %s/%s: %w", dir, variant, err)
	}
	return b.Bytes(), nil
}

// renderGo renders a Go file and gofmt's it; a template that yields
// invalid Go is a bug caught here, before anything is written.
func renderGo(dir, variant string, data any) ([]byte, error) {
	src, err := render(dir, variant, data)
	if err != nil {
		return nil, err
	}
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("rendering %s/%s: invalid Go: %w", dir, variant, err)
	}
	return out, nil
}
