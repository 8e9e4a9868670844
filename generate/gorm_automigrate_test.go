package generate_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/schema"
)

// AutoMigrate of the generated models on an empty database builds what
// the SQL output, and `authctl migrate`, build on other empty databases of
// the same engine:
// the same tables, columns (types, nullability, defaults, identity and
// auto-increment), primary keys, unique and plain indexes (the SQL
// output's names where it names them), and foreign keys with their ON
// DELETE actions. A second AutoMigrate changes nothing, and the models
// work: a created user gets the database's defaults and deleting it
// cascades to its sessions.
func TestGORMAutoMigrate(t *testing.T) {
	var cases []gormCase
	for _, fx := range append(gormFixtures(), gormCatalogFixtures...) {
		for _, d := range dialectNames {
			cases = append(cases, gormCase{key: fx.name + "_" + d, fixture: fx.name, dialect: d, schema: schemaOf(t, fx)})
		}
	}
	// Vetted and built, not run: its foreign keys point outside the schema.
	for _, d := range dialectNames {
		cases = append(cases, gormCase{key: "names_" + d, fixture: "names", dialect: d, schema: schemaOf(t, gormNames), buildOnly: true})
	}
	bin := gormModule(t, cases)
	for _, d := range dialectNames {
		t.Run(d, func(t *testing.T) {
			env := newGORMEngine(t, d)
			for _, c := range cases {
				if c.dialect != d || c.buildOnly {
					continue
				}
				t.Run(c.fixture, func(t *testing.T) {
					t.Parallel() // each case has its own databases
					gormDSN, gormDB := env.database(t, c.key+"_gorm")
					_, sqlDB := env.database(t, c.key+"_sql")
					migDSN, migDB := env.database(t, c.key+"_migrate")
					res := runGORM(t, bin, c, gormDSN, gormUserID(c))
					gormApplySQL(t, sqlDB, c)
					if _, err := migrate.Up(context.Background(), migDB, d, c.schema, migrate.Options{}); err != nil {
						t.Fatalf("authctl migrate: %v", err)
					}

					tables := gormTableNames(c.schema)
					got := env.inspect(t, gormDB, tables)
					for _, ref := range []struct {
						name string
						db   *sql.DB
					}{{"the SQL output", sqlDB}, {"authctl migrate", migDB}} {
						want := env.inspect(t, ref.db, tables)
						expectGORMDeviations(c, want)
						gormCompare(t, c, ref.name, got, want)
					}
					if len(res.Runs) != 2 || len(gormDDL(res.Runs[0])) == 0 {
						t.Fatalf("want two AutoMigrate runs, the first one creating the schema: %q", res.Runs)
					}
					gormCheckStable(t, c, "a second AutoMigrate", res.Runs[1], env.mariaDB)
					gormCheckUse(t, c, res)

					// On PostgreSQL and MySQL the models can take over a
					// database `authctl migrate` (or the SQL file) built:
					// AutoMigrate finds every index and foreign key under
					// its name. SQLite's foreign keys are unnamed, and GORM
					// cannot find them (see the README).
					if d != "sqlite" && !gormNarrowedForeignKey(c) {
						res := runGORM(t, bin, c, migDSN, gormUserID(c))
						for _, run := range res.Runs {
							gormCheckStable(t, c, "AutoMigrate on the database authctl migrate built", run, env.mariaDB)
						}
						gormCheckUse(t, c, res)
					}
				})
			}
		})
	}
}

// gormFixtures are the SQL tests' fixtures that have projects, the extras
// and a table set with the relations no plugin has. (secondary has no
// session table, which the AutoMigrate program uses; its tables are
// default's minus session.)
func gormFixtures() []fixture {
	var out []fixture
	for _, fx := range fixtures {
		if fx.name != "secondary" {
			out = append(out, fx)
		}
	}
	return append(out, extras, gormRelations)
}

