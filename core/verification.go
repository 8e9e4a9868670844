package core

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"sort"
	"strings"
	"time"
)

// Verification values: Better Auth 1.7.5's internal adapter functions
// createVerificationValue, findVerificationValue, consumeVerificationValue,
// deleteVerificationByIdentifier, updateVerificationByIdentifier and
// reserveVerificationValue. Every feature (reset and delete links, OAuth
// state, the plugins' codes and tokens) goes through these, so that where
// the values live is decided here alone:
//
//   - in the verification table (no SecondaryStorage);
//   - in the table, mirrored to SecondaryStorage (with
//     Verification.StoreInDatabase; secondary_verification.go);
//   - in SecondaryStorage alone (SecondaryStorage without
//     Verification.StoreInDatabase, 1.7.5's default then;
//     secondary_verification.go).

// ErrReserveNeedsDatabase is returned by Context.ReserveVerification when
// verification values live in SecondaryStorage alone, where no write can
// be first-writer-wins. 1.7.5's revokeUnprovenAccountAccess proceeds as
// the reservation's holder then; other callers should fail.
var ErrReserveNeedsDatabase = errors.New("reserveVerificationValue requires database-backed verification storage. " +
	"Set verification.storeInDatabase to true for flows that reserve verification values") // 1.7.5's BetterAuthError

// verificationsInKV reports whether verification values live in
// SecondaryStorage alone.
func (rt *runtime) verificationsInKV() bool {
	return rt.opts.SecondaryStorage != nil && !rt.opts.Verification.StoreInDatabase
}

// verification is the verification model (a shape only when the values
// live in SecondaryStorage alone).
func (c *call) verification() (*model, error) {
	m := c.store().models["verification"]
	if m == nil {
		return nil, errors.New("the schema has no verification table")
	}
	return m, nil
}

// createVerification is createVerificationValue: the identifier stored
// plain, the row's defaults filled, with the create hooks.
func (c *call) createVerification(identifier, value string, expiresAt time.Time) error {
	m, err := c.verification()
	if err != nil {
		return err
	}
	r := record{"createdAt": c.now, "updatedAt": c.now, "identifier": identifier, "value": value, "expiresAt": expiresAt}
	if c.rt.verificationsInKV() {
		return c.kvCreateVerification(m, r)
	}
	for _, f := range m.fields {
		if _, ok := r[f.Name]; !ok {
			r[f.Name] = staticDefault(f, c)
		}
	}
	_, err = c.insertRow(m, r)
	return err
}

// findVerification is findVerificationValue: the newest row with the
// identifier, after deleting the expired rows (Better Auth's cleanup).
func (c *call) findVerification(identifier string) (record, error) {
	m, err := c.verification()
	if err != nil {
		return nil, err
	}
	if c.rt.verificationsInKV() {
		return c.kvFindVerification(m, identifier)
	}
	rows, err := c.store().find(c.r.Context(), m, cond{"identifier", identifier})
	if err != nil {
		return nil, err
	}
	if err := c.deleteExpiredVerifications(m); err != nil {
		return nil, err
	}
	return newest(rows), nil
}

// newest is the row with the latest createdAt.
func newest(rows []record) record {
	sort.SliceStable(rows, func(i, j int) bool { return tm(rows[i], "createdAt").After(tm(rows[j], "createdAt")) })
	if len(rows) == 0 {
		return nil
	}
	return rows[0]
}

// deleteExpiredVerifications deletes the verification rows whose
// expiresAt has passed (deleteMany where expiresAt < now, with hooks).
func (c *call) deleteExpiredVerifications(m *model) error {
	st := c.store()
	ctx := c.r.Context()
	f := m.t.Field("expiresAt")
	if f == nil {
		return nil
	}
	arg, err := st.encode(*f, c.now)
	if err != nil {
		return err
	}
	where := " WHERE " + m.cols["expiresAt"] + " < " + st.ph(1)
	if len(c.hooks(m, OpDelete)) == 0 {
		_, err := st.db.ExecContext(ctx, "DELETE FROM "+m.name+where, arg)
		return err
	}
	rows, err := st.db.QueryContext(ctx, "SELECT "+m.cols["id"]+" FROM "+m.name+where, arg)
	if err != nil {
		return err
	}
	var ids []any
	for rows.Next() {
		var id any
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, decodeID(id))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := c.deleteRows(m, cond{"id", id}); err != nil {
			return err
		}
	}
	return nil
}

