package dialects

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	atlas "ariga.io/atlas/sql/schema"

	apostgres "ariga.io/atlas/sql/postgres"

	"github.com/authctl/authctl/engine"
)

// recordingQuerier keeps the queries that reach the database.
type recordingQuerier struct {
	atlas.ExecQuerier
	mu      sync.Mutex
	queries []string
}

func (r *recordingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.mu.Lock()
	r.queries = append(r.queries, query)
	r.mu.Unlock()
	return r.ExecQuerier.QueryContext(ctx, query, args...)
}

// TestPostgresInspectionNarrowed pins the rewrites of Atlas's PostgreSQL
// index and foreign-key queries to the Atlas version in go.mod (an upgrade
// that changes their text fails here instead of silently losing the
// speed-up) and proves them harmless: on a database that also holds
// look-alike tables in another schema, the rewritten inspection reads
// exactly what Atlas's own queries read.
func TestPostgresInspectionNarrowed(t *testing.T) {
	admin := os.Getenv("AUTHCTL_TEST_POSTGRES_URL")
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("AUTHCTL_TEST_POSTGRES_URL is not set (CI must run the database tests; see .ci/services.sh)")
		}
		t.Skip("AUTHCTL_TEST_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	db := openTestURL(t, admin)
	b := make([]byte, 6)
	rand.Read(b)
	name := "authctl_t_" + hex.EncodeToString(b)
	mustExecT(t, db, "CREATE DATABASE "+name+" STRATEGY file_copy")
	t.Cleanup(func() {
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	tdb := openTestURL(t, u.String())

	// The same tables in two schemas, so that a filter that lost its
	// schema would read twice the rows; unrelated tables around them.
	ddl := `
CREATE TABLE %[1]s."user" (id text PRIMARY KEY, email text NOT NULL UNIQUE, name text, org text, team text);
CREATE TABLE %[1]s.org (id text, team text, label text, PRIMARY KEY (id, team));
CREATE TABLE %[1]s."session" (
	id text PRIMARY KEY, "userId" text NOT NULL REFERENCES %[1]s."user" (id) ON DELETE CASCADE,
	token text NOT NULL, org text, team text, expires timestamptz,
	CONSTRAINT session_token_key UNIQUE (token),
	CONSTRAINT session_org_fkey FOREIGN KEY (org, team) REFERENCES %[1]s.org (id, team) ON UPDATE SET NULL);
CREATE INDEX "session_userId_idx" ON %[1]s."session" ("userId");
CREATE INDEX session_org_team_idx ON %[1]s."session" (team DESC, org);
CREATE INDEX session_live_idx ON %[1]s."session" (expires) WHERE token IS NOT NULL;
CREATE INDEX session_lower_idx ON %[1]s."session" (lower(token)) INCLUDE (team);
CREATE TABLE %[1]s.unrelated (id bigint PRIMARY KEY, "userId" text REFERENCES %[1]s."user" (id), name text);
CREATE INDEX ON %[1]s.unrelated (name);`
	mustExecT(t, tdb, "CREATE SCHEMA other", fmt.Sprintf(ddl, "public"), fmt.Sprintf(ddl, "other"))
	mustExecT(t, tdb, `ALTER TABLE other."session" ADD FOREIGN KEY (token) REFERENCES public."user" (email)`)
	for i := range 30 {
		mustExecT(t, tdb, fmt.Sprintf("CREATE TABLE app_%d (id bigint PRIMARY KEY, owner text REFERENCES \"user\" (id), name text); CREATE INDEX ON app_%d (name)", i, i))
	}

	opts := &atlas.InspectOptions{Mode: atlas.InspectTables, Tables: []string{"user", "session", "org", "missing"}}
	rec := &recordingQuerier{ExecQuerier: tdb}
	ours, err := AtlasDriver(engine.Postgres, rec)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := apostgres.Open(tdb)
	if err != nil {
		t.Fatal(err)
	}
	for _, schemaName := range []string{"public", "other"} {
		got, err := ours.InspectSchema(ctx, schemaName, opts)
		if err != nil {
			t.Fatal(err)
		}
		want, err := theirs.InspectSchema(ctx, schemaName, opts)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := describe(got), describe(want); g != w {
			t.Errorf("%s: narrowed inspection differs from Atlas's:\n%s\nwant:\n%s", schemaName, g, w)
		}
		changes, err := ours.SchemaDiff(want, got)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 0 {
			t.Errorf("%s: %d changes between the two inspections: %v", schemaName, len(changes), changes)
		}
		// A check that cannot pass on an empty inspection.
		s, _ := got.Table("session")
		if s == nil || len(s.Indexes) != 5 || len(s.ForeignKeys) < 2 {
			t.Fatalf("%s: session inspected as %s", schemaName, describe(got))
		}
	}
	narrowed := map[string]int{}
	for _, q := range rec.queries {
		switch {
		case !strings.HasPrefix(q, narrowedMarker):
		case strings.Contains(q, "pg_index"):
			narrowed["indexes"]++
		case strings.Contains(q, "confkey"):
			narrowed["foreign keys"]++
		}
	}
	for _, k := range []string{"indexes", "foreign keys"} {
		if narrowed[k] != 2 {
			t.Errorf("the %s query was narrowed %d times in 2 inspections: Atlas's query text changed (see narrowPostgresIndexes and narrowPostgresForeignKeys in atlas.go)", k, narrowed[k])
		}
	}
}

// describe prints what an inspection read, in a stable order.
func describe(s *atlas.Schema) string {
	var b strings.Builder
	for _, t := range s.Tables {
		fmt.Fprintf(&b, "table %s\n", t.Name)
		for _, c := range t.Columns {
			fmt.Fprintf(&b, "  column %s %s null=%v\n", c.Name, c.Type.Raw, c.Type.Null)
		}
		for _, i := range t.Indexes {
			fmt.Fprintf(&b, "  index %s unique=%v", i.Name, i.Unique)
			for _, p := range i.Parts {
				switch {
				case p.C != nil:
					fmt.Fprintf(&b, " %s", p.C.Name)
				case p.X != nil:
					fmt.Fprintf(&b, " (%v)", p.X)
				}
				if p.Desc {
					b.WriteString(" desc")
				}
			}
			// Atlas reads an index's constraints from a JSON object into a
			// map: their order is random.
			var attrs []string
			for _, a := range i.Attrs {
				if inc, ok := a.(*apostgres.IndexInclude); ok {
					s := " include"
					for _, c := range inc.Columns {
						s += " " + c.Name
					}
					attrs = append(attrs, s)
					continue
				}
				attrs = append(attrs, fmt.Sprintf(" %T%+v", a, a))
			}
			sort.Strings(attrs)
			b.WriteString(strings.Join(attrs, ""))
			b.WriteByte('\n')
		}
		for _, fk := range t.ForeignKeys {
			fmt.Fprintf(&b, "  fk %s (", fk.Symbol)
			for _, c := range fk.Columns {
				fmt.Fprintf(&b, " %s", c.Name)
			}
			fmt.Fprintf(&b, ") -> %s.%s (", fk.RefTable.Schema.Name, fk.RefTable.Name)
			for _, c := range fk.RefColumns {
				fmt.Fprintf(&b, " %s", c.Name)
			}
			fmt.Fprintf(&b, ") on update %s on delete %s\n", fk.OnUpdate, fk.OnDelete)
		}
	}
	return b.String()
}

func openTestURL(t *testing.T, raw string) *sql.DB {
	t.Helper()
	dsn, err := ParseDSN(raw)
	if err != nil {
		t.Fatal(err)
	}
	db, err := dsn.Open(context.Background(), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExecT(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
