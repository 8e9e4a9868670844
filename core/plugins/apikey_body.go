package plugins

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"

	"github.com/authctl/authctl/core"
)

// zod checks of the apiKey endpoints' bodies, issue by issue in schema
// order, as 1.7.5's schemas report them.

type akBody struct {
	m map[string]any
	v *core.Validator
}

func newAKBody(x *core.Context) akBody { return akBody{m: x.Body(), v: x.Validate()} }

func (b akBody) given(key string) bool {
	_, ok := b.m[key]
	return ok
}

// str is z.string() (optional unless required).
func (b akBody) str(key string, required bool) (string, bool) {
	if !b.v.IsObject() {
		return "", false
	}
	x, ok := b.m[key]
	if !ok {
		if required {
			b.v.Issue(key, "Invalid input: expected string, received undefined")
		}
		return "", false
	}
	s, isStr := x.(string)
	if !isStr {
		b.v.Issue(key, "Invalid input: expected string, received "+jsTypeOf(x))
		return "", false
	}
	return s, true
}

// num is z.number() with an optional minimum; nullable accepts null
// (reported as null = true).
func (b akBody) num(key string, min *float64, nullable bool) (n float64, ok bool, null bool) {
	if !b.v.IsObject() {
		return 0, false, false
	}
	x, given := b.m[key]
	if !given {
		return 0, false, false
	}
	switch v := x.(type) {
	case nil:
		if nullable {
			return 0, false, true
		}
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			break
		}
		if min != nil && f < *min {
			b.v.Issue(key, "Too small: expected number to be >="+jsNumberF(*min))
			return 0, false, false
		}
		return f, true, false
	}
	b.v.Issue(key, "Invalid input: expected number, received "+jsTypeOf(x))
	return 0, false, false
}

// boolean is z.boolean().optional().
func (b akBody) boolean(key string) (bool, bool) {
	if !b.v.IsObject() {
		return false, false
	}
	x, given := b.m[key]
	if !given {
		return false, false
	}
	v, ok := x.(bool)
	if !ok {
		b.v.Issue(key, "Invalid input: expected boolean, received "+jsTypeOf(x))
	}
	return v, ok
}

// permissions is z.record(z.string(), z.array(z.string())), nullable when
// asked; it reports whether the field was given (even as null).
func (b akBody) permissions(key string, nullable bool) bool {
	if !b.v.IsObject() {
		return false
	}
	x, given := b.m[key]
	if !given {
		return false
	}
	if x == nil && nullable {
		return true
	}
	rec, ok := x.(map[string]any)
	if !ok {
		b.v.Issue(key, "Invalid input: expected record, received "+jsTypeOf(x))
		return true
	}
	for _, k := range sortedKeys(rec) {
		arr, ok := rec[k].([]any)
		if !ok {
			b.v.Issue(key+"."+k, "Invalid input: expected array, received "+jsTypeOf(rec[k]))
			continue
		}
		for i, e := range arr {
			if _, ok := e.(string); !ok {
				b.v.Issue(key+"."+k+"."+strconv.Itoa(i), "Invalid input: expected string, received "+jsTypeOf(e))
			}
		}
	}
	return true
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

var prefixPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

func floatp(f float64) *float64 { return &f }
