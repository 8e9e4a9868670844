package generate

// Drizzle output, and where it deliberately differs from Better Auth.
//
// The file is byte-identical to what Better Auth 1.7.5's CLI writes
// (`npx auth generate --adapter drizzle`, formatted by prettier 3) except
// for these fixes:
//
//  1. Several foreign keys from one table to another get distinct,
//     named relations on both sides (`inviter: one(user, { fields: …,
//     references: …, relationName: "invitation_inviterId" })` and
//     `invitationsByInviterId: many(invitation, { relationName: … })`), as
//     Better Auth 1.7.5 intends; a table referencing itself gets a named
//     pair too.
//  2. Field index names longer than 63 bytes are shortened like every
//     other index name (`_<fnv1a hash>_idx`); Better Auth writes them in
//     full and PostgreSQL silently cuts them to 63 bytes, so two of them
//     could collide.
//  3. Column builders that drizzle-orm's types reject are replaced: json,
//     string[] and number[] fields are `json(n)` on MySQL (Better Auth:
//     `json(n, { mode: "json" })` / `text(n, { mode: "json" })`) and
//     `text(n, { mode: "json" })` on SQLite; a foreign key to a table of
//     the same file that is declared further down, or to the table itself,
//     gets its type annotation (`(): AnyPgColumn => user.id`).
//  4. A reference to a table outside the auth schema (which this file
//     cannot import) is left out with a comment instead of naming an
//     undefined variable.
//  5. A unique field gets no static default (a default shared by every
//     row collides on the second insert), as in the SQL output.
//  6. A column whose name is not an identifier (`e-mail`) is a quoted key
//     (`"e-mail": text("e_mail")`, `table["e-mail"]`); a table export
//     that cannot be declared (not an identifier, a reserved word, the
//     name of an import or of Date) is an error. Better Auth writes both
//     as they are, and the file does not compile.
//
// DrizzleOptions.Relations "v2" writes the relations for drizzle-orm 1.0
// instead (defineRelations, which Better Auth's CLI does not write; see
// drizzle_relations.go); the tables stay byte for byte the same.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// renderDrizzle renders auth-schema.ts (or the --output file).
func renderDrizzle(s *schema.Schema, t Target, _ Existing) (Files, error) {
	eng, err := drizzleEngine(t.Dialect)
	if err != nil {
		return nil, err
	}
	if t.SchemaName != "" && eng != engine.Postgres {
		return nil, fmt.Errorf("drizzle: --schema-name %q needs PostgreSQL, but the dialect is %s; drop it or use --dialect pg", t.SchemaName, eng.Drizzle())
	}
	if err := schema.Validate(s); err != nil {
		return nil, fmt.Errorf("drizzle: invalid schema: %w", err)
	}
	code, err := Drizzle(s, DrizzleOptions{Dialect: eng.Name(), UsePlural: t.UsePlural, CamelCase: t.CamelCase, SchemaName: t.SchemaName, Relations: t.DrizzleRelations})
	if err != nil {
		return nil, err
	}
	return Files{OutputPath(t.Dir, t.Output, "auth-schema.ts"): code}, nil
}

// DrizzleOptions configures Drizzle rendering.
type DrizzleOptions struct {
	// Dialect is any spelling package engine accepts: "sqlite", "pg"
	// (or "postgres"), "mysql".
	Dialect string
	// UsePlural appends "s" to every table's export and SQL name.
	UsePlural bool
	// CamelCase keeps column and table names as they are instead of
	// snake_casing them.
	CamelCase bool
	// SchemaName (pg only) puts the tables in pgSchema(SchemaName).
	SchemaName string
	// Relations is the relations API: DrizzleRelationsV1 (relations(),
	// when empty) or DrizzleRelationsV2 (defineRelations, drizzle-orm 1.0).
	Relations string
}

type drizzleGen struct {
	s      *schema.Schema
	o      DrizzleOptions
	eng    *engine.Engine
	tables []*schema.Table
	// exports by table key
	export map[string]string
	// uses records the drizzle-orm/<db>-core imports used.
	uses      map[string]bool
	usesSQL   bool
	usesDate  bool
	schemaVar string
	declared  map[string]bool
	selfRef   map[string]bool
	// v2 writes defineRelations instead of relations().
	v2 bool
}

