package plugins

import (
	"context"
	"crypto/rand"
	"errors"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/authctl/authctl/core"
)

// Where keys live (@better-auth/api-key 1.7.5's src/adapter.ts): the
// apikey table ("database"), the auth's SecondaryStorage alone
// ("secondary-storage"), or the storage as a cache in front of the table
// (with fallbackToDatabase). The storage keys are 1.7.5's, so a
// TypeScript server on the same store (@better-auth/redis-storage's
// layout) shares the keys:
//
//	api-key:<hashed key>       the key as JSON (serializeApiKey)
//	api-key:by-id:<id>         the same JSON
//	api-key:by-ref:<owner id>  JSON array of the owner's key ids
//
// The two key entries expire with the key (whole seconds left, none when
// it never expires or has expired); the owner's list never expires. In
// the storage alone the list is the source of truth for listing, updated
// by read-modify-write under an in-process lock, as 1.7.5 does: servers
// (Go or TypeScript) writing one owner's list at once can lose an update,
// a race 1.7.5 documents (FIXME(api-key-reflist-durable)). With the
// fallback, the list is only a cache: every write of a key deletes it and
// listing from the table writes it again.

// Storage modes of a key configuration.
const (
	akDatabase = iota
	akStorage
	akStorageFallback
)

// akOrder is the hidden entry of a key read from the storage: its JSON
// keys in order (JavaScript keeps an object's key order, and 1.7.5
// answers the stored object spread). Rows from the database have none.
const akOrder = "\x00order"

// akRaw is a JSON object or array (metadata) inside a stored key, as
// written.
type akRaw string

// akUndefined is a field set to undefined: JSON.stringify leaves it out.
type akUndefined struct{}

// akDateFields are the fields deserializeApiKey turns into dates and
// serializeApiKey writes as ISO strings, in serializeApiKey's order.
var akDateFields = []string{"createdAt", "updatedAt", "expiresAt", "lastRefillAt", "lastRequest"}

func storageKeyByHash(hashed string) string { return "api-key:" + hashed }
func storageKeyByID(id string) string       { return "api-key:by-id:" + id }
func storageKeyByRef(ref string) string     { return "api-key:by-ref:" + ref }

// isStored reports whether row was read from the storage.
func isStored(row core.Record) bool { _, ok := row[akOrder]; return ok }

// storedOrder is a stored key's field order.
func storedOrder(row core.Record) []string { o, _ := row[akOrder].([]string); return o }

// withValues is {...row, ...set}: a stored key's fields keep their place,
// new ones follow in order.
func withValues(row core.Record, names []string, set core.Record) core.Record {
	out := core.Record{}
	for k, v := range row {
		out[k] = v
	}
	order := append([]string(nil), storedOrder(row)...)
	for _, k := range names {
		if _, ok := row[k]; !ok {
			order = append(order, k)
		}
		out[k] = set[k]
	}
	out[akOrder] = order
	return out
}

// parseStoredKey is deserializeApiKey: nil for an absent or unreadable
// value.
func parseStoredKey(s string) core.Record {
	if s == "" {
		return nil
	}
	v, err := parseOrdered([]byte(s))
	if err != nil || v.kind != 'o' {
		return nil
	}
	row := core.Record{}
	order := make([]string, 0, len(v.keys)+5)
	for i, k := range v.keys {
		order = append(order, k)
		row[k] = jsToGo(v.vals[i])
	}
	for _, f := range akDateFields {
		str, _ := row[f].(string)
		if _, ok := row[f]; !ok {
			order = append(order, f)
		}
		row[f] = nil
		if str != "" {
			if t, err := time.Parse(time.RFC3339Nano, str); err == nil {
				row[f] = t.UTC()
			}
		}
	}
	row[akOrder] = order
	return row
}

func jsToGo(v *jsValue) any {
	switch v.kind {
	case 'o', 'a':
		var b strings.Builder
		v.write(&b, nil)
		return akRaw(b.String())
	case 's':
		return v.str
	case 'n':
		if v.num == math.Trunc(v.num) && math.Abs(v.num) < 1<<53 {
			return int64(v.num)
		}
		return v.num
	case 'b':
		return v.truth
	}
	return nil
}

