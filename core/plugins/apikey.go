package plugins

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// APIKeyOptions configures APIKey: either one key configuration (the
// fields below, Better Auth's apiKey({...})) or several (Configurations,
// Better Auth's apiKey([...])), not both. The fields after RateLimit
// mirror APIKeyConfiguration's, for the single configuration.
type APIKeyOptions struct {
	// RateLimit is the rate limit of the single key configuration.
	RateLimit APIKeyRateLimit
	// Configurations are several key configurations, each with its own
	// ConfigID (required and unique, as in Better Auth).
	Configurations []APIKeyConfiguration
	// Schema renames the apikey table and its columns.
	Schema Schema

	// The single configuration's options; see APIKeyConfiguration.
	APIKeyHeaders           []string
	DisableKeyHashing       bool
	CustomAPIKeyGetter      func(*core.Context) string
	CustomAPIKeyValidator   func(x *core.Context, key string) (bool, error)
	CustomKeyGenerator      func(length int, prefix string) (string, error)
	StartingCharacters      APIKeyStartingCharacters
	DefaultKeyLength        int
	DefaultPrefix           string
	MaximumPrefixLength     int
	MinimumPrefixLength     int
	RequireName             bool
	MaximumNameLength       int
	MinimumNameLength       int
	EnableMetadata          bool
	KeyExpiration           APIKeyExpiration
	EnableSessionForAPIKeys bool
	Permissions             APIKeyPermissions
	Storage                 string
	FallbackToDatabase      bool
	DeferUpdates            bool
	References              string
}

// APIKeyConfiguration is one key configuration of APIKeyOptions.Configurations
// (Better Auth's ApiKeyConfigurationOptions). Zero values are Better
// Auth's defaults.
type APIKeyConfiguration struct {
	// ConfigID names the configuration; keys store it in apikey.configId
	// ("default" for the configuration without one).
	ConfigID string
	// RateLimit is the rate limit of keys of this configuration.
	RateLimit APIKeyRateLimit
	// APIKeyHeaders are the request headers a key is read from, first
	// non-empty wins (default ["x-api-key"]).
	APIKeyHeaders []string
	// DisableKeyHashing stores keys in plain text instead of their
	// SHA-256 (base64url, no padding). Not recommended.
	DisableKeyHashing bool
	// CustomAPIKeyGetter reads the key from a request in place of
	// APIKeyHeaders ("" for none).
	CustomAPIKeyGetter func(*core.Context) string
	// CustomAPIKeyValidator is asked about every key before it is looked
	// up for a session, and verified keys; false refuses the key.
	CustomAPIKeyValidator func(x *core.Context, key string) (bool, error)
	// CustomKeyGenerator makes new keys (default: prefix + length random
	// letters a-z, A-Z).
	CustomKeyGenerator func(length int, prefix string) (string, error)
	// StartingCharacters configures the start column.
	StartingCharacters APIKeyStartingCharacters
	// DefaultKeyLength is the length of generated keys, without the
	// prefix (default 64). A session key shorter than it is refused.
	DefaultKeyLength int
	// DefaultPrefix is the prefix of keys created without one.
	DefaultPrefix string
	// MaximumPrefixLength (default 32) and MinimumPrefixLength (default
	// 1) bound a given prefix; 0 means the default.
	MaximumPrefixLength int
	MinimumPrefixLength int
	// RequireName refuses keys created without a name.
	RequireName bool
	// MaximumNameLength (default 32) and MinimumNameLength (default 1)
	// bound names; 0 means the default.
	MaximumNameLength int
	MinimumNameLength int
	// EnableMetadata allows metadata on keys (default false).
	EnableMetadata bool
	// KeyExpiration configures expiresAt.
	KeyExpiration APIKeyExpiration
	// EnableSessionForAPIKeys makes a valid key in the request headers a
	// session for its user (Better Auth's mocked session).
	EnableSessionForAPIKeys bool
	// Permissions configures the permissions of new keys.
	Permissions APIKeyPermissions
	// Storage is "database" (the default, also ""): keys are apikey rows;
	// or "secondary-storage": keys live in core.Options.SecondaryStorage
	// alone (required; Init fails without it), with 1.7.5's keys and
	// values (apikey_storage.go), expiring with the key. There, as in
	// 1.7.5, a key's uses and its owner's key list are counted by
	// read-modify-write: servers using one key or creating one owner's
	// keys at once can lose a count or a list entry.
	Storage string
	// FallbackToDatabase, with Storage "secondary-storage", keeps keys in
	// the table and the storage as a cache in front of it (reads fill
	// it, writes refresh it, owners' lists are cached until a write); the
	// counters are the table's guarded writes. Default false; it changes
	// nothing with Storage "database".
	FallbackToDatabase bool
	// DeferUpdates defers writes to background tasks; not ported (Init
	// fails when set).
	DeferUpdates bool
	// References is what keys belong to: "user" (the default, also "").
	// "organization" is not ported: Init fails.
	References string
}

