package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// JavaScript's JSON, as far as the cookie cache needs it: the compact
// strategy signs JSON.stringify of an object that was JSON.parse'd (with
// Better Auth's date reviver), so verifying a cookie means writing that
// object back exactly as V8 does — keys in V8's order, numbers in
// Number.prototype.toString's form, dates as toISOString.

// jsObject is a JavaScript object: its keys in insertion order.
type jsObject struct {
	keys []string
	vals map[string]any // nil, bool, float64, string, time.Time, []any, *jsObject
}

func newJSObject() *jsObject { return &jsObject{vals: map[string]any{}} }

func (o *jsObject) get(k string) (any, bool) { v, ok := o.vals[k]; return v, ok }

// set is assignment: a new key goes last, an existing one keeps its place.
func (o *jsObject) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// order is V8's property order: array-index keys ascending, then the
// others in insertion order.
func (o *jsObject) order() []string {
	var idx, rest []string
	for _, k := range o.keys {
		if isArrayIndex(k) {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	sort.Slice(idx, func(i, j int) bool {
		a, _ := strconv.ParseUint(idx[i], 10, 32)
		b, _ := strconv.ParseUint(idx[j], 10, 32)
		return a < b
	})
	return append(idx, rest...)
}

func isArrayIndex(k string) bool {
	if k == "" || len(k) > 10 || k != "0" && k[0] == '0' {
		return false
	}
	n, err := strconv.ParseUint(k, 10, 64)
	return err == nil && n < 1<<32-1
}

// isoDate is safeJSONParse's reviver pattern (@better-auth/core/utils/json).
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$`)

// reviveDate turns an ISO 8601 UTC string into a date, as safeJSONParse
// does (new Date keeps milliseconds).
func reviveDate(s string) any {
	if !isoDate.MatchString(s) {
		return s
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Truncate(time.Millisecond)
}

var errJSParse = errors.New("invalid JSON")

// jsParse is safeJSONParse: JSON.parse with the date reviver.
func jsParse(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := jsParseValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err == nil {
		return nil, errJSParse // trailing data
	}
	return v, nil
}

func jsParseValue(d *json.Decoder) (any, error) {
	t, err := d.Token()
	if err != nil {
		return nil, errJSParse
	}
	switch x := t.(type) {
	case json.Delim:
		switch x {
		case '{':
			o := newJSObject()
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, errJSParse
				}
				k, _ := kt.(string)
				v, err := jsParseValue(d)
				if err != nil {
					return nil, err
				}
				o.set(k, v)
			}
			if _, err := d.Token(); err != nil {
				return nil, errJSParse
			}
			return o, nil
		case '[':
			a := []any{}
			for d.More() {
				v, err := jsParseValue(d)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := d.Token(); err != nil {
				return nil, errJSParse
			}
			return a, nil
		}
		return nil, errJSParse
	case json.Number:
		f, _ := strconv.ParseFloat(string(x), 64) // out of range: ±Inf, as JSON.parse
		return f, nil
	case string:
		return reviveDate(x), nil
	default: // bool, nil
		return x, nil
	}
}

// jsStringify is JSON.stringify.
func jsStringify(b jsonBuf, v any) jsonBuf {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case float64:
		return append(b, jsNumber(x)...)
	case string:
		return b.str(x)
	case time.Time:
		return b.str(x.UTC().Format(jsTime))
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsStringify(b, e)
		}
		return append(b, ']')
	case *jsObject:
		b = append(b, '{')
		for i, k := range x.order() {
			b = b.key(k, i == 0)
			b = jsStringify(b, x.vals[k])
		}
		return append(b, '}')
	}
	return b.value(v)
}

// jsNumber is Number.prototype.toString (JSON.stringify writes non-finite
// numbers as null).
func jsNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "null"
	}
	if f == 0 {
		return "0"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d[.ddd]e±xx, shortest
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	mant, exp, _ := strings.Cut(s, "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	k, n := len(digits), e+1 // value = 0.digits × 10^n
	var out string
	switch {
	case k <= n && n <= 21:
		out = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		out = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		out = "0." + strings.Repeat("0", -n) + digits
	default:
		sign := "+"
		if n-1 < 0 {
			sign = "-"
		}
		m := digits[:1]
		if k > 1 {
			m += "." + digits[1:]
		}
		out = m + "e" + sign + strconv.Itoa(abs(n-1))
	}
	if neg {
		out = "-" + out
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

var errBase64 = errors.New("invalid base64 character")

// jsBase64Decode is @better-auth/utils' base64 decoding: the URL alphabet
// when the input holds "-" or "_", else the standard one; it stops at the
// first "=", ignores trailing bits and fails on any other character.
func jsBase64Decode(s string) ([]byte, error) {
	alpha := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	if strings.ContainsAny(s, "-_") {
		alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	}
	out := make([]byte, 0, len(s)*3/4)
	var buf uint32
	bits := 0
	for _, r := range s {
		if r == '=' {
			break
		}
		i := strings.IndexRune(alpha, r)
		if i < 0 {
			return nil, errBase64
		}
		buf = buf<<6 | uint32(i)
		bits += 6
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(buf>>bits))
		}
	}
	return out, nil
}
