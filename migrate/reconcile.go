package migrate

import (
	"fmt"
	"strings"

	amysql "ariga.io/atlas/sql/mysql"
	apostgres "ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"
	asqlite "ariga.io/atlas/sql/sqlite"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// merge turns every desired table that exists in the database into "the
// live table plus what the schema adds": live columns keep their live
// definitions (drift is reported, never changed), columns, indexes and
// foreign keys only the database has are kept, and an index or foreign key
// the schema wants counts as present when the database has one with the
// same meaning under another name. After the merge a diff can only add
// things, and a SQLite table rebuild (which recreates the table from the
// desired definition) copies everything the schema does not know about.
func (m *Migrator) merge(live, want *atlas.Schema) ([]Warning, map[*atlas.Table][]*atlas.ForeignKey, error) {
	type pair struct{ lt, dt *atlas.Table }
	var pairs []pair
	for _, dt := range want.Tables {
		if lt, ok := live.Table(dt.Name); ok {
			pairs = append(pairs, pair{lt, dt})
		}
	}
	// Columns first: foreign keys copied from one live table point at
	// the merged columns of another.
	desiredIdx := map[*atlas.Table][]*atlas.Index{}
	desiredFKs := map[*atlas.Table][]*atlas.ForeignKey{}
	for _, p := range pairs {
		desiredIdx[p.dt], desiredFKs[p.dt] = p.dt.Indexes, p.dt.ForeignKeys
		m.mergeColumns(p.lt, p.dt)
	}
	var ws []Warning
	added := map[*atlas.Table][]*atlas.ForeignKey{}
	for _, p := range pairs {
		if err := m.mergeIndexes(live, p.lt, p.dt, desiredIdx[p.dt]); err != nil {
			return nil, nil, err
		}
		fws, fks := m.mergeForeignKeys(want, p.lt, p.dt, desiredFKs[p.dt])
		ws = append(ws, fws...)
		if len(fks) > 0 {
			added[p.dt] = fks
		}
		// Table options (engine, charset, collation, checks, comments)
		// stay as they are.
		p.dt.Attrs = p.lt.Attrs
	}
	return ws, added, nil
}

// addForeignKeys makes sure every foreign key the merge added to an
// existing table is in the changes: Atlas's SQLite differ does not compare
// foreign keys of existing tables at all. On SQLite the change makes the
// planner recreate the table (with every live column, index and row, see
// merge), which is the only way SQLite adds a foreign key.
func addForeignKeys(changes []atlas.Change, want *atlas.Schema, added map[*atlas.Table][]*atlas.ForeignKey) []atlas.Change {
	for _, t := range want.Tables { // schema order: plans are deterministic
		fks := added[t]
		if len(fks) == 0 {
			continue
		}
		var mt *atlas.ModifyTable
		for _, c := range changes {
			if c, ok := c.(*atlas.ModifyTable); ok && c.T == t {
				mt = c
			}
		}
		if mt == nil {
			mt = &atlas.ModifyTable{T: t}
			changes = append(changes, mt)
		}
		for _, fk := range fks {
			found := false
			for _, c := range mt.Changes {
				if a, ok := c.(*atlas.AddForeignKey); ok && a.F == fk {
					found = true
				}
			}
			if !found {
				mt.Changes = append(mt.Changes, &atlas.AddForeignKey{F: fk})
			}
		}
	}
	return changes
}

// mergeColumns gives the desired columns that exist live their live
// definitions and appends the live-only ones: live order first, then the
// new columns in schema order.
func (m *Migrator) mergeColumns(lt, dt *atlas.Table) {
	used := map[*atlas.Column]bool{}
	cols := make([]*atlas.Column, 0, len(lt.Columns)+len(dt.Columns))
	for _, lc := range lt.Columns {
		dc := m.column(dt, lc.Name)
		if dc == nil {
			dc = &atlas.Column{}
		}
		dc.Name, dc.Type, dc.Default, dc.Attrs = lc.Name, lc.Type, lc.Default, lc.Attrs
		used[dc] = true
		cols = append(cols, dc)
	}
	for _, dc := range dt.Columns {
		if !used[dc] {
			cols = append(cols, dc)
		}
	}
	for _, c := range cols {
		c.Indexes, c.ForeignKeys = nil, nil
	}
	dt.Columns = cols
	dt.PrimaryKey = nil
	if lt.PrimaryKey != nil {
		if pk, ok := m.copyIndex(lt.PrimaryKey, dt); ok {
			pk.Table = dt
			dt.PrimaryKey = pk
		}
	}
}

func (m *Migrator) column(t *atlas.Table, name string) *atlas.Column {
	for _, c := range t.Columns {
		if m.sameName(c.Name, name) {
			return c
		}
	}
	return nil
}

// copyIndex copies a live index onto the merged table's columns.
func (m *Migrator) copyIndex(li *atlas.Index, dt *atlas.Table) (*atlas.Index, bool) {
	ix := &atlas.Index{Name: li.Name, Unique: li.Unique, Attrs: li.Attrs}
	// Atlas's SQLite differ matches the index of an inline UNIQUE
	// (sqlite_autoindex_<table>_<n>) only with an unnamed desired index;
	// nameUnnamed names it after the diff, for a table rebuild.
	if m.eng == engine.SQLite && strings.HasPrefix(li.Name, "sqlite_autoindex_") {
		ix.Name = ""
	}
	for _, p := range li.Parts {
		np := &atlas.IndexPart{SeqNo: p.SeqNo, Desc: p.Desc, X: p.X, Attrs: p.Attrs}
		if p.C != nil {
			if np.C = m.column(dt, p.C.Name); np.C == nil {
				return nil, false
			}
		}
		ix.Parts = append(ix.Parts, np)
	}
	return ix, true
}

func (m *Migrator) mergeIndexes(live *atlas.Schema, lt, dt *atlas.Table, desired []*atlas.Index) error {
	var out []*atlas.Index
	for _, li := range lt.Indexes {
		if ix, ok := m.copyIndex(li, dt); ok {
			out = append(out, ix)
		}
	}
	for _, di := range desired {
		if m.indexCovered(di, lt) {
			continue
		}
		// On an existing table a unique field gets Better Auth's ALTER
		// path index, "<table>_<column>_uidx", not an inline constraint.
		if di.Unique && len(di.Parts) == 1 && di.Parts[0].C != nil {
			col := di.Parts[0].C.Name
			if di.Name == dialects.UniqueFieldName(m.eng, dt.Name, col) {
				di.Name = schema.IndexName(dt.Name, []string{col}, true)
				di.Attrs = withoutConstraint(di.Attrs)
			}
		}
		if other := m.indexNamed(live, lt, di.Name); other != "" {
			return fmt.Errorf("the database already has an index %q (on %s) that does not match the schema's index on %s(%s); rename or drop it, then run migrate again",
				di.Name, other, dt.Name, strings.Join(partNames(di), ", "))
		}
		out = append(out, di)
	}
	dt.Indexes = nil
	dt.AddIndexes(out...)
	for _, ix := range dt.Indexes {
		for _, p := range ix.Parts {
			if p.C != nil {
				p.C.Indexes = append(p.C.Indexes, ix)
			}
		}
	}
	return nil
}

// indexNamed returns where an index of that name already is, or "" when
// the name is free. MySQL scopes index names to a table, SQLite and
// PostgreSQL to the schema (only the inspected tables are searched).
func (m *Migrator) indexNamed(live *atlas.Schema, lt *atlas.Table, name string) string {
	tables := []*atlas.Table{lt}
	if m.eng != engine.MySQL {
		tables = live.Tables
	}
	for _, t := range tables {
		for _, ix := range t.Indexes {
			if m.sameName(ix.Name, name) {
				return "table " + t.Name
			}
		}
	}
	return ""
}

func withoutConstraint(attrs []atlas.Attr) []atlas.Attr {
	var out []atlas.Attr
	for _, a := range attrs {
		if _, ok := a.(*apostgres.Constraint); !ok {
			out = append(out, a)
		}
	}
	return out
}

// indexCovered reports whether the live table already has an index that
// does what di does: a unique index over the same set of columns for a
// unique di (how a column is made unique does not matter: inline UNIQUE,
// sqlite_autoindex_*, a MySQL key named after the column, a MariaDB long
// unique), or any index over the same columns in the same order for a
// plain one. Partial, expression and prefix indexes cover nothing.
func (m *Migrator) indexCovered(di *atlas.Index, lt *atlas.Table) bool {
	want := partNames(di)
	if want == nil {
		return false
	}
	for _, li := range lt.Indexes {
		if di.Unique && !li.Unique || partial(li) {
			continue
		}
		have := partNames(li)
		if have == nil || len(have) != len(want) {
			continue
		}
		if di.Unique {
			if m.sameSet(have, want) {
				return true
			}
		} else if m.sameList(have, want) {
			return true
		}
	}
	return false
}

// partNames returns the column names of an index, or nil when a part is
// an expression or a column prefix.
func partNames(ix *atlas.Index) []string {
	names := make([]string, 0, len(ix.Parts))
	for _, p := range ix.Parts {
		if p.C == nil {
			return nil
		}
		for _, a := range p.Attrs {
			if _, ok := a.(*amysql.SubPart); ok {
				return nil
			}
		}
		names = append(names, p.C.Name)
	}
	return names
}

func partial(ix *atlas.Index) bool {
	for _, a := range ix.Attrs {
		switch a.(type) {
		case *apostgres.IndexPredicate, *asqlite.IndexPredicate:
			return true
		}
	}
	return false
}

func (m *Migrator) sameList(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !m.sameName(a[i], b[i]) {
			return false
		}
	}
	return true
}

