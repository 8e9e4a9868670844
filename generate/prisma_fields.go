package generate

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// The pieces buildPrismaModels assembles a model from: one field's
// attributes, type and default, relation and index names, and the
// foreign keys whose type disagrees with an existing file.

// prismaTypeBase is a field type without ? or [].
func prismaTypeBase(typ string) string {
	return strings.TrimSuffix(strings.TrimSuffix(typ, "?"), "[]")
}

// prismaKeyMismatches collects foreign keys whose type differs from the
// type of the field they reference in the existing file, grouped by that
// field: Prisma rejects such a relation.
type prismaKeyMismatches struct {
	ids    schema.IDStrategy
	order  []string
	groups map[string]*prismaKeyMismatch
}

type prismaKeyMismatch struct {
	path, model, field, refType, fkType string
	// authID: the field is the id of an auth model the file already has.
	authID bool
	// fks are the foreign keys (table.field); fileFKs those of them the
	// file already has, as Model.field.
	fks, fileFKs []string
}

func newPrismaKeyMismatches(ids schema.IDStrategy) *prismaKeyMismatches {
	return &prismaKeyMismatches{ids: ids, groups: map[string]*prismaKeyMismatch{}}
}

// add records the foreign key fk (table.field) of g's type to g's field;
// fileFK is the file's field for it (Model.field), or "" when authctl adds
// it.
func (m *prismaKeyMismatches) add(g prismaKeyMismatch, fk, fileFK string) {
	k := strings.Join([]string{g.path, g.model, g.field, g.refType, g.fkType, strconv.FormatBool(fileFK != "")}, "\x00")
	p, ok := m.groups[k]
	if !ok {
		p = &g
		m.groups[k] = p
		m.order = append(m.order, k)
	}
	p.fks = append(p.fks, fk)
	if fileFK != "" {
		p.fileFKs = append(p.fileFKs, fileFK)
	}
}

func (m *prismaKeyMismatches) err() error {
	var errs []error
	for _, k := range m.order {
		g := m.groups[k]
		fix := fmt.Sprintf("make %s.%s %s %s", g.model, g.field, anArticle(g.fkType), g.fkType)
		switch {
		case len(g.fileFKs) > 0:
			// The file's own foreign key fields have the other type.
			fix = fmt.Sprintf("make %s %s %s", strings.Join(g.fileFKs, ", "), anArticle(g.refType), g.refType)
		case g.authID && m.ids != schema.IDSerial && g.refType == "Int":
			fix += ", or set Advanced.Database.GenerateID to core.IDSerial so that every id is an Int"
		case g.authID && m.ids == schema.IDSerial:
			fix += ", or drop Advanced.Database.GenerateID = core.IDSerial so that ids are strings"
		}
		where := "prisma: "
		if g.path != "" {
			where += g.path + ": "
		}
		kind := "the foreign key"
		verb := "is"
		if len(g.fks) > 1 {
			kind, verb = "the foreign keys", "are"
		}
		errs = append(errs, fmt.Errorf("%smodel %s's %s is %s, but %s to it (%s) %s %s, and Prisma rejects a relation between two types; %s",
			where, g.model, g.field, g.refType, kind, strings.Join(g.fks, ", "), verb, g.fkType, fix))
	}
	return errors.Join(errs...)
}

// longIndexMap returns `, map: "<name>"` when Prisma's default name for
// the index of one field (<table>_<field>_idx or _key) is longer than the
// 63 bytes PostgreSQL keeps (MySQL: 64), naming it as the SQL output does;
// "" otherwise, as Better Auth writes it.
func longIndexMap(table, col string, unique bool) string {
	suffix := "_idx"
	if unique {
		suffix = "_key"
	}
	if len(table)+1+len(col)+len(suffix) <= schema.MaxIdentifierBytes {
		return ""
	}
	return ", map: " + strconv.Quote(schema.IndexName(table, []string{col}, unique))
}

// tableIndexNamedByDefault reports whether ix carries the generated name
// (no explicit Name in the schema).
func tableIndexNamedByDefault(t *schema.Table, ix schema.ResolvedIndex) bool {
	for _, d := range t.Indexes {
		if d.Name != "" && d.Name == ix.Name {
			return false
		}
	}
	return true
}

// uniqueName returns name, or name with a numeric suffix, not yet in used,
// and records it.
func uniqueName(name string, used map[string]bool) string {
	out := name
	for i := 2; used[out]; i++ {
		out = name + strconv.Itoa(i)
	}
	used[out] = true
	return out
}

// relationFieldName names the relation field of a named relation: the
// foreign key without its Id suffix ("inviterId" → "inviter"), or the key
// plus "Relation" when nothing is left.
func relationFieldName(fk string) string {
	for _, suf := range []string{"Id", "ID", "_id"} {
		if strings.HasSuffix(fk, suf) && len(fk) > len(suf) {
			return strings.TrimSuffix(fk, suf)
		}
	}
	return fk + "Relation"
}

func backRelationName(srcModel string, unique, usePlural bool) string {
	n := strings.ToLower(srcModel)
	if unique || usePlural {
		return n
	}
	return n + "s"
}

func backSuffix(unique bool) string {
	if unique {
		return "?"
	}
	return "[]"
}

func prismaAction(a schema.OnDelete) string {
	switch a {
	case schema.NoAction:
		return "NoAction"
	case schema.SetNull:
		return "SetNull"
	case schema.SetDefault:
		return "SetDefault"
	case schema.Restrict:
		return "Restrict"
	}
	return "Cascade"
}

