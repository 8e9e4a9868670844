package core

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// The store reads and writes the auth tables through database/sql, driven
// by the merged schema: physical table and column names, additional and
// plugin fields and the id strategy all come from Auth.Schema(), so a
// renamed table or column needs no code. Every value travels as a
// placeholder argument; identifiers are quoted.
//
// Values are stored as Better Auth stores them, so both servers can share a
// database: on SQLite dates are ISO-8601 text with milliseconds and "Z"
// and booleans are 0/1; PostgreSQL and MySQL use native types. JSON and
// array fields are JSON text.

// record is one row: logical field name → value. Values are string, bool,
// int64, float64, time.Time, json.RawMessage or nil; "id" and fields
// referencing an id are always strings (Better Auth returns serial ids as
// strings too).
type record map[string]any

// model is one table of the schema, resolved for SQL.
type model struct {
	t      *schema.Table
	name   string            // quoted, schema-qualified table name
	cols   map[string]string // logical field → quoted column
	fields []schema.Field    // in schema order
	list   string            // quoted id + columns, in order, for SELECT
	// virtual: the table exists only as a shape (sessions kept in
	// SecondaryStorage alone) and is never queried.
	virtual bool
}

type store struct {
	db   querier
	pool *sql.DB // db outside a transaction
	eng  *engine.Engine
	ids  schema.IDStrategy
	s    *schema.Schema

	user, session, account, rateLimit *model
	// models holds every table of the schema by key, for plugins.
	models map[string]*model

	// Prebuilt statements of the hot path.
	qSessionUser string
}

func newStore(db *sql.DB, eng *engine.Engine, pgSchema string, s *schema.Schema) (*store, error) {
	st := &store{db: db, pool: db, eng: eng, ids: s.IDs, s: s, models: map[string]*model{}}
	for _, t := range s.Tables {
		st.models[t.Key] = st.newModel(t, pgSchema)
	}
	var err error
	get := func(key string, required bool) *model {
		t := s.Table(key)
		if t == nil {
			if required && err == nil {
				err = fmt.Errorf("the schema has no %s table", key)
			}
			return nil
		}
		return st.models[key]
	}
	st.user = get("user", true)
	st.session = get("session", true)
	st.account = get("account", true)
	st.rateLimit = get("rateLimit", false)
	if err != nil {
		return nil, err
	}
	st.qSessionUser = "SELECT " + st.columns(st.session, "s") + ", " + st.columns(st.user, "u") +
		" FROM " + st.session.name + " s JOIN " + st.user.name + " u ON u." + st.user.cols["id"] + " = s." + st.session.cols["userId"] +
		" WHERE s." + st.session.cols["token"] + " = " + st.ph(1)
	return st, nil
}

// querier is what the store runs statements on: the pool, or one
// transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn on a copy of the store bound to one transaction, committed
// when fn succeeds and rolled back otherwise, so that rows written together
// (a sign-up's user, account and session) exist together or not at all.
// Inside a transaction it simply runs fn.
func (st *store) inTx(ctx context.Context, fn func(*store) error) (err error) {
	if st.db != querier(st.pool) {
		return fn(st)
	}
	tx, err := st.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	cp := *st
	cp.db = tx
	if err = fn(&cp); err != nil {
		return err
	}
	return tx.Commit()
}

func (st *store) quote(id string) string { return st.eng.Quote(id) }

// ph is the i-th (1-based) placeholder.
func (st *store) ph(i int) string { return st.eng.Placeholder(i) }

func (st *store) newModel(t *schema.Table, pgSchema string) *model {
	m := &model{t: t, name: st.quote(t.Name()), cols: map[string]string{"id": st.quote("id")}, fields: t.Fields}
	if pgSchema != "" {
		m.name = st.quote(pgSchema) + "." + m.name
	}
	list := []string{m.cols["id"]}
	for _, f := range t.Fields {
		m.cols[f.Name] = st.quote(f.ColumnName())
		list = append(list, m.cols[f.Name])
	}
	m.list = strings.Join(list, ", ")
	return m
}

// columns lists m's columns qualified by alias, id first.
func (st *store) columns(m *model, alias string) string {
	parts := []string{alias + "." + m.cols["id"]}
	for _, f := range m.fields {
		parts = append(parts, alias+"."+m.cols[f.Name])
	}
	return strings.Join(parts, ", ")
}

// newID returns a fresh id for an insert, or nil when the database makes
// it (serial ids).
func (st *store) newID() (any, error) {
	switch st.ids {
	case schema.IDSerial:
		return nil, nil
	case schema.IDUUID:
		return newUUID()
	}
	return randomString(32)
}

