package plugins_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/authctl/authctl/schema"
)

// serverURL returns the test server's URL from env, skipping the test when
// it is unset, except under CI where that is a failure.
func serverURL(t *testing.T, env string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is unset and CI is set", env)
		}
		t.Skipf("%s is unset (run under .ci/services.sh to test against a real server)", env)
	}
	return u
}

func randomName(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "authctl_plugins_" + hex.EncodeToString(b)
}

// TestPostgresApplies runs every case's PostgreSQL SQL in a schema of its
// own and checks each table's columns, in order, with their nullability,
// and its foreign keys.
func TestPostgresApplies(t *testing.T) {
	dsn := serverURL(t, "AUTHCTL_TEST_POSTGRES_URL")
	ctx := context.Background()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := schemaOf(t, c.options())
			name := randomName(t)
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			mustExec(t, conn, `create schema "`+name+`"`)
			defer mustExec(t, conn, `drop schema "`+name+`" cascade`)
			mustExec(t, conn, `set search_path to "`+name+`"`)
			for _, st := range statements(render(t, s, "postgres", false)) {
				mustExec(t, conn, st)
			}
			checkServer(t, conn, s, name, true)
		})
	}
}

// TestMySQLApplies does the same on MySQL/MariaDB, in a database of its own.
func TestMySQLApplies(t *testing.T) {
	raw := serverURL(t, "AUTHCTL_TEST_MYSQL_URL")
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "mysql" {
		t.Fatalf("AUTHCTL_TEST_MYSQL_URL: want mysql://user:pass@host:port/db (%v)", err)
	}
	pass, _ := u.User.Password()
	dsn := func(db string) string {
		return fmt.Sprintf("%s:%s@tcp(%s)/%s", u.User.Username(), pass, u.Host, db)
	}
	ctx := context.Background()
	admin, err := sql.Open("mysql", dsn(strings.TrimPrefix(u.Path, "/")))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := schemaOf(t, c.options())
			name := randomName(t)
			mustExecDB(t, admin, "create database `"+name+"` character set utf8mb4")
			defer mustExecDB(t, admin, "drop database `"+name+"`")
			db, err := sql.Open("mysql", dsn(name))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			for _, st := range statements(render(t, s, "mysql", false)) {
				mustExec(t, conn, st)
			}
			checkServer(t, conn, s, name, false)
		})
	}
}

// checkServer compares information_schema with s: the columns of each
// table in order with IS_NULLABLE, and the number of foreign keys.
func checkServer(t *testing.T, conn *sql.Conn, s *schema.Schema, schemaName string, pg bool) {
	t.Helper()
	for _, tb := range s.Migratable() {
		want := []string{"id NO"}
		fks := 0
		for _, f := range tb.Fields {
			n := "NO"
			if !f.IsRequired() {
				n = "YES"
			}
			want = append(want, f.ColumnName()+" "+n)
			if f.References != nil {
				fks++
			}
		}
		got := connStrings(t, conn, pg, `select column_name, is_nullable from information_schema.columns
			where table_schema = ? and table_name = ? order by ordinal_position`, schemaName, tb.Name())
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s columns\n got %v\nwant %v", tb.Name(), got, want)
		}
		n := connStrings(t, conn, pg, `select count(*) from information_schema.table_constraints
			where table_schema = ? and table_name = ? and constraint_type = 'FOREIGN KEY'`, schemaName, tb.Name())
		if len(n) != 1 || n[0] != fmt.Sprint(fks) {
			t.Errorf("%s: %v foreign keys, want %d", tb.Name(), n, fks)
		}
	}
}

// connStrings runs q with ? placeholders (rewritten to $n for pgx) and
// returns each row's columns joined by a space.
func connStrings(t *testing.T, conn *sql.Conn, pg bool, q string, args ...any) []string {
	t.Helper()
	if pg {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	rows, err := conn.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = v.String
		}
		out = append(out, strings.Join(parts, " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustExec(t *testing.T, conn *sql.Conn, q string) {
	t.Helper()
	if _, err := conn.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
}

func mustExecDB(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
}
