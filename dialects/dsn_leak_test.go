package dialects_test

import (
	"context"
	"github.com/authctl/authctl/engine"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/dialects"
)

// malformedDSNs are database URLs as people get them wrong: a missing
// tcp(...) or scheme, a misspelt scheme, a bad port, stray characters,
// quotes pasted from a .env file. Each holds the password "S3CRETpw"
// (or a variant with URL-special characters). Exported for nothing: the
// CLI's testscript (testdata/script/migrate_dsn.txtar) runs the same
// shapes through the real binary.
var malformedDSNs = []string{
	"root:S3CRETpw@127.0.0.1:3306/db",
	"root:S3CRETpw@localhost/db",
	"root:S3CRETpw@localhost:3306/db",
	"root:S3CRETpw@db.example.com/db",
	"root:S3CRETpw@127.0.0.1",
	"root:S3CRETpw@tcp(127.0.0.1:3306/db",
	"root:S3CRETpw@tcp127.0.0.1:3306)/db",
	"root:S3CRETpw@udp(127.0.0.1:3306)/db",
	"root:S3CRETpw@tcp(127.0.0.1:notaport)/db",
	"root:S3CRETpw@tcp(127.0.0.1:99999)/db",
	"mysql://root:S3CRETpw@127.0.0.1:notaport/db",
	"mysql://root:S3CRETpw@127.0.0.1:99999/db",
	"mysql://root:S3CRETpw@127.0.0.1:0/db",
	"postgres://root:S3CRETpw@127.0.0.1:notaport/db",
	"postgres://root:S3CRETpw@127.0.0.1:99999/db",
	"postgres//root:S3CRETpw@127.0.0.1:5432/db",
	"postgres:/root:S3CRETpw@127.0.0.1:5432/db",
	"postgres:root:S3CRETpw@127.0.0.1:5432/db",
	"postgresql:root:S3CRETpw@127.0.0.1:5432/db",
	"mysql:root:S3CRETpw@127.0.0.1:3306/db",
	"mysql:/root:S3CRETpw@127.0.0.1:3306/db",
	"mysql//root:S3CRETpw@127.0.0.1:3306/db",
	"MYSQL:root:S3CRETpw@127.0.0.1:3306/db",
	"redis://root:S3CRETpw@127.0.0.1:6379/0",
	"jdbc:mysql://root:S3CRETpw@127.0.0.1:3306/db",
	"jdbc:postgresql://root:S3CRETpw@127.0.0.1:5432/db",
	"mongodb+srv://root:S3CRETpw@cluster0.example.net/db",
	"http://root:S3CRETpw@127.0.0.1/db",
	"mysql://root:S3CRET%pw@127.0.0.1/db",
	"mysql://root:S3CRETpw@[::1/db",
	"postgres://root:S3CRETpw@[::1:5432/db",
	"postgres://root:S3CRETpw@127.0.0.1:5432/db?sslmode=bogus",
	"postgres://root:S3CRETpw@127.0.0.1:5432/db?connect_timeout=soon",
	"postgres://root:S3CRETpw@127.0.0.1:5432/db?sslmode=disable&search_path=a b",
	"mysql://root:S3CRETpw@127.0.0.1:3306/db?timeout=soon",
	"mysql://root:S3CRETpw@127.0.0.1:3306/db?tls=bogus",
	"mysql://root:S3CRETpw@127.0.0.1:3306/db/extra",
	"mysql://root:S3CRETpw@127.0.0.1:3306",
	"host=127.0.0.1 port=abc user=root password=S3CRETpw dbname=db",
	"host=127.0.0.1 user=root password='S3CRETpw dbname=db",
	`"mysql://root:S3CRETpw@127.0.0.1:3306/db"`,
	`'postgres://root:S3CRETpw@127.0.0.1:5432/db'`,
	"DATABASE_URL=mysql://root:S3CRETpw@127.0.0.1:3306/db",
	" postgres ://root:S3CRETpw@127.0.0.1/db",
	"postgres:// root:S3CRETpw@127.0.0.1/db",
	"sqlite://root:S3CRETpw@127.0.0.1/db",
	"sqlite:root:S3CRETpw@127.0.0.1/db",
	"file://root:S3CRETpw@host/db",
	"file:root:S3CRETpw@host/db",
	"root:S3CRETpw:more@127.0.0.1:3306/db",
	"root:S3CRETpw@@127.0.0.1:3306/db",
	"root:p@S3CRETpw@127.0.0.1:3306/db",
	"root:S3CRETpw/x@127.0.0.1:3306/db",
	"root:S3CRETpw@127.0.0.1:3306/db?parseTime=true",
	"root:S3CRETpw@",
	":S3CRETpw@127.0.0.1/db",
	"C:S3CRETpw@127.0.0.1/db",
}

