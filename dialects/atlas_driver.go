package dialects

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	atlas "ariga.io/atlas/sql/schema"

	"ariga.io/atlas/sql/migrate"
	amysql "ariga.io/atlas/sql/mysql"
	apostgres "ariga.io/atlas/sql/postgres"
	asqlite "ariga.io/atlas/sql/sqlite"

	"github.com/authctl/authctl/engine"
)

// Atlas's driver for an engine, with its inspection queries escaped and,
// on PostgreSQL, narrowed to the inspected tables.

// AtlasDriver returns Atlas's inspect/diff/plan driver for dialect name on
// db, which may be a *sql.DB, *sql.Conn or *sql.Tx. It calls the dialect
// package's Open directly: Atlas's sqlclient registry opens its own
// connections with driver names we do not use (sqlite3, postgres).
func AtlasDriver(e *engine.Engine, db atlas.ExecQuerier) (migrate.Driver, error) {
	db = escapingQuerier{db}
	switch e {
	case engine.SQLite:
		return asqlite.Open(db)
	case engine.Postgres:
		return apostgres.Open(db)
	case engine.MySQL:
		return amysql.Open(db)
	}
	return nil, fmt.Errorf("unknown engine %v", e)
}

// escapingQuerier escapes the names Atlas's inspectors format into SQL
// without escaping them: SQLite's pragma_table_xinfo('NAME') and its
// siblings, and MySQL's SHOW CREATE TABLE `DB`.`NAME`. Other queries pass
// through unchanged (their names are bound as arguments).
type escapingQuerier struct{ atlas.ExecQuerier }

func (q escapingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.ExecQuerier.QueryContext(ctx, escapeInspection(query), args...)
}

// sqlitePragmaRE matches the one table-valued pragma call of Atlas's SQLite
// inspection queries; the name runs to the last "')" of the query, which
// is the call's own.
var sqlitePragmaRE = regexp.MustCompile(`(?s)^(.*\bpragma_(?:table_xinfo|index_list|index_xinfo|foreign_key_list)\(')(.*)('\).*)$`)

const showCreate = "SHOW CREATE TABLE `"

func escapeInspection(query string) string {
	if q, ok := narrowPostgresIndexes(query); ok {
		return q
	}
	if q, ok := narrowPostgresForeignKeys(query); ok {
		return q
	}
	if m := sqlitePragmaRE.FindStringSubmatch(query); m != nil {
		return m[1] + strings.ReplaceAll(m[2], "'", "''") + m[3]
	}
	if strings.HasPrefix(query, showCreate) && strings.HasSuffix(query, "`") {
		body := query[len(showCreate) : len(query)-1]
		esc := func(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }
		// Split at the first "`.`": the database name (authctl's target,
		// from the URL) is taken to hold no backtick.
		if db, table, ok := strings.Cut(body, "`.`"); ok {
			return "SHOW CREATE TABLE " + esc(db) + "." + esc(table)
		}
		return "SHOW CREATE TABLE " + esc(body)
	}
	return query
}

// Atlas's PostgreSQL inspection slows with every unrelated table in the
// database (2,000 tables: a no-op migrate took 2.2-3x as long), in two
// queries of sql/postgres/inspect.go:
//
//   - indexesQueryTmpl filters by the inspected tables only in its outer
//     WHERE, after unnesting every pg_index row and aggregating every
//     pg_constraint row of the database;
//   - fksQuery filters inside its subquery, but the planner, which guesses
//     1,000 rows for the subquery's set-returning functions, hash-joins it
//     with a sequential scan of the whole pg_attribute.
//
// The rewrites add the same table filter where it lets the planner start
// from the inspected tables: inside both subqueries of the first, on the
// outer pg_attribute of the second. Each filter only repeats one the query
// already applies, so the rows are the same. A query that does not match
// Atlas's text exactly (another Atlas version) passes unchanged: slower,
// never wrong. narrowedMarker tags rewritten queries, so a test can pin
// the rewrites to the Atlas version in go.mod.
const narrowedMarker = "/* authctl: narrowed to the inspected tables */"

var (
	pgIndexTablesRE = regexp.MustCompile(`(?s)\bn\.nspname = \$1\s+AND t\.relname IN \(([^)]*)\)`)
	pgIndexFromRE   = regexp.MustCompile(`\bfrom pg_index i(\s+\) idx)`)
	pgConstraintRE  = regexp.MustCompile(`\bfrom pg_constraint(\s+group by conindid)`)

	pgFKTablesRE = regexp.MustCompile(`(?s)\bWHERE ns1\.nspname = \$1\s+AND t1\.relname IN \(([^)]*)\)\s+AND con\.contype = 'f'`)
	pgFKOrderRE  = regexp.MustCompile(`(JOIN pg_attribute a2 ON a2\.attnum = fk\.confkey AND a2\.attrelid = fk\.confrelid)(\s+ORDER BY)`)
)

// inspectedRelations selects the oids of the inspected tables, as the
// queries' own filters name them: schema $1, tables in list.
func inspectedRelations(list string) string {
	return "(SELECT c.oid FROM pg_class c JOIN pg_namespace cn ON cn.oid = c.relnamespace WHERE cn.nspname = $1 AND c.relname IN (" + list + "))"
}

func narrowPostgresIndexes(query string) (string, bool) {
	m := pgIndexTablesRE.FindStringSubmatch(query)
	if m == nil || !pgIndexFromRE.MatchString(query) || !pgConstraintRE.MatchString(query) {
		return "", false
	}
	rels := inspectedRelations(m[1])
	query = pgIndexFromRE.ReplaceAllLiteralString(query, "from pg_index i WHERE i.indrelid IN "+rels+"\n\t) idx")
	query = pgConstraintRE.ReplaceAllLiteralString(query, "from pg_constraint WHERE conindid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN "+rels+")\n\t    group by conindid")
	return narrowedMarker + query, true
}

func narrowPostgresForeignKeys(query string) (string, bool) {
	m := pgFKTablesRE.FindStringSubmatch(query)
	if m == nil || len(pgFKOrderRE.FindAllStringIndex(query, -1)) != 1 {
		return "", false
	}
	query = pgFKOrderRE.ReplaceAllString(query, "${1}\n\tWHERE a1.attrelid IN "+strings.ReplaceAll(inspectedRelations(m[1]), "$", "$$")+"${2}")
	return narrowedMarker + query, true
}
