package migrate_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	amigrate "ariga.io/atlas/sql/migrate"
	gm "github.com/golang-migrate/migrate/v4"
	gmmysql "github.com/golang-migrate/migrate/v4/database/mysql"
	gmpgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	gmsqlite "github.com/golang-migrate/migrate/v4/database/sqlite"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/pressly/goose/v3"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/migrate/versioned"
)

// The files `authctl migrate diff` writes are applied by the tools they
// are written for — goose, golang-migrate and Atlas's executor as Go
// modules, dbmate as its binary (npm's @dbmate/linux-x64, testdata/npm-dbmate) — from
// an empty directory through three config changes, on every engine. After
// each step the database equals what `authctl migrate` makes of the same
// config on a fresh database, and a down migration returns it to the
// previous step's schema.

// versionedStages are the configs, in order: the default config, then a
// plugin, then additional fields, then another plugin.
func versionedStages() []core.Options {
	base := core.Options{EmailAndPassword: core.EmailAndPassword{Enabled: true}}
	s1 := base
	s1.Plugins = []core.Plugin{plugins.TwoFactor()}
	s2 := s1
	s2.User.AdditionalFields = []core.Field{
		{Name: "plan", Type: core.TypeString, Default: "free"},
		{Name: "tenantId", Type: core.TypeString, Required: core.Optional, Index: true},
		{Name: "credits", Type: core.TypeNumber, Default: 10},
	}
	s3 := s2
	s3.Plugins = []core.Plugin{plugins.TwoFactor(), plugins.Organization(plugins.OrganizationOptions{Teams: true})}
	return []core.Options{base, s1, s2, s3}
}

// migTool applies a migration directory to the database at a test URL.
type migTool struct {
	format versioned.Format
	up     func(t *testing.T, e engine, u, dir string)
	// down rolls back the last migration; nil when the format has none.
	down func(t *testing.T, e engine, u, dir string)
}

var migTools = []migTool{
	{versioned.Goose, gooseUp, gooseDown},
	{versioned.GolangMigrate, golangMigrateUp, golangMigrateDown},
	{versioned.DBMate, dbmateUp, dbmateDown},
	{versioned.Atlas, atlasUp, nil},
	{versioned.SQL, sqlUp, nil},
}

// bookkeeping are the tools' own tables, left out of comparisons.
var bookkeeping = []string{"goose_db_version", "schema_migrations", "sqlite_sequence"}

func TestVersionedToolsApplyFiles(t *testing.T) {
	stages := versionedStages()
	forEach(t, func(t *testing.T, e engine) {
		// What authctl migrate makes of each stage on a fresh database.
		want := make([]map[string]*physical, len(stages))
		for i, o := range stages {
			u := e.fresh(t)
			apply(t, open(t, u, migrate.Options{}), mustSchema(t, o))
			want[i] = describe(t, u, "")
		}
		for _, tool := range migTools {
			t.Run(string(tool.format), func(t *testing.T) {
				if tool.format == versioned.DBMate {
					dbmateBin(t)
				}
				dir := filepath.Join(t.TempDir(), "migrations")
				dev := devURL(t, e)
				target := e.fresh(t)
				clock := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
				for i, o := range stages {
					s := mustSchema(t, o)
					ctx := context.Background()
					vo := versioned.Options{Dir: dir, Format: tool.format, Name: fmt.Sprintf("step%d", i),
						Dialect: e.name, Schema: s, DevURL: dev, Now: func() time.Time { return clock }}
					res, err := versioned.Diff(ctx, vo)
					if err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
					if !res.Pending() || len(res.Plan.Unsafe) > 0 || len(res.Files) == 0 {
						t.Fatalf("step %d: pending %v, unsafe %+v, files %d", i, res.Pending(), res.Plan.Unsafe, len(res.Files))
					}
					if err := versioned.Write(res); err != nil {
						t.Fatal(err)
					}
					clock = clock.Add(time.Hour)
					// The directory is now in step: nothing to write.
					again, err := versioned.Diff(ctx, vo)
					if err != nil {
						t.Fatalf("step %d, again: %v", i, err)
					}
					if again.Pending() || len(again.Files) > 0 {
						t.Fatalf("step %d: the directory lags right after writing:\n%s", i, again.Plan.SQL())
					}

					tool.up(t, e, target, dir)
					if d := diffPhysical(toolSchema(t, target), want[i], nil); d != "" {
						t.Fatalf("step %d: %s (first) and authctl migrate (second) differ:\n%s\nfiles:\n%s", i, tool.format, d, dump(t, dir))
					}
					if tool.down == nil {
						continue
					}
					tool.down(t, e, target, dir)
					prev := map[string]*physical{}
					if i > 0 {
						prev = want[i-1]
					}
					if d := diffPhysical(toolSchema(t, target), prev, nil); d != "" {
						t.Fatalf("step %d: after %s down (first) and step %d (second) differ:\n%s\nfiles:\n%s", i, tool.format, i-1, d, dump(t, dir))
					}
					tool.up(t, e, target, dir)
				}
				if os.Getenv("AUTHCTL_DUMP_MIGRATIONS") != "" {
					t.Log(dump(t, dir))
				}
				if e.name != "sqlite" {
					if left := describe(t, dev, ""); len(left) > 0 {
						t.Errorf("the dev database was left with %d table(s)", len(left))
					}
				}
			})
		}
	})
}

