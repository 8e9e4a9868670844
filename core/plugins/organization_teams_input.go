package plugins

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/authctl/authctl/core"
)

// Body and query readers for the team and role endpoints: the zod
// schemas of crud-team.ts and crud-access-control.ts, with zod 4's
// messages ("[body.data.name] Invalid input: expected string, received
// number"). Keys are paths below body: "data.name", "permission.team.1".

// teamString reads z.string() (optional when opt): the value and whether
// it was given as a string.
func teamString(v *core.Validator, body map[string]any, key, path string, opt bool) (string, bool) {
	raw, given := body[key]
	if !given {
		if !opt {
			v.Issue(path, "Invalid input: expected string, received undefined")
		}
		return "", false
	}
	s, ok := raw.(string)
	if !ok {
		v.Issue(path, "Invalid input: expected string, received "+jsTypeOf(raw))
	}
	return s, ok
}

// coerceString reads z.coerce.string(): String(value) of anything given;
// absent is zod's "expected nonoptional" issue.
func coerceString(v *core.Validator, body map[string]any, key string) string {
	raw, given := body[key]
	if !given {
		v.Issue(key, "Invalid input: expected nonoptional, received undefined")
		return ""
	}
	return jsString(raw, true)
}

// permissionInput reads z.record(z.string(), z.array(z.string())) at
// path: resource → actions, with the resources in the order the body
// gave them (keys, see bodyKeyOrder), or ok false with the issues added.
func permissionInput(v *core.Validator, raw any, path string, keys []string) (perm map[string][]string, order []string, ok bool) {
	obj, isObj := raw.(map[string]any)
	if !isObj {
		v.Issue(path, "Invalid input: expected record, received "+jsTypeOf(raw))
		return nil, nil, false
	}
	order = orderedKeys(obj, keys)
	perm = map[string][]string{}
	ok = true
	for _, res := range order {
		arr, isArr := obj[res].([]any)
		if !isArr {
			v.Issue(path+"."+res, "Invalid input: expected array, received "+jsTypeOf(obj[res]))
			ok = false
			continue
		}
		actions := make([]string, 0, len(arr))
		for i, a := range arr {
			s, isStr := a.(string)
			if !isStr {
				v.Issue(path+"."+res+"."+strconv.Itoa(i), "Invalid input: expected string, received "+jsTypeOf(a))
				ok = false
				continue
			}
			actions = append(actions, s)
		}
		perm[res] = actions
	}
	return perm, order, ok
}

// orderedKeys are obj's keys in JavaScript's property order: keys (the
// order the body gave them) when it names them all, else array-index keys
// ascending and the rest sorted.
func orderedKeys(obj map[string]any, keys []string) []string {
	if len(keys) == len(obj) {
		all := true
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				all = false
			}
		}
		if all {
			return jsKeyOrder(keys)
		}
	}
	out := make([]string, 0, len(obj))
	for k := range obj {
		out = append(out, k)
	}
	sort.Strings(out)
	return jsKeyOrder(out)
}

// jsKeyOrder is V8's property order of keys given in insertion order:
// array-index keys ascending first.
func jsKeyOrder(keys []string) []string {
	var idx, rest []string
	for _, k := range keys {
		if n, err := strconv.ParseUint(k, 10, 32); err == nil && strconv.FormatUint(n, 10) == k && n < 1<<32-1 {
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

// permissionJSON is JSON.stringify of a permission record in order.
func permissionJSON(perm map[string][]string, order []string) json.RawMessage {
	var b strings.Builder
	b.WriteByte('{')
	for i, res := range order {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := core.JSON(res)
		b.Write(k)
		b.WriteByte(':')
		acts := perm[res]
		if acts == nil {
			acts = []string{}
		}
		a, _ := core.JSON(acts)
		b.Write(a)
	}
	b.WriteByte('}')
	return json.RawMessage(b.String())
}

// roleNameOrID reads z.union([{roleName: nonempty}, {roleId: nonempty}])
// of body or query values (get is the value and whether it is a string
// given at all): the first option that parses wins and the other key is
// dropped, as zod's union and intersection leave them; when neither
// parses, the first option whose only problem is an empty string
// reports it, else the union fails as a whole ("[where] Invalid input").
func roleNameOrID(get func(key string) (any, bool)) (name, id string, issue string, issueKey string) {
	n, nGiven := get("roleName")
	i, iGiven := get("roleId")
	ns, nOK := n.(string)
	is, iOK := i.(string)
	switch {
	case nGiven && nOK && ns != "":
		return ns, "", "", ""
	case iGiven && iOK && is != "":
		return "", is, "", ""
	case nGiven && nOK:
		return "", "", "Too small: expected string to have >=1 characters", "roleName"
	case iGiven && iOK:
		return "", "", "Too small: expected string to have >=1 characters", "roleId"
	}
	return "", "", "Invalid input", ""
}

// bodyKeyOrder returns the keys of the JSON object at path in a raw JSON
// body, in the order written (nil when it is not there).
func bodyKeyOrder(raw []byte, path ...string) []string {
	var v orderedValue
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	for _, p := range path {
		next, ok := v.fields[p]
		if !ok {
			return nil
		}
		v = next
	}
	return v.keys
}

// orderedValue is a decoded JSON value that remembers an object's keys
// in order (other values are skipped over).
type orderedValue struct {
	keys   []string
	fields map[string]orderedValue
}

func (o *orderedValue) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil
	}
	o.fields = map[string]orderedValue{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		k, _ := kt.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		var sub orderedValue
		if err := sub.UnmarshalJSON(raw); err != nil {
			return err
		}
		if _, seen := o.fields[k]; !seen {
			o.keys = append(o.keys, k)
		}
		o.fields[k] = sub
	}
	return nil
}
