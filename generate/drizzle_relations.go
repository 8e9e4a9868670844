package generate

import (
	"fmt"
	"strconv"

	"github.com/authctl/authctl/schema"
)

// Values of DrizzleOptions.Relations (--drizzle-relations,
// Database.Adapter.DrizzleRelations): Drizzle's own names for its two
// relations APIs.
const (
	// DrizzleRelationsV1 writes one relations() export per table
	// (drizzle-orm 0.x; Better Auth 1.7.5's output). It is the default.
	DrizzleRelationsV1 = "v1"
	// DrizzleRelationsV2 writes one defineRelations export
	// (drizzle-orm 1.0, "relations v2"), named authRelations.
	DrizzleRelationsV2 = "v2"
)

// drizzleRelationsExport is the name of the defineRelations export: the
// name Better Auth's own relations-v2 generator gives its relations, and
// one that does not collide with the `relations` of the application's
// schema it is merged with.
const drizzleRelationsExport = "authRelations"

// drizzleRelationsV2 reports whether value asks for defineRelations: ""
// and "v1" mean relations(), "v2" defineRelations; anything else is an
// error naming both.
func drizzleRelationsV2(value string) (bool, error) {
	switch value {
	case "", DrizzleRelationsV1:
		return false, nil
	case DrizzleRelationsV2:
		return true, nil
	}
	return false, fmt.Errorf("unknown Drizzle relations API %q: use %q (relations(), drizzle-orm 0.x) or %q (defineRelations, drizzle-orm 1.0)", value, DrizzleRelationsV1, DrizzleRelationsV2)
}

// CheckDrizzleRelations returns an error unless value is "", "v1" or "v2".
func CheckDrizzleRelations(value string) error {
	_, err := drizzleRelationsV2(value)
	return err
}

// drizzleFK is one foreign key between two tables of the file.
type drizzleFK struct {
	from   *schema.Table
	field  schema.Field
	target *schema.Table
	// named: the pair of tables has several foreign keys (or the table
	// references itself), so the relations carry relationName.
	named bool
}

// drizzleRel is one relation key of a table.
type drizzleRel struct {
	key  string
	kind string // "one" or "many"
	// other is the related table; forward: this table holds fk.
	other   *schema.Table
	fk      drizzleFK
	forward bool
	// explicit: the v1 relation names its relationName (forward: and its
	// fields); an unnamed reverse relation is found by drizzle-orm.
	explicit bool
}

// foreignKeys returns the foreign keys between tables of the file, in
// table and field order.
func (g *drizzleGen) foreignKeys() []drizzleFK {
	var fks []drizzleFK
	count := map[[2]string]int{}
	for _, t := range g.tables {
		for _, f := range t.Fields {
			if f.References == nil {
				continue
			}
			target := g.s.Resolve(f.References.Model)
			if target == nil || target.DisableMigrations {
				continue
			}
			fks = append(fks, drizzleFK{from: t, field: f, target: target})
			count[[2]string{t.Key, target.Key}]++
		}
	}
	for i := range fks {
		fk := &fks[i]
		fk.named = fk.from == fk.target || count[[2]string{fk.from.Key, fk.target.Key}] > 1
	}
	return fks
}

// tableRelations returns the relation keys of t: `one` for each foreign
// key of the table, then `many` (or `one` for a unique key) for each other
// table's foreign keys to it, with Better Auth's keys (and authctl's for
// named relations). With v2 a key never equals a column key of t, which
// drizzle-orm 1.0 refuses.
func (g *drizzleGen) tableRelations(t *schema.Table, fks []drizzleFK, v2 bool) []drizzleRel {
	var rels []drizzleRel
	used := map[string]bool{}
	if v2 {
		used["id"] = true
		for _, f := range t.Fields {
			used[f.ColumnName()] = true
		}
	}
	for _, fk := range fks {
		if fk.from != t {
			continue
		}
		col := fk.field.ColumnName()
		// The referenced model's name, singular even with usePlural
		// (Better Auth 1.7.5: getSingularModelName).
		key := fk.target.Name()
		if fk.named {
			key = relationFieldName(col)
			if key == col+"Relation" && !v2 {
				key = col
			}
		}
		key = uniqueKey(key, used)
		rels = append(rels, drizzleRel{key: key, kind: "one", other: fk.target, fk: fk, forward: true, explicit: true})
	}
	// Reverse sides, one per referencing table (Better Auth), or one per
	// foreign key when named.
	seen := map[string]bool{}
	for _, fk := range fks {
		if fk.target != t || fk.from == t && !fk.named {
			continue
		}
		otherExp := g.export[fk.from.Key]
		kind := "many"
		if fk.field.Unique {
			kind = "one"
		}
		if fk.named {
			key := otherExp
			if kind == "many" && !g.o.UsePlural {
				key += "s"
			}
			key = uniqueKey(key+"By"+capFirst(fk.field.ColumnName()), used)
			rels = append(rels, drizzleRel{key: key, kind: kind, other: fk.from, fk: fk, explicit: true})
			continue
		}
		if seen[fk.from.Key] {
			continue
		}
		seen[fk.from.Key] = true
		// Better Auth: many unless every key from that table is unique.
		kind = "one"
		for _, o := range fks {
			if o.from == fk.from && o.target == t && !o.field.Unique {
				kind = "many"
			}
		}
		key := otherExp
		if kind == "many" && !g.o.UsePlural {
			key += "s"
		}
		if used[key] {
			continue
		}
		used[key] = true
		rels = append(rels, drizzleRel{key: key, kind: kind, other: fk.from, fk: fk})
	}
	return rels
}

