package migrate

import (
	"context"
	"fmt"
	"strings"

	amigrate "ariga.io/atlas/sql/migrate"
	amysql "ariga.io/atlas/sql/mysql"
	apostgres "ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
)

// drift compares a live table with the schema's definition of it and
// returns a warning per column whose type, nullability or default differs,
// and per column the schema does not have. Nothing here is ever changed.
func (m *Migrator) drift(drv amigrate.Driver, lt, dt *atlas.Table) ([]Warning, error) {
	changes, err := drv.TableDiff(lt, dt)
	if err != nil {
		return nil, fmt.Errorf("comparing table %q: %w", lt.Name, err)
	}
	var ws []Warning
	for _, c := range changes {
		switch c := c.(type) {
		case *atlas.ModifyColumn:
			ws = append(ws, m.columnDrift(lt.Name, c)...)
		case *atlas.DropColumn:
			ws = append(ws, extraColumn(lt.Name, c.C))
		}
	}
	return ws, nil
}

func (m *Migrator) columnDrift(table string, c *atlas.ModifyColumn) []Warning {
	var ws []Warning
	name := fmt.Sprintf("column %s.%s", table, c.From.Name)
	add := func(kind, msg string) {
		ws = append(ws, Warning{Kind: kind, Table: table, Column: c.From.Name, Message: name + " " + msg + " (not changed)"})
	}
	if c.Change.Is(atlas.ChangeType) && !m.sameType(c.From, c.To) {
		add("type", fmt.Sprintf("is %s in the database; the schema expects %s", typeName(c.From), typeName(c.To)))
	}
	if c.Change.Is(atlas.ChangeNull) {
		if c.From.Type.Null {
			add("nullable", "is nullable in the database but required in the schema")
		} else {
			add("nullable", "is NOT NULL in the database but optional in the schema, so inserts that leave it out fail")
		}
	}
	if c.Change.Is(atlas.ChangeDefault) && !sameDefault(c.From.Default, c.To.Default) {
		from, to := exprString(c.From.Default), exprString(c.To.Default)
		switch {
		case from == "":
			add("default", fmt.Sprintf("has no default in the database; the schema's default is %s", to))
		case to == "":
			add("default", fmt.Sprintf("has the default %s in the database; the schema has none", from))
		default:
			add("default", fmt.Sprintf("has the default %s in the database; the schema's is %s", from, to))
		}
	}
	return ws
}

// extraColumn is the warning for a live column the schema lacks. A NOT NULL
// column without a default is worse than clutter: every insert Better Auth
// makes into the table fails.
func extraColumn(table string, c *atlas.Column) Warning {
	if !c.Type.Null && c.Default == nil && !generated(c) {
		return Warning{Kind: "required-column", Table: table, Column: c.Name,
			Message: fmt.Sprintf("column %s.%s is not in the schema and is NOT NULL without a default, so every insert into %q that does not set it fails; drop it, make it nullable or give it a default", table, c.Name, table)}
	}
	return Warning{Kind: "extra-column", Table: table, Column: c.Name,
		Message: fmt.Sprintf("column %s.%s is not in the schema; it is kept", table, c.Name)}
}

// generated reports whether the database fills the column itself.
func generated(c *atlas.Column) bool {
	for _, a := range c.Attrs {
		switch a.(type) {
		case *apostgres.Identity, *amysql.AutoIncrement, *atlas.GeneratedExpr:
			return true
		}
	}
	return false
}

// sameType double-checks Atlas's type comparison, which reports a few
// spellings of one type as a change.
func (m *Migrator) sameType(from, to *atlas.Column) bool {
	return normType(typeName(from)) == normType(typeName(to))
}

func typeName(c *atlas.Column) string {
	if c.Type == nil {
		return ""
	}
	if c.Type.Raw != "" {
		return c.Type.Raw
	}
	return fmt.Sprint(c.Type.Type)
}

var typeAliases = map[string]string{
	"timestamp with time zone": "timestamptz",
	"integer":                  "int",
	"int4":                     "int",
	"int(11)":                  "int",
	"int8":                     "bigint",
	"bigint(20)":               "bigint",
	"bool":                     "boolean",
	"tinyint(1)":               "boolean",
	"character varying":        "varchar",
}

func normType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	if a, ok := typeAliases[t]; ok {
		return a
	}
	return t
}

// sameDefault compares two defaults after removing what the engines add
// when they store one: wrapping parentheses (MySQL's expression defaults),
// casts ('x'::text), the pg_catalog qualifier and boolean spellings.
func sameDefault(a, b atlas.Expr) bool {
	return normDefault(exprString(a)) == normDefault(exprString(b))
}

func exprString(x atlas.Expr) string {
	switch x := x.(type) {
	case *atlas.Literal:
		return x.V
	case *atlas.RawExpr:
		return x.X
	case nil:
		return ""
	}
	return fmt.Sprint(x)
}

func normDefault(s string) string {
	s = strings.TrimSpace(s)
	for len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if i := strings.Index(s, "::"); i > 0 && !strings.Contains(s[i:], "'") {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "pg_catalog.", "")
	if q, ok := unquote(s); ok {
		return "'" + q + "'"
	}
	switch strings.ToLower(s) {
	case "true", "1", "'1'", "'true'":
		return "1"
	case "false", "0", "'0'", "'false'":
		return "0"
	case "current_timestamp", "current_timestamp()", "now()":
		return "now"
	case "current_timestamp(3)", "now(3)":
		return "now3"
	}
	return s
}

