package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// AnonymousOptions configures Anonymous.
type AnonymousOptions struct {
	// Schema renames the user.isAnonymous column.
	Schema Schema
}

// Anonymous adds anonymous sign-in (Better Auth's anonymous, id
// "anonymous"): the user.isAnonymous column (optional boolean, default
// false).
func Anonymous(opts ...AnonymousOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "anonymous", optErr: err, schema: o.Schema,
		rules: rules{options: "AnonymousOptions", plugin: "anonymous"},
		tables: func() []schema.Table {
			return []schema.Table{{Key: "user", Fields: []schema.Field{
				{Name: "isAnonymous", Type: schema.TypeBoolean, Required: schema.Optional, Default: false, Input: inputOff()},
			}}}
		},
	}
}
