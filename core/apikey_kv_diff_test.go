package core_test

import (
	"testing"

	"github.com/authctl/authctl/core/plugins"
)

// akKVSteps go through a user's keys: create, get, list (sorted, paged),
// update (a name, metadata, no expiry, disabled), uses through the key
// session up to the rate limit, deletes until the owner's list is gone,
// with the storage entries compared along the way.
var akKVSteps = []akKVStep{
	{method: "POST", path: "/api-key/create", body: `{"name":"one","metadata":{"plan":"pro","n":2}}`, save: "k1"},
	{method: "POST", path: "/api-key/create", body: `{"name":"two","expiresIn":172800}`, save: "k2"},
	{method: "POST", path: "/api-key/create", body: `{}`, save: "k3"},
	{dump: true},
	{method: "GET", path: "/api-key/get?id={k1}"},
	// Sorted: with the fallback an unsorted list is the table's order
	// (MariaDB's is by id). It fills the cached list, which orders the
	// next.
	{method: "GET", path: "/api-key/list?sortBy=createdAt"},
	{method: "GET", path: "/api-key/list"},
	{dump: true},
	{method: "GET", path: "/api-key/list?sortBy=name&sortDirection=desc"},
	{method: "GET", path: "/api-key/list?sortBy=createdAt&limit=1&offset=1"},
	{method: "GET", path: "/api-key/list?configId=default&sortBy=expiresAt"},
	// An unknown field sorts nothing in the storage (and in the cached
	// list); the table refuses it (500) once a write dropped the cache.
	{method: "GET", path: "/api-key/list?sortBy=nosuch"},
	{method: "POST", path: "/api-key/update", body: `{"keyId":"{k1}","name":"uno","metadata":{"plan":"team"}}`},
	{method: "POST", path: "/api-key/update", body: `{"keyId":"{k2}","expiresIn":null}`},
	{method: "POST", path: "/api-key/update", body: `{"keyId":"{k3}","enabled":false}`},
	{method: "POST", path: "/api-key/update", body: `{"keyId":"{k3}"}`},
	{method: "POST", path: "/api-key/update", body: `{"keyId":"nope","name":"x"}`},
	{method: "GET", path: "/api-key/list?sortBy=nosuch&sortDirection=desc"},
	{dump: true},
	{anon: true, method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	{anon: true, method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	{anon: true, method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k3}"}},
	{anon: true, method: "GET", path: "/get-session", headers: []string{"x-api-key", "NoSuchKeyNoSuchKeyNoSuchKeyNoSuchKeyNoSuchKeyNoSuchKeyNoSuchKeyNoSuchKey"}},
	{method: "GET", path: "/api-key/get?id={k1}"},
	{dump: true},
	{anon: true, method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	{anon: true, method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	{method: "GET", path: "/api-key/list?sortBy=createdAt"},
	{method: "POST", path: "/api-key/delete", body: `{"keyId":"{k2}"}`},
	{method: "GET", path: "/api-key/get?id={k2}"},
	{method: "GET", path: "/api-key/list?sortBy=createdAt&sortDirection=desc"},
	{dump: true},
	{method: "POST", path: "/api-key/delete", body: `{"keyId":"{k1}"}`},
	{method: "POST", path: "/api-key/delete", body: `{"keyId":"{k3}"}`},
	{method: "POST", path: "/api-key/delete", body: `{"keyId":"{k3}"}`},
	{method: "GET", path: "/api-key/list"},
	{dump: true},
}

// TestAPIKeySecondaryStorageDifferential: the same steps on Go and on
// TypeScript 1.7.5 (each with a user of its own, on one Redis and one
// database; PostgreSQL when the tests have it), with keys in the
// secondary storage alone and with fallbackToDatabase: the same statuses
// and JSON (keys, ids and dates named), and the same storage entries,
// values byte for byte once named, expiring alike (the key entries with
// the key, TTLs within seconds; the owner's list never).
func TestAPIKeySecondaryStorageDifferential(t *testing.T) {
	url := redisURL(t)
	for _, fallback := range []bool{false, true} {
		name := "secondary-storage"
		if fallback {
			name = "fallbackToDatabase"
		}
		t.Run(name, func(t *testing.T) {
			runAKKVDiff(t, newAKKV(t, kvDialect(), url, fallback), akKVSteps)
		})
	}
}

// runAKKVDiff signs up a user on each server and requires the same
// answers to steps from both, and the same storage entries at each dump.
func runAKKVDiff(t *testing.T, k *akKV, steps []akKVStep) {
	t.Helper()
	g, ts := k.side("Go", k.goc), k.side("TS", k.ts)
	for i, st := range steps {
		if st.dump {
			gd, gt := k.dump(g)
			td, tt := k.dump(ts)
			if gd != td {
				t.Fatalf("step %d: storage entries differ\nGo:\n%s\nTypeScript:\n%s", i, gd, td)
			}
			for e, ttl := range gt {
				if d := ttl - tt[e]; d > 5e9 || d < -5e9 {
					t.Fatalf("step %d: %s expires in %v on Go, %v on TypeScript", i, e, ttl, tt[e])
				}
			}
			continue
		}
		got, want := k.run(g, st), k.run(ts, st)
		if got != want {
			t.Fatalf("step %d %s %s\nGo:         %s\nTypeScript: %s", i, st.method, st.path, got, want)
		}
	}
}

// TestAPIKeyMixedStoragesDifferential: three key configurations, one
// per storage (the database, the secondary storage alone, the storage
// with fallbackToDatabase), each with sessions from its own header, on
// Go and TypeScript 1.7.5 sharing Redis and the database: a lookup goes
// where the configuration asked for keeps keys (the default one: the
// table), listing reads each storage once and keeps the first of a key
// seen twice, and every key works only from its own header.
func TestAPIKeyMixedStoragesDifferential(t *testing.T) {
	yes := true
	k := newAKKVWith(t, kvDialect(), redisURL(t), plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{
		{ConfigID: "default", EnableSessionForAPIKeys: true, EnableMetadata: true},
		{ConfigID: "kv", Storage: "secondary-storage", EnableSessionForAPIKeys: true, APIKeyHeaders: []string{"x-kv-key"}},
		{ConfigID: "cache", Storage: "secondary-storage", FallbackToDatabase: true, EnableSessionForAPIKeys: true,
			APIKeyHeaders: []string{"x-cache-key"}, StartingCharacters: plugins.APIKeyStartingCharacters{ShouldStore: &yes}},
	}}, `[{"configId":"default","enableSessionForAPIKeys":true,"enableMetadata":true},`+
		`{"configId":"kv","storage":"secondary-storage","enableSessionForAPIKeys":true,"apiKeyHeaders":["x-kv-key"]},`+
		`{"configId":"cache","storage":"secondary-storage","fallbackToDatabase":true,"enableSessionForAPIKeys":true,"apiKeyHeaders":["x-cache-key"]}]`)
	session := func(header, key string) akKVStep {
		return akKVStep{anon: true, method: "GET", path: "/get-session", headers: []string{header, key}}
	}
	runAKKVDiff(t, k, []akKVStep{
		{method: "POST", path: "/api-key/create", body: `{"name":"db"}`, save: "d1"},
		{method: "POST", path: "/api-key/create", body: `{"name":"kv","configId":"kv"}`, save: "v1"},
		{method: "POST", path: "/api-key/create", body: `{"name":"cache","configId":"cache"}`, save: "c1"},
		{dump: true},
		{method: "GET", path: "/api-key/list?sortBy=createdAt"},
		{dump: true},
		{method: "GET", path: "/api-key/list?configId=kv"},
		{method: "GET", path: "/api-key/list?configId=cache&sortBy=name"},
		{method: "GET", path: "/api-key/list?configId=default&sortBy=name"},
		{method: "GET", path: "/api-key/get?id={v1}"},
		{method: "GET", path: "/api-key/get?id={v1}&configId=kv"},
		{method: "GET", path: "/api-key/get?id={c1}"},
		{method: "GET", path: "/api-key/get?id={c1}&configId=cache"},
		{method: "POST", path: "/api-key/update", body: `{"keyId":"{v1}","configId":"kv","name":"kv2"}`},
		{method: "POST", path: "/api-key/update", body: `{"keyId":"{c1}","configId":"cache","name":"cache2"}`},
		{method: "POST", path: "/api-key/update", body: `{"keyId":"{c1}","name":"nope"}`},
		session("x-api-key", "{key:d1}"),
		session("x-kv-key", "{key:v1}"),
		session("x-cache-key", "{key:c1}"),
		session("x-api-key", "{key:v1}"),
		session("x-kv-key", "{key:c1}"),
		{dump: true},
		{method: "GET", path: "/api-key/list?sortBy=name&sortDirection=desc"},
		{method: "POST", path: "/api-key/delete", body: `{"keyId":"{v1}","configId":"kv"}`},
		{method: "POST", path: "/api-key/delete", body: `{"keyId":"{c1}","configId":"cache"}`},
		{method: "POST", path: "/api-key/delete", body: `{"keyId":"{d1}"}`},
		{method: "GET", path: "/api-key/list"},
		{dump: true},
	})
}
