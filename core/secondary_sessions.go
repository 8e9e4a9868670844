package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Sessions in SecondaryStorage, as Better Auth 1.7.5's internal adapter
// keeps them (better-auth/dist/db/internal-adapter.mjs):
//
//   - key <token>: JSON {"session":{…},"user":{…}}, every field of both rows
//     (dates as ISO strings), expiring with the session (whole seconds,
//     floor((expiresAt-now)/1000); nothing is written when that is 0);
//   - key active-sessions-<userId>: JSON [{"token","expiresAt"(ms)},…]
//     sorted by expiresAt, expiring with the furthest session;
//
// With Session.StoreSessionInDatabase the session table is written too,
// and a token missing from the storage is looked up in the table (a
// session written before the storage was added). Without it there is no
// session table: the session id is generated like any other id.
// list-sessions reads the active-sessions list either way, as 1.7.5 does.
// Deleting a session deletes its key, so that a revocation on any
// instance (Go or TypeScript) is seen at once by every other one; updating
// a user rewrites the user in each of their cached sessions. With
// Session.PreserveSessionInDatabase the row is not deleted but ended
// (kvEndSessions), and a token missing from the storage is not looked up
// in the table, which now holds ended sessions.

// kvSessions is the runtime's view of SecondaryStorage for sessions.
type kvSessions struct {
	kv   SecondaryStorage
	inDB bool
	// preserve: Session.PreserveSessionInDatabase (with inDB).
	preserve bool
}

// initSecondarySessions sets rt.kv when SecondaryStorage holds sessions.
func (rt *runtime) initSecondarySessions() {
	o := rt.opts
	if o.SecondaryStorage == nil {
		return
	}
	rt.kv = &kvSessions{kv: o.SecondaryStorage, inDB: o.Session.StoreSessionInDatabase,
		preserve: o.Session.StoreSessionInDatabase && o.Session.PreserveSessionInDatabase}
	if !rt.kv.inDB {
		rt.st.session.virtual = true
	}
}

// kvModel reports whether m's rows go through SecondaryStorage.
func (rt *runtime) kvModel(m *model) bool { return rt.kv != nil && m != nil && m.t.Key == "session" }

// sessionAndUser is internalAdapter.findSession: the storage first, then
// (with StoreSessionInDatabase, unless PreserveSessionInDatabase) the
// table.
func (rt *runtime) sessionAndUser(ctx context.Context, st *store, token string) (session, user record, err error) {
	if rt.kv == nil {
		return st.sessionAndUser(ctx, token)
	}
	raw, err := rt.kv.kv.Get(ctx, token)
	if err != nil {
		return nil, nil, rt.secondaryFailed(kvErr(err), "session lookup")
	}
	if raw != "" {
		s, u, err := rt.parseKVSession(raw)
		if err != nil { // unreadable: no session, as safeJSONParse's null
			return nil, nil, nil
		}
		return s, u, nil
	}
	if !rt.kv.inDB || rt.kv.preserve || token == "" {
		return nil, nil, nil
	}
	return st.sessionAndUser(ctx, token)
}

// parseKVSession reads a stored {"session","user"}.
func (rt *runtime) parseKVSession(raw string) (session, user record, err error) {
	var v struct {
		Session json.RawMessage `json:"session"`
		User    json.RawMessage `json:"user"`
	}
	if err := json.Unmarshal([]byte(raw), &v); err != nil || len(v.Session) == 0 || string(v.Session) == "null" {
		return nil, nil, errors.New("unreadable session")
	}
	if session, err = kvRecord(rt.st.session, v.Session); err != nil {
		return nil, nil, err
	}
	if user, err = kvRecord(rt.st.user, v.User); err != nil {
		return nil, nil, err
	}
	return session, user, nil
}

// sessionRef is an entry of active-sessions-<userId>.
type sessionRef struct {
	Token     string  `json:"token"`
	ExpiresAt float64 `json:"expiresAt"`
}

func activeKey(userID string) string { return "active-sessions-" + userID }

func (k *kvSessions) refs(ctx context.Context, userID string) ([]sessionRef, error) {
	raw, err := k.kv.Get(ctx, activeKey(userID))
	if err != nil || raw == "" {
		return nil, kvErr(err)
	}
	var list []sessionRef
	_ = json.Unmarshal([]byte(raw), &list) // safeJSONParse: unreadable is empty
	return list, nil
}

