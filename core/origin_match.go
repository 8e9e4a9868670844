package core

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// Matching an origin or URL against a trusted-origin pattern, as 1.7.5's
// matchesOriginPattern does: exact origins, wildcards, custom schemes and
// safe relative URLs.

// originOf is a URL's origin as `new URL(s).origin` serializes it
// (scheme://host[:port], lower-cased, default port dropped); "" if it has
// none. URLs the WHATWG parser here refuses (internationalized hosts) fall
// back to Go's parser, lower-cased.
func originOf(s string) string {
	if u, ok := parseURL(s); ok {
		if o := u.origin(); o != "" {
			return o
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

// matchOrigin reports whether an Origin or Referer value (no relative
// paths) matches one trusted origin pattern.
func matchOrigin(origin, pattern string) bool {
	return matchOriginPattern(origin, pattern, false)
}

// matchOriginPattern is 1.7.5's matchesOriginPattern:
//   - a value starting with "/" is a relative URL: trusted only where
//     relative paths are allowed and only if safeRelativeURL;
//   - a pattern with * or ? is a glob (see originGlob): with "://" it is
//     matched against the URL's origin (its text when the origin is
//     opaque, as for custom schemes), else against its host[:port];
//   - an exact http(s) pattern must equal the URL's origin, as written
//     (no normalisation of the pattern: "https://Example.com" or
//     "https://example.com/" match nothing);
//   - an exact pattern of another scheme is compared by scheme, authority
//     (when the pattern has one) and path prefix (customSchemeMatch).
func matchOriginPattern(u, pattern string, allowRelative bool) bool {
	if strings.HasPrefix(u, "/") {
		return allowRelative && safeRelativeURL(u)
	}
	p, ok := parseURL(u)
	if !ok || scriptSchemes[p.scheme] {
		return false
	}
	if strings.ContainsAny(pattern, "*?") {
		re := originGlob(pattern)
		if re == nil {
			return false
		}
		if strings.Contains(pattern, "://") {
			subject := p.origin()
			if subject == "" {
				subject = u
			}
			return re.MatchString(jsUnits(subject))
		}
		host := p.hostPort()
		return host != "" && re.MatchString(jsUnits(host))
	}
	if p.scheme == "http" || p.scheme == "https" {
		return pattern == p.origin()
	}
	return customSchemeMatch(u, pattern)
}

// scriptSchemes run code when navigated to; no callback may use them.
var scriptSchemes = map[string]bool{"javascript": true, "data": true, "vbscript": true}

// wildcard is a plain glob (* any run, ? one byte), used by the rate
// limiter's path rules.
func wildcard(p, s string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for i := 0; i <= len(s); i++ {
				if wildcard(p[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
			p, s = p[1:], s[1:]
		default:
			if s == "" || p[0] != s[0] {
				return false
			}
			p, s = p[1:], s[1:]
		}
	}
	return s == ""
}

// originGlob compiles a trusted-origin pattern as 1.7.5's wildcardMatch
// does with its default "/" separator. The pattern is split at "/"; empty
// segments after the first are dropped; each segment but the last is
// followed by one or more separators ("/" or "\"), the last by any
// number; a "**" segment spans any number of segments. Within a segment
// * is any run and ? any one character, neither crossing "/" or "\"; \
// escapes the next character; everything else is literal and
// case-sensitive. The match is anchored at both ends and counts UTF-16
// code units, as JavaScript does (see jsUnits). So https://*.example.com
// matches https://a.b.example.com, not https://example.com, not
// https://a.example.com:8443, and https://*.example.com/ (with a slash)
// matches no origin.
func originGlob(pattern string) *regexp.Regexp {
	if re, ok := globCache.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	const anyChar, sepPlus, sepStar = `[^/\\]`, `[/\\]+?`, `[/\\]*?`
	segs := strings.Split(jsUnits(pattern), "/")
	var b strings.Builder
	b.WriteString("^")
	for i, seg := range segs {
		if seg == "" && i > 0 {
			continue
		}
		sep := ""
		if i == len(segs)-1 {
			sep = sepStar
		} else if segs[i+1] != "**" {
			sep = sepPlus
		}
		if seg == "**" {
			if sep != "" {
				if i > 0 {
					b.WriteString(sep)
				}
				b.WriteString("(?:" + anyChar + "*?" + sep + ")*?")
			}
			continue
		}
		rs := []rune(seg)
		for j := 0; j < len(rs); j++ {
			switch rs[j] {
			case '\\':
				if j < len(rs)-1 {
					j++
					b.WriteString(regexp.QuoteMeta(string(rs[j])))
				}
			case '?':
				b.WriteString(anyChar)
			case '*':
				b.WriteString(anyChar + "*?")
			default:
				b.WriteString(regexp.QuoteMeta(string(rs[j])))
			}
		}
		b.WriteString(sep)
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil
	}
	globCache.Store(pattern, re)
	return re
}

// globCache holds the compiled trusted-origin patterns (configuration, so
// bounded).
var globCache sync.Map

// jsUnits rewrites s so that one rune is one UTF-16 code unit: a rune
// outside the BMP becomes its two surrogates, moved to plane 16 so they
// stay valid runes. A glob's ? then matches what JavaScript's would.
func jsUnits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x10000 }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x10000 {
			b.WriteRune(r)
			continue
		}
		r -= 0x10000
		b.WriteRune(0x100000 + 0xD800 + r>>10)
		b.WriteRune(0x100000 + 0xDC00 + r&0x3FF)
	}
	return b.String()
}

// customSchemeMatch is 1.7.5's exact matching of non-http(s) URLs
// (myapp://callback, exp://, ws://…), on the raw text: same scheme
// (case-insensitive); when the pattern names an authority, the same one
// (case-insensitive; the text between "//" and the first / ? or #); when
// it has a path, the URL's path (percent-decoded, dot segments resolved)
// equal to it or below it.
func customSchemeMatch(u, pattern string) bool {
	a, ok := splitCustomScheme(u)
	b, ok2 := splitCustomScheme(pattern)
	if !ok || !ok2 || a.scheme != b.scheme {
		return false
	}
	if b.authority != "" && a.authority != b.authority {
		return false
	}
	return b.path == "" || a.path == b.path || strings.HasPrefix(a.path, b.path+"/")
}

type customScheme struct{ scheme, authority, path string }

func splitCustomScheme(s string) (customScheme, bool) {
	if hasControl(s) {
		return customScheme{}, false
	}
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return customScheme{}, false
	}
	c := customScheme{scheme: strings.ToLower(s[:i])}
	rest := s[i+1:]
	if strings.HasPrefix(rest, "//") {
		rest = rest[2:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		c.authority, rest = strings.ToLower(rest[:end]), rest[end:]
	}
	if end := strings.IndexAny(rest, "?#"); end >= 0 {
		rest = rest[:end]
	}
	// decodeURIComponent, or the raw path when it throws.
	decoded, err := url.PathUnescape(rest)
	if err != nil || !utf8.ValidString(decoded) {
		decoded = rest
	}
	var segs []string
	for _, seg := range strings.Split(decoded, "/") {
		switch seg {
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		case ".", "":
		default:
			segs = append(segs, seg)
		}
	}
	if len(segs) > 0 {
		c.path = "/" + strings.Join(segs, "/")
	}
	return c, true
}

// hasControl reports a C0 or C1 control character (U+0000–U+001F,
// U+007F–U+009F).
func hasControl(s string) bool {
	for _, r := range s {
		if r <= 0x1F || r >= 0x7F && r <= 0x9F {
			return true
		}
	}
	return false
}

// safeRelativeURL is 1.7.5's isSafeRelativeURL: a root-relative URL that
// no browser or router can read as another origin. It starts with one
// "/" (not "//"), has no "\" and no control character anywhere, and no
// encoded "/" or "\" (%2F, %5C) in its path (before ? or #). Anything
// else goes: /ok#section, /café, /caf%C3%A9, /p/~user, /search?q=a,b,
// /a:b, /p;x=1, /p?next=https://x.example.com. (1.7.5 also resolves it
// against a placeholder origin and requires the origin unchanged, which
// with these rules always holds.)
func safeRelativeURL(v string) bool {
	if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") || strings.Contains(v, `\`) || hasControl(v) {
		return false
	}
	path := v
	if i := strings.IndexAny(v, "?#"); i >= 0 {
		path = v[:i]
	}
	path = strings.ToLower(path)
	return !strings.Contains(path, "%2f") && !strings.Contains(path, "%5c")
}
