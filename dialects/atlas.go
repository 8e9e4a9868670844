package dialects

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	atlas "ariga.io/atlas/sql/schema"

	"ariga.io/atlas/sql/migrate"
	amysql "ariga.io/atlas/sql/mysql"
	apostgres "ariga.io/atlas/sql/postgres"
	asqlite "ariga.io/atlas/sql/sqlite"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

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

// AtlasOptions tune AtlasTables.
type AtlasOptions struct {
	// Schema receives the tables. Its name must be the inspected schema's
	// (Atlas diffs only schemas of one name): "main" on SQLite, the
	// PostgreSQL schema, the MySQL database.
	Schema *atlas.Schema
	// External returns the live table a foreign key to a table outside the
	// auth schema points at. When it is nil or returns nil, a stub table
	// holding just the referenced column is used.
	External func(name string) *atlas.Table
}

// AtlasTables maps the migratable tables of s onto Atlas tables of dialect
// name and adds them to o.Schema, in schema order. The result describes the
// same physical database `authctl generate` writes (the default mode, not
// compat): the same types (ColumnType, ID), static defaults where generate
// writes them, "now" defaults, NOT NULL, primary keys, unique constraints,
// indexes and foreign keys.
//
// Names follow what the engine picks for the inline constraints of
// generate's CREATE TABLE, so that both routes give one physical schema:
// on PostgreSQL a unique field is the constraint "<table>_<column>_key" and
// a foreign key "<table>_<column>_fkey"; on MySQL a unique field is the key
// "<column>" and foreign keys are unnamed (MySQL names them
// "<table>_ibfk_<n>"); on SQLite, where an inline UNIQUE gets an internal
// name nobody can create, it is the index "<table>_<column>_uidx" (Better
// Auth's name), and foreign keys are unnamed. Indexes use
// schema.IndexName.
func AtlasTables(e *engine.Engine, s *schema.Schema, o AtlasOptions) ([]*atlas.Table, error) {
	d := For(e)
	if d == nil {
		return nil, fmt.Errorf("AtlasTables: unknown engine %v", e)
	}
	if o.Schema == nil {
		return nil, fmt.Errorf("AtlasTables: no schema")
	}
	if err := schema.Validate(s); err != nil {
		return nil, fmt.Errorf("invalid schema: %w", err)
	}
	m := atlasMapper{d: d, s: s, o: o, byName: map[string]*atlas.Table{}}
	tables := s.Migratable()
	out := make([]*atlas.Table, 0, len(tables))
	// Columns first, so that foreign keys can point at any table.
	for _, t := range tables {
		at, err := m.table(t)
		if err != nil {
			return nil, fmt.Errorf("table %q: %w", t.Name(), err)
		}
		out = append(out, at)
	}
	for i, t := range tables {
		if err := m.indexes(t, out[i]); err != nil {
			return nil, fmt.Errorf("table %q: %w", t.Name(), err)
		}
		if err := m.foreignKeys(t, out[i]); err != nil {
			return nil, fmt.Errorf("table %q: %w", t.Name(), err)
		}
	}
	o.Schema.AddTables(out...)
	return out, nil
}

type atlasMapper struct {
	d      Dialect
	s      *schema.Schema
	o      AtlasOptions
	byName map[string]*atlas.Table
}

func (m atlasMapper) table(t *schema.Table) (*atlas.Table, error) {
	at := atlas.NewTable(t.Name())
	at.SetSchema(m.o.Schema)
	id, err := m.d.ID(m.s.IDs)
	if err != nil {
		return nil, err
	}
	idCol, err := m.column("id", id.Type, false)
	if err != nil {
		return nil, err
	}
	switch {
	case id.Default != "":
		idCol.Default = &atlas.RawExpr{X: id.Default}
	case id.Identity:
		idCol.Attrs = append(idCol.Attrs, &apostgres.Identity{Generation: "BY DEFAULT"})
	case id.AutoIncrement:
		idCol.Attrs = append(idCol.Attrs, &amysql.AutoIncrement{})
	}
	at.AddColumns(idCol)
	at.SetPrimaryKey(atlas.NewPrimaryKey(idCol))
	for _, f := range t.Fields {
		typ, err := m.d.ColumnType(m.s, t, f, TypeOptions{})
		if err != nil {
			return nil, err
		}
		c, err := m.column(f.ColumnName(), typ, !f.IsRequired())
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", f.Name, err)
		}
		if c.Default, err = m.defaultExpr(f, typ); err != nil {
			return nil, err
		}
		at.AddColumns(c)
	}
	m.byName[t.Name()] = at
	return at, nil
}

