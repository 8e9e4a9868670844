package versioned

import (
	"context"
	"fmt"
	"strings"

	amigrate "ariga.io/atlas/sql/migrate"
	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/migrate"
)

// sqliteDowns fixes the down migration of a SQLite plan that copies
// tables (written only with AllowUnsafe). Atlas gives the statements of a
// table copy no reverse, or a wrong one (DROP TABLE "new_user"), so the
// down is computed instead: the up statements run on the in-memory dev
// database, and Atlas plans the way back from the tables as they are then
// to the tables as they were. The statements of every copied table lose
// their reverse; the last copy's DROP TABLE change carries the whole way
// back, which the down runs where that copy would be undone.
func sqliteDowns(ctx context.Context, dev *devDB, p *migrate.Plan, changes []*amigrate.Change) error {
	if dev.eng != engine.SQLite {
		return nil
	}
	var tables []string
	for _, c := range p.Changes {
		if c.Rebuild {
			tables = append(tables, c.Table)
		}
	}
	if len(tables) == 0 {
		return nil
	}
	drv, err := dialects.AtlasDriver(dev.eng, dev.db)
	if err != nil {
		return err
	}
	inspect := func() (*atlas.Schema, error) {
		return drv.InspectSchema(ctx, "main", &atlas.InspectOptions{Mode: atlas.InspectTables, Tables: tables})
	}
	before, err := inspect()
	if err != nil {
		return fmt.Errorf("inspecting the dev database: %w", err)
	}
	for _, s := range p.Statements {
		if _, err := dev.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("planning the down migration: %s: %w", abbreviate(s, 60), err)
		}
	}
	after, err := inspect()
	if err != nil {
		return fmt.Errorf("inspecting the dev database: %w", err)
	}
	back, err := drv.SchemaDiff(after, before)
	if err != nil {
		return fmt.Errorf("planning the down migration: %w", err)
	}
	plan, err := drv.PlanChanges(ctx, "down", back, func(o *amigrate.PlanOptions) { o.SchemaQualifier = new(string) })
	if err != nil {
		return fmt.Errorf("planning the down migration: %w", err)
	}
	var down []string
	for _, c := range plan.Changes {
		down = append(down, c.Cmd)
	}
	copied := map[string]bool{}
	for _, t := range tables {
		copied[t], copied["new_"+t] = true, true
	}
	carrier := -1
	for i, c := range changes {
		if !copied[sourceTable(c)] {
			continue
		}
		c.Reverse = nil
		if strings.HasPrefix(c.Cmd, "DROP TABLE") {
			carrier = i
		}
	}
	if carrier < 0 {
		return fmt.Errorf("internal error: no DROP TABLE in the plan's table copy")
	}
	changes[carrier].Reverse = down
	return nil
}

// sourceTable names the table a planned statement comes from: the table
// it creates or modifies, or whose index it creates.
func sourceTable(c *amigrate.Change) string {
	switch src := c.Source.(type) {
	case *atlas.ModifyTable:
		return src.T.Name
	case *atlas.AddTable:
		return src.T.Name
	case *atlas.AddIndex:
		if src.I != nil && src.I.Table != nil {
			return src.I.Table.Name
		}
	}
	return ""
}
