package migrate_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/schema"
)

// The database tests run on SQLite always, and on PostgreSQL and MySQL
// (MariaDB) when AUTHCTL_TEST_POSTGRES_URL and AUTHCTL_TEST_MYSQL_URL name
// servers (.ci/services.sh starts both). Without a URL they skip, except
// under CI, where they fail. Every test creates its own database and drops
// it afterwards, so tests run in parallel with each other and with other
// packages.

const (
	envPostgres = "AUTHCTL_TEST_POSTGRES_URL"
	envMySQL    = "AUTHCTL_TEST_MYSQL_URL"
)

// serverURL returns the admin URL of a test server, skipping (or, under
// CI, failing) the test when it is not configured.
func serverURL(t testing.TB, env string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set (CI must run the database tests; see .ci/services.sh)", env)
		}
		t.Skipf("%s is not set", env)
	}
	return u
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// engine is a database engine under test; fresh returns the URL of a new,
// empty database that is dropped when the test ends.
type engine struct {
	name  string
	fresh func(t testing.TB) string
}

var allEngines = []engine{
	{"sqlite", freshSQLite},
	{"postgres", freshPostgres},
	{"mysql", freshMySQL},
}

// forEach runs f as a subtest per engine.
func forEach(t *testing.T, f func(t *testing.T, e engine)) {
	for _, e := range allEngines {
		t.Run(e.name, func(t *testing.T) { f(t, e) })
	}
}

func freshSQLite(t testing.TB) string {
	return "sqlite:" + t.TempDir() + "/auth.db"
}

// freshPostgres returns the URL of a new schema in the server's database,
// selected by the URL's search_path: creating a schema takes milliseconds
// where CREATE DATABASE takes seconds. Tests about the default schema use
// freshPostgresDB.
func freshPostgres(t testing.TB) string {
	admin := serverURL(t, envPostgres)
	name := randomName("authctl_t_")
	db := openRaw(t, "pgx", admin)
	mustExec(t, db, "CREATE SCHEMA "+name)
	t.Cleanup(func() {
		db := openRaw(t, "pgx", admin)
		if _, err := db.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// freshPostgresDB returns the URL of a new database.
func freshPostgresDB(t testing.TB) string {
	admin := serverURL(t, envPostgres)
	name := randomName("authctl_t_")
	db := openRaw(t, "pgx", admin)
	// file_copy skips WAL-logging the template's files: far faster here.
	mustExec(t, db, "CREATE DATABASE "+name+" STRATEGY file_copy")
	t.Cleanup(func() {
		db := openRaw(t, "pgx", admin)
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func freshMySQL(t testing.TB) string {
	admin := serverURL(t, envMySQL)
	name := randomName("authctl_t_")
	db := openRaw(t, "mysql", mysqlNative(t, admin))
	mustExec(t, db, "CREATE DATABASE "+name)
	t.Cleanup(func() {
		db := openRaw(t, "mysql", mysqlNative(t, admin))
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// mysqlNative turns mysql://user:pass@host/db into the driver's form.
func mysqlNative(t testing.TB, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	pass, _ := u.User.Password()
	return u.User.Username() + ":" + pass + "@tcp(" + u.Host + ")" + u.Path + "?multiStatements=true"
}

// openRaw opens a plain database/sql handle closed at the end of the test.
func openRaw(t testing.TB, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawDB opens the database at a test URL directly, bypassing migrate.
func rawDB(t testing.TB, u string) *sql.DB {
	t.Helper()
	dsn, err := dialects.ParseDSN(u)
	if err != nil {
		t.Fatal(err)
	}
	db, err := dsn.Open(context.Background(), dialects.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if strings.TrimSpace(s) == "" {
			continue
		}
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func open(t testing.TB, u string, o migrate.Options) *migrate.Migrator {
	t.Helper()
	m, err := migrate.Open(context.Background(), u, migrate.OpenOptions{Options: o})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func mustSchema(t testing.TB, o core.Options) *schema.Schema {
	t.Helper()
	s, err := core.New(o).Schema()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func apply(t testing.TB, m *migrate.Migrator, s *schema.Schema) *migrate.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := m.Apply(ctx, s, migrate.ApplyOptions{})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return res
}