// column builds a column whose type is parsed by the dialect's own Atlas
// parser, so that it compares equal to what the inspector reads back.
func (m atlasMapper) column(name, typ string, null bool) (*atlas.Column, error) {
	raw := atlasType(m.d.Engine(), typ)
	var (
		t   atlas.Type
		err error
	)
	switch m.d.Engine() {
	case engine.SQLite:
		t, err = asqlite.ParseType(raw)
	case engine.Postgres:
		t, err = apostgres.ParseType(raw)
	case engine.MySQL:
		t, err = amysql.ParseType(raw)
	}
	if err != nil {
		return nil, fmt.Errorf("column type %q: %w", raw, err)
	}
	if _, ok := t.(*atlas.UnsupportedType); ok {
		return nil, fmt.Errorf("column type %q is not supported by %s", raw, m.d.Name())
	}
	return &atlas.Column{Name: name, Type: &atlas.ColumnType{Type: t, Raw: raw, Null: null}}, nil
}

// atlasType spells a type the way Atlas's parser for the dialect knows it:
// MySQL's parser has no "integer" (the SQL generator's spelling), only int.
func atlasType(e *engine.Engine, typ string) string {
	if e == engine.MySQL && strings.EqualFold(typ, "integer") {
		return "int"
	}
	return typ
}

// defaultExpr is the column default generate writes: the dialect's "now"
// for dates defaulting to the current time, and a static default for
// string, enum, number and boolean fields that are not unique.
func (m atlasMapper) defaultExpr(f schema.Field, typ string) (atlas.Expr, error) {
	if f.Type == schema.TypeDate && schema.IsNow(f.Default) {
		if now := m.d.NowDefault(); now != "" {
			return &atlas.RawExpr{X: now}, nil
		}
		return nil, nil
	}
	if !WritesStaticDefault(f) {
		return nil, nil
	}
	v, err := m.d.StaticDefault(f, typ)
	if err != nil || v == "" {
		return nil, err
	}
	if strings.HasPrefix(v, "(") {
		// MySQL's expression default on a text column.
		return &atlas.RawExpr{X: v}, nil
	}
	return &atlas.Literal{V: v}, nil
}

// WritesStaticDefault reports whether a field's static default becomes a
// column default: for string, enum, number and boolean fields, never on a
// unique column (a default shared by every row collides on the second
// insert). It is the rule of generate's default (non-compat) SQL.
func WritesStaticDefault(f schema.Field) bool {
	if !f.HasStaticDefault() || f.Unique {
		return false
	}
	switch f.Type {
	case schema.TypeString, schema.TypeEnum, schema.TypeNumber, schema.TypeBoolean:
		return true
	}
	return false
}

func (m atlasMapper) indexes(t *schema.Table, at *atlas.Table) error {
	for _, ix := range append(schema.FieldIndexes(t), schema.TableIndexes(t)...) {
		cols := make([]*atlas.Column, len(ix.Columns))
		for i, name := range ix.Columns {
			c, ok := at.Column(name)
			if !ok {
				return fmt.Errorf("index %q: no column %q", ix.Name, name)
			}
			cols[i] = c
		}
		name := ix.Name
		var attrs []atlas.Attr
		if ix.Unique && ix.FieldLevel {
			name = UniqueFieldName(m.d.Engine(), t.Name(), ix.Columns[0])
			if m.d.Engine() == engine.Postgres {
				attrs = append(attrs, &apostgres.Constraint{N: name, T: "u"})
			}
		}
		idx := atlas.NewIndex(name).SetUnique(ix.Unique).AddColumns(cols...)
		idx.Attrs = attrs
		at.AddIndexes(idx)
	}
	return nil
}

var onDelete = map[schema.OnDelete]atlas.ReferenceOption{
	schema.Cascade:    atlas.Cascade,
	schema.Restrict:   atlas.Restrict,
	schema.NoAction:   atlas.NoAction,
	schema.SetNull:    atlas.SetNull,
	schema.SetDefault: atlas.SetDefault,
}

