package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/authctl/authctl/schema"
)

// The plugin runtime: what a Better Auth plugin contributes to the server
// (its endpoints, hooks, init and databaseHooks), in Go. A plugin that runs
// in the handler implements RuntimePlugin; its Init returns a
// PluginRuntime. A configured plugin that does not implement it makes Open
// fail, naming the plugin, because serving without its rules would
// silently skip them (Options.SessionsOnly is the opt-in for deployments
// where a TypeScript server serves that plugin).

// RuntimePlugin is a Plugin whose rules the Go handler runs. Open calls Init
// once, in plugin order, after the configuration is validated and before
// the database is opened.
//
// A plugin that contributes only tables (a custom plugin whose rows your
// own code manages) declares that by returning an empty PluginRuntime.
type RuntimePlugin interface {
	Plugin
	Init(*PluginInit) (*PluginRuntime, error)
}

// PluginInit is what a plugin may read while it starts.
type PluginInit struct {
	// Options are the auth options, as given to New.
	Options Options
	// Schema is the merged schema (every table and field, renames applied).
	Schema *schema.Schema
	// Logger is the handler's logger.
	Logger *slog.Logger
	// Secret is the secret that signs cookies (Better Auth's
	// ctx.context.secret).
	Secret string
}

// HasField reports whether the merged schema's table (by key: "user",
// "session", a plugin table) has the logical field.
func (p *PluginInit) HasField(table, field string) bool {
	t := p.Schema.Table(table)
	return t != nil && (field == "id" || t.Field(field) != nil)
}

// PluginRuntime is what a plugin adds to the handler: Better Auth's
// endpoints, hooks.before / hooks.after and init().options.databaseHooks.
type PluginRuntime struct {
	// OnRequest runs, in plugin order, on every request under the base
	// path before rate limiting and routing (Better Auth's onRequest); the
	// body is not read yet. A non-nil body or an error answers the
	// request.
	OnRequest func(*Context) (json.RawMessage, error)
	// Endpoints are served under the base path. A path that another plugin
	// or the core already serves is an error at Open.
	Endpoints []Endpoint
	// Before hooks run, in plugin order, after the body is read and the
	// origin checks pass, before the endpoint (Better Auth's
	// hooks.before).
	Before []Hook
	// After hooks run, in plugin order, once the endpoint returned (or
	// failed), and may replace its result (Better Auth's hooks.after).
	After []AfterHook
	// DatabaseHooks run around the handler's writes to core tables
	// (Better Auth's databaseHooks).
	DatabaseHooks []DatabaseHook
	// RateLimits are the plugin's rate limit rules (Better Auth's
	// rateLimit); see PluginRateLimit.
	RateLimits []PluginRateLimit
	// SessionCookie may supply the request's session cookie from
	// elsewhere in its headers (the bearer plugin's Authorization
	// header): the value as the cookie would carry it, URI-decoded
	// (token "." signature), and true. In the handler it runs at the
	// plugin's place among the before hooks, first of its own, and the
	// endpoint and later hooks see that value in place of the request's
	// session cookie (as a before hook returning context.headers does in
	// Better Auth); GetSession and Middleware use it too.
	SessionCookie func(http.Header) (string, bool)
}

// Endpoint is one route a plugin serves.
type Endpoint struct {
	// Method is http.MethodGet or http.MethodPost.
	Method string
	// Path is relative to the base path: "/sign-in/username".
	Path string
	// Form also accepts application/x-www-form-urlencoded bodies (POST
	// bodies are JSON otherwise).
	Form bool
	// Handler answers the request: a JSON body written with status 200,
	// or an error (an *APIError is answered with its status and JSON;
	// any other error is logged and answered with an empty 500).
	Handler func(*Context) (json.RawMessage, error)
}

// Hook is a before hook: Match picks the requests it runs on (nil: every
// request), Handler may read and change the body, refuse the request
// (an *APIError), or answer it itself (a non-nil body, status 200).
type Hook struct {
	Match   func(*Context) bool
	Handler func(*Context) (json.RawMessage, error)
}

// AfterHook runs after the endpoint. Result holds what it returned; the
// hook may change it.
type AfterHook struct {
	Match   func(*Context) bool
	Handler func(*Context, *Result) error
}

