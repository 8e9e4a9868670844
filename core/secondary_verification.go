package core

import "time"

// Verification values with SecondaryStorage and
// Verification.StoreInDatabase: Better Auth 1.7.5 writes each value to the
// table and to the key verification:<identifier> (JSON of the row,
// expiring with it), and reads the key first. So that a TypeScript server
// on the same storage never reads a value the Go handler has consumed,
// changed or deleted, the handler writes the key when it creates a row
// and deletes it whenever it updates, deletes or consumes rows of that
// identifier; a TypeScript read then misses the key and falls back to the
// table, as 1.7.5 does with storeInDatabase. (Without StoreInDatabase
// there is no verification table: the features that need one refuse to
// start, each naming its option.)

func verificationKey(identifier string) string { return "verification:" + identifier }

// kvVerifications reports whether m is the verification table mirrored
// to SecondaryStorage.
func (rt *runtime) kvVerifications(m *model) bool {
	return rt.opts.SecondaryStorage != nil && m != nil && m.t.Key == "verification"
}

// kvVerificationWritten mirrors a new verification row.
func (c *call) kvVerificationWritten(r record) error {
	now := time.Now()
	ttl := ttlSeconds(tm(r, "expiresAt"), now)
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
