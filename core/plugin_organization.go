package core

import "github.com/authctl/authctl/schema"

// What the organization plugin needs of the core: Better Auth's
// internalAdapter.updateSession (the session's plugin fields, such as
// activeOrganizationId) and setSessionCookie after it, so that the cookie
// cache carries the updated row.

// UpdateSession is internalAdapter.updateSession: it sets the fields of
// set (and updatedAt, as the session table's onUpdate does) on the session
// with token, running the database hooks, and returns the row as updated,
// or nil when there is no such session. When token is the caller's
// session, the request's session sees the new values too (later hooks,
// RefreshSessionCookie).
func (x *Context) UpdateSession(token string, set Record) (Record, error) {
	c := x.c
	if _, ok := set["updatedAt"]; !ok {
		set["updatedAt"] = c.now
	}
	st := c.rt.st
	if _, err := c.updateRows(st.session, set, cond{"token", token}); err != nil {
		return nil, err
	}
	row, _, err := c.rt.sessionAndUser(c.r.Context(), c.store(), token)
	if err != nil || row == nil {
		return nil, err
	}
	if c.sess != nil && c.sess.token() == token {
		c.sess = &sessionRows{session: row, user: c.sess.user}
	}
	return row, nil
}

// RefreshSessionCookie is setSessionCookie(ctx, {session, user:
// session.user}) for the caller's session after UpdateSession changed
// its row: the signed token cookie (a browser-session one when the
// request's dont_remember cookie says so) and, with the cookie cache on,
// session_data from the updated row and the user as the request read it
// (from the cookie cache, when it answered), as Better Auth's plugins
// write it. For another session it reads both rows.
func (x *Context) RefreshSessionCookie(token string) {
	c := x.c
	if c.sess == nil || c.sess.token() != token {
		c.setSessionCookie(token, nil)
		return
	}
	_, dr := c.signedCookie(c.rt.names.dontRemember)
	c.setSessionTokenCookie(token, &dr)
	if c.rt.cache().enabled {
		c.setCookieCache(&sessionRows{session: c.sess.session, user: c.sess.user}, dr)
	}
}

// ValidEmail reports whether s passes zod 4's z.email(), as Better
// Auth's email checks do.
func ValidEmail(s string) bool { return validEmail(s) }

// NewAPIErrorJSON is an error answered with the status and body as
// given, for Better Auth errors whose JSON keys come in another order
// than {"message","code"} (new APIError(status, {code, message})).
// Message is what Error() says.
func NewAPIErrorJSON(status int, code, message string, body []byte) *APIError {
	return &APIError{Status: status, Code: code, Message: message, raw: body}
}

// FieldValue converts a body value already checked against field f's
// type into what the store writes for f (numbers as int64 or float64,
// JSON and arrays as their JSON, dates parsed), as Better Auth's
// parseInputData does; a value the column cannot take is a 400
// VALIDATION_ERROR.
func FieldValue(f schema.Field, raw any) (any, error) { return inputValue(f, raw) }
