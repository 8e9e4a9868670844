package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultKeyPrefix is @better-auth/redis-storage's default keyPrefix.
const DefaultKeyPrefix = "better-auth:"

// ErrUnavailable is wrapped by the errors of a Store that could not talk
// to Redis (connection refused, timeout, Redis loading or shutting down).
var ErrUnavailable = errors.New("redis is unavailable")

// Options configures a Store.
type Options struct {
	// KeyPrefix goes before every key. Nil means DefaultKeyPrefix (as
	// @better-auth/redis-storage); point to "" for bare keys, which is what
	// a TypeScript secondaryStorage writing raw keys uses.
	KeyPrefix *string
}

// Store is a core.SecondaryStorage and core.SecondaryStorageIncrementer on
// one go-redis client. It is safe for concurrent use.
type Store struct {
	c      redis.UniversalClient
	prefix string
	own    bool
}

// New wraps a client the application configured (pool size, TLS,
// Sentinel or Cluster); Close then leaves the client open.
func New(c redis.UniversalClient, o Options) *Store {
	p := DefaultKeyPrefix
	if o.KeyPrefix != nil {
		p = *o.KeyPrefix
	}
	return &Store{c: c, prefix: p}
}

// Open connects to the Redis at url ("redis://[:password@]host:port/db",
// or "rediss://" for TLS) with short timeouts, so that a Redis that is down
// fails requests in well under a second rather than holding them. It does
// not wait for Redis: a Redis that is down at start-up only makes the
// requests that need it fail until it is up (Ping checks it).
func Open(url string, o Options) (*Store, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, errors.New("redisstore: the Redis URL does not parse (want redis://host:6379/0)")
	}
	if opt.DialTimeout == 5*time.Second { // go-redis's default
		opt.DialTimeout = 500 * time.Millisecond
	}
	if opt.ReadTimeout == 3*time.Second {
		opt.ReadTimeout = time.Second
	}
	if opt.WriteTimeout == 3*time.Second {
		opt.WriteTimeout = time.Second
	}
	// One quick retry: a pooled connection Redis closed (a restart) fails
	// once and is redialled.
	opt.MaxRetries = 1
	s := New(redis.NewClient(opt), o)
	s.own = true
	return s, nil
}

// Client is the underlying client.
func (s *Store) Client() redis.UniversalClient { return s.c }

// Close closes the client if Open made it.
func (s *Store) Close() error {
	if s.own {
		return s.c.Close()
	}
	return nil
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error { return s.wrap("PING", s.c.Ping(ctx).Err()) }

// Get returns the value at key, "" when there is none.
func (s *Store) Get(ctx context.Context, key string) (string, error) {
	v, err := s.c.Get(ctx, s.prefix+key).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return v, s.wrap("GET", err)
}

// Set stores value at key; a ttl under one second is rounded up to one
// second (SETEX takes seconds) and a ttl of 0 or less stores it without
// expiry, as @better-auth/redis-storage does.
func (s *Store) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	if ttl <= 0 {
		return s.wrap("SET", s.c.Set(ctx, s.prefix+key, value, 0).Err())
	}
	secs := (ttl + time.Second - 1) / time.Second
	return s.wrap("SETEX", s.c.SetEx(ctx, s.prefix+key, value, secs*time.Second).Err())
}

// Delete removes key; an absent key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	return s.wrap("DEL", s.c.Del(ctx, s.prefix+key).Err())
}

// GetAndDelete returns the value at key and removes it in one step
// (GETDEL, Redis 6.2 and later), "" when there was none: Better Auth 1.7.5's
// getAndDelete, for single-use values.
func (s *Store) GetAndDelete(ctx context.Context, key string) (string, error) {
	v, err := s.c.GetDel(ctx, s.prefix+key).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return v, s.wrap("GETDEL", err)
}

// incrementScript is @better-auth/redis-storage's: the TTL is set only when
// the counter was just created, so the window is fixed from the first
// request, and INCR and EXPIRE cannot be split by a crash.
var incrementScript = redis.NewScript(`
local value = redis.call("INCR", KEYS[1])
if value == 1 then
  redis.call("EXPIRE", KEYS[1], ARGV[1])
end
return value
`)

// Increment adds one to the counter at key and returns the new count; a
// new counter expires ttl (rounded up to whole seconds, at least one)
// after its creation, and later increments never extend it.
func (s *Store) Increment(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	secs := int64((ttl + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	n, err := incrementScript.Run(ctx, s.c, []string{s.prefix + key}, secs).Int64()
	return n, s.wrap("INCR", err)
}

// wrap names the command and, for a connection failure, ErrUnavailable.
// go-redis's errors name the address, never the password.
func (s *Store) wrap(cmd string, err error) error {
	if err == nil {
		return nil
	}
	if unavailable(err) {
		return fmt.Errorf("redisstore: %s: %w (%v)", cmd, ErrUnavailable, err)
	}
	return fmt.Errorf("redisstore: %s: %w", cmd, err)
}

func unavailable(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, redis.ErrClosed) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"LOADING", "connection refused", "connection reset", "broken pipe", "EOF", "i/o timeout", "pool timeout"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
