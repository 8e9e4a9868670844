package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

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
	// Schema is the merged schema (every table and field, renames applied),
	// with the session and verification tables also when SecondaryStorage
	// alone holds their rows.
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
func initPlugins(ctx context.Context, a *Auth, sch *schema.Schema, log *slog.Logger, secret string) (*pluginSet, error) {
	ps := &pluginSet{routes: map[string]route{}, dbHooks: map[string][]DatabaseHook{}}
	in := &PluginInit{Options: a.opts, Schema: sch, Logger: log, Secret: secret}
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
		errs = append(errs, ps.addDBHooks(sch, "plugin "+p.ID(), pr.DatabaseHooks)...)
	}
	// The options' hooks run after the plugins', as Better Auth's
	// runPluginInit orders them.
	errs = append(errs, ps.addDBHooks(sch, "Options.DatabaseHooks", a.opts.DatabaseHooks)...)
	if len(ps.unserved) > 0 && !a.opts.SessionsOnly {
		errs = append(errs, unservedError(ps.unserved))
	}
	_ = ctx
	return ps, errors.Join(errs...)
}

func (ps *pluginSet) addDBHooks(sch *schema.Schema, source string, hooks []DatabaseHook) []error {
	var errs []error
	for _, h := range hooks {
		switch h.Op {
		case OpCreate, OpUpdate, OpDelete:
		default:
			errs = append(errs, fmt.Errorf("%s: database hook on %q: unknown operation %q", source, h.Table, h.Op))
			continue
		}
		if sch.Table(h.Table) == nil {
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
