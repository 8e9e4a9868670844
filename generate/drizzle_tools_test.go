package generate_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/schema"
)

// The Drizzle output checked by the real tools (testdata/npm-orm): prettier
// formats it to the same bytes, tsc type-checks it against drizzle-orm, and
// drizzle-kit turns it into SQL that builds the same SQLite and PostgreSQL
// tables as authctl's own SQL (MySQL: drizzle_mysql_test.go).

func ormDrizzleGoldenPaths(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "drizzle", "*", "*.ts"))
	if err != nil || len(paths) < 20 {
		t.Fatalf("golden Drizzle files: %d, %v", len(paths), err)
	}
	return paths
}

// ormNpmBin runs a tool of testdata/npm-orm/node_modules/.bin in dir.
func ormNpmBin(t *testing.T, dir, tool string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(filepath.Join(npmOrm(t), "node_modules", ".bin", tool), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "FORCE_COLOR=0")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestDrizzleGoldenFilesArePrettierFormatted(t *testing.T) {
	npmOrm(t)
	paths := ormDrizzleGoldenPaths(t)
	abs := make([]string, len(paths))
	for i, p := range paths {
		abs[i], _ = filepath.Abs(p)
	}
	if out, err := ormNpmBin(t, t.TempDir(), "prettier", append([]string{"--check", "--no-config"}, abs...)...); err != nil {
		t.Errorf("prettier would reformat golden files: %v\n%s", err, out)
	}
}

// ormLinkNodeModules makes dir resolve imports from testdata/npm-orm.
func ormLinkNodeModules(t *testing.T, dir string) {
	t.Helper()
	if err := os.Symlink(filepath.Join(npmOrm(t), "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
}

func TestDrizzleGoldenFilesTypeCheck(t *testing.T) {
	npmOrm(t)
	dir := t.TempDir()
	ormLinkNodeModules(t, dir)
	for _, p := range ormDrizzleGoldenPaths(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.ReplaceAll(strings.TrimPrefix(filepath.ToSlash(p), "testdata/drizzle/"), "/", "_")
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A file drizzle-orm's types reject, so that the check can fail.
	bad := "import { mysqlTable, text } from \"drizzle-orm/mysql-core\";\nexport const x = mysqlTable(\"x\", { a: text(\"a\", { mode: \"json\" }) });\n"
	if err := os.WriteFile(filepath.Join(dir, "zz_bad.ts"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	tsconfig := `{"compilerOptions":{"strict":true,"noEmit":true,"target":"ES2022","module":"ESNext","moduleResolution":"Bundler","skipLibCheck":true,"types":[]},"include":["*.ts"]}`
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), []byte(tsconfig), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := ormNpmBin(t, dir, "tsc", "-p", ".")
	if err == nil {
		t.Fatalf("tsc accepted a schema drizzle-orm rejects; the check is not working:\n%s", out)
	}
	var errs []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "zz_bad.ts") && !strings.HasPrefix(l, " ") {
			errs = append(errs, l)
		}
	}
	if len(errs) > 0 || !strings.Contains(out, "zz_bad.ts") {
		t.Errorf("tsc --noEmit:\n%s", out)
	}
}

// ormDrizzleKitSQL runs `drizzle-kit generate` on a schema file and returns
// the statements of the migration it writes.
func ormDrizzleKitSQL(t *testing.T, code []byte, dialect string) []string {
	t.Helper()
	dir := t.TempDir()
	ormLinkNodeModules(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "auth-schema.ts"), code, 0o644); err != nil {
		t.Fatal(err)
	}
	kitDialect := map[string]string{"sqlite": "sqlite", "pg": "postgresql", "mysql": "mysql"}[dialect]
	out, err := ormNpmBin(t, dir, "drizzle-kit", "generate", "--dialect", kitDialect, "--schema", "./auth-schema.ts", "--out", "./drizzle")
	if err != nil {
		t.Fatalf("drizzle-kit generate: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "drizzle", "*.sql"))
	if len(files) != 1 {
		t.Fatalf("drizzle-kit wrote %v\n%s", files, out)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var stmts []string
	for _, s := range strings.Split(string(b), "--> statement-breakpoint") {
		if s = strings.TrimSpace(s); s != "" {
			stmts = append(stmts, s)
		}
	}
	return stmts
}

// ormDbTable is what the comparison looks at: columns (name, type,
// nullability, primary key), indexes (columns and uniqueness, and the name
// of non-unique ones) and foreign keys.
type ormDbTable struct {
	columns []string
	indexes []string
	fks     []string
}

// ormCompareFixtures are the fixtures the database comparison runs on.
func ormCompareFixtures() []fixture {
	return []fixture{fixtures[0], fixtures[1], fixtures[2], fixtures[3], fixtures[5], ormRelationsFixture, extras, ormOAuthFixture}
}

// ormOAuthFixture has string foreign keys to a column other than an id
// (oauthRefreshToken.clientId → oauthClient.clientId), which MySQL must
// size like the column they reference.
var ormOAuthFixture = fixture{"oauth", func() core.Options {
	return core.Options{
		EmailAndPassword: core.EmailAndPassword{Enabled: true},
		Plugins:          []core.Plugin{plugins.JWT(), plugins.OAuthProvider()},
	}
}}

// ormSnake is the Drizzle (snake_case) form of the SQL output's camelCase
// names, for the names the fixtures use.
var ormSnakeRE = regexp.MustCompile(`([a-z0-9])([A-Z])`)

func ormSnake(s string) string { return strings.ToLower(ormSnakeRE.ReplaceAllString(s, "${1}_${2}")) }

// The documented differences between the Drizzle schema and authctl's SQL,
// all of them Better Auth's Drizzle types: dates are integer milliseconds
// on SQLite and timestamp (without time zone) on PostgreSQL, where arrays
// are native arrays rather than jsonb; SQLite has no bigint type name.
func ormNormalizeType(dialect, typ string) string {
	typ = strings.ToLower(typ)
	switch dialect {
	case "sqlite":
		switch typ {
		case "date", "bigint":
			return "integer"
		}
	case "pg":
		switch typ {
		case "timestamp_with_time_zone":
			return "timestamp_without_time_zone"
		case "text[]", "integer[]", "bigint[]":
			return "jsonb"
		}
	}
	return typ
}

func TestDrizzleKitBuildsTheSameSQLiteTables(t *testing.T) {
	npmOrm(t)
	for _, fx := range ormCompareFixtures() {
		s := schemaOf(t, fx)
		code, err := generate.Drizzle(s, generate.DrizzleOptions{Dialect: "sqlite"})
		if err != nil {
			t.Fatal(err)
		}
		theirs := ormApplySQLite(t, ormFreshSQLite(t), ormDrizzleKitSQL(t, code, "sqlite"))
		ourSQL, err := generate.SQL(s, generate.SQLOptions{Dialect: "sqlite"})
		if err != nil {
			t.Fatal(err)
		}
		ours := ormApplySQLite(t, ormFreshSQLite(t), strings.Split(string(ourSQL), ";\n\n"))
		ormCompareTables(t, fx.name+"/sqlite", "sqlite", s, ours, theirs)
		migrated := ormApplySQLite(t, ormMigrated(t, ormFreshSQLite(t), "sqlite", s), nil)
		ormCompareTables(t, fx.name+"/sqlite, authctl migrate", "sqlite", s, migrated, theirs)
	}
}

// ormFreshSQLite opens a new, empty SQLite database, closed when the test
// ends.
func ormFreshSQLite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "db.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// ormMigrated runs authctl migrate's engine on db and returns db: the
// issue asks for drizzle-kit's tables to equal what migrate builds, not
// only what the SQL file builds.
func ormMigrated(t *testing.T, db *sql.DB, dialect string, s *schema.Schema) *sql.DB {
	t.Helper()
	if _, err := migrate.Up(context.Background(), db, dialect, s, migrate.Options{}); err != nil {
		t.Fatalf("authctl migrate on %s: %v", dialect, err)
	}
	return db
}

func ormApplySQLite(t *testing.T, db *sql.DB, stmts []string) map[string]ormDbTable {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	out := map[string]ormDbTable{}
	for _, name := range ormQueryStrings(t, db, `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`) {
		var tb ormDbTable
		rows := ormQueryRows(t, db, fmt.Sprintf(`select name, type, "notnull", pk from pragma_table_info('%s')`, name))
		for _, r := range rows {
			tb.columns = append(tb.columns, fmt.Sprintf("%s %s notnull=%s pk=%s", r[0], r[1], r[2], r[3]))
		}
		for _, r := range ormQueryRows(t, db, fmt.Sprintf(`select name, "unique", origin from pragma_index_list('%s')`, name)) {
			if r[2] == "pk" {
				continue
			}
			cols := strings.Join(ormQueryStrings(t, db, fmt.Sprintf(`select name from pragma_index_info('%s') order by seqno`, r[0])), ",")
			ix := fmt.Sprintf("unique=%s (%s)", r[1], cols)
			if r[1] == "0" {
				ix += " " + r[0]
			}
			tb.indexes = append(tb.indexes, ix)
		}
		for _, r := range ormQueryRows(t, db, fmt.Sprintf(`select "from", "table", "to", on_delete from pragma_foreign_key_list('%s')`, name)) {
			tb.fks = append(tb.fks, fmt.Sprintf("%s -> %s.%s on delete %s", r[0], r[1], r[2], strings.ToLower(r[3])))
		}
		out[name] = tb
	}
	return out
}

// ormCompareTables compares our tables (camelCase) with Drizzle's (snake_case
// unless the names are equal).
func ormCompareTables(t *testing.T, label, dialect string, s *schema.Schema, ours, theirs map[string]ormDbTable) {
	t.Helper()
	rename := func(x string) string { return ormSnake(x) }
	if len(ours) != len(theirs) {
		t.Errorf("%s: %d tables from our SQL, %d from drizzle-kit", label, len(ours), len(theirs))
	}
	for name, o := range ours {
		d, ok := theirs[rename(name)]
		if !ok {
			t.Errorf("%s: drizzle-kit made no table %s", label, rename(name))
			continue
		}
		norm := func(items []string, ourSide bool) []string {
			var out []string
			for _, it := range items {
				f := strings.Fields(it)
				switch {
				case strings.Contains(it, "notnull="): // column
					n := f[0]
					if ourSide {
						n = rename(n)
					}
					typ := ormNormalizeType(dialect, strings.Join(f[1:len(f)-2], " "))
					out = append(out, n+" "+typ+" "+strings.Join(f[len(f)-2:], " "))
				case strings.Contains(it, " -> "): // foreign key
					if ourSide {
						it = rename(f[0]) + " -> " + ormRenameQualified(f[2], rename) + " " + strings.Join(f[3:], " ")
					}
					out = append(out, it)
				default: // index
					if ourSide {
						cols := strings.TrimSuffix(strings.TrimPrefix(f[1], "("), ")")
						var parts []string
						for _, c := range strings.Split(cols, ",") {
							parts = append(parts, rename(c))
						}
						it = f[0] + " (" + strings.Join(parts, ",") + ")"
						if len(f) > 2 {
							it += " " + f[2]
						}
					}
					out = append(out, it)
				}
			}
			sort.Strings(out)
			return out
		}
		for _, pair := range [][2][]string{{o.columns, d.columns}, {o.indexes, d.indexes}, {o.fks, d.fks}} {
			a, b := norm(pair[0], true), norm(pair[1], false)
			if strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Errorf("%s: table %s differs:\n--- ours\n%s\n--- drizzle-kit\n%s", label, name, strings.Join(a, "\n"), strings.Join(b, "\n"))
			}
		}
	}
}

func ormRenameQualified(tc string, rename func(string) string) string {
	i := strings.LastIndexByte(tc, '.')
	return rename(tc[:i]) + "." + rename(tc[i+1:])
}

func ormQueryRows(t *testing.T, db *sql.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		r := make([]string, len(cols))
		for i, v := range vals {
			r[i] = v.String
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func ormQueryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	var out []string
	for _, r := range ormQueryRows(t, db, q, args...) {
		out = append(out, r[0])
	}
	return out
}

// ormPostgresURL returns AUTHCTL_TEST_POSTGRES_URL, skipping locally when it
// is unset and failing under CI.
func ormPostgresURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("AUTHCTL_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("AUTHCTL_TEST_POSTGRES_URL is unset (CI is set, so this is a failure)")
		}
		t.Skip("AUTHCTL_TEST_POSTGRES_URL is unset; skipping the PostgreSQL comparison")
	}
	return u
}

// ormFreshPostgres creates a database with a random name and returns a
// connection to it; it is dropped when the test ends.
func ormFreshPostgres(t *testing.T, base string) *sql.DB {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "authctl_orm_" + hex.EncodeToString(b)
	if _, err := admin.Exec("create database " + name); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		_, _ = admin.Exec("drop database if exists " + name + " with (force)")
	})
	return db
}

func ormApplyPostgres(t *testing.T, db *sql.DB, stmts []string) map[string]ormDbTable {
	t.Helper()
	ctx := context.Background()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	out := map[string]ormDbTable{}
	for _, name := range ormQueryStrings(t, db, `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`) {
		var tb ormDbTable
		for _, r := range ormQueryRows(t, db, `
			select a.attname, pg_catalog.format_type(a.atttypid, null),
			       case when a.attnotnull then '1' else '0' end,
			       case when exists (select 1 from pg_index i where i.indrelid = a.attrelid and i.indisprimary and a.attnum = any(i.indkey)) then '1' else '0' end
			from pg_attribute a
			where a.attrelid = ('public.' || quote_ident($1))::regclass and a.attnum > 0 and not a.attisdropped
			order by a.attnum`, name) {
			tb.columns = append(tb.columns, fmt.Sprintf("%s %s notnull=%s pk=%s", r[0], strings.ReplaceAll(r[1], " ", "_"), r[2], r[3]))
		}
		for _, r := range ormQueryRows(t, db, `
			select ic.relname, case when i.indisunique then '1' else '0' end,
			       (select string_agg(a.attname, ',' order by k.ord) from unnest(i.indkey) with ordinality k(attnum, ord)
			        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum)
			from pg_index i join pg_class ic on ic.oid = i.indexrelid
			where i.indrelid = ('public.' || quote_ident($1))::regclass and not i.indisprimary`, name) {
			ix := fmt.Sprintf("unique=%s (%s)", r[1], r[2])
			if r[1] == "0" {
				ix += " " + r[0]
			}
			tb.indexes = append(tb.indexes, ix)
		}
		for _, r := range ormQueryRows(t, db, `
			select kcu.column_name, ccu.table_name || '.' || ccu.column_name, lower(rc.delete_rule)
			from information_schema.referential_constraints rc
			join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
			join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.constraint_name and ccu.constraint_schema = rc.constraint_schema
			where kcu.table_schema = 'public' and kcu.table_name = $1`, name) {
			tb.fks = append(tb.fks, fmt.Sprintf("%s -> %s on delete %s", r[0], r[1], r[2]))
		}
		out[name] = tb
	}
	return out
}

func TestDrizzleKitBuildsTheSamePostgresTables(t *testing.T) {
	npmOrm(t)
	base := ormPostgresURL(t)
	for _, fx := range ormCompareFixtures() {
		s := schemaOf(t, fx)
		code, err := generate.Drizzle(s, generate.DrizzleOptions{Dialect: "pg"})
		if err != nil {
			t.Fatal(err)
		}
		theirs := ormApplyPostgres(t, ormFreshPostgres(t, base), ormDrizzleKitSQL(t, code, "pg"))
		ourSQL, err := generate.SQL(s, generate.SQLOptions{Dialect: "postgres"})
		if err != nil {
			t.Fatal(err)
		}
		ours := ormApplyPostgres(t, ormFreshPostgres(t, base), strings.Split(string(ourSQL), ";\n\n"))
		ormCompareTables(t, fx.name+"/pg", "pg", s, ours, theirs)
		migrated := ormApplyPostgres(t, ormMigrated(t, ormFreshPostgres(t, base), "postgres", s), nil)
		ormCompareTables(t, fx.name+"/pg, authctl migrate", "pg", s, migrated, theirs)
	}
}
