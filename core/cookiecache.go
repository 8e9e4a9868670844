package core

import "time"

// CookieCache is Better Auth's session.cookieCache: the session and user
// kept in the session_data cookie, so get-session reads no row until it
// expires.
type CookieCache struct {
	Enabled bool
	// MaxAge defaults to 5 minutes.
	MaxAge time.Duration
	// Strategy is "compact" (the default), "jwt" or "jwe", as in Better
	// Auth; either server reads the other's cookie.
	Strategy string
	// Version invalidates caches of another version; default "1".
	Version string
}

// unservedCookieCache lists the cookie-cache options the handler does not
// serve yet.
func unservedCookieCache(o Options) []string {
	c := o.Session.CookieCache
	return set(nil, c.Enabled || c.MaxAge != 0 || c.Strategy != "" || c.Version != "", "Session.CookieCache")
}
