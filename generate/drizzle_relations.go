package generate

import (
	"strconv"

	"github.com/authctl/authctl/schema"
)

// drizzleFK is one foreign key between two tables of the file.
type drizzleFK struct {
	from   *schema.Table
	field  schema.Field
	target *schema.Table
	// named: the pair of tables has several foreign keys (or the table
	// references itself), so the relations carry relationName.
	named bool
}

// relations returns one `export const <x>Relations = relations(...)` per
// table that has any (drizzle-orm's relations() API, as Better Auth
// writes it): `one` for each foreign key of the table, then `many` (or
// `one` for a unique key) for each other table's foreign keys to it.
//
// It also returns, for each table with relations, the name of its
// relations export.
func (g *drizzleGen) relations() ([]string, map[string]string) {
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

	var out []string
	decls := map[string]string{}
	for _, t := range g.tables {
		exp := g.export[t.Key]
		var props []jsProp
		used := map[string]bool{}
		helpers := map[string]bool{}
		for _, fk := range fks {
			if fk.from != t {
				continue
			}
			col := fk.field.ColumnName()
			refExp := g.export[fk.target.Key]
			// The referenced model's name, singular even with usePlural
			// (Better Auth 1.7.5: getSingularModelName).
			key := fk.target.Name()
			if fk.named {
				key = relationFieldName(col)
				if key == col+"Relation" {
					key = col
				}
			}
			key = uniqueKey(key, used)
			_, refCol := g.s.ReferenceTarget(*fk.field.References)
			if rf := fk.target.Field(fk.field.References.Field); rf != nil {
				refCol = rf.ColumnName()
			}
			obj := jsObject{expand: true, props: []jsProp{
				{"fields", jsArray{elems: []any{memberExpr(exp, col)}}},
				{"references", jsArray{elems: []any{memberExpr(refExp, refCol)}}},
			}}
			if fk.named {
				obj.props = append(obj.props, jsProp{"relationName", str(exp + "_" + col)})
			}
			helpers["one"] = true
			props = append(props, jsProp{key, call("one", ident(refExp), obj)})
		}
		// Reverse sides, one per referencing table (Better Auth), or one
		// per foreign key when named.
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
				helpers[kind] = true
				props = append(props, jsProp{key, call(kind, ident(otherExp), jsObject{props: []jsProp{{"relationName", str(otherExp + "_" + fk.field.ColumnName())}}})})
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
			helpers[kind] = true
			props = append(props, jsProp{key, call(kind, ident(otherExp))})
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

// uniqueKey returns key, or key_2, key_3…, not yet in used, and records it.
func uniqueKey(key string, used map[string]bool) string {
	out := key
	for i := 2; used[out]; i++ {
		out = key + "_" + strconv.Itoa(i)
	}
	used[out] = true
	return out
}
