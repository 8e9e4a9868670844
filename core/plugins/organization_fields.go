package plugins

import (
	"strconv"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// additionalInput reads the additional fields of a table from a body as
// toZodSchema({fields, isClientSide: true}) checks them (prefix is
// "data." for update's nested object): string, number and boolean
// fields by type, date fields as z.date() (which a JSON string never
// passes), string[] and number[] as arrays, json and enum fields as any
// value; a field with Required: Optional is nullish, any other must be
// given unless partial (update's .partial()). Values go into r as the
// store writes them.
func additionalInput(v *core.Validator, body map[string]any, fields []schema.Field, prefix string, partial bool, r core.Record) {
	for _, f := range fields {
		key := prefix + f.Name
		raw, given := body[f.Name]
		if !given {
			if !partial && f.IsRequired() {
				v.Issue(key, "Invalid input: expected "+zodTypeName(f)+", received undefined")
			}
			continue
		}
		if raw == nil {
			if f.IsRequired() && f.Type != schema.TypeJSON && f.Type != schema.TypeEnum {
				v.Issue(key, "Invalid input: expected "+zodTypeName(f)+", received null")
				continue
			}
			r[f.Name] = nil
			continue
		}
		ok := true
		switch f.Type {
		case schema.TypeString:
			_, ok = raw.(string)
		case schema.TypeBoolean:
			_, ok = raw.(bool)
		case schema.TypeNumber:
			ok = jsTypeOf(raw) == "number"
		case schema.TypeDate:
			ok = false
		case schema.TypeStringArray, schema.TypeNumberArray:
			list, isList := raw.([]any)
			if !isList {
				ok = false
				break
			}
			want := "string"
			if f.Type == schema.TypeNumberArray {
				want = "number"
			}
			for i, e := range list {
				if jsTypeOf(e) != want {
					v.Issue(key+"."+strconv.Itoa(i), "Invalid input: expected "+want+", received "+jsTypeOf(e))
					ok = false
				}
			}
			if !ok {
				continue
			}
		}
		if !ok {
			v.Issue(key, "Invalid input: expected "+zodTypeName(f)+", received "+jsTypeOf(raw))
			continue
		}
		if f.Type == schema.TypeEnum {
			r[f.Name] = raw // z.any(): no option check
			continue
		}
		val, err := core.FieldValue(f, raw)
		if err != nil {
			v.Issue(key, "Invalid input")
			continue
		}
		r[f.Name] = val
	}
}

// zodTypeName is the type zod names for a field's schema.
func zodTypeName(f schema.Field) string {
	switch f.Type {
	case schema.TypeStringArray, schema.TypeNumberArray:
		return "array"
	case schema.TypeJSON, schema.TypeEnum:
		return "any"
	}
	return string(f.Type)
}