// writeRefs stores list (filtered of expired entries and of drop, plus
// add) sorted by expiry, or deletes the key when nothing is left.
func (k *kvSessions) writeRefs(ctx context.Context, userID string, list []sessionRef, drop map[string]bool, add *sessionRef, now time.Time) error {
	nowMs := float64(now.UnixMilli())
	var out []sessionRef
	for _, r := range list {
		if r.ExpiresAt > nowMs && !drop[r.Token] && (add == nil || r.Token != add.Token) {
			out = append(out, r)
		}
	}
	if add != nil {
		out = append(out, *add)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ExpiresAt < out[j].ExpiresAt })
	if len(out) == 0 {
		return kvErr(k.kv.Delete(ctx, activeKey(userID)))
	}
	ttl := ttlSeconds(time.UnixMilli(int64(out[len(out)-1].ExpiresAt)), now)
	if ttl <= 0 {
		return kvErr(k.kv.Delete(ctx, activeKey(userID)))
	}
	b, _ := json.Marshal(out)
	return kvErr(k.kv.Set(ctx, activeKey(userID), string(b), ttl))
}

// putSession writes the session's key ({"session","user"}) and, when
// withList, its entry in the user's list.
func (c *call) putSession(s, user record, withList bool) error {
	ctx := c.r.Context()
	now := time.Now()
	exp := tm(s, "expiresAt")
	token, userID := str(s, "token"), str(s, "userId")
	if withList {
		list, err := c.rt.kv.refs(ctx, userID)
		if err != nil {
			return err
		}
		add := &sessionRef{Token: token, ExpiresAt: float64(exp.UnixMilli())}
		if err := c.rt.kv.writeRefs(ctx, userID, list, nil, add, now); err != nil {
			return err
		}
	}
	ttl := ttlSeconds(exp, now)
	if ttl <= 0 {
		return nil
	}
	b := kvObject(jsonBuf(`{"session":`), c.rt.st.session, s)
	b = append(b, `,"user":`...)
	if user == nil {
		b = append(b, "null"...)
	} else {
		b = kvObject(b, c.rt.st.user, user)
	}
	b = append(b, '}')
	return kvErr(c.rt.kv.kv.Set(ctx, token, string(b), ttl))
}

// kvInsertSession is createSession with SecondaryStorage: the row (with
// StoreSessionInDatabase), then the storage.
func (c *call) kvInsertSession(m *model, r record) (record, error) {
	hooks := c.hooks(m, OpCreate)
	x := &Context{c}
	for _, h := range hooks {
		if h.Before != nil {
			if err := h.Before(x, r); err != nil {
				return nil, err
			}
		}
	}
	st := c.store()
	if c.rt.kv.inDB {
		id, err := st.insert(c.r.Context(), m, r)
		if err != nil {
			return nil, err
		}
		r["id"] = id
	} else {
		id, err := st.newID()
		if err != nil {
			return nil, err
		}
		if id == nil { // serial ids: 1.7.5 falls back to a random id
			if id, err = randomString(32); err != nil {
				return nil, err
			}
		}
		r["id"] = fmt.Sprint(id)
	}
	user, err := st.findOne(c.r.Context(), st.user, cond{"id", r["userId"]})
	if err != nil {
		return nil, err
	}
	if err := c.putSession(r, user, true); err != nil {
		return nil, c.rt.secondaryFailed(err, "create session")
	}
	return r, c.afterHooks(hooks, r)
}

// kvUpdateSessions is updateSession: the stored session (merged with
// set) and its list entry, then the row with StoreSessionInDatabase. It
// reports 1 when the session was found, as the row count would.
func (c *call) kvUpdateSessions(m *model, set record, conds []cond) (int64, error) {
	token, ok := tokenCond(conds)
	if !ok {
		if c.rt.kv.inDB {
			rows, err := c.store().find(c.r.Context(), m, conds...)
			if err != nil {
				return 0, err
			}
			var n int64
			for _, r := range rows {
				k, err := c.kvUpdateSessions(m, set, []cond{{"token", r["token"]}})
				if err != nil {
					return n, err
				}
				n += k
			}
			return n, nil
		}
		return 0, errors.New("sessions in SecondaryStorage can only be updated by token")
	}
	hooks := c.hooks(m, OpUpdate)
	x := &Context{c}
	for _, h := range hooks {
		if h.Before != nil {
			if err := h.Before(x, set); err != nil {
				return 0, err
			}
		}
	}
	ctx := c.r.Context()
	var n int64
	raw, err := c.rt.kv.kv.Get(ctx, token)
	if err != nil {
		return 0, c.rt.secondaryFailed(kvErr(err), "update session")
	}
	if raw != "" {
		if s, u, perr := c.rt.parseKVSession(raw); perr == nil {
			for k, v := range set {
				s[k] = v
			}
			if err := c.putSession(s, u, true); err != nil {
				return 0, c.rt.secondaryFailed(err, "update session")
			}
			n = 1
		}
	}
	if c.rt.kv.inDB {
		if n, err = c.store().update(ctx, m, set, conds...); err != nil {
			return 0, err
		}
	}
	if n == 0 {
		return 0, nil
	}
	return n, c.afterHooks(hooks, set)
}

