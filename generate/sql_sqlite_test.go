package generate_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/authctl/authctl/schema"
)

// ---------------------------------------------------------------------------
// The SQLite output runs on a real SQLite and builds what the schema says.

func TestSQLAppliesToSQLite(t *testing.T) {
	for _, fx := range append(fixtures, extras) {
		for _, compat := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/compat=%v", fx.name, compat), func(t *testing.T) {
				s := schemaOf(t, fx)
				db := openSQLite(t)
				for _, stmt := range strings.Split(strings.TrimSpace(render(t, s, "sqlite", compat)), ";\n\n") {
					if _, err := db.Exec(strings.TrimSuffix(stmt, ";")); err != nil {
						t.Fatalf("%v\n%s", err, stmt)
					}
				}
				checkTables(t, db, s)
				for _, tbl := range s.Migratable() {
					checkColumns(t, db, s, tbl, compat)
					checkIndexes(t, db, tbl)
					checkForeignKeys(t, db, s, tbl)
				}
				checkCascade(t, db, s, compat)
			})
		}
	}
}

func openSQLite(t *testing.T) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "auth.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) [][]string {
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
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkTables(t *testing.T, db *sql.DB, s *schema.Schema) {
	t.Helper()
	var got []string
	for _, r := range queryStrings(t, db, `select name from sqlite_master where type = 'table' order by rowid`) {
		got = append(got, r[0])
	}
	if fmt.Sprint(got) != fmt.Sprint(createOrderNames(s)) {
		t.Errorf("tables = %v, want %v", got, createOrderNames(s))
	}
}

// createOrderNames is the expected CREATE order: by Order, unordered last.
func createOrderNames(s *schema.Schema) []string {
	var ordered, rest []string
	for _, tbl := range s.Migratable() {
		if tbl.Order != 0 {
			ordered = append(ordered, tbl.Name())
		} else {
			rest = append(rest, tbl.Name())
		}
	}
	return append(ordered, rest...)
}

// sqliteType is the declared type Better Auth gives a field on SQLite.
func sqliteType(s *schema.Schema, f schema.Field) string {
	if f.References != nil && f.References.Field == "id" {
		if s.IDs == schema.IDSerial {
			return "INTEGER"
		}
		return "TEXT"
	}
	switch f.Type {
	case schema.TypeBoolean:
		return "INTEGER"
	case schema.TypeNumber:
		if f.BigInt {
			return "BIGINT"
		}
		return "INTEGER"
	case schema.TypeDate:
		return "DATE"
	}
	return "TEXT"
}

// sqliteDefault is the default SQLite reports for a column, "NULL" for none.
func sqliteDefault(f schema.Field, compat bool) string {
	if compat || f.Default == nil || schema.IsNow(f.Default) || f.Unique {
		return "NULL"
	}
	switch v := f.Default.(type) {
	case bool:
		if v {
			return "1"
		}
		return "0"
	case string:
		if f.Type != schema.TypeString && f.Type != schema.TypeEnum {
			return "NULL"
		}
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(f.Default)
}

func checkColumns(t *testing.T, db *sql.DB, s *schema.Schema, tbl *schema.Table, compat bool) {
	t.Helper()
	idType := "TEXT"
	if s.IDs == schema.IDSerial {
		idType = "INTEGER"
	}
	want := [][]string{{"id", idType, "1", "NULL", "1"}}
	for _, f := range tbl.Fields {
		notNull := "0"
		if f.IsRequired() {
			notNull = "1"
		}
		want = append(want, []string{f.ColumnName(), sqliteType(s, f), notNull, sqliteDefault(f, compat), "0"})
	}
	got := queryStrings(t, db, `select name, upper(type), "notnull", dflt_value, pk from pragma_table_info(?) order by cid`, tbl.Name())
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("%s columns:\n got %q\nwant %q", tbl.Name(), got, want)
	}
}

