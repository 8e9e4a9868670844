package initcmd

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// project writes files (path → content) into a new directory; a go.mod is
// added unless files has one.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/shop\n\ngo 1.26.8\n"
	}
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func inspect(t *testing.T, dir string) *Project {
	t.Helper()
	p, err := Inspect(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func plan(t *testing.T, dir string, c Choices) *Plan {
	t.Helper()
	pl, err := NewPlan(inspect(t, dir), c)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

func fileData(pl *Plan, rel string) string {
	for _, f := range pl.Files {
		if f.Rel == rel {
			return string(f.Data)
		}
	}
	return ""
}

func TestInspectDefaults(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		wantName  string
		wantFw    string
		wantDir   string
		wantFound []string
	}{
		{"bare", map[string]string{}, "shop", "nethttp", "lib", nil},
		{"major suffix", map[string]string{"go.mod": "module github.com/acme/shop/v3\n"}, "shop", "nethttp", "lib", nil},
		{"one element", map[string]string{"go.mod": "module shop\n"}, "shop", "nethttp", "lib", nil},
		{"internal", map[string]string{"internal/x/x.go": "package x\n"}, "shop", "nethttp", "internal/auth", nil},
		{"gin", map[string]string{"go.mod": "module example.com/shop\n\nrequire github.com/gin-gonic/gin v1.9.0\n"}, "shop", "gin", "lib", []string{"gin"}},
		{"indirect ignored", map[string]string{"go.mod": "module example.com/shop\n\nrequire github.com/gin-gonic/gin v1.9.0 // indirect\n"}, "shop", "nethttp", "lib", nil},
		{"first wins", map[string]string{"go.mod": "module example.com/shop\n\nrequire (\n\tgithub.com/labstack/echo/v4 v4.1.0\n\tgithub.com/go-chi/chi/v5 v5.0.0\n)\n"}, "shop", "echo", "lib", []string{"echo", "chi"}},
		{"fiber", map[string]string{"go.mod": "module example.com/shop\n\nrequire github.com/gofiber/fiber/v2 v2.50.0\n"}, "shop", "fiber", "lib", []string{"fiber"}},
		{"chi v4 is not chi v5", map[string]string{"go.mod": "module example.com/shop\n\nrequire github.com/go-chi/chi v4.1.2+incompatible\n"}, "shop", "nethttp", "lib", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := inspect(t, project(t, tt.files))
			if got := p.DefaultName(); got != tt.wantName {
				t.Errorf("DefaultName = %q, want %q", got, tt.wantName)
			}
			if got := p.DefaultFramework(); got != tt.wantFw {
				t.Errorf("DefaultFramework = %q, want %q", got, tt.wantFw)
			}
			if got := p.DefaultDir(); got != tt.wantDir {
				t.Errorf("DefaultDir = %q, want %q", got, tt.wantDir)
			}
			if !slices.Equal(p.Frameworks, tt.wantFound) {
				t.Errorf("Frameworks = %v, want %v", p.Frameworks, tt.wantFound)
			}
		})
	}
}

func TestInspectErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Inspect(dir); err == nil || !strings.Contains(err.Error(), "no go.mod") || !strings.Contains(err.Error(), "go mod init") {
		t.Errorf("no go.mod: err = %v", err)
	}
	if _, err := Inspect(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing dir: err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("go 1.26\n"), 0o644)
	if _, err := Inspect(dir); err == nil || !strings.Contains(err.Error(), "no module line") {
		t.Errorf("no module line: err = %v", err)
	}
	// A subdirectory of a module is fine: the module root is found above.
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/mono\n"), 0o644)
	sub := filepath.Join(dir, "services", "api")
	os.MkdirAll(sub, 0o755)
	p := inspect(t, sub)
	if p.ModRoot != dir || p.Dir != sub {
		t.Errorf("ModRoot %s Dir %s", p.ModRoot, p.Dir)
	}
	pl := plan(t, sub, Choices{Database: "sqlite"})
	if pl.MountImport != "example.com/mono/services/api/lib/authhttp" {
		t.Errorf("MountImport = %s", pl.MountImport)
	}
}

