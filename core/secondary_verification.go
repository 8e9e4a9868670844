package core

import (
	"encoding/json"
	"time"
)

// Verification values in SecondaryStorage, under the key
// verification:<identifier>, as Better Auth 1.7.5 keeps them.
//
// With Verification.StoreInDatabase, 1.7.5 writes each value to the table
// and to the key (JSON of the row, expiring with it), and reads the key
// first. So that a TypeScript server on the same storage never reads a
// value the Go handler has consumed, changed or deleted, the handler
// writes the key when it creates a row and deletes it whenever it
// updates, deletes or consumes rows of that identifier; a TypeScript read
// then misses the key and falls back to the table, as 1.7.5 does.
//
// Without it (1.7.5's default once SecondaryStorage is set) the key is
// the only copy: JSON {createdAt, updatedAt, identifier, value,
// expiresAt} (no id; dates as ISO strings), set for whole seconds
// (floor((expiresAt-now)/1000); nothing is written when that is 0), read
// with Get, consumed with GetAndDelete, so that of concurrent consumers
// one has it. The create hooks run around the write; find, consume,
// update and delete run no hooks, as in 1.7.5.

func verificationKey(identifier string) string { return "verification:" + identifier }

// kvVerifications reports whether m is the verification table mirrored
// to SecondaryStorage.
func (rt *runtime) kvVerifications(m *model) bool {
	return rt.opts.SecondaryStorage != nil && rt.opts.Verification.StoreInDatabase && m != nil && m.t.Key == "verification"
}

// kvVerificationWritten mirrors a new verification row.
func (c *call) kvVerificationWritten(r record) error {
	ttl := ttlSeconds(tm(r, "expiresAt"), time.Now())
	if ttl <= 0 {
		return nil
	}
	b := kvObject(nil, c.rt.st.models["verification"], r)
	err := c.rt.opts.SecondaryStorage.Set(c.r.Context(), verificationKey(str(r, "identifier")), string(b), ttl)
	return c.rt.secondaryFailed(kvErr(err), "create verification")
}

// kvVerificationForget deletes the keys of the identifiers of the rows
// matching conds, before they change.
func (c *call) kvVerificationForget(m *model, conds []cond) error {
	var ids []string
	if len(conds) == 1 && conds[0].field == "identifier" {
		if s, ok := conds[0].value.(string); ok {
			ids = []string{s}
		}
	}
	if ids == nil {
		rows, err := c.store().find(c.r.Context(), m, conds...)
		if err != nil {
			return err
		}
		for _, r := range rows {
			ids = append(ids, str(r, "identifier"))
		}
	}
	for _, id := range ids {
		if err := c.rt.opts.SecondaryStorage.Delete(c.r.Context(), verificationKey(id)); err != nil {
			return c.rt.secondaryFailed(kvErr(err), "delete verification")
		}
	}
	return nil
}

// kvVerificationJSON is the stored value of r: 1.7.5's leading keys
// first, then any other field of m that r holds, in schema order.
func kvVerificationJSON(m *model, r record) string {
	lead := []string{"createdAt", "updatedAt", "identifier", "value", "expiresAt"}
	b := append(jsonBuf(nil), '{')
	first := true
	put := func(k string) {
		if v, ok := r[k]; ok {
			b = b.key(k, first).value(v)
			first = false
		}
	}
	for _, k := range lead {
		put(k)
	}
	for _, f := range m.fields {
		switch f.Name {
		case "createdAt", "updatedAt", "identifier", "value", "expiresAt":
		default:
			put(f.Name)
		}
	}
	return string(append(b, '}'))
}

// kvCreateVerification stores r (createVerificationValue with
// SecondaryStorage alone), with the create hooks around the write.
func (c *call) kvCreateVerification(m *model, r record) error {
	key := verificationKey(str(r, "identifier"))
	hooks := c.hooks(m, OpCreate)
	if err := c.beforeHooks(hooks, r); err != nil {
		return err
	}
	if ttl := ttlSeconds(tm(r, "expiresAt"), time.Now()); ttl > 0 {
		err := c.rt.opts.SecondaryStorage.Set(c.r.Context(), key, kvVerificationJSON(m, r), ttl)
		if err := c.rt.secondaryFailed(kvErr(err), "create verification"); err != nil {
			return err
		}
	}
	return c.afterHooks(hooks, r)
}

// kvVerificationRecord reads a stored value; nil when it is unreadable
// (1.7.5's safeJSONParse gives null) or its expiresAt is not a date.
func kvVerificationRecord(m *model, raw string) record {
	if raw == "" || !json.Valid([]byte(raw)) {
		return nil
	}
	r, err := kvRecord(m, json.RawMessage(raw))
	if err != nil {
		return nil
	}
	delete(r, "id")
	if _, ok := r["expiresAt"].(time.Time); !ok {
		return nil
	}
	return r
}

// kvFindVerification is findVerificationValue with SecondaryStorage
// alone: the stored value, or nil (no cleanup: the keys expire).
func (c *call) kvFindVerification(m *model, identifier string) (record, error) {
	raw, err := c.rt.opts.SecondaryStorage.Get(c.r.Context(), verificationKey(identifier))
	if err != nil {
		return nil, c.rt.secondaryFailed(kvErr(err), "find verification")
	}
	return kvVerificationRecord(m, raw), nil
}

// kvConsumeVerification is consumeVerificationValue with SecondaryStorage
// alone: GetAndDelete, so one of concurrent consumers has the value; nil
// when there was none or it had expired.
func (c *call) kvConsumeVerification(m *model, identifier string) (record, error) {
	gd, ok := c.rt.opts.SecondaryStorage.(SecondaryStorageGetAndDeleter)
	if !ok { // Open refuses this; kept as a guard
		return nil, errNoGetAndDelete(c.rt.opts.SecondaryStorage)
	}
	raw, err := gd.GetAndDelete(c.r.Context(), verificationKey(identifier))
	if err != nil {
		return nil, c.rt.secondaryFailed(kvErr(err), "consume verification")
	}
	r := kvVerificationRecord(m, raw)
	if r == nil || tm(r, "expiresAt").Before(time.Now()) {
		return nil, nil
	}
	return r, nil
}

// kvUpdateVerification is updateVerificationByIdentifier with
// SecondaryStorage alone: set merged into the stored value, which keeps
// expiring with its (possibly new) expiresAt; nothing when there is none.
func (c *call) kvUpdateVerification(m *model, identifier string, set record) error {
	ctx := c.r.Context()
	key := verificationKey(identifier)
	raw, err := c.rt.opts.SecondaryStorage.Get(ctx, key)
	if err != nil {
		return c.rt.secondaryFailed(kvErr(err), "update verification")
	}
	r := kvVerificationRecord(m, raw)
	if r == nil {
		return nil
	}
	for k, v := range set {
		r[k] = v
	}
	if ttl := ttlSeconds(tm(r, "expiresAt"), time.Now()); ttl > 0 {
		err := c.rt.opts.SecondaryStorage.Set(ctx, key, kvVerificationJSON(m, r), ttl)
		return c.rt.secondaryFailed(kvErr(err), "update verification")
	}
	return nil
}