func checkIndexes(t *testing.T, db *sql.DB, tbl *schema.Table) {
	t.Helper()
	// Unique fields are inline UNIQUE constraints (origin "u", automatic
	// names); everything else is a named CREATE INDEX (origin "c").
	var wantUnique, wantNamed []string
	for _, ix := range schema.FieldIndexes(tbl) {
		if ix.Unique {
			wantUnique = append(wantUnique, ix.Columns[0])
		} else {
			wantNamed = append(wantNamed, fmt.Sprintf("%s 0 %v", ix.Name, ix.Columns))
		}
	}
	for _, ix := range schema.TableIndexes(tbl) {
		u := 0
		if ix.Unique {
			u = 1
		}
		wantNamed = append(wantNamed, fmt.Sprintf("%s %d %v", ix.Name, u, ix.Columns))
	}
	var gotUnique, gotNamed []string
	for _, r := range queryStrings(t, db, `select name, "unique", origin from pragma_index_list(?) order by seq desc`, tbl.Name()) {
		var cols []string
		for _, c := range queryStrings(t, db, `select name from pragma_index_info(?) order by seqno`, r[0]) {
			cols = append(cols, c[0])
		}
		switch r[2] {
		case "u":
			if r[1] != "1" || len(cols) != 1 {
				t.Errorf("%s: unique constraint %s over %v", tbl.Name(), r[0], cols)
			}
			gotUnique = append(gotUnique, cols...)
		case "pk":
			// A text primary key is backed by an automatic index.
			if fmt.Sprint(cols) != "[id]" {
				t.Errorf("%s: primary key index over %v", tbl.Name(), cols)
			}
		case "c":
			gotNamed = append(gotNamed, fmt.Sprintf("%s %s %v", r[0], r[1], cols))
		default:
			t.Errorf("%s: unexpected index %v", tbl.Name(), r)
		}
	}
	if fmt.Sprint(gotUnique) != fmt.Sprint(wantUnique) {
		t.Errorf("%s unique columns = %v, want %v", tbl.Name(), gotUnique, wantUnique)
	}
	if strings.Join(sorted(gotNamed), "\n") != strings.Join(sorted(wantNamed), "\n") {
		t.Errorf("%s indexes:\n got %v\nwant %v", tbl.Name(), gotNamed, wantNamed)
	}
}

func checkForeignKeys(t *testing.T, db *sql.DB, s *schema.Schema, tbl *schema.Table) {
	t.Helper()
	var want []string
	for _, f := range tbl.Fields {
		if f.References == nil {
			continue
		}
		table, col := s.ReferenceTarget(*f.References)
		want = append(want, fmt.Sprintf("%s.%s -> %s.%s on delete %s", tbl.Name(), f.ColumnName(), table, col, strings.ToUpper(string(f.References.Action()))))
	}
	var got []string
	for _, r := range queryStrings(t, db, `select "from", "table", "to", on_delete from pragma_foreign_key_list(?) order by id`, tbl.Name()) {
		got = append(got, fmt.Sprintf("%s.%s -> %s.%s on delete %s", tbl.Name(), r[0], r[1], r[2], r[3]))
	}
	if strings.Join(sorted(got), "\n") != strings.Join(sorted(want), "\n") {
		t.Errorf("%s foreign keys:\n got %v\nwant %v", tbl.Name(), got, want)
	}
}

func sorted(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}

// sampleValue is a value of f's type that SQLite accepts.
func sampleValue(f schema.Field) any {
	switch f.Type {
	case schema.TypeEnum:
		return f.Enum[0]
	case schema.TypeNumber:
		return 1
	case schema.TypeBoolean:
		return 1
	case schema.TypeDate:
		return "2024-01-01T00:00:00.000Z"
	case schema.TypeJSON, schema.TypeStringArray, schema.TypeNumberArray:
		return "[]"
	}
	return "v-" + f.ColumnName()
}

