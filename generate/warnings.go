package generate

import (
	"fmt"

	"github.com/authctl/authctl/schema"
)

// NameWarnings returns one line for each way the file of t names the
// database's tables or columns differently from the schema, whose names
// the Go handler (core) and `authctl migrate` use: Drizzle's default
// snake_case (without CamelCase), and usePlural (Prisma and Drizzle). A
// database built from such a file (drizzle-kit, prisma migrate) is not one
// the handler can use. It returns nil when the names are the schema's, and
// for other adapters.
func NameWarnings(s *schema.Schema, t Target) []string {
	if s == nil || t.Adapter != "prisma" && t.Adapter != "drizzle" {
		return nil
	}
	title := map[string]string{"prisma": "Prisma", "drizzle": "Drizzle"}[t.Adapter]
	const shared = "but the Go handler and authctl migrate use the config's names; if they share this database, "
	var out []string
	if t.Adapter == "drizzle" && !t.CamelCase {
		if got, want := firstSnakeDifference(s, t.UsePlural); got != "" {
			out = append(out, fmt.Sprintf("the Drizzle schema names columns and tables in snake_case (%s where the config has %s), %sgenerate with --camel-case (or set Database.Adapter.CamelCase)", got, want, shared))
		}
	}
	if t.UsePlural {
		if tables := s.Migratable(); len(tables) > 0 {
			name := tables[0].Name()
			got := name + "s"
			if t.Adapter == "drizzle" && !t.CamelCase {
				got = snakeCase(got)
			}
			out = append(out, fmt.Sprintf("the %s schema pluralises table names (%s where the config has %s), %sdrop --use-plural (or Database.Adapter.UsePlural) and name the tables with each table's ModelName", title, got, name, shared))
		}
	}
	return out
}

// firstSnakeDifference returns the first column (table.column) whose
// snake_case name differs from the schema's, as Drizzle names it and as
// the schema does; else the first such table; else "", "".
func firstSnakeDifference(s *schema.Schema, plural bool) (got, want string) {
	tables := s.Migratable()
	for _, t := range tables {
		for _, f := range t.Fields {
			if col := f.ColumnName(); snakeCase(col) != col {
				return drizzleSQLTable(t, plural) + "." + snakeCase(col), t.Name() + "." + col
			}
		}
	}
	for _, t := range tables {
		if n := snakeCase(t.Name()); n != t.Name() {
			return drizzleSQLTable(t, plural), t.Name()
		}
	}
	return "", ""
}

// drizzleSQLTable is the snake_case table name Drizzle gives t.
func drizzleSQLTable(t *schema.Table, plural bool) string {
	n := t.Name()
	if plural {
		n += "s"
	}
	return snakeCase(n)
}
