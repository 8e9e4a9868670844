package cmd

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/authctl/authctl/migrate"
)

// Script commands for the migrate scripts (testdata/script/migrate_*.txtar):
//
//	dbserver postgres|mysql   create a database for this script on the test
//	                          server, export its URL as $PGURL or $MYURL, and
//	                          make the condition [exec:authctl-db-postgres]
//	                          (or -mysql) true. Without a server the
//	                          condition stays false, so the script can
//	                          `skip`; under CI a missing server fails.
//	pgexec SQL|@FILE          run SQL on $PGURL, print rows tab-separated
//	myexec SQL|@FILE          the same on $MYURL
//	holdlock URL [TABLE]      hold the migration lock of the database at URL
//	                          (or, with TABLE, a lock on that table) until
//	                          the script ends
//	silentport                listen on a loopback port that accepts
//	                          connections and never answers; export it as
//	                          $SILENTADDR
func init() {
	extraCmds["dbserver"] = cmdDBServer
	extraCmds["pgexec"] = cmdSQLExec("pgx", "PGURL")
	extraCmds["myexec"] = cmdSQLExec("mysql", "MYURL")
	extraCmds["holdlock"] = cmdHoldLock
	extraCmds["silentport"] = cmdSilentPort
}

var serverEnv = map[string]string{"postgres": "AUTHCTL_TEST_POSTGRES_URL", "mysql": "AUTHCTL_TEST_MYSQL_URL"}

func cmdDBServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 || serverEnv[args[0]] == "" {
		ts.Fatalf("usage: dbserver postgres|mysql")
	}
	admin := ts.Getenv(serverEnv[args[0]])
	if admin == "" {
		if ts.Getenv("CI") != "" {
			ts.Fatalf("%s is not set (CI must run the database scripts; see .ci/services.sh)", serverEnv[args[0]])
		}
		return
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "authctl_ts_" + hex.EncodeToString(b)
	u, err := url.Parse(admin)
	ts.Check(err)
	switch args[0] {
	case "postgres":
		// A schema, not a database: far cheaper, and search_path in the
		// URL selects it.
		db := sqlOpen(ts, "pgx", admin)
		_, err := db.Exec("CREATE SCHEMA " + name)
		ts.Check(err)
		ts.Defer(func() {
			db.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE")
			db.Close()
		})
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		ts.Setenv("PGURL", u.String())
		ts.Setenv("PGSCHEMA", name)
	case "mysql":
		db := sqlOpen(ts, "mysql", mysqlDriverDSN(ts, admin))
		_, err := db.Exec("CREATE DATABASE " + name)
		ts.Check(err)
		ts.Defer(func() {
			db.Exec("DROP DATABASE IF EXISTS " + name)
			db.Close()
		})
		u.Path = "/" + name
		ts.Setenv("MYURL", u.String())
		ts.Setenv("MYDB", name)
		ts.Setenv("MYHOST", u.Host)
	}
	// The marker the script's [exec:…] condition finds on PATH.
	dir := ts.MkAbs(".authctl-db-bin")
	ts.Check(os.MkdirAll(dir, 0o755))
	ts.Check(os.WriteFile(filepath.Join(dir, "authctl-db-"+args[0]), []byte("#!/bin/sh\nexit 0\n"), 0o755))
	ts.Setenv("PATH", dir+string(os.PathListSeparator)+ts.Getenv("PATH"))
}

func sqlOpen(ts *testscript.TestScript, driver, dsn string) *sql.DB {
	db, err := sql.Open(driver, dsn)
	ts.Check(err)
	return db
}

// mysqlDriverDSN turns mysql://user:pass@host/db into the driver's form,
// with multi-statement scripts allowed.
func mysqlDriverDSN(ts *testscript.TestScript, raw string) string {
	u, err := url.Parse(raw)
	ts.Check(err)
	pass, _ := u.User.Password()
	return u.User.Username() + ":" + pass + "@tcp(" + u.Host + ")" + u.Path + "?multiStatements=true"
}

