package generate_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/schema"
)

// Drizzle 1.0 relations (--drizzle-relations v2): the goldens of
// testdata/drizzle1, prettier-formatted, type-checked with tsc --strict
// against drizzle-orm 1.0 (testdata/npm-drizzle1), and relational queries
// over them run on SQLite (drizzle1_sqlite_test.go).

// drizzle1Case is one golden case: a schema rendered with defineRelations.
type drizzle1Case struct {
	name   string
	schema func(t *testing.T) *schema.Schema
	// target adjusts the target (plural, camelCase, pgSchema).
	target func(*generate.Target)
	// dialects: nil means all three.
	dialects []string
}

// drizzle1ManyPlugins is a plugin-heavy config: most plugins with tables,
// organization with teams and dynamic access control, oauthProvider
// (foreign keys to a column other than an id, and several to one table).
var drizzle1ManyPlugins = fixture{"many-plugins", func() core.Options {
	return core.Options{
		EmailAndPassword: core.EmailAndPassword{Enabled: true},
		Plugins: []core.Plugin{
			plugins.TwoFactor(), plugins.Username(), plugins.Admin(), plugins.Anonymous(), plugins.PhoneNumber(),
			plugins.Organization(plugins.OrganizationOptions{Teams: true, DynamicAccessControl: true}),
			plugins.APIKey(), plugins.Passkey(), plugins.JWT(), plugins.OAuthProvider(), plugins.SSO(),
			plugins.DeviceAuthorization(), plugins.SIWE(),
		},
	}
}}

// drizzle1Organization is Better Auth's organization config of
// TestDrizzleMatchesBetterAuthOrganization (8 tables, 23 relation keys).
var drizzle1Organization = fixture{"organization", func() core.Options {
	return core.Options{
		EmailAndPassword: core.EmailAndPassword{Enabled: true},
		Plugins:          []core.Plugin{plugins.Organization(plugins.OrganizationOptions{Teams: true, DynamicAccessControl: true})},
	}
}}

// drizzle1Collisions has relation keys that would equal a column of their
// table, which drizzle-orm 1.0 refuses: a self-reference through a column
// without an Id suffix (parent: key parentRelation, where relations() has
// parent), and a foreign key to user from a table with a user column.
var drizzle1Collisions = fixture{"collisions", func() core.Options {
	return core.Options{
		EmailAndPassword: core.EmailAndPassword{Enabled: true},
		Plugins: []core.Plugin{testPlugin{[]schema.Table{
			{Key: "node", Fields: []schema.Field{
				{Name: "parent", Type: schema.TypeString, Required: ormOpt, References: &schema.Reference{Model: "node", Field: "id", OnDelete: schema.SetNull}},
				{Name: "user", Type: schema.TypeString, Required: ormOpt},
				{Name: "userId", Type: schema.TypeString, References: ormUserRef()},
			}},
		}}},
	}
}}

func drizzle1Cases() []drizzle1Case {
	of := func(fx fixture) func(t *testing.T) *schema.Schema {
		return func(t *testing.T) *schema.Schema { return schemaOf(t, fx) }
	}
	var cases []drizzle1Case
	for _, fx := range ormFixtures() {
		cases = append(cases, drizzle1Case{name: fx.name, schema: of(fx)})
	}
	// The two reference configs of Better Auth's samples, at their
	// largest (stage 3: plugins, the organization plugin, a user field).
	for _, base := range []string{"default", "common"} {
		cases = append(cases, drizzle1Case{name: "reference-" + base, schema: func(t *testing.T) *schema.Schema { return ormSampleSchema(t, base, 3) }})
	}
	cases = append(cases,
		drizzle1Case{name: "organization", schema: of(drizzle1Organization)},
		drizzle1Case{name: "organization-plural", schema: of(drizzle1Organization), target: func(t *generate.Target) { t.UsePlural = true }},
		drizzle1Case{name: "collisions", schema: of(drizzle1Collisions)},
		drizzle1Case{name: "many-plugins", schema: of(drizzle1ManyPlugins)},
		drizzle1Case{name: "many-plugins-camel", schema: of(drizzle1ManyPlugins), target: func(t *generate.Target) { t.CamelCase = true }},
		drizzle1Case{name: "default-schema", schema: of(fixtures[0]), target: func(t *generate.Target) { t.SchemaName = "auth" }, dialects: []string{"pg"}},
	)
	return cases
}

