package migrate_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	amysql "ariga.io/atlas/sql/mysql"
	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
)

// physical is the engine-neutral description of one table that parity is
// judged on: tables, columns (type, nullability, default), primary key,
// unique column sets, plain indexes and foreign keys. How a unique
// constraint is spelled (inline UNIQUE, a unique index, its name) is not
// part of it; plain index names are.
type physical struct {
	Columns []string
	PK      string
	Uniques []string
	Indexes []string
	FKs     []string
}

// describe inspects every table of the database at u (schemaName "" means
// the connection's default schema) and describes it.
func describe(t testing.TB, u, schemaName string) map[string]*physical {
	t.Helper()
	dsn, err := dialects.ParseDSN(u)
	if err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, u)
	drv, err := dialects.AtlasDriver(dsn.Engine, db)
	if err != nil {
		t.Fatal(err)
	}
	s, err := drv.InspectSchema(context.Background(), schemaName, &atlas.InspectOptions{Mode: atlas.InspectTables})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	out := map[string]*physical{}
	for _, tb := range s.Tables {
		p := &physical{}
		for _, c := range tb.Columns {
			null := "not null"
			if c.Type.Null {
				null = "null"
			}
			line := c.Name + " " + normType(dsn.Engine.Name(), c.Type.Raw) + " " + null
			if d := normDefault(c.Default); d != "" {
				line += " default " + d
			}
			for _, a := range c.Attrs {
				if _, ok := a.(*amysql.AutoIncrement); ok {
					line += " auto_increment"
				}
			}
			p.Columns = append(p.Columns, line)
		}
		if tb.PrimaryKey != nil {
			p.PK = strings.Join(partCols(tb.PrimaryKey), ",")
		}
		for _, ix := range tb.Indexes {
			cols := partCols(ix)
			if ix.Unique {
				sort.Strings(cols)
				p.Uniques = append(p.Uniques, strings.Join(cols, ","))
				continue
			}
			p.Indexes = append(p.Indexes, ix.Name+"("+strings.Join(cols, ",")+")")
		}
		for _, fk := range tb.ForeignKeys {
			ref := make([]string, len(fk.RefColumns))
			for i, c := range fk.RefColumns {
				ref[i] = c.Name
			}
			cols := make([]string, len(fk.Columns))
			for i, c := range fk.Columns {
				cols[i] = c.Name
			}
			p.FKs = append(p.FKs, fmt.Sprintf("%s -> %s(%s) on delete %s", strings.Join(cols, ","), fk.RefTable.Name, strings.Join(ref, ","), strings.ToLower(string(fk.OnDelete))))
		}
		sort.Strings(p.Columns)
		sort.Strings(p.Uniques)
		sort.Strings(p.Indexes)
		sort.Strings(p.FKs)
		out[tb.Name] = p
	}
	return out
}

func partCols(ix *atlas.Index) []string {
	var cols []string
	for _, p := range ix.Parts {
		if p.C != nil {
			cols = append(cols, p.C.Name)
		}
	}
	return cols
}

var spaces = regexp.MustCompile(`\s+`)

// normType spells equal types alike: the engines print what they store,
// not what the DDL said.
func normType(dialect, raw string) string {
	t := strings.ToLower(spaces.ReplaceAllString(strings.TrimSpace(raw), " "))
	switch t {
	case "timestamp with time zone":
		return "timestamptz"
	case "tinyint(1)", "bool":
		return "boolean"
	case "int(11)", "int4", "integer":
		return "int"
	case "bigint(20)", "int8":
		return "bigint"
	case "longtext":
		if dialect == "mysql" {
			return "json" // MariaDB's json alias
		}
	}
	return t
}

func normDefault(x atlas.Expr) string {
	var s string
	switch x := x.(type) {
	case *atlas.Literal:
		s = x.V
	case *atlas.RawExpr:
		s = x.X
	case nil:
		return ""
	}
	s = strings.TrimSpace(s)
	for len(s) > 1 && s[0] == '(' && s[len(s)-1] == ')' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if i := strings.Index(s, "::"); i > 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(strings.ToLower(s), "pg_catalog.")
	switch s {
	case "true", "1":
		return "1"
	case "false", "0":
		return "0"
	case "null":
		return ""
	}
	return s
}

// diffPhysical lists the differences between two descriptions, one line
// each, "" when equal. ignore skips a column default difference when it
// returns true for (table, column line in a, column line in b).
func diffPhysical(a, b map[string]*physical, ignore func(table, ca, cb string) bool) string {
	var out []string
	names := map[string]bool{}
	for n := range a {
		names[n] = true
	}
	for n := range b {
		names[n] = true
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		ta, tb := a[n], b[n]
		switch {
		case ta == nil:
			out = append(out, "table "+n+" only in the second")
			continue
		case tb == nil:
			out = append(out, "table "+n+" only in the first")
			continue
		}
		out = append(out, diffLists(n+" column", ta.Columns, tb.Columns, func(x, y string) bool {
			return ignore != nil && colName(x) == colName(y) && ignore(n, x, y)
		})...)
		if ta.PK != tb.PK {
			out = append(out, fmt.Sprintf("%s primary key %q vs %q", n, ta.PK, tb.PK))
		}
		out = append(out, diffLists(n+" unique", ta.Uniques, tb.Uniques, nil)...)
		out = append(out, diffLists(n+" index", ta.Indexes, tb.Indexes, nil)...)
		out = append(out, diffLists(n+" fk", ta.FKs, tb.FKs, nil)...)
	}
	return strings.Join(out, "\n")
}

func colName(line string) string { n, _, _ := strings.Cut(line, " "); return n }

// diffLists pairs up a and b and reports the lines only one side has;
// same(x, y) may declare two different lines equivalent.
func diffLists(what string, a, b []string, same func(x, y string) bool) []string {
	var out []string
	used := make([]bool, len(b))
	for _, x := range a {
		found := false
		for j, y := range b {
			if !used[j] && (x == y || same != nil && same(x, y)) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("%s: only first has %q", what, x))
		}
	}
	for j, y := range b {
		if !used[j] {
			out = append(out, fmt.Sprintf("%s: only second has %q", what, y))
		}
	}
	return out
}
