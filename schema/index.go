package schema

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxIdentifierBytes is the longest index name Better Auth generates: the
// PostgreSQL identifier limit.
const MaxIdentifierBytes = 63

// MaxIndexFields is the most fields one table-level index may name.
const MaxIndexFields = 16

var indexNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// IndexName returns the generated name of an index on table over the
// physical columns: "<table>_<col1>_<col2>…_idx" (or "_uidx" when unique).
// A name longer than 63 bytes keeps a UTF-8-safe prefix and ends in
// "_<fnv1a32 hex>_idx", exactly as Better Auth truncates it, so both tools
// name the same index the same way.
func IndexName(table string, columns []string, unique bool) string {
	kind := "idx"
	if unique {
		kind = "uidx"
	}
	base := table + "_" + strings.Join(columns, "_")
	full := base + "_" + kind
	if len(full) <= MaxIdentifierBytes {
		return full
	}
	suffix := fmt.Sprintf("_%08x_%s", fnv1a32UTF16(full), kind)
	return truncateUTF8(base, MaxIdentifierBytes-len(suffix)) + suffix
}

// fnv1a32UTF16 hashes the UTF-16 code units of s (JavaScript string
// semantics) with 32-bit FNV-1a.
func fnv1a32UTF16(s string) uint32 {
	h := uint32(0x811c9dc5)
	for _, u := range utf16.Encode([]rune(s)) {
		h ^= uint32(u)
		h *= 0x01000193
	}
	return h
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// ResolvedIndex is an index with its final name and physical columns.
type ResolvedIndex struct {
	Name    string
	Fields  []string // logical
	Columns []string // physical
	Unique  bool
	// FieldLevel is true for indexes declared by a field's Unique or Index
	// flag rather than by the table's Indexes.
	FieldLevel bool
}

// FieldIndexes returns the single-column indexes that fields declare, in
// field order. A unique field yields a unique index (which SQL writes
// inline); an indexed, non-unique field yields a plain index.
func FieldIndexes(t *Table) []ResolvedIndex {
	var out []ResolvedIndex
	for _, f := range t.Fields {
		if !f.Unique && !f.Index {
			continue
		}
		col := f.ColumnName()
		out = append(out, ResolvedIndex{
			Name:       IndexName(t.Name(), []string{col}, f.Unique),
			Fields:     []string{f.Name},
			Columns:    []string{col},
			Unique:     f.Unique,
			FieldLevel: true,
		})
	}
	return out
}

// TableIndexes returns the table-level indexes with their names resolved.
// Indexes of the same name are one index; the first is kept. It assumes
// Validate passed.
func TableIndexes(t *Table) []ResolvedIndex { return tableIndexes(t, true) }

// tableIndexes resolves names; Validate calls it without dedupe to see
// every definition.
func tableIndexes(t *Table, dedupe bool) []ResolvedIndex {
	out := make([]ResolvedIndex, 0, len(t.Indexes))
	seen := map[string]bool{}
	for _, ix := range t.Indexes {
		cols := make([]string, len(ix.Fields))
		for i, name := range ix.Fields {
			if f := t.Field(name); f != nil {
				cols[i] = f.ColumnName()
			} else {
				cols[i] = name
			}
		}
		name := ix.Name
		if name == "" {
			name = IndexName(t.Name(), cols, ix.Unique)
		}
		// Two definitions with one name are the same index (Validate
		// rejects them otherwise): keep the first.
		if dedupe && seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		out = append(out, ResolvedIndex{Name: name, Fields: append([]string(nil), ix.Fields...), Columns: cols, Unique: ix.Unique})
	}
	return out
}

// StringWidth is the width rule for bounded string columns in table-level
// indexes on engines with an index key size limit.
type StringWidth struct {
	// Start is the width of a string column in an index (MySQL 191).
	Start int
	// Budget is the engine's index key limit in bytes (MySQL 3072).
	Budget int
	// BytesPerChar is the worst-case bytes of one character (utf8mb4: 4).
	BytesPerChar int
}

// MySQLWidth is the rule for MySQL and MariaDB with utf8mb4.
var MySQLWidth = StringWidth{Start: 191, Budget: 3072, BytesPerChar: 4}

// IndexedStringWidth is w.For(t, field, IDString): the width with string
// ids.
func IndexedStringWidth(t *Table, field string, w StringWidth) (int, bool) {
	return w.For(t, field, IDString)
}

// For returns the varchar width of a string or enum field that appears in
// at least one table-level index, and false when it appears in none. Each
// containing index shares the engine's budget among its string columns,
// after 16 bytes per other column and, for the implicit id, 36 characters
// (string and uuid ids) or 16 bytes (serial ids); the smallest width wins.
// This is Better Auth's getDatabaseIndexStringLength.
func (w StringWidth) For(t *Table, field string, ids IDStrategy) (int, bool) {
	width, found := w.Start, false
	for _, ix := range t.Indexes {
		if !containsString(ix.Fields, field) {
			continue
		}
		found = true
		strs, fixed := 0, 0
		for _, name := range ix.Fields {
			f := t.Field(name)
			switch {
			case name == "id" && f == nil && ids != IDSerial:
				fixed += 36 * w.BytesPerChar
			case f != nil && (f.Type == TypeString || f.Type == TypeEnum):
				strs++
			default:
				fixed += 16
			}
		}
		if strs == 0 {
			continue
		}
		avail := w.Budget - fixed
		if avail < 1 {
			avail = 1
		}
		if n := avail / w.BytesPerChar / strs; n < width {
			width = n
		}
	}
	return width, found
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
