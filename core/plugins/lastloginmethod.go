package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// LastLoginMethodOptions configures LastLoginMethod (Better Auth's
// lastLoginMethod options).
type LastLoginMethodOptions struct {
	// CookieName names the (unsigned, script-readable) cookie holding
	// the method; "" means "better-auth.last_used_login_method", whatever
	// the cookie prefix.
	CookieName string
	// MaxAge is the cookie's Max-Age in seconds; 0 means 2592000 (30
	// days).
	MaxAge int
	// CustomResolveMethod names the method a request signs in with
	// (Better Auth's customResolveMethod); ok false falls back to the
	// built-in rules ("email", the OAuth provider of /callback/:id,
	// "siwe", "passkey", "magic-link", "email-otp"), and an empty method
	// records nothing.
	CustomResolveMethod func(x *core.Context) (method string, ok bool)
	// BeforeStoreCookie may veto the cookie (Better Auth's
	// beforeStoreCookie, e.g. for consent): false or an error (logged)
	// skips it; the sign-in goes on either way.
	BeforeStoreCookie func(x *core.Context, method string) (bool, error)
	// StoreInDatabase adds the user.lastLoginMethod column. Default off:
	// the method is kept in a cookie only and the schema is unchanged.
	StoreInDatabase bool
	// Schema renames user.lastLoginMethod (Better Auth's
	// schema.user.lastLoginMethod); it needs StoreInDatabase.
	Schema Schema
}

// LastLoginMethod remembers how each user last signed in (Better Auth's
// lastLoginMethod, id "last-login-method"). Only with StoreInDatabase does
// it add a column: user.lastLoginMethod (optional string).
//
// The Go handler runs it (lastloginmethod_runtime.go): it has no
// endpoints; a response that sets the session cookie also sets the
// last-used-login-method cookie, and with StoreInDatabase new users and
// new sessions record the method in user.lastLoginMethod.
func LastLoginMethod(opts ...LastLoginMethodOptions) core.Plugin {
	o, err := one(opts)
	return &lastLoginMethodPlugin{o: o, plugin: &plugin{
		id: "last-login-method", optErr: err, schema: o.Schema,
		rules: rules{options: "LastLoginMethodOptions", plugin: "lastLoginMethod",
			off: map[string]string{"user": "LastLoginMethodOptions.StoreInDatabase is true"}},
		tables: func() []schema.Table {
			if !o.StoreInDatabase {
				return nil
			}
			return []schema.Table{{Key: "user", Fields: []schema.Field{
				{Name: "lastLoginMethod", Type: schema.TypeString, Required: schema.Optional, Input: inputOff()},
			}}}
		},
	}}
}
