// Package redisstore is a core.SecondaryStorage on Redis (go-redis v9), for
// running several authctl instances, or authctl beside a TypeScript Better
// Auth 1.7.5 server, on one Redis: sessions, verification values and rate
// limits written by one are read by all.
//
// It stores exactly what @better-auth/redis-storage 1.7.5 stores: every key
// behind the same prefix (default "better-auth:"), values as the JSON text
// the caller gives, TTLs in whole seconds with SETEX (no TTL: a key that
// does not expire), and the rate-limit counter as one Lua script (INCR,
// then EXPIRE when the counter was just created), so that a TypeScript
// server configured with redisStorage({ client }) on the same Redis shares
// every key with the Go handler.
//
// It is its own package so that applications not using Redis do not
// compile a Redis client:
//
//	store, err := redisstore.Open("redis://127.0.0.1:6379/0", redisstore.Options{})
//	if err != nil { … }
//	defer store.Close()
//	auth := core.New(core.Options{SecondaryStorage: store, …})
//
// New wraps a go-redis client you configured yourself (TLS, Sentinel,
// Cluster, pool size).
//
// When Redis cannot be reached every call fails fast with an error that
// names Redis and wraps ErrUnavailable (never the URL or its password); the
// handler then refuses the request with a 503 and serves again as soon as
// Redis answers, without a restart: go-redis reconnects on its own. Open
// does not contact Redis, so a Redis that is down at start-up does not
// stop the application (Store.Ping checks it, for a readiness probe).
package redisstore
