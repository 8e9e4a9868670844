package core

// The handler's writes to the auth tables go through these three
// functions, which run the plugins' database hooks around them, as Better
// Auth's internal adapter does (createWithHooks, updateWithHooks,
// deleteWithHooks). Inside a transaction, after hooks wait for the commit,
// so that they never act on rows that are then rolled back.

func (c *call) hooks(m *model, op string) []DatabaseHook {
	if c.rt.plugins == nil {
		return nil
	}
	return c.rt.plugins.dbHooks[m.t.Key+" "+op]
}

// insertRow inserts r into m and returns it with its id.
func (c *call) insertRow(m *model, r record) (record, error) {
	if c.rt.kvModel(m) {
		return c.kvInsertSession(m, r) // secondary_sessions.go
	}
	hooks := c.hooks(m, OpCreate)
	if err := c.beforeHooks(hooks, r); err != nil {
		return nil, err
	}
	id, err := c.store().insert(c.r.Context(), m, r)
	if err != nil {
		return nil, err
	}
	r["id"] = id
	if c.rt.kvVerifications(m) {
		if err := c.kvVerificationWritten(r); err != nil { // secondary_verification.go
			return nil, err
		}
	}
	return r, c.afterHooks(hooks, r)
}

// updateRows sets set on the rows of m matching conds.
func (c *call) updateRows(m *model, set record, conds ...cond) (int64, error) {
	if c.rt.kvModel(m) {
		return c.kvUpdateSessions(m, set, conds) // secondary_sessions.go
	}
	hooks := c.hooks(m, OpUpdate)
	if err := c.beforeHooks(hooks, set); err != nil {
		return 0, err
	}
	if c.rt.kvVerifications(m) {
		if err := c.kvVerificationForget(m, conds); err != nil {
			return 0, err
		}
	}
	n, err := c.store().update(c.r.Context(), m, set, conds...)
	if err != nil || n == 0 {
		return n, err
	}
	if c.rt.kv != nil && m.t.Key == "user" {
		if err := c.kvRefreshUser(conds); err != nil {
			return n, err
		}
	}
	return n, c.afterHooks(hooks, set)
}

// deleteRows deletes the rows of m matching conds. With delete hooks the
// rows are read first, as the hooks see each of them.
func (c *call) deleteRows(m *model, conds ...cond) error {
	if c.rt.kvModel(m) {
		return c.kvDeleteSessions(m, conds) // secondary_sessions.go
	}
	if c.rt.kv != nil && m.t.Key == "user" {
		ids, err := c.kvUserIDs(conds)
		if err != nil {
			return err
		}
		if err := c.deleteRowsDB(m, conds...); err != nil {
			return err
		}
		for _, id := range ids {
			if err := c.kvDeleteSessions(c.rt.st.session, []cond{{"userId", id}}); err != nil {
				return err
			}
		}
		return nil
	}
	return c.deleteRowsDB(m, conds...)
}

// deleteRowsDB is deleteRows on the database alone.
func (c *call) deleteRowsDB(m *model, conds ...cond) error {
	if c.rt.kvVerifications(m) {
		if err := c.kvVerificationForget(m, conds); err != nil {
			return err
		}
	}
	hooks := c.hooks(m, OpDelete)
	st := c.store()
	ctx := c.r.Context()
	if len(hooks) == 0 {
		return st.delete(ctx, m, conds...)
	}
	rows, err := st.find(ctx, m, conds...)
	if err != nil || len(rows) == 0 {
		return err
	}
	for _, r := range rows {
		if err := c.beforeHooks(hooks, r); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if err := st.delete(ctx, m, cond{"id", r["id"]}); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if err := c.afterHooks(hooks, r); err != nil {
			return err
		}
	}
	return nil
}

// beforeHooks runs the Before functions of hooks on r, stopping at the
// first error.
func (c *call) beforeHooks(hooks []DatabaseHook, r record) error {
	x := &Context{c}
	for _, h := range hooks {
		if h.Before != nil {
			if err := h.Before(x, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// afterHooks runs the after hooks now, or after the commit inside a
// transaction.
func (c *call) afterHooks(hooks []DatabaseHook, r record) error {
	x := &Context{c}
	for _, h := range hooks {
		if h.After == nil {
			continue
		}
		if c.tx != nil {
			after := h.After
			c.afterCommit = append(c.afterCommit, func() error { return after(x, r) })
			continue
		}
		if err := h.After(x, r); err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn with the request's writes in one transaction, then the
// after hooks it deferred.
func (c *call) inTx(fn func() error) error {
	if c.tx != nil {
		return fn()
	}
	err := c.rt.st.inTx(c.r.Context(), func(st *store) error {
		c.tx = st
		defer func() { c.tx = nil }()
		return fn()
	})
	pending := c.afterCommit
	c.afterCommit = nil
	if err != nil {
		return err
	}
	for _, f := range pending {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}
