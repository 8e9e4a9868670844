package configload

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/templates"
)

// The static reader's differential tests: every config the static reader
// accepts must give the manifest the compiled loader gives, byte for byte.

func manifestJSON(t testing.TB, m core.Manifest) string {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestStaticFixtures runs both readers on every fixture project of the
// repository and on examples/basic: the literal ones must be read
// statically and agree with the compiled loader; the others fall back.
func TestStaticFixtures(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(repoRoot(t), "testdata", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	// Not literals: a package of its own, a function building the options,
	// a SecondaryStorage type with methods.
	fallsBack := map[string]bool{"customplugin": true, "migrate": true, "secondary": true}
	dirs := map[string]string{"examples/basic": filepath.Join(repoRoot(t), "examples", "basic")}
	for _, e := range entries {
		if e.IsDir() {
			dirs[e.Name()] = copyFixture(t, e.Name())
		}
	}
	cache := t.TempDir()
	env := append(os.Environ(), "DATABASE_URL=postgres://u:p@h/db", "BETTER_AUTH_URL=http://localhost:3000")
	for name, dir := range dirs {
		st, serr, _ := load(t, Options{Dir: dir, CacheDir: cache, Env: env, Loader: LoaderStatic})
		if fallsBack[name] {
			if serr == nil {
				t.Errorf("%s: the static reader read a config it should not", name)
			}
			c, err, _ := load(t, Options{Dir: dir, CacheDir: cache, Env: env, Loader: LoaderAuto})
			if err != nil || c.Static {
				t.Errorf("%s: auto: %v (static %v)", name, err, c != nil && c.Static)
			}
			continue
		}
		if serr != nil {
			t.Errorf("%s: the static reader declined: %v", name, serr)
			continue
		}
		co, err, _ := load(t, Options{Dir: dir, CacheDir: cache, Env: env, Loader: LoaderCompiled})
		if err != nil {
			t.Fatalf("%s: compiled: %v", name, err)
		}
		if !st.Static || co.Static {
			t.Errorf("%s: Static = %v/%v", name, st.Static, co.Static)
		}
		if a, b := manifestJSON(t, st.Manifest), manifestJSON(t, co.Manifest); a != b || !reflect.DeepEqual(st.Manifest, co.Manifest) {
			t.Errorf("%s: static and compiled manifests differ:\nstatic:   %s\ncompiled: %s", name, a, b)
		}
		if st.Path != co.Path || st.Package != co.Package || st.Dir != co.Dir {
			t.Errorf("%s: static %s %s, compiled %s %s", name, st.Path, st.Package, co.Path, co.Package)
		}
	}
}

// variants are Options bodies the static reader must read exactly as the
// compiled loader does. Each becomes a variable V<n> of one package.
func staticVariants() []string {
	v := []string{
		``,
		`Database: core.SQLite("./x.db")`,
		`Database: core.Postgres(os.Getenv("DATABASE_URL") + "?sslmode=disable"), AppName: os.Getenv("APP_NAME")`,
		`Database: core.MySQL(os.Getenv("UNSET_VAR_FOR_TEST")), EmailAndPassword: core.EmailAndPassword{Enabled: os.Getenv("FROM_DOTENV") == "dotenv", AutoSignIn: core.Bool(false)}`,
		`Database: core.Database{Dialect: os.Getenv("DIALECT_FROM_ENV"), URL: "x", Schema: "auth"}`,
		`Database: core.Database{Dialect: "pg", Schema: "auth", Adapter: core.Adapter{Name: core.AdapterDrizzle, UsePlural: true, CamelCase: true, SchemaName: "s", DrizzleRelations: "v2"}}`,
		`Database: core.Database{Dialect: "sqlite", Adapter: core.Adapter{DrizzleRelations: os.Getenv("DIALECT_FROM_ENV") + "x"}}`,
		`Database: core.Database{Dialect: core.DialectSQLite, Schema: "auth"}`, // a configuration error
		`Database: core.Database{Dialect: "oracle"}`,
		`Database: core.Database{Adapter: core.Adapter{Name: "nope"}}`,
		`RateLimit: core.RateLimitOptions{Storage: "disk"}`,
		`Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: "weird"}}`,
		`RateLimit: core.RateLimitOptions{Storage: core.RateLimitDatabase, ModelName: "limits", Fields: map[string]string{"key": "k", "count": "n"}, Window: 10 * time.Second, Max: 100 / 3,
			CustomRules: map[string]*core.RateLimitRule{"/sign-in/email": {Window: time.Minute / 2, Max: 3}, "/x/*": nil, "/y": &core.RateLimitRule{Max: 'a'}}}`,
		`SecondaryStorage: nil, Session: core.SessionOptions{StoreSessionInDatabase: true, PreserveSessionInDatabase: true, ExpiresIn: 7 * 24 * time.Hour, ModelName: "sess", Fields: map[string]string{"token": "tok"},
			AdditionalFields: []core.Field{{Name: "device", Type: core.TypeString, Required: core.Optional}}}`,
		`Verification: core.VerificationOptions{ModelName: "verif", StoreInDatabase: true, Fields: map[string]string{"value": "val"}, AdditionalFields: []core.Field{{Name: "tries", Type: core.TypeNumber, Default: 0}}}`,
		`User: core.UserOptions{ModelName: prefix + "users", Fields: renames}, Account: core.AccountOptions{ModelName: prefix + "accounts", Fields: renames}`,
		`User: core.UserOptions{AdditionalFields: extra}, Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{Teams: true})}`,
		`User: core.UserOptions{AdditionalFields: []core.Field{
			{Name: "s", Type: core.TypeString, Default: "d", Unique: true, Sortable: true, Column: "s_col"},
			{Name: "n", Type: core.TypeNumber, Default: 42, BigInt: true, Index: true},
			{Name: "f", Type: core.TypeNumber, Default: 1.5, Required: core.Optional},
			{Name: "neg", Type: core.TypeNumber, Default: -7},
			{Name: "b", Type: core.TypeBoolean, Default: false},
			{Name: "d", Type: core.TypeDate, Default: core.Now, OnUpdateNow: true},
			{Name: "j", Type: core.TypeJSON, Required: core.Optional},
			{Name: "sa", Type: core.TypeStringArray, Required: core.Optional},
			{Name: "na", Type: core.TypeNumberArray, Required: core.Optional},
			{Name: "e", Type: core.TypeEnum, Enum: []string{"a", "b"}, Default: "a"},
			{Name: "r", Type: core.TypeString, References: &core.Reference{Model: "user", Field: "id", OnDelete: core.SetNull}, Required: core.Optional, Input: core.Bool(false), Returned: core.Bool(true)},
			{Name: "r2", Type: core.TypeString, References: &core.Reference{Model: "session", Field: "id", OnDelete: core.Restrict}},
			{Name: "r3", Type: core.TypeString, References: &core.Reference{Model: "external_table", Field: "id", OnDelete: core.NoAction}},
			{Name: "r4", Type: core.TypeString, References: &core.Reference{Model: "user", Field: "id", OnDelete: core.SetDefault}, Default: "x"},
			{Name: "email", Type: core.TypeString, Unique: true, Column: "mail"},
		}}`,
		`User: core.UserOptions{AdditionalFields: []core.Field{{Name: "bad", Type: "text"}, {Name: "j", Type: core.TypeJSON, Index: true}}}`, // errors
		`User: core.UserOptions{AdditionalFields: []core.Field{{Name: "c", Type: core.TypeNumber, Default: 'x'}, {Name: "big", Type: core.TypeNumber, Default: 1e3}}}`,
		`Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: idKind}}, Database: core.Postgres("")`,
		`Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDSerial}}, Database: core.MySQL(""), Plugins: everyPlugin`,
		`Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDUUID}}, Database: core.SQLite(""), Plugins: everyPlugin`,
		`Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDString}, CookiePrefix: "c", IPAddress: core.IPAddressOptions{Headers: []string{"x-real-ip"}, IPv6Subnet: 48}}, Plugins: everyPlugin`,
		`Plugins: []core.Plugin{plugins.TwoFactor(), plugins.TwoFactor()}`,
		`Plugins: []core.Plugin{plugins.TwoFactor(plugins.TwoFactorOptions{}, plugins.TwoFactorOptions{})}`,
		`Plugins: []core.Plugin{nil, plugins.Username(plugins.UsernameOptions{})}`,
		`AppName: "a" + "b" + appName, BasePath: "/auth", Secret: "s", Production: !false && true, TrustedOrigins: []string{"https://*.example.com"}`,
	}
	for _, name := range pluginNames() {
		v = append(v, "Plugins: []core.Plugin{plugins."+name+"()}")
		if opts, ok := everyOption(name); ok {
			v = append(v, "Plugins: []core.Plugin{plugins."+name+"("+opts+")}")
		}
	}
	return v
}

const variantHeader = `package variants

import (
	"os"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

const prefix = "app_"

const appName string = "name"

const idKind = core.IDUUID

var renames = map[string]string{"userId": "user_id", "createdAt": "created_at"}

var extra = []core.Field{{Name: "plan", Type: core.TypeString, Default: "free"}, {Name: "seats", Type: core.TypeNumber, Default: 5 * 2}}

var _ = time.Second
`

func pluginNames() []string {
	var names []string
	for n, m := range staticPackages[corePkgPath+"/plugins"] {
		if m.fn.IsValid() {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// everyOption renders plugins.<name>Options with every field set.
func everyOption(name string) (string, bool) {
	m, ok := staticPackages[corePkgPath+"/plugins"][name+"Options"]
	if !ok {
		return "", false
	}
	s, ok := literalOf(m.typ, name, 0)
	return s, ok
}

// typeName is how a config spells t, or "".
func typeName(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name()
		}
		if t == reflect.TypeFor[time.Duration]() {
			return "time.Duration"
		}
		for _, pkg := range []string{corePkgPath, corePkgPath + "/plugins"} {
			for n, m := range staticPackages[pkg] {
				if m.typ == t {
					return staticImports[pkg] + "." + n
				}
			}
		}
		return ""
	}
	switch t.Kind() {
	case reflect.Slice:
		if e := typeName(t.Elem()); e != "" {
			return "[]" + e
		}
	case reflect.Map:
		if k, e := typeName(t.Key()), typeName(t.Elem()); k != "" && e != "" {
			return "map[" + k + "]" + e
		}
	case reflect.Pointer:
		if e := typeName(t.Elem()); e != "" {
			return "*" + e
		}
	}
	return ""
}

// literalOf renders a non-zero value of t, or false when a config cannot
// write one (funcs, interfaces, unnameable types).
func literalOf(t reflect.Type, field string, depth int) (string, bool) {
	if depth > 4 {
		return "", false
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true", true
	case reflect.String:
		return fmt.Sprintf("%q", strings.ToLower(field[:1])+field[1:]+"X"), true
	case reflect.Int, reflect.Int64, reflect.Int32:
		if t == reflect.TypeFor[time.Duration]() {
			return "2 * time.Hour", true
		}
		return "3", true
	case reflect.Float64:
		return "1.5", true
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Bool {
			return "core.Bool(false)", true
		}
		if s, ok := literalOf(t.Elem(), field, depth+1); ok && t.Elem().Kind() == reflect.Struct {
			return "&" + s, true
		}
	case reflect.Slice:
		name := typeName(t)
		if e, ok := literalOf(t.Elem(), field, depth+1); ok && name != "" {
			return name + "{" + e + "}", true
		}
	case reflect.Map:
		name := typeName(t)
		k, ok1 := literalOf(t.Key(), field, depth+1)
		e, ok2 := literalOf(t.Elem(), field, depth+1)
		if name != "" && ok1 && ok2 {
			if t.Key().Kind() == reflect.String && strings.Contains(name, "Schema") {
				k = `"user"`
			}
			return name + "{" + k + ": " + e + "}", true
		}
	case reflect.Struct:
		name := typeName(t)
		if name == "" {
			return "", false
		}
		var parts []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if s, ok := literalOf(f.Type, f.Name, depth+1); ok {
				parts = append(parts, f.Name+": "+s)
			}
		}
		return name + "{" + strings.Join(parts, ", ") + "}", true
	}
	return "", false
}

// dumpMain is the compiled side for the variants: what the loader does,
// core.WriteJSON of each variable, in one program.
func dumpMain(n int) string {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/authctl/authctl/core\"\n\tv \"example.com/app/variants\"\n)\n\nfunc main() {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\tif err := core.WriteJSON(os.Stdout, v.V%03d); err != nil {\n\t\tpanic(err)\n\t}\n", i)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestStaticVariants reads generated variants (every plugin with and
// without every option, renames, additional fields of every type, id
// strategies, dialects, env-dependent values, package constants and helper
// variables, configuration errors) with the static reader and with a
// compiled program doing what the loader does, and requires identical
// manifests.
func TestStaticVariants(t *testing.T) {
	variants := staticVariants()
	var src strings.Builder
	src.WriteString(variantHeader)
	for i, v := range variants {
		fmt.Fprintf(&src, "\nvar V%03d = core.New(core.Options{%s})\n", i, v)
	}
	src.WriteString("\nvar everyPlugin = []core.Plugin{")
	for _, n := range pluginNames() {
		src.WriteString("plugins." + n + "(), ")
	}
	src.WriteString("}\n")
	dir := newModule(t, map[string]string{
		"variants/auth.go": src.String(),
		"dump/main.go":     dumpMain(len(variants)),
		".env":             "FROM_DOTENV=dotenv\nDIALECT_FROM_ENV=pg\nAPP_NAME=from-dotenv\n",
		".env.local":       "APP_NAME=from-local\n",
	})
	env := append(os.Environ(), "DATABASE_URL=postgres://u:p@h/db")
	runEnv, err := loadDotEnv(dir, env)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "./dump")
	cmd.Dir, cmd.Env = dir, runEnv
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("compiled side: %v\n%s", err, stderr.String())
	}
	const cfgRel = "variants/auth.go"
	var compiled []core.Manifest
	var compiledErr []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		m, err := decodeManifest(sc.Bytes(), cfgRel)
		compiled = append(compiled, m)
		compiledErr = append(compiledErr, fmt.Sprint(err))
	}
	if len(compiled) != len(variants) {
		t.Fatalf("compiled %d manifests, want %d", len(compiled), len(variants))
	}
	errs, nplugins := 0, 0
	for i, v := range variants {
		c, err, _ := load(t, Options{Dir: dir, Config: "variants", Export: fmt.Sprintf("V%03d", i), Env: env, Loader: LoaderStatic})
		if err != nil {
			if err.Error() != compiledErr[i] {
				t.Errorf("V%03d {%s}: static: %v\ncompiled: %s", i, v, err, compiledErr[i])
			}
			if strings.HasPrefix(err.Error(), "--loader static") {
				t.Errorf("V%03d: the static reader declined: %v", i, err)
			}
			errs++
			continue
		}
		if compiledErr[i] != "<nil>" {
			t.Errorf("V%03d: static read it, compiled: %s", i, compiledErr[i])
		}
		if a, b := manifestJSON(t, c.Manifest), manifestJSON(t, compiled[i]); a != b || !reflect.DeepEqual(c.Manifest, compiled[i]) {
			t.Errorf("V%03d {%s}: manifests differ:\nstatic:   %s\ncompiled: %s", i, v, a, b)
		}
		nplugins += len(c.Manifest.Plugins)
	}
	t.Logf("%d variants agree (%d with a configuration error, %d plugin instances)", len(variants), errs, nplugins)
	if errs == 0 || errs == len(variants) {
		t.Errorf("%d of %d variants have errors: the variants do not cover both", errs, len(variants))
	}
}

