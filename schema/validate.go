package schema

import (
	"errors"
	"fmt"
	"strings"
)

// Validate checks the rules Better Auth enforces on a merged schema, plus
// the ones whose absence there produced broken databases: unknown types,
// two fields or two tables mapped to one physical name, indexes over
// unindexable columns, unique indexes over optional fields, and index name
// collisions. Identifiers compare case-insensitively, as the engines do.
// All problems are reported, joined, in schema order.
func Validate(s *Schema) error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	tableByName := map[string]*Table{}
	for _, t := range s.Tables {
		if t.Key == "" {
			add("a table has no key")
			continue
		}
		lname := strings.ToLower(t.Name())
		if other, ok := tableByName[lname]; ok {
			add("tables %q and %q both map to the physical table %q; give one a different modelName", other.Key, t.Key, t.Name())
		} else {
			tableByName[lname] = t
		}
		validateFields(s, t, add)
	}

	// Index names are global: PostgreSQL and SQLite keep one namespace of
	// relations per schema.
	type owner struct {
		table *Table
		ix    ResolvedIndex
	}
	names := map[string]owner{}
	for _, t := range s.Migratable() {
		validateTableIndexes(t, add)
		fieldLevel := map[string]bool{}
		for _, ix := range FieldIndexes(t) {
			fieldLevel[strings.ToLower(ix.Name)] = true
		}
		all := append(FieldIndexes(t), tableIndexes(t, false)...)
		for _, ix := range all {
			lname := strings.ToLower(ix.Name)
			if !ix.FieldLevel && fieldLevel[lname] {
				add("%s: index %q has the same name as the index of field %q; name it differently", t.Key, ix.Name, ix.Fields[0])
				continue
			}
			if tt, ok := tableByName[lname]; ok {
				add("%s: index name %q is also the name of table %q", t.Key, ix.Name, tt.Key)
			}
			if prev, ok := names[lname]; ok {
				switch {
				case prev.table != t:
					add("index name %q is used on both %q and %q", ix.Name, prev.table.Key, t.Key)
				case !sameResolved(prev.ix, ix):
					add("%s: index name %q is used for two different indexes", t.Key, ix.Name)
				}
				continue
			}
			names[lname] = owner{t, ix}
		}
	}
	return errors.Join(errs...)
}

func validateFields(s *Schema, t *Table, add func(string, ...any)) {
	columns := map[string]string{"id": "id"}
	for _, f := range t.Fields {
		where := t.Key + "." + f.Name
		if f.Name == "" {
			add("%s: a field has no name", t.Key)
			continue
		}
		if f.Name == "id" {
			add("%s: the id field is implicit; remove it", where)
			continue
		}
		if !f.Type.Valid() {
			add("%s: unsupported field type %q (allowed: string, number, boolean, date, json, string[], number[], enum)", where, f.Type)
		}
		if f.Type == TypeEnum && len(f.Enum) == 0 {
			add("%s: an enum field needs at least one value", where)
		}
		if (f.Unique || f.Index) && !f.Type.Indexable() {
			add("%s: a %s column cannot be indexed; remove unique/index", where, f.Type)
		}
		col := strings.ToLower(f.ColumnName())
		if prev, ok := columns[col]; ok {
			add("%s: fields %q and %q both map to column %q", t.Key, prev, f.Name, f.ColumnName())
		} else {
			columns[col] = f.Name
		}
		if r := f.References; r != nil {
			switch r.Action() {
			case Cascade, Restrict, NoAction, SetNull, SetDefault:
			default:
				add("%s: unknown onDelete %q (allowed: cascade, restrict, no action, set null, set default)", where, r.OnDelete)
			}
			if r.Action() == SetNull && f.IsRequired() {
				add("%s: onDelete \"set null\" needs an optional field", where)
			}
			if rt := s.Resolve(r.Model); rt != nil && r.Field != "id" && rt.Field(r.Field) == nil {
				add("%s: references %s.%s, which does not exist", where, rt.Key, r.Field)
			}
		}
	}
}

func validateTableIndexes(t *Table, add func(string, ...any)) {
	for i, ix := range t.Indexes {
		where := fmt.Sprintf("%s: index %d", t.Key, i+1)
		if ix.Name != "" {
			where = fmt.Sprintf("%s: index %q", t.Key, ix.Name)
			switch {
			case strings.TrimSpace(ix.Name) == "":
				add("%s: the name is blank", where)
			case !indexNameRE.MatchString(ix.Name):
				add("%s: a name may hold only letters, digits and _ and may not start with a digit", where)
			case len(ix.Name) > MaxIdentifierBytes:
				add("%s: the name is longer than %d bytes", where, MaxIdentifierBytes)
			}
		}
		if n := len(ix.Fields); n < 1 || n > MaxIndexFields {
			add("%s: needs 1 to %d fields, has %d", where, MaxIndexFields, n)
			continue
		}
		seen := map[string]bool{}
		for _, name := range ix.Fields {
			if seen[name] {
				add("%s: field %q is listed twice", where, name)
				continue
			}
			seen[name] = true
			f := t.Field(name)
			if f == nil && name == "id" {
				continue // the implicit primary key
			}
			if f == nil {
				add("%s: unknown field %q", where, name)
				continue
			}
			if !f.Type.Indexable() {
				add("%s: field %q is %s and cannot be indexed", where, name, f.Type)
			}
			if ix.Unique && !f.IsRequired() {
				add("%s: a unique index may only hold required fields, and %q is optional", where, name)
			}
		}
	}
}

func sameResolved(a, b ResolvedIndex) bool {
	if a.Unique != b.Unique || len(a.Columns) != len(b.Columns) {
		return false
	}
	for i := range a.Columns {
		if !strings.EqualFold(a.Columns[i], b.Columns[i]) {
			return false
		}
	}
	return true
}
