package plugins

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// Key creation (routes/create-api-key.ts): POST /api-key/create, where
// every request is a client request, and CreateAPIKey, Go's server-side
// auth.api.createApiKey, which may set the server-only properties.

// createInput is a checked create body.
type createInput struct {
	referenceID string
	name        string
	hasName     bool
	expiresIn   float64 // seconds; 0: none given
	prefix      string  // "": none given
	// metadata: given (not undefined, not null), truthy, an object or
	// array, and its JSON.stringify.
	metaGiven, metaTruthy, metaObject bool
	metaJSON                          string
	// Server-only properties; nil: not given.
	remaining, refillAmount, refillInterval any
	rlWindow, rlMax                         any
	rlEnabled                               *bool
	permissions                             map[string][]string
}

// create is POST /api-key/create.
func (rt *apiKeyRuntime) create(x *core.Context) (json.RawMessage, error) {
	b := newAKBody(x)
	configID, _ := b.str("configId", false)
	name, hasName := b.str("name", false)
	expiresIn, hasExpires, _ := b.num("expiresIn", floatp(1), true)
	prefix, hasPrefix := b.str("prefix", false)
	if hasPrefix && !prefixPattern.MatchString(prefix) {
		b.v.Issue("prefix", "Invalid prefix format, must be alphanumeric and contain only underscores and hyphens.")
		hasPrefix = false
	}
	_, hasRemaining, _ := b.num("remaining", floatp(0), true)
	_, hasRefillAmount, _ := b.num("refillAmount", floatp(1), false)
	_, hasRefillInterval, _ := b.num("refillInterval", nil, false)
	_, hasWindow, _ := b.num("rateLimitTimeWindow", nil, false)
	_, hasMax, _ := b.num("rateLimitMax", nil, false)
	_, hasRLEnabled := b.boolean("rateLimitEnabled")
	hasPerms := b.permissions("permissions", false)
	if err := b.v.Err(); err != nil {
		return nil, err
	}
	cfg, err := rt.resolve(configID)
	if err != nil {
		return nil, err
	}
	s := rt.optionalSession(x)
	if hasRefillAmount || hasRefillInterval || hasWindow || hasMax || hasRLEnabled || hasPerms || hasRemaining ||
		b.given("refillAmount") || b.given("refillInterval") || b.given("rateLimitTimeWindow") || b.given("rateLimitMax") {
		return nil, akError(400, "SERVER_ONLY_PROPERTY")
	}
	if b.given("userId") {
		return nil, unauthorizedSession()
	}
	if s == nil {
		return nil, unauthorizedSession()
	}
	in := createInput{referenceID: s.User.ID, name: name, hasName: hasName}
	if hasExpires {
		in.expiresIn = expiresIn
	}
	if hasPrefix {
		in.prefix = prefix
	}
	if metadata, ok := b.m["metadata"]; ok && metadata != nil {
		in.metaGiven, in.metaTruthy = true, core.Truthy(metadata)
		switch metadata.(type) {
		case map[string]any, []any:
			in.metaObject = true
		}
		raw, _ := rawBodyField(x, "metadata")
		if in.metaJSON, err = jsStringify(raw, nil); err != nil {
			return nil, err
		}
	}
	row, key, err := rt.createKey(x, cfg, in)
	if err != nil {
		return nil, err
	}
	answer := json.RawMessage("null")
	if in.metaGiven {
		answer = json.RawMessage(in.metaJSON) // metadata ?? null: the body's value
	}
	return rt.keyJSON(x, row, key, answer, true)
}

