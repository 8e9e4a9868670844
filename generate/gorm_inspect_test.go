package generate_test

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// What a database holds for a set of tables, read back from the engine's
// catalog, in a form two databases can be compared in.

// gormShape is the tables of one database by name.
type gormShape map[string]*gormTable

type gormTable struct {
	// Columns in order: "name type null|not null default=… extra".
	Columns []string
	// Primary is the primary key's column list.
	Primary string
	// Unique and Plain are the column lists of the unique (other than the
	// primary key) and non-unique indexes, sorted: names aside, the
	// indexes and unique constraints.
	Unique []string
	Plain  []string
	// Named maps each index name to "unique cols" or "index cols".
	Named map[string]string
	// FKs are "cols -> table(cols) on delete ACTION", sorted.
	FKs []string
}

func newGORMTable() *gormTable { return &gormTable{Named: map[string]string{}} }

func (ts *gormTable) addIndex(name string, unique, primary bool, cols string) {
	switch {
	case primary:
		ts.Primary = cols
		return
	case unique:
		ts.Unique = append(ts.Unique, cols)
		ts.Named[name] = "unique " + cols
	default:
		ts.Plain = append(ts.Plain, cols)
		ts.Named[name] = "index " + cols
	}
}

func (ts *gormTable) sort() {
	sort.Strings(ts.Unique)
	sort.Strings(ts.Plain)
	sort.Strings(ts.FKs)
}

func gormColumn(name, typ string, nullable bool, def sql.NullString, extra string) string {
	s := name + " " + typ
	if nullable {
		s += " null"
	} else {
		s += " not null"
	}
	if def.Valid {
		s += " default=" + def.String
	}
	if extra != "" {
		s += " " + extra
	}
	return s
}

// gormInspectSQLite reads tables through SQLite's pragmas.
func gormInspectSQLite(t *testing.T, db *sql.DB, tables []string) gormShape {
	t.Helper()
	out := gormShape{}
	for _, name := range tables {
		ts := newGORMTable()
		var pk []string
		for _, r := range queryStrings(t, db, `select name, upper(type), "notnull", dflt_value, pk from pragma_table_info(?) order by cid`, name) {
			def := sql.NullString{String: gormSQLiteDefault(r[3]), Valid: r[3] != "NULL"}
			ts.Columns = append(ts.Columns, gormColumn(r[0], r[1], r[2] == "0", def, ""))
			if r[4] != "0" {
				pk = append(pk, r[0])
			}
		}
		if len(ts.Columns) == 0 {
			t.Errorf("table %q does not exist", name)
			continue
		}
		ts.Primary = strings.Join(pk, ",")
		for _, r := range queryStrings(t, db, `select name, "unique", origin from pragma_index_list(?)`, name) {
			if r[2] == "pk" {
				continue // the automatic index of a text primary key
			}
			var cols []string
			for _, c := range queryStrings(t, db, `select name from pragma_index_info(?) order by seqno`, r[0]) {
				cols = append(cols, c[0])
			}
			ix := r[0]
			if strings.HasPrefix(ix, "sqlite_autoindex_") {
				ix = "" // an inline UNIQUE: SQLite names it
			}
			ts.addIndex(ix, r[1] == "1", false, strings.Join(cols, ","))
		}
		delete(ts.Named, "")
		fks := map[string]*[4]string{}
		var ids []string
		for _, r := range queryStrings(t, db, `select id, "from", "table", "to", on_delete from pragma_foreign_key_list(?) order by id, seq`, name) {
			fk, ok := fks[r[0]]
			if !ok {
				fk = &[4]string{"", r[2], "", r[4]}
				fks[r[0]] = fk
				ids = append(ids, r[0])
			}
			fk[0] = strings.TrimPrefix(fk[0]+","+r[1], ",")
			fk[2] = strings.TrimPrefix(fk[2]+","+r[3], ",")
		}
		for _, id := range ids {
			fk := fks[id]
			ts.FKs = append(ts.FKs, fmt.Sprintf("%s -> %s(%s) on delete %s", fk[0], fk[1], fk[2], strings.ToUpper(fk[3])))
		}
		ts.sort()
		out[name] = ts
	}
	return out
}

// gormSQLiteDefault normalises the text of a default expression, which
// SQLite keeps as written, to the SQL output's: GORM writes a string in
// double quotes (which SQLite reads as a string where no column can be
// meant) or, for strings it cannot round-trip, in parentheses, and 0 and 1
// as the keywords false and true.
func gormSQLiteDefault(s string) string {
	for len(s) > 1 && s[0] == '(' && s[len(s)-1] == ')' {
		s = s[1 : len(s)-1]
	}
	if len(s) > 1 && s[0] == '"' && s[len(s)-1] == '"' {
		inner := strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
		return "'" + strings.ReplaceAll(inner, "'", "''") + "'"
	}
	switch strings.ToLower(s) {
	case "false":
		return "0"
	case "true":
		return "1"
	}
	return s
}

