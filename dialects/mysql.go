package dialects

import (
	"strconv"
	"strings"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// mysql is MySQL 8 and MariaDB with utf8mb4. Unlike the other engines it
// cannot index an unbounded text column, so strings that are indexed get
// a varchar whose width keeps every index under the 3072-byte key limit.
type mysql struct{}

func (mysql) Engine() *engine.Engine { return engine.MySQL }

func (mysql) Name() string { return engine.MySQL.Name() }

func (mysql) Quote(ident string) string { return engine.MySQL.Quote(ident) }

func (mysql) ID(ids schema.IDStrategy) (IDColumn, error) {
	switch ids {
	case schema.IDString, schema.IDUUID:
		return IDColumn{Type: "varchar(36)"}, nil
	case schema.IDSerial:
		return IDColumn{Type: "integer", AutoIncrement: true}, nil
	}
	return IDColumn{}, unknownIDs(ids)
}

func (d mysql) ColumnType(s *schema.Schema, t *schema.Table, f schema.Field, o TypeOptions) (string, error) {
	if refersToID(s, f) {
		id, err := d.ID(idsOf(s))
		return id.Type, err
	}
	switch f.Type {
	case schema.TypeString:
		// Better Auth's order: table-level index width, unique, foreign
		// key, sortable, index, else unbounded.
		if w, ok := indexWidth(s, t, f); ok {
			return varchar(w), nil
		}
		switch {
		case f.Unique:
			return "varchar(255)", nil
		case f.References != nil:
			// Better Auth sizes every string foreign key for an id. One
			// that points at another string column (oauthClient.clientId)
			// must be as wide as it, or longer values fail to insert.
			if !o.Compat {
				if typ, ok := d.referencedType(s, f, o); ok {
					return typ, nil
				}
			}
			return "varchar(36)", nil
		case f.Sortable, f.Index:
			return "varchar(255)", nil
		}
		return "text", nil
	case schema.TypeEnum:
		// Better Auth maps every enum to text, which MySQL refuses to
		// index ("BLOB/TEXT column used in key specification without a
		// key length"). Outside compat an indexed enum is bounded like an
		// indexed string.
		if !o.Compat {
			if w, ok := indexWidth(s, t, f); ok {
				return varchar(w), nil
			}
			if f.Unique || f.Index {
				return "varchar(255)", nil
			}
		}
		return "text", nil
	case schema.TypeBoolean:
		return "boolean", nil
	case schema.TypeNumber:
		if f.BigInt {
			return "bigint", nil
		}
		return "integer", nil
	case schema.TypeDate:
		return "timestamp(3)", nil
	case schema.TypeJSON, schema.TypeStringArray, schema.TypeNumberArray:
		return "json", nil
	}
	return "", unknownType(f)
}

// StaticDefault doubles backslashes (MySQL treats them as escapes in
// string literals) and wraps the default of a text or json column in
// parentheses: MySQL 8 accepts a default on those types only as an
// expression.
func (mysql) StaticDefault(f schema.Field, colType string) (string, error) {
	if !f.HasStaticDefault() {
		return "", nil
	}
	lit, err := literal(f, false, true)
	if err != nil {
		return "", err
	}
	if unboundedType(colType) {
		return "(" + lit + ")", nil
	}
	return lit, nil
}

func (mysql) NowDefault() string { return "CURRENT_TIMESTAMP(3)" }

// indexWidth is the width of a string or enum column that sits in a
// table-level index (see schema.IndexedStringWidth).
func indexWidth(s *schema.Schema, t *schema.Table, f schema.Field) (int, bool) {
	if t == nil {
		return 0, false
	}
	return schema.MySQLWidth.For(t, f.Name, idsOf(s))
}

// referencedType returns the type of the string column a foreign key
// points at, when that column is in the schema and is itself bounded.
func (d mysql) referencedType(s *schema.Schema, f schema.Field, o TypeOptions) (string, bool) {
	if s == nil {
		return "", false
	}
	rt := s.Resolve(f.References.Model)
	if rt == nil {
		return "", false
	}
	target := rt.Field(f.References.Field)
	if target == nil || target.References != nil || (target.Type != schema.TypeString && target.Type != schema.TypeEnum) {
		return "", false
	}
	typ, err := d.ColumnType(s, rt, *target, o)
	if err != nil || unboundedType(typ) {
		return "", false
	}
	return typ, true
}

func varchar(n int) string { return "varchar(" + strconv.Itoa(n) + ")" }

// unboundedType reports whether a MySQL column type is a TEXT, BLOB or
// JSON type, which take a default only as a parenthesised expression.
func unboundedType(colType string) bool {
	t := strings.ToLower(colType)
	return strings.HasSuffix(t, "text") || strings.HasSuffix(t, "blob") || t == "json"
}
