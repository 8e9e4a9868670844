package dialects

import (
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// sqlite is SQLite. Types follow Better Auth: everything textual is text,
// booleans and numbers integer, dates date (SQLite stores any of them in
// any column; the names only set the affinity).
type sqlite struct{}

func (sqlite) Engine() *engine.Engine { return engine.SQLite }

func (sqlite) Name() string { return engine.SQLite.Name() }

func (sqlite) Quote(ident string) string { return engine.SQLite.Quote(ident) }

func (sqlite) ID(ids schema.IDStrategy) (IDColumn, error) {
	switch ids {
	case schema.IDString, schema.IDUUID:
		return IDColumn{Type: "text"}, nil
	case schema.IDSerial:
		// "integer primary key" is an alias of the rowid: SQLite assigns it.
		return IDColumn{Type: "integer"}, nil
	}
	return IDColumn{}, unknownIDs(ids)
}

func (d sqlite) ColumnType(s *schema.Schema, t *schema.Table, f schema.Field, _ TypeOptions) (string, error) {
	if refersToID(s, f) {
		id, err := d.ID(idsOf(s))
		return id.Type, err
	}
	switch f.Type {
	case schema.TypeString, schema.TypeEnum, schema.TypeJSON, schema.TypeStringArray, schema.TypeNumberArray:
		return "text", nil
	case schema.TypeBoolean:
		return "integer", nil
	case schema.TypeNumber:
		if f.BigInt {
			return "bigint", nil
		}
		return "integer", nil
	case schema.TypeDate:
		return "date", nil
	}
	return "", unknownType(f)
}

// StaticDefault writes booleans as 1/0: SQLite has no boolean literal
// that every version accepts.
func (sqlite) StaticDefault(f schema.Field, _ string) (string, error) {
	if !f.HasStaticDefault() {
		return "", nil
	}
	return literal(f, true, false)
}

// NowDefault is empty: Better Auth writes no default for dates on SQLite
// and sets createdAt/updatedAt itself.
func (sqlite) NowDefault() string { return "" }