// gormCatalogFixtures hold every built-in plugin that adds tables or columns,
// with every option that adds one turned on, as plugins.Catalog builds
// them. deviceAuthorization and oauthDeviceAuthorization are alternatives
// (both own deviceCode), hence two configs. They have no golden files:
// the plugin tables are the plugins' business, checked here only for
// AutoMigrate parity.
var gormCatalogFixtures = []fixture{
	{"catalog", func() core.Options {
		return core.Options{
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			RateLimit:        core.RateLimitOptions{Storage: core.RateLimitDatabase},
			Plugins: []core.Plugin{
				plugins.TwoFactor(), plugins.Username(), plugins.Anonymous(), plugins.PhoneNumber(), plugins.Admin(),
				plugins.Organization(plugins.OrganizationOptions{Teams: true, DynamicAccessControl: true}),
				plugins.JWT(), plugins.SIWE(), plugins.DeviceAuthorization(),
				plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true}),
				plugins.Passkey(), plugins.APIKey(), plugins.SSO(plugins.SSOOptions{DomainVerification: true}),
				plugins.Stripe(plugins.StripeOptions{Subscription: true, Organization: true}),
				plugins.OAuthProvider(), plugins.SCIM(plugins.SCIMOptions{ManagedConnections: true}),
			},
		}
	}},
	{"oauth", func() core.Options {
		return core.Options{Plugins: []core.Plugin{plugins.JWT(), plugins.OAuthProvider(), plugins.OAuthDeviceAuthorization()}}
	}},
}

// gormCatalogCovered names the plugins gormCatalogFixtures hold.
var gormCatalogCovered = []string{
	"twoFactor", "username", "anonymous", "phoneNumber", "admin", "organization", "jwt", "siwe", "deviceAuthorization",
	"lastLoginMethod", "passkey", "apiKey", "sso", "stripe", "oauthProvider", "scim", "oauthDeviceAuthorization",
}

// Every plugin of the catalog that adds tables or columns is in
// gormCatalogFixtures, so TestGORMAutoMigrate covers every plugin table.
func TestGORMCatalogCovered(t *testing.T) {
	covered := map[string]bool{}
	for _, n := range gormCatalogCovered {
		covered[n] = true
	}
	for _, p := range plugins.Catalog() {
		if len(p.Tables) > 0 && !covered[p.Name] {
			t.Errorf("plugin %s (tables %v) is in no GORM AutoMigrate fixture; add plugins.%s to gormCatalogFixtures", p.Name, p.Tables, p.Constructor)
		}
	}
}

// gormUserID is the id the test gives its user, "" when the database
// assigns one (serial ids, and uuid ids on PostgreSQL).
func gormUserID(c gormCase) string {
	switch {
	case c.schema.IDs == schema.IDSerial, c.schema.IDs == schema.IDUUID && c.dialect == "postgres":
		return ""
	case c.schema.IDs == schema.IDUUID:
		return "0b6a3bb8-9ac9-4f0e-8a59-5d3c0e1d4c2a"
	}
	return "user-1"
}

func gormTableNames(s *schema.Schema) []string {
	var out []string
	for _, t := range s.Migratable() {
		out = append(out, t.Name())
	}
	return out
}

// gormApplySQL runs the SQL output, statement by statement.
func gormApplySQL(t *testing.T, db *sql.DB, c gormCase) {
	t.Helper()
	text, err := generate.SQL(c.schema, generate.SQLOptions{Dialect: c.dialect})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(strings.TrimSpace(string(text)), ";\n\n") {
		if _, err := db.Exec(strings.TrimSuffix(stmt, ";")); err != nil {
			t.Fatalf("SQL output: %v\n%s", err, stmt)
		}
	}
}

