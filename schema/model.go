package schema

import "strings"

// Type is the logical type of a field, as Better Auth names it.
type Type string

// The logical field types. TypeEnum is a string restricted to Field.Enum.
const (
	TypeString      Type = "string"
	TypeNumber      Type = "number"
	TypeBoolean     Type = "boolean"
	TypeDate        Type = "date"
	TypeJSON        Type = "json"
	TypeStringArray Type = "string[]"
	TypeNumberArray Type = "number[]"
	TypeEnum        Type = "enum"
)

// Valid reports whether t is one of the known types.
func (t Type) Valid() bool {
	switch t {
	case TypeString, TypeNumber, TypeBoolean, TypeDate, TypeJSON, TypeStringArray, TypeNumberArray, TypeEnum:
		return true
	}
	return false
}

// Indexable reports whether a column of this type may appear in an index.
// JSON and array columns may not (Better Auth rejects them too).
func (t Type) Indexable() bool {
	return t != TypeJSON && t != TypeStringArray && t != TypeNumberArray
}

// Requirement says whether a column is NOT NULL. The zero value is Required,
// matching Better Auth where an omitted `required` means true.
type Requirement int

const (
	// Required columns are NOT NULL. This is the default.
	Required Requirement = iota
	// Optional columns are nullable.
	Optional
)

// OnDelete is a foreign key's ON DELETE action. The zero value means cascade.
type OnDelete string

// The ON DELETE actions Better Auth accepts.
const (
	Cascade    OnDelete = "cascade"
	Restrict   OnDelete = "restrict"
	NoAction   OnDelete = "no action"
	SetNull    OnDelete = "set null"
	SetDefault OnDelete = "set default"
)

// Reference is a foreign key from a field to a field of another table.
type Reference struct {
	// Model is the referenced table's key (for example "user"); a table
	// model name is accepted too, and an unknown name passes through as a
	// physical table outside the auth schema.
	Model string `json:"model"`
	// Field is the referenced logical field, usually "id".
	Field string `json:"field"`
	// OnDelete defaults to Cascade.
	OnDelete OnDelete `json:"onDelete,omitempty"`
}

// Action returns the ON DELETE action, defaulting to Cascade.
func (r Reference) Action() OnDelete {
	if r.OnDelete == "" {
		return Cascade
	}
	return r.OnDelete
}

// nowDefault is the type of Now.
type nowDefault struct{}

// Now is the default value "the current time" (Better Auth's
// `() => new Date()`). On a number column it means the current time in
// milliseconds (`Date.now()`), which no SQL dialect can express as a
// column default.
var Now any = nowDefault{}

// IsNow reports whether v is the Now default.
func IsNow(v any) bool { _, ok := v.(nowDefault); return ok }

// Field is one column of a table. The zero value of every attribute is the
// Better Auth default: required, not unique, no index, cascade on delete.
type Field struct {
	// Name is the logical field name, the key in Better Auth's schema.
	Name string
	// Type is the logical type; Enum lists the values of a TypeEnum.
	Type Type
	Enum []string
	// Required is Required (NOT NULL, the default) or Optional.
	Required Requirement
	// Unique adds a single-column unique constraint.
	Unique bool
	// Index adds a single-column index.
	Index bool
	// Sortable only widens MySQL strings from text to varchar(255).
	Sortable bool
	// BigInt makes a number column 64-bit.
	BigInt bool
	// Default is a static value (string, bool, integer, float) or Now.
	// Nil means no default.
	Default any
	// OnUpdateNow marks a column the runtime sets to the current time on
	// every update (Better Auth's onUpdate).
	OnUpdateNow bool
	// Column is the physical column name; empty means Name.
	Column string
	// References makes the field a foreign key.
	References *Reference
	// Input and Returned are API-level switches. They never change DDL.
	Input    *bool
	Returned *bool
}

// ColumnName returns the physical column name.
func (f Field) ColumnName() string {
	if f.Column != "" {
		return f.Column
	}
	return f.Name
}

// IsRequired reports whether the column is NOT NULL.
func (f Field) IsRequired() bool { return f.Required == Required }

// HasStaticDefault reports whether Default is a constant value (not Now).
func (f Field) HasStaticDefault() bool { return f.Default != nil && !IsNow(f.Default) }

// Index is a table-level index over one or more logical fields.
type Index struct {
	// Fields are logical field names, 1 to 16 of them.
	Fields []string
	// Name is optional; empty means a generated name (see IndexName).
	Name string
	// Unique makes it a unique index.
	Unique bool
}

// Table is one table of the schema.
type Table struct {
	// Key is the canonical table key ("user", "twoFactor", ...).
	Key string
	// ModelName is the physical table name; empty means Key.
	ModelName string
	// Fields are the columns in order, without the implicit "id".
	Fields []Field
	// Indexes are table-level indexes.
	Indexes []Index
	// DisableMigrations keeps the table out of every generator and migrate.
	DisableMigrations bool
	// Order sorts CREATE TABLE statements (user 1, session 2, account 3,
	// verification 4); 0 means after all ordered tables, in schema order.
	Order int
}

// Name returns the physical table name.
func (t *Table) Name() string {
	if t.ModelName != "" {
		return t.ModelName
	}
	return t.Key
}

// Field returns the field with logical name, or nil.
func (t *Table) Field(name string) *Field {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

// IDStrategy says how primary keys are generated.
type IDStrategy string

// The id strategies of Better Auth's advanced.database.generateId.
const (
	// IDString is the default: random string ids.
	IDString IDStrategy = ""
	// IDUUID makes ids UUIDs (a native uuid type on PostgreSQL).
	IDUUID IDStrategy = "uuid"
	// IDSerial makes ids auto-incrementing integers.
	IDSerial IDStrategy = "serial"
)

// Schema is the merged, ordered auth schema.
type Schema struct {
	Tables []*Table
	IDs    IDStrategy
}

// Table returns the table with the given key, or nil.
func (s *Schema) Table(key string) *Table {
	for _, t := range s.Tables {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// Resolve finds the table a reference points to: by key first, then by
// physical name (case-insensitive). Nil means a table outside the schema.
func (s *Schema) Resolve(model string) *Table {
	if t := s.Table(model); t != nil {
		return t
	}
	for _, t := range s.Tables {
		if strings.EqualFold(t.Name(), model) {
			return t
		}
	}
	return nil
}

// Migratable returns the tables that generators and migrate handle, in
// schema order.
func (s *Schema) Migratable() []*Table {
	out := make([]*Table, 0, len(s.Tables))
	for _, t := range s.Tables {
		if !t.DisableMigrations {
			out = append(out, t)
		}
	}
	return out
}

// ReferenceTarget returns the physical table and column a reference points
// to. A reference to a table outside the schema passes through unchanged.
func (s *Schema) ReferenceTarget(r Reference) (table, column string) {
	t := s.Resolve(r.Model)
	if t == nil {
		return r.Model, r.Field
	}
	if r.Field == "id" {
		return t.Name(), "id"
	}
	if f := t.Field(r.Field); f != nil {
		return t.Name(), f.ColumnName()
	}
	return t.Name(), r.Field
}

// ReferencesID reports whether f is a foreign key to the id of a table in the
// schema: such a column takes the id's type (integer for serial ids, uuid on
// PostgreSQL for uuid ids).
func (s *Schema) ReferencesID(f Field) bool {
	return f.References != nil && f.References.Field == "id"
}