// APIKeyStartingCharacters configures the start column: the first
// CharactersLength characters of the key (prefix included) are stored
// unless ShouldStore is false.
type APIKeyStartingCharacters struct {
	// ShouldStore defaults to true.
	ShouldStore *bool
	// CharactersLength defaults to 6.
	CharactersLength int
}

// APIKeyExpiration configures key expiry.
type APIKeyExpiration struct {
	// DefaultExpiresIn is the lifetime of keys created without expiresIn
	// (0: they never expire). Whole seconds, as Better Auth counts it.
	DefaultExpiresIn time.Duration
	// DisableCustomExpiresTime refuses expiresIn from requests.
	DisableCustomExpiresTime bool
	// MinExpiresIn (default 1 day) and MaxExpiresIn (default 365 days)
	// bound a requested expiresIn; nil means the default.
	MinExpiresIn *time.Duration
	MaxExpiresIn *time.Duration
}

// APIKeyPermissions configures the permissions of new keys (resource →
// actions, stored as JSON in apikey.permissions, resources in sorted
// order: a Go map has no other). Verification checks them as Better
// Auth's role(permissions).authorize (every requested resource and action
// must be granted).
type APIKeyPermissions struct {
	// DefaultPermissions are given to keys created without permissions.
	DefaultPermissions map[string][]string
	// DefaultPermissionsFunc computes them per owner instead.
	DefaultPermissionsFunc func(x *core.Context, referenceID string) (map[string][]string, error)
}

// APIKeyRateLimit is the per-key rate limit.
type APIKeyRateLimit struct {
	// Enabled defaults to true. It does not change the schema.
	Enabled *bool
	// TimeWindow defaults to 24h; it must be whole milliseconds and fit the
	// 32-bit rateLimitTimeWindow column (at most about 596h).
	TimeWindow time.Duration
	// MaxRequests per window; 0 means the default, 10.
	MaxRequests int
}

// Better Auth's defaults for apikey.rateLimitTimeWindow and rateLimitMax.
const (
	defaultAPIKeyWindow = 24 * time.Hour
	defaultAPIKeyMax    = 10
)

// APIKey adds API keys (Better Auth's apiKey from @better-auth/api-key, id
// "api-key"): the apikey table. With exactly one key configuration, its
// rate-limit window and maximum become the column defaults of
// rateLimitTimeWindow (default 86400000 ms) and rateLimitMax (default 10),
// as in Better Auth; with several, the defaults stay.
//
// The handler runs it as @better-auth/api-key 1.7.5 does
// (apikey_runtime.go): POST /api-key/create, GET /api-key/get, POST
// /api-key/update, POST /api-key/delete and GET /api-key/list; keys
// stored as their SHA-256 (base64url, no padding; HashAPIKey) so that a
// TypeScript server sharing the database verifies them; expiry, the
// remaining count with its refill, and the per-key rate limit, each a
// guarded write; and, with EnableSessionForAPIKeys, a valid key in the
// key headers is its user's session for the request. Go code behind the
// handler uses VerifyAPIKey (auth.api.verifyApiKey), APIKeySession (the
// session a request's key makes) and CreateAPIKey (the server-side
// auth.api.createApiKey). Keys live in the database, or in the auth's
// SecondaryStorage (Storage "secondary-storage", with or without
// FallbackToDatabase) under 1.7.5's storage keys, shared with a
// TypeScript server on the same store. Not ported, refused when the
// handler opens: DeferUpdates, organization-owned keys (References
// "organization"). With
// the organization plugin alongside, list's organizationId checks the
// caller's membership and apiKey permission (the creator role always
// passes) as 1.7.5 does. One APIKey value serves one Auth.
func APIKey(opts ...APIKeyOptions) core.Plugin {
	o, err := one(opts)
	return &apiKeyPlugin{o: o, plugin: &plugin{
		id: "api-key", optErr: err, schema: o.Schema,
		rules: rules{options: "APIKeyOptions", plugin: "apiKey"},
		tables: func() []schema.Table {
			window, maxRequests := o.columnDefaults()
			f := func(name string, t schema.Type, req schema.Requirement) schema.Field {
				return schema.Field{Name: name, Type: t, Required: req, Input: inputOff()}
			}
			opt := schema.Optional
			configID := f("configId", schema.TypeString, schema.Required)
			configID.Default, configID.Index = "default", true
			referenceID := f("referenceId", schema.TypeString, schema.Required)
			referenceID.Index = true
			key := f("key", schema.TypeString, schema.Required)
			key.Index = true
			withDefault := func(fl schema.Field, v any) schema.Field { fl.Default = v; return fl }
			return []schema.Table{{Key: "apikey", Fields: []schema.Field{
				configID,
				f("name", schema.TypeString, opt),
				f("start", schema.TypeString, opt),
				referenceID,
				f("prefix", schema.TypeString, opt),
				key,
				f("refillInterval", schema.TypeNumber, opt),
				f("refillAmount", schema.TypeNumber, opt),
				f("lastRefillAt", schema.TypeDate, opt),
				withDefault(f("enabled", schema.TypeBoolean, opt), true),
				withDefault(f("rateLimitEnabled", schema.TypeBoolean, opt), true),
				withDefault(f("rateLimitTimeWindow", schema.TypeNumber, opt), window),
				withDefault(f("rateLimitMax", schema.TypeNumber, opt), maxRequests),
				withDefault(f("requestCount", schema.TypeNumber, opt), 0),
				f("remaining", schema.TypeNumber, opt),
				f("lastRequest", schema.TypeDate, opt),
				f("expiresAt", schema.TypeDate, opt),
				f("createdAt", schema.TypeDate, schema.Required),
				f("updatedAt", schema.TypeDate, schema.Required),
				f("permissions", schema.TypeString, opt),
				{Name: "metadata", Type: schema.TypeString, Required: schema.Optional},
			}}}
		},
		conflicts: o.conflicts,
	}}
}

