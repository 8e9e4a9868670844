package generate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// indexTags returns the index settings of each logical field of t ("id"
// included): `index:<name>` or `uniqueIndex:<name>`, with
// `,priority:<n>` in a composite index so that GORM orders its columns as
// the schema does. Index names are the SQL output's (schema.FieldIndexes
// and schema.TableIndexes).
//
// A unique field is what the engine makes of the SQL output's inline
// UNIQUE where GORM can say so: on MySQL the unique key named after the
// column, on SQLite (whose own name for it cannot be created) the index
// <table>_<column>_uidx, both as `authctl migrate` names them
// (dialects.UniqueFieldName). On PostgreSQL it is GORM's `unique`, a
// constraint GORM names uni_<table>_<column>: GORM's migrator drops a
// single-column unique constraint that is not declared `unique` (by that
// name, failing when it does not exist), so a unique index there would
// make AutoMigrate fail on a database the SQL output, `authctl migrate` or
// Better Auth created.
func (b *gormBuilder) indexTags(t *schema.Table) (map[string][]string, error) {
	out := map[string][]string{}
	for _, ix := range append(schema.FieldIndexes(t), schema.TableIndexes(t)...) {
		name := ix.Name
		if ix.FieldLevel && ix.Unique {
			if b.d.Engine() == engine.Postgres {
				out[ix.Fields[0]] = append(out[ix.Fields[0]], "unique")
				continue
			}
			name = dialects.UniqueFieldName(b.d.Engine(), t.Name(), ix.Columns[0])
		}
		if err := checkTagName("index", name); err != nil {
			return nil, err
		}
		kind := "index:"
		if ix.Unique {
			kind = "uniqueIndex:"
		}
		for i, f := range ix.Fields {
			setting := kind + name
			if len(ix.Fields) > 1 {
				setting += ",priority:" + strconv.Itoa(i+1)
			}
			out[f] = append(out[f], setting)
		}
	}
	if b.d.Engine() == engine.MySQL {
		b.mysqlForeignKeyIndexes(t, out)
	}
	return out, nil
}

// mysqlForeignKeyIndexes adds, for each foreign key AutoMigrate creates on
// a column that no index starts with, the index MySQL adds by itself for
// the SQL output's unnamed foreign key: named after the column. (For a
// named constraint MySQL would name it after the constraint.)
func (b *gormBuilder) mysqlForeignKeyIndexes(t *schema.Table, out map[string][]string) {
	leading := map[string]bool{}
	for _, ix := range append(schema.FieldIndexes(t), schema.TableIndexes(t)...) {
		leading[ix.Fields[0]] = true
	}
	for _, f := range t.Fields {
		if f.References == nil || leading[f.Name] || b.models[b.s.Resolve(f.References.Model)] == nil {
			continue
		}
		out[f.Name] = append(out[f.Name], "index:"+f.ColumnName())
	}
}

// constraintName is the name of the foreign key of t.Fields[i] in the
// `constraint:` setting, or "" for GORM's own (fk_<table>_<association>):
// the name the engine gives the SQL output's unnamed foreign key, so that
// AutoMigrate finds it on a database built that way instead of adding a
// second one. PostgreSQL names it <table>_<column>_fkey, MySQL
// <table>_ibfk_<n> (the n-th foreign key of the table). SQLite keeps
// foreign keys unnamed, which GORM cannot find by name.
func (b *gormBuilder) constraintName(t *schema.Table, i int) string {
	var name string
	switch b.d.Engine() {
	case engine.Postgres:
		name = dialects.PostgresAutoName(t.Name(), t.Fields[i].ColumnName(), "fkey")
	case engine.MySQL:
		n := 0
		for _, f := range t.Fields[:i+1] {
			if f.References != nil {
				n++
			}
		}
		name = t.Name() + "_ibfk_" + strconv.Itoa(n)
	}
	if !gormConstraintNameRE.MatchString(name) {
		return "" // GORM would not read it as a name
	}
	return name
}

