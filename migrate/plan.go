package migrate

import (
	"context"
	"fmt"
	"strings"

	amigrate "ariga.io/atlas/sql/migrate"
	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// Plan is what a migration would change, as computed from the live
// database. Its JSON form is part of `authctl migrate --json`.
type Plan struct {
	// Dialect is "sqlite", "postgres" or "mysql": Engine's name.
	Dialect string `json:"dialect"`
	// Engine is the database's engine.
	Engine *engine.Engine `json:"-"`
	// Schema is where the tables are: "main" on SQLite, the PostgreSQL
	// schema, the MySQL database.
	Schema string `json:"schema"`
	// CreateSchema is true when the PostgreSQL schema is created first.
	CreateSchema bool `json:"createSchema,omitempty"`
	// Changes summarise the statements per table, in schema order.
	Changes []TableChange `json:"changes"`
	// Statements are the SQL statements, in the order they run.
	Statements []string `json:"statements"`
	// Warnings report drift that is never changed.
	Warnings []Warning `json:"warnings"`
	// Unsafe lists the reasons the plan is refused; Apply applies nothing
	// while it is not empty.
	Unsafe []Problem `json:"unsafe"`

	stmts []*amigrate.Change
}

// TableChange is what a plan does to one table.
type TableChange struct {
	Table string `json:"table"`
	// Action is "create" or "alter".
	Action string `json:"action"`
	// Columns are the columns created or added.
	Columns []string `json:"columns,omitempty"`
	// Indexes are the indexes (and unique constraints) created.
	Indexes []string `json:"indexes,omitempty"`
	// ForeignKeys are the foreign keys created, as "col -> table(col)".
	ForeignKeys []string `json:"foreignKeys,omitempty"`
	// Rebuild is true when SQLite recreates the table to make the change
	// (it cannot add a foreign key in place): every row, column and index
	// is copied over, in the migration's transaction.
	Rebuild bool `json:"rebuild,omitempty"`
}

// Warning is drift that migrate reports and never changes.
type Warning struct {
	// Kind is one of: type, nullable, default, foreign-key, extra-column,
	// required-column (an extra NOT NULL column without a default: every
	// insert that does not know it fails), extra-table, skipped (a change
	// authctl does not make).
	Kind    string `json:"kind"`
	Table   string `json:"table"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// Problem is a reason to refuse a plan.
type Problem struct {
	Table   string `json:"table"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// Pending reports whether the plan has anything to apply.
func (p *Plan) Pending() bool { return len(p.Statements) > 0 }

// AtlasChanges returns the planned statements as Atlas changes, each with
// its comment and, where Atlas knows one, its reverse statement(s).
func (p *Plan) AtlasChanges() []*amigrate.Change { return p.stmts }

// SQL returns the statements as a script, one per line, each ending in ";".
func (p *Plan) SQL() string {
	var b strings.Builder
	for _, s := range p.Statements {
		b.WriteString(s)
		b.WriteString(";\n")
	}
	return b.String()
}

// knownPluginTables are table names only Better Auth plugins use. When one
// exists but the schema lacks it, the plugin was probably removed: that is
// worth a warning. Generic names (member, team, …) are left out: they are
// as likely to be the application's own tables.
var knownPluginTables = []string{
	"twoFactor", "passkey", "jwks", "apikey", "rateLimit", "ssoProvider", "scimProvider",
	"oauthApplication", "oauthAccessToken", "oauthConsent", "oauthClient", "oauthRefreshToken",
	"deviceCode", "walletAddress", "teamMember", "organizationRole",
}

// plan inspects the schema's tables through q and computes the plan.
func (m *Migrator) plan(ctx context.Context, q queryer, s *schema.Schema, t target) (*Plan, error) {
	drv, err := dialects.AtlasDriver(m.eng, q)
	if err != nil {
		return nil, err
	}
	names, wanted := inspectNames(s)
	live, err := drv.InspectSchema(ctx, t.name, &atlas.InspectOptions{Mode: atlas.InspectTables, Tables: names})
	createSchema := false
	switch {
	case atlas.IsNotExistError(err) && t.explicit:
		live, createSchema = atlas.New(t.name), true
	case atlas.IsNotExistError(err):
		return nil, fmt.Errorf("schema %q (first in the connection's search_path) does not exist; create it, or pass --schema %s to have authctl create it", t.name, t.name)
	case err != nil:
		return nil, fmt.Errorf("inspecting the database: %w", err)
	}

	if err := externalTables(s, live); err != nil {
		return nil, err
	}
	want := atlas.New(live.Name)
	if _, err := dialects.AtlasTables(m.eng, s, dialects.AtlasOptions{
		Schema: want,
		External: func(name string) *atlas.Table {
			lt, _ := live.Table(name)
			return lt
		},
	}); err != nil {
		return nil, err
	}
	if err := m.checkNames(want, live.Name); err != nil {
		return nil, err
	}
	p := &Plan{Dialect: m.eng.Name(), Engine: m.eng, Schema: live.Name, CreateSchema: createSchema,
		Changes: []TableChange{}, Statements: []string{}, Warnings: []Warning{}, Unsafe: []Problem{}}

	// Drift is measured against the schema as written, before live-only
	// objects are merged in.
	for _, dt := range want.Tables {
		lt, ok := live.Table(dt.Name)
		if !ok {
			continue
		}
		ws, err := m.drift(drv, lt, dt)
		if err != nil {
			return nil, err
		}
		p.Warnings = append(p.Warnings, ws...)
	}
	for _, lt := range live.Tables {
		if !wanted[lt.Name] && isKnownPluginTable(lt.Name) {
			p.Warnings = append(p.Warnings, Warning{Kind: "extra-table", Table: lt.Name,
				Message: fmt.Sprintf("table %q is not in the schema (a Better Auth plugin creates it); it is kept, drop it yourself if you removed the plugin", lt.Name)})
		}
	}

	ws, addedFKs, err := m.merge(live, want)
	if err != nil {
		return nil, err
	}
	p.Warnings = append(p.Warnings, ws...)

	// The merge leaves nothing to drop or modify; the filter is a safety
	// net, and sanitize drops anything else that is not an addition.
	changes, err := drv.SchemaDiff(live, want, atlas.DiffSkipChanges(
		&atlas.DropSchema{}, &atlas.DropTable{}, &atlas.DropColumn{}, &atlas.DropIndex{},
		&atlas.DropForeignKey{}, &atlas.DropCheck{}, &atlas.DropPrimaryKey{}, &atlas.DropAttr{},
		&atlas.ModifyColumn{}, &atlas.ModifyIndex{}, &atlas.ModifyForeignKey{}, &atlas.ModifyCheck{},
		&atlas.ModifyPrimaryKey{}, &atlas.ModifyAttr{}, &atlas.ModifySchema{},
		&atlas.RenameColumn{}, &atlas.RenameIndex{}, &atlas.RenameTable{},
	))
	if err != nil {
		return nil, fmt.Errorf("diffing the schema: %w", err)
	}
	changes = addForeignKeys(changes, want, addedFKs)
	if m.eng == engine.SQLite {
		nameUnnamed(want)
	}
	changes, ws = m.sanitize(changes)
	p.Warnings = append(p.Warnings, ws...)
	if len(changes) == 0 {
		return p, nil
	}
	if createSchema {
		changes = append([]atlas.Change{&atlas.AddSchema{S: want, Extra: []atlas.Clause{&atlas.IfNotExists{}}}}, changes...)
	}
	problems, err := m.unsafe(ctx, q, live.Name, changes)
	if err != nil {
		return nil, err
	}
	p.Unsafe = append(p.Unsafe, problems...)
	problems, err = m.keyConflicts(ctx, q, s, live, changes)
	if err != nil {
		return nil, err
	}
	p.Unsafe = append(p.Unsafe, problems...)

	// Atlas writes names between quotes verbatim: escape them for the
	// planner only.
	var opts []amigrate.PlanOption
	if m.file {
		opts = append(opts, func(o *amigrate.PlanOptions) { o.SchemaQualifier = new(string) })
	}
	restore := escapeNames(m.eng, changes)
	plan, err := drv.PlanChanges(ctx, "authctl", changes, opts...)
	restore()
	if err != nil {
		return nil, fmt.Errorf("planning: %w", err)
	}
	p.stmts = plan.Changes
	for _, c := range plan.Changes {
		p.Statements = append(p.Statements, c.Cmd)
	}
	p.Changes = summarize(changes, plan.Changes)
	if m.file && m.eng == engine.SQLite {
		for _, c := range p.Changes {
			if c.Rebuild {
				p.Unsafe = append(p.Unsafe, Problem{Table: c.Table, Message: fmt.Sprintf(
					"on SQLite this change copies table %s (create a copy, DROP TABLE, rename), and a migration tool that runs the file with foreign keys on cascades that DROP TABLE to the rows that reference %s; make the new field optional without a foreign key, or apply this change with `authctl migrate`, which turns foreign keys off around the copy",
					c.Table, c.Table)})
			}
		}
	}
	if m.eng == engine.SQLite {
		problems, err := sqliteTriggers(ctx, q, p.Changes)
		if err != nil {
			return nil, err
		}
		p.Unsafe = append(p.Unsafe, problems...)
	}
	return p, nil
}

// inspectNames lists the tables to inspect: the schema's, the tables its
// foreign keys point at, and the known plugin tables. wanted holds the
// schema's own.
func inspectNames(s *schema.Schema) ([]string, map[string]bool) {
	wanted := map[string]bool{}
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, t := range s.Migratable() {
		wanted[t.Name()] = true
		add(t.Name())
	}
	for _, t := range s.Migratable() {
		for _, f := range t.Fields {
			if f.References != nil {
				table, _ := s.ReferenceTarget(*f.References)
				add(table)
			}
		}
	}
	for _, n := range knownPluginTables {
		add(n)
	}
	return names, wanted
}

// externalTables checks that every table outside the auth schema that a
// foreign key points at exists: migrate creates only the schema's tables.
func externalTables(s *schema.Schema, live *atlas.Schema) error {
	for _, t := range s.Migratable() {
		for _, f := range t.Fields {
			if f.References == nil || s.Resolve(f.References.Model) != nil {
				continue
			}
			table, _ := s.ReferenceTarget(*f.References)
			if _, ok := live.Table(table); !ok {
				return fmt.Errorf("field %s.%s references table %q, which is neither an auth table nor in schema %s; create it first, then run migrate again",
					t.Name(), f.ColumnName(), table, live.Name)
			}
		}
	}
	return nil
}

func isKnownPluginTable(name string) bool {
	for _, n := range knownPluginTables {
		if n == name {
			return true
		}
	}
	return false
}

// sameName compares identifiers as the engine does: MySQL and SQLite
// column and index names are case-insensitive, PostgreSQL's are not.
func (m *Migrator) sameName(a, b string) bool {
	if m.eng == engine.Postgres {
		return a == b
	}
	return strings.EqualFold(a, b)
}

// sanitize keeps only additions: new tables, and new columns, indexes and
// foreign keys of existing tables. Anything else (which the merge should
// have made impossible) becomes a "skipped" warning. Added columns lose
// their back-references to indexes and foreign keys, which would make
// SQLite recreate the table for no reason (the AddIndex and AddForeignKey
// changes still create them).
func (m *Migrator) sanitize(changes []atlas.Change) ([]atlas.Change, []Warning) {
	var (
		out []atlas.Change
		ws  []Warning
	)
	skip := func(table string, c atlas.Change) {
		ws = append(ws, Warning{Kind: "skipped", Table: table,
			Message: fmt.Sprintf("table %q: authctl only adds; it does not make this change (%T)", table, c)})
	}
	for _, c := range changes {
		switch c := c.(type) {
		case *atlas.AddTable:
			out = append(out, c)
		case *atlas.ModifyTable:
			var kept []atlas.Change
			rebuild := false
			for _, x := range c.Changes {
				switch x := x.(type) {
				case *atlas.AddColumn:
					col := *x.C
					col.Indexes, col.ForeignKeys = nil, nil
					x.C = &col
					kept = append(kept, x)
					// SQLite cannot ALTER TABLE ADD COLUMN a NOT NULL column
					// without a default, even into an empty table (a table
					// with rows is refused before this matters): recreate it.
					if m.eng == engine.SQLite && !col.Type.Null && col.Default == nil {
						rebuild = true
					}
				case *atlas.AddIndex, *atlas.AddForeignKey:
					kept = append(kept, x)
				default:
					skip(c.T.Name, x)
				}
			}
			if rebuild && c.T.PrimaryKey != nil && len(c.T.PrimaryKey.Parts) > 0 && c.T.PrimaryKey.Parts[0].C != nil {
				// A no-op column change is what makes Atlas's SQLite
				// planner take the copy-and-rename path.
				pk := c.T.PrimaryKey.Parts[0].C
				kept = append(kept, &atlas.ModifyColumn{From: pk, To: pk})
			}
			if len(kept) > 0 {
				c.Changes = kept
				out = append(out, c)
			}
		default:
			skip("", c)
		}
	}
	return out, ws
}

// summarize describes the changes per table.
func summarize(changes []atlas.Change, stmts []*amigrate.Change) []TableChange {
	rebuilt := map[*atlas.ModifyTable]bool{}
	for _, s := range stmts {
		// A rebuild drops the old table after copying it; nothing else in
		// a plan drops anything.
		if mt, ok := s.Source.(*atlas.ModifyTable); ok && strings.HasPrefix(s.Cmd, "DROP TABLE") {
			rebuilt[mt] = true
		}
	}
	var out []TableChange
	for _, c := range changes {
		switch c := c.(type) {
		case *atlas.AddTable:
			tc := TableChange{Table: c.T.Name, Action: "create"}
			for _, col := range c.T.Columns {
				tc.Columns = append(tc.Columns, col.Name)
			}
			for _, ix := range c.T.Indexes {
				tc.Indexes = append(tc.Indexes, ix.Name)
			}
			for _, fk := range c.T.ForeignKeys {
				tc.ForeignKeys = append(tc.ForeignKeys, fkString(fk))
			}
			out = append(out, tc)
		case *atlas.ModifyTable:
			tc := TableChange{Table: c.T.Name, Action: "alter", Rebuild: rebuilt[c]}
			for _, x := range c.Changes {
				switch x := x.(type) {
				case *atlas.AddColumn:
					tc.Columns = append(tc.Columns, x.C.Name)
				case *atlas.AddIndex:
					tc.Indexes = append(tc.Indexes, x.I.Name)
				case *atlas.AddForeignKey:
					tc.ForeignKeys = append(tc.ForeignKeys, fkString(x.F))
				}
			}
			out = append(out, tc)
		}
	}
	return out
}

func fkString(fk *atlas.ForeignKey) string {
	cols := make([]string, len(fk.Columns))
	for i, c := range fk.Columns {
		cols[i] = c.Name
	}
	refs := make([]string, len(fk.RefColumns))
	for i, c := range fk.RefColumns {
		refs[i] = c.Name
	}
	s := strings.Join(cols, ", ") + " -> " + fk.RefTable.Name + "(" + strings.Join(refs, ", ") + ")"
	if fk.OnDelete != "" {
		s += " on delete " + strings.ToLower(string(fk.OnDelete))
	}
	return s
}
