package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxBodyBytes bounds a request body. Better Auth has no limit; an auth
// request is a few hundred bytes, so 1 MiB is generous (larger → 413).
const maxBodyBytes = 1 << 20

// undefined is the body of a request without one (no Content-Type or an
// empty body), which Better Auth's validators report as "undefined".
type undefinedBody struct{}

var undefined any = undefinedBody{}

// Media types a route may accept.
const (
	mediaJSON = "application/json"
	mediaForm = "application/x-www-form-urlencoded"
)

// readBody reads and decodes a POST body as better-call does: no
// Content-Type or no bytes → undefined; a type outside allowed → 415; JSON
// (application/json or any +json type) → the decoded value, numbers as
// json.Number; form-urlencoded → an object of strings.
func readBody(r *http.Request, allowed []string) (any, error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" || r.Body == nil || r.ContentLength == 0 {
		return undefined, nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, errCode(400, "BAD_REQUEST", "Could not read the request body")
	}
	if len(raw) > maxBodyBytes {
		return nil, errBodyTooLarge
	}
	if len(raw) == 0 {
		return undefined, nil
	}
	// The bytes stay readable for plugins that need the body's exact JSON
	// (key order), such as the apiKey plugin's metadata.
	r.Body = io.NopCloser(bytes.NewReader(raw))
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	ok := false
	for _, a := range allowed {
		if base == a || strings.Contains(base, a) {
			ok = true
		}
	}
	if !ok {
		return nil, errCode(415, "UNSUPPORTED_MEDIA_TYPE",
			`Content-Type "`+ct+`" is not allowed. Allowed types: `+strings.Join(allowed, ", "))
	}
	var body any = undefined
	switch {
	case jsonType.MatchString(strings.ToLower(ct)):
		if body, err = decodeJSON(raw); err != nil {
			return nil, err
		}
	case strings.Contains(base, mediaForm):
		vals, err := url.ParseQuery(string(raw))
		if err != nil {
			return nil, errCode(400, "BAD_REQUEST", "Invalid form data in request body")
		}
		obj := map[string]any{}
		for k, v := range vals {
			obj[k] = v[len(v)-1]
		}
		body = obj
	}
	if path, ok := findBadText(body, "body"); ok {
		return nil, errCode(400, "VALIDATION_ERROR", "["+path+"] Invalid input: text must be valid UTF-8 without NUL characters (U+0000)")
	}
	return body, nil
}

// findBadText reports the first key or string value of v (in key order,
// so the answer is stable) that contains U+0000 or is not UTF-8 (JSON
// decoding repairs the latter, form decoding does not), as a zod-style
// path. Such text is refused on every engine: PostgreSQL and MySQL can
// neither store nor compare it (the query fails, which would be a 500),
// and no name, token, email or URL legitimately holds it. Better Auth
// hands it to the database.
func findBadText(v any, path string) (string, bool) {
	switch x := v.(type) {
	case string:
		return path, badText(x)
	case []any:
		for i, e := range x {
			if p, ok := findBadText(e, path+"."+strconv.Itoa(i)); ok {
				return p, true
			}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if badText(k) {
				return path, true
			}
			if s, ok := x[k].(string); ok && path == "body" && secretKeys[k] && utf8.ValidString(s) {
				// Hashed or compared, never stored or queried as text:
				// a password with U+0000 set through Better Auth must
				// still sign in here.
				continue
			}
			if p, ok := findBadText(x[k], path+"."+k); ok {
				return p, true
			}
		}
	}
	return "", false
}

// secretKeys are the body fields that only ever meet a password hash.
var secretKeys = map[string]bool{"password": true, "newPassword": true, "currentPassword": true}

func badText(s string) bool { return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) }

var jsonType = regexp.MustCompile(`^application/([a-z0-9.+-]*\+)?json`)

// decodeJSON parses one JSON value (numbers kept as json.Number) and
// rejects trailing data, as JSON.parse does.
func decodeJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errInvalidJSON
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errInvalidJSON
	}
	return v, nil
}

// jsType names a value's type as zod's messages do.
func jsType(v any) string {
	switch v.(type) {
	case undefinedBody:
		return "undefined"
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	}
	return "object"
}

// validator collects zod-style issues: "[body.<key>] <message>", joined
// with "; " into one 400 VALIDATION_ERROR.
type validator struct {
	body   map[string]any
	issues []string
}

// object starts validation of a body that must be an object. record adds
// the second issue zod reports for sign-up's `.and(z.record(...))`.
func newValidator(body any, record bool) *validator {
	v := &validator{}
	if m, ok := body.(map[string]any); ok {
		v.body = m
		return v
	}
	v.issues = append(v.issues, "[body] Invalid input: expected object, received "+jsType(body))
	if record {
		v.issues = append(v.issues, "[body] Invalid input: expected record, received "+jsType(body))
	}
	return v
}

func (v *validator) get(key string) any {
	if x, ok := v.body[key]; ok {
		return x
	}
	return undefined
}

func (v *validator) fail(key, msg string) {
	v.issues = append(v.issues, "[body."+key+"] "+msg)
}

// str reads a string field; optional fields may be absent.
func (v *validator) str(key string, optional bool) string {
	if v.body == nil {
		return ""
	}
	x := v.get(key)
	if s, ok := x.(string); ok {
		return s
	}
	if _, absent := x.(undefinedBody); absent && optional {
		return ""
	}
	v.fail(key, "Invalid input: expected string, received "+jsType(x))
	return ""
}

// nonEmpty is str with z.string().nonempty().
func (v *validator) nonEmpty(key string) string {
	if v.body == nil {
		return ""
	}
	_, isStr := v.get(key).(string)
	s := v.str(key, false)
	if isStr && s == "" {
		v.fail(key, "Too small: expected string to have >=1 characters")
	}
	return s
}

// email is z.email().
func (v *validator) email(key string) string {
	if v.body == nil {
		return ""
	}
	_, isStr := v.get(key).(string)
	s := v.str(key, false)
	if isStr && !validEmail(s) {
		v.fail(key, "Invalid email address")
	}
	return s
}

// boolean reads an optional boolean; the second result says whether it
// was given.
func (v *validator) boolean(key string) (bool, bool) {
	if v.body == nil {
		return false, false
	}
	switch x := v.get(key).(type) {
	case bool:
		return x, true
	case undefinedBody:
		return false, false
	default:
		v.fail(key, "Invalid input: expected boolean, received "+jsType(x))
		return false, false
	}
}

func (v *validator) err() error {
	if len(v.issues) == 0 {
		return nil
	}
	return errCode(400, "VALIDATION_ERROR", strings.Join(v.issues, "; "))
}

// emailPattern is zod 4's default email regex.
var emailPattern = regexp.MustCompile(`^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$`)

func validEmail(s string) bool { return emailPattern.MatchString(s) }
