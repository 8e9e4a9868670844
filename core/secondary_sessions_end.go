package core

import (
	"errors"
	"time"
)

// Ending sessions kept in SecondaryStorage: their keys and list entries
// go at once, so every instance stops accepting them; with
// StoreSessionInDatabase the rows are deleted too, or, with
// PreserveSessionInDatabase, kept and ended.

// kvDeleteSessions is deleteSession (by token) and deleteUserSessions (by
// userId): the storage's keys and list entries, then, with
// StoreSessionInDatabase, the rows (ended instead with
// PreserveSessionInDatabase).
func (c *call) kvDeleteSessions(m *model, conds []cond) error {
	ctx := c.r.Context()
	k := c.rt.kv
	if token, ok := tokenCond(conds); ok {
		if err := c.kvForget(token); err != nil {
			return err
		}
	} else if userID, ok := userIDCond(conds); ok {
		list, err := k.refs(ctx, userID)
		if err != nil {
			return c.rt.secondaryFailed(err, "delete sessions")
		}
		drop := map[string]bool{}
		for _, r := range list {
			if err := k.kv.Delete(ctx, r.Token); err != nil {
				return c.rt.secondaryFailed(kvErr(err), "delete sessions")
			}
			drop[r.Token] = true
		}
		// Entries added meanwhile (a sign-in racing the revocation) stay.
		current, err := k.refs(ctx, userID)
		if err == nil {
			err = k.writeRefs(ctx, userID, current, drop, nil, time.Now())
		}
		if err != nil {
			return c.rt.secondaryFailed(err, "delete sessions")
		}
	} else {
		if !k.inDB {
			return errors.New("sessions in SecondaryStorage can only be deleted by token or userId")
		}
		rows, err := c.store().find(ctx, m, conds...)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := c.kvForget(str(r, "token")); err != nil {
				return err
			}
		}
	}
	if !k.inDB {
		return nil
	}
	if k.preserve {
		return c.kvEndSessions(m, conds)
	}
	return c.deleteRowsDB(m, conds...)
}

// kvEndSessions is 1.7.5's endPreservedSessions: the rows matching conds
// that are still live (expiresAt > now) are kept with expiresAt, and the
// fields updated on every write (updatedAt), set to now; the session
// delete hooks run around it for each, as for a deletion. An ended row is
// not matched again, so a later revocation of the user's sessions does
// not run the hooks for it once more.
func (c *call) kvEndSessions(m *model, conds []cond) error {
	now := time.Now().UTC().Truncate(time.Millisecond) // the stored precision
	live := append(append([]cond(nil), conds...), cond{"expiresAt", compare{">", now}})
	set := record{}
	for _, f := range m.fields {
		if f.OnUpdateNow {
			set[f.Name] = now
		}
	}
	set["expiresAt"] = now
	st := c.store()
	ctx := c.r.Context()
	hooks := c.hooks(m, OpDelete)
	if len(hooks) == 0 {
		_, err := st.update(ctx, m, set, live...)
		return err
	}
	rows, err := st.find(ctx, m, live...)
	if err != nil || len(rows) == 0 {
		return err
	}
	x := &Context{c}
	for _, r := range rows {
		for _, h := range hooks {
			if h.Before != nil {
				if err := h.Before(x, r); err != nil {
					return err
				}
			}
		}
	}
	if _, err := st.update(ctx, m, set, live...); err != nil {
		return err
	}
	for _, r := range rows {
		if err := c.afterHooks(hooks, r); err != nil {
			return err
		}
	}
	return nil
}

// checkPreserveSessions refuses Session.PreserveSessionInDatabase where
// it would do nothing: 1.7.5 reads it only with secondaryStorage and
// storeSessionInDatabase, and elsewhere a revoked session's row is deleted
// (or there is none), which is not what the option asks for.
func checkPreserveSessions(o Options) error {
	if o.Session.PreserveSessionInDatabase && (o.SecondaryStorage == nil || !o.Session.StoreSessionInDatabase) {
		return errors.New("option Session.PreserveSessionInDatabase needs SecondaryStorage and Session.StoreSessionInDatabase " +
			"(without them no session row is kept after a revocation): set both, or remove it")
	}
	return nil
}

// kvForget deletes one session's key and its list entry.
func (c *call) kvForget(token string) error {
	ctx := c.r.Context()
	k := c.rt.kv
	raw, err := k.kv.Get(ctx, token)
	if err == nil && raw != "" {
		if s, _, perr := c.rt.parseKVSession(raw); perr == nil {
			var list []sessionRef
			if list, err = k.refs(ctx, str(s, "userId")); err == nil {
				err = k.writeRefs(ctx, str(s, "userId"), list, map[string]bool{token: true}, nil, time.Now())
			}
		}
	}
	if err == nil {
		err = k.kv.Delete(ctx, token)
	}
	if err != nil {
		return c.rt.secondaryFailed(kvErr(err), "delete session")
	}
	return nil
}