// serializeKey is serializeApiKey of a stored key, or of a database row
// as the adapter answers it (schema order, then id, metadata parsed).
func (rt *apiKeyRuntime) serializeKey(row core.Record) string {
	var b strings.Builder
	b.WriteByte('{')
	n := 0
	put := func(k string, write func()) {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		writeJSString(&b, k)
		b.WriteByte(':')
		write()
	}
	if isStored(row) {
		order := storedOrder(row)
		seen := map[string]bool{}
		for _, k := range order {
			seen[k] = true
		}
		for _, f := range akDateFields {
			if !seen[f] {
				order = append(order, f)
			}
		}
		for _, k := range order {
			if _, undef := row[k].(akUndefined); !undef {
				put(k, func() { writeStoredValue(&b, row[k]) })
			}
		}
	} else {
		for _, k := range append(append([]string(nil), rt.allFields...), "id") {
			if k == "metadata" {
				put(k, func() { b.WriteString(adapterMetadata(row)) })
				continue
			}
			put(k, func() { writeStoredValue(&b, row[k]) })
		}
	}
	b.WriteByte('}')
	return b.String()
}

func writeStoredValue(b *strings.Builder, v any) {
	if r, ok := v.(akRaw); ok {
		b.WriteString(string(r))
		return
	}
	writeValue(b, v)
}

// adapterMetadata is the metadata column as the adapter's output
// transform reads it (parseJSON, dates revived; null when empty).
func adapterMetadata(row core.Record) string {
	s, _ := row["metadata"].(string)
	if s == "" {
		return "null"
	}
	v, err := parseOrdered([]byte(strings.TrimSpace(s)))
	if err != nil {
		var b strings.Builder
		writeJSString(&b, s)
		return b.String()
	}
	var b strings.Builder
	v.write(&b, parseJSONReviver)
	return b.String()
}

// storedMetadata is parseDoubleStringifiedMetadata of a stored key's
// metadata: an object as stored, a string parsed once more.
func storedMetadata(row core.Record) string {
	switch m := row["metadata"].(type) {
	case nil:
		return "null"
	case akRaw:
		return string(m)
	case string:
		out, err := jsStringify([]byte(m), safeJSONReviver)
		if err != nil {
			return "null"
		}
		return out
	default:
		var b strings.Builder
		writeValue(&b, m)
		return b.String()
	}
}

// ttlOf is calculateTTL: the whole seconds until the key expires, or 0
// (no expiry) when it never does or already has.
func ttlOf(row core.Record) time.Duration {
	exp, ok := row["expiresAt"].(time.Time)
	if !ok {
		return 0
	}
	secs := math.Floor(float64(exp.UnixMilli()-time.Now().UnixMilli()) / 1000)
	if secs > 0 {
		return time.Duration(secs) * time.Second
	}
	return 0
}

func ctxOf(x *core.Context) context.Context { return x.Request().Context() }

// getByHash is getApiKey: the key whose stored key is hashed, where the
// configuration c keeps keys.
func (rt *apiKeyRuntime) getByHash(x *core.Context, c *akConfig, hashed string) (core.Record, error) {
	return rt.lookup(x, c, storageKeyByHash(hashed), core.Where{Field: "key", Value: hashed})
}

// getByID is getApiKeyById.
func (rt *apiKeyRuntime) getByID(x *core.Context, c *akConfig, id string) (core.Record, error) {
	return rt.lookup(x, c, storageKeyByID(id), core.Where{Field: "id", Value: id})
}

func (rt *apiKeyRuntime) lookup(x *core.Context, c *akConfig, key string, where core.Where) (core.Record, error) {
	if c.storage == akDatabase {
		return findKeyRow(x, where)
	}
	s, err := rt.kv.Get(ctxOf(x), key)
	if err != nil {
		return nil, err
	}
	if row := parseStoredKey(s); row != nil || c.storage == akStorage {
		return row, nil
	}
	row, err := findKeyRow(x, where)
	if err != nil || row == nil {
		return nil, err
	}
	return row, rt.putKey(x, c, row)
}

// storeKey is setApiKey: nothing for the database, else the key into the
// storage.
func (rt *apiKeyRuntime) storeKey(x *core.Context, c *akConfig, row core.Record) error {
	if c.storage == akDatabase {
		return nil
	}
	return rt.putKey(x, c, row)
}

