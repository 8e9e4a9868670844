package core

import (
	"context"
	"log/slog"
	"time"

	"github.com/authctl/authctl/schema"
)

// Options configures an Auth. The zero value is a valid, minimal
// configuration: string ids, no plugins, in-memory rate limits.
type Options struct {
	// AppName names the application (used in emails and issuer strings).
	AppName string
	// BaseURL is the public URL of the server; BetterAuthURL env at run time.
	BaseURL string
	// BasePath is where the handler is mounted. Default "/api/auth".
	BasePath string
	// Secret signs cookies and tokens. Never logged.
	Secret string
	// Secrets are versioned secrets for rotation (BETTER_AUTH_SECRETS,
	// "2:new,1:old", when nil): the first signs and verifies cookies and
	// tokens and encrypts; the others only decrypt what they encrypted.
	// They win over Secret, which then only decrypts data encrypted before
	// versioning. Never logged.
	Secrets []VersionedSecret
	// Database is where the auth tables live; see SQLite, Postgres, MySQL.
	Database Database
	// EmailAndPassword enables email and password sign-in.
	EmailAndPassword EmailAndPassword
	// EmailVerification configures verification emails (Better Auth's
	// emailVerification).
	EmailVerification EmailVerification
	// SocialProviders are the OAuth and OpenID providers users may sign in
	// with (Better Auth's socialProviders), in order; see SocialProvider.
	SocialProviders []SocialProvider
	// User configures the user table, changing emails and deleting users.
	User UserOptions
	// Account configures the account table, account linking and the
	// storage of provider tokens.
	Account AccountOptions
	// Session and Verification configure those core tables.
	Session      SessionOptions
	Verification VerificationOptions
	// RateLimit configures rate limiting; Storage "database" adds a table.
	RateLimit RateLimitOptions
	// SecondaryStorage, when set, holds sessions and verification values
	// instead of the database (see SessionOptions.StoreSessionInDatabase and
	// VerificationOptions.StoreInDatabase).
	SecondaryStorage SecondaryStorage
	// Advanced holds rarely changed settings.
	Advanced Advanced
	// Plugins extend the schema and the API, in order.
	Plugins []Plugin
	// DatabaseHooks run around the handler's writes to any table (Better
	// Auth's databaseHooks), after the plugins' hooks of the same table
	// and operation.
	DatabaseHooks []DatabaseHook

	// TrustedOrigins are the origins, besides BaseURL's, that may send
	// cookie-bearing POSTs and appear in callbackURL values: exact
	// "https://app.example.com" origins, or patterns with * and ?
	// ("https://*.example.com"). The BETTER_AUTH_TRUSTED_ORIGINS
	// environment variable (comma-separated) adds more at run time.
	TrustedOrigins []string
	// Production turns on production behaviour: rate limiting by default,
	// Secure cookies when BaseURL is not set, and refusing to start
	// without a secret. It is also on when NODE_ENV=production, as in
	// Better Auth.
	Production bool
	// Logger receives the handler's warnings and errors. Nil means
	// log/slog's default logger. Secrets, passwords and tokens are never
	// logged.
	Logger *slog.Logger

	// SessionsOnly makes the handler serve only what stays safe whatever
	// the plugins: get-session, list-sessions, revoke-session,
	// revoke-sessions, revoke-other-sessions and sign-out (every other
	// path is 404), and lets it start with plugins that have no Go runtime
	// yet, whose rules it would otherwise skip. It is for deployments where
	// a TypeScript Better Auth server shares the database and serves
	// sign-in, sign-up and those plugins. GetSession, Middleware and
	// RequireSession work as usual. Default false: a configured plugin
	// without a Go runtime makes Open fail, naming it.
	SessionsOnly bool
}

// SessionOptions configures sessions and the session table.
type SessionOptions struct {
	ModelName        string
	Fields           map[string]string
	AdditionalFields []Field
	// StoreSessionInDatabase keeps the session table when SecondaryStorage
	// is set.
	StoreSessionInDatabase bool
	// PreserveSessionInDatabase keeps a revoked session's row, for audit,
	// when sessions live in SecondaryStorage and the table
	// (StoreSessionInDatabase): the storage's key is deleted, and the row,
	// if still live, gets expiresAt (and updatedAt) set to the revocation
	// time, the session delete hooks running as for a deletion. A token
	// missing from the storage is then never looked up in the table.
	// Deleting the user still deletes its rows. Default false (rows are
	// deleted). Open fails when it is set without SecondaryStorage and
	// StoreSessionInDatabase, where no row would be kept.
	PreserveSessionInDatabase bool
	// ExpiresIn defaults to 7 days; UpdateAge to 1 day.
	ExpiresIn time.Duration
	UpdateAge time.Duration
	// FreshAge is how long after sign-in a session may list sessions
	// (Better Auth's freshAge). Default 1 day; a negative value disables
	// the check.
	FreshAge time.Duration
	// DisableSessionRefresh stops get-session from extending sessions.
	DisableSessionRefresh bool
	// CookieCache keeps the session in a signed cookie for MaxAge, so
	// get-session reads no row (Better Auth's session.cookieCache).
	CookieCache CookieCache
}

