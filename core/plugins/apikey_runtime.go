package plugins

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/authctl/authctl/core"
)

// The apiKey plugin's runtime, @better-auth/api-key 1.7.5 (dist/index.mjs:
// src/index.ts, routes/*, rate-limit.ts, adapter.ts): the /api-key/create,
// get, update, delete and list endpoints (apikey_endpoints.go), key
// verification with its quota, refill and per-key rate limit
// (apikey_verify.go), and sessions from the key header; keys kept in the
// database or the auth's SecondaryStorage (apikey_storage.go,
// apikey_list.go, apikey_claim.go).

var _ core.RuntimePlugin = (*apiKeyPlugin)(nil)

type apiKeyPlugin struct {
	*plugin
	o APIKeyOptions
	// rt is the runtime Init built, for VerifyAPIKey.
	mu sync.Mutex
	rt *apiKeyRuntime
}

// akConfig is one resolved key configuration (the defaults of apiKey()).
type akConfig struct {
	id               string // "" for the configuration without a ConfigID
	headers          []string
	noHashing        bool
	getter           func(*core.Context) string
	validator        func(*core.Context, string) (bool, error)
	generator        func(int, string) (string, error)
	storeStart       bool
	startLen         int
	keyLen           int
	prefix           string
	maxPrefix        int
	minPrefix        int
	requireName      bool
	maxName, minName int
	metadata         bool
	defaultExpires   time.Duration
	noCustomExpires  bool
	minExpires       time.Duration
	maxExpires       time.Duration
	rlEnabled        bool
	rlWindow, rlMax  int64
	session          bool
	perms            map[string][]string
	permsFunc        func(*core.Context, string) (map[string][]string, error)
	// storage is where keys live: akDatabase, akStorage or
	// akStorageFallback (apikey_storage.go).
	storage int
}

// apiKeyRuntime is the plugin's resolved options.
type apiKeyRuntime struct {
	configs []*akConfig
	// fields are the apikey table's logical fields in schema order (those
	// answered in JSON).
	fields []string
	// userFields are the user table's logical fields in schema order, all
	// of them: the key session's user is the adapter's row, unfiltered.
	userFields []string
	// lastSweep throttles the expired-key sweep to one per 10 s, as
	// deleteAllExpiredApiKeys's lastChecked.
	sweepMu   sync.Mutex
	lastSweep time.Time
	// org is the configured organization plugin, or nil: list's
	// organizationId checks the caller's membership and permission
	// through it.
	org *organizationPlugin
	// allFields are every apikey field in schema order (a key cached from
	// the table is the adapter's row: all of them, then id).
	allFields []string
	// kv is the auth's SecondaryStorage, for configurations keeping keys
	// there; refMu serializes changes of owners' key lists in it.
	kv    core.SecondaryStorage
	refMu akRefLock
	// uuidIDs: keys made in the storage alone get UUIDs (the UUID id
	// strategy), else 32 random letters and digits.
	uuidIDs bool
}

// single returns the single configuration APIKeyOptions' own fields
// describe.
func (o APIKeyOptions) single() APIKeyConfiguration {
	return APIKeyConfiguration{
		RateLimit: o.RateLimit, APIKeyHeaders: o.APIKeyHeaders, DisableKeyHashing: o.DisableKeyHashing,
		CustomAPIKeyGetter: o.CustomAPIKeyGetter, CustomAPIKeyValidator: o.CustomAPIKeyValidator,
		CustomKeyGenerator: o.CustomKeyGenerator, StartingCharacters: o.StartingCharacters,
		DefaultKeyLength: o.DefaultKeyLength, DefaultPrefix: o.DefaultPrefix,
		MaximumPrefixLength: o.MaximumPrefixLength, MinimumPrefixLength: o.MinimumPrefixLength,
		RequireName: o.RequireName, MaximumNameLength: o.MaximumNameLength, MinimumNameLength: o.MinimumNameLength,
		EnableMetadata: o.EnableMetadata, KeyExpiration: o.KeyExpiration,
		EnableSessionForAPIKeys: o.EnableSessionForAPIKeys, Permissions: o.Permissions,
		Storage: o.Storage, FallbackToDatabase: o.FallbackToDatabase, DeferUpdates: o.DeferUpdates,
		References: o.References,
	}
}

