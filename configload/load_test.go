package configload

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// TestLoadErrors runs each broken project through a real build and checks
// that the error names the problem and the fix in the user's terms.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		files  map[string]string
		gomod  string // replaces the default go.mod when set ("-" = none)
		gosum  string // "-" = no go.sum
		opts   Options
		want   []string
		unwant []string
	}{
		{
			name:  "package main",
			files: map[string]string{"auth.go": authGo("main", "") + "\nfunc main() {}\n"},
			opts:  Options{Config: "auth.go"},
			want:  []string{"example.com/app is package main; the auth config must live in an importable package (for example lib/)"},
		},
		{
			name:  "package main found by discovery",
			files: map[string]string{"auth.go": authGo("main", "") + "\nfunc main() {}\n"},
			want:  []string{"no candidate declares the variable Auth\n  auth.go: declares Auth in package main, which is not an importable package\ntried auth.go, "},
		},
		{
			name: "no candidate declares the variable",
			files: map[string]string{
				"auth.go":               jwtHelpers,
				"internal/auth/auth.go": strings.Replace(authGo("auth", ""), "var Auth", "var Config", 1),
			},
			want: []string{"no candidate declares the variable Auth\n  auth.go: package main, exported variables: JWTSecret (Auth is a func)\n  internal/auth/auth.go: package auth, exported variables: Config\ntried auth.go, ", "or pass --config PATH"},
		},
		{
			name:  "no variable",
			files: map[string]string{"lib/auth.go": strings.Replace(authGo("lib", ""), "var Auth", "var Other", 1) + "var Second = 1\nvar unexported = 2\nfunc Auth() {}\n"},
			opts:  Options{Config: "lib"},
			want:  []string{"example.com/app/lib has no exported variable Auth; exported variables: Other, Second (pass --export NAME)"},
		},
		{
			name:  "no variable found by discovery",
			files: map[string]string{"lib/auth.go": strings.Replace(authGo("lib", ""), "var Auth", "var Other", 1) + "var Second = 1\nvar unexported = 2\nfunc Auth() {}\n"},
			want:  []string{"no candidate declares the variable Auth\n  lib/auth.go: package lib, exported variables: Other, Second (Auth is a func)\ntried "},
		},
		{
			name:  "wrong type",
			files: map[string]string{"lib/auth.go": "package lib\n\nimport \"github.com/authctl/authctl/core\"\n\nvar Auth = core.Options{}\n"},
			want:  []string{"example.com/app/lib.Auth has type github.com/authctl/authctl/core.Options, want *github.com/authctl/authctl/core.Auth (declare it as var Auth = core.New(core.Options{...}))"},
		},
		{
			name:  "compile error",
			files: map[string]string{"lib/auth.go": authGo("lib", "AppName: nope,\n\tBasePath: 3,")},
			want:  []string{"your auth config (example.com/app/lib) does not compile; fix these errors:\nlib/auth.go:13: undefined: nope", "\nlib/auth.go:14: cannot use 3"},
		},
		{
			name: "compile error in imported package",
			files: map[string]string{
				"lib/auth.go":    "package lib\n\nimport (\n\t\"example.com/app/names\"\n\t\"github.com/authctl/authctl/core\"\n)\n\nvar Auth = core.New(core.Options{AppName: names.App})\n",
				"names/names.go": "package names\n\nconst App = missing\n",
			},
			want: []string{"does not compile", "names/names.go:3: undefined: missing"},
		},
		{
			name:  "not in a module",
			gomod: "-",
			files: map[string]string{"lib/auth.go": authGo("lib", "")},
			want:  []string{`lib/auth.go is not in a Go module; run "go mod init" in your project`},
		},
		{
			name:  "broken go.mod",
			gomod: "module example.com/app\n\ngo 1.26.8\n\nfrobnicate everything\n",
			files: map[string]string{"lib/auth.go": authGo("lib", "")},
			want:  []string{"go.mod:5: unknown directive: frobnicate"},
		},
		{
			name:  "module does not require authctl",
			gomod: "module example.com/app\n\ngo 1.26.8\n",
			files: map[string]string{"lib/auth.go": authGo("lib", "")},
			want:  []string{`your module does not require github.com/authctl/authctl; run "go get github.com/authctl/authctl"`},
		},
		{
			name:   "replace to a missing directory",
			gomod:  "module example.com/app\n\ngo 1.26.8\n\nrequire github.com/authctl/authctl v0.0.0\n\nreplace github.com/authctl/authctl => ../missing\n",
			files:  map[string]string{"lib/auth.go": authGo("lib", "")},
			want:   []string{"the go command cannot build your auth config (example.com/app/lib):\nlib/auth.go:6: github.com/authctl/authctl@v0.0.0: replacement directory ../missing does not exist\nto fix it, correct or remove the replace directive at go.mod:7 (github.com/authctl/authctl => ../missing)"},
			unwant: []string{"does not require"},
		},
		{
			name:   "go.mod needs go mod tidy",
			gomod:  "module example.com/app\n\ngo 1.26.8\n\nrequire github.com/authctl/authctl v0.0.0\n\nreplace github.com/authctl/authctl => " + repoRoot(t) + "\n",
			files:  map[string]string{"lib/auth.go": authGo("lib", "")},
			want:   []string{"the go command cannot build your auth config (example.com/app/lib):\ngo: updates to go.mod needed; to update it:\n\tgo mod tidy\nto fix it, run \"go mod tidy\" in "},
			unwant: []string{"returned no package"},
		},
		{
			name:   "go.sum lacks entries",
			gosum:  "-",
			files:  map[string]string{"lib/auth.go": authGo("lib", "")},
			want:   []string{"the go command cannot build your auth config (example.com/app/lib):\n", "missing go.sum entry for module providing package golang.org/x/", "\nto fix it, run \"go get github.com/authctl/authctl/core@v0.0.0\" in "},
			unwant: []string{"does not require"},
		},
		{
			name:  "go not on PATH",
			files: map[string]string{"lib/auth.go": authGo("lib", "")},
			opts:  Options{Env: envNoGo(t)},
			want:  []string{"the go command was not found on PATH; install Go 1.26+ (authctl compiles your auth config with it)"},
		},
		{
			name:  "panic during init",
			files: map[string]string{"lib/auth.go": authGo("lib", "AppName: mustEnv(\"APP_NAME\"),") + "\nfunc mustEnv(k string) string {\n\tif v := os.Getenv(k); v != \"\" {\n\t\treturn v\n\t}\n\tpanic(k + \" is not set\")\n}\n"},
			opts:  Options{Env: withEnv(os.Environ(), "APP_NAME", "")},
			want:  []string{"your auth config panicked while loading: APP_NAME is not set (lib/auth.go:19)"},
		},
		{
			name: "panic in a plugin while writing the manifest",
			files: map[string]string{"lib/auth.go": "package lib\n\nimport \"github.com/authctl/authctl/core\"\n\ntype bad struct{ core.Plugin }\n\nfunc (bad) ID() string {\n\tvar m map[string]string\n\tm[\"x\"] = \"y\"\n\treturn \"\"\n}\n\n" +
				"var Auth = core.New(core.Options{Plugins: []core.Plugin{bad{}}})\n"},
			want: []string{"your auth config panicked while loading: assignment to entry in nil map (lib/auth.go:9)"},
		},
		{
			// core links net/http, and a binary with cgo's net resolver
			// never reports "all goroutines are asleep", so a config that
			// blocks in init ends at the run timeout.
			name:  "config blocks during init",
			files: map[string]string{"lib/auth.go": authGo("lib", "AppName: wait(),") + "\nfunc wait() string {\n\tvar ch chan string\n\treturn <-ch\n}\n"},
			opts:  Options{Timeout: 2 * time.Second},
			want:  []string{"your auth config (lib/auth.go) did not finish loading within 2s; loading must not wait on a database, the network or input"},
		},
		{
			name:  "nil variable",
			files: map[string]string{"lib/auth.go": "package lib\n\nimport \"github.com/authctl/authctl/core\"\n\nvar Auth *core.Auth\n"},
			want:  []string{"reading Auth from lib/auth.go: the auth variable is nil; initialise it with core.New(core.Options{...})"},
		},
		{
			name:  "log.Fatal during init",
			files: map[string]string{"lib/auth.go": authGo("lib", "") + "\nfunc init() { println(\"DATABASE_URL is not set\"); os.Exit(4) }\n"},
			want:  []string{"your auth config (lib/auth.go) exited with status 4 while loading:\nDATABASE_URL is not set"},
		},
		{
			name:   "os.Exit(0) during init",
			files:  map[string]string{"lib/auth.go": authGo("lib", "") + "\nfunc init() { println(\"nothing to do\"); os.Exit(0) }\n"},
			want:   []string{"your auth config (lib/auth.go) exited with status 0 while loading, before authctl could read Auth: code run during package initialisation called os.Exit; a config must not exit:\nnothing to do"},
			unwant: []string{"printed no manifest"},
		},
		{
			name: "invalid options, secret kept out",
			files: map[string]string{"lib/auth.go": authGo("lib", `Database: core.Database{Dialect: "oracle", URL: "oracle://u:hunter2@db"},
	Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: "nope"}},`)},
			want:   []string{"invalid auth config (lib/auth.go): database: unknown dialect \"oracle\" (use core.SQLite, core.Postgres or core.MySQL)\nadvanced.database.generateId: unknown strategy \"nope\""},
			unwant: []string{"hunter2"},
		},
		{
			name:  "unexported --export",
			files: map[string]string{"lib/auth.go": authGo("lib", "")},
			opts:  Options{Export: "auth"},
			want:  []string{`--export "auth" is not an exported Go identifier`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files := map[string]string{"go.mod": goMod(t, "example.com/app"), "go.sum": goSum(t)}
			switch c.gomod {
			case "":
			case "-":
				delete(files, "go.mod")
			default:
				files["go.mod"] = c.gomod
			}
			if c.gosum == "-" {
				delete(files, "go.sum")
			}
			for k, v := range c.files {
				files[k] = v
			}
			writeFiles(t, dir, files)
			o := c.opts
			o.Dir, o.CacheDir = dir, t.TempDir()
			cfg, err, _ := load(t, o)
			if err == nil {
				t.Fatalf("Load succeeded: %+v", cfg.Manifest)
			}
			t.Logf("error: %v", err)
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%s\nlacks:\n%s", err, w)
				}
			}
			for _, w := range c.unwant {
				if strings.Contains(err.Error(), w) {
					t.Errorf("error leaks %q:\n%s", w, err)
				}
			}
		})
	}
}

