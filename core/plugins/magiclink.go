package plugins

import (
	"github.com/authctl/authctl/core"
)

// MagicLinkOptions configures MagicLink, mirroring Better Auth 1.7.5's
// MagicLinkOptions.
type MagicLinkOptions struct {
	// Schema must be empty: MagicLink has no tables (it exists because
	// every plugin takes Better Auth's schema option).
	Schema Schema
	// SendMagicLink delivers the link (sendMagicLink; required). Its
	// error fails the sign-in request: an *core.APIError is answered as
	// it is, any other error with 500.
	SendMagicLink func(x *core.Context, m MagicLinkMessage) error
	// ExpiresIn is the link's lifetime in seconds (expiresIn); 0 means
	// 300.
	ExpiresIn int
	// DisableSignUp refuses links for emails without a user
	// (disableSignUp): the link redirects with
	// error=new_user_signup_disabled.
	DisableSignUp bool
	// RateLimit is the rule on /sign-in/magic-link and
	// /magic-link/verify (rateLimit); a zero Window means 60 seconds, a
	// zero Max 5.
	RateLimit PluginRateLimitOptions
	// GenerateToken returns the token of a new link (generateToken); nil:
	// 32 random letters.
	GenerateToken func(email string) (string, error)
	// StoreToken is how the token is stored in the verification table
	// (storeToken): "plain" ("") or "hashed" (base64url of SHA-256).
	StoreToken string
	// HashToken stores the token as this function's result (storeToken
	// {type: "custom-hasher", hash}); StoreToken must then be "" or
	// "custom-hasher".
	HashToken func(token string) (string, error)
}

// MagicLinkMessage is what SendMagicLink delivers: the email, the link
// (<baseURL>/magic-link/verify?token=…&callbackURL=…), its token, and the
// sign-in request's metadata.
type MagicLinkMessage struct {
	Email, URL, Token string
	Metadata          map[string]any
}

// PluginRateLimitOptions is a plugin's rateLimit option: Window in
// seconds and Max requests in it; zero takes the plugin's default.
type PluginRateLimitOptions struct {
	Window, Max int
}

// MagicLink signs users in with a one-time link sent by email (Better
// Auth's magicLink, id "magic-link"); its tokens live in the verification
// table, and it adds no tables or columns. Its runtime is in
// magiclink_runtime.go.
func MagicLink(opts ...MagicLinkOptions) core.Plugin {
	o, err := one(opts)
	return &magicLinkPlugin{plugin: &plugin{id: "magic-link", optErr: err, schema: o.Schema,
		rules: rules{options: "MagicLinkOptions", plugin: "magicLink"}}, o: o}
}

type magicLinkPlugin struct {
	*plugin
	o MagicLinkOptions
}
