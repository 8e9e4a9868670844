package generate

// SQL output, and where it deliberately differs from Better Auth.
//
// With Compat the output is byte-identical to what Better Auth 1.7.5's CLI
// writes (`npx auth generate` with the Kysely adapter) against an empty
// database. Without it (the default) the text is the same except for these
// deliberate fixes, and nothing else:
//
//  1. Static defaults are written in CREATE TABLE. A string, enum, number or
//     boolean field with a static default gets `default <value>` right after
//     the type, before `not null` (where Kysely puts a default), e.g.
//     `"emailVerified" integer default 0 not null` on SQLite and
//     `"emailVerified" boolean default false not null` on PostgreSQL and
//     MySQL. Better Auth writes such defaults only when it adds a column to
//     an existing table, so a database it created from scratch lacks them
//     and rows inserted by anything but Better Auth get NULL or fail.
//     Booleans are 1/0 on SQLite and true/false elsewhere; numbers are
//     written as they are; strings are single-quoted with ' doubled (and, on
//     MySQL, \ doubled). Unique fields never get one: a default shared by
//     every row would collide on the second insert. Defaults on date, json
//     and array fields are not written (Better Auth never writes them
//     either); the "now" defaults of dates are exactly the reference's
//     (CURRENT_TIMESTAMP on PostgreSQL, CURRENT_TIMESTAMP(3) on MySQL, none
//     on SQLite).
//  2. On MySQL a static default on a text column is written as an
//     expression, `default ('free')`: MySQL 8 rejects a literal default on
//     TEXT/BLOB/JSON columns.
//  3. On MySQL an enum field that is unique, indexed or part of a
//     table-level index is varchar(255) (or the width of the table-level
//     index, as for strings) instead of text: MySQL rejects an index on a
//     TEXT column ("BLOB/TEXT column used in key specification without a
//     key length"), so the reference's DDL fails there.
//  4. On MySQL foreign keys are table constraints after the columns,
//     `foreign key (`+"`userId`"+`) references `+"`user` (`id`)"+` on delete cascade`, instead of
//     a `references` clause in the column: MySQL 8 parses the inline form
//     and ignores it, so the reference's DDL creates no foreign keys there
//     (MariaDB honours both forms).
//  5. On MySQL a string foreign key to a column other than an id
//     (oauthAccessToken.clientId → oauthClient.clientId) takes that
//     column's type, varchar(255), instead of Better Auth's varchar(36)
//     for every string foreign key, which rejects longer client ids.
//  6. The file ends with a newline.
//
// Because it writes them, the default mode also checks static defaults: one
// that does not fit its field ("yes" on a boolean, 0.5 on a number, which
// is an integer column) is an error rather than a silently wrong column.

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// SQLOptions configures SQL rendering.
type SQLOptions struct {
	// Dialect is "sqlite", "postgres" or "mysql".
	Dialect string
	// Compat reproduces Better Auth 1.7.5's output byte for byte.
	Compat bool
}

// SQL renders the full schema for an empty database: one CREATE TABLE per
// table (user, session, account, verification, then the others in schema
// order), then the indexes of indexed fields, then table-level indexes,
// in Kysely's exact text. See the comment at the top of this file for how
// the default output differs from Better Auth's.
func SQL(s *schema.Schema, o SQLOptions) ([]byte, error) {
	if s == nil {
		return nil, errors.New("sql: no schema")
	}
	d, err := dialects.Get(o.Dialect)
	if err != nil {
		return nil, fmt.Errorf("sql: %w", err)
	}
	// The schema may come from a manifest written by another version of
	// the auth library; rendering assumes a valid one.
	if err := schema.Validate(s); err != nil {
		return nil, fmt.Errorf("sql: invalid schema: %w", err)
	}
	r := sqlRenderer{s: s, d: d, o: o}
	stmts, err := r.statements()
	if err != nil {
		return nil, fmt.Errorf("sql (%s): %w", d.Name(), err)
	}
	if len(stmts) == 0 {
		return []byte{}, nil
	}
	out := strings.Join(stmts, ";\n\n") + ";"
	if !o.Compat {
		out += "\n"
	}
	return []byte(out), nil
}

type sqlRenderer struct {
	s *schema.Schema
	d dialects.Dialect
	o SQLOptions
}

// statements returns Better Auth's statement list for an empty database:
// CREATE TABLE in `order`, then field indexes in the order the fields were
// met, then table-level indexes in schema order.
func (r sqlRenderer) statements() ([]string, error) {
	tables := r.s.Migratable()
	var stmts, fieldIndexes, tableIndexes []string
	for _, t := range tables {
		for _, ix := range schema.TableIndexes(t) {
			tableIndexes = append(tableIndexes, r.createIndex(t, ix))
		}
	}
	for _, t := range createOrder(tables) {
		stmt, err := r.createTable(t)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, stmt)
		for _, ix := range schema.FieldIndexes(t) {
			// A unique field is unique inline; only plain indexes follow.
			if !ix.Unique {
				fieldIndexes = append(fieldIndexes, r.createIndex(t, ix))
			}
		}
	}
	stmts = append(stmts, fieldIndexes...)
	return append(stmts, tableIndexes...), nil
}