func (m atlasMapper) foreignKeys(t *schema.Table, at *atlas.Table) error {
	for _, f := range t.Fields {
		if f.References == nil {
			continue
		}
		col, _ := at.Column(f.ColumnName())
		refTable, refCol := m.s.ReferenceTarget(*f.References)
		rt, ok := m.byName[refTable]
		if !ok {
			rt = m.external(refTable, refCol, col)
		}
		rc, ok := rt.Column(refCol)
		if !ok {
			return fmt.Errorf("field %q references %s.%s, which does not exist", f.Name, refTable, refCol)
		}
		action, ok := onDelete[f.References.Action()]
		if !ok {
			return fmt.Errorf("field %q: unknown onDelete %q", f.Name, f.References.OnDelete)
		}
		// MySQL and SQLite name unnamed foreign keys themselves (MySQL
		// "<table>_ibfk_<n>", and the index it adds after the column, as
		// for generate's CREATE TABLE); PostgreSQL's name is written out so
		// that both routes agree on it.
		var symbol string
		if m.d.Engine() == engine.Postgres {
			symbol = PostgresAutoName(t.Name(), col.Name, "fkey")
		}
		fk := atlas.NewForeignKey(symbol).AddColumns(col).SetRefTable(rt).AddRefColumns(rc).SetOnDelete(action)
		at.AddForeignKeys(fk)
	}
	return nil
}

// external returns the table outside the auth schema that a foreign key
// points at: the live one, or a stub with the referenced column typed like
// the referencing one.
func (m atlasMapper) external(name, col string, like *atlas.Column) *atlas.Table {
	if m.o.External != nil {
		if t := m.o.External(name); t != nil {
			return t
		}
	}
	t := atlas.NewTable(name)
	t.SetSchema(m.o.Schema)
	c := &atlas.Column{Name: col, Type: &atlas.ColumnType{Type: like.Type.Type, Raw: like.Type.Raw}}
	t.AddColumns(c)
	m.byName[name] = t
	return t
}

// UniqueFieldName is the name AtlasTables gives the unique constraint of
// a unique field in CREATE TABLE: the name the engine gives an inline
// UNIQUE ("<table>_<column>_key" on PostgreSQL, "<column>" on MySQL), or
// on SQLite Better Auth's "<table>_<column>_uidx".
func UniqueFieldName(e *engine.Engine, table, column string) string {
	switch e {
	case engine.Postgres:
		return PostgresAutoName(table, column, "key")
	case engine.MySQL:
		return column
	}
	return schema.IndexName(table, []string{column}, true)
}

// PostgresAutoName is the name PostgreSQL gives an unnamed constraint of
// table on column: "<table>_<column>_<label>" ("key" for unique, "fkey"
// for foreign keys), with the table and column parts shortened, the longer
// first, to fit the 63-byte identifier limit (ChooseConstraintName and
// makeObjectName in PostgreSQL's source).
func PostgresAutoName(table, column, label string) string {
	const maxBytes = 63
	avail := maxBytes - len(label) - 2
	n1, n2 := len(table), len(column)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	return clipUTF8(table, n1) + "_" + clipUTF8(column, n2) + "_" + label
}

// clipUTF8 cuts s to at most n bytes without splitting a character.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// IdentifierLimit is the longest name the engine keeps (package engine's
// MaxIdentifier: PostgreSQL 63, which it truncates longer names to, MySQL
// 64, past which it refuses them; 0 for SQLite, no limit), and whether it
// counts bytes. PostgreSQL counts bytes; MySQL counts characters, so a
// name of 30 Chinese characters (90 bytes) is a valid MySQL name.
func IdentifierLimit(e *engine.Engine) (max int, inBytes bool) {
	return e.MaxIdentifier(), e.IdentifierCountsBytes()
}

// IdentifierLength measures name as the engine's limit counts it.
func IdentifierLength(e *engine.Engine, name string) int {
	if _, inBytes := IdentifierLimit(e); inBytes {
		return len(name)
	}
	return utf8.RuneCountInString(name)
}

// MySQLForeignKeyName is the name MySQL gives the n-th (from 1) unnamed
// foreign key of table: "<table>_ibfk_<n>". It is subject to the 64
// character limit too.
func MySQLForeignKeyName(table string, n int) string {
	return table + "_ibfk_" + strconv.Itoa(n)
}

