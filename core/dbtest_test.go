package core_test

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/generate"
)

// Every handler test runs on SQLite in-process, and on PostgreSQL and
// MariaDB/MySQL when AUTHCTL_TEST_POSTGRES_URL / AUTHCTL_TEST_MYSQL_URL
// are set (CI sets them; without them the tests skip locally and fail
// under CI). Each test gets its own database, created from the schema
// with generate.SQL — the same DDL `authctl generate` writes.

var dialects = []string{core.DialectSQLite, core.DialectPostgres, core.DialectMySQL}

func serverURL(t *testing.T, dialect string) string {
	t.Helper()
	env := map[string]string{core.DialectPostgres: "AUTHCTL_TEST_POSTGRES_URL", core.DialectMySQL: "AUTHCTL_TEST_MYSQL_URL"}[dialect]
	u := os.Getenv(env)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set under CI", env)
		}
		t.Skipf("%s not set", env)
	}
	return u
}

func randomName() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "authctl_core_" + hex.EncodeToString(b[:])
}

// openDB returns a fresh, empty database of the dialect, dropped when the
// test ends.
func openDB(t *testing.T, dialect string) *sql.DB {
	t.Helper()
	db, _ := openDBURL(t, dialect)
	return db
}

// openDBURL is openDB, also returning the database's URL in the form
// core.Database.URL takes (a file path, postgres://…, mysql://…).
func openDBURL(t *testing.T, dialect string) (*sql.DB, string) {
	t.Helper()
	switch dialect {
	case core.DialectSQLite:
		path := filepath.Join(t.TempDir(), "auth.db")
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db, path
	case core.DialectPostgres:
		base := serverURL(t, dialect)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatal(err)
		}
		name := randomName()
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(base)
		u.Path = "/" + name
		db, err := sql.Open("pgx", u.String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			db.Close()
			_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			admin.Close()
		})
		return db, u.String()
	default:
		base := serverURL(t, dialect)
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		pw, _ := u.User.Password()
		dsn := func(db string) string {
			return u.User.Username() + ":" + pw + "@tcp(" + u.Host + ")/" + db + "?parseTime=true&time_zone=%27%2B00%3A00%27"
		}
		admin, err := sql.Open("mysql", dsn(strings.TrimPrefix(u.Path, "/")))
		if err != nil {
			t.Fatal(err)
		}
		name := randomName()
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("mysql", dsn(name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			db.Close()
			_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
			admin.Close()
		})
		u.Path = "/" + name
		return db, u.String()
	}
}

// createTables runs the generated DDL for a's schema.
func createTables(t *testing.T, db *sql.DB, dialect string, a *core.Auth) {
	t.Helper()
	s, err := a.Schema()
	if err != nil {
		t.Fatal(err)
	}
	ddl, err := generate.SQL(s, generate.SQLOptions{Dialect: dialect})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(string(ddl), ";\n") {
		if stmt = strings.TrimSpace(stmt); stmt != "" {
			if _, err := db.Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
	}
}

// newAuth builds an Auth on a fresh database of the dialect with its
// tables created.
func newAuth(t *testing.T, dialect string, o core.Options) (*core.Auth, *sql.DB) {
	t.Helper()
	db := openDB(t, dialect)
	o.Database = core.Database{Dialect: dialect, DB: db, Schema: o.Database.Schema}
	if o.Secret == "" {
		o.Secret = testSecret
	}
	a := core.New(o)
	createTables(t, db, dialect, a)
	t.Cleanup(func() { a.Close() })
	return a, db
}

const testSecret = "wire-test-secret-0123456789abcdefghijklmnopqrstuv"

// forEachDialect runs f as a subtest per dialect, in parallel.
func forEachDialect(t *testing.T, f func(t *testing.T, dialect string)) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			f(t, d)
		})
	}
}

// TestMain clears the environment variables the runtime reads, so that a
// developer's or CI's NODE_ENV=production or BETTER_AUTH_URL cannot change
// what the tests see.
func TestMain(m *testing.M) {
	for _, v := range []string{"NODE_ENV", "BETTER_AUTH_URL", "BETTER_AUTH_SECRET", "BETTER_AUTH_SECRETS", "AUTH_SECRET", "BETTER_AUTH_TRUSTED_ORIGINS"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}
