package generate_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql"

	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/schema"
)

// The MySQL half of the drizzle-kit comparison (drizzle_tools_test.go has
// SQLite and PostgreSQL): drizzle-kit's migration for our Drizzle schema and
// our own MySQL SQL, each applied to a fresh database on the CI's MySQL
// server (MariaDB), must build the same tables.

// ormFreshMySQL creates a database with a random name on the server of
// AUTHCTL_TEST_MYSQL_URL and returns a connection to it; it is dropped when
// the test ends.
func ormFreshMySQL(t *testing.T) *sql.DB {
	t.Helper()
	u, admin := gormServer(t, "AUTHCTL_TEST_MYSQL_URL", "mysql", gormMySQLDSN)
	name := "authctl_orm_" + gormRandomHex(t)
	if _, err := admin.Exec("create database `" + name + "`"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("drop database `" + name + "`") })
	own := *u
	own.Path = "/" + name
	own.RawQuery = url.Values{"multiStatements": {"false"}}.Encode()
	db, err := sql.Open("mysql", gormMySQLDSN(&own))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func ormApplyMySQL(t *testing.T, db *sql.DB, stmts []string) map[string]ormDbTable {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	out := map[string]ormDbTable{}
	for _, name := range ormQueryStrings(t, db, `select table_name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' order by 1`) {
		var tb ormDbTable
		for _, r := range ormQueryRows(t, db, `
			select column_name, column_type, case when is_nullable = 'NO' then '1' else '0' end,
			       case when column_key = 'PRI' then '1' else '0' end
			from information_schema.columns
			where table_schema = database() and table_name = ? order by ordinal_position`, name) {
			tb.columns = append(tb.columns, fmt.Sprintf("%s %s notnull=%s pk=%s", r[0], strings.ReplaceAll(r[1], " ", "_"), r[2], r[3]))
		}
		fkIndex := map[string][]string{} // FK column -> names of an index MySQL may add for it
		for _, r := range ormQueryRows(t, db, `
			select k.column_name, k.constraint_name, concat(k.referenced_table_name, '.', k.referenced_column_name), lower(rc.delete_rule)
			from information_schema.key_column_usage k
			join information_schema.referential_constraints rc
			  on rc.constraint_schema = k.constraint_schema and rc.constraint_name = k.constraint_name and rc.table_name = k.table_name
			where k.table_schema = database() and k.table_name = ? and k.referenced_table_name is not null`, name) {
			tb.fks = append(tb.fks, fmt.Sprintf("%s -> %s on delete %s", r[0], r[2], r[3]))
			fkIndex[r[0]] = []string{r[0], r[1]}
		}
		for _, r := range ormQueryRows(t, db, `
			select index_name, case when non_unique = 0 then '1' else '0' end,
			       group_concat(column_name order by seq_in_index separator ',')
			from information_schema.statistics
			where table_schema = database() and table_name = ? and index_name <> 'PRIMARY'
			group by index_name, non_unique`, name) {
			ix := fmt.Sprintf("unique=%s (%s)", r[1], r[2])
			switch {
			case r[1] == "1":
			case slices.Contains(fkIndex[r[2]], r[0]):
				// MySQL adds an index to a foreign key column that has
				// none, named after the constraint (which drizzle-kit
				// names and our SQL leaves to the server): only its
				// existence is compared.
				ix += " implicit-fk-index" // one token: ormCompareTables splits on blanks
			default:
				ix += " " + r[0]
			}
			tb.indexes = append(tb.indexes, ix)
		}
		out[name] = tb
	}
	return out
}

func TestDrizzleKitBuildsTheSameMySQLTables(t *testing.T) {
	npmOrm(t)
	ormFreshMySQL(t) // skip (or fail under CI) before running drizzle-kit when there is no server
	for _, fx := range ormCompareFixtures() {
		s := schemaOf(t, fx)
		code, err := generate.Drizzle(s, generate.DrizzleOptions{Dialect: "mysql"})
		if err != nil {
			t.Fatal(err)
		}
		theirs := ormApplyMySQL(t, ormFreshMySQL(t), ormDrizzleKitSQL(t, code, "mysql"))
		ourSQL, err := generate.SQL(s, generate.SQLOptions{Dialect: "mysql"})
		if err != nil {
			t.Fatal(err)
		}
		ours := ormApplyMySQL(t, ormFreshMySQL(t), strings.Split(strings.TrimSuffix(strings.TrimSpace(string(ourSQL)), ";"), ";\n\n"))
		ormMySQLEnums(s, ours)
		ormCompareTables(t, fx.name+"/mysql", "mysql", s, ours, theirs)
		migrated := ormApplyMySQL(t, ormMigrated(t, ormFreshMySQL(t), "mysql", s), nil)
		ormMySQLEnums(s, migrated)
		ormCompareTables(t, fx.name+"/mysql, authctl migrate", "mysql", s, migrated, theirs)
	}
}

// ormMySQLEnums gives our enum columns the type drizzle-kit makes: Better
// Auth's Drizzle schema declares mysqlEnum, while its SQL (and ours, see
// the README's SQL deviations) stores enums as text, or varchar when
// indexed.
func ormMySQLEnums(s *schema.Schema, ours map[string]ormDbTable) {
	for _, tb := range s.Tables {
		for _, f := range tb.Fields {
			if f.Type != schema.TypeEnum {
				continue
			}
			quoted := make([]string, len(f.Enum))
			for i, v := range f.Enum {
				quoted[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
			}
			cols := ours[tb.Name()].columns
			for i, c := range cols {
				if name, rest, _ := strings.Cut(c, " "); name == f.ColumnName() {
					_, flags, _ := strings.Cut(rest, " ")
					cols[i] = name + " enum(" + strings.Join(quoted, ",") + ") " + flags
				}
			}
		}
	}
}
