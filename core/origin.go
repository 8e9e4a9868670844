package core

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
)

// Better Auth's CSRF defence. Rule A: a POST carrying any Cookie header
// must come from a trusted Origin (or Referer). Rule B, on sign-in and
// sign-up only: without cookies, a request with fetch metadata or an
// Origin must still come from a trusted origin, and a cross-site
// navigation is refused outright. Requests with neither (curl, servers)
// pass. callbackURL values must be trusted origins or safe relative paths.

// trustedOrigins is the configured list; the request's own origin is
// added when BaseURL is not set (Better Auth then infers the base URL from
// the request).
func (rt *runtime) trustedOrigins(r *http.Request) []string {
	if rt.baseOrigin != "" {
		return rt.trusted
	}
	return append([]string{requestOrigin(r)}, rt.trusted...)
}

func requestOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// originOf reduces a URL to scheme://host[:port]; "" if it has none.
func originOf(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

// matchOrigin is Better Auth's matchesOriginPattern for the common cases:
// exact origin equality, and * / ? wildcards matched against the whole
// origin when the pattern has "://", else against the host.
func matchOrigin(origin, pattern string) bool {
	if strings.ContainsAny(pattern, "*?") {
		if strings.Contains(pattern, "://") {
			o := originOf(origin) // a Referer or callbackURL has a path
			if o == "" {
				o = strings.ToLower(origin)
			}
			return globMatch(strings.ToLower(strings.TrimSuffix(pattern, "/")), o)
		}
		u, err := url.Parse(origin)
		if err != nil {
			return false
		}
		return globMatch(strings.ToLower(pattern), strings.ToLower(u.Host))
	}
	o := originOf(pattern)
	return o != "" && o == originOf(origin)
}

// globMatch matches * (any run) and ? (one character) only.
func globMatch(pattern, s string) bool { return wildcard(pattern, s) }

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

func (rt *runtime) isTrusted(r *http.Request, origin string) bool {
	for _, p := range rt.trustedOrigins(r) {
		if matchOrigin(origin, p) {
			return true
		}
	}
	return false
}

// safeRelative accepts root-relative paths that no browser can read as
// another origin ("//evil", "/\evil", encoded slashes).
var safeRelative = regexp.MustCompile(`^/[\w\-.+/@]*(\?[\w\-.+/=&%@]*)?$`)

func (rt *runtime) trustedURL(r *http.Request, u string) bool {
	if strings.HasPrefix(u, "/") {
		p := strings.ToLower(u)
		return safeRelative.MatchString(u) && !strings.HasPrefix(u, "//") &&
			!strings.Contains(strings.SplitN(p, "?", 2)[0], "%2f") && !strings.Contains(strings.SplitN(p, "?", 2)[0], "%5c")
	}
	return rt.isTrusted(r, u)
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
		origin = requestOrigin(r)
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

// checkCallbackURL validates body.callbackURL as the router-wide origin
// middleware does; other URL fields do not occur on these routes.
func (rt *runtime) checkCallbackURL(r *http.Request, body any) error {
	if rt.opts.Advanced.DisableOriginCheck {
		return nil
	}
	m, ok := body.(map[string]any)
	if !ok {
		return nil
	}
	v, ok := m["callbackURL"]
	if !ok || v == nil || v == false || v == "" {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		return errCode(400, "", "Invalid callbackURL: expected a string")
	}
	if !rt.trustedURL(r, s) {
		return errInvalidCallbackURL
	}
	return nil
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
