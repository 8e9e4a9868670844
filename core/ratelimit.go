package core

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rate limiting as Better Auth does it: on by default only in production,
// 100 requests per 10 s per client IP and path, 3 per 10 s on sign-in,
// sign-up, change-password and change-email, 3 per 60 s on the mail-sending
// paths. The window is measured from the last allowed request. Counters
// live in memory (per process), in the rateLimit table, or in
// SecondaryStorage.

type rateRule struct {
	window time.Duration
	max    int
}

// rateStore counts requests for one key.
type rateStore interface {
	// hit records a request at now and reports whether it is allowed; when
	// not, retry is the time until the window ends.
	hit(ctx context.Context, key string, rule rateRule, now time.Time) (ok bool, retry time.Duration, err error)
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

// rateLimited answers 429 and returns true when the request is over its
// limit.
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
		ip = "no-trusted-ip"
	}
	allowed, retry, err := rt.limiter.hit(r.Context(), ip+"|"+path, rule, time.Now())
	if err != nil {
		// A broken rate-limit store must not lock everyone out.
		rt.log.Error("better-auth: rate limit storage failed; request allowed", "err", err)
		return false
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

// step applies Better Auth's algorithm to one counter.
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

func (s *memoryRates) hit(_ context.Context, key string, rule rateRule, now time.Time) (bool, time.Duration, error) {
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
type dbRates struct{ st *store }

func (s dbRates) hit(ctx context.Context, key string, rule rateRule, now time.Time) (bool, time.Duration, error) {
	m := s.st.rateLimit
	row, err := s.st.findOne(ctx, m, cond{"key", key})
	if err != nil {
		return false, 0, err
	}
	if row == nil {
		_, err := s.st.insert(ctx, m, record{"key": key, "count": int64(1), "lastRequest": now.UnixMilli()})
		return true, 0, err
	}
	count, _ := row["count"].(int64)
	last, _ := row["lastRequest"].(int64)
	n, ok, retry := step(int(count), time.UnixMilli(last), now, rule)
	if !ok {
		return false, retry, nil
	}
	_, err = s.st.update(ctx, m, record{"count": int64(n), "lastRequest": now.UnixMilli()}, cond{"key", key})
	return true, 0, err
}

// storageRates keeps counters in SecondaryStorage as Better Auth's JSON.
type storageRates struct{ kv SecondaryStorage }

func (s storageRates) hit(ctx context.Context, key string, rule rateRule, now time.Time) (bool, time.Duration, error) {
	var e struct {
		Key         string `json:"key"`
		Count       int    `json:"count"`
		LastRequest int64  `json:"lastRequest"`
	}
	raw, err := s.kv.Get(ctx, key)
	if err != nil {
		return false, 0, err
	}
	if raw != "" {
		_ = json.Unmarshal([]byte(raw), &e)
	}
	n, ok, retry := step(e.Count, time.UnixMilli(e.LastRequest), now, rule)
	if !ok {
		return false, retry, nil
	}
	e.Key, e.Count, e.LastRequest = key, n, now.UnixMilli()
	b, _ := json.Marshal(e)
	return true, 0, s.kv.Set(ctx, key, string(b), rule.window)
}

// clientIP is the session's ipAddress and the rate-limit key: the first
// configured header holding a single valid IP, else the connection's
// address.
func (rt *runtime) clientIP(r *http.Request) string {
	if rt.opts.Advanced.DisableIPTracking {
		return ""
	}
	for _, h := range rt.ipHeaders {
		v := strings.TrimSpace(r.Header.Get(h))
		if ip := net.ParseIP(v); ip != nil {
			if v4 := ip.To4(); v4 != nil {
				return v4.String() // ::ffff:1.2.3.4 → 1.2.3.4, as Better Auth
			}
			return v
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.To4() != nil {
		return ip.To4().String()
	}
	return host
}