// Result is an endpoint's outcome as after hooks see it: Err is the
// *APIError it failed with (nil on success); Body is the JSON of a
// success; Redirect is the Location of a redirect (ctx.redirect) the
// endpoint answered, which is answered unless a hook sets Err or Body.
type Result struct {
	Body     json.RawMessage
	Err      *APIError
	Redirect string
}

// Database operations a DatabaseHook can run around.
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete"
)

// DatabaseHook runs around the handler's writes to one table.
//
// On create, Before sees the row about to be inserted and may change it;
// on update, it sees the fields being set (not the whole row) and may
// change them; on delete it sees each row about to be deleted. An error
// aborts the write (and the request: an *APIError is answered with its
// status). After sees the written row (create), the fields set (update)
// or the deleted row (delete).
type DatabaseHook struct {
	// Table is the table key: "user", "session", "account".
	Table string
	// Op is OpCreate, OpUpdate or OpDelete.
	Op     string
	Before func(*Context, Record) error
	After  func(*Context, Record) error
}

// Record is a row or part of one: logical field name → value. Values are
// string, bool, int64, float64, time.Time, json.RawMessage or nil; ids are
// strings.
type Record = record

// APIError is an error answered as Better Auth's {"message","code"} JSON
// with an HTTP status. Code may be empty, as for a few of Better Auth's
// errors.
type APIError struct {
	Status  int
	Code    string
	Message string
	// Details, when set, is answered as "details" after "code" (Better
	// Auth's APIError bodies with details, as the apiKey plugin's
	// RATE_LIMITED {"tryAgainIn": ms}).
	Details json.RawMessage
	// empty answers the status with no body, as Better Auth's errors
	// without one (APIError.fromStatus("NOT_FOUND"), ctx.redirect).
	empty bool
	// raw, when set, is the body answered as is (NewAPIErrorJSON).
	raw []byte
}

func (e *APIError) Error() string { return e.Message }

// NewAPIError returns the error a hook or endpoint answers with.
func NewAPIError(status int, code, message string) *APIError {
	return &APIError{Status: status, Code: code, Message: message}
}

// NewEmptyAPIError returns an error answered with the status and no body
// (Better Auth's APIError.fromStatus(status) without a body).
func NewEmptyAPIError(status int) *APIError { return &APIError{Status: status, empty: true} }

// Where is one "field = value" condition of a query.
type Where struct {
	Field string
	Value any
	// Op compares the field with Value: "" (equal), "eq", "ne", "lt",
	// "lte", "gt" or "gte" (Better Auth's where operators). With an
	// explicit "eq" or "ne" a nil Value is IS NULL / IS NOT NULL; with
	// another operator it matches nothing.
	Op string
}

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

// plugins is the handler's view of the configured plugins' runtimes.
type pluginSet struct {
	routes    map[string]route
	onRequest []func(*Context) (json.RawMessage, error)
	before    []Hook
	after     []AfterHook
	dbHooks   map[string][]DatabaseHook // "user create" → hooks in order
	rateRules []PluginRateLimit
	// sessionCookie are the plugins' SessionCookie functions, in order.
	sessionCookie []func(http.Header) (string, bool)
	// unserved are the ids of configured plugins without a Go runtime,
	// allowed only with Options.SessionsOnly.
	unserved []string
}

