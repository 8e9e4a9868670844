package core

import (
	"strconv"
	"strings"
)

// What the oneTimeToken, multiSession, lastLoginMethod and phoneNumber
// plugins need of the core: Better Auth's setSessionCookie (which also
// records the new session), the request's cookie names, the response's
// Set-Cookie lines, unsigned cookies and internalAdapter.findSessions.

// SetSessionCookieFor is Better Auth's setSessionCookie(ctx, {session,
// user}) without dontRememberMe: the signed token cookie (a
// browser-session cookie when the request carries a valid dont_remember
// cookie), the dont_remember marker, the cookie cache when it is on; and,
// as Better Auth's setNewSession, session becomes the request's new
// session that later after hooks see (NewSession).
func (x *Context) SetSessionCookieFor(session Record) {
	token, _ := session["token"].(string)
	x.c.setSessionCookie(token, nil)
	x.c.newSession = session
}

// noteNewSession is the end of Better Auth's setSessionCookie,
// ctx.context.setNewSession(session): whatever endpoint sets a session's
// cookie (a sign-in, and also update-user, update-session or a
// get-session refresh), after hooks see that session as the new one
// (the multiSession and oneTimeToken plugins act on it). row is the
// session's row when at hand; else the request's session or the
// database's row is used.
func (c *call) noteNewSession(token string, row record) {
	if c.newSession != nil && str(c.newSession, "token") == token {
		return
	}
	switch {
	case row != nil:
		c.newSession = row
	case c.sess != nil && c.sess.token() == token:
		c.newSession = c.sess.session
	default:
		if s, _, err := c.rt.sessionAndUser(c.r.Context(), c.store(), token); err == nil && s != nil {
			c.newSession = s
		}
	}
}

// SetNewSession records session as the request's new session (Better
// Auth's ctx.context.setNewSession), as after hooks see it (NewSession).
func (x *Context) SetNewSession(session Record) { x.c.newSession = session }

// RequestCookieNames returns the names of the request's cookies in the
// order they first appear in its Cookie headers (Better Auth's
// Object.keys(Object.fromEntries(parseCookies(header)))); RequestCookie
// reads their values.
func (x *Context) RequestCookieNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, h := range x.c.r.Header.Values("Cookie") {
		for _, part := range strings.Split(h, ";") {
			eq := strings.IndexByte(part, '=')
			if eq < 0 {
				continue
			}
			n := strings.TrimSpace(part[:eq])
			if n != "" && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	return names
}

// RequestCookie returns the URI-decoded value of a request cookie, or "".
func (x *Context) RequestCookie(name string) string { return x.c.cookie(name) }

// ResponseSetCookies returns the Set-Cookie lines the response carries so
// far, in order (Better Auth's ctx.context.responseHeaders.getSetCookie()).
func (x *Context) ResponseSetCookies() []string { return append([]string(nil), x.c.jar.lines...) }

// SetCookie appends a cookie line as better-call's ctx.setCookie does: the
// value URI-encoded, with the session cookie's attributes (Domain, Path,
// Secure, SameSite) and maxAge (< 0: a browser-session cookie); httpOnly
// false leaves HttpOnly out. Earlier lines for name are kept.
func (x *Context) SetCookie(name, value string, maxAge int, httpOnly bool) {
	a := x.c.rt.attrs
	var b strings.Builder
	b.WriteString(name + "=" + encodeURIComponent(value))
	if maxAge >= 0 {
		b.WriteString("; Max-Age=" + strconv.Itoa(maxAge))
	}
	if a.domain != "" {
		b.WriteString("; Domain=" + a.domain)
	}
	b.WriteString("; Path=/")
	if httpOnly {
		b.WriteString("; HttpOnly")
	}
	if a.secure {
		b.WriteString("; Secure")
	}
	b.WriteString("; SameSite=Lax")
	x.c.jar.add(name, b.String())
}

// SessionPair is a session row and its user's row.
type SessionPair struct {
	Session, User Record
}

// FindSessions is Better Auth's internalAdapter.findSessions(tokens): the
// sessions with those tokens and their users, in the order of tokens
// (Better Auth leaves the order to the database), only unexpired ones
// when onlyActive. As Better Auth, it answers none at all when a session's
// user is missing.
func (x *Context) FindSessions(tokens []string, onlyActive bool) ([]SessionPair, error) {
	var out []SessionPair
	seen := map[string]bool{}
	for _, t := range tokens {
		if seen[t] {
			continue
		}
		seen[t] = true
		s, u, err := x.c.rt.sessionAndUser(x.c.r.Context(), x.c.store(), t)
		if err != nil {
			return nil, err
		}
		if s == nil {
			continue
		}
		if onlyActive && !tm(s, "expiresAt").After(x.c.now) {
			continue
		}
		if u == nil {
			return nil, nil
		}
		out = append(out, SessionPair{s, u})
	}
	return out, nil
}

// NewSessionData returns the SessionData of a session row and its user's
// row (as SessionByToken reads them).
func NewSessionData(session, user Record) *SessionData {
	return newSessionData(&sessionRows{session: session, user: user})
}

// UserInput is Better Auth's parseUserInput(options, body, action) over
// the additional and plugin user fields: values of the right type are
// kept, fields marked Input: false are refused (400 FIELD_NOT_ALLOWED) or
// take their default on create, and on create a required field without a
// value or default is 400 MISSING_FIELD.
func (x *Context) UserInput(body map[string]any, create bool) (Record, error) {
	return x.c.userInput(body, create)
}

// UserOf returns the User of a user row.
func UserOf(r Record) User { return userOf(r) }