// fakeAuthctl builds a project whose github.com/authctl/authctl is a fake
// with the given core package: a library older or newer than this authctl.
func fakeAuthctl(t *testing.T, coreSrc string) string {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"fake/go.mod":       "module github.com/authctl/authctl\n\ngo 1.26.8\n",
		"fake/core/core.go": coreSrc,
		"app/go.mod":        "module example.com/app\n\ngo 1.26.8\n\nrequire github.com/authctl/authctl v0.0.0\n\nreplace github.com/authctl/authctl => ../fake\n",
		"app/lib/auth.go":   "package lib\n\nimport \"github.com/authctl/authctl/core\"\n\nvar Auth = core.New(core.Options{})\n",
	})
	return filepath.Join(root, "app")
}

func TestVersionSkew(t *testing.T) {
	t.Parallel()
	const head = "package core\n\nimport (\n\t\"fmt\"\n\t\"io\"\n)\n\ntype Options struct{}\ntype Auth struct{}\n\nfunc New(Options) *Auth { return &Auth{} }\n\nvar _ = fmt.Sprint\nvar _ io.Writer\n"
	cases := []struct{ name, core, want string }{
		{
			"newer manifest format",
			head + "func WriteJSON(w io.Writer, _ *Auth) error {\n\t_, err := fmt.Fprintln(w, `{\"formatVersion\":99,\"database\":{\"url\":\"postgres://u:hunter2@db\"},\"schema\":{\"Tables\":[{\"Key\":\"x\"}],\"future\":true}}`)\n\treturn err\n}\n",
			"the auth library in your project speaks manifest format 99, this authctl understands 1; align versions (",
		},
		{
			"no WriteJSON",
			head,
			"the auth library in your project does not match this authctl (undefined: core.WriteJSON); align versions (",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err, _ := load(t, Options{Dir: fakeAuthctl(t, c.core), CacheDir: t.TempDir()})
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("error = %v\nwant %s", err, c.want)
			}
		})
	}
}