// unquote returns the text of a SQL string literal, where a quote is
// written as two quotes or as a backslash and a quote (and MySQL may prefix
// a _charset), and whether s is one.
func unquote(s string) (string, bool) {
	if strings.HasPrefix(s, "_") {
		if i := strings.IndexByte(s, '\''); i > 0 {
			s = s[i:]
		}
	}
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return "", false
	}
	in := s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(in); i++ {
		c := in[i]
		if (c == '\\' || c == '\'') && i+1 < len(in) {
			i++
			c = in[i]
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// unsafe returns the changes that would fail on, or corrupt, the data
// already in the database: a NOT NULL column without a default added to a
// table with rows (PostgreSQL and SQLite would fail, MySQL would silently
// fill in 0 or an empty string), and a unique index over columns that hold duplicates.
func (m *Migrator) unsafe(ctx context.Context, q queryer, schemaName string, changes []atlas.Change) ([]Problem, error) {
	var out []Problem
	for _, c := range changes {
		mt, ok := c.(*atlas.ModifyTable)
		if !ok {
			continue
		}
		added := map[string]bool{}
		rows := -1 // unknown
		hasRows := func() (bool, error) {
			if rows < 0 {
				ok, err := m.hasRows(ctx, q, schemaName, mt.T.Name)
				if err != nil {
					return false, err
				}
				rows = 0
				if ok {
					rows = 1
				}
			}
			return rows == 1, nil
		}
		for _, x := range mt.Changes {
			ac, ok := x.(*atlas.AddColumn)
			if !ok {
				continue
			}
			added[ac.C.Name] = true
			if ac.C.Type.Null || ac.C.Default != nil || generated(ac.C) {
				continue
			}
			full, err := hasRows()
			if err != nil {
				return nil, err
			}
			if full && m.file {
				out = append(out, Problem{Table: mt.T.Name, Column: ac.C.Name, Message: fmt.Sprintf(
					"the schema adds the required column %s.%s without a default: on a database where %s has rows the migration fails (PostgreSQL, SQLite) or fills in 0 or '' (MySQL); give the field a Default, or make it optional (Required: core.Optional)",
					mt.T.Name, ac.C.Name, mt.T.Name)})
			} else if full {
				out = append(out, Problem{Table: mt.T.Name, Column: ac.C.Name, Message: fmt.Sprintf(
					"table %s has rows and the schema adds the required column %s without a default, so those rows would have no value; give the field a Default, or make it optional (Required: core.Optional), or add and backfill the column yourself, then run migrate again",
					mt.T.Name, ac.C.Name)})
			}
		}
		for _, x := range mt.Changes {
			ai, ok := x.(*atlas.AddIndex)
			if !ok || !ai.I.Unique {
				continue
			}
			cols := partNames(ai.I)
			fresh := false
			for _, c := range cols {
				fresh = fresh || added[c]
			}
			if len(cols) == 0 || fresh {
				continue // new columns hold NULLs, which never collide
			}
			dup, err := m.hasDuplicates(ctx, q, schemaName, mt.T.Name, cols)
			if err != nil {
				return nil, err
			}
			if dup && m.file {
				out = append(out, Problem{Table: mt.T.Name, Column: strings.Join(cols, ","), Message: fmt.Sprintf(
					"the schema makes the existing column(s) %s(%s) unique: on a database holding duplicate values there the migration fails; check for duplicates before applying it",
					mt.T.Name, strings.Join(cols, ", "))})
			} else if dup {
				out = append(out, Problem{Table: mt.T.Name, Column: strings.Join(cols, ","), Message: fmt.Sprintf(
					"the schema makes %s(%s) unique, but the table already holds duplicate values there; remove the duplicates, then run migrate again",
					mt.T.Name, strings.Join(cols, ", "))})
			}
		}
	}
	return out, nil
}

func (m *Migrator) qualified(schemaName, table string) string {
	d := dialects.For(m.eng)
	if m.eng == engine.SQLite {
		return d.Quote(table)
	}
	return d.Quote(schemaName) + "." + d.Quote(table)
}

func (m *Migrator) hasRows(ctx context.Context, q queryer, schemaName, table string) (bool, error) {
	if m.file {
		return true, nil
	}
	rows, err := q.QueryContext(ctx, "SELECT 1 FROM "+m.qualified(schemaName, table)+" LIMIT 1")
	if err != nil {
		return false, fmt.Errorf("checking whether %s has rows: %w", table, err)
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}

func (m *Migrator) hasDuplicates(ctx context.Context, q queryer, schemaName, table string, cols []string) (bool, error) {
	if m.file {
		return true, nil
	}
	d := dialects.For(m.eng)
	quoted := make([]string, len(cols))
	conds := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = d.Quote(c)
		conds[i] = quoted[i] + " IS NOT NULL"
	}
	list := strings.Join(quoted, ", ")
	rows, err := q.QueryContext(ctx, "SELECT 1 FROM "+m.qualified(schemaName, table)+" WHERE "+strings.Join(conds, " AND ")+
		" GROUP BY "+list+" HAVING COUNT(*) > 1 LIMIT 1")
	if err != nil {
		return false, fmt.Errorf("checking %s for duplicates: %w", table, err)
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}

// sqliteTriggers refuses rebuilding a table that has triggers: the copy
// and rename SQLite needs drops them with the old table.
func sqliteTriggers(ctx context.Context, q queryer, changes []TableChange) ([]Problem, error) {
	var out []Problem
	for _, c := range changes {
		if !c.Rebuild {
			continue
		}
		rows, err := q.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", c.Table)
		if err != nil {
			return nil, err
		}
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return nil, err
			}
			names = append(names, n)
		}
		rows.Close()
		if len(names) > 0 {
			out = append(out, Problem{Table: c.Table, Message: fmt.Sprintf(
				"SQLite can only make this change to table %s by recreating it, which would drop its triggers (%s); add the column yourself with ALTER TABLE, or drop the triggers, migrate, and create them again",
				c.Table, strings.Join(names, ", "))})
		}
	}
	return out, nil
}