func (m *Migrator) sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if m.sameName(x, y) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// mergeForeignKeys keeps the live foreign keys and adds the desired ones
// the table lacks; it returns drift warnings and the added keys.
func (m *Migrator) mergeForeignKeys(want *atlas.Schema, lt, dt *atlas.Table, desired []*atlas.ForeignKey) ([]Warning, []*atlas.ForeignKey) {
	var (
		out, added []*atlas.ForeignKey
		ws         []Warning
	)
	for _, lf := range lt.ForeignKeys {
		fk := &atlas.ForeignKey{Symbol: lf.Symbol, OnUpdate: lf.OnUpdate, OnDelete: lf.OnDelete, Attrs: lf.Attrs, RefTable: lf.RefTable, RefColumns: lf.RefColumns}
		ok := true
		for _, c := range lf.Columns {
			dc := m.column(dt, c.Name)
			if dc == nil {
				ok = false
				break
			}
			fk.Columns = append(fk.Columns, dc)
		}
		if !ok {
			continue
		}
		// A live foreign key to a table of the schema points at its merged
		// version, so both sides of the diff agree on the target.
		if rt, found := want.Table(lf.RefTable.Name); found {
			var refs []*atlas.Column
			for _, c := range lf.RefColumns {
				if rc := m.column(rt, c.Name); rc != nil {
					refs = append(refs, rc)
				}
			}
			if len(refs) == len(lf.RefColumns) {
				fk.RefTable, fk.RefColumns = rt, refs
			}
		}
		out = append(out, fk)
	}
	for _, df := range desired {
		lf := m.fkCovered(df, lt)
		if lf != nil {
			if !sameAction(lf.OnDelete, df.OnDelete) {
				ws = append(ws, Warning{Kind: "foreign-key", Table: dt.Name, Column: df.Columns[0].Name,
					Message: fmt.Sprintf("foreign key %s.%s is ON DELETE %s in the database; the schema says %s (not changed)",
						dt.Name, fkString(df), actionName(lf.OnDelete), actionName(df.OnDelete))})
			}
			continue
		}
		// The desired foreign key still points at desired columns; repoint
		// its own columns at the merged ones (they are the same objects
		// for columns the database lacks).
		for i, c := range df.Columns {
			if dc := m.column(dt, c.Name); dc != nil {
				df.Columns[i] = dc
			}
		}
		out = append(out, df)
		added = append(added, df)
	}
	dt.ForeignKeys = nil
	dt.AddForeignKeys(out...)
	for _, fk := range dt.ForeignKeys {
		for _, c := range fk.Columns {
			c.ForeignKeys = append(c.ForeignKeys, fk)
		}
	}
	return ws, added
}