// TestDotEnvPrecedence: .env.local overrides .env, the process environment
// overrides both, and the loader sees the merged environment.
func TestDotEnvPrecedence(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{
		"lib/auth.go": authGo("lib", `AppName: "app",
	Database: core.Postgres(os.Getenv("A") + "|" + os.Getenv("B") + "|" + os.Getenv("C")),`) +
			"\nfunc init() { println(\"init output on stderr is fine\") }\n",
		".env":       "A=env\nB=env\nC=env\n",
		".env.local": "B=local\nC=local\n",
	})
	env := append(removeEnv(removeEnv(removeEnv(os.Environ(), "A"), "B"), "C"), "C=process")
	cfg := mustLoad(t, Options{Dir: dir, CacheDir: t.TempDir(), Env: env})
	if got := cfg.Manifest.Database.URL; got != "env|local|process" {
		t.Errorf("URL = %q, want env|local|process", got)
	}
	if getenv(cfg.Env, "B") != "local" || getenv(cfg.Env, "C") != "process" {
		t.Errorf("Config.Env B=%q C=%q", getenv(cfg.Env, "B"), getenv(cfg.Env, "C"))
	}
}

func removeEnv(env []string, key string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// TestCacheHitDoesNotRunGo: the second Load finds no go on PATH and still
// succeeds from the cache, which proves a hit never starts the go command.
func TestCacheHitDoesNotRunGo(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"lib/auth.go": authGo("lib", `Database: core.SQLite("x.db"), Plugins: []core.Plugin{plugins.TwoFactor()},`)})
	cache := t.TempDir()
	var progress bytes.Buffer
	first, err, cold := load(t, Options{Dir: dir, CacheDir: cache, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if first.CacheHit || progress.String() != "Compiling auth config lib/auth.go…\n" {
		t.Fatalf("first Load: CacheHit=%v progress=%q", first.CacheHit, progress.String())
	}
	progress.Reset()
	second, err, hit := load(t, Options{Dir: dir, CacheDir: cache, Progress: &progress, Env: envNoGo(t)})
	if err != nil {
		t.Fatalf("second Load without go: %v", err)
	}
	if !second.CacheHit || progress.Len() != 0 {
		t.Fatalf("second Load: CacheHit=%v progress=%q", second.CacheHit, progress.String())
	}
	if tableNames(second) != tableNames(first) || tableNames(second) != "user,session,account,verification,twoFactor" {
		t.Errorf("tables %s vs %s", tableNames(second), tableNames(first))
	}
	third := mustLoad(t, Options{Dir: dir, CacheDir: cache})
	if !third.CacheHit {
		t.Error("third Load (go back on PATH) missed the cache")
	}
	t.Logf("miss %v, hit without go %v", cold.Round(1e6), hit.Round(1e6))
}

// TestCacheInvalidation edits the config and then a file of a local
// replace target; each edit must rebuild and show the new value.
func TestCacheInvalidation(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"shared/go.mod":     "module example.com/shared\n\ngo 1.26.8\n",
		"shared/names.go":   "package shared\n\nconst Name = \"one\"\n",
		"shared/README.txt": "not a build input\n",
		"app/go.mod":        goMod(t, "example.com/app") + "\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../shared\n",
		"app/go.sum":        goSum(t),
		"app/lib/auth.go":   "package lib\n\nimport (\n\t\"example.com/shared\"\n\t\"github.com/authctl/authctl/core\"\n)\n\nvar Auth = core.New(core.Options{Database: core.SQLite(shared.Name)})\n",
	})
	dir, cache := filepath.Join(root, "app"), t.TempDir()
	step := func(wantHit bool, wantURL string) {
		t.Helper()
		cfg := mustLoad(t, Options{Dir: dir, CacheDir: cache})
		if cfg.CacheHit != wantHit || cfg.Manifest.Database.URL != wantURL {
			t.Fatalf("CacheHit=%v URL=%q, want %v %q", cfg.CacheHit, cfg.Manifest.Database.URL, wantHit, wantURL)
		}
	}
	step(false, "one")
	step(true, "one")
	writeFiles(t, root, map[string]string{"app/lib/auth.go": "package lib\n\nimport (\n\t\"example.com/shared\"\n\t\"github.com/authctl/authctl/core\"\n)\n\nvar Auth = core.New(core.Options{Database: core.SQLite(shared.Name + \"-edited\")})\n"})
	step(false, "one-edited")
	writeFiles(t, root, map[string]string{"shared/names.go": "package shared\n\nconst Name = \"two\"\n"})
	step(false, "two-edited")
	writeFiles(t, root, map[string]string{"shared/README.txt": "edited, still not a build input\n", "app/lib/auth_test.go": "package lib\n"})
	step(true, "two-edited")
}