// devURL is the scratch database of a test: none for SQLite.
func devURL(t *testing.T, e engine) string {
	if e.name == "sqlite" {
		return ""
	}
	return e.fresh(t)
}

// toolSchema describes the database without the tools' own tables.
func toolSchema(t *testing.T, u string) map[string]*physical {
	got := describe(t, u, "")
	for _, n := range bookkeeping {
		delete(got, n)
	}
	return got
}

func dump(t *testing.T, dir string) string {
	var b strings.Builder
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		fmt.Fprintf(&b, "== %s\n%s\n", e.Name(), data)
	}
	return b.String()
}

// toolDB opens the database at u as the tools expect it: SQLite with
// foreign keys on, MySQL with multiStatements (golang-migrate runs a file
// in one Exec).
func toolDB(t *testing.T, e engine, u string) *sql.DB {
	if e.name == "mysql" {
		return openRaw(t, "mysql", mysqlNative(t, u))
	}
	return rawDB(t, u)
}

var gooseDialect = map[string]goose.Dialect{"sqlite": goose.DialectSQLite3, "postgres": goose.DialectPostgres, "mysql": goose.DialectMySQL}

func gooseProvider(t *testing.T, e engine, u, dir string) *goose.Provider {
	p, err := goose.NewProvider(gooseDialect[e.name], toolDB(t, e, u), os.DirFS(dir))
	if err != nil {
		t.Fatalf("goose: %v", err)
	}
	return p
}

func gooseUp(t *testing.T, e engine, u, dir string) {
	if _, err := gooseProvider(t, e, u, dir).Up(context.Background()); err != nil {
		t.Fatalf("goose up: %v", err)
	}
}

func gooseDown(t *testing.T, e engine, u, dir string) {
	if _, err := gooseProvider(t, e, u, dir).Down(context.Background()); err != nil {
		t.Fatalf("goose down: %v", err)
	}
}

