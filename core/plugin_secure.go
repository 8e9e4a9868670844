package core

import (
	"strings"
	"time"
)

// What plugins with second factors and signed cookies need of the core
// (Better Auth's ctx.context.secretConfig, secret, createAuthCookie,
// get/setSignedCookie, internalAdapter verification values and
// createSession). Added for the twoFactor plugin's runtime.

// PluginRateLimit is a plugin's rate limit (Better Auth's plugin
// rateLimit): it replaces the default and special rules for the paths it
// matches; Options.RateLimit.CustomRules still win. Of one plugin's rules
// the first match applies; of several plugins', the first plugin's.
type PluginRateLimit struct {
	Match  func(path string) bool
	Window time.Duration
	Max    int
}

// pluginRateRule returns the first plugin rule matching path.
func (rt *runtime) pluginRateRule(path string) (rateRule, bool) {
	if rt.plugins == nil {
		return rateRule{}, false
	}
	for _, r := range rt.plugins.rateRules {
		if r.Match(path) {
			return rateRule{r.Window, r.Max}, true
		}
	}
	return rateRule{}, false
}

// AppName is Options.AppName, or Better Auth's default "Better Auth".
func (p *PluginInit) AppName() string {
	if p.Options.AppName != "" {
		return p.Options.AppName
	}
	return "Better Auth"
}

// Encrypt is Better Auth's symmetricEncrypt with the server's secrets
// (ctx.context.secretConfig): what it writes, a TypeScript server with
// the same secrets decrypts, and the reverse.
func (x *Context) Encrypt(data string) (string, error) { return x.c.rt.keys.encrypt(data) }

// Decrypt is Better Auth's symmetricDecrypt with the server's secrets.
func (x *Context) Decrypt(data string) (string, error) { return x.c.rt.keys.decrypt(data) }

// SecretHMAC is createHMAC("SHA-256", "base64urlnopad").sign(secret, data)
// with the server's secret.
func (x *Context) SecretHMAC(data string) string { return hmacB64(x.c.rt.secret, []byte(data)) }

// CookieName is Better Auth's createAuthCookie(name).name: the cookie
// prefix ("better-auth" unless Advanced.CookiePrefix), with "__Secure-"
// on secure cookies.
func (x *Context) CookieName(name string) string {
	return strings.TrimSuffix(x.c.rt.names.sessionToken, "session_token") + name
}

// SignedCookie returns the verified value of a signed request cookie (by
// full name), as ctx.getSignedCookie.
func (x *Context) SignedCookie(name string) (string, bool) { return x.c.signedCookie(name) }

// SetSignedCookie sets a signed cookie (by full name) with the auth
// cookies' attributes, as ctx.setSignedCookie; maxAge < 0 makes it a
// browser-session cookie.
func (x *Context) SetSignedCookie(name, value string, maxAge int) {
	x.c.jar.set(name, x.c.rt.attrs.header(name, encodeURIComponent(sign(x.c.rt.secret, value)), maxAge))
}

// ExpireCookie expires a cookie (by full name), as Better Auth's
// expireCookie.
func (x *Context) ExpireCookie(name string) { x.c.expireCookie(name) }

// CreateVerification is internalAdapter.createVerificationValue.
func (x *Context) CreateVerification(identifier, value string, expiresAt time.Time) error {
	return x.c.createVerification(identifier, value, expiresAt)
}

// FindVerification is internalAdapter.findVerificationValue: the newest
// row with identifier (expired rows are deleted first), or nil.
func (x *Context) FindVerification(identifier string) (Record, error) {
	return x.c.findVerification(identifier)
}

// ConsumeVerification is internalAdapter.consumeVerificationValue: the
// newest unexpired row with identifier, deleted with every other row of
// it, or nil; of concurrent consumers one gets it.
func (x *Context) ConsumeVerification(identifier string) (Record, error) {
	return x.c.consumeVerification(identifier)
}

// DeleteVerification is internalAdapter.deleteVerificationByIdentifier.
func (x *Context) DeleteVerification(identifier string) error {
	return x.c.deleteVerification(identifier)
}

// UpdateVerification is internalAdapter.updateVerificationByIdentifier:
// set on the values with identifier (updatedAt too, in the table).
func (x *Context) UpdateVerification(identifier string, set Record) error {
	return x.c.updateVerification(identifier, record(set))
}

// StartSession creates a session for userID (a one-day one when
// dontRemember) and sets the session cookies, as createSession then
// setSessionCookie. It returns the token.
func (x *Context) StartSession(userID string, dontRemember bool) (string, error) {
	token, err := x.c.createSession(userID, dontRemember)
	if err != nil {
		return "", err
	}
	x.c.setSessionCookie(token, &dontRemember)
	return token, nil
}

// RotateSession replaces the caller's session after a change to its user,
// as Better Auth's plugins do: createSession(userId, false, session) (the
// new row keeps the old one's ipAddress, userAgent and additional fields),
// setSessionCookie, then deleteSession of the old token. It returns the
// new token.
func (x *Context) RotateSession(old *SessionData) (string, error) {
	c := x.c
	token, err := randomString(32)
	if err != nil {
		return "", err
	}
	s := record{"ipAddress": c.rt.clientIP(c.r), "userAgent": headerText(c.r.Header.Get("User-Agent"))}
	for k, v := range old.Session.Fields {
		if k != "id" {
			s[k] = v
		}
	}
	s["expiresAt"] = c.now.Add(c.rt.expiresIn)
	s["userId"] = old.User.ID
	s["token"] = token
	s["createdAt"] = c.now
	s["updatedAt"] = c.now
	for _, f := range c.store().session.fields {
		if _, ok := s[f.Name]; !ok {
			s[f.Name] = staticDefault(f, c)
		}
	}
	if _, err := c.insertRow(c.store().session, s); err != nil {
		return "", err
	}
	c.newSession = s
	c.setSessionCookie(token, nil)
	if err := c.deleteRows(c.store().session, cond{"token", old.Session.Token}); err != nil {
		return "", err
	}
	return token, nil
}

// DeleteSession deletes the session with token (internalAdapter.deleteSession).
func (x *Context) DeleteSession(token string) error {
	return x.c.deleteRows(x.c.store().session, cond{"token", token})
}

// ClearNewSession is ctx.context.setNewSession(null): later hooks see no
// new session.
func (x *Context) ClearNewSession() { x.c.newSession = nil }

// DeleteSessionCookieKeepDontRemember is deleteSessionCookie(ctx, true):
// the session cookies expired, the dont_remember cookie kept (a sign-in
// paused for a second factor remembers rememberMe: false).
func (x *Context) DeleteSessionCookieKeepDontRemember() {
	c := x.c
	n := c.rt.names.sessionToken
	c.jar.set(n, c.rt.attrs.header(n, "", 0))
	c.expireCookie(c.rt.names.sessionData)
	c.cleanCookieCache()
}