// gormCompare compares the AutoMigrate database with a reference one
// (what names the reference).
func gormCompare(t *testing.T, c gormCase, what string, got, want gormShape) {
	t.Helper()
	for _, tbl := range c.schema.Migratable() {
		name := tbl.Name()
		g, w := got[name], want[name]
		if g == nil || w == nil {
			continue // reported by inspect
		}
		if strings.Join(g.Columns, "\n") != strings.Join(w.Columns, "\n") {
			t.Errorf("%s: columns differ from %s\n--- AutoMigrate\n%s\n--- %s\n%s", name, what, strings.Join(g.Columns, "\n"), what, strings.Join(w.Columns, "\n"))
		}
		for _, p := range []struct {
			what     string
			got, wnt any
		}{
			{"primary key", g.Primary, w.Primary},
			{"unique indexes and constraints", g.Unique, w.Unique},
			{"indexes", g.Plain, w.Plain},
			{"foreign keys", g.FKs, w.FKs},
		} {
			if fmt.Sprint(p.got) != fmt.Sprint(p.wnt) {
				t.Errorf("%s: %s differ from %s\n AutoMigrate %q\n   reference %q", name, p.what, what, p.got, p.wnt)
			}
		}
		// Index names: the same in both, but for the SQLite autoindex of
		// an inline UNIQUE in the SQL output (the inspectors leave out
		// the names engines pick for constraints: see gormInspect*).
		gn := map[string]string{}
		for k, v := range g.Named {
			gn[k] = v
		}
		if c.dialect == "sqlite" && what == "the SQL output" {
			for _, ix := range schema.FieldIndexes(tbl) {
				if ix.Unique {
					delete(gn, dialects.UniqueFieldName(engine.SQLite, name, ix.Columns[0]))
				}
			}
		}
		if fmt.Sprint(gn) != fmt.Sprint(w.Named) {
			t.Errorf("%s: index names differ from %s\n AutoMigrate %q\n   reference %q", name, what, gn, w.Named)
		}
		// And they are the ones the generator promises.
		for _, ix := range append(schema.FieldIndexes(tbl), schema.TableIndexes(tbl)...) {
			def, ixName := "index "+strings.Join(ix.Columns, ","), ix.Name
			if ix.Unique {
				def = "unique " + strings.Join(ix.Columns, ",")
			}
			if ix.FieldLevel && ix.Unique {
				if c.dialect == "postgres" {
					continue // a constraint GORM names; checked as a unique set
				}
				e, _ := engine.Lookup(c.dialect)
				ixName = dialects.UniqueFieldName(e, name, ix.Columns[0])
			}
			if g.Named[ixName] != def {
				t.Errorf("%s: AutoMigrate made index %q %q, want %q", name, ixName, g.Named[ixName], def)
			}
		}
	}
}

// expectGORMDeviations applies to a reference database the one difference
// the generator documents in its column types: on MySQL a foreign key to a
// non-id column has the referenced column's type even where a table-level
// index bounds it in the SQL output.
func expectGORMDeviations(c gormCase, want gormShape) {
	if c.dialect != "mysql" {
		return
	}
	for _, tbl := range c.schema.Migratable() {
		for i, f := range tbl.Fields {
			r := f.References
			if r == nil || r.Field == "id" {
				continue
			}
			target := c.schema.Resolve(r.Model)
			if target == nil || target.DisableMigrations {
				continue
			}
			_, col := c.schema.ReferenceTarget(*r)
			ws, ts := want[tbl.Name()], want[target.Name()]
			if ws == nil || ts == nil {
				continue
			}
			for _, tc := range ts.Columns {
				if parts := strings.SplitN(tc, " ", 3); parts[0] == col {
					own := strings.SplitN(ws.Columns[i+1], " ", 3)
					ws.Columns[i+1] = own[0] + " " + parts[1] + " " + own[2]
				}
			}
		}
	}
}

// gormNarrowedForeignKey reports whether, on MySQL, the SQL output gives
// a foreign key to a non-id column a type other than the referenced
// column's (an index width), which GORM cannot express: AutoMigrate on
// such a database tries to widen the column and MySQL refuses to modify a
// column in a foreign key (see the README).
func gormNarrowedForeignKey(c gormCase) bool {
	if c.dialect != "mysql" {
		return false
	}
	d, _ := dialects.Get("mysql")
	for _, tbl := range c.schema.Migratable() {
		for _, f := range tbl.Fields {
			r := f.References
			if r == nil || r.Field == "id" {
				continue
			}
			target := c.schema.Resolve(r.Model)
			if target == nil || target.Field(r.Field) == nil {
				continue
			}
			own, _ := d.ColumnType(c.schema, tbl, f, dialects.TypeOptions{})
			ref, _ := d.ColumnType(c.schema, target, *target.Field(r.Field), dialects.TypeOptions{})
			if own != ref {
				return true
			}
		}
	}
	return false
}

