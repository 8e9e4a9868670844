package generate

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// prismaFieldKind tells scalar fields from the two sides of a relation.
type prismaFieldKind int

const (
	prismaScalar prismaFieldKind = iota
	// prismaForward is the relation field beside a foreign key.
	prismaForward
	// prismaBack is the list (or optional) field on the referenced model.
	prismaBack
)

// prismaField is one line of a model.
type prismaField struct {
	name  string
	typ   string // with ? or []
	attrs []string
	kind  prismaFieldKind
	// other is the model a relation field points to; fkFields are a
	// forward relation's foreign key fields; relName is the relation name
	// ("" for an unnamed relation).
	other    string
	fkFields []string
	relName  string
}

func (f prismaField) line() []string {
	return append([]string{f.name, f.typ}, f.attrs...)
}

// prismaAttr is a block attribute (@@unique, @@index, @@map).
type prismaAttr struct {
	kind   string // "unique", "index" or "map"
	fields []string
	text   string
}

// prismaModel is one auth model as Better Auth writes it.
type prismaModel struct {
	name  string // Prisma model name
	table string // the @@map value
	key   string // schema table key
	// external marks a model outside the auth schema that only receives
	// back relations (it must already exist in the file).
	external bool
	fields   []prismaField
	attrs    []prismaAttr
}

// prismaNames holds the model name and mapped table of every table.
type prismaNames struct {
	usePlural bool
}

// base is the model's name before capitalising: the physical table name,
// plus "s" with usePlural.
func (n prismaNames) base(t *schema.Table) string {
	if n.usePlural {
		return t.Name() + "s"
	}
	return t.Name()
}

func (n prismaNames) model(t *schema.Table) string { return capFirst(n.base(t)) }

func capFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// buildPrismaModels renders every migratable table as Better Auth's Prisma
// generator does (see §4.2 of the spec and the deviations in prisma.go).
// docs are the existing files: a reference to a table outside the auth
// schema must name a model one of them defines, and a model the files
// already have keeps its names and must have key types the auth tables'
// foreign keys can reference. dir is the project, for messages.
func buildPrismaModels(s *schema.Schema, eng *engine.Engine, usePlural bool, docs []*prismaDoc, dir string) ([]*prismaModel, error) {
	names := prismaNames{usePlural: usePlural}
	tables := s.Migratable()
	modelNames, err := prismaModelNames(tables, names)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*prismaModel{}
	blocks := map[string]*prismaBlock{}
	docOf := map[string]*prismaDoc{}
	models := docModels(docs)
	var all []*prismaModel
	for _, t := range tables {
		m := &prismaModel{name: modelNames[t.Key], table: names.base(t), key: t.Key}
		if d, b := findPrismaModel(docs, m); b != nil {
			// The file has it, maybe under another name (found by @@map).
			m.name = b.name
			blocks[t.Key], docOf[t.Key] = b, d
		}
		models[m.name] = true
		byKey[t.Key] = m
		all = append(all, m)
	}
	// Field names by table key and logical name, and by column.
	fieldNames := map[string]map[string]string{}
	colNames := map[string]map[string]string{}
	for _, t := range tables {
		fn, err := prismaFieldNames(t, blocks[t.Key], models)
		if err != nil {
			return nil, err
		}
		fieldNames[t.Key] = fn
		colNames[t.Key] = map[string]string{"id": "id"}
		if it, ok := blockField(blocks[t.Key], "id", models); ok {
			colNames[t.Key]["id"] = it.name
		}
		for _, f := range t.Fields {
			colNames[t.Key][f.ColumnName()] = fn[f.Name]
		}
	}

	// The relations, in table and field order, and how many link each pair
	// of models: two or more (or a self reference) need names.
	type rel struct {
		from    *schema.Table
		field   schema.Field
		target  *prismaModel
		refBase string // the referenced model before capitalising
		refName string // the referenced field's Prisma name
	}
	var rels []rel
	pairs := map[[2]string]int{}
	pairKey := func(a, b string) [2]string {
		if a > b {
			a, b = b, a
		}
		return [2]string{a, b}
	}
	var externals []*prismaModel
	mismatches := newPrismaKeyMismatches(s.IDs)
	for _, t := range tables {
		for _, f := range t.Fields {
			if f.References == nil {
				continue
			}
			target := s.Resolve(f.References.Model)
			_, refCol := s.ReferenceTarget(*f.References)
			var tm *prismaModel
			var tb *prismaBlock
			var td *prismaDoc
			refBase, refName, refType := "", refCol, ""
			switch {
			case target != nil && target.DisableMigrations:
				continue // Better Auth skips relations to such tables
			case target != nil:
				tm = byKey[target.Key]
				refBase = names.base(target)
				if !isPrismaIdent(strings.ToLower(refBase)) {
					refBase = tm.name
				}
				tb, td = blocks[target.Key], docOf[target.Key]
				refName = colNames[target.Key][refCol]
				if rf := target.Field(f.References.Field); rf != nil {
					if pf, err := prismaScalarField(s, target, *rf, eng); err == nil {
						refType = pf.typ
					}
				} else {
					refType = prismaIDField(s.IDs, eng).typ
				}
			default:
				d, b, ok := findExternalModel(docs, f.References.Model)
				if !ok {
					return nil, fmt.Errorf("prisma: field %s.%s references table %q, which is neither an auth table nor a model of the Prisma schema; add a model for it (named %s, or with @@map(%q)) and run generate again", t.Key, f.Name, f.References.Model, capFirst(f.References.Model), f.References.Model)
				}
				for _, e := range externals {
					if e.name == b.name {
						tm = e
					}
				}
				if tm == nil {
					tm = &prismaModel{name: b.name, external: true}
					externals = append(externals, tm)
				}
				refBase = b.name
				tb, td = b, d
			}
			// The types on both sides as the file will have them: the
			// existing field's where there is one, else ours.
			if it, ok := blockField(tb, refCol, models); ok {
				refName, refType = it.name, it.typ
			}
			fkType, fileFK := "", ""
			if pf, err := prismaScalarField(s, t, f, eng); err == nil {
				fkType = pf.typ
			}
			if it, ok := blockField(blocks[t.Key], f.ColumnName(), models); ok {
				fkType, fileFK = it.typ, byKey[t.Key].name+"."+it.name
			}
			if base := prismaTypeBase(refType); base != "" && prismaTypeBase(fkType) != "" && base != prismaTypeBase(fkType) {
				path := ""
				if td != nil {
					path = relPath(dir, td.path)
				}
				mismatches.add(prismaKeyMismatch{path: path, model: tm.name, field: refName, refType: base, fkType: prismaTypeBase(fkType),
					authID: target != nil && refCol == "id" && tb != nil}, t.Key+"."+f.Name, fileFK)
			}
			rels = append(rels, rel{from: t, field: f, target: tm, refBase: refBase, refName: refName})
			pairs[pairKey(byKey[t.Key].name, tm.name)]++
		}
	}
	if err := mismatches.err(); err != nil {
		return nil, err
	}
	named := func(r rel) bool {
		m := byKey[r.from.Key]
		return m == r.target || pairs[pairKey(m.name, r.target.name)] > 1
	}

	for _, t := range tables {
		m := byKey[t.Key]
		m.fields = append(m.fields, prismaIDField(s.IDs, eng))
		for _, f := range t.Fields {
			pf, err := prismaScalarField(s, t, f, eng)
			if err != nil {
				return nil, fmt.Errorf("prisma: table %q: %w", t.Key, err)
			}
			if name := fieldNames[t.Key][f.Name]; name != pf.name {
				pf.name = name
				pf.attrs = append(pf.attrs, "@map("+prismaString(f.ColumnName())+")")
			}
			m.fields = append(m.fields, pf)
			for _, r := range rels {
				if r.from != t || r.field.Name != f.Name {
					continue
				}
				fk := pf.name
				fwd := prismaField{kind: prismaForward, other: r.target.name, fkFields: []string{fk}}
				fwd.name = strings.ToLower(r.refBase)
				fwd.typ = r.target.name
				if !f.IsRequired() {
					fwd.typ += "?"
				}
				args := fmt.Sprintf("fields: [%s], references: [%s], onDelete: %s", fk, r.refName, prismaAction(f.References.Action()))
				if named(r) {
					fwd.relName = m.name + "_" + fk
					fwd.name = relationFieldName(fk)
					args = strconv.Quote(fwd.relName) + ", " + args
				}
				fwd.attrs = []string{"@relation(" + args + ")"}
				m.fields = append(m.fields, fwd)
			}
		}
	}

	// Back relations: on each referenced model, one per referencing model
	// (Better Auth), or one per foreign key when the relations are named.
	for _, target := range append(append([]*prismaModel(nil), all...), externals...) {
		seen := map[string]bool{}
		for _, r := range rels {
			if r.target != target {
				continue
			}
			src := byKey[r.from.Key]
			if named(r) {
				fk := fieldNames[r.from.Key][r.field.Name]
				back := prismaField{kind: prismaBack, other: src.name, relName: src.name + "_" + fk}
				back.name = backRelationName(src.name, r.field.Unique, usePlural) + "By" + capFirst(fk)
				back.typ = src.name + backSuffix(r.field.Unique)
				back.attrs = []string{"@relation(" + strconv.Quote(back.relName) + ")"}
				target.fields = append(target.fields, back)
				continue
			}
			if seen[src.name] {
				continue
			}
			seen[src.name] = true
			back := prismaField{kind: prismaBack, other: src.name}
			back.name = backRelationName(src.name, r.field.Unique, usePlural)
			back.typ = src.name + backSuffix(r.field.Unique)
			target.fields = append(target.fields, back)
		}
	}

	for _, t := range tables {
		m := byKey[t.Key]
		cols := colNames[t.Key]
		for _, f := range t.Fields {
			if f.Unique {
				col, name := f.ColumnName(), cols[f.ColumnName()]
				m.attrs = append(m.attrs, prismaAttr{kind: "unique", fields: []string{name}, text: "@@unique([" + name + "]" + longIndexMap(m.table, col, true) + ")"})
			}
		}
		for _, ix := range schema.TableIndexes(t) {
			name := ix.Name
			if tableIndexNamedByDefault(t, ix) {
				name = schema.IndexName(m.table, ix.Columns, ix.Unique)
			}
			kind := "index"
			if ix.Unique {
				kind = "unique"
			}
			fields := make([]string, len(ix.Columns))
			for i, c := range ix.Columns {
				fields[i] = cols[c]
			}
			m.attrs = append(m.attrs, prismaAttr{kind: kind, fields: fields,
				text: fmt.Sprintf("@@%s([%s], map: %s)", kind, strings.Join(fields, ", "), strconv.Quote(name))})
		}
		for _, f := range t.Fields {
			if !f.Index || f.Unique {
				continue
			}
			col := f.ColumnName()
			arg := cols[col]
			if eng == engine.MySQL && (f.Type == schema.TypeString || f.Type == schema.TypeEnum) &&
				!(s.ReferencesID(f) && s.IDs != schema.IDString) {
				arg += "(length: 191)"
			}
			m.attrs = append(m.attrs, prismaAttr{kind: "index", fields: []string{cols[col]}, text: "@@index([" + arg + "]" + longIndexMap(m.table, col, false) + ")"})
		}
		m.attrs = append(m.attrs, prismaAttr{kind: "map", text: "@@map(" + strconv.Quote(m.table) + ")"})
	}

	// Field names must be unique in a model: a relation field that would
	// shadow another field gets a suffix (scalars keep theirs: attributes
	// and relations name them).
	for _, m := range append(all, externals...) {
		used := map[string]bool{}
		for _, f := range m.fields {
			if f.kind == prismaScalar {
				used[f.name] = true
			}
		}
		for i := range m.fields {
			if m.fields[i].kind != prismaScalar {
				m.fields[i].name = uniqueName(m.fields[i].name, used)
			}
		}
	}
	return append(all, externals...), nil
}

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
