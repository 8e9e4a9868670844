package core

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
)

// What the sign-in plugins (anonymous, magicLink, emailOTP) need of the
// core: ctx.redirect from a plugin endpoint, ctx.context.baseURL, the
// form CSRF and originCheck middlewares, getSessionFromCtx with
// disableRefresh, setCookieCache, runInBackgroundOrAwait and
// `new URL(ref, baseURL)` as Node resolves it.

// Redirect is better-call's ctx.redirect(url): the endpoint answers 302
// with Location url (after hooks still run, as in Better Auth, and see it
// in Result.Redirect).
func Redirect(url string) error { return &redirectError{url: url} }

// BaseURL is ctx.context.baseURL: the configured base URL's origin (or
// the request's) followed by the base path, e.g.
// "https://example.com/api/auth".
func (x *Context) BaseURL() string { return x.c.authBaseURL() }

// CheckFormCSRF is Better Auth's formCsrfMiddleware (the sign-in
// endpoints' CSRF rule: a request with cookies needs a trusted Origin; a
// cross-site navigation is refused).
func (x *Context) CheckFormCSRF() error { return x.c.rt.checkFormCSRF(x.c.r) }

// CheckCallbackURL is originCheck((ctx) => value): a non-empty value must
// be a trusted origin or a safe relative path, else 403
// INVALID_CALLBACK_URL (whatever parameter it came from, as originCheck
// labels every value "callbackURL").
func (x *Context) CheckCallbackURL(value string) error {
	c := x.c
	if c.rt.opts.Advanced.DisableOriginCheck || value == "" {
		return nil
	}
	if !c.rt.trustedURL(c.r, value) {
		c.rt.log.Warn("better-auth: refused an untrusted callbackURL; add its origin to TrustedOrigins if it is yours", "origin", originOf(value))
		return errInvalidCallbackURL
	}
	return nil
}

// QueryParam is ctx.query[name] as better-call builds it: nil when
// absent, the string when given once, a []string when repeated.
func (x *Context) QueryParam(name string) any { return queryParam(x.c.r.URL.RawQuery, name) }