// Drizzle renders the Drizzle schema module for s.
func Drizzle(s *schema.Schema, o DrizzleOptions) ([]byte, error) {
	eng, err := drizzleEngine(o.Dialect)
	if err != nil {
		return nil, err
	}
	v2, err := drizzleRelationsV2(o.Relations)
	if err != nil {
		return nil, fmt.Errorf("drizzle: %w", err)
	}
	g := &drizzleGen{s: s, o: o, eng: eng, export: map[string]string{}, uses: map[string]bool{}, declared: map[string]bool{}, selfRef: map[string]bool{}, v2: v2}
	g.tables = s.Migratable()
	seen := map[string]string{}
	for _, t := range g.tables {
		name := t.Name()
		if o.UsePlural {
			name += "s"
		}
		if !isJSIdentifierName(name) {
			return nil, fmt.Errorf("drizzle: table %q: its export %q is not a TypeScript identifier; choose a ModelName that is one (letters, digits, $ and _, not starting with a digit)", t.Key, name)
		}
		if jsReserved[name] {
			return nil, fmt.Errorf("drizzle: table %q: its export %q is a reserved word of TypeScript; choose another ModelName", t.Key, name)
		}
		if other, ok := seen[name]; ok {
			return nil, fmt.Errorf("drizzle: tables %q and %q would both be exported as %q", other, t.Key, name)
		}
		seen[name] = t.Key
		g.export[t.Key] = name
	}
	if o.SchemaName != "" {
		g.schemaVar = schemaIdentifier(o.SchemaName)
	}

	var stmts []string
	var tableStmts []string
	for _, t := range g.tables {
		d, err := g.table(t)
		if err != nil {
			return nil, err
		}
		tableStmts = append(tableStmts, d)
		g.declared[t.Key] = true
	}
	var relStmts []string
	var relDecls map[string]string
	if v2 {
		relStmts = []string{g.defineRelations()}
	} else {
		relStmts, relDecls = g.relations()
	}
	if err := g.checkNames(relDecls); err != nil {
		return nil, err
	}

	stmts = append(stmts, g.imports())
	if g.schemaVar != "" {
		stmts = append(stmts, printStatement(g.schemaVar, call("pgSchema", jsAtom{strconv.Quote(o.SchemaName), atomString})))
	}
	stmts = append(stmts, tableStmts...)
	stmts = append(stmts, relStmts...)
	return []byte(strings.Join(stmts, "\n\n") + "\n"), nil
}

// checkNames refuses a file whose top-level names collide: a table export
// that is also the name of an import, of the pgSchema variable or of
// JavaScript's Date (which $onUpdate calls), or that relations() would hide
// behind its one/many parameter, and two declarations of one name (a table
// export and another table's <export>Relations). relDecls are the
// relations exports by table key. With defineRelations: a table export
// named like the relations export, or like the r.one and r.many helpers
// that share the builder with the tables.
func (g *drizzleGen) checkNames(relDecls map[string]string) error {
	imported := map[string]string{"relations": "drizzle-orm"}
	if g.v2 {
		imported = map[string]string{"defineRelations": "drizzle-orm"}
	}
	if g.usesSQL {
		imported["sql"] = "drizzle-orm"
	}
	for n := range g.uses {
		imported[n] = "drizzle-orm/" + g.eng.Drizzle() + "-core"
	}
	declared := map[string]int{}
	for i, t := range g.tables {
		declared[g.export[t.Key]] = i
	}
	for _, t := range g.tables {
		exp := g.export[t.Key]
		_, related := relDecls[t.Key]
		var why string
		switch {
		case imported[exp] != "":
			why = "is also the name of an import from " + imported[exp]
		case exp == g.schemaVar:
			why = fmt.Sprintf("is also the name of the pgSchema variable of schema %q", g.o.SchemaName)
		case exp == "Date" && g.usesDate:
			why = "would hide JavaScript's Date, which the file uses"
		case related && (exp == "one" || exp == "many"):
			why = "would be hidden by the parameter of relations()"
		case g.v2 && exp == drizzleRelationsExport:
			why = "is also the name of the defineRelations export"
		case g.v2 && (exp == "one" || exp == "many"):
			why = "would be hidden by r." + exp + " of defineRelations()"
		default:
			continue
		}
		return fmt.Errorf("drizzle: table %q: its export %q %s; choose another ModelName", t.Key, exp, why)
	}
	for i, t := range g.tables {
		r, ok := relDecls[t.Key]
		if !ok {
			continue
		}
		if j, ok := declared[r]; ok {
			a, b := g.tables[min(i, j)].Key, g.tables[max(i, j)].Key
			return fmt.Errorf("drizzle: tables %q and %q would both declare %q; choose another ModelName", a, b, r)
		}
		declared[r] = i
	}
	return nil
}