// insertRow inserts a row into tbl, leaving out the columns whose static
// default the database should supply (outside compat), pointing foreign
// keys to the user at userID. It returns the new row's id.
func insertRow(t *testing.T, db *sql.DB, s *schema.Schema, tbl *schema.Table, userID any, compat bool) any {
	t.Helper()
	var cols, marks []string
	var args []any
	if s.IDs != schema.IDSerial {
		cols, marks, args = append(cols, `"id"`), append(marks, "?"), append(args, tbl.Key+"-1")
	}
	for _, f := range tbl.Fields {
		if !compat && sqliteDefault(f, false) != "NULL" {
			continue // the database default fills it
		}
		v := sampleValue(f)
		if f.References != nil {
			v = userID
		}
		cols, marks, args = append(cols, `"`+f.ColumnName()+`"`), append(marks, "?"), append(args, v)
	}
	q := fmt.Sprintf(`insert into "%s" (%s) values (%s)`, tbl.Name(), strings.Join(cols, ", "), strings.Join(marks, ", "))
	res, err := db.Exec(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if s.IDs == schema.IDSerial {
		id, err := res.LastInsertId()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	return tbl.Key + "-1"
}

// checkCascade inserts a user and a row in every table with a foreign key
// to it, checks that the database filled the static defaults, deletes the
// user and checks each row went (cascade) or lost its reference (set null).
func checkCascade(t *testing.T, db *sql.DB, s *schema.Schema, compat bool) {
	t.Helper()
	user := s.Table("user")
	userID := insertRow(t, db, s, user, nil, compat)
	if !compat {
		for _, f := range user.Fields {
			if want := sqliteDefault(f, false); want != "NULL" {
				got := queryStrings(t, db, fmt.Sprintf(`select quote("%s") from "%s"`, f.ColumnName(), user.Name()))
				if got[0][0] != want {
					t.Errorf("user.%s defaulted to %s, want %s", f.ColumnName(), got[0][0], want)
				}
			}
		}
	}
	type child struct {
		tbl    *schema.Table
		col    string
		action schema.OnDelete
	}
	var children []child
	for _, tbl := range s.Migratable() {
		for _, f := range tbl.Fields {
			if r := f.References; r != nil && s.Resolve(r.Model) == user && r.Field == "id" {
				insertRow(t, db, s, tbl, userID, compat)
				children = append(children, child{tbl, f.ColumnName(), r.Action()})
			}
		}
	}
	if len(children) == 0 {
		t.Fatal("no table references the user table")
	}
	if _, err := db.Exec(fmt.Sprintf(`delete from "%s"`, user.Name())); err != nil {
		t.Fatal(err)
	}
	for _, c := range children {
		rows := queryStrings(t, db, fmt.Sprintf(`select "%s" from "%s"`, c.col, c.tbl.Name()))
		switch c.action {
		case schema.Cascade:
			if len(rows) != 0 {
				t.Errorf("%s: %d rows survived the user's deletion (cascade)", c.tbl.Name(), len(rows))
			}
		case schema.SetNull:
			if len(rows) != 1 || rows[0][0] != "NULL" {
				t.Errorf("%s.%s after the user's deletion = %v, want one NULL (set null)", c.tbl.Name(), c.col, rows)
			}
		}
	}
}

// Without compat the database supplies emailVerified; with it (as Better
// Auth generates the table) an insert that leaves it out fails.
func TestSQLStaticDefaultIsUsable(t *testing.T) {
	s := schemaOf(t, fixtures[0])
	for _, compat := range []bool{false, true} {
		db := openSQLite(t)
		if _, err := db.Exec(strings.TrimSpace(render(t, s, "sqlite", compat))); err != nil {
			t.Fatal(err)
		}
		_, err := db.Exec(`insert into "user" ("id", "name", "email", "createdAt", "updatedAt") values ('u', 'n', 'e', 1, 1)`)
		switch {
		case compat && err == nil:
			t.Error("compat: insert without emailVerified succeeded")
		case compat && !strings.Contains(err.Error(), "NOT NULL"):
			t.Errorf("compat: err = %v, want a NOT NULL failure", err)
		case !compat && err != nil:
			t.Errorf("insert without emailVerified: %v", err)
		}
	}
}
