package plugins

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// Key verification (routes/verify-api-key.ts, rate-limit.ts) and the
// session a key header makes (src/index.ts's before hook).

// akNum reads a number column: its value and whether it is not NULL.
func akNum(r core.Record, f string) (int64, bool) {
	switch v := r[f].(type) {
	case int64:
		return v, true
	case float64:
		return int64(v), true
	}
	return 0, false
}

func akTime(r core.Record, f string) (time.Time, bool) {
	t, ok := r[f].(time.Time)
	return t, ok
}

func keyID(r core.Record) string { s, _ := r["id"].(string); return s }

// validateKey is validateApiKey: the key's row, checked (enabled, not
// expired, permissions, quota) and its use counted (remaining, refill,
// rate limit), and the configuration it belongs to. expected, when not
// nil, is the configId the key must have.
func (rt *apiKeyRuntime) validateKey(x *core.Context, key string, lookup *akConfig, expected *string, perms map[string][]string, runValidator bool) (core.Record, *akConfig, error) {
	hashed := lookup.storedKey(key)
	row, err := rt.getByHash(x, lookup, hashed)
	if err != nil {
		return nil, nil, err
	}
	if row == nil {
		return nil, nil, akError(401, "INVALID_API_KEY")
	}
	if expected != nil && !configMatches(row["configId"], *expected) {
		return nil, nil, akError(401, "INVALID_API_KEY")
	}
	cfgID, _ := row["configId"].(string)
	cfg, err := rt.resolve(cfgID)
	if err != nil {
		return nil, nil, err
	}
	if runValidator && cfg.validator != nil {
		ok, err := cfg.validator(x, key)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, akError(401, "KEY_NOT_FOUND")
		}
	}
	if row["enabled"] == false {
		return nil, nil, akError(401, "KEY_DISABLED")
	}
	if exp, ok := akTime(row, "expiresAt"); ok && time.Now().After(exp) {
		if err := rt.removeKey(x, cfg, row); err != nil {
			return nil, nil, err
		}
		return nil, nil, akError(401, "KEY_EXPIRED")
	}
	if perms != nil {
		have, ok := keyPermissions(row)
		if !ok || !AdminRole(have).authorize(perms) {
			return nil, nil, akError(401, "KEY_NOT_FOUND")
		}
	}
	remaining, hasRemaining := akNum(row, "remaining")
	if _, hasRefill := akNum(row, "refillAmount"); hasRemaining && remaining == 0 && !hasRefill {
		if err := rt.removeKey(x, cfg, row); err != nil {
			return nil, nil, err
		}
		return nil, nil, akError(429, "USAGE_EXCEEDED")
	}
	if cfg.storage == akStorage {
		if row, err = rt.claimInStorage(x, cfg, row, hashed); err != nil {
			return nil, nil, err
		}
		return row, cfg, nil
	}
	if hasRemaining {
		if row, err = consumeRemaining(x, row); err != nil {
			return nil, nil, err
		}
	}
	if row, err = consumeRateLimit(x, row, cfg, 0); err != nil {
		return nil, nil, err
	}
	// The row count is not the test of existence: MySQL counts changed
	// rows, and a concurrent use may have written the same updatedAt.
	if _, err := x.Update("apikey", core.Record{"updatedAt": time.Now().UTC().Truncate(time.Millisecond)}, core.Where{Field: "id", Value: keyID(row)}); err != nil {
		return nil, nil, err
	}
	row, err = findKeyRow(x, core.Where{Field: "id", Value: keyID(row)})
	if err != nil {
		return nil, nil, err
	}
	if row == nil {
		return nil, nil, akError(401, "INVALID_API_KEY")
	}
	if err := rt.storeKey(x, cfg, row); err != nil {
		return nil, nil, err
	}
	return row, cfg, nil
}

// keyPermissions parses apikey.permissions (JSON resource → actions).
func keyPermissions(row core.Record) (map[string][]string, bool) {
	s, _ := row["permissions"].(string)
	if s == "" {
		return nil, false
	}
	var p map[string][]string
	if json.Unmarshal([]byte(s), &p) != nil || p == nil {
		return nil, false
	}
	return p, true
}

// reread returns the key's row as it is now, or 401 INVALID_API_KEY.
func reread(x *core.Context, id string) (core.Record, error) {
	row, err := findKeyRow(x, core.Where{Field: "id", Value: id})
	if err == nil && row == nil {
		err = akError(401, "INVALID_API_KEY")
	}
	return row, err
}