// VerificationOptions configures the verification table.
type VerificationOptions struct {
	ModelName        string
	Fields           map[string]string
	AdditionalFields []Field
	// StoreInDatabase keeps the verification table when SecondaryStorage
	// is set.
	StoreInDatabase bool
}

// Rate-limit storages.
const (
	RateLimitMemory           = "memory"
	RateLimitDatabase         = "database"
	RateLimitSecondaryStorage = "secondary-storage"
)

// RateLimitOptions configures rate limiting.
type RateLimitOptions struct {
	// Enabled defaults to true in production.
	Enabled *bool
	// Window defaults to 10s; Max to 100 requests per window.
	Window time.Duration
	Max    int
	// Storage is RateLimitMemory (the default; per process),
	// RateLimitDatabase (adds the rateLimit table, shareable with a
	// TypeScript server) or RateLimitSecondaryStorage (the default when
	// SecondaryStorage is set; it must then implement
	// SecondaryStorageIncrementer). Any other value makes Open fail. Every
	// storage counts a request in one atomic step, so concurrent requests
	// cannot exceed the limit, and a storage error refuses the request
	// (an empty 500) rather than let it through.
	Storage string
	// ModelName and Fields rename the rateLimit table and its columns.
	ModelName string
	Fields    map[string]string
	// CustomRules override the window and max for paths relative to the
	// base path ("/sign-in/email"); a pattern may end in "*" to match a
	// prefix. A nil rule disables rate limiting for the path.
	CustomRules map[string]*RateLimitRule
}

// RateLimitRule is the window and maximum of one rate-limit rule.
type RateLimitRule struct {
	Window time.Duration
	Max    int
}

// Advanced holds rarely changed settings.
type Advanced struct {
	Database AdvancedDatabase
	// CookiePrefix replaces "better-auth" in cookie names.
	CookiePrefix string
	// UseSecureCookies forces Secure cookies and the __Secure- name prefix
	// on (true) or off (false). Nil decides from BaseURL ("https://" means
	// secure) or, when BaseURL is empty, from Production.
	UseSecureCookies *bool
	// DisableCSRFCheck skips the Origin checks of cookie-bearing POSTs and
	// of sign-in and sign-up. Only for tests and trusted networks.
	DisableCSRFCheck bool
	// DisableOriginCheck also skips the callbackURL checks.
	DisableOriginCheck bool
	// IPAddress configures how the client address (session.ipAddress and
	// the rate-limit key) is found: Better Auth's advanced.ipAddress.
	IPAddress IPAddressOptions
	// TrustedProxyHeaders (Better Auth's advanced.trustedProxyHeaders)
	// believes X-Forwarded-Proto and X-Forwarded-Host when BaseURL is not
	// set and the request's own origin is inferred (it is then a trusted
	// origin): the protocol ("http" or "https") from X-Forwarded-Proto,
	// and the host from X-Forwarded-Host when both are present and valid.
	// Set it only behind a proxy that overwrites both headers. Default
	// false: the origin is the connection's scheme and the Host header.
	TrustedProxyHeaders bool
}

