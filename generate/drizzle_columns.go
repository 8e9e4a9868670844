package generate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// One column of a Drizzle table: the builder for its type on each
// dialect, its modifiers and its default.

func (g *drizzleGen) idColumn() any {
	switch g.s.IDs {
	case schema.IDSerial:
		switch g.eng {
		case engine.Postgres:
			g.use("integer")
			return method(method(call("integer", str("id")), "generatedByDefaultAsIdentity"), "primaryKey")
		case engine.MySQL:
			g.use("int")
			return method(method(call("int", str("id")), "autoincrement"), "primaryKey")
		}
		g.use("integer")
		return method(call("integer", str("id"), jsObject{props: []jsProp{{"mode", str("number")}}}), "primaryKey",
			jsObject{props: []jsProp{{"autoIncrement", literal("true")}}})
	case schema.IDUUID:
		if g.eng == engine.Postgres {
			g.use("uuid")
			g.usesSQL = true
			return method(method(call("uuid", str("id")), "default", jsAtom{"sql`pg_catalog.gen_random_uuid()`", atomTagged}), "primaryKey")
		}
	}
	if g.eng == engine.MySQL {
		g.use("varchar")
		return method(call("varchar", str("id"), jsObject{props: []jsProp{{"length", literal("36")}}}), "primaryKey")
	}
	g.use("text")
	return method(call("text", str("id")), "primaryKey")
}

// column returns the builder chain of f, and a comment line to put above
// the table when a reference had to be left out.
func (g *drizzleGen) column(t *schema.Table, f schema.Field) (any, string, error) {
	n := str(g.sqlName(f.ColumnName()))
	var c any
	fkToID := g.s.ReferencesID(f)
	length := func(l int) jsObject { return jsObject{props: []jsProp{{"length", literal(strconv.Itoa(l))}}} }
	mode := func(m string) jsObject { return jsObject{props: []jsProp{{"mode", str(m)}}} }
	switch {
	case fkToID:
		switch {
		case g.s.IDs == schema.IDSerial && g.eng == engine.MySQL:
			g.use("int")
			c = call("int", n)
		case g.s.IDs == schema.IDSerial:
			g.use("integer")
			c = call("integer", n)
		case g.s.IDs == schema.IDUUID && g.eng == engine.Postgres:
			g.use("uuid")
			c = call("uuid", n)
		case g.eng == engine.MySQL:
			g.use("varchar")
			c = call("varchar", n, length(36))
		default:
			g.use("text")
			c = call("text", n)
		}
	default:
		switch f.Type {
		case schema.TypeString:
			if g.eng == engine.MySQL {
				w, err := mysqlStringWidth(g.s, t, f)
				if err != nil {
					return nil, "", err
				}
				if w > 0 {
					g.use("varchar")
					c = call("varchar", n, length(w))
					break
				}
			}
			g.use("text")
			c = call("text", n)
		case schema.TypeEnum:
			vals := make([]any, len(f.Enum))
			for i, v := range f.Enum {
				vals[i] = str(v)
			}
			if g.eng == engine.MySQL {
				g.use("mysqlEnum")
				c = call("mysqlEnum", n, jsArray{elems: vals})
			} else {
				g.use("text")
				c = call("text", n, jsObject{props: []jsProp{{"enum", jsArray{elems: vals}}}})
			}
		case schema.TypeBoolean:
			if g.eng == engine.SQLite {
				g.use("integer")
				c = call("integer", n, mode("boolean"))
			} else {
				g.use("boolean")
				c = call("boolean", n)
			}
		case schema.TypeNumber:
			switch {
			case f.BigInt && g.eng != engine.SQLite:
				g.use("bigint")
				c = call("bigint", n, mode("number"))
			case g.eng == engine.MySQL:
				g.use("int")
				c = call("int", n)
			default:
				g.use("integer")
				c = call("integer", n)
			}
		case schema.TypeDate:
			switch g.eng {
			case engine.SQLite:
				g.use("integer")
				c = call("integer", n, mode("timestamp_ms"))
			case engine.MySQL:
				g.use("timestamp")
				c = call("timestamp", n, jsObject{props: []jsProp{{"fsp", literal("3")}}})
			default:
				g.use("timestamp")
				c = call("timestamp", n)
			}
		case schema.TypeJSON, schema.TypeStringArray, schema.TypeNumberArray:
			switch {
			case g.eng == engine.MySQL:
				g.use("json")
				c = call("json", n)
			case g.eng == engine.SQLite:
				g.use("text")
				c = call("text", n, mode("json"))
			case f.Type == schema.TypeJSON:
				g.use("jsonb")
				c = call("jsonb", n)
			case f.Type == schema.TypeStringArray:
				g.use("text")
				c = method(call("text", n), "array")
			case f.BigInt:
				g.use("bigint")
				c = method(call("bigint", n, mode("number")), "array")
			default:
				g.use("integer")
				c = method(call("integer", n), "array")
			}
		default:
			return nil, "", fmt.Errorf("field %q: unsupported type %q", f.Name, f.Type)
		}
	}

	if f.Default != nil {
		def, err := g.defaultValue(f)
		if err != nil {
			return nil, "", err
		}
		if def != nil {
			c = def(c)
		}
	}
	if f.OnUpdateNow && f.Type == schema.TypeDate {
		g.usesDate = true
		c = method(c, "$onUpdate", jsArrow{params: "()", body: jsAtom{"/* @__PURE__ */ new Date()", atomNew}})
	}
	if f.IsRequired() {
		c = method(c, "notNull")
	}
	if f.Unique {
		c = method(c, "unique")
	}
	comment := ""
	if f.References != nil {
		target := g.s.Resolve(f.References.Model)
		switch {
		case target == nil:
			comment = fmt.Sprintf("// %s.%s references %s.%s, which is outside the auth schema: declare that foreign key in your own schema.",
				g.export[t.Key], f.ColumnName(), f.References.Model, f.References.Field)
		case target.DisableMigrations:
		default:
			_, col := g.s.ReferenceTarget(*f.References)
			refCol := col
			if rf := target.Field(f.References.Field); rf != nil {
				refCol = rf.ColumnName()
			}
			params := "()"
			if target.Key == t.Key || !g.declared[target.Key] {
				// A forward or self reference needs its type spelled out.
				anyCol := "Any" + map[*engine.Engine]string{engine.Postgres: "Pg", engine.MySQL: "MySql", engine.SQLite: "SQLite"}[g.eng] + "Column"
				g.use(anyCol)
				params = "(): " + anyCol
			}
			c = method(c, "references", jsArrow{params: params, body: memberExpr(g.export[target.Key], refCol)},
				jsObject{props: []jsProp{{"onDelete", str(string(f.References.Action()))}}})
		}
	}
	return c, comment, nil
}

