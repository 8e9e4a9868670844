package plugins

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// How 1.7.5 answers a key: the apikey row in schema order, then id (the
// adapter's output), with metadata parsed from its stored JSON and
// permissions from theirs, and without the hashed key (create answers the
// plain key in its place).

// keyJSON writes row as get, update, list, verify and create answer it.
// withKey answers plain in place of the hashed key (create); metadata,
// when not nil, replaces the stored metadata.
func (rt *apiKeyRuntime) keyJSON(x *core.Context, row core.Record, plain string, metadata json.RawMessage, withKey bool) (json.RawMessage, error) {
	var b strings.Builder
	b.WriteByte('{')
	first := true
	field := func(name string) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeJSString(&b, name)
		b.WriteByte(':')
	}
	for _, name := range rt.fields {
		switch name {
		case "key":
			if !withKey {
				continue
			}
			field(name)
			writeJSString(&b, plain)
		case "metadata":
			field(name)
			if metadata != nil {
				b.Write(metadata)
				continue
			}
			m, err := readMetadata(x, row)
			if err != nil {
				return nil, err
			}
			b.WriteString(m)
		case "permissions":
			field(name)
			s, _ := row["permissions"].(string)
			if s == "" {
				b.WriteString("null")
				continue
			}
			out, err := jsStringify([]byte(s), true)
			if err != nil {
				b.WriteString("null") // safeJSONParse: unreadable is null
				continue
			}
			b.WriteString(out)
		default:
			field(name)
			writeValue(&b, row[name])
		}
	}
	field("id")
	writeValue(&b, row["id"])
	b.WriteByte('}')
	return json.RawMessage(b.String()), nil
}

func writeValue(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case time.Time:
		writeJSString(b, jsDate(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(jsNumberF(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		writeJSString(b, x)
	default:
		raw, _ := core.JSON(x)
		b.Write(raw)
	}
}

// readMetadata is the metadata column as 1.7.5 reads it (parseJSON, dates
// revived); metadata stored twice stringified (by early 1.x) is parsed
// once more and written back parsed, as migrateDoubleStringifiedMetadata
// does.
func readMetadata(x *core.Context, row core.Record) (string, error) {
	s, _ := row["metadata"].(string)
	if s == "" {
		return "null", nil
	}
	v, err := parseOrdered([]byte(strings.TrimSpace(s)))
	if err != nil {
		return "", err
	}
	if v.kind == 's' {
		inner, err := parseOrdered([]byte(v.str))
		if err != nil {
			return "null", nil
		}
		var plain, out strings.Builder
		inner.write(&plain, false)
		inner.write(&out, true)
		if _, err := x.Update("apikey", core.Record{"metadata": plain.String()}, core.Where{Field: "id", Value: row["id"]}); err != nil {
			x.Logger().Warn("api-key: failed to migrate double-stringified metadata", "err", err)
		}
		return out.String(), nil
	}
	var b strings.Builder
	v.write(&b, true)
	return b.String(), nil
}