// TestStaticFallsBack: what the reader does not understand with certainty,
// it leaves to the compiled loader; what does not compile, it never reads.
func TestStaticFallsBack(t *testing.T) {
	const hdr = "package lib\n\nimport \"github.com/authctl/authctl/core\"\n\n"
	const hdrTime = "package lib\n\nimport (\n\t\"time\"\n\n\t\"github.com/authctl/authctl/core\"\n)\n\n"
	cases := []struct {
		name, src, reason string
		compiles          bool
	}{
		{"func value", "package lib\n\nimport (\n\t\"github.com/authctl/authctl/core\"\n\t\"github.com/authctl/authctl/core/plugins\"\n)\n\nvar p = plugins.Bearer\n\nvar Auth = core.New(core.Options{Plugins: []core.Plugin{p()}})\n", "selector Bearer", true},
		{"function decl", hdr + "func name() string { return \"x\" }\n\nvar Auth = core.New(core.Options{AppName: name()})\n", "declares a function", true},
		{"init", hdr + "func init() {}\n\nvar Auth = core.New(core.Options{})\n", "declares a function", true},
		{"type decl", hdr + "type s struct{}\n\nvar Auth = core.New(core.Options{})\n", "declares a type", true},
		{"method", hdr + "var Auth = core.New(core.New(core.Options{}).Options())\n", "method call", true},
		{"unknown core function", hdr + "var Auth = core.New(core.Options{Plugins: core.NoSuch()})\n", "not known", false},
		{"other import", "package lib\n\nimport (\n\t\"strings\"\n\n\t\"github.com/authctl/authctl/core\"\n)\n\nvar Auth = core.New(core.Options{AppName: strings.ToUpper(\"x\")})\n", "imports strings", true},
		{"build tag", "//go:build !nope\n\n" + hdr + "var Auth = core.New(core.Options{})\n", "build constraint", true},
		{"shift", hdr + "var Auth = core.New(core.Options{RateLimit: core.RateLimitOptions{Max: 1 << 3}})\n", "operator <<", true},
		{"field of a variable", hdr + "var o = core.Options{AppName: \"a\"}\n\nvar Auth = core.New(core.Options{AppName: o.AppName})\n", "selector", true},
		{"unknown field", hdr + "var Auth = core.New(core.Options{Nope: 1})\n", "no field Nope", false},
		{"wrong type", hdr + "var Auth = core.New(core.Options{AppName: 3})\n", "cannot use constant", false},
		{"named string from string", "package lib\n\nimport (\n\t\"os\"\n\n\t\"github.com/authctl/authctl/core\"\n)\n\nvar Auth = core.New(core.Options{Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: os.Getenv(\"X\")}}})\n", "not assignable", false},
		{"unused import", "package lib\n\nimport (\n\t\"os\"\n\n\t\"github.com/authctl/authctl/core\"\n)\n\nvar Auth = core.New(core.Options{})\n", "not used", false},
		{"duplicate key", hdr + "var Auth = core.New(core.Options{User: core.UserOptions{Fields: map[string]string{\"a\": \"b\", \"a\": \"c\"}}})\n", "duplicate map key", false},
		{"duplicate field", hdr + "var Auth = core.New(core.Options{AppName: \"a\", AppName: \"b\"})\n", "struct literal key", false},
		{"overflow", hdr + "var Auth = core.New(core.Options{RateLimit: core.RateLimitOptions{Max: 99999999999999999999}})\n", "overflows", false},
		{"truncated", hdrTime + "var Auth = core.New(core.Options{Session: core.SessionOptions{ExpiresIn: 1.5 * time.Nanosecond}})\n", "not an integer", false},
		{"undefined", hdr + "var Auth = core.New(core.Options{})\n\nvar x = y\n", "unknown identifier y", false},
		{"mismatched", hdrTime + "var Auth = core.New(core.Options{RateLimit: core.RateLimitOptions{Max: 2 * time.Second}})\n", "not assignable", false},
		{"not an Auth", hdr + "var Auth = core.Options{}\n", "not a *core.Auth", false},
		{"cycle", hdr + "var Auth = core.New(core.Options{AppName: a})\n\nvar a = b\n\nvar b = a\n", "cycle", false},
		{"import shadowed", hdr + "var core = 1\n\nvar Auth = core.New(core.Options{})\n", "both an import and a declaration", false},
		{"untyped nil", hdr + "var x = nil\n\nvar Auth = core.New(core.Options{})\n", "untyped nil", false},
		{"elided type", hdr + "var Auth = core.New({})\n", "parsing", false},
		{"wrong arity", hdr + "var Auth = core.New()\n", "number of arguments", false},
	}
	for _, c := range cases {
		dir := newModule(t, map[string]string{"lib/auth.go": c.src})
		_, err, _ := load(t, Options{Dir: dir, Loader: LoaderStatic})
		if err == nil {
			t.Errorf("%s: the static reader read it", c.name)
		} else if !strings.Contains(err.Error(), c.reason) {
			t.Errorf("%s: %v, want a reason with %q", c.name, err, c.reason)
		}
		if testing.Short() {
			continue
		}
		cfg, err, _ := load(t, Options{Dir: dir, Loader: LoaderAuto})
		if (err == nil) != c.compiles {
			t.Errorf("%s: auto: err = %v, want compiles=%v", c.name, err, c.compiles)
		} else if err == nil && cfg.Static {
			t.Errorf("%s: auto read it statically", c.name)
		}
	}
}