// mysqlStringWidth is the varchar width of a MySQL string column, or 0 for
// text: the SQL output's type (dialects/mysql.go, Better Auth's order of
// table-level index width, unique, foreign key, sortable, index), so that
// drizzle-kit builds the columns migrate builds — a string foreign key to
// a column other than an id included, which takes that column's width.
func mysqlStringWidth(s *schema.Schema, t *schema.Table, f schema.Field) (int, error) {
	typ, err := dialects.For(engine.MySQL).ColumnType(s, t, f, dialects.TypeOptions{})
	if err != nil {
		return 0, err
	}
	if n, ok := strings.CutPrefix(typ, "varchar("); ok {
		return strconv.Atoi(strings.TrimSuffix(n, ")"))
	}
	return 0, nil
}

// defaultValue returns a function adding f's default to a builder chain.
func (g *drizzleGen) defaultValue(f schema.Field) (func(any) any, error) {
	if schema.IsNow(f.Default) {
		if f.Type != schema.TypeDate {
			return nil, nil // Date.now() on a number: the runtime sets it
		}
		if g.eng == engine.SQLite {
			g.usesSQL = true
			return func(c any) any {
				return method(c, "default", jsAtom{"sql`(cast(unixepoch('subsecond') * 1000 as integer))`", atomTagged})
			}, nil
		}
		return func(c any) any { return method(c, "defaultNow") }, nil
	}
	if f.Unique {
		return nil, nil // a default shared by every row would collide
	}
	var v any
	switch d := f.Default.(type) {
	case string:
		v = str(d)
	case bool:
		v = literal(strconv.FormatBool(d))
	default:
		if n, ok := jsNumber(f.Default); ok {
			if f.Type == schema.TypeNumber && strings.ContainsAny(n, ".e") {
				return nil, fmt.Errorf("field %q: default %s does not fit a number column, which is an integer", f.Name, n)
			}
			v = literal(n)
			break
		}
		b, err := json.Marshal(f.Default)
		if err != nil {
			return nil, fmt.Errorf("field %q: default %#v cannot be written: %v", f.Name, f.Default, err)
		}
		v = jsAtom{string(b), atomNew}
	}
	return func(c any) any { return method(c, "default", v) }, nil
}
