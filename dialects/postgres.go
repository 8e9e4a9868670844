package dialects

import (
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// postgres is PostgreSQL. uuid ids are native uuid columns with a
// database-side default; serial ids are identity columns.
type postgres struct{}

func (postgres) Engine() *engine.Engine { return engine.Postgres }

func (postgres) Name() string { return engine.Postgres.Name() }

func (postgres) Quote(ident string) string { return engine.Postgres.Quote(ident) }

func (postgres) ID(ids schema.IDStrategy) (IDColumn, error) {
	switch ids {
	case schema.IDString:
		return IDColumn{Type: "text"}, nil
	case schema.IDUUID:
		// Schema-qualified so a search_path without pg_catalog first (or a
		// user function of the same name) cannot change it.
		return IDColumn{Type: "uuid", Default: "pg_catalog.gen_random_uuid()"}, nil
	case schema.IDSerial:
		return IDColumn{Type: "integer", Identity: true}, nil
	}
	return IDColumn{}, unknownIDs(ids)
}

func (d postgres) ColumnType(s *schema.Schema, t *schema.Table, f schema.Field, _ TypeOptions) (string, error) {
	if refersToID(s, f) {
		id, err := d.ID(idsOf(s))
		return id.Type, err
	}
	switch f.Type {
	case schema.TypeString, schema.TypeEnum:
		return "text", nil
	case schema.TypeBoolean:
		return "boolean", nil
	case schema.TypeNumber:
		if f.BigInt {
			return "bigint", nil
		}
		return "integer", nil
	case schema.TypeDate:
		return "timestamptz", nil
	case schema.TypeJSON, schema.TypeStringArray, schema.TypeNumberArray:
		return "jsonb", nil
	}
	return "", unknownType(f)
}

func (postgres) StaticDefault(f schema.Field, _ string) (string, error) {
	if !f.HasStaticDefault() {
		return "", nil
	}
	return literal(f, false, false)
}

func (postgres) NowDefault() string { return "CURRENT_TIMESTAMP" }
