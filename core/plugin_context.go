package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Context is one request being served, as a plugin sees it (Better
// Auth's endpoint and hook context).
type Context struct{ c *call }

// Request returns the HTTP request.
func (x *Context) Request() *http.Request { return x.c.r }

// Path returns the request path relative to the base path.
func (x *Context) Path() string { return x.c.path }

// Now returns the time of the request (milliseconds, UTC), the time every
// row the request writes carries.
func (x *Context) Now() time.Time { return x.c.now }

// Logger returns the handler's logger. Never log request values that may
// be personal data or secrets.
func (x *Context) Logger() *slog.Logger { return x.c.rt.log }

// Body returns the JSON or form body when it is an object, else nil.
// Before hooks may change it; the endpoint sees the change.
func (x *Context) Body() map[string]any {
	b, _ := x.c.body.(map[string]any)
	return b
}

// Validate starts zod-style validation of the body, which must be an
// object; see Validator.
func (x *Context) Validate() *Validator { return &Validator{v: newValidator(x.c.body, false)} }

// Session returns the caller's session, or nil: the signed session cookie
// resolved once per request (a refresh happens at most once).
func (x *Context) Session() (*SessionData, error) {
	s, err := x.c.session()
	if err != nil || s == nil {
		return nil, err
	}
	return newSessionData(s), nil
}

// RequireSession is Session answering 401 UNAUTHORIZED without one.
func (x *Context) RequireSession() (*SessionData, error) {
	s, err := x.c.requireSession()
	if err != nil {
		return nil, err
	}
	return newSessionData(s), nil
}

// RequireAuthoritativeSession is RequireSession for what Better Auth
// guards with sensitiveSessionMiddleware: the session is read from the
// database, never from the cookie cache (Session.CookieCache).
func (x *Context) RequireAuthoritativeSession() (*SessionData, error) {
	s, err := x.c.requireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	return newSessionData(s), nil
}

// FindOne returns the first row of table (by key) matching every
// condition, or nil.
func (x *Context) FindOne(table string, where ...Where) (Record, error) {
	m, conds, err := x.c.target(table, where)
	if err != nil {
		return nil, err
	}
	if rows, ok, err := x.c.kvFind(m, conds); ok { // secondary_sessions.go
		if err != nil || len(rows) == 0 {
			return nil, err
		}
		return rows[0], nil
	}
	return x.c.store().findOne(x.c.r.Context(), m, conds...)
}

// Find returns the rows of table matching every condition.
func (x *Context) Find(table string, where ...Where) ([]Record, error) {
	m, conds, err := x.c.target(table, where)
	if err != nil {
		return nil, err
	}
	if rows, ok, err := x.c.kvFind(m, conds); ok { // secondary_sessions.go
		return rows, err
	}
	return x.c.store().find(x.c.r.Context(), m, conds...)
}

// Create inserts r into table, running the database hooks, and returns
// the row as written (with its id).
func (x *Context) Create(table string, r Record) (Record, error) {
	m, _, err := x.c.target(table, nil)
	if err != nil {
		return nil, err
	}
	return x.c.insertRow(m, r)
}

// Update sets the fields of set on the rows of table matching every
// condition, running the database hooks, and reports how many matched.
func (x *Context) Update(table string, set Record, where ...Where) (int64, error) {
	m, conds, err := x.c.target(table, where)
	if err != nil {
		return 0, err
	}
	return x.c.updateRows(m, set, conds...)
}

// Delete deletes the rows of table matching every condition, running the
// database hooks.
func (x *Context) Delete(table string, where ...Where) error {
	m, conds, err := x.c.target(table, where)
	if err != nil {
		return err
	}
	return x.c.deleteRows(m, conds...)
}

// SignIn ends a sign-in whose credentials were checked: Better Auth's
// rule that a required email verification is met, a new session (its
// database hooks run), the session cookie, and the answer
// {"redirect","token","url","user"}.
func (x *Context) SignIn(user Record, o SignIn) (json.RawMessage, error) {
	return x.c.finishSignIn(user, o.CallbackURL, o.CallbackGiven, o.DontRemember)
}

// SignIn are the choices of Context.SignIn.
type SignIn struct {
	// CallbackURL is the body's callbackURL; CallbackGiven says it was
	// present (even as ""), so that it is echoed as "url".
	CallbackURL   string
	CallbackGiven bool
	// DontRemember is rememberMe: false (a browser-session cookie and a
	// one-day session).
	DontRemember bool
}

// NewSession returns the session row this request created, or nil.
func (x *Context) NewSession() Record { return x.c.newSession }

// DeleteSessionCookie expires the session cookies in the response.
func (x *Context) DeleteSessionCookie() { x.c.deleteSessionCookie() }

// CreateSession inserts a session for userID as Better Auth's
// internalAdapter.createSession does (its database hooks run): a
// dontRemember session lasts one day; fields override the defaults
// (expiresAt, a plugin's session fields). It returns the row written.
func (x *Context) CreateSession(userID string, fields Record, dontRemember bool) (Record, error) {
	if _, err := x.c.createSessionWith(userID, dontRemember, fields); err != nil {
		return nil, err
	}
	return x.c.newSession, nil
}

// SetSessionCookie is Better Auth's setSessionCookie: the signed session
// token (a browser-session cookie when dontRemember), the dont_remember
// marker, and the cookie cache when it is on.
//
// Its lines are appended after the response's earlier ones, even for the
// same cookies, as better-call's setCookie appends (impersonate-user
// expires the session cookies, then sets them).
func (x *Context) SetSessionCookie(token string, dontRemember bool) {
	saved := x.c.jar
	x.c.jar = cookieJar{}
	x.c.setSessionCookie(token, &dontRemember)
	added := x.c.jar
	x.c.jar = saved
	for i, l := range added.lines {
		x.c.jar.add(added.names[i], l)
	}
}

// SessionMaxAge is the session cookie's Max-Age in seconds: the
// session's expiresIn.
func (x *Context) SessionMaxAge() int { return int(x.c.rt.expiresIn / time.Second) }

// SessionByToken returns the session with token and its user (Better
// Auth's internalAdapter.findSession: SecondaryStorage first when it holds
// sessions), or nil.
func (x *Context) SessionByToken(token string) (session, user Record, err error) {
	return x.c.rt.sessionAndUser(x.c.r.Context(), x.c.store(), token)
}

// CreateUser inserts a user as Better Auth's internalAdapter.createUser
// does: extra's fields over name, email (lowercased by the caller),
// emailVerified false, the times and every other field's default; the
// database hooks run. It returns the row written.
func (x *Context) CreateUser(name, email string, extra Record) (Record, error) {
	u := x.c.newUserRecord(name, email, "", false, extra)
	return x.c.insertRow(x.c.store().user, u)
}

// CreateCredentialAccount links a credential account holding the password
// hash to userID (Better Auth's linkAccount / createAccount).
func (x *Context) CreateCredentialAccount(userID, hash string) error {
	_, err := x.c.insertRow(x.c.store().account, x.c.credentialAccount(userID, hash))
	return err
}

// PasswordLengths are the configured minimum and maximum password
// lengths (emailAndPassword.minPasswordLength / maxPasswordLength).
func (x *Context) PasswordLengths() (lo, hi int) { return x.c.rt.minPassword, x.c.rt.maxPassword }

// SetHeader sets a response header.
func (x *Context) SetHeader(name, value string) { x.c.header.Set(name, value) }

// ResponseHeader returns a response header set so far (SetHeader or the
// endpoint), or "".
func (x *Context) ResponseHeader(name string) string { return x.c.header.Get(name) }

// ResponseSessionCookie returns the session cookie's value (URI-decoded:
// token "." signature) when the response sets it, and not to expire it
// (Max-Age=0) or to "".
func (x *Context) ResponseSessionCookie() (string, bool) {
	return x.c.jar.value(x.c.rt.names.sessionToken)
}

// Row returns a row of table as Better Auth returns it in JSON: fields in
// schema order (without those marked Returned: false), then "id".
func (x *Context) Row(table string, r Record) (json.RawMessage, error) {
	m, _, err := x.c.target(table, nil)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(jsonBuf(nil).object(m, r)), nil
}

// JSON marshals v as JavaScript's JSON.stringify would (no HTML escaping).
func JSON(v any) (json.RawMessage, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return json.RawMessage(strings.TrimSuffix(b.String(), "\n")), nil
}

// target resolves a table key and conditions for the store.
func (c *call) target(table string, where []Where) (*model, []cond, error) {
	m := c.rt.st.models[table]
	if m == nil {
		return nil, nil, fmt.Errorf("the schema has no %q table", table)
	}
	if table == "verification" && c.rt.verificationsInKV() {
		return nil, nil, errors.New("verification values are kept in SecondaryStorage alone: use Context's CreateVerification, FindVerification, ConsumeVerification, UpdateVerification and DeleteVerification")
	}
	conds := make([]cond, len(where))
	for i, w := range where {
		if w.Field != "id" && m.t.Field(w.Field) == nil {
			return nil, nil, fmt.Errorf("table %q has no field %q", table, w.Field)
		}
		conds[i] = cond{w.Field, w.Value}
		if w.Op != "" {
			op, ok := sqlOps[w.Op]
			if !ok {
				return nil, nil, fmt.Errorf("unknown where operator %q", w.Op)
			}
			conds[i].value = compare{op, w.Value}
		}
	}
	return m, conds, nil
}

// Validator checks body fields as Better Auth's zod schemas do and
// collects every problem into one 400 VALIDATION_ERROR.
type Validator struct{ v *validator }

// String reads a required string field.
func (v *Validator) String(key string) string { return v.v.str(key, false) }

// OptionalString reads a string field that may be absent.
func (v *Validator) OptionalString(key string) string { return v.v.str(key, true) }

// Bool reads an optional boolean and reports whether it was given.
func (v *Validator) Bool(key string) (value, given bool) { return v.v.boolean(key) }

// Issue adds a problem with the body field key ("[body.key] msg"), or
// with the whole body when key is "" ("[body] msg").
func (v *Validator) Issue(key, msg string) {
	if key == "" {
		v.v.issues = append(v.v.issues, "[body] "+msg)
		return
	}
	v.v.fail(key, msg)
}

// IsObject reports whether the body is an object (else the validator
// already holds zod's issue for it).
func (v *Validator) IsObject() bool { return v.v.body != nil }

// Err returns the validation error, or nil.
func (v *Validator) Err() error { return v.v.err() }