// Init resolves the configurations as apiKey() does and refuses what the
// Go handler does not run.
func (p *apiKeyPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	if in.Schema.Table("apikey") == nil {
		return nil, errors.New("the schema has no apikey table")
	}
	o := p.o
	list := o.Configurations
	single := o.single()
	if len(list) == 0 {
		list = []APIKeyConfiguration{single}
	} else if !reflect.ValueOf(single).IsZero() {
		return nil, errors.New("APIKeyOptions: with Configurations, set every option in the configurations, not on APIKeyOptions")
	}
	rt := &apiKeyRuntime{}
	for _, q := range in.Options.Plugins {
		if org, ok := q.(*organizationPlugin); ok {
			rt.org = org
		}
	}
	for _, f := range in.Schema.Table("user").Fields {
		rt.userFields = append(rt.userFields, f.Name)
	}
	rt.kv, rt.uuidIDs = in.Options.SecondaryStorage, in.Options.Advanced.Database.GenerateID == core.IDUUID
	for _, f := range in.Schema.Table("apikey").Fields {
		rt.allFields = append(rt.allFields, f.Name)
		if f.Returned == nil || *f.Returned {
			rt.fields = append(rt.fields, f.Name)
		}
	}
	var errs []error
	for i, c := range list {
		where := "APIKeyOptions"
		if len(o.Configurations) > 0 {
			where = fmt.Sprintf("APIKeyOptions.Configurations[%d]", i)
		}
		storage := akDatabase
		switch c.Storage {
		case "", "database":
		case "secondary-storage":
			storage = akStorage
			if c.FallbackToDatabase {
				storage = akStorageFallback
			}
			// 1.7.5 fails every key write without one ("Secondary storage
			// is required when storage mode is 'secondary-storage'").
			if in.Options.SecondaryStorage == nil {
				errs = append(errs, fmt.Errorf("%s.Storage %q needs core.Options.SecondaryStorage", where, c.Storage))
			}
		default:
			errs = append(errs, fmt.Errorf("%s.Storage %q is not a storage (\"database\" or \"secondary-storage\")", where, c.Storage))
		}
		if c.DeferUpdates {
			errs = append(errs, fmt.Errorf("%s.DeferUpdates is not ported: updates are never deferred", where))
		}
		switch c.References {
		case "", "user":
		default:
			errs = append(errs, fmt.Errorf("%s.References %q is not ported: keys belong to users", where, c.References))
		}
		if c.KeyExpiration.DefaultExpiresIn%time.Second != 0 || c.KeyExpiration.DefaultExpiresIn < 0 {
			errs = append(errs, fmt.Errorf("%s.KeyExpiration.DefaultExpiresIn must be whole seconds", where))
		}
		if c.DefaultKeyLength < 0 || c.StartingCharacters.CharactersLength < 0 || c.MaximumNameLength < 0 ||
			c.MinimumNameLength < 0 || c.MaximumPrefixLength < 0 || c.MinimumPrefixLength < 0 {
			errs = append(errs, fmt.Errorf("%s: lengths cannot be negative", where))
		}
		k := &akConfig{
			id: c.ConfigID, headers: c.APIKeyHeaders, noHashing: c.DisableKeyHashing,
			getter: c.CustomAPIKeyGetter, validator: c.CustomAPIKeyValidator, generator: c.CustomKeyGenerator,
			storeStart: c.StartingCharacters.ShouldStore == nil || *c.StartingCharacters.ShouldStore,
			startLen:   orInt(c.StartingCharacters.CharactersLength, 6),
			keyLen:     orInt(c.DefaultKeyLength, 64), prefix: c.DefaultPrefix,
			maxPrefix: orInt(c.MaximumPrefixLength, 32), minPrefix: orInt(c.MinimumPrefixLength, 1),
			requireName: c.RequireName, maxName: orInt(c.MaximumNameLength, 32), minName: orInt(c.MinimumNameLength, 1),
			metadata: c.EnableMetadata, defaultExpires: c.KeyExpiration.DefaultExpiresIn,
			noCustomExpires: c.KeyExpiration.DisableCustomExpiresTime,
			minExpires:      24 * time.Hour, maxExpires: 365 * 24 * time.Hour,
			rlEnabled: c.RateLimit.Enabled == nil || *c.RateLimit.Enabled,
			rlWindow:  defaultAPIKeyWindow.Milliseconds(), rlMax: defaultAPIKeyMax,
			session: c.EnableSessionForAPIKeys, perms: c.Permissions.DefaultPermissions, permsFunc: c.Permissions.DefaultPermissionsFunc,
			storage: storage,
		}
		if len(k.headers) == 0 {
			k.headers = []string{"x-api-key"}
		}
		if c.KeyExpiration.MinExpiresIn != nil {
			k.minExpires = *c.KeyExpiration.MinExpiresIn
		}
		if c.KeyExpiration.MaxExpiresIn != nil {
			k.maxExpires = *c.KeyExpiration.MaxExpiresIn
		}
		if c.RateLimit.TimeWindow > 0 {
			k.rlWindow = c.RateLimit.TimeWindow.Milliseconds()
		}
		if c.RateLimit.MaxRequests > 0 {
			k.rlMax = int64(c.RateLimit.MaxRequests)
		}
		rt.configs = append(rt.configs, k)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.rt = rt
	p.mu.Unlock()
	return &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			{Method: http.MethodPost, Path: "/api-key/create", Handler: rt.create},
			{Method: http.MethodGet, Path: "/api-key/get", Handler: rt.get},
			{Method: http.MethodPost, Path: "/api-key/update", Handler: rt.update},
			{Method: http.MethodPost, Path: "/api-key/delete", Handler: rt.delete},
			{Method: http.MethodGet, Path: "/api-key/list", Handler: rt.list},
		},
		Before: []core.Hook{{Match: rt.sessionMatch, Handler: rt.sessionHook}},
	}, nil
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// resolve is resolveConfiguration: the configuration named configID, or
// the default one (no ConfigID or "default"), whose id reads "default".
func (rt *apiKeyRuntime) resolve(configID string) (*akConfig, error) {
	if configID != "" {
		for _, c := range rt.configs {
			if c.id == configID {
				return c, nil
			}
		}
	}
	for _, c := range rt.configs {
		if c.id == "" || c.id == "default" {
			return c, nil
		}
	}
	return nil, akError(400, "NO_DEFAULT_API_KEY_CONFIGURATION_FOUND")
}