// consumeRemaining takes one use off remaining: a due refill (one
// request wins it, compare-and-swap on lastRefillAt) sets it to
// refillAmount - 1; otherwise it is decremented while above zero, or the
// request is refused (429 USAGE_EXCEEDED).
func consumeRemaining(x *core.Context, row core.Record) (core.Record, error) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	id := keyID(row)
	interval, hasInterval := akNum(row, "refillInterval")
	amount, hasAmount := akNum(row, "refillAmount")
	if hasInterval && hasAmount && interval != 0 && amount != 0 {
		last, ok := akTime(row, "lastRefillAt")
		if !ok {
			last, _ = akTime(row, "createdAt")
		}
		if now.Sub(last).Milliseconds() > interval {
			n, err := x.UpdateWhere("apikey", core.Record{"remaining": amount - 1, "lastRefillAt": now}, nil,
				core.Cond{Field: "id", Op: "eq", Value: id}, core.Cond{Field: "lastRefillAt", Op: "eq", Value: row["lastRefillAt"]})
			if err != nil {
				return nil, err
			}
			if n > 0 {
				return reread(x, id)
			}
		}
	}
	n, err := x.UpdateWhere("apikey", nil, map[string]int64{"remaining": -1},
		core.Cond{Field: "id", Op: "eq", Value: id}, core.Cond{Field: "remaining", Op: "gt", Value: int64(0)})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, akError(429, "USAGE_EXCEEDED")
	}
	return reread(x, id)
}

// consumeRateLimit is the per-key rate limit: a window of
// rateLimitTimeWindow ms counted from the last request, at most
// rateLimitMax requests in it; every step is a guarded write, retried on
// a fresh row when a concurrent request changed it first.
func consumeRateLimit(x *core.Context, row core.Record, cfg *akConfig, depth int) (core.Record, error) {
	if depth > 20 {
		return nil, errors.New("api-key: rate limit state keeps changing")
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	id := keyID(row)
	window, hasWindow := akNum(row, "rateLimitTimeWindow")
	max, hasMax := akNum(row, "rateLimitMax")
	if !cfg.rlEnabled || row["rateLimitEnabled"] == false {
		if _, err := x.Update("apikey", core.Record{"lastRequest": now}, core.Where{Field: "id", Value: id}); err != nil {
			return nil, err
		}
		return reread(x, id)
	}
	if !hasWindow || !hasMax {
		return row, nil
	}
	var guard core.Cond
	last, hasLast := akTime(row, "lastRequest")
	since := now.Sub(last).Milliseconds()
	count, _ := akNum(row, "requestCount")
	switch {
	case !hasLast:
		guard = core.Cond{Field: "lastRequest", Op: "eq"}
	case since > window:
		guard = core.Cond{Field: "lastRequest", Op: "lte", Value: now.Add(-time.Duration(window) * time.Millisecond)}
	case count >= max:
		return nil, rateLimited(window, since)
	default:
		n, err := x.UpdateWhere("apikey", core.Record{"lastRequest": now}, map[string]int64{"requestCount": 1},
			core.Cond{Field: "id", Op: "eq", Value: id},
			core.Cond{Field: "lastRequest", Op: "gt", Value: now.Add(-time.Duration(window) * time.Millisecond)},
			core.Cond{Field: "requestCount", Op: "lt", Value: max})
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return reread(x, id)
		}
		fresh, err := reread(x, id)
		if err != nil {
			return nil, err
		}
		return consumeRateLimit(x, fresh, cfg, depth+1)
	}
	n, err := x.UpdateWhere("apikey", core.Record{"requestCount": int64(1), "lastRequest": now}, nil,
		core.Cond{Field: "id", Op: "eq", Value: id}, guard)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return reread(x, id)
	}
	fresh, err := reread(x, id)
	if err != nil {
		return nil, err
	}
	return consumeRateLimit(x, fresh, cfg, depth+1)
}

// rateLimited is the per-key limit's refusal: 429 RATE_LIMITED with
// the milliseconds until the window ends.
func rateLimited(window, since int64) *core.APIError {
	e := akError(429, "RATE_LIMITED")
	e.Message = akMessages["RATE_LIMIT_EXCEEDED"]
	e.Details = json.RawMessage(`{"tryAgainIn":` + strconv.FormatInt(int64(math.Ceil(float64(window-since))), 10) + `}`)
	return e
}