func TestPlanFiles(t *testing.T) {
	dir := project(t, map[string]string{})
	pl := plan(t, dir, Choices{Database: "postgres", Framework: "gin", Plugins: []string{"username", "twoFactor"}, Client: "react"})
	var rels []string
	for _, f := range pl.Files {
		rels = append(rels, f.Rel)
	}
	if want := []string{"lib/auth.go", "lib/authhttp/mount.go", "lib/auth-client.ts"}; !slices.Equal(rels, want) {
		t.Fatalf("files = %v, want %v", rels, want)
	}
	auth := fileData(pl, "lib/auth.go")
	for _, want := range []string{
		"package lib\n",
		`"github.com/authctl/authctl/core/plugins"`,
		`AppName:  "shop",`,
		`BaseURL:  os.Getenv("BETTER_AUTH_URL"),`,
		`BasePath: "/api/auth",`,
		`Secret:   os.Getenv("BETTER_AUTH_SECRET"),`,
		`Database: core.Postgres(os.Getenv("DATABASE_URL")),`,
		"plugins.Username(),",
		"plugins.TwoFactor(plugins.TwoFactorOptions{OTPOptions: plugins.OTPOptions{",
		"return deliver(fmt.Sprint(user[\"email\"]), \"Your verification code: \"+otp)",
		"func deliver(to, message string) error {",
		"postgres://user:password@localhost:5432/shop?sslmode=disable",
	} {
		if !strings.Contains(auth, want) {
			t.Errorf("auth.go lacks %q:\n%s", want, auth)
		}
	}
	if strings.Index(auth, "Username") > strings.Index(auth, "TwoFactor") {
		t.Errorf("plugins out of the order given:\n%s", auth)
	}
	mount := fileData(pl, "lib/authhttp/mount.go")
	for _, want := range []string{
		"package authhttp\n",
		`"github.com/gin-gonic/gin"`,
		`_ "github.com/jackc/pgx/v5/stdlib"`,
		`"example.com/shop/lib"`,
		"func Mount(r *gin.Engine) error {",
		`r.Any(lib.Auth.Options().BasePath+"/*path", gin.WrapH(lib.Auth.Handler()))`,
	} {
		if !strings.Contains(mount, want) {
			t.Errorf("mount.go lacks %q:\n%s", want, mount)
		}
	}
	client := fileData(pl, "lib/auth-client.ts")
	for _, want := range []string{
		`import { createAuthClient } from "better-auth/react";`,
		`import { usernameClient, twoFactorClient } from "better-auth/client/plugins";`,
		`baseURL: "http://localhost:3000",`,
		`basePath: "/api/auth",`,
		`plugins: [usernameClient(), twoFactorClient()],`,
	} {
		if !strings.Contains(client, want) {
			t.Errorf("auth-client.ts lacks %q:\n%s", want, client)
		}
	}
	if !pl.Discoverable || pl.ConfigRel != "lib/auth.go" {
		t.Errorf("ConfigRel %s Discoverable %v", pl.ConfigRel, pl.Discoverable)
	}
}

// Every framework × database renders gofmt'd Go (renderGo formats and
// would fail on invalid Go) with the right constructor, driver and router.
func TestPlanEveryCombination(t *testing.T) {
	dir := project(t, map[string]string{})
	ctor := map[string]string{"sqlite": "core.SQLite(", "postgres": "core.Postgres(", "mysql": "core.MySQL("}
	for _, fw := range Frameworks {
		for _, db := range Databases {
			pl := plan(t, dir, Choices{Database: db.Name, Framework: fw.Name})
			auth, mount := fileData(pl, "lib/auth.go"), fileData(pl, "lib/authhttp/mount.go")
			if !strings.Contains(auth, ctor[db.Name]) || strings.Contains(auth, "core/plugins") {
				t.Errorf("%s/%s auth.go:\n%s", fw.Name, db.Name, auth)
			}
			if !strings.Contains(mount, `_ "`+db.DriverImport+`"`) || !strings.Contains(mount, "func Mount(") ||
				!strings.Contains(mount, strings.TrimPrefix(fw.Router, "*")) {
				t.Errorf("%s/%s mount.go:\n%s", fw.Name, db.Name, mount)
			}
		}
	}
	imports := map[string]string{"react": "better-auth/react", "vue": "better-auth/vue", "svelte": "better-auth/svelte", "solid": "better-auth/solid", "vanilla": "better-auth/client"}
	for _, cl := range Clients {
		pl := plan(t, dir, Choices{Database: "sqlite", Client: cl.Name})
		if c := fileData(pl, "lib/auth-client.ts"); !strings.Contains(c, `import { createAuthClient } from "`+imports[cl.Name]+`";`) || strings.Contains(c, "client/plugins") {
			t.Errorf("%s client:\n%s", cl.Name, c)
		}
	}
}

