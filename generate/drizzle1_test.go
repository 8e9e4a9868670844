package generate_test

import (
	"os"
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

// drizzle1Written is the golden file of case/dialect.
func drizzle1Golden(t *testing.T, c, dialect string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "drizzle1", c, dialect+".ts"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