func prismaIDField(ids schema.IDStrategy, eng *engine.Engine) prismaField {
	switch {
	case ids == schema.IDSerial:
		return prismaField{name: "id", typ: "Int", attrs: []string{"@id", "@default(autoincrement())"}}
	case ids == schema.IDUUID && eng == engine.Postgres:
		return prismaField{name: "id", typ: "String", attrs: []string{"@id", `@default(dbgenerated("pg_catalog.gen_random_uuid()"))`, "@db.Uuid"}}
	}
	return prismaField{name: "id", typ: "String", attrs: []string{"@id"}}
}

// prismaScalarField is the field line of f: type, default, @updatedAt and
// the MySQL or uuid native type, in Better Auth's order.
func prismaScalarField(s *schema.Schema, t *schema.Table, f schema.Field, eng *engine.Engine) (prismaField, error) {
	pf := prismaField{name: f.ColumnName()}
	optional := !f.IsRequired()
	typ := ""
	fkToID := s.ReferencesID(f)
	switch {
	case fkToID && s.IDs == schema.IDSerial:
		typ = "Int"
	case fkToID:
		typ = "String"
	default:
		switch f.Type {
		case schema.TypeString, schema.TypeEnum:
			typ = "String"
		case schema.TypeNumber:
			typ = "Int"
			if f.BigInt {
				typ = "BigInt"
			}
		case schema.TypeBoolean:
			typ = "Boolean"
		case schema.TypeDate:
			typ = "DateTime"
		case schema.TypeJSON:
			typ = "Json"
			if eng != engine.Postgres {
				typ = "String"
			}
		case schema.TypeStringArray, schema.TypeNumberArray:
			if eng != engine.Postgres {
				typ = "String"
			} else {
				typ = "String[]"
				if f.Type == schema.TypeNumberArray {
					typ = "Int[]"
				}
				optional = false // Prisma lists cannot be optional
			}
		default:
			return pf, fmt.Errorf("field %q: unsupported type %q", f.Name, f.Type)
		}
	}
	if optional {
		typ += "?"
	}
	pf.typ = typ

	stringish := !fkToID && (f.Type == schema.TypeString || f.Type == schema.TypeEnum)
	mysqlStringDefault := eng == engine.MySQL && stringish && f.HasStaticDefault() && !f.Unique
	if def, err := prismaDefault(f, eng, mysqlStringDefault); err != nil {
		return pf, err
	} else if def != "" {
		pf.attrs = append(pf.attrs, def)
	}
	if f.Name == "updatedAt" && f.OnUpdateNow {
		pf.attrs = append(pf.attrs, "@updatedAt")
	}
	if fkToID && s.IDs == schema.IDUUID && eng == engine.Postgres {
		pf.attrs = append(pf.attrs, "@db.Uuid")
	}
	if eng == engine.MySQL {
		if native := prismaMySQLNative(s, t, f, stringish, mysqlStringDefault); native != "" {
			pf.attrs = append(pf.attrs, native)
		}
	}
	return pf, nil
}

// prismaMySQLNative is Better Auth's MySQL native type of a string field
// (VarChar of its table-level index width, else Text unless unique or a
// foreign key), plus the fixes for defaults and JSON (deviations 2 and 5).
func prismaMySQLNative(s *schema.Schema, t *schema.Table, f schema.Field, stringish, hasDefault bool) string {
	switch f.Type {
	case schema.TypeJSON, schema.TypeStringArray, schema.TypeNumberArray:
		return "@db.Text"
	}
	if !stringish {
		return ""
	}
	if w, ok := schema.MySQLWidth.For(t, f.Name, s.IDs); ok {
		return "@db.VarChar(" + strconv.Itoa(w) + ")"
	}
	if f.Unique || f.References != nil {
		return ""
	}
	if hasDefault {
		return "@db.VarChar(255)"
	}
	return "@db.Text"
}

// prismaDefault is the @default attribute of f, or "".
func prismaDefault(f schema.Field, eng *engine.Engine, mysqlString bool) (string, error) {
	if f.Default == nil {
		return "", nil
	}
	if schema.IsNow(f.Default) {
		if f.Type == schema.TypeDate && (f.Name == "createdAt" || !(f.Name == "updatedAt" && f.OnUpdateNow)) {
			return "@default(now())", nil
		}
		return "", nil
	}
	if f.Name == "createdAt" {
		return "@default(now())", nil
	}
	if f.Unique {
		// A default shared by every row would collide on the second
		// insert; the SQL output leaves it out too.
		return "", nil
	}
	switch v := f.Default.(type) {
	case string:
		if eng == engine.MySQL && !mysqlString {
			return "", nil
		}
		return "@default(" + prismaString(v) + ")", nil
	case bool:
		return "@default(" + strconv.FormatBool(v) + ")", nil
	}
	if n, ok := jsNumber(f.Default); ok {
		if f.Type == schema.TypeNumber && strings.ContainsAny(n, ".e") {
			return "", fmt.Errorf("field %q: default %s does not fit a number field, which is an integer", f.Name, n)
		}
		return "@default(" + n + ")", nil
	}
	// Arrays and JSON objects, as Better Auth writes them.
	b, err := json.Marshal(f.Default)
	if err != nil {
		return "", fmt.Errorf("field %q: default %#v cannot be written: %v", f.Name, f.Default, err)
	}
	if f.Type == schema.TypeJSON || eng != engine.Postgres {
		return "@default(" + prismaString(string(b)) + ")", nil
	}
	return "@default(" + string(b) + ")", nil
}