// drizzle1Render renders c for dialect with defineRelations.
func drizzle1Render(t *testing.T, c drizzle1Case, s *schema.Schema, dialect string, relations string) string {
	t.Helper()
	target := generate.Target{Dir: t.TempDir(), Adapter: "drizzle", Dialect: dialect, DrizzleRelations: relations}
	if c.target != nil {
		c.target(&target)
	}
	return ormRenderOne(t, s, target, nil)
}

func (c drizzle1Case) dialectList() []string {
	if c.dialects != nil {
		return c.dialects
	}
	return ormDrizzleDialects
}

func TestDrizzle1Golden(t *testing.T) {
	for _, c := range drizzle1Cases() {
		s := c.schema(t)
		for _, d := range c.dialectList() {
			checkGolden(t, filepath.Join("testdata", "drizzle1", c.name, d+".ts"), drizzle1Render(t, c, s, d, generate.DrizzleRelationsV2))
		}
	}
}

// The option changes the relations and their import only: the tables are
// the relations() file's, byte for byte; "v1" is the default.
func TestDrizzle1TablesAreTheDefaultOnes(t *testing.T) {
	for _, c := range drizzle1Cases() {
		s := c.schema(t)
		for _, d := range c.dialectList() {
			v1 := drizzle1Render(t, c, s, d, "")
			if explicit := drizzle1Render(t, c, s, d, generate.DrizzleRelationsV1); explicit != v1 {
				t.Errorf("%s/%s: --drizzle-relations v1 differs from the default", c.name, d)
			}
			v2 := drizzle1Render(t, c, s, d, generate.DrizzleRelationsV2)
			tables := func(code, relImport, relStart string) string {
				t.Helper()
				rest, ok := strings.CutPrefix(code, "import { "+relImport)
				if !ok {
					t.Fatalf("%s/%s: the file does not start with the import of %s:\n%s", c.name, d, relImport, code)
				}
				i := strings.Index(rest, relStart)
				if i < 0 {
					t.Fatalf("%s/%s: no %q in\n%s", c.name, d, relStart, code)
				}
				return rest[:i]
			}
			if a, b := tables(v1, "relations", "\nexport const "+firstRelationsExport(v1)), tables(v2, "defineRelations", "\nexport const authRelations = defineRelations("); a != b {
				t.Errorf("%s/%s: the tables of the defineRelations file differ from the relations() file's:\n%s", c.name, d, ormLineDiff(a, b))
			}
		}
	}
}

// firstRelationsExport is the name of the first `<x>Relations =
// relations(` export of a relations() file.
func firstRelationsExport(code string) string {
	i := strings.Index(code, "Relations = relations(")
	if i < 0 {
		return "\x00"
	}
	j := strings.LastIndex(code[:i], "export const ") + len("export const ")
	return code[j:i] + "Relations = relations("
}

func TestDrizzle1UnknownRelationsAPI(t *testing.T) {
	_, err := generate.Drizzle(schemaOf(t, fixtures[0]), generate.DrizzleOptions{Dialect: "sqlite", Relations: "v3"})
	if err == nil || !strings.Contains(err.Error(), `"v3"`) || !strings.Contains(err.Error(), "defineRelations") {
		t.Errorf("Relations v3: %v", err)
	}
}

// Names defineRelations cannot take: a table exported as the relations
// export or as the r.one/r.many helpers; a relation key that is also a
// column of its table (drizzle-orm 1.0 refuses it) is renamed.
func TestDrizzle1Names(t *testing.T) {
	for _, name := range []string{"authRelations", "one", "many", "defineRelations"} {
		s := schemaOf(t, fixture{"x", func() core.Options {
			return core.Options{Verification: core.VerificationOptions{ModelName: name}}
		}})
		_, err := generate.Drizzle(s, generate.DrizzleOptions{Dialect: "sqlite", Relations: "v2"})
		if err == nil || !strings.Contains(err.Error(), `"`+name+`"`) {
			t.Errorf("verification named %s: %v", name, err)
		}
	}
	// In v1, a table named one without relations is fine.
	s := schemaOf(t, fixture{"x", func() core.Options {
		return core.Options{Verification: core.VerificationOptions{ModelName: "one"}}
	}})
	if _, err := generate.Drizzle(s, generate.DrizzleOptions{Dialect: "sqlite"}); err != nil {
		t.Errorf("v1, verification named one: %v", err)
	}
}

