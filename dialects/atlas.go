package dialects

import (
	"fmt"
	"strings"

	atlas "ariga.io/atlas/sql/schema"

	amysql "ariga.io/atlas/sql/mysql"
	apostgres "ariga.io/atlas/sql/postgres"
	asqlite "ariga.io/atlas/sql/sqlite"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

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