// A string with user:password@ is never a SQLite file, and no error,
// String, Location or Redact of any malformed URL shows the password.
func TestMalformedDSNNeverLeaks(t *testing.T) {
	for _, raw := range malformedDSNs {
		d, err := dialects.ParseDSN(raw)
		if red := dialects.Redact(raw); strings.Contains(red, "S3CRET") {
			t.Errorf("Redact(%q) = %q", raw, red)
		}
		if err != nil {
			if strings.Contains(err.Error(), "S3CRET") {
				t.Errorf("ParseDSN(%q) error leaks the password: %v", raw, err)
			}
			continue
		}
		if d.Engine == engine.SQLite {
			t.Errorf("ParseDSN(%q) = SQLite file %q: a user:password@ string is never a file path", raw, d.Path)
			continue
		}
		if strings.Contains(d.String(), "S3CRET") || strings.Contains(d.Location(), "S3CRET") {
			t.Errorf("ParseDSN(%q) leaks the password: %s / %s", raw, d, d.Location())
		}
		// Those that parse may still fail to connect: nothing listens on
		// these ports (the test servers use others), or the host is bad.
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		db, err := d.Open(ctx, dialects.OpenOptions{ConnectTimeout: time.Second})
		cancel()
		if err == nil {
			db.Close()
			continue
		}
		if strings.Contains(err.Error(), "S3CRET") {
			t.Errorf("Open(%q) error leaks the password: %v", raw, err)
		}
	}
}

// The messages say what is wrong and what to write instead.
func TestMalformedDSNMessages(t *testing.T) {
	cases := map[string]string{
		"root:S3CRETpw@127.0.0.1:3306/db":           "root:****@127.0.0.1:3306/db has a user and password but no scheme, so it is not a SQLite file; write mysql://root:****@127.0.0.1:3306/db (or the driver's root:****@tcp(127.0.0.1:3306)/db), or postgres://…",
		"root:S3CRETpw@localhost/db":                "write mysql://root:****@localhost/db",
		"postgres//root:S3CRETpw@127.0.0.1:5432/db": "is not a database URL: write postgres://root:****@127.0.0.1:5432/db",
		"postgres:root:S3CRETpw@127.0.0.1:5432/db":  "is not a database URL: write postgres://root:****@127.0.0.1:5432/db",
		"MYSQL:root:S3CRETpw@127.0.0.1:3306/db":     "is not a database URL: write mysql://root:****@127.0.0.1:3306/db",
		"jdbc:mysql://root:S3CRETpw@127.0.0.1/db":   "is not a database URL: write mysql://root:****@127.0.0.1/db",
		"sqlite://root:S3CRETpw@127.0.0.1/db":       "has a user and password, so it is not a SQLite file",
		"root:S3CRETpw@udp(127.0.0.1:3306)/db":      `unknown protocol "udp"; use tcp(host:port) or unix(/path/to/socket)`,
		"root:S3CRETpw@tcp(127.0.0.1:99999)/db":     "port 99999 is out of range (1-65535)",
		"mysql://root:S3CRETpw@127.0.0.1:99999/db":  "port 99999 is out of range (1-65535)",
		"mysql://root:S3CRETpw@127.0.0.1:0/db":      "port 0 is out of range (1-65535)",
		`"mysql://root:S3CRETpw@127.0.0.1:3306/db"`: "remove the quotes around it",
		"DATABASE_URL=mysql://root:S3CRETpw@h/db":   "holds DATABASE_URL=; give only the URL",
		"root:S3CRETpw@tcp(127.0.0.1:3306/db":       "is not a valid MySQL DSN: write root:****@tcp(HOST:3306)/DBNAME, or mysql://root:****@HOST:3306/DBNAME",
		"root:S3CRETpw@":                            "write mysql://root:****@HOST:3306/DBNAME",
		"root@127.0.0.1:3306/db":                    "root@127.0.0.1:3306/db looks like user@host:port but no scheme, so it is not a SQLite file; write mysql://root@127.0.0.1:3306/db",
	}
	for in, want := range cases {
		_, err := dialects.ParseDSN(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDSN(%q) error = %v\nwant it to contain %q", in, err, want)
		}
	}
	// Paths that only look odd are still files.
	for _, p := range []string{"auth@2x.db", "/data/app@prod/auth.db", `C:\data\me@corp\auth.db`, "C:/data/auth.db", "sqlite:a%3Ab%40c.db"} {
		d, err := dialects.ParseDSN(p)
		if err != nil || d.Engine != engine.SQLite {
			t.Errorf("ParseDSN(%q) = %v, %v; want a SQLite file", p, d, err)
		}
	}
}