func golangMigrate(t *testing.T, e engine, u, dir string) *gm.Migrate {
	src, err := iofs.New(os.DirFS(dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	db := toolDB(t, e, u)
	var m *gm.Migrate
	switch e.name {
	case "sqlite":
		drv, err := gmsqlite.WithInstance(db, &gmsqlite.Config{})
		if err != nil {
			t.Fatal(err)
		}
		m, err = gm.NewWithInstance("iofs", src, "sqlite", drv)
	case "postgres":
		drv, err := gmpgx.WithInstance(db, &gmpgx.Config{})
		if err != nil {
			t.Fatal(err)
		}
		m, err = gm.NewWithInstance("iofs", src, "pgx", drv)
	default:
		drv, err := gmmysql.WithInstance(db, &gmmysql.Config{})
		if err != nil {
			t.Fatal(err)
		}
		m, err = gm.NewWithInstance("iofs", src, "mysql", drv)
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func golangMigrateUp(t *testing.T, e engine, u, dir string) {
	if err := golangMigrate(t, e, u, dir).Up(); err != nil && !errors.Is(err, gm.ErrNoChange) {
		t.Fatalf("golang-migrate up: %v", err)
	}
}

func golangMigrateDown(t *testing.T, e engine, u, dir string) {
	if err := golangMigrate(t, e, u, dir).Steps(-1); err != nil {
		t.Fatalf("golang-migrate down: %v", err)
	}
}

// dbmateBin returns npm's dbmate binary (@dbmate/linux-x64), skipping
// (failing under CI) when testdata/npm-dbmate is not installed.
func dbmateBin(t *testing.T) string {
	bin, err := filepath.Abs(filepath.Join("..", "testdata", "npm-dbmate", "node_modules", "@dbmate", "linux-x64", "bin", "dbmate"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("dbmate is not installed (CI is set): run npm ci in testdata/npm-dbmate: %v", err)
		}
		t.Skip("dbmate is not installed; run `npm ci` in testdata/npm-dbmate")
	}
	return bin
}

// dbmateURL turns a test URL into dbmate's form.
func dbmateURL(t *testing.T, e engine, u string) string {
	switch e.name {
	case "sqlite":
		return "sqlite:" + strings.TrimPrefix(u, "sqlite:")
	case "postgres":
		pu, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		q := pu.Query()
		if q.Get("sslmode") == "" {
			q.Set("sslmode", "disable")
		}
		pu.RawQuery = q.Encode()
		return pu.String()
	}
	return u
}

func dbmate(t *testing.T, e engine, u, dir, verb string) {
	cmd := exec.Command(dbmateBin(t), "--url", dbmateURL(t, e, u), "--migrations-dir", dir, "--no-dump-schema", verb)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("dbmate %s: %v\n%s", verb, err, out)
	}
}

func dbmateUp(t *testing.T, e engine, u, dir string)   { dbmate(t, e, u, dir, "up") }
func dbmateDown(t *testing.T, e engine, u, dir string) { dbmate(t, e, u, dir, "rollback") }

// atlasUp runs Atlas's executor, which checks atlas.sum, over the
// directory; the revisions live in memory per database, as a stand-in for
// Atlas's revision table.
func atlasUp(t *testing.T, e engine, u, dir string) {
	dsn, err := dialects.ParseDSN(u)
	if err != nil {
		t.Fatal(err)
	}
	drv, err := dialects.AtlasDriver(dsn.Engine, toolDB(t, e, u))
	if err != nil {
		t.Fatal(err)
	}
	d, err := amigrate.NewLocalDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The PostgreSQL test database is a schema of a shared database, whose
	// other schemas Atlas's clean check would see (the atlas CLI binds the
	// connection to the URL's search_path schema instead).
	ex, err := amigrate.NewExecutor(drv, d, atlasRevisions(u), amigrate.WithAllowDirty(e.name == "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.ExecuteN(context.Background(), 0); err != nil && !errors.Is(err, amigrate.ErrNoPendingFiles) {
		t.Fatalf("atlas migrate apply: %v", err)
	}
}

var revisionStores = map[string]*memRevisions{}

func atlasRevisions(u string) *memRevisions {
	if revisionStores[u] == nil {
		revisionStores[u] = &memRevisions{byVersion: map[string]*amigrate.Revision{}}
	}
	return revisionStores[u]
}

// memRevisions is an in-memory amigrate.RevisionReadWriter.
type memRevisions struct {
	order     []string
	byVersion map[string]*amigrate.Revision
}

func (r *memRevisions) Ident() *amigrate.TableIdent { return nil }
func (r *memRevisions) ReadRevisions(context.Context) ([]*amigrate.Revision, error) {
	out := make([]*amigrate.Revision, 0, len(r.order))
	for _, v := range r.order {
		out = append(out, r.byVersion[v])
	}
	return out, nil
}
func (r *memRevisions) ReadRevision(_ context.Context, v string) (*amigrate.Revision, error) {
	if rev, ok := r.byVersion[v]; ok {
		return rev, nil
	}
	return nil, amigrate.ErrRevisionNotExist
}
func (r *memRevisions) WriteRevision(_ context.Context, rev *amigrate.Revision) error {
	if _, ok := r.byVersion[rev.Version]; !ok {
		r.order = append(r.order, rev.Version)
	}
	r.byVersion[rev.Version] = rev
	return nil
}
func (r *memRevisions) DeleteRevision(_ context.Context, v string) error {
	delete(r.byVersion, v)
	for i, o := range r.order {
		if o == v {
			r.order = append(r.order[:i], r.order[i+1:]...)
			break
		}
	}
	return nil
}

// sqlApplied tracks the plain SQL files already run, per database.
var sqlApplied = map[string]map[string]bool{}

// sqlUp runs the plain SQL files not run yet, in name order, statement by
// statement (execScript splits at lines ending in ";", as psql would run
// them — not with Atlas's lexer, which the replay uses).
func sqlUp(t *testing.T, e engine, u, dir string) {
	if sqlApplied[u] == nil {
		sqlApplied[u] = map[string]bool{}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range entries {
		if !strings.HasSuffix(f.Name(), ".sql") || sqlApplied[u][f.Name()] {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		execScript(t, u, string(b))
		sqlApplied[u][f.Name()] = true
	}
}
