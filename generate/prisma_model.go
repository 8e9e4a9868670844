package generate

import (
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