// configName is the configId a key of c stores.
func (c *akConfig) configName() string {
	if c.id == "" {
		return "default"
	}
	return c.id
}

// isDefaultConfig treats a missing configId as "default", as 1.7.5 does
// for keys from before the column.
func isDefaultConfig(id any) bool {
	s, _ := id.(string)
	return s == "" || s == "default"
}

// configMatches is configIdMatches.
func configMatches(keyConfig any, expected string) bool {
	if isDefaultConfig(keyConfig) && isDefaultConfig(expected) {
		return true
	}
	s, _ := keyConfig.(string)
	return s == expected
}

// hashKey is defaultKeyHasher: SHA-256, base64url without padding.
func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// HashAPIKey is how 1.7.5 stores a key (apikey.key) unless key hashing is
// disabled: SHA-256, base64url without padding.
func HashAPIKey(key string) string { return hashKey(key) }

// storedKey is the apikey.key value of key under c.
func (c *akConfig) storedKey(key string) string {
	if c.noHashing {
		return key
	}
	return hashKey(key)
}

const keyLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// generate is the default key generator: the prefix, then length letters
// (generateRandomString(length, "a-z", "A-Z")).
func (c *akConfig) generate(prefix string) (string, error) {
	if c.generator != nil {
		return c.generator(c.keyLen, prefix)
	}
	b := make([]byte, c.keyLen)
	max := big.NewInt(int64(len(keyLetters)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b[i] = keyLetters[n.Int64()]
	}
	return prefix + string(b), nil
}

// sweep is deleteAllExpiredApiKeys: expired keys are deleted, at most once
// every 10 s (force: always). Failures are logged, never answered.
func (rt *apiKeyRuntime) sweep(x *core.Context, force bool) {
	rt.sweepMu.Lock()
	now := time.Now()
	if !force && !rt.lastSweep.IsZero() && now.Sub(rt.lastSweep) < 10*time.Second {
		rt.sweepMu.Unlock()
		return
	}
	rt.lastSweep = now
	rt.sweepMu.Unlock()
	if err := x.DeleteWhere("apikey", core.Cond{Field: "expiresAt", Op: "lt", Value: x.Now()}, core.Cond{Field: "expiresAt", Op: "ne"}); err != nil {
		x.Logger().Error("api-key: failed to delete expired API keys", "err", err)
	}
}

// akMessages are API_KEY_ERROR_CODES.
var akMessages = map[string]string{
	"INVALID_METADATA_TYPE":                  "metadata must be an object or undefined",
	"REFILL_AMOUNT_AND_INTERVAL_REQUIRED":    "refillAmount is required when refillInterval is provided",
	"REFILL_INTERVAL_AND_AMOUNT_REQUIRED":    "refillInterval is required when refillAmount is provided",
	"USER_BANNED":                            "User is banned",
	"UNAUTHORIZED_SESSION":                   "Unauthorized or invalid session",
	"KEY_NOT_FOUND":                          "API Key not found",
	"KEY_DISABLED":                           "API Key is disabled",
	"KEY_EXPIRED":                            "API Key has expired",
	"USAGE_EXCEEDED":                         "API Key has reached its usage limit",
	"EXPIRES_IN_IS_TOO_SMALL":                "The expiresIn is smaller than the predefined minimum value.",
	"EXPIRES_IN_IS_TOO_LARGE":                "The expiresIn is larger than the predefined maximum value.",
	"INVALID_PREFIX_LENGTH":                  "The prefix length is either too large or too small.",
	"INVALID_NAME_LENGTH":                    "The name length is either too large or too small.",
	"METADATA_DISABLED":                      "Metadata is disabled.",
	"RATE_LIMIT_EXCEEDED":                    "Rate limit exceeded.",
	"NO_VALUES_TO_UPDATE":                    "No values to update.",
	"KEY_DISABLED_EXPIRATION":                "Custom key expiration values are disabled.",
	"INVALID_API_KEY":                        "Invalid API key.",
	"INVALID_REFERENCE_ID_FROM_API_KEY":      "The reference id from the API key is invalid.",
	"SERVER_ONLY_PROPERTY":                   "The property you're trying to set can only be set from the server auth instance only.",
	"FAILED_TO_UPDATE_API_KEY":               "Failed to update API key",
	"NAME_REQUIRED":                          "API Key name is required.",
	"NO_DEFAULT_API_KEY_CONFIGURATION_FOUND": "No default api-key configuration found.",
	"USER_NOT_MEMBER_OF_ORGANIZATION":        "You are not a member of the organization that owns this API key.",
	"INSUFFICIENT_API_KEY_PERMISSIONS":       "You do not have permission to perform this action on organization API keys.",
	"ORGANIZATION_PLUGIN_REQUIRED":           "Organization plugin is required for organization-owned API keys. Please install and configure the organization plugin.",
}

// akError answers one of API_KEY_ERROR_CODES.
// orgPermission is 1.7.5's checkOrgApiKeyPermission: the caller must be a
// member of the organization whose role (the creator role always) allows
// action on the apiKey resource.
func (rt *apiKeyRuntime) orgPermission(x *core.Context, userID, orgID, action string) error {
	if rt.org == nil || rt.org.rt == nil {
		return akError(500, "ORGANIZATION_PLUGIN_REQUIRED")
	}
	member, err := x.FindOne("member", core.Where{Field: "userId", Value: userID}, core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return err
	}
	if member == nil {
		return akError(403, "USER_NOT_MEMBER_OF_ORGANIZATION")
	}
	o := rt.org.rt
	role, _ := member["role"].(string)
	creator := o.creatorRole
	if creator == "" {
		creator = "owner"
	}
	if slices.Contains(strings.Split(role, ","), creator) {
		return nil // allowCreatorAllPermissions
	}
	// 1.7.5 answers any failure of the check (an invalid stored role) as
	// no permission.
	if ok, err := o.hasPermission(x, role, orgID, map[string][]string{"apiKey": {action}}); err != nil || !ok {
		return akError(403, "INSUFFICIENT_API_KEY_PERMISSIONS")
	}
	return nil
}

func akError(status int, code string) *core.APIError {
	return core.NewAPIError(status, code, akMessages[code])
}
