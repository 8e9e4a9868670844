package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// AdminOptions configures Admin.
type AdminOptions struct {
	// Schema renames the columns Admin adds to user and session.
	Schema Schema
}

// Admin adds user administration (Better Auth's admin, id "admin"): the
// user.role, user.banned (default false), user.banReason and
// user.banExpires columns and session.impersonatedBy.
func Admin(opts ...AdminOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "admin", optErr: err, schema: o.Schema,
		rules: rules{options: "AdminOptions", plugin: "admin"},
		tables: func() []schema.Table {
			return []schema.Table{
				{Key: "user", Fields: []schema.Field{
					{Name: "role", Type: schema.TypeString, Required: schema.Optional, Input: inputOff()},
					{Name: "banned", Type: schema.TypeBoolean, Required: schema.Optional, Default: false, Input: inputOff()},
					{Name: "banReason", Type: schema.TypeString, Required: schema.Optional, Input: inputOff()},
					{Name: "banExpires", Type: schema.TypeDate, Required: schema.Optional, Input: inputOff()},
				}},
				{Key: "session", Fields: []schema.Field{
					{Name: "impersonatedBy", Type: schema.TypeString, Required: schema.Optional, Input: inputOff()},
				}},
			}
		},
	}
}
