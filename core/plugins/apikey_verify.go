package plugins

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
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
	row, err := findKeyRow(x, core.Where{Field: "key", Value: lookup.storedKey(key)})
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
	row, err = findKeyRow(x, core.Where{Field: "id", Value: keyID(row)})
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
	if JSLengthOf(key) < cfg.keyLen {
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

// APIKeySession is the session a request's API key makes
// (EnableSessionForAPIKeys), for Go handlers behind the auth handler, as
// Better Auth's auth.api.getSession({headers}) answers through the
// plugin's hook: nil (and no error) when the request carries no key for
// a configuration with sessions; a refused key is a *core.APIError (403
// or 401 INVALID_API_KEY, 401 KEY_DISABLED or KEY_EXPIRED, 429
// USAGE_EXCEEDED or RATE_LIMITED, …). Like a request to the handler, it
// counts a use of the key.
func APIKeySession(ctx context.Context, a *core.Auth, r *http.Request) (*core.SessionData, error) {
	p, err := apiKeyOf(a)
	if err != nil {
		return nil, err
	}
	var out *core.SessionData
	err = a.Call(ctx, r, func(x *core.Context) error {
		rt := p.runtime()
		if rt == nil {
			return errors.New("APIKeySession: the APIKey plugin did not start")
		}
		if k, _ := rt.findKey(x); k == "" {
			return nil
		}
		session, user, err := rt.keySession(x)
		if err != nil {
			return err
		}
		out = sessionData(session, user)
		return nil
	})
	return out, err
}

// sessionData is core.SessionData of a key session's records.
func sessionData(s, u core.Record) *core.SessionData {
	str := func(r core.Record, k string) string { v, _ := r[k].(string); return v }
	tm := func(r core.Record, k string) time.Time { v, _ := r[k].(time.Time); return v }
	verified, _ := u["emailVerified"].(bool)
	return &core.SessionData{
		Session: core.Session{ID: str(s, "id"), Token: str(s, "token"), UserID: str(s, "userId"),
			ExpiresAt: tm(s, "expiresAt"), CreatedAt: tm(s, "createdAt"), UpdatedAt: tm(s, "updatedAt"),
			IPAddress: str(s, "ipAddress"), UserAgent: str(s, "userAgent"), Fields: s},
		User: core.User{ID: str(u, "id"), Name: str(u, "name"), Email: str(u, "email"), EmailVerified: verified,
			Image: str(u, "image"), CreatedAt: tm(u, "createdAt"), UpdatedAt: tm(u, "updatedAt"), Fields: u},
	}
}

// apiKeyOf finds the APIKey plugin among a's.
func apiKeyOf(a *core.Auth) (*apiKeyPlugin, error) {
	for _, q := range a.Options().Plugins {
		if ak, ok := q.(*apiKeyPlugin); ok {
			return ak, nil
		}
	}
	return nil, errors.New("the auth has no APIKey plugin")
}

func (p *apiKeyPlugin) runtime() *apiKeyRuntime {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rt
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
	p, err := apiKeyOf(a)
	if err != nil {
		return nil, err
	}
	var out *APIKeyVerification
	err = a.Call(ctx, o.Request, func(x *core.Context) error {
		rt := p.runtime()
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
