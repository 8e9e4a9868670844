package plugins

import (
	"cmp"
	"slices"
	"time"
	"unicode/utf16"

	"github.com/authctl/authctl/core"
)

// Listing an owner's keys where the configurations keep them
// (listApiKeys in src/adapter.ts and routes/list-api-keys.ts).

// listKeys is the keys of owner: of the configuration configID, or of
// every storage the configurations use (one configuration of each, in
// order, keys deduplicated by id), each sorted by sortBy when given.
func (rt *apiKeyRuntime) listKeys(x *core.Context, owner, configID, sortBy string, desc bool) ([]core.Record, error) {
	var groups []*akConfig
	if configID != "" {
		c, err := rt.resolve(configID)
		if err != nil {
			return nil, err
		}
		groups = []*akConfig{c}
	} else {
		seen := map[int]bool{}
		for _, c := range rt.configs {
			if !seen[c.storage] {
				seen[c.storage] = true
				groups = append(groups, c)
			}
		}
	}
	var out []core.Record
	ids := map[string]bool{}
	for _, c := range groups {
		rows, err := rt.listIn(x, c, owner, sortBy, desc)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if id := keyID(r); !ids[id] {
				ids[id] = true
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// listIn is one storage's keys of owner.
func (rt *apiKeyRuntime) listIn(x *core.Context, c *akConfig, owner, sortBy string, desc bool) ([]core.Record, error) {
	ref := storageKeyByRef(owner)
	switch c.storage {
	case akStorage:
		s, err := rt.kv.Get(ctxOf(x), ref)
		if err != nil {
			return nil, err
		}
		ids, _ := readRefList(s)
		rows, err := rt.storedByID(x, ids)
		if err != nil {
			return nil, err
		}
		return sortStored(rows, sortBy, desc), nil
	case akStorageFallback:
		s, err := rt.kv.Get(ctxOf(x), ref)
		if err != nil {
			return nil, err
		}
		if ids, _ := readRefList(s); len(ids) > 0 {
			rows, err := rt.storedByID(x, ids)
			if err != nil {
				return nil, err
			}
			return sortStored(rows, sortBy, desc), nil
		}
		rows, err := rt.tableKeys(x, owner, sortBy, desc)
		if err != nil || len(rows) == 0 {
			return rows, err
		}
		// The table's keys go into the cache, and their ids become the
		// owner's list (after the writes, which delete it).
		list := make([]string, len(rows))
		for i, r := range rows {
			if err := rt.putKey(x, c, r); err != nil {
				return nil, err
			}
			list[i] = keyID(r)
		}
		return rows, rt.kv.Set(ctxOf(x), ref, writeRefList(list), 0)
	}
	return rt.tableKeys(x, owner, sortBy, desc)
}

// tableKeys is the adapter's findMany of owner's keys, sorted by sortBy.
func (rt *apiKeyRuntime) tableKeys(x *core.Context, owner, sortBy string, desc bool) ([]core.Record, error) {
	where := core.Where{Field: "referenceId", Value: owner}
	if sortBy == "" {
		return keyRows(x.Find("apikey", where))
	}
	if sortBy != "id" && !slicesContains(rt.allFields, sortBy) {
		return nil, errUnknownSortField // the adapter throws on an unknown field
	}
	return keyRows(x.FindOrdered("apikey", sortBy, desc, where))
}

// storedByID reads the stored keys of ids, skipping those gone.
func (rt *apiKeyRuntime) storedByID(x *core.Context, ids []string) ([]core.Record, error) {
	var out []core.Record
	for _, id := range ids {
		s, err := rt.kv.Get(ctxOf(x), storageKeyByID(id))
		if err != nil {
			return nil, err
		}
		if r := parseStoredKey(s); r != nil {
			out = append(out, r)
		}
	}
	return out, nil
}

// sortStored is applySortingAndPagination's sort (JavaScript's < on the
// values; null first ascending; a stable sort).
func sortStored(rows []core.Record, sortBy string, desc bool) []core.Record {
	if sortBy == "" {
		return rows
	}
	slices.SortStableFunc(rows, func(a, b core.Record) int {
		av, bv := a[sortBy], b[sortBy]
		var c int
		switch {
		case av == nil && bv == nil:
			return 0
		case av == nil:
			c = -1
		case bv == nil:
			c = 1
		default:
			c = jsCompare(av, bv)
		}
		if desc {
			return -c
		}
		return c
	})
	return rows
}

// jsCompare orders two stored values as a < b and a > b do in
// JavaScript for values of one type (0 for anything else).
func jsCompare(a, b any) int {
	num := func(v any) (float64, bool) {
		switch n := v.(type) {
		case int64:
			return float64(n), true
		case float64:
			return n, true
		case time.Time:
			return float64(n.UnixMilli()), true
		case bool:
			if n {
				return 1, true
			}
			return 0, true
		}
		return 0, false
	}
	if as, ok := a.(string); ok {
		if bs, ok := b.(string); ok {
			return slices.Compare(utf16.Encode([]rune(as)), utf16.Encode([]rune(bs)))
		}
		return 0
	}
	an, aok := num(a)
	bn, bok := num(b)
	if aok && bok {
		return cmp.Compare(an, bn)
	}
	return 0
}
