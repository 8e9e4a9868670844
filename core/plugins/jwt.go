package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// JWTOptions configures JWT (Better Auth's JwtOptions). Options Better
// Auth takes as functions (jwt.definePayload, jwt.getSubject, jwt.sign)
// cannot be ported: setting them makes Open fail, as do the options the
// Go handler does not offer yet (SessionCookieCache, JWKS.RemoteURL).
type JWTOptions struct {
	// JWKS configures the key set.
	JWKS JWKSOptions
	// JWT configures the tokens.
	JWT JWTTokenOptions
	// DisableSettingJwtHeader stops get-session from answering with the
	// set-auth-jwt header.
	DisableSettingJwtHeader bool
	// SessionCookieCache signs the cookie cache with the plugin's keys
	// (Better Auth's sessionCookieCache). Not offered: Open fails.
	SessionCookieCache bool
	// Schema renames the jwks table and its columns.
	Schema Schema
}

// JWKSOptions is Better Auth's jwks option.
type JWKSOptions struct {
	// RemoteURL is a JWKS served elsewhere. Not offered: Open fails.
	RemoteURL string
	// KeyPairConfig is the algorithm of the keys the plugin creates:
	// EdDSA (Ed25519, the default), ES256, ES512, RS256 or PS256.
	KeyPairConfig *JWKOptions
	// KeyPairConfigs are further algorithms keys may be created for.
	KeyPairConfigs []JWKOptions
	// DisablePrivateKeyEncryption stores private keys in clear; by
	// default they are encrypted with the secret, as 1.7.5 does.
	DisablePrivateKeyEncryption bool
	// RotationInterval, in seconds, gives new keys an expiry; a token is
	// then signed with a new key once the latest has expired.
	RotationInterval int
	// GracePeriod, in seconds, keeps an expired key in the JWKS (default
	// 30 days).
	GracePeriod *int
	// JWKSPath is the JWKS endpoint's path (default "/jwks").
	JWKSPath string
}

// JWKOptions is one key-pair configuration.
type JWKOptions struct {
	// Alg is "EdDSA", "ES256", "ES512", "RS256" or "PS256".
	Alg string
	// Crv is "Ed25519" (EdDSA only; optional).
	Crv string
	// ModulusLength is the RSA key size (RS256, PS256; default 2048).
	ModulusLength int
}

// JWTTokenOptions is Better Auth's jwt option.
type JWTTokenOptions struct {
	// Issuer defaults to BaseURL.
	Issuer string
	// Audience is the aud claim as a string (default BaseURL);
	// Audiences as an array (Better Auth's audience: [...]). Set one.
	Audience  string
	Audiences []string
	// ExpirationTime is a time span as Better Auth reads it ("15m", the
	// default, "1 hour", "2d"). Better Auth's absolute forms (a number or
	// a Date) are not offered.
	ExpirationTime string
	// DefinePayload, GetSubject and Sign are Better Auth's functions.
	// They are not portable: setting one makes Open fail.
	DefinePayload func(*core.SessionData) (map[string]any, error)
	GetSubject    func(*core.SessionData) (string, error)
	Sign          func(payload map[string]any) (string, error)
}

// JWT issues JSON Web Tokens and serves a JWKS (Better Auth's jwt, id
// "jwt"): the jwks table (publicKey, privateKey, createdAt, expiresAt,
// alg, crv). OAuthProvider needs it.
//
// The Go handler runs the plugin too (core.RuntimePlugin, see
// jwt_runtime.go): GET /jwks, GET /token and the set-auth-jwt header of
// get-session, with keys in the jwks table as 1.7.5 stores them.
// VerifyJWT checks the tokens.
func JWT(opts ...JWTOptions) core.Plugin {
	o, err := one(opts)
	return &jwtPlugin{o: o, plugin: &plugin{
		id: "jwt", optErr: err, schema: o.Schema,
		rules: rules{options: "JWTOptions", plugin: "jwt"},
		tables: func() []schema.Table {
			return []schema.Table{{Key: "jwks", Fields: []schema.Field{
				{Name: "publicKey", Type: schema.TypeString},
				{Name: "privateKey", Type: schema.TypeString},
				{Name: "createdAt", Type: schema.TypeDate},
				{Name: "expiresAt", Type: schema.TypeDate, Required: schema.Optional},
				{Name: "alg", Type: schema.TypeString, Required: schema.Optional},
				{Name: "crv", Type: schema.TypeString, Required: schema.Optional},
			}}}
		},
	}}
}
