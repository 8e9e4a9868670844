package core

import (
	"fmt"

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