// gormInspectPostgres reads tables of the connection's current schema from
// pg_catalog.
func gormInspectPostgres(t *testing.T, db *sql.DB, tables []string) gormShape {
	t.Helper()
	out := gormShape{}
	for _, name := range tables {
		ts := newGORMTable()
		for _, r := range queryStrings(t, db, `
select a.attname, format_type(a.atttypid, a.atttypmod), (not a.attnotnull)::text,
       coalesce(pg_get_expr(d.adbin, d.adrelid), 'NULL'), a.attidentity
from pg_attribute a
join pg_class c on c.oid = a.attrelid
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where c.relnamespace = current_schema()::regnamespace and c.relname = $1 and a.attnum > 0 and not a.attisdropped
order by a.attnum`, name) {
			def := sql.NullString{String: r[3], Valid: r[3] != "NULL"}
			extra := ""
			switch r[4] {
			case "d":
				extra = "identity by default"
			case "a":
				extra = "identity always"
			}
			ts.Columns = append(ts.Columns, gormColumn(r[0], r[1], r[2] == "true", def, extra))
		}
		if len(ts.Columns) == 0 {
			t.Errorf("table %q does not exist", name)
			continue
		}
		for _, r := range queryStrings(t, db, `
select ic.relname, x.indisunique::text, x.indisprimary::text,
       (select string_agg(a.attname, ',' order by k.ord)
        from unnest(x.indkey) with ordinality k(attnum, ord)
        join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum),
       exists (select 1 from pg_constraint c where c.conindid = x.indexrelid and c.contype = 'u')::text
from pg_index x
join pg_class ic on ic.oid = x.indexrelid
join pg_class tc on tc.oid = x.indrelid
where tc.relnamespace = current_schema()::regnamespace and tc.relname = $1`, name) {
			ix := r[0]
			if r[4] == "true" {
				// A unique constraint: PostgreSQL names an inline UNIQUE
				// <table>_<col>_key, GORM its own uni_<table>_<col>.
				ix = ""
			}
			ts.addIndex(ix, r[1] == "true", r[2] == "true", r[3])
		}
		delete(ts.Named, "")
		for _, r := range queryStrings(t, db, `
select (select string_agg(a.attname, ',' order by k.ord) from unnest(c.conkey) with ordinality k(n, ord)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n),
       ft.relname,
       (select string_agg(a.attname, ',' order by k.ord) from unnest(c.confkey) with ordinality k(n, ord)
        join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n),
       c.confdeltype, c.conname
from pg_constraint c
join pg_class tc on tc.oid = c.conrelid
join pg_class ft on ft.oid = c.confrelid
where c.contype = 'f' and tc.relnamespace = current_schema()::regnamespace and tc.relname = $1`, name) {
			action := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}[r[3]]
			ts.FKs = append(ts.FKs, fmt.Sprintf("%s: %s -> %s(%s) on delete %s", r[4], r[0], r[1], r[2], action))
		}
		ts.sort()
		out[name] = ts
	}
	return out
}

// gormInspectMySQL reads tables of the connection's database from
// information_schema.
func gormInspectMySQL(t *testing.T, db *sql.DB, tables []string) gormShape {
	t.Helper()
	out := gormShape{}
	for _, name := range tables {
		ts := newGORMTable()
		for _, r := range queryStrings(t, db, `
select column_name, column_type, is_nullable, coalesce(column_default, 'NULL'), extra
from information_schema.columns where table_schema = database() and table_name = ? order by ordinal_position`, name) {
			def := sql.NullString{String: r[3], Valid: r[3] != "NULL"}
			ts.Columns = append(ts.Columns, gormColumn(r[0], r[1], r[2] == "YES", def, strings.ToLower(r[4])))
		}
		if len(ts.Columns) == 0 {
			t.Errorf("table %q does not exist", name)
			continue
		}
		// Index names are kept: GORM names a unique field's key after the
		// column and its foreign keys <table>_ibfk_<n>, as MySQL names the
		// SQL output's inline UNIQUE, unnamed foreign keys and the indexes
		// it adds for them.
		for _, r := range queryStrings(t, db, `
select index_name, min(non_unique), group_concat(column_name order by seq_in_index separator ',')
from information_schema.statistics where table_schema = database() and table_name = ?
group by index_name`, name) {
			ts.addIndex(r[0], r[1] == "0", r[0] == "PRIMARY", r[2])
		}
		delete(ts.Named, "")
		for _, r := range queryStrings(t, db, `
select group_concat(k.column_name order by k.ordinal_position separator ','), k.referenced_table_name,
       group_concat(k.referenced_column_name order by k.ordinal_position separator ','), rc.delete_rule, rc.constraint_name
from information_schema.referential_constraints rc
join information_schema.key_column_usage k
  on k.constraint_schema = rc.constraint_schema and k.constraint_name = rc.constraint_name and k.table_name = rc.table_name
where rc.constraint_schema = database() and rc.table_name = ?
group by rc.constraint_name, k.referenced_table_name, rc.delete_rule`, name) {
			ts.FKs = append(ts.FKs, fmt.Sprintf("%s: %s -> %s(%s) on delete %s", r[4], r[0], r[1], r[2], r[3]))
		}
		ts.sort()
		out[name] = ts
	}
	return out
}