// gormCheckStable checks one AutoMigrate run (what names it) on a database
// that already has the schema: it changed nothing but the columns GORM's
// migrators are known to see as changed every time (see gormUnstable), and
// did change those.
func gormCheckStable(t *testing.T, c gormCase, what string, run []string, mariaDB bool) {
	t.Helper()
	unstable := gormUnstable(c, mariaDB)
	stmts := gormDDL(run)
	var unexpected []string
	for _, stmt := range stmts {
		// SQLite rebuilds a table with foreign keys off.
		ok := c.dialect == "sqlite" && len(unstable) > 0 && strings.HasPrefix(stmt, "PRAGMA foreign_keys")
		for table, cols := range unstable {
			if c.dialect == "sqlite" {
				// SQLite alters a column by rebuilding its table.
				ok = ok || strings.Contains(stmt, "`"+table+"`") || strings.Contains(stmt, "`"+table+"__temp`")
				continue
			}
			for _, col := range cols {
				ok = ok || strings.Contains(stmt, "`"+table+"`") && strings.Contains(stmt, "`"+col+"`") ||
					strings.Contains(stmt, `"`+table+`"`) && strings.Contains(stmt, `"`+col+`"`)
			}
		}
		if !ok {
			unexpected = append(unexpected, stmt)
		}
	}
	if len(unexpected) > 0 {
		t.Errorf("%s changed the schema:\n%s", what, strings.Join(unexpected, "\n"))
	}
	all := strings.Join(stmts, "\n")
	for table, cols := range unstable {
		for _, col := range cols {
			if !strings.Contains(all, col) {
				t.Errorf("%s left %s.%s alone: GORM no longer rewrites it, so drop it from the documented limits", what, table, col)
			}
		}
	}
}

