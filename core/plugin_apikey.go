package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// What plugins that keep counters in their own tables and build sessions
// from their own credentials need of the core (Better Auth's adapter
// where clauses with operators, adapter.incrementOne / deleteMany,
// ctx.context.session). Added for the apiKey plugin's runtime.

// Cond is a Where, the name the apiKey runtime's conditional writes use.
type Cond = Where

// UpdateWhere sets the fields of set and adds inc's amounts to number
// fields (field = field + n, a null counting as 0) on the rows of table
// matching every condition, in one statement, and reports how many rows
// it changed: a guarded write that concurrent requests cannot interleave
// with (Better Auth's adapter.incrementOne). Database hooks do not run,
// as they do not for Better Auth's incrementOne.
func (x *Context) UpdateWhere(table string, set Record, inc map[string]int64, where ...Where) (int64, error) {
	m, conds, err := x.c.target(table, where)
	if err != nil {
		return 0, err
	}
	if len(conds) == 0 {
		return 0, errors.New("a conditional write needs at least one condition")
	}
	return x.c.store().increment(x.c.r.Context(), m, inc, set, conds...)
}

// DeleteWhere deletes the rows of table matching every condition (Better
// Auth's adapter.deleteMany); database hooks do not run.
func (x *Context) DeleteWhere(table string, where ...Where) error {
	m, conds, err := x.c.target(table, where)
	if err != nil {
		return err
	}
	if len(conds) == 0 {
		return errors.New("a conditional write needs at least one condition")
	}
	return x.c.store().delete(x.c.r.Context(), m, conds...)
}

// SetSession makes session and user the caller's session for the rest of
// the request, as a Better Auth hook setting ctx.context.session does:
// Session, RequireSession and the core's session-protected endpoints see
// it; what reads the database again (RequireAuthoritativeSession, as
// sensitiveSessionMiddleware) does not. session holds the session fields
// (id, token, userId, expiresAt, …), user a user row.
func (x *Context) SetSession(session, user Record) {
	x.c.sess, x.c.sessDone = &sessionRows{session: session, user: user}, true
}

// ClientIP is the request's client address as the session's ipAddress
// stores it ("" when unknown or tracking is off).
func (x *Context) ClientIP() string { return x.c.rt.clientIP(x.c.r) }

// UserAgent is the request's User-Agent as the session's userAgent stores
// it.
func (x *Context) UserAgent() string { return headerText(x.c.r.Header.Get("User-Agent")) }

// SessionExpiresIn is Session.ExpiresIn, or Better Auth's default (7
// days).
func (x *Context) SessionExpiresIn() time.Duration { return x.c.rt.expiresIn }

// Call runs f with a plugin Context outside the HTTP handler: Go code
// behind the handler calling a plugin's server-side API, as auth.api.*
// calls an endpoint in Better Auth. r may be nil (a server call without
// request headers); cookies f sets are dropped. The handler is opened
// first if needed.
func (a *Auth) Call(ctx context.Context, r *http.Request, f func(*Context) error) error {
	rt, err := a.runtime(ctx)
	if err != nil {
		return err
	}
	if r == nil {
		r, err = http.NewRequestWithContext(ctx, http.MethodPost, "http://localhost/", nil)
		if err != nil {
			return err
		}
	} else {
		r = r.WithContext(ctx)
	}
	c := &call{rt: rt, r: r, w: nil, path: "", body: undefined, header: http.Header{}, now: time.Now().UTC().Truncate(time.Millisecond)}
	return f(&Context{c})
}

// FindOrdered is Find with the rows sorted by the database (ORDER BY
// orderBy, ascending unless desc), as Better Auth's adapter.findMany
// sortBy: NULL placement and text collation are the database's.
func (x *Context) FindOrdered(table, orderBy string, desc bool, where ...Where) ([]Record, error) {
	m, conds, err := x.c.target(table, where)
	if err != nil {
		return nil, err
	}
	col, ok := m.cols[orderBy]
	if !ok {
		return nil, fmt.Errorf("table %q has no field %q", table, orderBy)
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	return x.c.store().findOrdered(x.c.r.Context(), m, " ORDER BY "+col+dir, conds...)
}
