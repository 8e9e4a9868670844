package configload

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
	"golang.org/x/mod/modfile"
)

// Options says where the config is and how to load it. The zero value
// discovers the config under the process cwd.
type Options struct {
	Dir      string    // --cwd; "" = process cwd. Relative paths are relative to the process cwd.
	Config   string    // --config: a file (auth.go) or a package directory; tried relative to the process cwd first, then relative to Dir. "" = discovery.
	Export   string    // --export: variable name, default "Auth".
	CacheDir string    // default $AUTHCTL_CACHE_DIR, else os.UserCacheDir()+"/authctl"
	Env      []string  // environment for `go` and the loader; nil = os.Environ()
	Progress io.Writer // optional: one line on a cache miss, before compiling; nil = silent
	// Timeout bounds the run of the compiled loader (the config's package
	// initialisation), not the build. Default 30s.
	Timeout time.Duration
	// Loader is LoaderAuto (""), LoaderStatic or LoaderCompiled (--loader):
	// auto reads a literal config from its syntax when the static reader
	// is certain to agree with the compiled loader, and compiles it
	// otherwise; static never compiles; compiled never reads statically.
	Loader string
}

// Config is a loaded auth config.
type Config struct {
	Path     string        // absolute path of the config file found
	Dir      string        // absolute project dir (Options.Dir resolved)
	Package  string        // import path of the config package
	Env      []string      // environment after .env/.env.local loading (what the loader ran with)
	Manifest core.Manifest // decoded from the loader; Manifest.Schema non-nil on success
	CacheHit bool
	Static   bool // read by the static reader, without the go command
}

// DefaultExport is the config variable's name when Options.Export is "".
const DefaultExport = "Auth"

// Load finds the config, evaluates it and returns its manifest. A cached
// loader is used when the sources are unchanged, without running the go
// command; otherwise the config is type-checked, a loader is built and
// cached, and then run.
func Load(ctx context.Context, o Options) (*Config, error) {
	env := o.Env
	if env == nil {
		env = os.Environ()
	}
	export := o.Export
	if export == "" {
		export = DefaultExport
	}
	if !token.IsIdentifier(export) || !token.IsExported(export) {
		return nil, fmt.Errorf("--export %q is not an exported Go identifier; name a package-level variable that starts with an upper-case letter", export)
	}
	dir, err := projectDir(o.Dir)
	if err != nil {
		return nil, err
	}
	found, _, err := FindExport(dir, o.Config, export)
	if err != nil {
		return nil, err
	}
	pkgDir, cfgPath := found, found
	if fi, err := os.Stat(found); err == nil && fi.IsDir() {
		if f := declaringFile(found, export); f != "" {
			cfgPath = f
		}
	} else {
		pkgDir = filepath.Dir(found)
	}
	cfgRel := relPos(cfgPath, dir, dir)

	runEnv, err := loadDotEnv(dir, env)
	if err != nil {
		return nil, fmt.Errorf("loading .env files: %w", err)
	}
	modRoot, modPath, err := findModule(pkgDir, cfgRel)
	if err != nil {
		return nil, err
	}
	pkgRel, err := filepath.Rel(modRoot, pkgDir)
	if err != nil {
		return nil, err
	}
	pkgRel = filepath.ToSlash(pkgRel)
	pkgPath := modPath
	if pkgRel != "." {
		pkgPath += "/" + pkgRel
	}
	t := target{modRoot: modRoot, dir: dir, pkgDir: pkgDir, pkgRel: pkgRel, pkgPath: pkgPath, export: export, env: env}
	c := &Config{Path: cfgPath, Dir: dir, Package: pkgPath, Env: runEnv}

	switch o.Loader {
	case "", LoaderAuto, LoaderStatic:
		line, err := readStatic(t, runEnv)
		if err == nil {
			// The compiled loader's line, decoded as run decodes it.
			m, err := decodeManifest(line, cfgRel)
			c.Manifest, c.Static = m, true
			return result(c, err)
		}
		if o.Loader == LoaderStatic {
			return nil, fmt.Errorf("--loader static cannot read %s: %v; use --loader auto (the default) to compile it instead", cfgRel, err)
		}
	case LoaderCompiled:
	default:
		return nil, fmt.Errorf("--loader %q: use %s, %s or %s", o.Loader, LoaderAuto, LoaderStatic, LoaderCompiled)
	}

	root, err := cacheDir(o, env)
	if err != nil {
		return nil, fmt.Errorf("finding the cache directory: %w; set AUTHCTL_CACHE_DIR", err)
	}
	cache := loaderCache{dir: filepath.Join(root, "loaders")}
	source, err := sourceKey(keyInput{env: env, modRoot: modRoot, pkgRel: pkgRel, export: export})
	if err != nil {
		return nil, fmt.Errorf("hashing the project for the loader cache: %w", err)
	}
	goBin := lookGo(env)
	var key string
	if goBin != "" {
		if key, err = loaderKey(source, goBin); err != nil {
			return nil, fmt.Errorf("reading the go command %s: %w", goBin, err)
		}
	} else {
		// Without go nothing can be built, but a loader built earlier from
		// these exact sources is still a faithful evaluation of them.
		key = cache.lastKey(source)
	}

	if key != "" {
		if bin, ok := cache.lookup(key); ok {
			m, err := run(ctx, bin, t, cfgRel, runEnv, o.Timeout)
			if !errors.Is(err, errStart) {
				c.Manifest, c.CacheHit = m, true
				return result(c, err)
			}
			os.Remove(bin) // unrunnable: rebuild it below
		}
	}
	if goBin == "" {
		return nil, errors.New("the go command was not found on PATH; install Go 1.26+ (authctl compiles your auth config with it)")
	}
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "Compiling auth config %s…\n", cfgRel)
	}
	tmp, goEnv, err := newTempDir(env)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	t.env = goEnv
	if err := check(ctx, t, goBin); err != nil {
		return nil, err
	}
	bin, err := build(ctx, t, goBin, tmp, cache, key)
	if err != nil {
		return nil, err
	}
	_ = cache.setLast(source, key) // best-effort: only the go-less fallback reads it
	cache.prune(time.Now())
	m, err := run(ctx, bin, t, cfgRel, runEnv, o.Timeout)
	c.Manifest = m
	return result(c, err)
}

func result(c *Config, err error) (*Config, error) {
	if err != nil {
		return nil, err
	}
	return c, nil
}

// findModule returns the nearest go.mod's directory upward from dir and
// the module path it declares.
func findModule(dir, cfgRel string) (root, modPath string, err error) {
	for d := dir; ; {
		p := filepath.Join(d, "go.mod")
		data, err := os.ReadFile(p)
		if err == nil {
			mp := modfile.ModulePath(data)
			if mp == "" {
				return "", "", fmt.Errorf("%s has no module line; fix it or run \"go mod init\" in your project", p)
			}
			return d, mp, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return "", "", fmt.Errorf("%s is not in a Go module; run \"go mod init\" in your project", strings.TrimSuffix(cfgRel, "/"))
}
