package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// What plugins that keep counters in their own tables and build sessions
// from their own credentials need of the core (Better Auth's adapter
// where clauses with operators, adapter.incrementOne / deleteMany,
// ctx.context.session). Added for the apiKey plugin's runtime.

// Cond is one condition of UpdateWhere and DeleteWhere: Field Op Value,
// with Better Auth's operator names "eq", "ne", "lt", "lte", "gt", "gte".
// A nil Value with "eq" is IS NULL, with "ne" IS NOT NULL.
type Cond struct {
	Field string
	Op    string
	Value any
}

var condOps = map[string]string{"eq": "=", "ne": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

// whereOps builds the WHERE clause of conds for m.
func (st *store) whereOps(m *model, conds []Cond, args []any) (string, []any, error) {
	parts := make([]string, 0, len(conds))
	for _, c := range conds {
		op, ok := condOps[c.Op]
		if !ok {
			return "", nil, fmt.Errorf("unknown operator %q", c.Op)
		}
		col, ok := m.cols[c.Field]
		if !ok {
			return "", nil, fmt.Errorf("table %q has no field %q", m.t.Name(), c.Field)
		}
		if c.Value == nil {
			switch c.Op {
			case "eq":
				parts = append(parts, col+" IS NULL")
			case "ne":
				parts = append(parts, col+" IS NOT NULL")
			default:
				parts = append(parts, "1 = 0") // SQL: a comparison with NULL is never true
			}
			continue
		}
		f := idField
		if c.Field != "id" {
			f = *m.t.Field(c.Field)
		}
		v, err := st.encode(f, c.Value)
		if err != nil {
			return "", nil, err
		}
		args = append(args, v)
		parts = append(parts, col+" "+op+" "+st.ph(len(args)))
	}
	if len(parts) == 0 {
		return "", nil, errors.New("a conditional write needs at least one condition")
	}
	return " WHERE " + strings.Join(parts, " AND "), args, nil
}

// UpdateWhere sets the fields of set and adds inc's amounts to number
// fields (field = field + n) on the rows of table matching every
// condition, in one statement, and reports how many rows it changed: a
// guarded write that concurrent requests cannot interleave with (Better
// Auth's adapter.incrementOne). Database hooks do not run, as they do not
// for Better Auth's adapter.
func (x *Context) UpdateWhere(table string, set Record, inc map[string]int64, conds ...Cond) (int64, error) {
	m := x.c.rt.st.models[table]
	if m == nil {
		return 0, fmt.Errorf("the schema has no %q table", table)
	}
	st := x.c.store()
	var parts []string
	var args []any
	for _, f := range m.fields {
		if n, ok := inc[f.Name]; ok {
			args = append(args, n)
			parts = append(parts, m.cols[f.Name]+" = "+m.cols[f.Name]+" + "+st.ph(len(args)))
			continue
		}
		v, ok := set[f.Name]
		if !ok {
			continue
		}
		a, err := st.encode(f, v)
		if err != nil {
			return 0, err
		}
		args = append(args, a)
		parts = append(parts, m.cols[f.Name]+" = "+st.ph(len(args)))
	}
	if len(parts) == 0 {
		return 0, errors.New("UpdateWhere: nothing to set")
	}
	w, args, err := st.whereOps(m, conds, args)
	if err != nil {
		return 0, err
	}
	res, err := st.db.ExecContext(x.c.r.Context(), "UPDATE "+m.name+" SET "+strings.Join(parts, ", ")+w, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteWhere deletes the rows of table matching every condition (Better
// Auth's adapter.deleteMany); database hooks do not run.
func (x *Context) DeleteWhere(table string, conds ...Cond) error {
	m := x.c.rt.st.models[table]
	if m == nil {
		return fmt.Errorf("the schema has no %q table", table)
	}
	st := x.c.store()
	w, args, err := st.whereOps(m, conds, nil)
	if err != nil {
		return err
	}
	_, err = st.db.ExecContext(x.c.r.Context(), "DELETE FROM "+m.name+w, args...)
	return err
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
	st := x.c.store()
	var w string
	var args []any
	if len(conds) > 0 {
		w, args, err = st.where(m, conds, nil)
		if errors.Is(err, errNoRow) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	rows, err := st.db.QueryContext(x.c.r.Context(), "SELECT "+m.list+" FROM "+m.name+w+" ORDER BY "+col+dir, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		vals := scanTargets(len(m.fields) + 1)
		if err := rows.Scan(vals...); err != nil {
			return nil, err
		}
		r, err := scanRecord(m, vals)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
