package migrate

import (
	"context"
	"fmt"
	"strings"

	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// keyConflicts returns the foreign keys of the plan that the engine would
// refuse, judged from the inspected schema before any statement runs: a
// referenced key whose type (or, on MySQL, collation) cannot hold the
// referencing column, a referenced column that is neither the primary key
// nor unique, and existing rows whose value matches no key. On MySQL each
// of them used to fail halfway through a plan whose earlier statements
// had committed.
func (m *Migrator) keyConflicts(ctx context.Context, q queryer, s *schema.Schema, live *atlas.Schema, changes []atlas.Change) ([]Problem, error) {
	type fkChange struct {
		fk    *atlas.ForeignKey
		table *atlas.Table
		// added holds the columns the plan adds to an existing table;
		// nil for a new table.
		added map[string]bool
	}
	var fks []fkChange
	for _, c := range changes {
		switch c := c.(type) {
		case *atlas.AddTable:
			for _, f := range c.T.ForeignKeys {
				fks = append(fks, fkChange{f, c.T, nil})
			}
		case *atlas.ModifyTable:
			added := map[string]bool{}
			for _, x := range c.Changes {
				if ac, ok := x.(*atlas.AddColumn); ok {
					added[ac.C.Name] = true
				}
			}
			for _, x := range c.Changes {
				if af, ok := x.(*atlas.AddForeignKey); ok {
					fks = append(fks, fkChange{af.F, c.T, added})
				}
			}
		}
	}

	// Problems about a live key are reported once per key, naming every
	// column that would reference it.
	var out []Problem
	var keyed []keyUse
	for _, fc := range fks {
		f := fc.fk
		if f.RefTable == nil || len(f.Columns) != len(f.RefColumns) {
			continue
		}
		lt, tableLive := live.Table(fc.table.Name)
		tableLive = tableLive && fc.added != nil && lt != nil
		lrt, refLive := live.Table(f.RefTable.Name)
		conflict := false
		for i, c := range f.Columns {
			rc := f.RefColumns[i]
			colLive := tableLive && !fc.added[c.Name]
			refColLive := false
			if refLive {
				_, refColLive = lrt.Column(rc.Name)
			}
			if !colLive && !refColLive {
				continue // both from the schema, which is consistent
			}
			ref := fc.table.Name + "." + c.Name
			colType, refType := dialects.KeyTypeName(m.eng, c), dialects.KeyTypeName(m.eng, rc)
			if !dialects.ForeignKeyTypesMatch(m.eng, c.Type.Type, rc.Type.Type) {
				conflict = true
				if refColLive && !colLive {
					keyed = append(keyed, keyUse{"type", f.RefTable.Name, rc.Name, ref, colType, func(refs string) string {
						return fmt.Sprintf("column %s.%s is %s in the database, but the schema's %s reference it, and %s cannot make a foreign key between those types; %s, then run migrate again",
							f.RefTable.Name, rc.Name, refType, refs, m.eng.Label(), keyTypeFix(s, f.RefTable.Name, rc, colType))
					}})
					continue
				}
				out = append(out, Problem{Table: fc.table.Name, Column: c.Name, Message: fmt.Sprintf(
					"column %s.%s is %s in the database, but its foreign key to %s.%s (%s) cannot be made between those types on %s; change %s.%s to %s yourself, then run migrate again",
					fc.table.Name, c.Name, colType, f.RefTable.Name, rc.Name, refType, m.eng.Label(), fc.table.Name, c.Name, refType)})
				continue
			}
			if m.eng == engine.MySQL && isCharType(c) && isCharType(rc) {
				cc, rcc := m.collation(live, fc.table, c, colLive), m.collation(live, f.RefTable, rc, refColLive)
				if cc != "" && rcc != "" && !strings.EqualFold(cc, rcc) {
					conflict = true
					if refColLive && !colLive {
						keyed = append(keyed, keyUse{"collation", f.RefTable.Name, rc.Name, ref, "", func(refs string) string {
							return fmt.Sprintf("column %s.%s is %s with collation %s in the database, but the schema's %s would be created with %s, and MySQL cannot make a foreign key between strings of different collations; convert the table (ALTER TABLE %s CONVERT TO CHARACTER SET %s COLLATE %s), then run migrate again",
								f.RefTable.Name, rc.Name, refType, rcc, refs, cc, quoteMySQL(f.RefTable.Name), charsetOf(cc), cc)
						}})
						continue
					}
					out = append(out, Problem{Table: fc.table.Name, Column: c.Name, Message: fmt.Sprintf(
						"column %s.%s has collation %s in the database, but %s.%s, which its foreign key would reference, has %s, and MySQL cannot make a foreign key between strings of different collations; convert one of the tables (ALTER TABLE … CONVERT TO CHARACTER SET … COLLATE …), then run migrate again",
						fc.table.Name, c.Name, cc, f.RefTable.Name, rc.Name, rcc)})
				}
			}
		}
		if refLive && !uniqueOn(f.RefTable, f.RefColumns, m.sameName) {
			conflict = true
			ref := fc.table.Name + "." + strings.Join(colNames(f.Columns), ", ")
			rt, rcols := f.RefTable.Name, strings.Join(colNames(f.RefColumns), ", ")
			keyed = append(keyed, keyUse{"unique", rt, rcols, ref, "", func(refs string) string {
				return fmt.Sprintf("column %s.%s is neither the primary key nor unique in the database, so the foreign keys of %s cannot reference it; make it the primary key or give it a unique index, then run migrate again",
					rt, rcols, refs)
			}})
		}
		if conflict || !tableLive || len(f.Columns) != 1 || fc.added[f.Columns[0].Name] {
			continue
		}
		// Against the live key; a key the plan creates has no values yet.
		keyLive := false
		if refLive {
			_, keyLive = lrt.Column(f.RefColumns[0].Name)
		}
		orphan, err := m.hasOrphans(ctx, q, live.Name, fc.table.Name, f.Columns[0].Name, f.RefTable, f.RefColumns[0].Name, keyLive)
		if err != nil {
			return nil, err
		}
		if orphan && m.file {
			c := f.Columns[0].Name
			out = append(out, Problem{Table: fc.table.Name, Column: c, Message: fmt.Sprintf(
				"the schema adds the foreign key %s.%s -> %s(%s) over an existing column: on a database where %s holds a %s that matches no %s.%s the migration fails; check for such rows before applying it",
				fc.table.Name, c, f.RefTable.Name, f.RefColumns[0].Name, fc.table.Name, c, f.RefTable.Name, f.RefColumns[0].Name)})
		} else if orphan {
			c := f.Columns[0].Name
			out = append(out, Problem{Table: fc.table.Name, Column: c, Message: fmt.Sprintf(
				"table %s has rows whose %s matches no %s.%s, so the foreign key %s.%s -> %s(%s) cannot be added; delete those rows or correct their %s, then run migrate again",
				fc.table.Name, c, f.RefTable.Name, f.RefColumns[0].Name, fc.table.Name, c, f.RefTable.Name, f.RefColumns[0].Name, c)})
		}
	}
	// One problem per key, naming every column that would reference it.
	var (
		order []string
		group = map[string][]keyUse{}
	)
	for _, p := range keyed {
		k := p.kind + "\x00" + p.table + "\x00" + p.column
		if group[k] == nil {
			order = append(order, k)
		}
		group[k] = append(group[k], p)
	}
	for _, k := range order {
		g := group[k]
		out = append(out, Problem{Table: g[0].table, Column: g[0].column, Message: g[0].msg(joinRefs(g))})
	}
	return out, nil
}

// keyUse is a foreign key the plan would point at a live key that cannot
// take it; kind says why ("type", "collation", "unique").
type keyUse struct {
	kind, table, column string // the key
	ref, typ            string // the referencing column and its type
	msg                 func(refs string) string
}

// joinRefs lists the referencing columns: "a.x and b.y (varchar(36))",
// the type once when they share it.
func joinRefs(us []keyUse) string {
	names := make([]string, len(us))
	same := true
	for i, u := range us {
		names[i] = u.ref
		same = same && u.typ == us[0].typ
	}
	if !same {
		for i, u := range us {
			names[i] += " (" + u.typ + ")"
		}
	}
	out := names[0]
	if len(names) > 1 {
		out = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	if same && us[0].typ != "" {
		out += " (" + us[0].typ + ")"
	}
	return out
}

// keyTypeFix says how to make a live key and the schema's references to
// it agree: for the id of an auth table, the config's id strategy that
// matches the key's type; always, changing the key yourself.
func keyTypeFix(s *schema.Schema, table string, key *atlas.Column, want string) string {
	change := fmt.Sprintf("change %s.%s to %s yourself", table, key.Name, want)
	if key.Name != "id" || s.Resolve(table) == nil {
		return change
	}
	var ids schema.IDStrategy
	var name, kind string
	switch key.Type.Type.(type) {
	case *atlas.IntegerType:
		ids, name, kind = schema.IDSerial, "IDSerial", "integers"
	case *atlas.UUIDType:
		ids, name, kind = schema.IDUUID, "IDUUID", "UUIDs"
	case *atlas.StringType:
		ids, name, kind = schema.IDString, "IDString", "strings"
	}
	current := s.IDs
	if current == "" {
		current = schema.IDString
	}
	if ids == "" || ids == current {
		return change
	}
	return fmt.Sprintf("set Advanced.Database.GenerateID: core.%s in the config (the table's ids are %s), or %s", name, kind, change)
}

// isCharType reports whether a MySQL column is char or varchar, whose
// foreign keys must agree on the collation.
func isCharType(c *atlas.Column) bool {
	st, ok := c.Type.Type.(*atlas.StringType)
	return ok && (strings.EqualFold(st.T, "char") || strings.EqualFold(st.T, "varchar"))
}

// collation is the collation a MySQL column has, or will have: its own, or
// its table's default (a column added to an existing table), or the
// database's (a column of a new table).
func (m *Migrator) collation(live *atlas.Schema, t *atlas.Table, c *atlas.Column, isLive bool) string {
	if isLive {
		if lt, ok := live.Table(t.Name); ok {
			if lc, ok := lt.Column(c.Name); ok {
				if v := collationAttr(lc.Attrs); v != "" {
					return v
				}
			}
		}
	}
	if v := collationAttr(c.Attrs); v != "" {
		return v
	}
	if lt, ok := live.Table(t.Name); ok {
		if v := collationAttr(lt.Attrs); v != "" {
			return v
		}
	}
	return collationAttr(live.Attrs)
}

func collationAttr(attrs []atlas.Attr) string {
	for _, a := range attrs {
		if c, ok := a.(*atlas.Collation); ok {
			return c.V
		}
	}
	return ""
}

// charsetOf is the character set of a MySQL collation (its first word).
func charsetOf(collation string) string {
	cs, _, _ := strings.Cut(collation, "_")
	return cs
}

func quoteMySQL(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }

// uniqueOn reports whether t's primary key or one of its unique indexes
// covers exactly cols (in any order): what a foreign key may reference.
// Partial and expression indexes do not count.
func uniqueOn(t *atlas.Table, cols []*atlas.Column, same func(a, b string) bool) bool {
	want := colNames(cols)
	covers := func(ix *atlas.Index) bool {
		if ix == nil || partial(ix) {
			return false
		}
		have := partNames(ix)
		if have == nil || len(have) != len(want) {
			return false
		}
		for _, w := range want {
			found := false
			for _, h := range have {
				found = found || same(w, h)
			}
			if !found {
				return false
			}
		}
		return true
	}
	if covers(t.PrimaryKey) {
		return true
	}
	for _, ix := range t.Indexes {
		if ix.Unique && covers(ix) {
			return true
		}
	}
	return false
}

// hasOrphans reports whether a live table has a row whose column holds a
// value no row of the referenced table has (any value at all, when the
// plan creates the referenced table).
func (m *Migrator) hasOrphans(ctx context.Context, q queryer, schemaName, table, column string, ref *atlas.Table, refColumn string, refLive bool) (bool, error) {
	if m.file {
		return true, nil
	}
	d := dialects.For(m.eng)
	col := "c." + d.Quote(column)
	query := "SELECT 1 FROM " + m.qualified(schemaName, table) + " c WHERE " + col + " IS NOT NULL"
	if refLive {
		refSchema := schemaName
		if ref.Schema != nil && ref.Schema.Name != "" {
			refSchema = ref.Schema.Name
		}
		query += " AND NOT EXISTS (SELECT 1 FROM " + m.qualified(refSchema, ref.Name) + " p WHERE p." + d.Quote(refColumn) + " = " + col + ")"
	}
	rows, err := q.QueryContext(ctx, query+" LIMIT 1")
	if err != nil {
		return false, fmt.Errorf("checking %s.%s for values that match no %s.%s: %w", table, column, ref.Name, refColumn, err)
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}
