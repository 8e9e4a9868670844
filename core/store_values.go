package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/schema"
)

// Values between records and the database: what a field's value is
// written as on each engine, and what a scanned column is read back as.

// isID reports whether a field holds an id (its own or a reference).
func isID(f schema.Field) bool { return f.References != nil && f.References.Field == "id" }

// encode turns a record value into a driver argument for field f.
func (st *store) encode(f schema.Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if isID(f) {
		return st.encodeID(v)
	}
	switch f.Type {
	case schema.TypeDate:
		t, ok := v.(time.Time)
		if !ok {
			return nil, fmt.Errorf("field %s: want a time, got %T", f.Name, v)
		}
		t = t.UTC().Truncate(time.Millisecond)
		if st.eng.TextDates() {
			return t.Format(jsTime), nil
		}
		return t, nil
	case schema.TypeBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("field %s: want a boolean, got %T", f.Name, v)
		}
		if st.eng.IntBools() {
			if b {
				return int64(1), nil
			}
			return int64(0), nil
		}
		return b, nil
	case schema.TypeJSON, schema.TypeStringArray, schema.TypeNumberArray:
		if raw, ok := v.(json.RawMessage); ok {
			return string(raw), nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	return v, nil
}

func (st *store) encodeID(v any) (any, error) {
	s := fmt.Sprint(v)
	if st.ids == schema.IDSerial {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, errNoRow // a non-numeric id matches no serial row
		}
		return n, nil
	}
	return s, nil
}

// errNoRow is returned for lookups that can match nothing.
var errNoRow = errors.New("no such row")

// jsTime is JavaScript's Date.prototype.toJSON format.
const jsTime = "2006-01-02T15:04:05.000Z"

// decode turns a scanned value into a record value for field f.
func decode(f schema.Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	if f.Name == "id" || isID(f) {
		return decodeID(v), nil
	}
	switch f.Type {
	case schema.TypeDate:
		return decodeTime(v)
	case schema.TypeBoolean:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		case string:
			return x == "1" || strings.EqualFold(x, "true"), nil
		}
	case schema.TypeNumber:
		switch x := v.(type) {
		case int64, float64:
			return x, nil
		case int32:
			return int64(x), nil
		case string:
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				return n, nil
			}
			if n, err := strconv.ParseFloat(x, 64); err == nil {
				return n, nil
			}
		}
	case schema.TypeJSON, schema.TypeStringArray, schema.TypeNumberArray:
		s, ok := v.(string)
		if ok && json.Valid([]byte(s)) {
			return json.RawMessage(s), nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return json.RawMessage(b), nil
	default:
		if s, ok := v.(string); ok {
			return s, nil
		}
		if t, ok := v.(time.Time); ok { // a text column SQLite's driver parsed
			return t.UTC().Format(jsTime), nil
		}
		return fmt.Sprint(v), nil
	}
	return nil, fmt.Errorf("field %s: cannot read %T as %s", f.Name, v, f.Type)
}

func decodeID(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case [16]byte: // a PostgreSQL uuid
		return fmt.Sprintf("%x-%x-%x-%x-%x", x[0:4], x[4:6], x[6:8], x[8:10], x[10:16])
	}
	return fmt.Sprint(v)
}

// timeLayouts are the date formats a driver may hand back as text:
// Better Auth's ISO strings, SQLite's and MySQL's own.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
}

func decodeTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), nil
	case int64: // milliseconds, as a number column would hold them
		return time.UnixMilli(x).UTC(), nil
	case string:
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, x); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("cannot parse date %q", x)
	}
	return time.Time{}, fmt.Errorf("cannot read %T as a date", v)
}

// idField is the implicit id, described as a field for decode.
var idField = schema.Field{Name: "id", Type: schema.TypeString}

// scan reads one row of m's columns (id first) into a record.
func scanRecord(m *model, vals []any) (record, error) {
	r := record{"id": decodeID(derefScan(vals[0]))}
	for i, f := range m.fields {
		v, err := decode(f, derefScan(vals[i+1]))
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", m.t.Name(), f.ColumnName(), err)
		}
		r[f.Name] = v
	}
	return r, nil
}

func scanTargets(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = new(any)
	}
	return out
}

func derefScan(p any) any { return *(p.(*any)) }