// initPlugins starts every plugin's runtime. A plugin without one is an
// error naming it, unless the handler serves sessions only.
func initPlugins(ctx context.Context, a *Auth, log *slog.Logger, secret string) (*pluginSet, error) {
	ps := &pluginSet{routes: map[string]route{}, dbHooks: map[string][]DatabaseHook{}}
	in := &PluginInit{Options: a.opts, Schema: a.schema, Logger: log, Secret: secret}
	var errs []error
	for _, p := range a.opts.Plugins {
		rp, ok := p.(RuntimePlugin)
		if !ok {
			ps.unserved = append(ps.unserved, p.ID())
			continue
		}
		pr, err := rp.Init(in)
		if err != nil {
			errs = append(errs, prefixLines("plugin "+p.ID()+": ", err))
			continue
		}
		if pr == nil {
			continue
		}
		for _, e := range pr.Endpoints {
			key := e.Method + " " + e.Path
			if _, taken := routes[key]; taken {
				errs = append(errs, fmt.Errorf("plugin %s: endpoint %s is served by the core", p.ID(), key))
				continue
			}
			if _, taken := ps.routes[key]; taken {
				errs = append(errs, fmt.Errorf("plugin %s: endpoint %s is served by another plugin", p.ID(), key))
				continue
			}
			media := []string{mediaJSON}
			if e.Form {
				media = append(media, mediaForm)
			}
			h := e.Handler
			ps.routes[key] = route{media: media, serve: func(c *call) ([]byte, error) { return h(&Context{c}) }}
		}
		if pr.OnRequest != nil {
			ps.onRequest = append(ps.onRequest, pr.OnRequest)
		}
		if f := pr.SessionCookie; f != nil {
			ps.sessionCookie = append(ps.sessionCookie, f)
			ps.before = append(ps.before, Hook{Handler: func(x *Context) (json.RawMessage, error) {
				if v, ok := f(x.c.r.Header); ok {
					x.c.setSessionCookieValue(v)
				}
				return nil, nil
			}})
		}
		ps.before = append(ps.before, pr.Before...)
		ps.after = append(ps.after, pr.After...)
		ps.rateRules = append(ps.rateRules, pr.RateLimits...)
		errs = append(errs, ps.addDBHooks(a, "plugin "+p.ID(), pr.DatabaseHooks)...)
	}
	// The options' hooks run after the plugins', as Better Auth's
	// runPluginInit orders them.
	errs = append(errs, ps.addDBHooks(a, "Options.DatabaseHooks", a.opts.DatabaseHooks)...)
	if len(ps.unserved) > 0 && !a.opts.SessionsOnly {
		errs = append(errs, unservedError(ps.unserved))
	}
	_ = ctx
	return ps, errors.Join(errs...)
}

func (ps *pluginSet) addDBHooks(a *Auth, source string, hooks []DatabaseHook) []error {
	var errs []error
	for _, h := range hooks {
		switch h.Op {
		case OpCreate, OpUpdate, OpDelete:
		default:
			errs = append(errs, fmt.Errorf("%s: database hook on %q: unknown operation %q", source, h.Table, h.Op))
			continue
		}
		if a.schema.Table(h.Table) == nil {
			errs = append(errs, fmt.Errorf("%s: database hook on unknown table %q", source, h.Table))
			continue
		}
		ps.dbHooks[h.Table+" "+h.Op] = append(ps.dbHooks[h.Table+" "+h.Op], h)
	}
	return errs
}

// sessionCookieValue is the request's raw session cookie: the cookie's,
// or what the plugins' SessionCookie functions supply (the last wins).
func (ps *pluginSet) sessionCookieValue(h http.Header, name string) string {
	raw := parseCookies(h.Values("Cookie"))[name]
	for _, f := range ps.sessionCookie {
		if v, ok := f(h); ok {
			raw = v
		}
	}
	return raw
}

// setSessionCookieValue replaces the request's session cookie for the
// rest of the request; a session resolved before is resolved again.
func (c *call) setSessionCookieValue(v string) {
	c.cookie(c.rt.names.sessionToken) // parse the request's cookies first
	c.cookies[c.rt.names.sessionToken] = v
	c.sess, c.sessDone = nil, false
}

// unservedError names the plugins the Go handler cannot run and the ways
// out.
func unservedError(ids []string) error {
	what := subject("plugin", "has", ids)
	return fmt.Errorf("%s no Go runtime yet, so the handler would skip rules they impose: "+
		"remove them, or serve them from a TypeScript Better Auth server and set Options.SessionsOnly "+
		"to use this handler only to read and revoke sessions", what)
}

// Truthy reports whether a decoded JSON body value is truthy in
// JavaScript (false, 0, "" and null are not), as Better Auth's code tests
// body values.
func Truthy(v any) bool { return truthy(v) }

// JSLength is a string's length as JavaScript counts it: UTF-16 code
// units, which Better Auth's length limits use.
func JSLength(s string) int { return jsLength(s) }
