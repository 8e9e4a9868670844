package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// LastLoginMethodOptions configures LastLoginMethod.
type LastLoginMethodOptions struct {
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
func LastLoginMethod(opts ...LastLoginMethodOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
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
	}
}