// createKey checks in against cfg and writes the key; it returns the row
// and the plain key.
func (rt *apiKeyRuntime) createKey(x *core.Context, cfg *akConfig, in createInput) (core.Record, string, error) {
	if in.metaTruthy {
		if !cfg.metadata {
			return nil, "", akError(400, "METADATA_DISABLED")
		}
		if !in.metaObject {
			return nil, "", akError(400, "INVALID_METADATA_TYPE")
		}
	}
	if core.Truthy(in.refillAmount) && !core.Truthy(in.refillInterval) {
		return nil, "", akError(400, "REFILL_AMOUNT_AND_INTERVAL_REQUIRED")
	}
	if core.Truthy(in.refillInterval) && !core.Truthy(in.refillAmount) {
		return nil, "", akError(400, "REFILL_INTERVAL_AND_AMOUNT_REQUIRED")
	}
	if in.expiresIn != 0 {
		if cfg.noCustomExpires {
			return nil, "", akError(400, "KEY_DISABLED_EXPIRATION")
		}
		days := in.expiresIn / (3600 * 24)
		if cfg.minExpires.Hours()/24 > days {
			return nil, "", akError(400, "EXPIRES_IN_IS_TOO_SMALL")
		} else if cfg.maxExpires.Hours()/24 < days {
			return nil, "", akError(400, "EXPIRES_IN_IS_TOO_LARGE")
		}
	}
	if in.prefix != "" {
		if n := core.JSLength(in.prefix); n < cfg.minPrefix || n > cfg.maxPrefix {
			return nil, "", akError(400, "INVALID_PREFIX_LENGTH")
		}
	}
	if in.hasName && in.name != "" {
		if n := core.JSLength(in.name); n < cfg.minName || n > cfg.maxName {
			return nil, "", akError(400, "INVALID_NAME_LENGTH")
		}
	} else if cfg.requireName {
		return nil, "", akError(400, "NAME_REQUIRED")
	}
	rt.sweep(x, false)
	prefix := in.prefix
	if prefix == "" {
		prefix = cfg.prefix
	}
	key, err := cfg.generate(prefix)
	if err != nil {
		return nil, "", err
	}
	var start any
	if cfg.storeStart {
		start = jsSubstring(key, cfg.startLen)
	}
	perms := in.permissions
	if perms == nil {
		perms = cfg.perms
		if cfg.permsFunc != nil {
			if perms, err = cfg.permsFunc(x, in.referenceID); err != nil {
				return nil, "", err
			}
		}
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	var expiresAt any
	switch {
	case in.expiresIn != 0:
		expiresAt = now.Add(time.Duration(in.expiresIn * float64(time.Second))).Truncate(time.Millisecond)
	case cfg.defaultExpires != 0:
		expiresAt = now.Add(cfg.defaultExpires)
	}
	var prefixCol, nameCol any
	if prefix != "" {
		prefixCol = prefix
	}
	if in.hasName {
		nameCol = in.name
	}
	// metadata is stored as JSON.stringify of a truthy value, else as the
	// string "null" (JSON.stringify(null)).
	meta := "null"
	if in.metaTruthy {
		meta = in.metaJSON
	}
	or := func(v, def any) any {
		if v == nil {
			return def
		}
		return v
	}
	// remaining ?? refillAmount ?? null: a refill without remaining
	// starts full.
	remaining := or(in.remaining, in.refillAmount)
	enabled := cfg.rlEnabled
	if in.rlEnabled != nil {
		enabled = *in.rlEnabled
	}
	row := core.Record{
		"configId": cfg.configName(), "createdAt": now, "updatedAt": now, "name": nameCol, "prefix": prefixCol,
		"start": start, "key": cfg.storedKey(key), "enabled": true, "expiresAt": expiresAt, "referenceId": in.referenceID,
		"lastRefillAt": nil, "lastRequest": nil, "metadata": meta,
		"rateLimitMax": or(in.rlMax, cfg.rlMax), "rateLimitTimeWindow": or(in.rlWindow, cfg.rlWindow), "remaining": remaining,
		"refillAmount": in.refillAmount, "refillInterval": in.refillInterval, "rateLimitEnabled": enabled, "requestCount": int64(0),
	}
	if perms != nil {
		raw, err := core.JSON(perms)
		if err != nil {
			return nil, "", err
		}
		row["permissions"] = string(raw)
	}
	if cfg.storage == akStorage {
		stored, err := rt.newStoredKey(x, cfg, row, in)
		return stored, key, err
	}
	created, err := x.Create("apikey", row)
	if err == nil {
		err = readable(created) // the adapter's output transform runs on create too
	}
	if err != nil {
		return nil, "", err
	}
	if err := rt.storeKey(x, cfg, created); err != nil {
		return nil, "", err
	}
	return created, key, nil
}

// akCreateOrder is the order of create's data object, which a key kept
// in the storage alone is written in ({...data, id}).
var akCreateOrder = []string{"configId", "createdAt", "updatedAt", "name", "prefix", "start", "key", "enabled", "expiresAt",
	"referenceId", "lastRefillAt", "lastRequest", "metadata", "rateLimitMax", "rateLimitTimeWindow", "remaining",
	"refillAmount", "refillInterval", "rateLimitEnabled", "requestCount", "permissions", "id"}

// newStoredKey writes a new key to the storage alone, as 1.7.5 does:
// the create data with a fresh id, metadata the object sent (null when
// none), permissions undefined when there are none (answered in
// their place as null, left out of the stored JSON).
func (rt *apiKeyRuntime) newStoredKey(x *core.Context, cfg *akConfig, row core.Record, in createInput) (core.Record, error) {
	id, err := rt.newKeyID()
	if err != nil {
		return nil, err
	}
	stored := core.Record{}
	var order []string
	for _, k := range akCreateOrder {
		v, ok := row[k]
		if k == "permissions" && !ok {
			v = akUndefined{} // in its place in the answer, not stored
		}
		switch k {
		case "id":
			v = id
		case "metadata":
			v = nil
			if in.metaTruthy {
				v = akRaw(in.metaJSON)
			}
		}
		stored[k], order = v, append(order, k)
	}
	stored[akOrder] = order
	return stored, rt.storeKey(x, cfg, stored)
}

// APIKeyCreate is what CreateAPIKey creates, Better Auth's
// auth.api.createApiKey({body}) without headers: a server call, which
// may set the properties requests cannot.
type APIKeyCreate struct {
	// UserID owns the key (required).
	UserID string
	// ConfigID picks the configuration ("": the default one).
	ConfigID string
	// Name, when not "", names the key.
	Name string
	// Prefix, when not "", replaces the configuration's DefaultPrefix;
	// letters, digits, "_" and "-".
	Prefix string
	// ExpiresIn, when not 0, is the key's lifetime (whole seconds, within
	// the configuration's bounds).
	ExpiresIn time.Duration
	// Metadata is stored as given (needs EnableMetadata); its key order
	// is kept.
	Metadata json.RawMessage
	// Remaining uses before the key is spent (nil: unlimited).
	Remaining *int64
	// RefillAmount and RefillInterval (ms) refill Remaining; both or
	// neither.
	RefillAmount, RefillInterval int64
	// RateLimitEnabled, RateLimitTimeWindow (ms) and RateLimitMax
	// override the configuration's rate limit for the key.
	RateLimitEnabled    *bool
	RateLimitTimeWindow *int64
	RateLimitMax        *int64
	// Permissions replace the configuration's default permissions.
	Permissions map[string][]string
}

// APIKeyCreated is CreateAPIKey's answer: the plain key (shown once; only
// its hash is stored), its id, and the key as /api-key/create answers it.
type APIKeyCreated struct {
	ID   string
	Key  string
	JSON json.RawMessage
}

// CreateAPIKey creates a key from Go code, as 1.7.5's server-side
// auth.api.createApiKey does (same checks and errors, as *core.APIError;
// same row, which a TypeScript server reads).
func CreateAPIKey(ctx context.Context, a *core.Auth, c APIKeyCreate) (*APIKeyCreated, error) {
	p, err := apiKeyOf(a)
	if err != nil {
		return nil, err
	}
	if c.UserID == "" {
		return nil, unauthorizedSession()
	}
	if c.Prefix != "" && !prefixPattern.MatchString(c.Prefix) {
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", "[body.prefix] Invalid prefix format, must be alphanumeric and contain only underscores and hyphens.")
	}
	if c.ExpiresIn%time.Second != 0 || c.ExpiresIn < 0 {
		return nil, errors.New("CreateAPIKey: ExpiresIn must be whole seconds")
	}
	in := createInput{referenceID: c.UserID, name: c.Name, hasName: c.Name != "", expiresIn: c.ExpiresIn.Seconds(),
		prefix: c.Prefix, rlEnabled: c.RateLimitEnabled, permissions: c.Permissions}
	if c.Metadata != nil && string(c.Metadata) != "null" {
		v, err := parseOrdered(c.Metadata)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		v.write(&b, nil)
		in.metaGiven, in.metaJSON = true, b.String()
		in.metaObject = v.kind == 'o' || v.kind == 'a'
		in.metaTruthy = !(v.kind == 'b' && !v.truth || v.kind == 'n' && v.num == 0 || v.kind == 's' && v.str == "")
	}
	if c.Remaining != nil {
		in.remaining = *c.Remaining
	}
	if c.RefillAmount != 0 {
		in.refillAmount = c.RefillAmount
	}
	if c.RefillInterval != 0 {
		in.refillInterval = c.RefillInterval
	}
	if c.RateLimitTimeWindow != nil {
		in.rlWindow = *c.RateLimitTimeWindow
	}
	if c.RateLimitMax != nil {
		in.rlMax = *c.RateLimitMax
	}
	var out *APIKeyCreated
	err = a.Call(ctx, nil, func(x *core.Context) error {
		rt := p.runtime()
		if rt == nil {
			return errors.New("CreateAPIKey: the APIKey plugin did not start")
		}
		cfg, err := rt.resolve(c.ConfigID)
		if err != nil {
			return err
		}
		row, key, err := rt.createKey(x, cfg, in)
		if err != nil {
			return err
		}
		answer := json.RawMessage("null")
		if in.metaGiven {
			answer = json.RawMessage(in.metaJSON)
		}
		body, err := rt.keyJSON(x, row, key, answer, true)
		if err != nil {
			return err
		}
		id, _ := row["id"].(string)
		out = &APIKeyCreated{ID: id, Key: key, JSON: body}
		return nil
	})
	return out, err
}
