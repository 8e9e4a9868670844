package plugins

import (
	"encoding/json"
	"errors"
	"regexp"
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
	if isStored(row) {
		return storedKeyJSON(row, plain, metadata, withKey), nil
	}
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
			b.WriteString(permissionsJSON(row))
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

// storedKeyJSON is keyJSON of a key read from the storage: the stored
// object spread (its own key order) without the hashed key (create: the
// plain key in its place), then metadata and permissions, parsed, in
// their places or after.
func storedKeyJSON(row core.Record, plain string, metadata json.RawMessage, withKey bool) json.RawMessage {
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
	order := storedOrder(row)
	for _, extra := range []string{"key", "metadata", "permissions"} {
		if _, ok := row[extra]; !ok && (extra != "key" || withKey) {
			order = append(order, extra)
		}
	}
	for _, name := range order {
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
			} else {
				b.WriteString(storedMetadata(row))
			}
		case "permissions":
			field(name)
			b.WriteString(permissionsJSON(row))
		default:
			field(name)
			writeStoredValue(&b, row[name])
		}
	}
	b.WriteByte('}')
	return json.RawMessage(b.String())
}

// permissionsJSON is the stored permissions parsed (safeJSONParse: none
// or unreadable is null).
func permissionsJSON(row core.Record) string {
	s, _ := row["permissions"].(string)
	if s == "" {
		return "null"
	}
	out, err := jsStringify([]byte(s), safeJSONReviver)
	if err != nil {
		return "null"
	}
	return out
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

// protoPollution is better-auth's parser PROTO_POLLUTION_PATTERNS.
var protoPollution = regexp.MustCompile(`"(?:_|\\u0{2}5[Ff]){2}(?:p|\\u0{2}70)(?:r|\\u0{2}72)(?:o|\\u0{2}6[Ff])(?:t|\\u0{2}74)(?:o|\\u0{2}6[Ff])(?:_|\\u0{2}5[Ff]){2}"\s*:` +
	`|"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:`)

// readMetadata is the metadata column as 1.7.5 reads it (parseJSON, dates
// revived); metadata stored twice stringified (by early 1.x) is parsed
// once more and written back parsed, as migrateDoubleStringifiedMetadata
// does.
func readMetadata(x *core.Context, row core.Record) (string, error) {
	s, _ := row["metadata"].(string)
	if s == "" {
		return "null", nil
	}
	if err := readable(row); err != nil {
		return "", err
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
		inner.write(&plain, nil)
		inner.write(&out, safeJSONReviver)
		if _, err := x.Update("apikey", core.Record{"metadata": plain.String()}, core.Where{Field: "id", Value: row["id"]}); err != nil {
			x.Logger().Warn("api-key: failed to migrate double-stringified metadata", "err", err)
		}
		return out.String(), nil
	}
	var b strings.Builder
	v.write(&b, parseJSONReviver)
	return b.String(), nil
}

// readable fails as 1.7.5's adapter fails to read a row whose metadata
// its parser refuses (parseJSON's strict mode throws on __proto__ and
// constructor keys): every read of such a key is a 500.
func readable(row core.Record) error {
	if s, _ := row["metadata"].(string); protoPollution.MatchString(s) {
		return errors.New("api-key: metadata holds a __proto__ or constructor key")
	}
	return nil
}

// findKeyRow is FindOne on apikey, read as 1.7.5 reads it.
func findKeyRow(x *core.Context, where core.Where) (core.Record, error) {
	row, err := x.FindOne("apikey", where)
	if err == nil && row != nil {
		err = readable(row)
	}
	if err != nil {
		return nil, err
	}
	return row, nil
}

// keyRows is a Find on apikey, read as 1.7.5 reads it.
func keyRows(rows []core.Record, err error) ([]core.Record, error) {
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if err := readable(r); err != nil {
			return nil, err
		}
	}
	return rows, nil
}
