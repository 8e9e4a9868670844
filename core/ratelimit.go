package core

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rate limiting as Better Auth 1.7.5 does it (onRequestRateLimit in
// better-auth/dist/api/rate-limiter/index.mjs): on by default only in
// production, 100 requests per 10 s per client address and path, 3 per
// 10 s on sign-in, sign-up, change-password and change-email, 3 per 60 s on
// the mail-sending paths. Each request is counted in one atomic step
// (storage.consume), so that concurrent requests cannot all pass a stale
// read:
//   - memory: decideConsume under a lock; the window is measured from the
//     last allowed request;
//   - the rateLimit table: createDatabaseStorageWrapper's conditional
//     updates (the count is raised only where it is still under the limit
//     and the window still open), with an insert for a new key that, on a
//     unique-key conflict, retries against the row that won;
//   - SecondaryStorage: increment, a fixed window from the first request.
//
// A storage error refuses the request (an empty 500), where 1.7.5's
// onRequest hook throws.

type rateRule struct {
	window time.Duration
	max    int
}

// rateStore counts requests for one key.
type rateStore interface {
	// consume records one request and reports whether it is allowed; when
	// not, retry is the time until it would be.
	consume(ctx context.Context, key string, rule rateRule) (ok bool, retry time.Duration, err error)
}

// rateLimiter is the storage and its once-only warning.
type rateLimiter struct {
	store rateStore
	noIP  sync.Once
}

// newRateLimiter resolves RateLimit; nil when rate limiting is off. Its
// errors are configuration errors, reported by Open.
func newRateLimiter(rt *runtime) (*rateLimiter, error) {
	o := rt.opts
	rt.rateWindow = durationOr(o.RateLimit.Window, 10*time.Second)
	rt.rateMax = intOr(o.RateLimit.Max, 100)
	for p := range o.RateLimit.CustomRules {
		if strings.Contains(p, "*") {
			rt.ratePatterns = append(rt.ratePatterns, p)
		}
	}
	sort.Strings(rt.ratePatterns)
	enabled := rt.production
	if o.RateLimit.Enabled != nil {
		enabled = *o.RateLimit.Enabled
	}
	if !enabled {
		return nil, nil
	}
	if o.Advanced.IPAddress.DisableTracking {
		rt.log.Warn("better-auth: Advanced.IPAddress.DisableTracking turns rate limiting off, as in Better Auth: limits are per client address")
		return nil, nil
	}
	storage := o.RateLimit.Storage
	if storage == "" {
		storage = RateLimitMemory
		if o.SecondaryStorage != nil {
			storage = RateLimitSecondaryStorage
		}
	}
	var s rateStore
	switch storage {
	case RateLimitMemory:
		s = newMemoryRates()
	case RateLimitDatabase:
		if rt.st.rateLimit == nil {
			return nil, fmt.Errorf("RateLimit.Storage %q needs the rateLimit table", storage)
		}
		d := &dbRates{st: rt.st, log: rt.log, longest: rt.rateWindow}
		d.longest = max(d.longest, 60*time.Second) // the default rules' windows
		for _, r := range o.RateLimit.CustomRules {
			if r != nil {
				d.longest = max(d.longest, r.Window)
			}
		}
		s = d
	case RateLimitSecondaryStorage:
		if o.SecondaryStorage == nil {
			return nil, fmt.Errorf("RateLimit.Storage is %q but Options.SecondaryStorage is nil", storage)
		}
		inc, ok := o.SecondaryStorage.(SecondaryStorageIncrementer)
		if !ok {
			return nil, fmt.Errorf("rate limits in SecondaryStorage need an atomic counter: %T must implement core.SecondaryStorageIncrementer (Increment), or set RateLimit.Storage", o.SecondaryStorage)
		}
		s = kvRates{inc}
	default:
		return nil, fmt.Errorf("RateLimit.Storage %q: want %q, %q or %q", storage, RateLimitMemory, RateLimitDatabase, RateLimitSecondaryStorage)
	}
	return &rateLimiter{store: s}, nil
}

// ruleFor returns the rule for a path relative to the base path, or false
// when the path is not limited.
func (rt *runtime) ruleFor(path string) (rateRule, bool) {
	rule := rateRule{rt.rateWindow, rt.rateMax}
	switch {
	case strings.HasPrefix(path, "/sign-in"), strings.HasPrefix(path, "/sign-up"),
		strings.HasPrefix(path, "/change-password"), strings.HasPrefix(path, "/change-email"):
		rule = rateRule{10 * time.Second, 3}
	case path == "/request-password-reset", path == "/send-verification-email",
		strings.HasPrefix(path, "/forget-password"),
		path == "/email-otp/send-verification-otp", path == "/email-otp/request-password-reset":
		rule = rateRule{60 * time.Second, 3}
	}
	if r, ok := rt.pluginRateRule(path); ok {
		rule = r
	}
	custom, found := rt.opts.RateLimit.CustomRules[path]
	if !found {
		for _, pattern := range rt.ratePatterns {
			if wildcard(pattern, path) {
				custom, found = rt.opts.RateLimit.CustomRules[pattern], true
				break
			}
		}
	}
	if found {
		if custom == nil {
			return rule, false
		}
		rule = rateRule{custom.Window, custom.Max}
	}
	return rule, true
}

// rateLimited answers the request and returns true when it is over its
// limit (429) or the limit cannot be checked (500).
func (rt *runtime) rateLimited(w http.ResponseWriter, r *http.Request, path string) bool {
	if rt.limiter == nil {
		return false
	}
	rule, ok := rt.ruleFor(path)
	if !ok {
		return false
	}
	ip := rt.clientIP(r)
	if ip == "" {
		if rt.ip.disabled {
			return false // 1.7.5: no address, no limit
		}
		rt.limiter.noIP.Do(func() {
			rt.log.Warn("better-auth: rate limiting found no client address and uses one shared bucket per path; see Advanced.IPAddress")
		})
		ip = "no-trusted-ip"
	}
	allowed, retry, err := rt.limiter.store.consume(r.Context(), ip+"|"+path, rule)
	if err != nil {
		// Fail closed: a broken store must not switch the limits off.
		if rt.secondaryFailed(err, "rate limit") == errSecondaryUnavailable {
			writeSecondaryUnavailable(w)
			return true
		}
		rt.log.Error("better-auth: rate limit storage failed; request refused", "path", path, "err", redactDBError(err))
		w.WriteHeader(http.StatusInternalServerError)
		return true
	}
	if allowed {
		return false
	}
	secs := int((retry + time.Second - 1) / time.Second)
	w.Header().Set("X-Retry-After", strconv.Itoa(secs))
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"message":"Too many requests. Please try again later."}`))
	return true
}

// step is decideConsume for one counter: a new window, one more request,
// or a refusal.
func step(count int, last, now time.Time, rule rateRule) (newCount int, allowed bool, retry time.Duration) {
	if count == 0 || now.Sub(last) >= rule.window {
		return 1, true, 0
	}
	if count >= rule.max {
		return count, false, last.Add(rule.window).Sub(now)
	}
	return count + 1, true, 0
}

// memoryRates keeps counters in a map, swept of stale keys as it grows.
type memoryRates struct {
	mu      sync.Mutex
	m       map[string]rateEntry
	sweepAt int
}

type rateEntry struct {
	count int
	last  time.Time
}

func newMemoryRates() *memoryRates { return &memoryRates{m: map[string]rateEntry{}, sweepAt: 1024} }

func (s *memoryRates) consume(_ context.Context, key string, rule rateRule) (bool, time.Duration, error) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.m[key]
	n, ok, retry := step(e.count, e.last, now, rule)
	if ok {
		s.m[key] = rateEntry{n, now}
	}
	if len(s.m) >= s.sweepAt {
		for k, e := range s.m {
			if now.Sub(e.last) > time.Hour {
				delete(s.m, k)
			}
		}
		s.sweepAt = max(1024, 2*len(s.m))
	}
	return ok, retry, nil
}

// dbRates keeps counters in the rateLimit table (key, count, lastRequest
// in milliseconds), shareable with a TypeScript server.
type dbRates struct {
	st      *store
	log     *slog.Logger
	mu      sync.Mutex
	longest time.Duration // the longest window seen: older rows are pruned
}

// maxRateAttempts bounds the retries of a key contended by concurrent
// requests; past it the request is refused as over the limit.
const maxRateAttempts = 16

func (s *dbRates) consume(ctx context.Context, key string, rule rateRule) (bool, time.Duration, error) {
	m, ph := s.st.rateLimit, s.st.ph
	cnt, lastReq, k := m.cols["count"], m.cols["lastRequest"], m.cols["key"]
	win := rule.window.Milliseconds()
	for range maxRateAttempts {
		last, found, err := s.read(ctx, key)
		if err != nil {
			return false, 0, err
		}
		now := time.Now().UnixMilli()
		if !found {
			_, err := s.st.insert(ctx, s.st.rateLimit, record{"key": key, "count": int64(1), "lastRequest": now})
			if err == nil {
				return true, 0, nil
			}
			// A concurrent request created the row first (a unique-key
			// conflict): count against it. Without a row the insert failed
			// for another reason.
			if _, found, rerr := s.read(ctx, key); rerr != nil || !found {
				return false, 0, err
			}
			continue
		}
		if now-last >= win {
			// A new window, unless another request started it first.
			n, err := s.exec(ctx, "UPDATE "+m.name+" SET "+cnt+" = 1, "+lastReq+" = "+ph(1)+
				" WHERE "+k+" = "+ph(2)+" AND "+lastReq+" <= "+ph(3), now, key, last)
			if err != nil {
				return false, 0, err
			}
			if n > 0 {
				s.prune(ctx, now, rule.window)
				return true, 0, nil
			}
			continue
		}
		// One more request, if the window is still open and the limit not
		// reached.
		n, err := s.exec(ctx, "UPDATE "+m.name+" SET "+cnt+" = "+cnt+" + 1, "+lastReq+" = "+ph(1)+
			" WHERE "+k+" = "+ph(2)+" AND "+lastReq+" > "+ph(3)+" AND "+cnt+" < "+ph(4), now, key, now-win, int64(rule.max))
		if err != nil {
			return false, 0, err
		}
		if n > 0 {
			return true, 0, nil
		}
		fresh, found, err := s.read(ctx, key)
		if err != nil {
			return false, 0, err
		}
		if !found || time.Now().UnixMilli()-fresh >= win {
			continue // deleted, or its window ended meanwhile
		}
		return false, time.Until(time.UnixMilli(fresh + win)), nil
	}
	return false, rule.window, nil
}

// read returns the key's lastRequest (milliseconds), found false without
// a row.
func (s *dbRates) read(ctx context.Context, key string) (last int64, found bool, err error) {
	row, err := s.st.findOne(ctx, s.st.rateLimit, cond{"key", key})
	if err != nil || row == nil {
		return 0, false, err
	}
	return toInt64(row["lastRequest"]), true, nil
}

// exec runs an UPDATE and returns the number of rows it changed. (Each
// update here changes every row it matches, so MySQL's count of changed
// rows is the count of matched ones.)
func (s *dbRates) exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := s.st.db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// prune deletes the rows whose window has ended, as 1.7.5 does after
// starting a new window; a failure is only logged.
func (s *dbRates) prune(ctx context.Context, now int64, window time.Duration) {
	s.mu.Lock()
	s.longest = max(s.longest, window)
	cutoff := now - s.longest.Milliseconds()
	s.mu.Unlock()
	m := s.st.rateLimit
	q := "DELETE FROM " + m.name + " WHERE " + m.cols["lastRequest"] + " < " + s.st.ph(1)
	if _, err := s.st.db.ExecContext(ctx, q, cutoff); err != nil {
		s.log.Error("better-auth: pruning rate limit rows failed", "err", redactDBError(err))
	}
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case string:
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	}
	return 0
}

// kvRates counts in SecondaryStorage with its atomic increment; the count
// expires a window after the first request.
type kvRates struct{ kv SecondaryStorageIncrementer }

func (s kvRates) consume(ctx context.Context, key string, rule rateRule) (bool, time.Duration, error) {
	n, err := s.kv.Increment(ctx, key, rule.window)
	if err != nil {
		return false, 0, kvErr(err)
	}
	if n <= int64(rule.max) {
		return true, 0, nil
	}
	return false, rule.window, nil
}