// insert writes r (logical names) into m and returns the row's id.
func (st *store) insert(ctx context.Context, m *model, r record) (string, error) {
	var cols, phs []string
	var args []any
	id, err := st.newID()
	if err != nil {
		return "", err
	}
	if id != nil {
		cols, phs, args = append(cols, m.cols["id"]), append(phs, st.ph(1)), append(args, id)
	}
	for _, f := range m.fields {
		v, ok := r[f.Name]
		if !ok {
			continue
		}
		a, err := st.encode(f, v)
		if err != nil {
			return "", err
		}
		args = append(args, a)
		cols, phs = append(cols, m.cols[f.Name]), append(phs, st.ph(len(args)))
	}
	q := "INSERT INTO " + m.name + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(phs, ", ") + ")"
	if id != nil {
		_, err := st.db.ExecContext(ctx, q, args...)
		return fmt.Sprint(id), err
	}
	if !st.eng.InsertReturning() {
		res, err := st.db.ExecContext(ctx, q, args...)
		if err != nil {
			return "", err
		}
		n, err := res.LastInsertId()
		return strconv.FormatInt(n, 10), err
	}
	var got any
	if err := st.db.QueryRowContext(ctx, q+" RETURNING "+m.cols["id"], args...).Scan(&got); err != nil {
		return "", err
	}
	return decodeID(got), nil
}

// cond is "field = value" on a model, or another comparison when value
// is a compare.
type cond struct {
	field string
	value any
}

func (st *store) where(m *model, conds []cond, args []any) (string, []any, error) {
	var parts []string
	for _, c := range conds {
		f := idField
		if c.field != "id" {
			f = *m.t.Field(c.field)
		} else if st.ids == schema.IDSerial {
			f = schema.Field{Name: "id", References: &schema.Reference{Field: "id"}}
		}
		cmp, ok := c.value.(compare)
		if !ok {
			cmp = compare{"=", c.value}
		} else if cmp.value == nil {
			parts = append(parts, compareSQL(m.cols[c.field], cmp.op, true, nil))
			continue
		}
		v, err := st.encode(f, cmp.value)
		if err != nil {
			return "", nil, err
		}
		args = append(args, v)
		parts = append(parts, compareSQL(m.cols[c.field], cmp.op, false, func() string { return st.ph(len(args)) }))
	}
	return " WHERE " + strings.Join(parts, " AND "), args, nil
}

// find returns the rows of m matching every cond (all rows without one).
func (st *store) find(ctx context.Context, m *model, conds ...cond) ([]record, error) {
	return st.findOrdered(ctx, m, "", conds...)
}

// findOrdered is find with an ORDER BY clause ("" for none).
func (st *store) findOrdered(ctx context.Context, m *model, order string, conds ...cond) ([]record, error) {
	var w string
	var args []any
	var err error
	if len(conds) > 0 { // none: every row (update and delete always have some)
		w, args, err = st.where(m, conds, nil)
	}
	if errors.Is(err, errNoRow) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := st.db.QueryContext(ctx, "SELECT "+m.list+" FROM "+m.name+w+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record
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

func (st *store) findOne(ctx context.Context, m *model, conds ...cond) (record, error) {
	rs, err := st.find(ctx, m, conds...)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return rs[0], nil
}

// update sets the fields of set on the rows matching conds and reports
// how many matched.
func (st *store) update(ctx context.Context, m *model, set record, conds ...cond) (int64, error) {
	var parts []string
	var args []any
	for _, f := range m.fields {
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
	w, args, err := st.where(m, conds, args)
	if errors.Is(err, errNoRow) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	res, err := st.db.ExecContext(ctx, "UPDATE "+m.name+" SET "+strings.Join(parts, ", ")+w, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (st *store) delete(ctx context.Context, m *model, conds ...cond) error {
	w, args, err := st.where(m, conds, nil)
	if errors.Is(err, errNoRow) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = st.db.ExecContext(ctx, "DELETE FROM "+m.name+w, args...)
	return err
}

// sessionAndUser reads the session with token and its user in one query.
func (st *store) sessionAndUser(ctx context.Context, token string) (session, user record, err error) {
	ns, nu := len(st.session.fields)+1, len(st.user.fields)+1
	vals := scanTargets(ns + nu)
	err = st.db.QueryRowContext(ctx, st.qSessionUser, token).Scan(vals...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if session, err = scanRecord(st.session, vals[:ns]); err != nil {
		return nil, nil, err
	}
	user, err = scanRecord(st.user, vals[ns:])
	return session, user, err
}

// check reads zero rows from every table the handler uses, so that a
// database without the tables (or with missing columns) fails at start-up
// with the fix rather than on the first sign-in.
func (st *store) check(ctx context.Context) error {
	for _, m := range []*model{st.user, st.session, st.account, st.rateLimit} {
		if m == nil || m.virtual {
			continue
		}
		rows, err := st.db.QueryContext(ctx, "SELECT "+m.list+" FROM "+m.name+" WHERE 1 = 0")
		if err != nil {
			return fmt.Errorf("database: cannot read table %s (%v); create the tables with `authctl migrate`", m.name, err)
		}
		rows.Close()
	}
	return nil
}
