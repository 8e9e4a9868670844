package plugins

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
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
	row, err := x.FindOne("apikey", core.Where{Field: "key", Value: lookup.storedKey(key)})
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
		if err := x.Delete("apikey", core.Where{Field: "id", Value: keyID(row)}); err != nil {
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
		if err := x.Delete("apikey", core.Where{Field: "id", Value: keyID(row)}); err != nil {
			return nil, nil, err
		}
		return nil, nil, akError(429, "USAGE_EXCEEDED")
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
	row, err = x.FindOne("apikey", core.Where{Field: "id", Value: keyID(row)})
	if err != nil {
		return nil, nil, err
	}
	if row == nil {
		return nil, nil, akError(401, "INVALID_API_KEY")
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
	row, err := x.FindOne("apikey", core.Where{Field: "id", Value: id})
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
		e := akError(429, "RATE_LIMITED")
		e.Message = akMessages["RATE_LIMIT_EXCEEDED"]
		e.Details = json.RawMessage(`{"tryAgainIn":` + strconv.FormatInt(int64(math.Ceil(float64(window-since))), 10) + `}`)
		return nil, e
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
// the session of its user for the request (id: the key's id, token: the
// key itself, expiresAt: the key's or the session lifetime from now);
// /get-session answers with it.
func (rt *apiKeyRuntime) sessionHook(x *core.Context) (json.RawMessage, error) {
	key, cfg := rt.findKey(x)
	if JSLengthOf(key) < cfg.keyLen {
		return nil, akError(403, "INVALID_API_KEY")
	}
	if cfg.validator != nil {
		ok, err := cfg.validator(x, key)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, akError(403, "INVALID_API_KEY")
		}
	}
	var expected *string
	if cfg.id != "" {
		expected = &cfg.id
	}
	row, _, err := rt.validateKey(x, key, cfg, expected, nil, false)
	if err != nil {
		return nil, err
	}
	rt.sweep(x, false)
	refID, _ := row["referenceId"].(string)
	user, err := x.FindOne("user", core.Where{Field: "id", Value: refID})
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, akError(401, "INVALID_REFERENCE_ID_FROM_API_KEY")
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	expires, ok := akTime(row, "expiresAt")
	if !ok {
		expires = now.Add(x.SessionExpiresIn() / 1000) // getDate(expiresIn seconds, "ms"), as 1.7.5 computes it
	}
	var ip any
	if s := x.ClientIP(); s != "" {
		ip = s
	}
	var ua any
	if v := x.Request().Header.Values("User-Agent"); len(v) > 0 {
		ua = x.UserAgent()
	}
	session := core.Record{
		"id": keyID(row), "token": key, "userId": refID, "userAgent": ua, "ipAddress": ip,
		"createdAt": now, "updatedAt": now, "expiresAt": expires,
	}
	x.SetSession(session, user)
	if x.Path() != "/get-session" {
		return nil, nil
	}
	u, err := x.Row("user", user)
	if err != nil {
		return nil, err
	}
	s, err := core.JSON(struct {
		ID        any `json:"id"`
		Token     any `json:"token"`
		UserID    any `json:"userId"`
		UserAgent any `json:"userAgent"`
		IPAddress any `json:"ipAddress"`
		CreatedAt any `json:"createdAt"`
		UpdatedAt any `json:"updatedAt"`
		ExpiresAt any `json:"expiresAt"`
	}{keyID(row), key, refID, ua, ip, jsDate(now), jsDate(now), jsDate(expires)})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"user":` + string(u) + `,"session":` + string(s) + `}`), nil
}

func jsDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// JSLengthOf is a string's length in UTF-16 code units.
func JSLengthOf(s string) int { return core.JSLength(s) }

// VerifyAPIKeyOptions are the arguments of VerifyAPIKey beside the key
// (Better Auth's verifyApiKey body).
type VerifyAPIKeyOptions struct {
	// ConfigID scopes verification to one configuration; "" checks the
	// key against its own.
	ConfigID string
	// Permissions the key must have (resource → actions, all required).
	Permissions map[string][]string
	// Request, when set, is the request the key came with (for custom
	// validators); nil is a server-side call.
	Request *http.Request
}

// APIKeyVerification is VerifyAPIKey's answer, as auth.api.verifyApiKey's
// {valid, error, key}: Valid with Key (the key's row as JSON, without the
// hashed key), or Error (code and message) when the key is refused.
type APIKeyVerification struct {
	Valid bool
	Error *core.APIError
	Key   json.RawMessage
}

// VerifyAPIKey is Better Auth 1.7.5's auth.api.verifyApiKey for Go code
// behind the handler: it checks key as the api-key plugin configured in a
// does (enabled, expiry, permissions, remaining with refill, the per-key
// rate limit) and counts the use, exactly as a request with the key
// would, so a TypeScript server sharing the database sees the same
// counters. A refused key is a result (Valid false, Error set), not an
// error; the error is for a missing plugin or a failing database.
func VerifyAPIKey(ctx context.Context, a *core.Auth, key string, o VerifyAPIKeyOptions) (*APIKeyVerification, error) {
	var p *apiKeyPlugin
	for _, q := range a.Options().Plugins {
		if ak, ok := q.(*apiKeyPlugin); ok {
			p = ak
		}
	}
	if p == nil {
		return nil, errors.New("VerifyAPIKey: the auth has no APIKey plugin")
	}
	var out *APIKeyVerification
	err := a.Call(ctx, o.Request, func(x *core.Context) error {
		p.mu.Lock()
		rt := p.rt
		p.mu.Unlock()
		if rt == nil {
			return errors.New("VerifyAPIKey: the APIKey plugin did not start")
		}
		lookup, err := rt.resolve(o.ConfigID)
		if err != nil {
			return err
		}
		refuse := func(e *core.APIError) { out = &APIKeyVerification{Error: e} }
		if o.ConfigID != "" && lookup.validator != nil {
			ok, err := lookup.validator(x, key)
			if err != nil {
				return err
			}
			if !ok {
				refuse(core.NewAPIError(401, "KEY_NOT_FOUND", akMessages["INVALID_API_KEY"]))
				return nil
			}
		}
		var expected *string
		if o.ConfigID != "" {
			expected = &o.ConfigID
		}
		row, _, err := rt.validateKey(x, key, lookup, expected, o.Permissions, o.ConfigID == "")
		var api *core.APIError
		if errors.As(err, &api) {
			refuse(api)
			return nil
		}
		if err != nil {
			return err
		}
		body, err := rt.keyJSON(x, row, "", nil, false)
		if err != nil {
			return err
		}
		out = &APIKeyVerification{Valid: true, Key: body}
		return nil
	})
	return out, err
}
