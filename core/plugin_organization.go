package core

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
	row, err := c.store().findOne(c.r.Context(), st.session, cond{"token", token})
	if err != nil || row == nil {
		return nil, err
	}
	if c.sess != nil && c.sess.token() == token {
		c.sess = &sessionRows{session: row, user: c.sess.user}
	}
	return row, nil
}

// RefreshSessionCookie is setSessionCookie(ctx, {session, user}) for the
// session with token after its row changed: the signed token cookie
// (a browser-session one when the request's dont_remember cookie says so)
// and, with the cookie cache on, session_data from the row as it is now.
func (x *Context) RefreshSessionCookie(token string) { x.c.setSessionCookie(token, nil) }

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
