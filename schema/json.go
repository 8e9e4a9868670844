package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The JSON form of the model is the contract between the auth library
// compiled into a user's project (which may be an older or newer version)
// and the authctl binary. Field attributes at their zero value are omitted,
// so the form stays small and adding attributes later keeps old documents
// readable.

type fieldJSON struct {
	Name        string       `json:"name"`
	Type        Type         `json:"type"`
	Enum        []string     `json:"enum,omitempty"`
	Optional    bool         `json:"optional,omitempty"`
	Unique      bool         `json:"unique,omitempty"`
	Index       bool         `json:"index,omitempty"`
	Sortable    bool         `json:"sortable,omitempty"`
	BigInt      bool         `json:"bigint,omitempty"`
	Default     *defaultJSON `json:"default,omitempty"`
	OnUpdateNow bool         `json:"onUpdateNow,omitempty"`
	Column      string       `json:"column,omitempty"`
	References  *Reference   `json:"references,omitempty"`
	Input       *bool        `json:"input,omitempty"`
	Returned    *bool        `json:"returned,omitempty"`
}

type defaultJSON struct {
	Now   bool            `json:"now,omitempty"`
	Value json.RawMessage `json:"value,omitempty"`
}

// MarshalJSON encodes the field; Default becomes {"now":true} or
// {"value":<literal>}.
func (f Field) MarshalJSON() ([]byte, error) {
	j := fieldJSON{
		Name: f.Name, Type: f.Type, Enum: f.Enum, Optional: f.Required == Optional,
		Unique: f.Unique, Index: f.Index, Sortable: f.Sortable, BigInt: f.BigInt,
		OnUpdateNow: f.OnUpdateNow, Column: f.Column, References: f.References,
		Input: f.Input, Returned: f.Returned,
	}
	switch {
	case f.Default == nil:
	case IsNow(f.Default):
		j.Default = &defaultJSON{Now: true}
	default:
		switch f.Default.(type) {
		case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		default:
			return nil, fmt.Errorf("field %q: default of type %T is not supported (use a string, bool, number or schema.Now)", f.Name, f.Default)
		}
		v, err := json.Marshal(f.Default)
		if err != nil {
			return nil, fmt.Errorf("field %q: default: %w", f.Name, err)
		}
		j.Default = &defaultJSON{Value: v}
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes a field. Integral numbers decode as int64, other
// numbers as float64.
func (f *Field) UnmarshalJSON(b []byte) error {
	var j fieldJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Field{
		Name: j.Name, Type: j.Type, Enum: j.Enum, Unique: j.Unique, Index: j.Index,
		Sortable: j.Sortable, BigInt: j.BigInt, OnUpdateNow: j.OnUpdateNow,
		Column: j.Column, References: j.References, Input: j.Input, Returned: j.Returned,
	}
	if j.Optional {
		f.Required = Optional
	}
	if j.Default != nil {
		if j.Default.Now {
			f.Default = Now
		} else if len(j.Default.Value) > 0 {
			d := json.NewDecoder(bytes.NewReader(j.Default.Value))
			d.UseNumber()
			var v any
			if err := d.Decode(&v); err != nil {
				return fmt.Errorf("field %q: default: %w", j.Name, err)
			}
			if n, ok := v.(json.Number); ok {
				if i, err := n.Int64(); err == nil {
					v = i
				} else if fl, err := n.Float64(); err == nil {
					v = fl
				}
			}
			f.Default = v
		}
	}
	return nil
}

type tableJSON struct {
	Key               string  `json:"key"`
	ModelName         string  `json:"modelName,omitempty"`
	Fields            []Field `json:"fields"`
	Indexes           []Index `json:"indexes,omitempty"`
	DisableMigrations bool    `json:"disableMigrations,omitempty"`
	Order             int     `json:"order,omitempty"`
}

// MarshalJSON encodes the table with lower-case keys.
func (t Table) MarshalJSON() ([]byte, error) {
	return json.Marshal(tableJSON(t))
}

// UnmarshalJSON decodes a table.
func (t *Table) UnmarshalJSON(b []byte) error {
	var j tableJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = Table(j)
	return nil
}

type indexJSON struct {
	Fields []string `json:"fields"`
	Name   string   `json:"name,omitempty"`
	Unique bool     `json:"unique,omitempty"`
}

// MarshalJSON encodes the index with lower-case keys.
func (ix Index) MarshalJSON() ([]byte, error) { return json.Marshal(indexJSON(ix)) }

// UnmarshalJSON decodes an index.
func (ix *Index) UnmarshalJSON(b []byte) error {
	var j indexJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*ix = Index(j)
	return nil
}

type schemaJSON struct {
	IDs    IDStrategy `json:"ids,omitempty"`
	Tables []*Table   `json:"tables"`
}

// MarshalJSON encodes the schema.
func (s Schema) MarshalJSON() ([]byte, error) {
	return json.Marshal(schemaJSON{IDs: s.IDs, Tables: s.Tables})
}

// UnmarshalJSON decodes the schema.
func (s *Schema) UnmarshalJSON(b []byte) error {
	var j schemaJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	s.IDs, s.Tables = j.IDs, j.Tables
	return nil
}