// gormConstraintNameRE is what GORM accepts as a constraint name in a
// constraint: setting.
var gormConstraintNameRE = regexp.MustCompile(`^[\w-]+$`)

// defaultTag returns the value of f's default: setting, or "" for none.
// It writes the defaults the SQL output writes, in the form each GORM
// driver turns back into that default:
//
//   - dates with the Now default: the dialect's NowDefault (none on
//     SQLite), which GORM copies verbatim because it is no time literal;
//   - numbers: the integer, which GORM parses and writes back as is;
//   - booleans: true or false, which GORM parses and writes as a boolean
//     literal (SQLite reads false/true as 0/1);
//   - strings and enums: the bare value, which GORM quotes itself (on
//     SQLite with double quotes, a string there) and, reading the column
//     back, compares with what the database reports, so that a second
//     AutoMigrate leaves the column alone. The SQL literal in parentheses,
//     which GORM copies verbatim, where the bare value would not survive
//     GORM's parsing (see gormSafeString) and on MySQL text columns, which
//     take a default only as an expression.
//
// A ';' is escaped for GORM's tag parser.
func (b *gormBuilder) defaultTag(f schema.Field, colType string) (string, error) {
	if f.Type == schema.TypeDate && schema.IsNow(f.Default) {
		return b.d.NowDefault(), nil
	}
	if !writesStaticDefault(f) {
		return "", nil
	}
	lit, err := b.d.StaticDefault(f, colType)
	if err != nil {
		return "", err
	}
	var v string
	switch f.Type {
	case schema.TypeBoolean:
		v = strconv.FormatBool(f.Default.(bool)) // StaticDefault checked the type
	case schema.TypeNumber:
		v = lit
	case schema.TypeString, schema.TypeEnum:
		str := f.Default.(string)
		switch {
		case strings.HasPrefix(lit, "("):
			v = lit // MySQL text: already an expression
		case gormSafeString(str):
			v = str
		default:
			v = "(" + lit + ")"
		}
	default:
		return "", fmt.Errorf("field %q: no GORM default for a %s column", f.Name, f.Type)
	}
	return strings.ReplaceAll(v, ";", `\;`), nil
}

// gormSafeString reports whether the string default s can go into the tag
// bare: GORM writes it into DDL unchanged and reads it back as unchanged.
// GORM trims spaces, copies a value holding both parentheses verbatim (as
// an expression), takes "" and "null" for no default, and reads a
// backslash in a tag as an escape (and MySQL would read it as one in the
// literal GORM writes).
func gormSafeString(s string) bool {
	switch {
	case s == "", strings.EqualFold(s, "null"), strings.TrimSpace(s) != s:
		return false
	case strings.ContainsAny(s, `'"`):
		// GORM trims quotes from the ends; on PostgreSQL and MySQL its
		// migrator then compares the value with the catalog's still-doubled
		// quotes and alters the column on every run, and on SQLite the
		// DDL parser of its table rebuild mistakes a quote inside a
		// double-quoted default for the start of a string and drops the
		// primary key.
		return false
	case strings.Contains(s, "(") && strings.Contains(s, ")"):
		return false
	case strings.Contains(s, `\`):
		return false
	}
	return true
}

// zeroDefault reports whether a static default equals the Go zero value
// of the field's type. GORM cannot tell a zero value from "not set": it
// leaves such a field out of INSERT, or puts the default in, so a bool
// field whose default is true could never be inserted as false. Fields
// with any other default are pointers, where nil means "the default".
func zeroDefault(f schema.Field) bool {
	switch v := f.Default.(type) {
	case bool:
		return !v
	case string:
		return v == ""
	}
	n, ok := numberLiteral(f.Default)
	return ok && n == "0"
}

// numberLiteral formats an integral number default, as StaticDefault does.
func numberLiteral(v any) (string, bool) {
	switch n := v.(type) {
	case int:
		return strconv.Itoa(n), true
	case int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(n), true
	case float32:
		return strconv.FormatFloat(float64(n), 'f', -1, 32), true
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64), true
	}
	return "", false
}
