package plugins

import (
	"time"

	"github.com/authctl/authctl/core"
)

// claimInStorage is claimUsageInSecondaryStorage: a key kept in the
// storage alone has no row to guard, so its use is counted as 1.7.5
// counts it, by read-modify-write: remaining (refilled when due) and the
// rate-limit counter are worked out from the key as read, then merged
// into the key read again and written back. Concurrent uses (on any
// server) can lose a count, the race 1.7.5 documents for this mode
// (FIXME(api-key-secondary-atomic)); FallbackToDatabase keeps the
// counters in the table, guarded.
func (rt *apiKeyRuntime) claimInStorage(x *core.Context, cfg *akConfig, row core.Record, hashed string) (core.Record, error) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	remaining, lastRefillAt := row["remaining"], row["lastRefillAt"]
	if left, ok := akNum(row, "remaining"); ok {
		interval, _ := akNum(row, "refillInterval")
		amount, _ := akNum(row, "refillAmount")
		last, ok := akTime(row, "lastRefillAt")
		if !ok {
			last, _ = akTime(row, "createdAt")
		}
		if interval != 0 && amount != 0 && now.Sub(last).Milliseconds() > interval {
			left, lastRefillAt = amount, now
		}
		if left == 0 {
			return nil, akError(429, "USAGE_EXCEEDED")
		}
		remaining = left - 1
	}
	names, set, err := rateLimitSnapshot(row, cfg, now)
	if err != nil {
		return nil, err
	}
	names = append(names, "remaining", "lastRefillAt", "updatedAt")
	set["remaining"], set["lastRefillAt"], set["updatedAt"] = remaining, lastRefillAt, now
	fresh, err := rt.getByHash(x, cfg, hashed)
	if err != nil {
		return nil, err
	}
	if fresh == nil {
		return nil, akError(500, "FAILED_TO_UPDATE_API_KEY")
	}
	merged := withValues(fresh, names, set)
	if err := rt.storeKey(x, cfg, merged); err != nil {
		return nil, err
	}
	return merged, nil
}

// rateLimitSnapshot is evaluateRateLimit applied to a stored key
// (applyRateLimitToSnapshot): the fields to write, or the refusal.
func rateLimitSnapshot(row core.Record, cfg *akConfig, now time.Time) ([]string, core.Record, error) {
	if !cfg.rlEnabled || row["rateLimitEnabled"] == false {
		return []string{"lastRequest"}, core.Record{"lastRequest": now}, nil
	}
	window, hasWindow := akNum(row, "rateLimitTimeWindow")
	max, hasMax := akNum(row, "rateLimitMax")
	if !hasWindow || !hasMax {
		return nil, core.Record{}, nil
	}
	names := []string{"lastRequest", "requestCount"}
	last, hasLast := akTime(row, "lastRequest")
	since := now.Sub(last).Milliseconds()
	count, _ := akNum(row, "requestCount")
	switch {
	case !hasLast || since > window:
		return names, core.Record{"lastRequest": now, "requestCount": int64(1)}, nil
	case count >= max:
		return nil, nil, rateLimited(window, since)
	}
	return names, core.Record{"lastRequest": now, "requestCount": count + 1}, nil
}