// printStatement prints `export const name = value;`.
func printStatement(name string, value any) string {
	return printDoc([]doc{"export const ", printAssignment(name, " =", value, false), ";"}, printWidth)
}

func (g *drizzleGen) sqlName(n string) string {
	if g.o.CamelCase {
		return n
	}
	return snakeCase(n)
}

func (g *drizzleGen) use(names ...string) {
	for _, n := range names {
		g.uses[n] = true
	}
}

// table returns `export const x = <db>Table("x", { … }, (table) => […]);`.
func (g *drizzleGen) table(t *schema.Table) (string, error) {
	exp := g.export[t.Key]
	tableFn := g.eng.Drizzle() + "Table"
	var callee any = ident(tableFn)
	if g.schemaVar != "" {
		callee = jsMember{obj: ident(g.schemaVar), prop: "table"}
		g.use("pgSchema")
	} else {
		g.use(tableFn)
	}
	cols := jsObject{expand: true, props: []jsProp{{"id", g.idColumn()}}}
	var comments []string
	for _, f := range t.Fields {
		col, comment, err := g.column(t, f)
		if err != nil {
			return "", fmt.Errorf("drizzle: table %q: %w", t.Key, err)
		}
		cols.props = append(cols.props, jsProp{f.ColumnName(), col})
		if comment != "" {
			comments = append(comments, comment)
		}
	}
	args := []any{str(g.sqlName(exp)), cols}
	var ixs []any
	for _, ix := range schema.TableIndexes(t) {
		name := ix.Name
		if tableIndexNamedByDefault(t, ix) {
			name = schema.IndexName(exp, ix.Columns, ix.Unique)
		}
		fn := "index"
		if ix.Unique {
			fn = "uniqueIndex"
		}
		g.use(fn)
		on := make([]any, len(ix.Columns))
		for i, c := range ix.Columns {
			on[i] = memberExpr("table", c)
		}
		ixs = append(ixs, method(call(fn, str(name)), "on", on...))
	}
	for _, f := range t.Fields {
		if f.Index && !f.Unique {
			g.use("index")
			col := f.ColumnName()
			ixs = append(ixs, method(call("index", str(schema.IndexName(exp, []string{col}, false))), "on", memberExpr("table", col)))
		}
	}
	if len(ixs) > 0 {
		args = append(args, jsArrow{params: "(table)", body: jsArray{elems: ixs}})
	}
	out := printStatement(exp, jsCall{callee: callee, args: args})
	if len(comments) > 0 {
		out = strings.Join(comments, "\n") + "\n" + out
	}
	return out, nil
}

// imports returns the import statements, in Better Auth's order.
func (g *drizzleGen) imports() string {
	first := []string{"relations"}
	if g.v2 {
		first = []string{"defineRelations"}
	}
	if g.usesSQL {
		first = append(first, "sql")
	}
	order := []string{"pgSchema", g.eng.Drizzle() + "Table", "varchar", "text", "bigint", "timestamp", "boolean", "int", "integer",
		"mysqlEnum", "uuid", "jsonb", "json", "index", "uniqueIndex", "AnyPgColumn", "AnyMySqlColumn", "AnySQLiteColumn"}
	var core []string
	for _, n := range order {
		if g.uses[n] {
			core = append(core, n)
		}
	}
	return printImport(first, "drizzle-orm") + "\n" + printImport(core, "drizzle-orm/"+g.eng.Drizzle()+"-core")
}

func printImport(names []string, from string) string {
	specs := make([]doc, len(names))
	for i, n := range names {
		specs[i] = n
	}
	d := group([]doc{"import {", indent([]doc{line, join([]doc{",", line}, specs)}), ifBreak(",", ""), line, "} from " + str(from).text + ";"})
	return printDoc(d, printWidth)
}

// drizzleEngine reads a dialect spelling for Drizzle output.
func drizzleEngine(dialect string) (*engine.Engine, error) {
	e, err := engine.Lookup(dialect)
	if err != nil {
		return nil, fmt.Errorf("drizzle: unknown dialect %q: use sqlite, pg (or postgres, postgresql) or mysql", dialect)
	}
	return e, nil
}
