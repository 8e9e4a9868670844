package core

import (
	"net/http"
	"os"
	"strings"
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