// fkCovered returns the live foreign key with the same columns, target
// table and target columns as df, whatever its name, or nil.
func (m *Migrator) fkCovered(df *atlas.ForeignKey, lt *atlas.Table) *atlas.ForeignKey {
	for _, lf := range lt.ForeignKeys {
		if lf.RefTable == nil || !m.sameName(lf.RefTable.Name, df.RefTable.Name) {
			continue
		}
		if m.sameList(colNames(lf.Columns), colNames(df.Columns)) && m.sameList(colNames(lf.RefColumns), colNames(df.RefColumns)) {
			return lf
		}
	}
	return nil
}

func colNames(cols []*atlas.Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// sameAction compares ON DELETE actions; none means NO ACTION.
func sameAction(a, b atlas.ReferenceOption) bool { return actionName(a) == actionName(b) }

func actionName(a atlas.ReferenceOption) string {
	if a == "" {
		return string(atlas.NoAction)
	}
	return strings.ToUpper(string(a))
}

// nameUnnamed gives the unnamed indexes copied from SQLite's inline UNIQUE
// constraints the name Atlas would: "<table>_<columns>". Only a table
// rebuild creates them again.
func nameUnnamed(want *atlas.Schema) {
	for _, t := range want.Tables {
		for _, ix := range t.Indexes {
			if ix.Name == "" {
				ix.Name = t.Name + "_" + strings.Join(partNames(ix), "_")
			}
		}
	}
}