// TestStaticNoGo: the static reader never starts the go command.
func TestStaticNoGo(t *testing.T) {
	dir := copyFixture(t, "serial")
	env := append(envNoGo(t), "DATABASE_URL=mysql://x")
	c, err, took := load(t, Options{Dir: dir, Env: env, CacheDir: t.TempDir(), Loader: LoaderAuto})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Static || c.Manifest.Database.URL != "mysql://x" || tableNames(c) != "user,session,account,verification,twoFactor,rateLimit" {
		t.Fatalf("static %v, url %q, tables %s", c.Static, c.Manifest.Database.URL, tableNames(c))
	}
	t.Logf("read in %v", took)
	if _, err, _ := load(t, Options{Dir: dir, Env: env, Loader: "fast"}); err == nil || !strings.Contains(err.Error(), "--loader") {
		t.Fatalf("bad --loader: %v", err)
	}
}

// BenchmarkStaticRead is the whole Load of a literal config by the static
// reader: discovery, .env, parsing, evaluation, core.New and the manifest.
func BenchmarkStaticRead(b *testing.B) {
	dir := copyFixture(b, "custom")
	ctx := context.Background()
	for b.Loop() {
		c, err := Load(ctx, Options{Dir: dir, CacheDir: b.TempDir(), Loader: LoaderStatic})
		if err != nil || !c.Static {
			b.Fatal(err)
		}
	}
}

