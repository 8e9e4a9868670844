package dialects_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/dialects"
)

func TestParseDSN(t *testing.T) {
	cases := []struct {
		in, dialect, path, database, location string
	}{
		{in: "sqlite:./auth.db", dialect: "sqlite", path: "./auth.db", location: "./auth.db"},
		{in: "sqlite://auth.db", dialect: "sqlite", path: "auth.db"},
		{in: "sqlite:///var/lib/auth.db", dialect: "sqlite", path: "/var/lib/auth.db"},
		{in: "SQLite:auth.db", dialect: "sqlite", path: "auth.db"},
		{in: "file:auth.db?cache=shared", dialect: "sqlite", path: "auth.db"},
		{in: "file:///tmp/a%20b.db", dialect: "sqlite", path: "/tmp/a b.db"},
		{in: "auth.db", dialect: "sqlite", path: "auth.db"},
		{in: "/abs/auth.db", dialect: "sqlite", path: "/abs/auth.db"},
		{in: ":memory:", dialect: "sqlite", path: ":memory:"},
		{in: "postgres://app:s3cret@db.example.com:6543/app?sslmode=disable", dialect: "postgres", database: "app", location: "db.example.com:6543/app"},
		{in: "postgresql://app@localhost/app", dialect: "postgres", database: "app", location: "localhost:5432/app"},
		{in: "mysql://app:s3cret@db:3307/app?parseTime=true", dialect: "mysql", database: "app", location: "db:3307/app"},
		{in: "mariadb://app@db/app", dialect: "mysql", database: "app", location: "db:3306/app"},
		{in: "app:s3cret@tcp(127.0.0.1:3306)/app?parseTime=true", dialect: "mysql", database: "app", location: "127.0.0.1:3306/app"},
		{in: "app:p@ss/w@rd@tcp(db:3306)/app", dialect: "mysql", database: "app", location: "db:3306/app"},
		{in: "root@unix(/run/mysqld/mysqld.sock)/app", dialect: "mysql", database: "app", location: "/run/mysqld/mysqld.sock/app"},
		{in: "root@/app", dialect: "mysql", database: "app"},
		{in: "host=db port=6543 user=app password=s3cret dbname=app sslmode=disable", dialect: "postgres", database: "app", location: "db:6543/app"},
	}
	for _, c := range cases {
		d, err := dialects.ParseDSN(c.in)
		if err != nil {
			t.Errorf("ParseDSN(%q): %v", c.in, err)
			continue
		}
		if d.Engine.Name() != c.dialect || d.Path != c.path || d.Database != c.database {
			t.Errorf("ParseDSN(%q) = dialect %q path %q database %q; want %q %q %q", c.in, d.Engine, d.Path, d.Database, c.dialect, c.path, c.database)
		}
		if c.location != "" && d.Location() != c.location {
			t.Errorf("ParseDSN(%q).Location() = %q, want %q", c.in, d.Location(), c.location)
		}
		if strings.Contains(d.String(), "s3cret") || strings.Contains(d.Location(), "s3cret") {
			t.Errorf("ParseDSN(%q) leaks the password: %s / %s", c.in, d, d.Location())
		}
	}
}