func TestPlanDirAndPackage(t *testing.T) {
	t.Run("internal", func(t *testing.T) {
		dir := project(t, map[string]string{"internal/db/db.go": "package db\n"})
		pl := plan(t, dir, Choices{Database: "sqlite"})
		if pl.ConfigRel != "internal/auth/auth.go" || !pl.Discoverable || pl.ConfigDir != "internal/auth" {
			t.Errorf("ConfigRel %s Discoverable %v", pl.ConfigRel, pl.Discoverable)
		}
		if !strings.Contains(fileData(pl, "internal/auth/auth.go"), "package auth\n") {
			t.Error("package name is not auth")
		}
		if !strings.Contains(fileData(pl, "internal/auth/authhttp/mount.go"), "\"example.com/shop/internal/auth\"") {
			t.Error("mount does not import internal/auth")
		}
	})
	t.Run("existing package keeps its name", func(t *testing.T) {
		dir := project(t, map[string]string{"lib/util.go": "package helpers\n\nfunc X() {}\n"})
		pl := plan(t, dir, Choices{Database: "sqlite"})
		auth := fileData(pl, "lib/auth.go")
		if !strings.Contains(auth, "package helpers\n") || strings.Contains(auth, "// Package") {
			t.Errorf("auth.go:\n%s", auth)
		}
		if !strings.Contains(fileData(pl, "lib/authhttp/mount.go"), `helpers "example.com/shop/lib"`) {
			t.Errorf("mount.go:\n%s", fileData(pl, "lib/authhttp/mount.go"))
		}
	})
	t.Run("odd folder names", func(t *testing.T) {
		dir := project(t, map[string]string{})
		pl := plan(t, dir, Choices{Database: "sqlite", Dir: "pkg/my-auth.v2/"})
		if pl.ConfigRel != "pkg/my-auth.v2/auth.go" || !strings.Contains(fileData(pl, pl.ConfigRel), "package myauthv2\n") {
			t.Errorf("%s:\n%s", pl.ConfigRel, fileData(pl, pl.ConfigRel))
		}
		pl = plan(t, dir, Choices{Database: "sqlite", Dir: filepath.Join(dir, "server", "type")})
		if pl.ConfigRel != "server/type/auth.go" || !strings.Contains(fileData(pl, pl.ConfigRel), "package typepkg\n") {
			t.Errorf("%s:\n%s", pl.ConfigRel, fileData(pl, pl.ConfigRel))
		}
	})
	for _, tt := range []struct {
		files     map[string]string
		dir, want string
	}{
		{map[string]string{"main.go": "package main\n"}, ".", "holds package main"},
		{map[string]string{"cmd/x/main.go": "package main\n"}, "cmd/x", "holds package main"},
		{map[string]string{}, "../elsewhere", "outside the project"},
		{map[string]string{}, "testdata/auth", "go command ignores"},
		{map[string]string{}, "_auth", "go command ignores"},
		{map[string]string{}, ".auth", "go command ignores"},
	} {
		_, err := NewPlan(inspect(t, project(t, tt.files)), Choices{Database: "sqlite", Dir: tt.dir})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("--dir %s: err = %v, want %q", tt.dir, err, tt.want)
		}
	}
}

func TestPlanValidation(t *testing.T) {
	p := inspect(t, project(t, map[string]string{}))
	for _, tt := range []struct {
		c    Choices
		want string
	}{
		{Choices{}, "no database chosen"},
		{Choices{Database: "mongo"}, `unknown database "mongo"`},
		{Choices{Database: "postgress"}, `did you mean "postgres"?`},
		{Choices{Database: "sqlite", Framework: "gim"}, `did you mean "gin"?`},
		{Choices{Database: "sqlite", Plugins: []string{"twoFacter"}}, `did you mean "twoFactor"?`},
		{Choices{Database: "sqlite", Client: "angular"}, `unknown client "angular"`},
		{Choices{Database: "sqlite", BasePath: "api/auth"}, "invalid base path"},
		{Choices{Database: "sqlite", BasePath: "/"}, "invalid base path"},
		{Choices{Database: "sqlite", BasePath: "/api/{auth}"}, "invalid base path"},
		{Choices{Database: "sqlite", BasePath: "/api/../auth"}, "invalid base path"},
		{Choices{Database: "sqlite", Name: "two\nlines"}, "one line"},
	} {
		if _, err := NewPlan(p, tt.c); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err = %v, want %q", tt.c, err, tt.want)
		}
	}
	// Aliases and case are canonicalised; duplicates dropped.
	pl, err := NewPlan(p, Choices{Database: "PostgreSQL", Framework: "net/http", Plugins: []string{"two-factor", "twoFactor"}, BasePath: "/auth/", Client: "Vue"})
	if err != nil {
		t.Fatal(err)
	}
	c := pl.Choices
	if c.Database != "postgres" || c.Framework != "nethttp" || !slices.Equal(c.Plugins, []string{"twoFactor"}) || c.BasePath != "/auth" || c.Client != "vue" {
		t.Errorf("choices = %+v", c)
	}
	if !strings.Contains(fileData(pl, "lib/auth.go"), `BasePath: "/auth",`) {
		t.Error("base path not in auth.go")
	}
}

