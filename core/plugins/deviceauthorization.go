package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// DeviceAuthorizationOptions configures DeviceAuthorization.
type DeviceAuthorizationOptions struct {
	// Schema renames the deviceCode table and its columns.
	Schema Schema
}

// DeviceAuthorization adds the OAuth 2.0 device authorization grant for
// first-party sign-in (Better Auth's deviceAuthorization, id
// "device-authorization"): the deviceCode table with unique indexes on
// deviceCode and userCode.
//
// For devices that sign in to an OAuth client of OAuthProvider, use
// OAuthDeviceAuthorization instead of this plugin, not with it.
func DeviceAuthorization(opts ...DeviceAuthorizationOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "device-authorization", optErr: err, schema: o.Schema,
		rules:  rules{options: "DeviceAuthorizationOptions", plugin: "deviceAuthorization"},
		tables: func() []schema.Table { return []schema.Table{deviceCodeTable(false)} },
	}
}

// deviceCodeTable is the deviceCode table; oauth adds the two fields of
// the OAuth provider's grant right after scope.
func deviceCodeTable(oauth bool) schema.Table {
	fields := []schema.Field{
		{Name: "deviceCode", Type: schema.TypeString},
		{Name: "userCode", Type: schema.TypeString},
		{Name: "userId", Type: schema.TypeString, Required: schema.Optional},
		{Name: "expiresAt", Type: schema.TypeDate},
		{Name: "status", Type: schema.TypeString},
		{Name: "lastPolledAt", Type: schema.TypeDate, Required: schema.Optional},
		{Name: "pollingInterval", Type: schema.TypeNumber, Required: schema.Optional},
		{Name: "clientId", Type: schema.TypeString, Required: schema.Optional},
		{Name: "scope", Type: schema.TypeString, Required: schema.Optional},
	}
	if oauth {
		fields = append(fields,
			schema.Field{Name: "resources", Type: schema.TypeStringArray, Required: schema.Optional},
			schema.Field{Name: "oauthClientId", Type: schema.TypeString, Required: schema.Optional},
		)
	}
	return schema.Table{Key: "deviceCode", Fields: fields, Indexes: []schema.Index{
		{Fields: []string{"deviceCode"}, Unique: true},
		{Fields: []string{"userCode"}, Unique: true},
	}}
}