// consumeVerification is consumeVerificationValue: the newest row with
// the identifier is taken by deleting it — one DELETE, so of concurrent
// consumers exactly one deletes it and has it (no read-then-write
// transaction, which SQLite would refuse with SQLITE_BUSY) — and every
// other row with the identifier is deleted too. It returns nil when there
// was none or someone else took it, or when it had expired (deleted all
// the same, so it cannot be replayed). The delete hooks see the row.
func (c *call) consumeVerification(identifier string) (record, error) {
	m, err := c.verification()
	if err != nil {
		return nil, err
	}
	if c.rt.verificationsInKV() {
		return c.kvConsumeVerification(m, identifier)
	}
	ctx := c.r.Context()
	rows, err := c.store().find(ctx, m, cond{"identifier", identifier})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	latest := newest(rows)
	hooks := c.hooks(m, OpDelete)
	if err := c.beforeHooks(hooks, latest); err != nil {
		return nil, err
	}
	n, err := c.store().deleteCount(ctx, m, cond{"id", latest["id"]})
	if err != nil || n == 0 {
		return nil, err
	}
	if err := c.afterHooks(hooks, latest); err != nil {
		return nil, err
	}
	if _, err := c.store().deleteCount(ctx, m, cond{"identifier", identifier}); err != nil {
		return nil, err
	}
	if c.rt.kvVerifications(m) {
		if err := c.kvVerificationForget(m, []cond{{"identifier", identifier}}); err != nil {
			return nil, err
		}
	}
	if tm(latest, "expiresAt").Before(time.Now()) {
		return nil, nil
	}
	return latest, nil
}

// deleteVerification is deleteVerificationByIdentifier.
func (c *call) deleteVerification(identifier string) error {
	m, err := c.verification()
	if err != nil {
		return err
	}
	if c.rt.verificationsInKV() {
		err := c.rt.opts.SecondaryStorage.Delete(c.r.Context(), verificationKey(identifier))
		return c.rt.secondaryFailed(kvErr(err), "delete verification")
	}
	return c.deleteRows(m, cond{"identifier", identifier})
}

// updateVerification is updateVerificationByIdentifier: set on the rows
// with the identifier (updatedAt too, as the adapter sets it), with the
// update hooks; in SecondaryStorage alone, set merged into the stored
// value, without hooks, as 1.7.5 does.
func (c *call) updateVerification(identifier string, set record) error {
	m, err := c.verification()
	if err != nil {
		return err
	}
	if c.rt.verificationsInKV() {
		return c.kvUpdateVerification(m, identifier, set)
	}
	if _, ok := set["updatedAt"]; !ok && m.t.Field("updatedAt") != nil {
		set["updatedAt"] = c.now
	}
	_, err = c.updateRows(m, set, cond{"identifier", identifier})
	return err
}

// reserveVerification is reserveVerificationValue: a verification row
// whose id is derived from identifier (base64url of SHA-256 of
// "reserve:" + identifier), so that of concurrent callers one inserts it
// and reports true; the others find the row and report false. As in
// 1.7.5 the row is written without database hooks; in SecondaryStorage
// alone it fails with ErrReserveNeedsDatabase.
func (c *call) reserveVerification(identifier, value string, expiresAt time.Time) (bool, error) {
	m, err := c.verification()
	if err != nil {
		return false, err
	}
	if c.rt.verificationsInKV() {
		return false, ErrReserveNeedsDatabase
	}
	sum := sha256.Sum256([]byte("reserve:" + identifier))
	id := base64.RawURLEncoding.EncodeToString(sum[:])
	st := c.store()
	cols, phs, args := []string{m.cols["id"]}, []string{st.ph(1)}, []any{id}
	r := record{"identifier": identifier, "value": value, "expiresAt": expiresAt, "createdAt": c.now, "updatedAt": c.now}
	for _, f := range m.fields {
		v, ok := r[f.Name]
		if !ok {
			if v = staticDefault(f, c); v == nil {
				continue
			}
		}
		a, err := st.encode(f, v)
		if err != nil {
			return false, err
		}
		args = append(args, a)
		cols, phs = append(cols, m.cols[f.Name]), append(phs, st.ph(len(args)))
	}
	q := "INSERT INTO " + m.name + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(phs, ", ") + ")"
	if _, insErr := st.db.ExecContext(c.r.Context(), q, args...); insErr != nil {
		taken, err := st.findOne(c.r.Context(), m, cond{"id", id})
		if err == nil && taken != nil {
			return false, nil
		}
		return false, insErr
	}
	if c.rt.kvVerifications(m) {
		r["id"] = id
		if err := c.kvVerificationWritten(r); err != nil {
			return false, err
		}
	}
	return true, nil
}

// deleteCount deletes the rows matching conds and returns how many there
// were.
func (st *store) deleteCount(ctx context.Context, m *model, conds ...cond) (int64, error) {
	w, args, err := st.where(m, conds, nil)
	if errors.Is(err, errNoRow) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	res, err := st.db.ExecContext(ctx, "DELETE FROM "+m.name+w, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
