package core

import (
	"errors"
	"net/url"
	"strings"
)

// The redirect URLs the email endpoints build from a callbackURL, as
// Better Auth builds them: verify-email's appendQueryParams (relative
// stays relative) and password.ts's `new URL(callbackURL, baseURL)` with
// searchParams.set, serialized as the WHATWG URL parser does.

// appendQueryParam is appendQueryParams(input, new URLSearchParams({name:
// value})) of @better-auth/core/utils/url: the parameter is appended to
// the query of an absolute or root-relative URL (a relative one stays
// relative); "//x" and "/\x" are refused (a TypeError: a 500).
func appendQueryParam(input, name, value string) (string, error) {
	if strings.HasPrefix(input, "//") || strings.HasPrefix(input, `/\`) {
		return "", errors.New("expected an absolute or root-relative URL")
	}
	relative := strings.HasPrefix(input, "/")
	if !relative {
		if _, ok := parseURL(input); !ok {
			return "", errors.New("invalid URL")
		}
	}
	rest, fragment, hasFragment := strings.Cut(input, "#")
	path, query, _ := strings.Cut(rest, "?")
	param := url.QueryEscape(name) + "=" + url.QueryEscape(value)
	switch {
	case query == "":
		query = param
	case strings.HasSuffix(query, "&"):
		query += param
	default:
		query += "&" + param
	}
	prefix := ""
	if !relative {
		// href: the origin, then the path ("/" when empty).
		o := originOf(path)
		i := strings.Index(path, "://")
		if o == "" || i < 0 {
			return "", errors.New("invalid URL")
		}
		rest := path[i+3:]
		j := strings.IndexAny(rest, `/\`)
		if j < 0 {
			rest = "/"
		} else {
			rest = rest[j:]
		}
		prefix, path = o, rest
	}
	out := prefix + urlPath(path) + "?" + percentEncode(query, querySet)
	if hasFragment {
		out += "#" + percentEncode(fragment, fragmentSet)
	}
	return out, nil
}

// The WHATWG URL percent-encode sets (beyond C0 controls and non-ASCII,
// always encoded) of a special URL's path, query and fragment.
const (
	pathSet     = " \"#<>?`{}"
	querySet    = " \"#<>'"
	fragmentSet = " \"<>`"
)

// percentEncode encodes the bytes of s in set, C0 controls and bytes past
// 0x7E, as the URL parser does; "%" and existing escapes stay.
func percentEncode(s, set string) string {
	const hexdig = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch < 0x20 || ch > 0x7E || strings.IndexByte(set, ch) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hexdig[ch>>4])
			b.WriteByte(hexdig[ch&15])
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// urlPath is a special URL's path as the parser serializes it: "\" read
// as "/", "." and ".." segments resolved, the rest percent-encoded.
func urlPath(p string) string {
	segs := strings.Split(strings.ReplaceAll(p, `\`, "/"), "/")[1:]
	var out []string
	for i, seg := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(seg) {
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, percentEncode(seg, pathSet))
		}
	}
	return "/" + strings.Join(out, "/")
}

// resolveWithParam is `new URL(ref, base)` with searchParams.set(name,
// value), serialized as href: the query is re-serialized as
// application/x-www-form-urlencoded, as URLSearchParams does.
func resolveWithParam(base, ref, name, value string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", err
	}
	u := b.ResolveReference(r)
	if u.Path == "" {
		u.Path = "/"
	}
	type kv struct{ k, v string }
	var params []kv
	set := false
	for _, pair := range strings.Split(u.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, v = formDecode(k), formDecode(v)
		if k == name {
			if set {
				continue
			}
			v, set = value, true
		}
		params = append(params, kv{k, v})
	}
	if !set {
		params = append(params, kv{name, value})
	}
	q := make([]string, len(params))
	for i, p := range params {
		q[i] = formEncode(p.k) + "=" + formEncode(p.v)
	}
	u.RawQuery = strings.Join(q, "&")
	u.ForceQuery = false
	return u.String(), nil
}

// FormEncode is URLSearchParams' serializer: alphanumerics and *-._ as
// they are, space as "+", every other byte percent-encoded.
func FormEncode(s string) string { return formEncode(s) }

func formEncode(s string) string {
	const hexdig = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9', ch == '*', ch == '-', ch == '.', ch == '_':
			b.WriteByte(ch)
		case ch == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hexdig[ch>>4])
			b.WriteByte(hexdig[ch&15])
		}
	}
	return b.String()
}
