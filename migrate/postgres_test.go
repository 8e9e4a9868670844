package migrate_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/authctl/authctl/migrate"
)

func withQuery(t testing.TB, u string, kv ...string) string {
	t.Helper()
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q := pu.Query()
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	// pgx does not read "+" as a space.
	pu.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return pu.String()
}

// tablesIn lists the tables of a PostgreSQL schema.
func tablesIn(t testing.TB, u, schemaName string) []string {
	t.Helper()
	rows, err := rawDB(t, u).Query("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = $1 ORDER BY tablename", schemaName)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out = append(out, n)
	}
	return out
}

// A schema named with Options.Schema (--schema, or the config's
// Database.Schema) is created when missing, in the same transaction, and
// every statement names it.
func TestPostgresExplicitSchemaIsCreated(t *testing.T) {
	u := freshPostgres(t)
	name := randomName("Auth Schema ")
	t.Cleanup(func() { rawDB(t, u).Exec(`DROP SCHEMA IF EXISTS "` + name + `" CASCADE`) })
	m := open(t, u, migrate.Options{Schema: name})
	s := mustSchema(t, base)
	p, err := m.Plan(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if !p.CreateSchema || p.Schema != name || !strings.HasPrefix(p.Statements[0], `CREATE SCHEMA IF NOT EXISTS "`+name+`"`) {
		t.Fatalf("plan: create %v schema %q\n%s", p.CreateSchema, p.Schema, p.SQL())
	}
	for _, st := range p.Statements[1:] {
		if !strings.Contains(st, `"`+name+`".`) {
			t.Errorf("not schema-qualified: %s", st)
		}
	}
	apply(t, m, s)
	if got := strings.Join(tablesIn(t, u, name), ","); got != "account,session,user,verification" {
		t.Errorf("tables in %q: %s", name, got)
	}
	p, err = m.Plan(context.Background(), s)
	if err != nil || p.Pending() {
		t.Fatalf("second plan: %v\n%v", err, p)
	}
}

// Without Options.Schema, the first entry of the connection's search_path
// is the schema; a quoted name is unquoted; a missing one is an error
// that says how to create it.
func TestPostgresSearchPath(t *testing.T) {
	u := freshPostgres(t)
	name := randomName("My Schema ")
	db := rawDB(t, u)
	mustExec(t, db, `CREATE SCHEMA "`+name+`"`)
	t.Cleanup(func() { db.Exec(`DROP SCHEMA IF EXISTS "` + name + `" CASCADE`) })
	quoted := withQuery(t, u, "search_path", `"`+name+`", public`)
	apply(t, open(t, quoted, migrate.Options{}), mustSchema(t, base))
	if got := strings.Join(tablesIn(t, u, name), ","); got != "account,session,user,verification" {
		t.Errorf("tables in %q: %s", name, got)
	}

	missing := withQuery(t, u, "search_path", "nosuchschema, public")
	_, err := open(t, missing, migrate.Options{}).Plan(context.Background(), mustSchema(t, base))
	if err == nil || !strings.Contains(err.Error(), `schema "nosuchschema"`) || !strings.Contains(err.Error(), "--schema nosuchschema") {
		t.Fatalf("plan error = %v", err)
	}
}

// With the default search_path ("$user", public), "$user" is the role's
// schema when it exists, and public otherwise.
func TestPostgresDollarUser(t *testing.T) {
	u := withQuery(t, freshPostgresDB(t), "search_path", "")
	s := mustSchema(t, base)
	p, err := open(t, u, migrate.Options{}).Plan(context.Background(), s)
	if err != nil || p.Schema != "public" {
		t.Fatalf("schema %q, err %v; want public", p.Schema, err)
	}
	mustExec(t, rawDB(t, u), "CREATE SCHEMA postgres")
	p, err = open(t, u, migrate.Options{}).Plan(context.Background(), s)
	if err != nil || p.Schema != "postgres" {
		t.Fatalf("schema %q, err %v; want postgres (the role's)", p.Schema, err)
	}
}