// IPAddressOptions is Better Auth's advanced.ipAddress.
type IPAddressOptions struct {
	// Headers are the request headers holding the client address, tried in
	// order (ipAddressHeaders; default X-Forwarded-For). Without
	// TrustedProxies a header counts only when it holds a single valid
	// address, so a proxy that appends to X-Forwarded-For needs
	// TrustedProxies, and without a usable header the connection's address
	// is used.
	Headers []string
	// DisableTracking (disableIpTracking) stores an empty ipAddress and,
	// as in Better Auth, turns rate limiting off (it is per address).
	DisableTracking bool
	// IPv6Subnet (ipv6Subnet) is the prefix length IPv6 addresses are
	// masked to, so that one host cannot rotate through its addresses:
	// 0 means 64; 128 or more keeps whole addresses; a negative value
	// masks everything (all IPv6 clients share one address).
	IPv6Subnet int
	// TrustedProxies (trustedProxies) are the addresses or CIDR ranges
	// ("192.0.2.10", "10.0.0.0/24", "2001:db8::/48") of your reverse
	// proxies. When set, a header's comma-separated chain is read from the
	// right, trusted hops skipped, and the first other address is the
	// client's; a request through a trusted proxy that names no other
	// address has none (an empty ipAddress, one shared rate-limit bucket).
	// Stricter than Better Auth: the connection's own address is the
	// chain's last hop, so a client that does not connect through a
	// trusted proxy is identified by its connection address and its
	// forwarded headers are ignored (a Unix-socket connection counts as a
	// trusted proxy). Use your proxies' exact addresses, not a private
	// range that also holds clients. An entry that is not an address or
	// range makes Open fail.
	TrustedProxies []string
}

// AdvancedDatabase configures ids.
type AdvancedDatabase struct {
	// GenerateID is IDString (default), IDUUID or IDSerial.
	GenerateID schema.IDStrategy
}

// SecondaryStorage is a key-value store (Redis, for example) for sessions,
// verification values and rate limits. Rate limits in it also need
// SecondaryStorageIncrementer.
type SecondaryStorage interface {
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, value string, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
}

// SecondaryStorageIncrementer is the atomic counter that rate limiting in
// SecondaryStorage requires (Better Auth 1.7.5's SecondaryStorage.increment):
// when rate limits are on and kept in SecondaryStorage, Open fails unless
// the SecondaryStorage implements it. A get-then-set cannot hold a limit
// under concurrent requests; one increment can.
//
// The counter's key is Better Auth's ("<client address>|<path>"), so a
// TypeScript server sharing the store shares the limits.
type SecondaryStorageIncrementer interface {
	// Increment adds one to the integer at key and returns the new value,
	// in one atomic step. An absent key is created as 1 and expires after
	// ttl; later increments never extend the ttl, so the count resets a
	// fixed window after its first request. In Redis, a script:
	//
	//	local n = redis.call("INCR", KEYS[1])
	//	if n == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
	//	return n
	//
	// with ARGV[1] = ttl.Milliseconds() (INCR then EXPIRE as two commands
	// can leave a key that never expires).
	Increment(ctx context.Context, key string, ttl time.Duration) (int64, error)
}

// SecondaryStorageGetAndDeleter reads and removes a key in one atomic
// step (Better Auth 1.7.5's SecondaryStorage.getAndDelete; GETDEL in
// Redis), returning "" when the key is absent. Verification values kept
// in SecondaryStorage alone (SecondaryStorage without
// Verification.StoreInDatabase) are single-use codes and tokens, consumed
// with it so that of concurrent requests one has the value: Open fails
// when they are and the SecondaryStorage does not implement it.
type SecondaryStorageGetAndDeleter interface {
	GetAndDelete(ctx context.Context, key string) (string, error)
}

// Plugin extends Auth. Schema returns the tables the plugin adds and the
// fields it adds to other tables (core ones included, by key: "user",
// "session", "account", "verification"), in order.
type Plugin interface {
	ID() string
	Schema() []schema.Table
}

// Field, the field types and flags are the schema package's, re-exported so
// an auth config needs only this package.
type (
	Field     = schema.Field
	Reference = schema.Reference
	Index     = schema.Index
	Table     = schema.Table
)

// Field types.
const (
	TypeString      = schema.TypeString
	TypeNumber      = schema.TypeNumber
	TypeBoolean     = schema.TypeBoolean
	TypeDate        = schema.TypeDate
	TypeJSON        = schema.TypeJSON
	TypeStringArray = schema.TypeStringArray
	TypeNumberArray = schema.TypeNumberArray
	TypeEnum        = schema.TypeEnum
)

// Field requirement: Required (the zero value) or Optional.
const (
	Required = schema.Required
	Optional = schema.Optional
)

// Id strategies for AdvancedDatabase.GenerateID.
const (
	IDString = schema.IDString
	IDUUID   = schema.IDUUID
	IDSerial = schema.IDSerial
)

// ON DELETE actions for Reference.OnDelete.
const (
	Cascade    = schema.Cascade
	Restrict   = schema.Restrict
	NoAction   = schema.NoAction
	SetNull    = schema.SetNull
	SetDefault = schema.SetDefault
)

// Now as a Field.Default means the current time.
var Now = schema.Now

// Bool returns a pointer to b, for Field.Input and Field.Returned.
func Bool(b bool) *bool { return &b }