// drizzle1Goldens returns the golden files of testdata/drizzle1.
func drizzle1Goldens(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "drizzle1", "*", "*.ts"))
	if err != nil || len(paths) < 30 {
		t.Fatalf("golden Drizzle 1.0 files: %d, %v", len(paths), err)
	}
	return paths
}

func TestDrizzle1GoldenFilesArePrettierFormatted(t *testing.T) {
	npmOrm(t)
	var abs []string
	for _, p := range drizzle1Goldens(t) {
		a, _ := filepath.Abs(p)
		abs = append(abs, a)
	}
	if out, err := ormNpmBin(t, t.TempDir(), "prettier", append([]string{"--check", "--no-config"}, abs...)...); err != nil {
		t.Errorf("prettier would reformat golden files: %v\n%s", err, out)
	}
}

// drizzle1Golden is the golden file of case/dialect.
func drizzle1Golden(t *testing.T, c, dialect string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "drizzle1", c, dialect+".ts"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// npmDrizzle1 returns testdata/npm-drizzle1 with its node_modules
// installed; it skips when `npm ci` has not run there, and fails under CI.
func npmDrizzle1(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "npm-drizzle1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(".bin", "tsc"), filepath.Join("drizzle-orm", "package.json"), filepath.Join("better-sqlite3", "package.json")} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", p)); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("testdata/npm-drizzle1/node_modules is missing (CI is set, so this is a failure; .ci/run runs npm ci there): %v", err)
			}
			t.Skip("testdata/npm-drizzle1/node_modules is missing; run `npm ci` in testdata/npm-drizzle1 to check the Drizzle 1.0 output with tsc and a SQLite query")
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node is not on PATH: %v", err)
	}
	return dir
}

// drizzle1Dir returns a temporary directory that resolves imports from
// testdata/npm-drizzle1, with a tsconfig.json for tsc --strict (ES modules,
// as node runs them).
func drizzle1Dir(t *testing.T, emit bool) string {
	t.Helper()
	npm := npmDrizzle1(t)
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(npm, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	out := `"noEmit":true`
	if emit {
		out = `"outDir":"out"`
	}
	tsconfig := `{"compilerOptions":{"strict":true,` + out + `,"target":"ES2022","module":"ESNext","moduleResolution":"Bundler","esModuleInterop":true,"skipLibCheck":true,"types":["node"]},"include":["*.ts"]}`
	for name, content := range map[string]string{"tsconfig.json": tsconfig, "package.json": `{"type":"module"}`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// drizzle1Tsc runs testdata/npm-drizzle1's tsc -p . in dir.
func drizzle1Tsc(t *testing.T, dir string) (string, error) {
	t.Helper()
	cmd := exec.Command(filepath.Join(npmDrizzle1(t), "node_modules", ".bin", "tsc"), "-p", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "FORCE_COLOR=0")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Every golden file type-checks with tsc --strict against drizzle-orm
// 1.0, while two files that must not do not: the relations() output of
// drizzle-orm 0.x (1.0 has no relations export) and defineRelations naming
// a column the table lacks.
func TestDrizzle1GoldenFilesTypeCheck(t *testing.T) {
	dir := drizzle1Dir(t, false)
	write := func(name string, b []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range drizzle1Goldens(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		write(strings.ReplaceAll(strings.TrimPrefix(filepath.ToSlash(p), "testdata/drizzle1/"), "/", "_"), b)
	}
	v1, err := os.ReadFile(filepath.Join("testdata", "drizzle", "default", "sqlite.ts"))
	if err != nil {
		t.Fatal(err)
	}
	write("zz_bad_v1.ts", v1)
	bad := strings.Replace(string(drizzle1Golden(t, "default", "sqlite")), "from: r.session.userId,", "from: r.session.userID,", 1)
	if !strings.Contains(bad, "r.session.userID") {
		t.Fatal("the default golden has no session.userId relation to break")
	}
	write("zz_bad_column.ts", []byte(bad))
	out, err := drizzle1Tsc(t, dir)
	if err == nil {
		t.Fatalf("tsc accepted files drizzle-orm 1.0 rejects; the check is not working:\n%s", out)
	}
	var errs []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "zz_bad_") && !strings.HasPrefix(l, " ") {
			errs = append(errs, l)
		}
	}
	if len(errs) > 0 {
		t.Errorf("tsc --strict:\n%s", out)
	}
	for _, want := range []string{"zz_bad_v1.ts", "zz_bad_column.ts"} {
		if !strings.Contains(out, want) {
			t.Errorf("tsc did not reject %s:\n%s", want, out)
		}
	}
}