// cmdSQLExec runs SQL on the database named by the script variable env.
func cmdSQLExec(driver, env string) func(*testscript.TestScript, bool, []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: %sexec SQL|@FILE", strings.TrimSuffix(driver, "x"))
		}
		dsn := ts.Getenv(env)
		if dsn == "" {
			ts.Fatalf("$%s is not set; run dbserver first", env)
		}
		if driver == "mysql" {
			dsn = mysqlDriverDSN(ts, dsn)
		}
		db := sqlOpen(ts, driver, dsn)
		defer db.Close()
		query := args[0]
		if strings.HasPrefix(query, "@") {
			// A script: run each statement (a line ending in ";" ends one),
			// print nothing.
			var stmt strings.Builder
			for _, line := range strings.Split(ts.ReadFile(query[1:]), "\n") {
				stmt.WriteString(line + "\n")
				if strings.HasSuffix(strings.TrimSpace(line), ";") {
					if _, err := db.Exec(stmt.String()); err != nil {
						ts.Fatalf("%s: %v", stmt.String(), err)
					}
					stmt.Reset()
				}
			}
			if strings.TrimSpace(stmt.String()) != "" {
				_, err := db.Exec(stmt.String())
				ts.Check(err)
			}
			return
		}
		rows, err := db.Query(query)
		if err != nil {
			if neg {
				fmt.Fprintln(ts.Stderr(), err)
				return
			}
			ts.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			ts.Check(rows.Scan(ptrs...))
			parts := make([]string, len(vals))
			for i, v := range vals {
				parts[i] = v.String
				if !v.Valid {
					parts[i] = "NULL"
				}
			}
			fmt.Fprintln(ts.Stdout(), strings.Join(parts, "\t"))
		}
		if err := rows.Err(); err != nil && !neg {
			ts.Fatalf("%v", err)
		}
		if neg {
			ts.Fatalf("%s succeeded", query)
		}
	}
}

// cmdHoldLock holds, until the script ends, what a concurrent migration
// (or, with a table, a long transaction of the application) would hold.
func cmdHoldLock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: holdlock URL [TABLE]")
	}
	raw := args[0]
	ctx := context.Background()
	u, err := url.Parse(raw)
	ts.Check(err)
	var (
		db    *sql.DB
		stmts []string
	)
	switch u.Scheme {
	case "postgres", "postgresql":
		db = sqlOpen(ts, "pgx", raw)
		if len(args) == 2 {
			stmts = []string{"BEGIN", `LOCK TABLE "` + args[1] + `" IN ACCESS SHARE MODE`}
		} else {
			stmts = []string{fmt.Sprintf("SELECT pg_advisory_lock(%d)", migrate.AdvisoryLockKey(u.Query().Get("search_path")))}
		}
	case "mysql":
		db = sqlOpen(ts, "mysql", mysqlDriverDSN(ts, raw))
		stmts = []string{"SELECT GET_LOCK('" + migrate.MySQLLockName(strings.TrimPrefix(u.Path, "/")) + "', 0)"}
	case "sqlite":
		db = sqlOpen(ts, "sqlite", "file:"+ts.MkAbs(strings.TrimPrefix(raw, "sqlite:")))
		stmts = []string{"BEGIN IMMEDIATE"}
	default:
		ts.Fatalf("holdlock: unsupported URL %s", raw)
	}
	conn, err := db.Conn(ctx)
	ts.Check(err)
	for _, s := range stmts {
		_, err := conn.ExecContext(ctx, s)
		ts.Check(err)
	}
	ts.Defer(func() {
		conn.Close()
		db.Close()
	})
}

func cmdSilentPort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: silentport")
	}
	addr, stop := silentListener(ts.Fatalf)
	ts.Defer(stop)
	ts.Setenv("SILENTADDR", addr)
}

// silentListener accepts connections on a loopback port and never says a
// word: a server that is up but does not answer.
func silentListener(fatalf func(string, ...any)) (string, func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatalf("listen: %v", err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	return l.Addr().String(), func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	}
}

// ---- Databases for the Go tests of migrate (cmd/migrate_test.go) ----

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// testDB returns a fresh database URL of an engine (a SQLite file, a
// PostgreSQL schema, a MySQL database) and an open handle on it.
func testDB(t *testing.T, engine string) (string, *sql.DB) {
	t.Helper()
	env := map[string]string{"postgres": "AUTHCTL_TEST_POSTGRES_URL", "mysql": "AUTHCTL_TEST_MYSQL_URL"}[engine]
	admin := os.Getenv(env)
	if engine != "sqlite" && admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set (CI must run the database tests)", env)
		}
		t.Skipf("%s is not set", env)
	}
	name := "authctl_ct_" + randomSuffix()
	switch engine {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "auth.db")
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return "sqlite:" + path, db
	case "postgres":
		adm, err := sql.Open("pgx", admin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := adm.Exec("CREATE SCHEMA " + name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { adm.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE"); adm.Close() })
		u, _ := url.Parse(admin)
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		db, err := sql.Open("pgx", u.String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return u.String(), db
	default:
		u, _ := url.Parse(admin)
		pass, _ := u.User.Password()
		native := func(db string) string { return u.User.Username() + ":" + pass + "@tcp(" + u.Host + ")/" + db }
		adm, err := sql.Open("mysql", native(strings.TrimPrefix(u.Path, "/")))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := adm.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { adm.Exec("DROP DATABASE IF EXISTS " + name); adm.Close() })
		u.Path = "/" + name
		db, err := sql.Open("mysql", native(name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return u.String(), db
	}
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