// atlasQuote is the character Atlas's SQL builder writes around
// identifiers: a backtick on MySQL and SQLite, a double quote on
// PostgreSQL. Atlas does not escape it inside a name.
func atlasQuote(e *engine.Engine) string {
	if e == engine.Postgres {
		return `"`
	}
	return "`"
}

// EscapeAtlasName doubles the quote character Atlas writes around
// identifiers of dialect, so that a name Atlas quotes comes out as one
// valid identifier: Atlas v1.2 writes names verbatim between quotes.
func EscapeAtlasName(e *engine.Engine, name string) string {
	q := atlasQuote(e)
	return strings.ReplaceAll(name, q, q+q)
}

// ForeignKeyTypesMatch reports whether the engine creates a foreign key
// from a column of type col to a key of type ref. It answers false only
// for pairs the engine is known to refuse; a type it does not classify is
// left to the engine. MySQL also requires string keys of the same
// collation, which the types alone do not say (see the migrate package).
//
// PostgreSQL needs an equality operator between the two types in the key
// index's operator family, or an implicit cast: integers of any width
// match each other (and an integer may reference a numeric), the string
// types (text, varchar, char) match each other, and otherwise the
// categories must agree (text never references uuid or integer). MySQL and
// MariaDB need "similar" types: integers of the same size and sign
// (display widths do not count), char/varchar with char/varchar of any
// length, binary/varbinary with each other; TEXT, BLOB and JSON columns
// cannot be foreign keys at all.
func ForeignKeyTypesMatch(e *engine.Engine, col, ref atlas.Type) bool {
	c, r := keyClass(e, col), keyClass(e, ref)
	switch {
	case c == "unusable" || r == "unusable":
		return false
	case c == "" || r == "":
		return true // unknown: the engine decides
	case c == r:
		return true
	}
	return e == engine.Postgres && c == "int" && r == "numeric"
}

// keyClass sorts a column type into the classes ForeignKeyTypesMatch
// compares; "" is a type it does not know, "unusable" one that can never
// be in a foreign key.
func keyClass(e *engine.Engine, t atlas.Type) string {
	switch e {
	case engine.Postgres:
		switch t := t.(type) {
		case *atlas.IntegerType, *apostgres.SerialType:
			return "int"
		case *atlas.DecimalType:
			return "numeric"
		case *atlas.StringType:
			return "string"
		case *atlas.UUIDType:
			return "uuid"
		case *atlas.BoolType:
			return "bool"
		case *atlas.TimeType:
			return "time"
		case *atlas.FloatType:
			return "float"
		case *atlas.BinaryType:
			return "bytea"
		case *atlas.JSONType:
			if strings.EqualFold(t.T, "jsonb") {
				return "jsonb"
			}
			return "unusable" // json has no equality operator
		}
	case engine.MySQL:
		switch t := t.(type) {
		case *atlas.IntegerType:
			name := strings.ToLower(t.T)
			if name == "integer" {
				name = "int"
			}
			if t.Unsigned {
				name += " unsigned"
			}
			return name
		case *atlas.BoolType:
			return "tinyint"
		case *atlas.StringType:
			switch strings.ToLower(t.T) {
			case "char", "varchar":
				return "char"
			}
			return "unusable" // TEXT types
		case *atlas.BinaryType:
			switch strings.ToLower(t.T) {
			case "binary", "varbinary":
				return "binary"
			}
			return "unusable" // BLOB types
		case *atlas.JSONType:
			return "unusable"
		case *atlas.DecimalType:
			return "decimal"
		case *atlas.FloatType:
			return "float"
		case *atlas.TimeType:
			return "time"
		case *atlas.UUIDType:
			return "uuid"
		}
	}
	return ""
}

// KeyTypeName spells a column type for a message: the database's own
// spelling, without MySQL's integer display widths (int(11) is int).
func KeyTypeName(e *engine.Engine, c *atlas.Column) string {
	if c.Type == nil {
		return ""
	}
	if it, ok := c.Type.Type.(*atlas.IntegerType); ok && e == engine.MySQL {
		name := strings.ToLower(it.T)
		if it.Unsigned {
			name += " unsigned"
		}
		return name
	}
	if c.Type.Raw != "" {
		return c.Type.Raw
	}
	return fmt.Sprint(c.Type.Type)
}