func TestParseDSNErrors(t *testing.T) {
	cases := map[string]string{
		"":                                   "empty database URL",
		"redis://u:s3cret@host/0":            `unknown database URL scheme "redis"`,
		"mysql://u:s3cret@host:3306":         "names no database",
		"mysql://u:s3cret@host:3306/":        "names no database",
		"u:s3cret@tcp(host:3306)/":           "names no database",
		"postgres://u:s3cret@host:notaport/": "PostgreSQL URL",
		"sqlite:":                            "names no file",
		"mysql://u:s3cret@host/db?timeout=x": "MySQL URL",
	}
	for in, want := range cases {
		_, err := dialects.ParseDSN(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDSN(%q) error = %v, want %q", in, err, want)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("ParseDSN(%q) error leaks the password: %v", in, err)
		}
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"postgres://app:s3cret@db:5432/app?sslmode=disable": "postgres://app:****@db:5432/app?sslmode=disable",
		"postgres://app@db/app?password=s3cret&sslmode=off": "postgres://app@db/app?password=****&sslmode=off",
		"mysql://app:p%40ss@db/app":                         "mysql://app:****@db/app",
		"app:s3cret@tcp(127.0.0.1:3306)/app":                "app:****@tcp(127.0.0.1:3306)/app",
		"app:p@ss/w@rd@tcp(db:3306)/app":                    "app:****@tcp(db:3306)/app",
		"host=db user=app password=s3cret dbname=app":       "host=db user=app password=**** dbname=app",
		"host=db password='s3 cret' dbname=app":             "host=db password=**** dbname=app",
		"sqlite:./auth.db":                                  "sqlite:./auth.db",
		"postgres://app@db/app":                             "postgres://app@db/app",
		"postgres://app:s3cret@db:5432/app%zz":              "postgres://app:****@db:5432/app%zz",
		"root@unix(/run/mysqld/mysqld.sock)/app?tls=true":   "root@unix(/run/mysqld/mysqld.sock)/app?tls=true",
	}
	for in, want := range cases {
		if got := dialects.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScrub(t *testing.T) {
	d, err := dialects.ParseDSN("postgres://app:p%40ss%2Fword@db/app")
	if err != nil {
		t.Fatal(err)
	}
	got := d.Scrub("password authentication failed (p@ss/word, p%40ss%2Fword)")
	if strings.Contains(got, "p@ss/word") || strings.Contains(got, "p%40ss%2Fword") {
		t.Errorf("Scrub = %q", got)
	}
	var nilDSN *dialects.DSN
	if nilDSN.Scrub("x") != "x" {
		t.Error("nil Scrub changed the message")
	}
}

func TestSearchPath(t *testing.T) {
	cases := map[string][]string{
		`"$user", public`:             {"$user", "public"},
		`app`:                         {"app"},
		`App, "My Schema", "we""ird"`: {"app", "My Schema", `we"ird`},
		`"a,b" , c`:                   {"a,b", "c"},
		``:                            nil,
		`""`:                          {""},
	}
	for in, want := range cases {
		got := dialects.SearchPath(in)
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("SearchPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// SQLite paths resolve against Dir; a read-only open of a missing file
// plans against an empty database and creates nothing; a missing
// directory is an error naming it; foreign keys are on.
func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := dialects.ParseDSN("sqlite:sub/auth.db")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, dialects.OpenOptions{Dir: dir}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing directory: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	ro, err := d.Open(ctx, dialects.OpenOptions{Dir: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := ro.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n); err != nil || n != 0 {
		t.Fatalf("read-only missing file: %d tables, %v", n, err)
	}
	ro.Close()
	if _, err := os.Stat(filepath.Join(dir, "sub", "auth.db")); !os.IsNotExist(err) {
		t.Fatalf("a read-only open created the file: %v", err)
	}

	db, err := d.Open(ctx, dialects.OpenOptions{Dir: dir, ConnectTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var fk, busy int
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v", fk, err)
	}
	if err := db.QueryRow("PRAGMA busy_timeout").Scan(&busy); err != nil || busy != 3000 {
		t.Errorf("busy_timeout = %d, %v", busy, err)
	}
	if _, err := db.Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	ro, err = d.Open(ctx, dialects.OpenOptions{Dir: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Exec("CREATE TABLE u (x)"); err == nil {
		t.Error("a read-only database accepted a write")
	}
}

// Connecting to a server that is not there fails within the timeout with
// a message naming where, and without the password.
func TestOpenUnreachable(t *testing.T) {
	for _, u := range []string{"postgres://app:s3cret@127.0.0.1:1/app?sslmode=disable", "mysql://app:s3cret@127.0.0.1:1/app"} {
		d, err := dialects.ParseDSN(u)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = d.Open(context.Background(), dialects.OpenOptions{ConnectTimeout: 2 * time.Second})
		if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: %v", d, err)
		}
		if time.Since(start) > 3*time.Second {
			t.Errorf("%s: took %s", d, time.Since(start))
		}
	}
}