var _ = time.Second

// TestCoreDepModules keeps coreDepModules equal to the modules providing
// the packages core and core/plugins import.
func TestCoreDepModules(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{with .Module}}{{.Path}}{{end}}", "./core", "./core/plugins")
	cmd.Dir = repoRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	var pkgs []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, mod, _ := strings.Cut(l, " ")
		switch mod {
		case "":
		case modulePath:
			pkgs = append(pkgs, strings.TrimPrefix(pkg, modulePath+"/"))
		default:
			set[mod] = true
		}
	}
	sort.Strings(pkgs)
	if !reflect.DeepEqual(pkgs, coreDepPackages) {
		t.Errorf("core's packages in this module are %v; set coreDepPackages to them", pkgs)
	}
	var got []string
	for m := range set {
		got = append(got, m)
	}
	sort.Strings(got)
	if !reflect.DeepEqual(got, coreDepModules) {
		t.Fatalf("core's modules are %v; set coreDepModules to them", got)
	}
}

// TestStaticSameCore: the static reader answers only for the core this
// binary holds.
func TestStaticSameCore(t *testing.T) {
	src := "package lib\n\nimport \"github.com/authctl/authctl/core\"\n\nvar Auth = core.New(core.Options{})\n"
	ok := newModule(t, map[string]string{"lib/auth.go": src})
	if _, err, _ := load(t, Options{Dir: ok, Loader: LoaderStatic}); err != nil {
		t.Fatalf("this checkout: %v", err)
	}
	mod, _ := os.ReadFile(filepath.Join(ok, "go.mod"))
	other := t.TempDir()
	cases := map[string]string{
		"released version": strings.Replace(string(mod), "replace github.com/authctl/authctl => "+repoRoot(t), "", 1),
		"another tree":     strings.Replace(string(mod), "=> "+repoRoot(t), "=> "+other, 1),
		"newer go":         strings.Replace(string(mod), "go 1.26.8", "go 1.99", 1),
		"newer x/text":     strings.Replace(string(mod), "golang.org/x/text v", "golang.org/x/text v9", 1),
	}
	for name, gomod := range cases {
		dir := newModule(t, map[string]string{"lib/auth.go": src, "go.mod": gomod})
		if _, err, _ := load(t, Options{Dir: dir, Loader: LoaderStatic}); err == nil {
			t.Errorf("%s: read statically", name)
		}
	}
	dir := newModule(t, map[string]string{"lib/auth.go": src, "go.sum": ""})
	if _, err, _ := load(t, Options{Dir: dir, Loader: LoaderStatic}); err == nil {
		t.Errorf("empty go.sum: read statically")
	}
	if _, err, _ := load(t, Options{Dir: ok, Loader: LoaderStatic, Env: append(os.Environ(), "GOFLAGS=-tags=x")}); err == nil {
		t.Errorf("GOFLAGS=-tags: read statically")
	}
}

