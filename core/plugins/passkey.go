package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// PasskeyOptions configures Passkey.
type PasskeyOptions struct {
	// Schema renames the passkey table and its columns.
	Schema Schema
}

// Passkey adds WebAuthn passkeys (Better Auth's passkey from
// @better-auth/passkey, id "passkey"): the passkey table (name, publicKey,
// userId → user, credentialID, counter, deviceType, backedUp, transports,
// createdAt, aaguid).
func Passkey(opts ...PasskeyOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "passkey", optErr: err, schema: o.Schema,
		rules: rules{options: "PasskeyOptions", plugin: "passkey"},
		tables: func() []schema.Table {
			return []schema.Table{{Key: "passkey", Fields: []schema.Field{
				{Name: "name", Type: schema.TypeString, Required: schema.Optional},
				{Name: "publicKey", Type: schema.TypeString},
				{Name: "userId", Type: schema.TypeString, Index: true, References: refID("user")},
				{Name: "credentialID", Type: schema.TypeString, Index: true},
				{Name: "counter", Type: schema.TypeNumber},
				{Name: "deviceType", Type: schema.TypeString},
				{Name: "backedUp", Type: schema.TypeBoolean},
				{Name: "transports", Type: schema.TypeString, Required: schema.Optional},
				{Name: "createdAt", Type: schema.TypeDate, Required: schema.Optional},
				{Name: "aaguid", Type: schema.TypeString, Required: schema.Optional},
			}}}
		},
	}
}