func tokenCond(conds []cond) (string, bool) {
	if len(conds) != 1 || conds[0].field != "token" {
		return "", false
	}
	if _, isCmp := conds[0].value.(compare); isCmp {
		return "", false
	}
	t, ok := conds[0].value.(string)
	return t, ok
}

func userIDCond(conds []cond) (string, bool) {
	if len(conds) != 1 || conds[0].field != "userId" {
		return "", false
	}
	if _, isCmp := conds[0].value.(compare); isCmp {
		return "", false
	}
	return fmt.Sprint(conds[0].value), true
}

// kvListSessions is listSessions: the user's list, each session read
// from its key (expired, repeated and missing ones left out).
func (c *call) kvListSessions(userID string) ([]record, error) {
	ctx := c.r.Context()
	list, err := c.rt.kv.refs(ctx, userID)
	if err != nil {
		return nil, c.rt.secondaryFailed(err, "list sessions")
	}
	now := float64(time.Now().UnixMilli())
	seen := map[string]bool{}
	var out []record
	for _, r := range list {
		if r.ExpiresAt <= now || seen[r.Token] {
			continue
		}
		seen[r.Token] = true
		raw, err := c.rt.kv.kv.Get(ctx, r.Token)
		if err != nil {
			return nil, c.rt.secondaryFailed(kvErr(err), "list sessions")
		}
		if raw == "" {
			continue
		}
		if s, _, err := c.rt.parseKVSession(raw); err == nil {
			out = append(out, s)
		}
	}
	return out, nil
}

// sessionRowsOf lists a user's sessions: from SecondaryStorage when it
// holds sessions, else from the table.
func (c *call) sessionRowsOf(userID string) ([]record, error) {
	if c.rt.kv != nil {
		return c.kvListSessions(userID)
	}
	st := c.rt.st
	return st.find(c.r.Context(), st.session, cond{"userId", userID})
}

// kvFind serves a plugin's Find or FindOne on the session table from
// SecondaryStorage (by token or userId); ok is false when the table
// answers instead.
func (c *call) kvFind(m *model, conds []cond) (rows []record, ok bool, err error) {
	if !c.rt.kvModel(m) {
		return nil, false, nil
	}
	if token, isTok := tokenCond(conds); isTok {
		s, _, err := c.rt.sessionAndUser(c.r.Context(), c.store(), token)
		if err != nil || s == nil {
			return nil, true, err
		}
		return []record{s}, true, nil
	}
	if userID, isUser := userIDCond(conds); isUser {
		rows, err := c.kvListSessions(userID)
		return rows, true, err
	}
	if c.rt.kv.inDB {
		return nil, false, nil
	}
	return nil, true, errors.New("sessions in SecondaryStorage can only be found by token or userId")
}

// kvRefreshUser rewrites the user in each cached session of the users
// matching conds (refreshUserSessions), after a user update.
func (c *call) kvRefreshUser(conds []cond) error {
	ctx := c.r.Context()
	users, err := c.store().find(ctx, c.rt.st.user, conds...)
	if err != nil {
		return err
	}
	for _, u := range users {
		list, err := c.rt.kv.refs(ctx, str(u, "id"))
		if err != nil {
			return c.rt.secondaryFailed(err, "refresh sessions")
		}
		now := float64(time.Now().UnixMilli())
		for _, r := range list {
			if r.ExpiresAt <= now {
				continue
			}
			raw, err := c.rt.kv.kv.Get(ctx, r.Token)
			if err != nil {
				return c.rt.secondaryFailed(kvErr(err), "refresh sessions")
			}
			s, _, perr := c.rt.parseKVSession(raw)
			if raw == "" || perr != nil {
				continue
			}
			if err := c.putSession(s, u, false); err != nil {
				return c.rt.secondaryFailed(err, "refresh sessions")
			}
		}
	}
	return nil
}

// kvUserSessionRefs are the cached sessions of the users matching conds,
// read before the users are deleted.
func (c *call) kvUserIDs(conds []cond) ([]string, error) {
	users, err := c.store().find(c.r.Context(), c.rt.st.user, conds...)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = str(u, "id")
	}
	return ids, nil
}