// createOrder sorts tables by Order, unordered (0) ones last, keeping
// schema order among equals: the order Better Auth inserts them in.
func createOrder(tables []*schema.Table) []*schema.Table {
	out := append([]*schema.Table(nil), tables...)
	rank := func(t *schema.Table) int {
		if t.Order == 0 {
			return int(^uint(0) >> 1)
		}
		return t.Order
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

func (r sqlRenderer) createTable(t *schema.Table) (string, error) {
	id, err := r.d.ID(r.s.IDs)
	if err != nil {
		return "", fmt.Errorf("table %q: %w", t.Name(), err)
	}
	idType := id.Type
	if id.Identity {
		// Better Auth passes the identity clause as part of the type.
		idType += " GENERATED BY DEFAULT AS IDENTITY"
	}
	cols := []string{r.column(columnDef{
		name: "id", typ: idType, def: id.Default, notNull: true,
		primaryKey: true, autoIncrement: id.AutoIncrement,
	})}
	var fks []string
	for _, f := range t.Fields {
		c, err := r.fieldColumn(t, f)
		if err != nil {
			return "", fmt.Errorf("table %q: %w", t.Name(), err)
		}
		if c.references != "" && r.fkConstraints() {
			fks = append(fks, "foreign key ("+r.d.Quote(c.name)+") "+c.references)
			c.references = ""
		}
		cols = append(cols, r.column(c))
	}
	cols = append(cols, fks...)
	return "create table " + r.d.Quote(t.Name()) + " (" + strings.Join(cols, ", ") + ")", nil
}

// fkConstraints reports whether foreign keys are written as table
// constraints (deviation 4) rather than inline.
func (r sqlRenderer) fkConstraints() bool {
	return !r.o.Compat && r.d.Engine() == engine.MySQL
}

func (r sqlRenderer) fieldColumn(t *schema.Table, f schema.Field) (columnDef, error) {
	typ, err := r.d.ColumnType(r.s, t, f, dialects.TypeOptions{Compat: r.o.Compat})
	if err != nil {
		return columnDef{}, err
	}
	c := columnDef{name: f.ColumnName(), typ: typ, notNull: f.IsRequired(), unique: f.Unique}
	switch {
	case f.Type == schema.TypeDate && schema.IsNow(f.Default):
		c.def = r.d.NowDefault()
	case !r.o.Compat && writesStaticDefault(f):
		if c.def, err = r.d.StaticDefault(f, typ); err != nil {
			return columnDef{}, err
		}
	}
	if f.References != nil {
		table, col := r.s.ReferenceTarget(*f.References)
		c.references = "references " + r.d.Quote(table) + " (" + r.d.Quote(col) + ") on delete " + string(f.References.Action())
	}
	return c, nil
}

// writesStaticDefault reports whether a static default goes into CREATE
// TABLE outside compat: the types Better Auth itself writes defaults for
// when it adds a column, and never on a unique column.
func writesStaticDefault(f schema.Field) bool {
	if !f.HasStaticDefault() || f.Unique {
		return false
	}
	switch f.Type {
	case schema.TypeString, schema.TypeEnum, schema.TypeNumber, schema.TypeBoolean:
		return true
	}
	return false
}

// columnDef is one column clause; column renders it in Kysely's order.
type columnDef struct {
	name, typ, def string
	notNull        bool
	unique         bool
	primaryKey     bool
	autoIncrement  bool
	references     string
}

func (r sqlRenderer) column(c columnDef) string {
	var b strings.Builder
	b.WriteString(r.d.Quote(c.name))
	b.WriteString(" ")
	b.WriteString(c.typ)
	if c.def != "" {
		b.WriteString(" default ")
		b.WriteString(c.def)
	}
	if c.notNull {
		b.WriteString(" not null")
	}
	if c.unique {
		b.WriteString(" unique")
	}
	if c.primaryKey {
		b.WriteString(" primary key")
	}
	if c.autoIncrement {
		b.WriteString(" auto_increment")
	}
	if c.references != "" {
		b.WriteString(" ")
		b.WriteString(c.references)
	}
	return b.String()
}

func (r sqlRenderer) createIndex(t *schema.Table, ix schema.ResolvedIndex) string {
	cols := make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		cols[i] = r.d.Quote(c)
	}
	kind := "create index "
	if ix.Unique {
		kind = "create unique index "
	}
	return kind + r.d.Quote(ix.Name) + " on " + r.d.Quote(t.Name()) + " (" + strings.Join(cols, ", ") + ")"
}
