package plugins

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// JSON as JavaScript round-trips it, for apikey.metadata: 1.7.5 stores
// JSON.stringify(body.metadata) and answers JSON.stringify(parseJSON(row)),
// so key order is the sender's (integer-like keys first, as JavaScript
// objects order them), duplicate keys keep the first position and the
// last value, and on reading ISO date strings come back as
// Date.toISOString() (better-auth's parseJSON revives them).

// jsValue is a decoded JSON value keeping object key order.
type jsValue struct {
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	keys  []string
	vals  []*jsValue
	str   string
	num   float64
	truth bool
}

// parseOrdered decodes one JSON value keeping key order.
func parseOrdered(raw []byte) (*jsValue, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := readOrdered(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data")
	}
	return v, nil
}

func readOrdered(dec *json.Decoder) (*jsValue, error) {
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch x := t.(type) {
	case json.Delim:
		if x == '[' {
			v := &jsValue{kind: 'a'}
			for dec.More() {
				e, err := readOrdered(dec)
				if err != nil {
					return nil, err
				}
				v.vals = append(v.vals, e)
			}
			_, err := dec.Token()
			return v, err
		}
		v := &jsValue{kind: 'o'}
		index := map[string]int{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k, _ := kt.(string)
			e, err := readOrdered(dec)
			if err != nil {
				return nil, err
			}
			if i, ok := index[k]; ok {
				v.vals[i] = e
				continue
			}
			index[k] = len(v.keys)
			v.keys, v.vals = append(v.keys, k), append(v.vals, e)
		}
		_, err := dec.Token()
		v.orderKeys()
		return v, err
	case string:
		return &jsValue{kind: 's', str: x}, nil
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return nil, err
		}
		return &jsValue{kind: 'n', num: f}, nil
	case bool:
		return &jsValue{kind: 'b', truth: x}, nil
	}
	return &jsValue{kind: 'z'}, nil
}

// orderKeys puts array-index keys first, ascending, as JavaScript does.
func (v *jsValue) orderKeys() {
	idx := func(k string) (uint64, bool) {
		if k == "" || (len(k) > 1 && k[0] == '0') {
			return 0, false
		}
		n, err := strconv.ParseUint(k, 10, 32)
		return n, err == nil && n < 1<<32-1
	}
	type kv struct {
		k string
		v *jsValue
	}
	var ints, rest []kv
	for i, k := range v.keys {
		if _, ok := idx(k); ok {
			ints = append(ints, kv{k, v.vals[i]})
		} else {
			rest = append(rest, kv{k, v.vals[i]})
		}
	}
	if len(ints) == 0 {
		return
	}
	sort.SliceStable(ints, func(i, j int) bool { a, _ := idx(ints[i].k); b, _ := idx(ints[j].k); return a < b })
	v.keys, v.vals = v.keys[:0], v.vals[:0]
	for _, e := range append(ints, rest...) {
		v.keys, v.vals = append(v.keys, e.k), append(v.vals, e.v)
	}
}

// isoDate is better-auth's parser ISO_DATE_REGEX.
var isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(?:Z|([+-])(\d{2}):(\d{2}))$`)

// reviveDate is parseISODate then toISOString, or false.
func reviveDate(s string) (string, bool) {
	m := isoDate.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	n := func(i int) int { x, _ := strconv.Atoi(m[i]); return x }
	ms := 0
	if m[7] != "" {
		ms, _ = strconv.Atoi((m[7] + "00")[:3])
	}
	// Date.UTC rolls over out-of-range parts, as time.Date does.
	t := time.Date(n(1), time.Month(n(2)), n(3), n(4), n(5), n(6), ms*int(time.Millisecond), time.UTC)
	if m[8] != "" {
		off := time.Duration(n(9)*60+n(10)) * time.Minute
		if m[8] == "+" {
			off = -off
		}
		t = t.Add(off)
	}
	if t.Year() < -271821 || t.Year() > 275760 {
		return "", false
	}
	if t.Year() < 0 || t.Year() > 9999 {
		return "", false // toISOString's six-digit years: leave the text
	}
	return t.Format("2006-01-02T15:04:05.000Z"), true
}

// reviver rewrites a string value as a date-reviving parser would (a Date
// written back by JSON.stringify), or reports false.
type reviver func(string) (string, bool)

// parseJSONReviver is better-auth's parseJSON (the apikey.metadata
// output transform): ISO dates with or without an offset.
var parseJSONReviver reviver = reviveDate

// safeJSONReviver is @better-auth/core's safeJSONParse (permissions,
// twice-stringified metadata): UTC ISO dates only.
var safeJSONReviver reviver = func(s string) (string, bool) {
	if !safeISODate.MatchString(s) {
		return "", false
	}
	return reviveDate(s)
}

var safeISODate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$`)

// write appends v as JSON.stringify writes it; revive, when not nil,
// turns date strings into Date.toISOString(). parseJSON also drops
// "__proto__" keys.
func (v *jsValue) write(b *strings.Builder, revive reviver) {
	switch v.kind {
	case 'o':
		b.WriteByte('{')
		n := 0
		for i, k := range v.keys {
			if revive != nil && k == "__proto__" {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			writeJSString(b, k)
			b.WriteByte(':')
			v.vals[i].write(b, revive)
		}
		b.WriteByte('}')
	case 'a':
		b.WriteByte('[')
		for i, e := range v.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			e.write(b, revive)
		}
		b.WriteByte(']')
	case 's':
		if revive != nil {
			if d, ok := revive(v.str); ok {
				writeJSString(b, d)
				return
			}
		}
		writeJSString(b, v.str)
	case 'n':
		b.WriteString(jsNumberF(v.num))
	case 'b':
		b.WriteString(strconv.FormatBool(v.truth))
	default:
		b.WriteString("null")
	}
}

func writeJSString(b *strings.Builder, s string) {
	raw, _ := core.JSON(s)
	b.Write(raw)
}

// jsStringify re-encodes raw JSON as JSON.stringify(JSON.parse(raw)) (with
// revive, as a date-reviving parser reads it).
func jsStringify(raw []byte, revive reviver) (string, error) {
	v, err := parseOrdered(raw)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	v.write(&b, revive)
	return b.String(), nil
}

// rawBodyField returns the raw JSON of a top-level body field, as sent.
func rawBodyField(x *core.Context, key string) (json.RawMessage, bool) {
	r := x.Request()
	if r.Body == nil {
		return nil, false
	}
	raw, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(raw))
	if err != nil {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	v, ok := m[key]
	return v, ok
}
