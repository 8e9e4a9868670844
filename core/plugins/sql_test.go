package plugins_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/schema"
)

var update = flag.Bool("update", false, "rewrite testdata/sql/*/*.sql from the current output")

var dialectNames = []string{"sqlite", "postgres", "mysql"}

func render(t testing.TB, s *schema.Schema, dialect string, compat bool) string {
	t.Helper()
	b, err := generate.SQL(s, generate.SQLOptions{Dialect: dialect, Compat: compat})
	if err != nil {
		t.Fatalf("generate.SQL(%s): %v", dialect, err)
	}
	return string(b)
}

// TestSQLGolden renders every case in every dialect and compares it with
// testdata/sql/<case>/<dialect>.sql (go test ./core/plugins -update
// rewrites them; read the diff before committing it).
func TestSQLGolden(t *testing.T) {
	for _, c := range cases {
		s := schemaOf(t, c.options())
		for _, d := range dialectNames {
			path := filepath.Join("testdata", "sql", c.name, d+".sql")
			got := render(t, s, d, false)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./core/plugins -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run go test ./core/plugins -update and review the diff):\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		}
	}
	if *update {
		return
	}
	// No stale golden directories.
	dirs, err := os.ReadDir(filepath.Join("testdata", "sql"))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, c := range cases {
		known[c.name] = true
	}
	for _, d := range dirs {
		if !known[d.Name()] {
			t.Errorf("testdata/sql/%s belongs to no case; remove it", d.Name())
		}
	}
}

// TestSQLiteApplies runs every case's SQLite SQL on a fresh database and
// checks what the engine built against the schema: the tables, each
// table's columns in order with their NOT NULL, every index by name and
// uniqueness, and every foreign key.
func TestSQLiteApplies(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := schemaOf(t, c.options())
			db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "auth.db")+"?_pragma=foreign_keys(1)")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			for _, stmt := range statements(render(t, s, "sqlite", false)) {
				if _, err := db.ExecContext(ctx, stmt); err != nil {
					t.Fatalf("%v\n%s", err, stmt)
				}
			}
			checkSQLite(t, db, s)
		})
	}
}

// statements splits Kysely-shaped SQL into its statements.
func statements(text string) []string {
	text = strings.TrimSuffix(strings.TrimSpace(text), ";")
	return strings.Split(text, ";\n\n")
}

func checkSQLite(t *testing.T, db *sql.DB, s *schema.Schema) {
	t.Helper()
	var wantTables []string
	for _, tb := range s.Migratable() {
		wantTables = append(wantTables, tb.Name())
	}
	sort.Strings(wantTables)
	if got := queryStrings(t, db, `select name from sqlite_master where type = 'table' order by name`); !reflect.DeepEqual(got, wantTables) {
		t.Fatalf("tables %v, want %v", got, wantTables)
	}
	for _, tb := range s.Migratable() {
		want := []string{"id notnull=0"} // SQLite reports a text primary key as nullable
		for _, f := range tb.Fields {
			want = append(want, fmt.Sprintf("%s notnull=%d", f.ColumnName(), b2i(f.IsRequired())))
		}
		got := queryStrings(t, db, fmt.Sprintf(`select name || ' notnull=' || "notnull" from pragma_table_info('%s') order by cid`, tb.Name()))
		if got[0] == "id notnull=1" {
			got[0] = "id notnull=0"
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s columns\n got %v\nwant %v", tb.Name(), got, want)
		}
		var wantIx []string
		for _, ix := range append(schema.FieldIndexes(tb), schema.TableIndexes(tb)...) {
			if ix.FieldLevel && ix.Unique {
				// Inline unique constraints get SQLite's automatic names.
				wantIx = append(wantIx, fmt.Sprintf("sqlite_autoindex unique=1 %s", ix.Columns[0]))
				continue
			}
			wantIx = append(wantIx, fmt.Sprintf("%s unique=%d %s", ix.Name, b2i(ix.Unique), strings.Join(ix.Columns, ",")))
		}
		gotIx := queryStrings(t, db, fmt.Sprintf(`select case when l.origin = 'u' then 'sqlite_autoindex' else l.name end || ' unique=' || l."unique" || ' ' ||
			(select group_concat(name, ',') from (select name from pragma_index_info(l.name) order by seqno))
			from pragma_index_list('%s') l where l.origin <> 'pk'`, tb.Name()))
		sort.Strings(wantIx)
		sort.Strings(gotIx)
		if !reflect.DeepEqual(gotIx, wantIx) {
			t.Errorf("%s indexes\n got %v\nwant %v", tb.Name(), gotIx, wantIx)
		}
		var wantFK []string
		for _, f := range tb.Fields {
			if f.References != nil {
				table, col := s.ReferenceTarget(*f.References)
				wantFK = append(wantFK, fmt.Sprintf("%s -> %s.%s %s", f.ColumnName(), table, col, strings.ToUpper(string(f.References.Action()))))
			}
		}
		gotFK := queryStrings(t, db, fmt.Sprintf(`select "from" || ' -> ' || "table" || '.' || "to" || ' ' || on_delete from pragma_foreign_key_list('%s')`, tb.Name()))
		sort.Strings(wantFK)
		sort.Strings(gotFK)
		if !reflect.DeepEqual(gotFK, wantFK) {
			t.Errorf("%s foreign keys\n got %v\nwant %v", tb.Name(), gotFK, wantFK)
		}
	}
	if bad := queryStrings(t, db, `select "table" from pragma_foreign_key_check`); len(bad) > 0 {
		t.Errorf("foreign_key_check: %v", bad)
	}
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
