package plugins

import "github.com/authctl/authctl/core"

// OneTimeTokenOptions configures OneTimeToken (Better Auth's
// oneTimeToken options).
type OneTimeTokenOptions struct {
	// ExpiresIn is a token's lifetime in minutes; 0 means 3.
	ExpiresIn int
	// DisableClientRequest refuses /one-time-token/generate over HTTP
	// (400 "Client requests are disabled"); Better Auth still lets its
	// server-side auth.api call generate, which the Go handler has not.
	DisableClientRequest bool
	// StoreToken is how a token is kept in the verification table: ""
	// or "plain" as is, "hashed" as its unpadded base64url SHA-256 (what
	// a TypeScript server with storeToken: "hashed" reads). For Better
	// Auth's {type: "custom-hasher"} set HashToken instead.
	StoreToken string
	// HashToken is storeToken: {type: "custom-hasher", hash}: the value
	// stored for a token. It excludes StoreToken "hashed".
	HashToken func(token string) (string, error)
	// GenerateToken replaces the 32-character random token (Better
	// Auth's generateToken(session, ctx)).
	GenerateToken func(x *core.Context, s *core.SessionData) (string, error)
	// DisableSetSessionCookie keeps /one-time-token/verify from setting
	// the session cookie of the session it answers.
	DisableSetSessionCookie bool
	// SetOttHeaderOnNewSession adds a set-ott header (with a new one-time
	// token, exposed to browsers) to every response that creates a
	// session.
	SetOttHeaderOnNewSession bool
	// Schema must be empty: OneTimeToken has no tables; it exists because
	// every plugin takes Better Auth's schema option.
	Schema Schema
}

// OneTimeToken issues single-use tokens for a session; they live in the
// verification table (Better Auth's oneTimeToken, id "one-time-token").
// It adds no tables or columns.
//
// The Go handler runs it (onetimetoken_runtime.go): GET
// /one-time-token/generate and POST /one-time-token/verify.
func OneTimeToken(opts ...OneTimeTokenOptions) core.Plugin {
	o, err := one(opts)
	return &oneTimeTokenPlugin{o: o, plugin: &plugin{id: "one-time-token", optErr: err, schema: o.Schema,
		rules: rules{options: "OneTimeTokenOptions", plugin: "oneTimeToken"}}}
}