// columnDefaults returns the defaults of rateLimitTimeWindow (ms) and
// rateLimitMax.
func (o APIKeyOptions) columnDefaults() (int, int) {
	window, maxRequests := defaultAPIKeyWindow, defaultAPIKeyMax
	var rl APIKeyRateLimit
	switch len(o.Configurations) {
	case 0:
		rl = o.RateLimit
	case 1:
		rl = o.Configurations[0].RateLimit
	default:
		return int(window.Milliseconds()), maxRequests
	}
	if rl.TimeWindow > 0 {
		window = rl.TimeWindow
	}
	if rl.MaxRequests > 0 {
		maxRequests = rl.MaxRequests
	}
	return int(window.Milliseconds()), maxRequests
}

func (o APIKeyOptions) conflicts() error {
	var errs []error
	if len(o.Configurations) > 0 && o.RateLimit != (APIKeyRateLimit{}) {
		errs = append(errs, errors.New("APIKeyOptions: RateLimit and Configurations are both set; with Configurations, set RateLimit in each configuration"))
	}
	errs = append(errs, o.RateLimit.check("APIKeyOptions.RateLimit"))
	seen := map[string]int{}
	for i, c := range o.Configurations {
		where := fmt.Sprintf("APIKeyOptions.Configurations[%d]", i)
		if c.ConfigID == "" {
			errs = append(errs, fmt.Errorf("%s.ConfigID is empty; every configuration needs a unique ConfigID", where))
		} else if j, ok := seen[c.ConfigID]; ok {
			errs = append(errs, fmt.Errorf("%s.ConfigID %q is also the ConfigID of Configurations[%d]; ConfigIDs must be unique", where, c.ConfigID, j))
		} else {
			seen[c.ConfigID] = i
		}
		errs = append(errs, c.RateLimit.check(where+".RateLimit"))
	}
	return errors.Join(errs...)
}

func (rl APIKeyRateLimit) check(where string) error {
	var errs []error
	switch {
	case rl.TimeWindow < 0:
		errs = append(errs, fmt.Errorf("%s.TimeWindow %v is negative", where, rl.TimeWindow))
	case rl.TimeWindow%time.Millisecond != 0:
		errs = append(errs, fmt.Errorf("%s.TimeWindow %v is not a whole number of milliseconds", where, rl.TimeWindow))
	case rl.TimeWindow.Milliseconds() > math.MaxInt32:
		errs = append(errs, fmt.Errorf("%s.TimeWindow %v is %d ms, more than the 32-bit apikey.rateLimitTimeWindow column holds (%d ms)", where, rl.TimeWindow, rl.TimeWindow.Milliseconds(), math.MaxInt32))
	}
	switch {
	case rl.MaxRequests < 0:
		errs = append(errs, fmt.Errorf("%s.MaxRequests %d is negative", where, rl.MaxRequests))
	case rl.MaxRequests > math.MaxInt32:
		errs = append(errs, fmt.Errorf("%s.MaxRequests %d is more than the 32-bit apikey.rateLimitMax column holds", where, rl.MaxRequests))
	}
	return errors.Join(errs...)
}