// TestStaticInitTemplates: what `authctl init` scaffolds (each database,
// with no plugin and with every catalog plugin's constructor) is read
// statically. The send functions init writes for twoFactor, organization,
// magicLink, emailOTP and phoneNumber (initcmd/senders.go) are function
// values, which the compiled loader reads.
func TestStaticInitTemplates(t *testing.T) {
	type plugin struct{ Expr, Summary string }
	var all []plugin
	for _, info := range plugins.Catalog() {
		all = append(all, plugin{"plugins." + info.Constructor + "()", info.Summary})
	}
	for _, db := range []string{"sqlite", "postgres", "mysql"} {
		for _, ps := range [][]plugin{nil, all} {
			tmpl, err := templates.Parse("init/auth", db+".go.tmpl")
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			data := map[string]any{"Package": "lib", "PackageDoc": true, "AppName": "app", "BasePath": "/api/auth",
				"MountPackage": "authhttp", "DBName": "app", "Plugins": ps}
			if err := tmpl.Execute(&b, data); err != nil {
				t.Fatal(err)
			}
			dir := newModule(t, map[string]string{"lib/auth.go": b.String()})
			c, err, _ := load(t, Options{Dir: dir, Loader: LoaderStatic, Env: append(os.Environ(), "DATABASE_URL=x")})
			if err != nil && strings.HasPrefix(err.Error(), "--loader static") {
				t.Errorf("%s, %d plugins: %v\n%s", db, len(ps), err, b.String())
			} else if err == nil && len(c.Manifest.Plugins) != len(ps) {
				t.Errorf("%s: %d plugins, want %d", db, len(c.Manifest.Plugins), len(ps))
			}
		}
	}
}

// GOFLAGS that do not change the sources or module versions of a build
// (-modcacherw, used with a scratch module cache) keep the static reader.
func TestGoFlagsChangeBuild(t *testing.T) {
	for flags, want := range map[string]bool{
		"": false, "-modcacherw": false, "-buildvcs=false -trimpath": false, "-mod=mod": false,
		"-mod=vendor": true, "-tags=x": true, "-modfile=other.mod": true,
	} {
		if got := goFlagsChangeBuild(flags); got != want {
			t.Errorf("goFlagsChangeBuild(%q) = %v, want %v", flags, got, want)
		}
	}
}
