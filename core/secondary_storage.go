package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/authctl/authctl/schema"
)

// useSecondaryStorage returns the schema the store is built on: the
// configured one, plus the tables whose rows live only in
// SecondaryStorage (sessions without Session.StoreSessionInDatabase,
// verification values without Verification.StoreInDatabase) as shapes:
// the handler reads and writes the stored JSON by their fields, and never
// queries them. It fails when verification values live in a
// SecondaryStorage that cannot consume a key atomically.
func useSecondaryStorage(a *Auth) (*schema.Schema, error) {
	o := a.opts
	if o.SecondaryStorage == nil {
		return a.schema, nil
	}
	var shapes []string
	if a.schema.Table("session") == nil {
		shapes = append(shapes, "session")
	}
	if a.schema.Table("verification") == nil {
		if _, ok := o.SecondaryStorage.(SecondaryStorageGetAndDeleter); !ok {
			return nil, errNoGetAndDelete(o.SecondaryStorage)
		}
		shapes = append(shapes, "verification")
	}
	if len(shapes) == 0 {
		return a.schema, nil
	}
	o.Session.StoreSessionInDatabase = true
	o.Verification.StoreInDatabase = true
	full, err := buildSchema(o)
	if err != nil {
		return nil, err
	}
	s := *a.schema
	s.Tables = append([]*schema.Table(nil), a.schema.Tables...)
	for _, k := range shapes {
		s.Tables = append(s.Tables, full.Table(k))
	}
	return &s, nil
}

func errNoGetAndDelete(kv SecondaryStorage) error {
	return fmt.Errorf("verification values in SecondaryStorage are consumed atomically: %T must implement core.SecondaryStorageGetAndDeleter (GetAndDelete), or set Verification.StoreInDatabase", kv)
}

// Rows as SecondaryStorage holds them (sessions and verification values):
// JSON objects with dates as ISO strings, written for whole seconds.

// kvRecord turns a stored JSON object into a record of m.
func kvRecord(m *model, raw json.RawMessage) (record, error) {
	var vals map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&vals); err != nil || vals == nil {
		return nil, errors.New("unreadable row")
	}
	r := record{"id": decodeID(jsonScalar(vals["id"]))}
	for _, f := range m.fields {
		v, err := decode(f, jsonScalar(vals[f.Name]))
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", m.t.Key, f.Name, err)
		}
		r[f.Name] = v
	}
	return r, nil
}

func jsonScalar(v any) any {
	if n, ok := v.(json.Number); ok {
		return string(n)
	}
	return v
}

// kvObject writes every field of r (id first) as the stored JSON.
func kvObject(b jsonBuf, m *model, r record) jsonBuf {
	b = append(b, '{')
	b = b.key("id", true).value(r["id"])
	for _, f := range m.fields {
		if v, ok := r[f.Name]; ok {
			b = b.key(f.Name, false).value(v)
		}
	}
	return append(b, '}')
}

// ttlSeconds is 1.7.5's getTTLSeconds.
func ttlSeconds(expires, now time.Time) time.Duration {
	s := expires.Sub(now).Milliseconds() / 1000
	if s < 0 {
		s = 0
	}
	return time.Duration(s) * time.Second
}
