package schema

import (
	"fmt"
	"sort"
)

// TableOptions are the user's per-table settings for a core table
// (Better Auth's user/session/account/verification options).
type TableOptions struct {
	// ModelName renames the physical table.
	ModelName string
	// Fields maps logical field names to physical column names.
	Fields map[string]string
	// AdditionalFields are appended after core and plugin fields; a field
	// whose name already exists replaces it in place.
	AdditionalFields []Field
}

// Contribution is the part of the schema one plugin adds: whole tables of
// its own, and fields or indexes for tables it shares with others
// (including the core tables).
type Contribution struct {
	// Plugin is the plugin's id, used in error messages.
	Plugin string
	// Tables are merged in order; a Table's ModelName may be empty.
	Tables []Table
}

// MergeInput is everything Merge needs. Package core builds it from the
// user's options; tests build it directly.
type MergeInput struct {
	// Core are the core tables that exist in this configuration, in order,
	// with their core fields.
	Core []Table
	// Dropped are core table keys removed by the configuration (session
	// and verification with secondary storage). Plugin fields for them are
	// discarded instead of creating a plugin table of that name.
	Dropped []string
	// Options holds the user's table options by core table key.
	Options map[string]TableOptions
	// Plugins are the contributions in plugin order.
	Plugins []Contribution
	// Tail are tables appended last (the rateLimit table).
	Tail []Table
	// IDs is the id strategy.
	IDs IDStrategy
}

// Merge builds the schema exactly as Better Auth's getAuthTables does:
//   - plugin tables accumulate in plugin order; a field already present
//     keeps its position and takes the later attributes, new fields append;
//   - a plugin table's model name comes from the last plugin that names
//     the table, falling back to the key (not to an earlier plugin's name);
//   - for core tables only plugin fields and indexes count, then the user's
//     additionalFields follow with the same replace-in-place rule, and the
//     user's field renames apply to the core fields;
//   - table order: core tables, plugin tables by first appearance, tail.
//
// The result is validated (see Validate).
func Merge(in MergeInput) (*Schema, error) {
	acc := newAccumulator()
	for _, c := range in.Plugins {
		for _, t := range c.Tables {
			if t.Key == "" {
				return nil, fmt.Errorf("plugin %q: a table has no key", c.Plugin)
			}
			acc.add(t)
		}
	}

	isCore := map[string]bool{}
	for _, t := range in.Core {
		isCore[t.Key] = true
	}
	for _, k := range in.Dropped {
		isCore[k] = true
	}

	s := &Schema{IDs: in.IDs}
	for _, ct := range in.Core {
		t := cloneTable(ct)
		opt := in.Options[t.Key]
		if err := rename(t, opt.Fields); err != nil {
			return nil, err
		}
		if p := acc.get(t.Key); p != nil {
			t.Fields = spread(t.Fields, p.Fields)
			t.Indexes = mergeIndexes(t.Indexes, p.Indexes)
		}
		t.Fields = spread(t.Fields, opt.AdditionalFields)
		if opt.ModelName != "" {
			t.ModelName = opt.ModelName
		}
		s.Tables = append(s.Tables, t)
	}
	for _, key := range acc.order {
		if isCore[key] {
			continue
		}
		t := acc.tables[key]
		s.Tables = append(s.Tables, t)
	}
	for _, tt := range in.Tail {
		t := cloneTable(tt)
		if opt, ok := in.Options[t.Key]; ok {
			if err := rename(t, opt.Fields); err != nil {
				return nil, err
			}
			if opt.ModelName != "" {
				t.ModelName = opt.ModelName
			}
		}
		s.Tables = append(s.Tables, t)
	}
	if err := Validate(s); err != nil {
		return nil, err
	}
	return s, nil
}

// rename applies a table's logical → physical field renames, in name order
// so that errors are stable run to run.
func rename(t *Table, fields map[string]string) error {
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		f := t.Field(name)
		if f == nil {
			return fmt.Errorf("%s.fields: %q is not a field of the %s table (fields: %s)", t.Key, name, t.Key, fieldNames(t))
		}
		f.Column = fields[name]
	}
	return nil
}

// accumulator is an insertion-ordered map of plugin tables.
type accumulator struct {
	order  []string
	tables map[string]*Table
}

func newAccumulator() *accumulator { return &accumulator{tables: map[string]*Table{}} }

func (a *accumulator) get(key string) *Table { return a.tables[key] }

func (a *accumulator) add(t Table) {
	prev, ok := a.tables[t.Key]
	if !ok {
		prev = &Table{Key: t.Key}
		a.tables[t.Key] = prev
		a.order = append(a.order, t.Key)
	}
	prev.Fields = spread(prev.Fields, t.Fields)
	prev.Indexes = mergeIndexes(prev.Indexes, t.Indexes)
	// The last plugin naming the table wins, falling back to the key.
	prev.ModelName = t.ModelName
	if t.DisableMigrations {
		prev.DisableMigrations = true
	}
	if t.Order != 0 {
		prev.Order = t.Order
	}
}

// spread merges fields with JavaScript object-spread semantics: an existing
// name keeps its position and takes the new attributes; new names append.
func spread(base, more []Field) []Field {
	out := append([]Field(nil), base...)
	for _, f := range more {
		replaced := false
		for i := range out {
			if out[i].Name == f.Name {
				out[i] = f
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, f)
		}
	}
	return out
}

// mergeIndexes appends indexes not already present (same name, fields and
// uniqueness), keeping the first occurrence.
func mergeIndexes(base, more []Index) []Index {
	out := append([]Index(nil), base...)
	for _, ix := range more {
		dup := false
		for _, have := range out {
			if sameIndex(have, ix) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, ix)
		}
	}
	return out
}

func sameIndex(a, b Index) bool {
	if a.Name != b.Name || a.Unique != b.Unique || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i] != b.Fields[i] {
			return false
		}
	}
	return true
}

func cloneTable(t Table) *Table {
	c := t
	c.Fields = append([]Field(nil), t.Fields...)
	c.Indexes = append([]Index(nil), t.Indexes...)
	return &c
}

func fieldNames(t *Table) string {
	s := ""
	for i, f := range t.Fields {
		if i > 0 {
			s += ", "
		}
		s += f.Name
	}
	return s
}