// refColumn is the column key, in the referenced table, of fk's reference.
func (g *drizzleGen) refColumn(fk drizzleFK) string {
	_, refCol := g.s.ReferenceTarget(*fk.field.References)
	if rf := fk.target.Field(fk.field.References.Field); rf != nil {
		refCol = rf.ColumnName()
	}
	return refCol
}

// relations returns one `export const <x>Relations = relations(...)` per
// table that has any (drizzle-orm's relations() API, as Better Auth
// writes it).
//
// It also returns, for each table with relations, the name of its
// relations export.
func (g *drizzleGen) relations() ([]string, map[string]string) {
	fks := g.foreignKeys()
	var out []string
	decls := map[string]string{}
	for _, t := range g.tables {
		exp := g.export[t.Key]
		var props []jsProp
		helpers := map[string]bool{}
		for _, r := range g.tableRelations(t, fks, false) {
			otherExp := g.export[r.other.Key]
			helpers[r.kind] = true
			relName := str(g.export[r.fk.from.Key] + "_" + r.fk.field.ColumnName())
			switch {
			case r.forward:
				obj := jsObject{expand: true, props: []jsProp{
					{"fields", jsArray{elems: []any{memberExpr(exp, r.fk.field.ColumnName())}}},
					{"references", jsArray{elems: []any{memberExpr(otherExp, g.refColumn(r.fk))}}},
				}}
				if r.fk.named {
					obj.props = append(obj.props, jsProp{"relationName", relName})
				}
				props = append(props, jsProp{r.key, call("one", ident(otherExp), obj)})
			case r.explicit:
				props = append(props, jsProp{r.key, call(r.kind, ident(otherExp), jsObject{props: []jsProp{{"relationName", relName}}})})
			default:
				props = append(props, jsProp{r.key, call(r.kind, ident(otherExp))})
			}
		}
		if len(props) == 0 {
			continue
		}
		params := "({ one })"
		switch {
		case helpers["one"] && helpers["many"]:
			params = "({ one, many })"
		case helpers["many"]:
			params = "({ many })"
		}
		decls[t.Key] = exp + "Relations"
		out = append(out, printStatement(exp+"Relations",
			call("relations", ident(exp), jsArrow{params: params, body: jsObject{expand: true, props: props}})))
	}
	return out, decls
}

// defineRelations returns `export const authRelations =
// defineRelations({ <every table> }, (r) => ({ … }))`: drizzle-orm 1.0's
// relations, with the keys and kinds relations() has. Every relation names
// its columns (`from`, `to`), the reverse sides included, so that
// drizzle-orm never has to pair a relation with its reverse (which fails
// when two tables reference each other) and no alias is needed.
func (g *drizzleGen) defineRelations() string {
	fks := g.foreignKeys()
	tables := jsObject{}
	var config []jsProp
	for _, t := range g.tables {
		exp := g.export[t.Key]
		tables.props = append(tables.props, jsProp{exp, jsShorthand{}})
		var props []jsProp
		for _, r := range g.tableRelations(t, fks, true) {
			otherExp := g.export[r.other.Key]
			col, refCol := r.fk.field.ColumnName(), g.refColumn(r.fk)
			from, to := memberExpr("r."+exp, col), memberExpr("r."+otherExp, refCol)
			if !r.forward {
				from, to = memberExpr("r."+exp, refCol), memberExpr("r."+otherExp, col)
			}
			callee := jsMember{obj: member("r." + r.kind), prop: otherExp}
			props = append(props, jsProp{r.key, call(callee, jsObject{expand: true, props: []jsProp{{"from", from}, {"to", to}}})})
		}
		if len(props) > 0 {
			config = append(config, jsProp{exp, jsObject{expand: true, props: props}})
		}
	}
	args := []any{tables}
	if len(config) > 0 {
		args = append(args, jsArrow{params: "(r)", body: jsObject{expand: true, props: config}})
	}
	return printStatement(drizzleRelationsExport, call("defineRelations", args...))
}

// uniqueKey returns key, or key_2, key_3…, not yet in used, and records it.
func uniqueKey(key string, used map[string]bool) string {
	out := key
	for i := 2; used[out]; i++ {
		out = key + "_" + strconv.Itoa(i)
	}
	used[out] = true
	return out
}