// putKey is setApiKeyInStorage.
func (rt *apiKeyRuntime) putKey(x *core.Context, c *akConfig, row core.Record) error {
	ctx, value, ttl := ctxOf(x), rt.serializeKey(row), ttlOf(row)
	hashed, _ := row["key"].(string)
	id, ref := keyID(row), refOf(row)
	errs := []error{rt.kv.Set(ctx, storageKeyByHash(hashed), value, ttl), rt.kv.Set(ctx, storageKeyByID(id), value, ttl)}
	if c.storage == akStorageFallback {
		errs = append(errs, rt.kv.Delete(ctx, storageKeyByRef(ref)))
	} else if err := errors.Join(errs...); err == nil {
		errs = append(errs, rt.modifyRefList(ctx, ref, func(ids []string) []string {
			for _, k := range ids {
				if k == id {
					return ids
				}
			}
			return append(ids, id)
		}))
	}
	return errors.Join(errs...)
}

// dropKey is deleteApiKeyFromStorage (nothing for the database).
func (rt *apiKeyRuntime) dropKey(x *core.Context, c *akConfig, row core.Record) error {
	if c.storage == akDatabase {
		return nil
	}
	ctx := ctxOf(x)
	hashed, _ := row["key"].(string)
	id, ref := keyID(row), refOf(row)
	errs := []error{rt.kv.Delete(ctx, storageKeyByHash(hashed)), rt.kv.Delete(ctx, storageKeyByID(id))}
	if c.storage == akStorageFallback {
		errs = append(errs, rt.kv.Delete(ctx, storageKeyByRef(ref)))
	} else {
		errs = append(errs, rt.modifyRefList(ctx, ref, func(ids []string) []string {
			out := ids[:0:0]
			for _, k := range ids {
				if k != id {
					out = append(out, k)
				}
			}
			return out
		}))
	}
	return errors.Join(errs...)
}

// removeKey deletes a key wherever c keeps it: the storage, then the
// table with the fallback.
func (rt *apiKeyRuntime) removeKey(x *core.Context, c *akConfig, row core.Record) error {
	if c.storage != akDatabase {
		if err := rt.dropKey(x, c, row); err != nil || c.storage == akStorage {
			return err
		}
	}
	return x.Delete("apikey", core.Where{Field: "id", Value: keyID(row)})
}

func refOf(row core.Record) string { s, _ := row["referenceId"].(string); return s }

// readRefList is the owner's list of key ids as stored; ok is false when
// there is none (or it is not a JSON array).
func readRefList(s string) (ids []string, ok bool) {
	if s == "" {
		return nil, false
	}
	v, err := parseOrdered([]byte(s))
	if err != nil || v.kind != 'a' {
		return nil, false
	}
	for _, e := range v.vals {
		switch e.kind {
		case 's':
			ids = append(ids, e.str)
		case 'n':
			ids = append(ids, jsNumberF(e.num))
		}
	}
	return ids, true
}

func writeRefList(ids []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSString(&b, id)
	}
	b.WriteByte(']')
	return b.String()
}

// modifyRefList is 1.7.5's: read, change and write the owner's list (an
// empty list is deleted), one change at a time per process.
func (rt *apiKeyRuntime) modifyRefList(ctx context.Context, ref string, change func([]string) []string) error {
	rt.refMu.Lock()
	defer rt.refMu.Unlock()
	key := storageKeyByRef(ref)
	s, err := rt.kv.Get(ctx, key)
	if err != nil {
		return err
	}
	ids, _ := readRefList(s)
	next := change(ids)
	if len(next) == 0 {
		return rt.kv.Delete(ctx, key)
	}
	return rt.kv.Set(ctx, key, writeRefList(next), 0)
}

// newKeyID is ctx.context.generateId({model: "apikey"}) || generateId():
// a UUID with the UUID strategy, else 32 random letters and digits.
func (rt *apiKeyRuntime) newKeyID() (string, error) {
	var b [16]byte
	if rt.uuidIDs {
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		h := "0123456789abcdef"
		var s strings.Builder
		for i, c := range b {
			if i == 4 || i == 6 || i == 8 || i == 10 {
				s.WriteByte('-')
			}
			s.WriteByte(h[c>>4])
			s.WriteByte(h[c&15])
		}
		return s.String(), nil
	}
	const letters = keyLetters + "0123456789"
	out := make([]byte, 32)
	for i := range out {
		var r [1]byte
		for {
			if _, err := rand.Read(r[:]); err != nil {
				return "", err
			}
			if int(r[0]) < 256-256%len(letters) {
				break
			}
		}
		out[i] = letters[int(r[0])%len(letters)]
	}
	return string(out), nil
}

// akRefLock is the in-process lock of owners' key lists.
type akRefLock = sync.Mutex