func TestWithNeeds(t *testing.T) {
	got := WithNeeds([]string{"username", "oauthProvider", "username", "jwt"})
	if want := []string{"username", "jwt", "oauthProvider"}; !slices.Equal(got, want) {
		t.Fatalf("WithNeeds = %v, want %v", got, want)
	}
	pl := plan(t, project(t, map[string]string{}), Choices{Database: "sqlite", Plugins: []string{"oauthProvider"}})
	if !slices.Equal(pl.Choices.Plugins, []string{"jwt", "oauthProvider"}) || !slices.Equal(pl.AddedPlugins, []string{"jwt"}) {
		t.Fatalf("plugins %v added %v", pl.Choices.Plugins, pl.AddedPlugins)
	}
	auth := fileData(pl, "lib/auth.go")
	if !strings.Contains(auth, "plugins.JWT(),") || strings.Index(auth, "plugins.JWT()") > strings.Index(auth, "plugins.OAuthProvider()") {
		t.Fatalf("auth.go:\n%s", auth)
	}
}

// Every catalog plugin renders with its constructor, and a client plugin
// where better-auth has one.
func TestPlanCatalog(t *testing.T) {
	// oauthDeviceAuthorization replaces deviceAuthorization: plan them apart.
	var names []string
	for _, n := range PluginNames() {
		if n != "deviceAuthorization" {
			names = append(names, n)
		}
	}
	pl := plan(t, project(t, map[string]string{}), Choices{Database: "sqlite", Plugins: names, Client: "react"})
	device := plan(t, project(t, map[string]string{}), Choices{Database: "sqlite", Plugins: []string{"deviceAuthorization"}, Client: "react"})
	auth := fileData(pl, "lib/auth.go") + fileData(device, "lib/auth.go")
	for _, info := range Plugins() {
		want := "\t\tplugins." + info.Constructor + "(),"
		if _, sends := senderExprs[info.Name]; sends {
			want = "\t\tplugins." + info.Constructor + "(plugins." + info.Constructor + "Options{"
		}
		if !strings.Contains(auth, want) {
			t.Errorf("auth.go lacks %s", want)
		}
	}
	client := fileData(pl, "lib/auth-client.ts") + fileData(device, "lib/auth-client.ts")
	for name, fn := range clientPluginFuncs {
		if _, ok := lookupPlugin(name); !ok {
			t.Errorf("client plugin for %q, which the catalog does not have", name)
		}
		if !strings.Contains(client, fn+"()") {
			t.Errorf("auth-client.ts lacks %s()", fn)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"twoFactor", "username", "organization", "admin", "anonymous", "magicLink", "emailOTP"}
	for in, want := range map[string]string{
		"twoFacter":    "twoFactor",
		"twofactor":    "twoFactor",
		"usernmae":     "username",
		"orgnization":  "organization",
		"organisation": "organization",
		"admn":         "admin",
		"two":          "twoFactor",
		"mongo":        "",
		"x":            "",
		"":             "",
		"magic":        "magicLink",
		"a":            "",
	} {
		if got := Closest(in, names); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Closest("gim", []string{"nethttp", "chi", "gin", "echo", "fiber"}); got != "gin" {
		t.Errorf("gim → %q", got)
	}
	if d := distance("ab", "ba"); d != 1 {
		t.Errorf("swap distance = %d", d)
	}
}

func TestRequirements(t *testing.T) {
	const auth = "github.com/authctl/authctl"
	tests := []struct {
		name  string
		gomod string
		c     Choices
		want  []string
	}{
		{"fresh", "module example.com/shop\n", Choices{Database: "sqlite", Framework: "gin", AuthctlVersion: "v1.2.3"},
			[]string{auth + "@v1.2.3", "github.com/gin-gonic/gin@v1.12.0", "modernc.org/sqlite@v1.62.0"}},
		{"dev build", "module example.com/shop\n", Choices{Database: "postgres"},
			[]string{auth, "github.com/jackc/pgx/v5@v5.12.0"}},
		{"already direct: untouched", "module example.com/shop\n\nrequire (\n\tgithub.com/authctl/authctl v0.9.0\n\tgithub.com/labstack/echo/v4 v4.10.0\n\tgithub.com/go-sql-driver/mysql v1.7.0\n)\n",
			Choices{Database: "mysql", Framework: "echo", AuthctlVersion: "v1.2.3"}, nil},
		{"indirect: made direct at its version", "module example.com/shop\n\nrequire github.com/go-chi/chi/v5 v5.0.12 // indirect\n",
			Choices{Database: "mysql", Framework: "chi", AuthctlVersion: "v1.2.3"},
			[]string{auth + "@v1.2.3", "github.com/go-chi/chi/v5@v5.0.12", "github.com/go-sql-driver/mysql@v1.10.1"}},
		// The replacement decides, at the version it replaces: go get must
		// not ask the proxy for the module's latest version (403).
		{"replaced authctl", "module example.com/shop\n\nreplace github.com/authctl/authctl => ../authctl\n",
			Choices{Database: "sqlite", AuthctlVersion: "v1.2.3"}, []string{auth + "@v0.0.0", "modernc.org/sqlite@v1.62.0"}},
		{"replaced at a version", "module example.com/shop\n\nreplace github.com/authctl/authctl v0.5.0 => ../authctl\n",
			Choices{Database: "sqlite", AuthctlReplace: "/src/authctl"}, []string{auth + "@v0.5.0", "modernc.org/sqlite@v1.62.0"}},
		// Run from a clone: required through a replace to it.
		{"from a clone", "module example.com/shop\n", Choices{Database: "sqlite", AuthctlReplace: "/src/authctl"},
			[]string{auth + "@v0.0.0", "modernc.org/sqlite@v1.62.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := plan(t, project(t, map[string]string{"go.mod": tt.gomod}), tt.c)
			var got []string
			if args := pl.GoGetArgs(); args != nil {
				if args[0] != "get" {
					t.Fatalf("args = %v", args)
				}
				got = args[1:]
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("go get %v, want %v", got, tt.want)
			}
			// Only a clone that go.mod does not point at yet adds a
			// replace, before go get.
			var edits []string
			for _, c := range pl.Commands() {
				if c[0] == "mod" {
					edits = append(edits, GoCommand(c))
				}
			}
			if want := tt.name == "from a clone"; want != (len(edits) == 1) || want && edits[0] != "go mod edit -replace=github.com/authctl/authctl=/src/authctl" {
				t.Errorf("commands %q", pl.Commands())
			}
		})
	}
}

// A path with blanks is quoted in the commands init prints.
func TestGoCommandQuotes(t *testing.T) {
	got := GoCommand([]string{"mod", "edit", "-replace=github.com/authctl/authctl=/home/a b/authctl"})
	if got != "go mod edit '-replace=github.com/authctl/authctl=/home/a b/authctl'" {
		t.Fatalf("%s", got)
	}
}

func TestPlanEnv(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		db    string
		add   []string
		kept  []string
		url   string // the client's baseURL
	}{
		{"absent", map[string]string{}, "sqlite", []string{"BETTER_AUTH_SECRET", "BETTER_AUTH_URL", "DATABASE_URL"}, nil, DefaultBaseURL},
		{"absent postgres", map[string]string{}, "postgres", []string{"BETTER_AUTH_SECRET", "BETTER_AUTH_URL", "DATABASE_URL"}, nil, DefaultBaseURL},
		{"partial", map[string]string{".env": "BETTER_AUTH_URL=https://shop.example\n"}, "postgres", []string{"BETTER_AUTH_SECRET", "DATABASE_URL"}, []string{"BETTER_AUTH_URL"}, "https://shop.example"},
		{"empty value counts as set", map[string]string{".env": "BETTER_AUTH_SECRET=\nDATABASE_URL=\n"}, "mysql", []string{"BETTER_AUTH_URL"}, []string{"BETTER_AUTH_SECRET", "DATABASE_URL"}, DefaultBaseURL},
		{"full", map[string]string{".env": "BETTER_AUTH_SECRET=s\nBETTER_AUTH_URL=http://x\nDATABASE_URL=a.db\n"}, "sqlite", nil, []string{"BETTER_AUTH_SECRET", "BETTER_AUTH_URL", "DATABASE_URL"}, "http://x"},
		{".env.local counts", map[string]string{".env.local": "BETTER_AUTH_SECRET=s\nDATABASE_URL=postgres://x\n"}, "postgres", []string{"BETTER_AUTH_URL"}, []string{"BETTER_AUTH_SECRET", "DATABASE_URL"}, DefaultBaseURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := plan(t, project(t, tt.files), Choices{Database: tt.db, Client: "vanilla"})
			if got := pl.Env.Keys(); !slices.Equal(got, tt.add) {
				t.Errorf("add %v, want %v", got, tt.add)
			}
			if !slices.Equal(pl.Env.Kept, tt.kept) {
				t.Errorf("kept %v, want %v", pl.Env.Kept, tt.kept)
			}
			if c := fileData(pl, "lib/auth-client.ts"); !strings.Contains(c, `baseURL: "`+tt.url+`",`) {
				t.Errorf("client baseURL, want %s:\n%s", tt.url, c)
			}
		})
	}
	_, err := NewPlan(inspect(t, project(t, map[string]string{".env": "A=\"unterminated\n"})), Choices{Database: "sqlite"})
	if err == nil || !strings.Contains(err.Error(), "fix .env") {
		t.Errorf("unparsable .env: err = %v", err)
	}
}