// headerKey is getApiKeyFromConfig: the first non-empty header of the
// configuration's, or the custom getter's answer.
func (c *akConfig) headerKey(x *core.Context) string {
	if c.getter != nil {
		return c.getter(x)
	}
	for _, h := range c.headers {
		if v := x.Request().Header.Get(h); v != "" {
			return v
		}
	}
	return ""
}

// findKey is findApiKeyAndConfig: the first configuration with sessions
// for keys whose header the request carries.
func (rt *apiKeyRuntime) findKey(x *core.Context) (string, *akConfig) {
	for _, c := range rt.configs {
		if !c.session {
			continue
		}
		if k := c.headerKey(x); k != "" {
			return k, c
		}
	}
	return "", nil
}

func (rt *apiKeyRuntime) sessionMatch(x *core.Context) bool {
	k, _ := rt.findKey(x)
	return k != ""
}

// sessionHook is the plugin's before hook: a valid key in the headers is
// the session of its user for the request; /get-session answers with it.
func (rt *apiKeyRuntime) sessionHook(x *core.Context) (json.RawMessage, error) {
	session, user, err := rt.keySession(x)
	if err != nil {
		return nil, err
	}
	x.SetSession(session, user)
	if x.Path() != "/get-session" {
		return nil, nil
	}
	var u strings.Builder
	u.WriteByte('{')
	for _, f := range append(rt.userFields, "id") {
		writeJSString(&u, f)
		u.WriteByte(':')
		writeValue(&u, user[f])
		u.WriteByte(',')
	}
	ub := strings.TrimSuffix(u.String(), ",") + "}"
	s, err := core.JSON(struct {
		ID        any `json:"id"`
		Token     any `json:"token"`
		UserID    any `json:"userId"`
		UserAgent any `json:"userAgent"`
		IPAddress any `json:"ipAddress"`
		CreatedAt any `json:"createdAt"`
		UpdatedAt any `json:"updatedAt"`
		ExpiresAt any `json:"expiresAt"`
	}{session["id"], session["token"], session["userId"], session["userAgent"], session["ipAddress"],
		jsDate(session["createdAt"].(time.Time)), jsDate(session["updatedAt"].(time.Time)), jsDate(session["expiresAt"].(time.Time))})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"user":` + ub + `,"session":` + string(s) + `}`), nil
}

// keySession checks the request's key (which findKey found) and builds
// the session 1.7.5 mocks for it: id the key's id, token the key itself,
// expiresAt the key's or the session lifetime from now.
func (rt *apiKeyRuntime) keySession(x *core.Context) (session, user core.Record, err error) {
	key, cfg := rt.findKey(x)
	if core.JSLength(key) < cfg.keyLen {
		return nil, nil, akError(403, "INVALID_API_KEY")
	}
	if cfg.validator != nil {
		ok, err := cfg.validator(x, key)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, akError(403, "INVALID_API_KEY")
		}
	}
	var expected *string
	if cfg.id != "" {
		expected = &cfg.id
	}
	row, _, err := rt.validateKey(x, key, cfg, expected, nil, false)
	if err != nil {
		return nil, nil, err
	}
	rt.sweep(x, false)
	refID, _ := row["referenceId"].(string)
	user, err = x.FindOne("user", core.Where{Field: "id", Value: refID})
	if err != nil {
		return nil, nil, err
	}
	if user == nil {
		return nil, nil, akError(401, "INVALID_REFERENCE_ID_FROM_API_KEY")
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	expires, ok := akTime(row, "expiresAt")
	if !ok {
		// getDate(session.expiresIn, "ms"): 1.7.5 reads the seconds as
		// milliseconds (a week is about ten minutes).
		expires = now.Add(x.SessionExpiresIn() / 1000)
	}
	var ip any
	if s := x.ClientIP(); s != "" {
		ip = s
	}
	var ua any
	if v := x.Request().Header.Values("User-Agent"); len(v) > 0 {
		ua = x.UserAgent()
	}
	session = core.Record{
		"id": keyID(row), "token": key, "userId": refID, "userAgent": ua, "ipAddress": ip,
		"createdAt": now, "updatedAt": now, "expiresAt": expires,
	}
	return session, user, nil
}

func jsDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
