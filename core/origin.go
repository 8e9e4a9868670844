package core

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// Better Auth's CSRF defence. Rule A: a POST carrying any Cookie header
// must come from a trusted Origin (or Referer). Rule B, on sign-in and
// sign-up only: without cookies, a request with fetch metadata or an
// Origin must still come from a trusted origin, and a cross-site
// navigation is refused outright. Requests with neither (curl, servers)
// pass. The URLs a request asks to be sent to (callbackURL, redirectTo,
// errorCallbackURL, newUserCallbackURL) must be trusted origins or safe
// relative paths.
//
// Matching follows 1.7.5's matchesOriginPattern (better-auth/src/auth/
// trusted-origins.ts) on URLs parsed as the WHATWG URL standard does (as
// `new URL` in Node and in browsers), with these deliberate differences,
// all of them refusals where 1.7.5 accepts:
//   - javascript:, data: and vbscript: URLs are never trusted (1.7.5
//     trusts javascript://a.example.com/%0aalert(1) under *.example.com,
//     and the client assigns the returned url to window.location);
//   - a URL the WHATWG parser rejects is never trusted (1.7.5 matches a
//     "scheme://" wildcard against its raw text, so it accepts
//     https://evil.com%2F.example.com under https://*.example.com);
//   - internationalized hosts (non-ASCII, after percent-decoding) are not
//     trusted: their punycode form needs the IDNA tables, which this
//     module does not carry (1.7.5 accepts https://café.example.com under
//     https://*.example.com; the punycode spelling is accepted by both);
//   - the origin inferred from the request when BaseURL is not set is
//     trusted as an origin only, never as a wildcard pattern (a Host of
//     "*" would make 1.7.5 trust every http origin).

// trustedOrigins is the configured list; the request's own origin is
// added when BaseURL is not set (Better Auth then infers the base URL from
// the request).
func (rt *runtime) trustedOrigins(r *http.Request) []string {
	if rt.baseOrigin != "" {
		return rt.trusted
	}
	u, ok := parseURL(rt.requestOrigin(r))
	o := u.origin()
	if !ok || o == "" || strings.ContainsAny(o, "*?") {
		return rt.trusted
	}
	return append([]string{o}, rt.trusted...)
}

// requestOrigin is the origin the request was sent to, as 1.7.5's
// getBaseURL infers it without a baseURL (better-auth/dist/utils/url.mjs):
// the connection's scheme and the Host header, or, with
// Advanced.TrustedProxyHeaders, X-Forwarded-Proto's scheme and, when both
// headers are present and valid (validateProxyHeader), X-Forwarded-Host.
// Untrusted, the forwarded headers are ignored, where better-call's Node
// adapter always takes the scheme from X-Forwarded-Proto.
func (rt *runtime) requestOrigin(r *http.Request) string {
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if rt.opts.Advanced.TrustedProxyHeaders {
		// Repeated headers join as in fetch's Headers.get, and so fail.
		proto := strings.Join(r.Header.Values("X-Forwarded-Proto"), ", ")
		fwdHost := strings.Join(r.Header.Values("X-Forwarded-Host"), ", ")
		if proto == "http" || proto == "https" {
			scheme = proto
			if validProxyHost(fwdHost) {
				host = fwdHost
			}
		}
	}
	return scheme + "://" + host
}

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

func (rt *runtime) isTrusted(r *http.Request, origin string) bool {
	for _, p := range rt.trustedOrigins(r) {
		if matchOrigin(origin, p) {
			return true
		}
	}
	return false
}

// trustedURL is ctx.context.isTrustedOrigin(u, {allowRelativePaths: true}).
func (rt *runtime) trustedURL(r *http.Request, u string) bool {
	for _, p := range rt.trustedOrigins(r) {
		if matchOriginPattern(u, p, true) {
			return true
		}
	}
	return false
}

// checkOrigin is Rule A's Origin check (force: Rule B's check without a
// cookie).
func (rt *runtime) checkOrigin(r *http.Request, force bool) error {
	if rt.opts.Advanced.DisableCSRFCheck || rt.opts.Advanced.DisableOriginCheck {
		return nil
	}
	if !force && len(r.Header.Values("Cookie")) == 0 {
		return nil
	}
	origin := r.Header.Get("Origin")
	if origin == "null" && r.Header.Get("Sec-Fetch-Site") == "same-origin" {
		origin = rt.requestOrigin(r)
	}
	if origin == "" {
		origin = r.Header.Get("Referer")
	}
	if origin == "" || origin == "null" {
		return errMissingOrigin
	}
	if !rt.isTrusted(r, origin) {
		rt.log.Warn("better-auth: refused a request from an untrusted origin; add it to TrustedOrigins if it is yours", "origin", origin)
		return errInvalidOrigin
	}
	return nil
}