// TestConfigDirAndExport loads --config DIR with --export, from a project
// whose discovery would find nothing, and checks the reported file.
func TestConfigDirAndExport(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{
		"internal/authcfg/a.go":    "package authcfg\n\nconst x = 1\n",
		"internal/authcfg/conf.go": strings.Replace(authGo("authcfg", `Database: core.MySQL("")`), "var Auth", "var Main", 1),
	})
	cfg := mustLoad(t, Options{Dir: dir, Config: filepath.Join(dir, "internal/authcfg"), Export: "Main", CacheDir: t.TempDir()})
	if cfg.Path != filepath.Join(dir, "internal/authcfg/conf.go") || cfg.Package != "example.com/app/internal/authcfg" {
		t.Errorf("Path=%s Package=%s", cfg.Path, cfg.Package)
	}
	if cfg.Manifest.Database.Dialect != core.DialectMySQL || cfg.Dir != dir {
		t.Errorf("dialect %q dir %s", cfg.Manifest.Database.Dialect, cfg.Dir)
	}
	if _, err, _ := load(t, Options{Dir: dir}); !errors.Is(err, ErrNotFound) {
		t.Errorf("discovery: %v, want ErrNotFound", err)
	}
}

// TestLoadSkipsForeignAuthGo: a Go project's own auth.go files (a main
// package at the root, JWT helpers in internal/auth) come earlier on the
// discovery path than lib/auth.go, which holds the config; Load reads
// lib/auth.go, with the default variable and with --export.
func TestLoadSkipsForeignAuthGo(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{
		"auth.go":               jwtHelpers,
		"internal/auth/auth.go": "package auth\n\nvar Secret = []byte(\"x\")\n\nfunc Check(token string) bool { return token != \"\" }\n",
		"lib/auth.go":           authGo("lib", `Database: core.SQLite("lib.db")`),
		"src/lib/auth.go":       strings.Replace(authGo("lib", `Database: core.SQLite("src.db")`), "var Auth", "var Main", 1),
	})
	cache := t.TempDir()
	cfg := mustLoad(t, Options{Dir: dir, CacheDir: cache})
	if cfg.Path != filepath.Join(dir, "lib/auth.go") || cfg.Package != "example.com/app/lib" || cfg.Manifest.Database.URL != "lib.db" {
		t.Errorf("Path=%s Package=%s URL=%q", cfg.Path, cfg.Package, cfg.Manifest.Database.URL)
	}
	cfg = mustLoad(t, Options{Dir: dir, CacheDir: cache, Export: "Main"})
	if cfg.Path != filepath.Join(dir, "src/lib/auth.go") || cfg.Manifest.Database.URL != "src.db" {
		t.Errorf("--export Main: Path=%s URL=%q", cfg.Path, cfg.Manifest.Database.URL)
	}
}