func TestConflicts(t *testing.T) {
	for _, tt := range []struct {
		name   string
		files  map[string]string
		c      Choices
		config bool
		want   string
	}{
		// A candidate counts as a config when it declares Auth (discovery's rule).
		{"config on discovery path", map[string]string{"auth/auth.go": "package auth\n\nvar Auth = 0\n"}, Choices{Database: "sqlite"}, true, "already has an auth config, auth/auth.go"},
		{"config under src", map[string]string{"src/lib/auth.go": "package lib\n\nvar Auth = 0\n"}, Choices{Database: "sqlite", Dir: "internal/x"}, true, "src/lib/auth.go"},
		{"config in --dir", map[string]string{"pkg/auth/auth.go": "package auth\n"}, Choices{Database: "sqlite", Dir: "pkg/auth"}, true, "pkg/auth/auth.go already exists; init never overwrites an auth config"},
		{"mount file", map[string]string{"lib/authhttp/mount.go": "package authhttp\n"}, Choices{Database: "sqlite"}, false, "lib/authhttp/mount.go already exists; init only creates new files"},
		{"client file", map[string]string{"lib/auth-client.ts": ""}, Choices{Database: "sqlite", Client: "react"}, false, "lib/auth-client.ts already exists"},
		{"Auth declared elsewhere", map[string]string{"lib/config.go": "package lib\n\nvar Auth = 1\n"}, Choices{Database: "sqlite"}, false, "lib/config.go already declares Auth"},
		{"Mount declared elsewhere", map[string]string{"lib/authhttp/x.go": "package authhttp\n\nfunc Mount() {}\n"}, Choices{Database: "sqlite"}, false, "lib/authhttp/x.go already declares Mount"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewPlan(inspect(t, project(t, tt.files)), tt.c)
			var ce *ConflictError
			if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) || ce.Config != tt.config || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a conflict (config %v) with %q", err, tt.config, tt.want)
			}
		})
	}
}

func TestEnvIgnored(t *testing.T) {
	dir := project(t, map[string]string{})
	if _, known := inspect(t, dir).EnvIgnored(); known {
		t.Error("known outside git")
	}
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	if ign, known := inspect(t, dir).EnvIgnored(); !known || ign {
		t.Errorf("no .gitignore: %v %v", ign, known)
	}
	for _, line := range []string{".env", "/.env", ".env*", "*.env", "# x\nbin/\n.env\n"} {
		os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(line+"\n"), 0o644)
		if ign, _ := inspect(t, dir).EnvIgnored(); !ign {
			t.Errorf(".gitignore %q: not ignored", line)
		}
	}
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("!.env\nbin/\n"), 0o644)
	if ign, _ := inspect(t, dir).EnvIgnored(); ign {
		t.Error("ignored by a negation")
	}
}