// SessionWithoutRefresh is getSessionFromCtx(ctx, {disableRefresh: true}):
// the caller's session, or nil, never refreshed (no cookie is set).
func (x *Context) SessionWithoutRefresh() (*SessionData, error) {
	c := x.c
	if !c.sessDone {
		s, err := c.resolveSession(true)
		if err == errCacheUnreadable {
			s, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
		c.sess, c.sessDone = s, true
	}
	if c.sess == nil {
		return nil, nil
	}
	return newSessionData(c.sess), nil
}

// SetCookieCache is Better Auth's setCookieCache(ctx, {session, user},
// dontRemember): with the cookie cache on, session_data is written for
// these rows; without it, nothing happens.
func (x *Context) SetCookieCache(session, user Record, dontRemember bool) {
	x.c.setCookieCache(&sessionRows{session: session, user: user}, dontRemember)
}

// DontRemember reports whether the request carries a valid signed
// dont_remember cookie (the session was created with rememberMe: false).
func (x *Context) DontRemember() bool {
	_, ok := x.c.signedCookie(x.c.rt.names.dontRemember)
	return ok
}

// Background is ctx.context.runInBackgroundOrAwait for a callback that
// already ran: its error is logged, never answered.
func (x *Context) Background(err error) { x.c.background(err) }

// ResolveURL is `new URL(ref, base).toString()`, with params set in order
// by searchParams.set (which re-serializes the query as
// application/x-www-form-urlencoded, as URLSearchParams does). It fails
// where `new URL` throws.
func ResolveURL(base, ref string, params ...[2]string) (string, error) {
	if len(params) == 0 {
		b, err := url.Parse(base)
		if err != nil {
			return "", err
		}
		r, err := url.Parse(strings.TrimSpace(ref))
		if err != nil {
			return "", err
		}
		u := b.ResolveReference(r)
		if u.Path == "" {
			u.Path = "/"
		}
		if _, ok := parseURL(u.String()); !ok {
			return "", &url.Error{Op: "parse", URL: ref, Err: errNotURL}
		}
		return u.String(), nil
	}
	out, err := resolveWithParam(base, ref, params[0][0], params[0][1])
	if err != nil {
		return "", err
	}
	for _, p := range params[1:] {
		if out, err = resolveWithParam(out, out, p[0], p[1]); err != nil {
			return "", err
		}
	}
	return out, nil
}

// errNotURL is the error of a reference `new URL` refuses.
var errNotURL = errString("invalid URL")

type errString string

func (e errString) Error() string { return string(e) }

// ValidateRecord is Validate for a body schema joined with
// `.and(z.record(z.string(), z.any()))`: a body that is not an object has
// both schemas' issues.
func (x *Context) ValidateRecord() *Validator { return &Validator{v: newValidator(x.c.body, true)} }

// Email reads a required z.email() field.
func (v *Validator) Email(key string) string { return v.v.email(key) }

// Enum reads a required z.enum(options) field.
func (v *Validator) Enum(key string, options ...string) string {
	if v.v.body == nil {
		return ""
	}
	s, ok := v.v.get(key).(string)
	if ok {
		for _, o := range options {
			if s == o {
				return s
			}
		}
	}
	quoted := make([]string, len(options))
	for i, o := range options {
		quoted[i] = `"` + o + `"`
	}
	v.v.fail(key, "Invalid option: expected one of "+strings.Join(quoted, "|"))
	return ""
}

// OptionalRecord reads an optional z.record(z.string(), z.any()) field:
// an object, or nil when absent.
func (v *Validator) OptionalRecord(key string) map[string]any {
	if v.v.body == nil {
		return nil
	}
	switch m := v.v.get(key).(type) {
	case map[string]any:
		return m
	case undefinedBody:
		return nil
	default:
		v.v.fail(key, "Invalid input: expected record, received "+jsType(m))
		return nil
	}
}

// ResponseHasCookie reports whether the response so far has a Set-Cookie
// line for the cookie (by full name), setting or expiring it.
func (x *Context) ResponseHasCookie(name string) bool {
	for _, n := range x.c.jar.names {
		if n == name {
			return true
		}
	}
	return false
}

// ReserveVerification is internalAdapter.reserveVerificationValue: a
// verification row whose id is derived from identifier (base64url of
// SHA-256 of "reserve:" + identifier), so that of concurrent callers one
// inserts it and reports true; the others find the row and report false.
// As in 1.7.5 the row is written without database hooks. With
// verification values in SecondaryStorage alone it returns
// ErrReserveNeedsDatabase.
func (x *Context) ReserveVerification(identifier, value string, expiresAt time.Time) (bool, error) {
	return x.c.reserveVerification(identifier, value, expiresAt)
}

// serverContextEntry is one key of an OAuth flow's server context.
type serverContextEntry struct {
	key   string
	value any
}

// AddOAuthServerContext is Better Auth's addOAuthServerContext: a before
// hook of a path that starts an OAuth flow (/sign-in/social) attaches
// key: value to the flow's state, which the client cannot change; the
// callback reads it with OAuthServerContext. A later value for a key
// replaces the earlier one.
func (x *Context) AddOAuthServerContext(key string, value any) {
	c := x.c
	for i := range c.oauthServer {
		if c.oauthServer[i].key == key {
			c.oauthServer[i].value = value
			return
		}
	}
	c.oauthServer = append(c.oauthServer, serverContextEntry{key, value})
}

// OAuthServerContext is getOAuthState()?.serverContext on an OAuth
// callback: what was attached when the flow started (by this server or
// by a TypeScript server sharing the database and secret), or nil.
func (x *Context) OAuthServerContext() map[string]any {
	s := x.c.oauthParsed
	if s == nil || len(s.ServerContext) == 0 {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(s.ServerContext, &m) != nil {
		return nil
	}
	return m
}

// pendingServerContext is the server context of the flow this request
// starts, as JSON in the order the keys were added, or nil.
func (c *call) pendingServerContext() json.RawMessage {
	if len(c.oauthServer) == 0 {
		return nil
	}
	b := []byte{'{'}
	for i, e := range c.oauthServer {
		if i > 0 {
			b = append(b, ',')
		}
		v, err := JSON(e.value)
		if err != nil {
			v = json.RawMessage("null")
		}
		b = append(append(append(b, stateJSONValue(e.key)...), ':'), v...)
	}
	return append(b, '}')
}