// gormUnstable are the columns, by table, that GORM's migrators alter
// on every AutoMigrate although nothing changed, as the README documents:
//
//   - a string or enum default GORM cannot write bare (see
//     gormSafeString in gorm_tags.go; here the rule is written out again):
//     on SQLite GORM rebuilds the table;
//   - on MySQL a string or enum default on a text column, which MySQL
//     takes only as an expression;
//   - on MariaDB a json column, which MariaDB reports as longtext.
func gormUnstable(c gormCase, mariaDB bool) map[string][]string {
	out := map[string][]string{}
	for _, tbl := range c.schema.Migratable() {
		for _, f := range tbl.Fields {
			str, isString := f.Default.(string)
			written := isString && !f.Unique && (f.Type == schema.TypeString || f.Type == schema.TypeEnum)
			bare := str != "" && strings.TrimSpace(str) == str && !strings.EqualFold(str, "null") &&
				!strings.ContainsAny(str, `'"\`) && !(strings.Contains(str, "(") && strings.Contains(str, ")"))
			jsonCol := f.Type == schema.TypeJSON || f.Type == schema.TypeStringArray || f.Type == schema.TypeNumberArray
			switch {
			case written && !bare,
				written && c.dialect == "mysql" && gormMySQLText(c, tbl, f),
				jsonCol && c.dialect == "mysql" && mariaDB && !c.schema.ReferencesID(f):
				out[tbl.Name()] = append(out[tbl.Name()], f.ColumnName())
			}
		}
	}
	return out
}

func gormMySQLText(c gormCase, tbl *schema.Table, f schema.Field) bool {
	sqlText, _ := generate.SQL(c.schema, generate.SQLOptions{Dialect: "mysql"})
	return strings.Contains(string(sqlText), "`"+f.ColumnName()+"` text default")
}

// gormCheckUse: the user row read back holds the database's static defaults
// and GORM's timestamps, and deleting it deleted its session.
func gormCheckUse(t *testing.T, c gormCase, res gormRun) {
	t.Helper()
	user := c.schema.Table("user")
	for _, f := range user.Fields {
		got, ok := res.User[f.ColumnName()]
		if !ok {
			t.Errorf("user.%s: not read back", f.ColumnName())
			continue
		}
		switch {
		case f.Type == schema.TypeDate && schema.IsNow(f.Default):
			if s, _ := got.(string); s == "" || strings.HasPrefix(s, "0001-01-01") {
				t.Errorf("user.%s = %v, want the creation time", f.ColumnName(), got)
			}
		case f.HasStaticDefault() && !f.Unique && f.Type != schema.TypeDate:
			if fmt.Sprint(got) != fmt.Sprint(f.Default) {
				t.Errorf("user.%s = %v, want the default %v", f.ColumnName(), got, f.Default)
			}
		}
	}
	if res.Sessions != 0 {
		t.Errorf("%d sessions left after deleting their user, want 0 (on delete cascade)", res.Sessions)
	}
}

// gormEngine creates databases of one engine for a test.
type gormEngine struct {
	dialect string
	mariaDB bool
	dir     string
	admin   *sql.DB
	base    *url.URL
	prefix  string
	inspect func(*testing.T, *sql.DB, []string) gormShape
}

func newGORMEngine(t *testing.T, dialect string) *gormEngine {
	t.Helper()
	e := &gormEngine{dialect: dialect, prefix: "authctl_gorm_" + gormRandomHex(t)}
	switch dialect {
	case "sqlite":
		e.dir = t.TempDir()
		e.inspect = gormInspectSQLite
		return e
	case "postgres":
		e.base, e.admin = gormServer(t, "AUTHCTL_TEST_POSTGRES_URL", "pgx", func(u *url.URL) string { return u.String() })
		e.inspect = gormInspectPostgres
	case "mysql":
		e.base, e.admin = gormServer(t, "AUTHCTL_TEST_MYSQL_URL", "mysql", gormMySQLDSN)
		e.inspect = gormInspectMySQL
		var version string
		if err := e.admin.QueryRow("select version()").Scan(&version); err != nil {
			t.Fatal(err)
		}
		e.mariaDB = strings.Contains(strings.ToLower(version), "mariadb")
	}
	return e
}

// database creates an empty database (a schema of the test's own database
// on PostgreSQL) and returns the DSN GORM opens and a connection to it.
func (e *gormEngine) database(t *testing.T, name string) (string, *sql.DB) {
	t.Helper()
	var dsn, driver string
	switch e.dialect {
	case "sqlite":
		path := filepath.Join(e.dir, name+".db")
		dsn, driver = "file:"+path+"?_pragma=foreign_keys(1)", "sqlite"
	case "postgres":
		name = strings.ToLower(name) // search_path folds an unquoted name
		if _, err := e.admin.Exec(`create schema "` + name + `"`); err != nil {
			t.Fatal(err)
		}
		u := *e.base
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		dsn, driver = u.String(), "pgx"
	case "mysql":
		db := e.prefix + "_" + name
		if _, err := e.admin.Exec("create database `" + db + "`"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.admin.Exec("drop database `" + db + "`") })
		u := *e.base
		u.Path = "/" + db
		dsn, driver = gormMySQLDSN(&u), "mysql"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return dsn, db
}

// gormServer connects to the server in the environment variable and, on
// PostgreSQL, creates the test's own database. It skips the test when the
// variable is unset, unless CI is set.
func gormServer(t *testing.T, env, driver string, dsn func(*url.URL) string) (*url.URL, *sql.DB) {
	t.Helper()
	raw := os.Getenv(env)
	if raw == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set (CI is set, so this is a failure)", env)
		}
		t.Skipf("%s is not set", env)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	admin, err := sql.Open(driver, dsn(u))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if driver != "pgx" {
		return u, admin
	}
	name := "authctl_gorm_" + gormRandomHex(t)
	if _, err := admin.Exec(`create database "` + name + `"`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(`drop database "` + name + `" with (force)`) })
	own := *u
	own.Path = "/" + name
	db, err := sql.Open(driver, own.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &own, db
}

// gormMySQLDSN turns mysql://user:pass@host:port/db into the driver's DSN.
func gormMySQLDSN(u *url.URL) string {
	pass, _ := u.User.Password()
	return fmt.Sprintf("%s:%s@tcp(%s)%s?parseTime=true", u.User.Username(), pass, u.Host, u.Path)
}

func gormRandomHex(t *testing.T) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