// checkFormCSRF is Rule B (sign-in and sign-up).
func (rt *runtime) checkFormCSRF(r *http.Request) error {
	if rt.opts.Advanced.DisableCSRFCheck || rt.opts.Advanced.DisableOriginCheck {
		return nil
	}
	if len(r.Header.Values("Cookie")) > 0 {
		return rt.checkOrigin(r, false)
	}
	site, mode, dest := r.Header.Get("Sec-Fetch-Site"), r.Header.Get("Sec-Fetch-Mode"), r.Header.Get("Sec-Fetch-Dest")
	if strings.TrimSpace(site) != "" || strings.TrimSpace(mode) != "" || strings.TrimSpace(dest) != "" {
		if site == "cross-site" && mode == "navigate" {
			return errCrossSiteNavigation
		}
		return rt.checkOrigin(r, true)
	}
	if r.Header.Get("Origin") != "" || r.Header.Get("Referer") != "" {
		return rt.checkOrigin(r, true)
	}
	return nil
}

// The errors of the URL checks besides errInvalidCallbackURL.
var (
	errInvalidRedirectURL        = errCode(403, "INVALID_REDIRECT_URL", "Invalid redirectURL")
	errInvalidErrorCallbackURL   = errCode(403, "INVALID_ERROR_CALLBACK_URL", "Invalid errorCallbackURL")
	errInvalidNewUserCallbackURL = errCode(403, "INVALID_NEW_USER_CALLBACK_URL", "Invalid newUserCallbackURL")
)

// checkCallbackURL is the URL half of the router-wide origin middleware,
// run on every POST: body.callbackURL (or, when that is falsy, the
// callbackURL query parameter), body.redirectTo, body.errorCallbackURL and
// body.newUserCallbackURL, in that order, each when truthy, must be a
// string (else 400) and trusted (else 403 with the field's code).
func (rt *runtime) checkCallbackURL(r *http.Request, body any) error {
	if rt.opts.Advanced.DisableOriginCheck {
		return nil
	}
	m, _ := body.(map[string]any)
	callbackURL := m["callbackURL"]
	if !truthy(callbackURL) {
		callbackURL = queryParam(r.URL.RawQuery, "callbackURL")
	}
	fields := [...]struct {
		value any
		label string
		err   error
	}{
		{callbackURL, "callbackURL", errInvalidCallbackURL},
		{m["redirectTo"], "redirectURL", errInvalidRedirectURL},
		{m["errorCallbackURL"], "errorCallbackURL", errInvalidErrorCallbackURL},
		{m["newUserCallbackURL"], "newUserCallbackURL", errInvalidNewUserCallbackURL},
	}
	for _, f := range fields {
		if !truthy(f.value) {
			continue
		}
		s, ok := f.value.(string)
		if !ok {
			return errCode(400, "", "Invalid "+f.label+": expected a string")
		}
		if !rt.trustedURL(r, s) {
			rt.log.Warn("better-auth: refused an untrusted "+f.label+"; add its origin to TrustedOrigins if it is yours", "origin", originOf(s))
			return f.err
		}
	}
	return nil
}

// queryParam is ctx.query[name] as better-call builds it from
// URLSearchParams: nil when absent, the string when once, a []string when
// repeated.
func queryParam(raw, name string) any {
	var vals []string
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if formDecode(k) == name {
			vals = append(vals, formDecode(v))
		}
	}
	switch len(vals) {
	case 0:
		return nil
	case 1:
		return vals[0]
	}
	return vals
}

// formDecode is application/x-www-form-urlencoded decoding as
// URLSearchParams does it: "+" is a space, a bad escape stays as written,
// invalid UTF-8 becomes U+FFFD.
func formDecode(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c, ok := percentByte(s, i); ok {
			b = append(b, c)
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// envTrustedOrigins reads BETTER_AUTH_TRUSTED_ORIGINS.
func envTrustedOrigins() []string {
	var out []string
	for _, s := range strings.Split(os.Getenv("BETTER_AUTH_TRUSTED_ORIGINS"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
