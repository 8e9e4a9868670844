package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// OAuthDeviceAuthorizationOptions configures OAuthDeviceAuthorization.
type OAuthDeviceAuthorizationOptions struct {
	// Schema renames the deviceCode table and its columns.
	Schema Schema
}

// OAuthDeviceAuthorization is the device authorization grant of
// OAuthProvider (Better Auth's oauthDeviceAuthorization from
// @better-auth/oauth-provider, which wraps deviceAuthorization and so has
// its id, "device-authorization"): the deviceCode table of
// DeviceAuthorization plus resources (string[], optional) and
// oauthClientId (optional) after scope.
//
// Use it instead of DeviceAuthorization, together with OAuthProvider;
// Better Auth refuses to start with both device plugins or without
// oauthProvider. (Passing oauthDeviceAuthorization() as the `grant` of
// deviceAuthorization() adds nothing in Better Auth 1.7.5.)
func OAuthDeviceAuthorization(opts ...OAuthDeviceAuthorizationOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "device-authorization", optErr: err, schema: o.Schema,
		rules:    rules{options: "OAuthDeviceAuthorizationOptions", plugin: "oauthDeviceAuthorization"},
		requires: []string{"oauth-provider"},
		tables:   func() []schema.Table { return []schema.Table{deviceCodeTable(true)} },
	}
}
