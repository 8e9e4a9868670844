package migrate

import (
	"fmt"

	apostgres "ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
)

// checkNames refuses names longer than the engine keeps, before anything
// is planned: PostgreSQL truncates them to 63 bytes (so the next run no
// longer finds what the first created), MySQL rejects them past 64
// characters at the statement, after the statements before it committed.
// It checks the schema's tables, columns and index and constraint names,
// the PostgreSQL schema, and the "<table>_ibfk_<n>" names MySQL gives
// foreign keys.
func (m *Migrator) checkNames(want *atlas.Schema, schemaName string) error {
	max, inBytes := dialects.IdentifierLimit(m.eng)
	if max == 0 {
		return nil
	}
	unit := "characters"
	if inBytes {
		unit = "bytes"
	}
	check := func(what, name, fix string) error {
		n := dialects.IdentifierLength(m.eng, name)
		if n <= max {
			return nil
		}
		var limit string
		if inBytes {
			limit = fmt.Sprintf("%s keeps %d (it cuts longer names short, and the next migrate would no longer find them)", m.eng.Label(), max)
		} else {
			limit = fmt.Sprintf("%s allows %d", m.eng.Label(), max)
		}
		return fmt.Errorf("%s is %d %s; %s; %s", what, n, unit, limit, fix)
	}
	const fix = "choose a shorter name in the config (ModelName, Fields, AdditionalFields, or the index's Name), then run migrate again"
	if err := check("schema "+schemaName, schemaName, "choose a shorter schema (--schema or Database.Schema)"); err != nil {
		return err
	}
	for _, t := range want.Tables {
		if err := check("table "+t.Name, t.Name, fix); err != nil {
			return err
		}
		for _, c := range t.Columns {
			if err := check("column "+t.Name+"."+c.Name, c.Name, fix); err != nil {
				return err
			}
		}
		for _, ix := range t.Indexes {
			if err := check("index "+ix.Name+" of table "+t.Name, ix.Name, fix); err != nil {
				return err
			}
		}
		for _, fk := range t.ForeignKeys {
			if err := check("foreign key "+fk.Symbol+" of table "+t.Name, fk.Symbol, fix); err != nil {
				return err
			}
		}
		if m.eng == engine.MySQL && len(t.ForeignKeys) > 0 {
			name := dialects.MySQLForeignKeyName(t.Name, len(t.ForeignKeys))
			if n := dialects.IdentifierLength(m.eng, name); n > max {
				return fmt.Errorf("table %s is too long for a table with foreign keys: MySQL names its foreign keys %s, which is %d characters, and allows %d characters; %s",
					t.Name, dialects.MySQLForeignKeyName(t.Name, 1), n, max, fix)
			}
		}
	}
	return nil
}

// escapeNames doubles the quote character inside every name the changes
// hold, so that Atlas's planner (which writes names between quotes as
// they are) writes valid identifiers; restore puts the names back.
func escapeNames(e *engine.Engine, changes []atlas.Change) (restore func()) {
	type saved struct {
		p   *string
		old string
	}
	var undo []saved
	seen := map[*string]bool{}
	name := func(p *string) {
		if p == nil || seen[p] {
			return
		}
		seen[p] = true
		if esc := dialects.EscapeAtlasName(e, *p); esc != *p {
			undo = append(undo, saved{p, *p})
			*p = esc
		}
	}
	var (
		column func(c *atlas.Column)
		index  func(ix *atlas.Index)
		fk     func(f *atlas.ForeignKey)
		table  func(t *atlas.Table)
		tables = map[*atlas.Table]bool{}
	)
	column = func(c *atlas.Column) {
		if c != nil {
			name(&c.Name)
		}
	}
	index = func(ix *atlas.Index) {
		if ix == nil {
			return
		}
		name(&ix.Name)
		for _, p := range ix.Parts {
			column(p.C)
		}
		for _, a := range ix.Attrs {
			if c, ok := a.(*apostgres.Constraint); ok {
				name(&c.N)
			}
		}
	}
	fk = func(f *atlas.ForeignKey) {
		if f == nil {
			return
		}
		name(&f.Symbol)
		for _, c := range f.Columns {
			column(c)
		}
		for _, c := range f.RefColumns {
			column(c)
		}
		table(f.RefTable)
	}
	table = func(t *atlas.Table) {
		if t == nil || tables[t] {
			return
		}
		tables[t] = true
		name(&t.Name)
		if t.Schema != nil {
			name(&t.Schema.Name)
		}
		for _, c := range t.Columns {
			column(c)
		}
		index(t.PrimaryKey)
		for _, ix := range t.Indexes {
			index(ix)
		}
		for _, f := range t.ForeignKeys {
			fk(f)
		}
	}
	for _, c := range changes {
		switch c := c.(type) {
		case *atlas.AddSchema:
			name(&c.S.Name)
		case *atlas.AddTable:
			table(c.T)
		case *atlas.ModifyTable:
			table(c.T)
			for _, x := range c.Changes {
				switch x := x.(type) {
				case *atlas.AddColumn:
					column(x.C)
				case *atlas.ModifyColumn:
					column(x.From)
					column(x.To)
				case *atlas.AddIndex:
					index(x.I)
				case *atlas.AddForeignKey:
					fk(x.F)
				}
			}
		}
	}
	return func() {
		for i := len(undo) - 1; i >= 0; i-- {
			*undo[i].p = undo[i].old
		}
	}
}
