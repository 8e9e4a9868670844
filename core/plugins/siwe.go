package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// SIWEOptions configures SIWE.
type SIWEOptions struct {
	// Schema renames the walletAddress table and its columns.
	Schema Schema
}

// SIWE adds Sign-In With Ethereum (Better Auth's siwe, id "siwe"): the
// walletAddress table (userId → user, address, chainId, isPrimary default
// false, createdAt).
func SIWE(opts ...SIWEOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "siwe", optErr: err, schema: o.Schema,
		rules: rules{options: "SIWEOptions", plugin: "siwe"},
		tables: func() []schema.Table {
			return []schema.Table{{Key: "walletAddress", Fields: []schema.Field{
				{Name: "userId", Type: schema.TypeString, Index: true, References: refID("user")},
				{Name: "address", Type: schema.TypeString},
				{Name: "chainId", Type: schema.TypeNumber},
				{Name: "isPrimary", Type: schema.TypeBoolean, Default: false},
				{Name: "createdAt", Type: schema.TypeDate},
			}}}
		},
	}
}
