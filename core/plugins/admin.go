package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// AdminOptions configures Admin, mirroring Better Auth 1.7.5's
// AdminOptions.
type AdminOptions struct {
	// Schema renames the columns Admin adds to user and session.
	Schema Schema
	// DefaultRole is the role of new users ("user").
	DefaultRole string
	// AdminRoles are the roles that count as admins for impersonation
	// (["admin"]); each must be one of Roles' (or the default roles').
	AdminRoles []string
	// DefaultBanReason is the reason of a ban given none ("No reason").
	DefaultBanReason string
	// DefaultBanExpiresIn is the length of a ban given none, in seconds
	// (0: bans never expire).
	DefaultBanExpiresIn int
	// ImpersonationSessionDuration is the length of an impersonation
	// session in seconds (0: one hour).
	ImpersonationSessionDuration int
	// Roles are the access-control roles: role name → resource → allowed
	// actions (Better Auth's roles built with ac.newRole(statements)).
	// Nil: the default admin and user roles. A role is checked as
	// Better Auth's role(statements).authorize with the "AND" connector.
	Roles map[string]AdminRole
	// AdminUserIDs are users with every permission whatever their role.
	AdminUserIDs []string
	// BannedUserMessage answers a banned user's sign-in (403
	// BANNED_USER).
	BannedUserMessage string
	// AllowImpersonatingAdmins lets every impersonator impersonate admins.
	AllowImpersonatingAdmins bool
}

// AdminRole is one access-control role: resource → allowed actions.
type AdminRole map[string][]string

// Admin adds user administration (Better Auth's admin, id "admin"): the
// user.role, user.banned (default false), user.banReason and
// user.banExpires columns and session.impersonatedBy; its runtime is in
// admin_runtime.go.
func Admin(opts ...AdminOptions) core.Plugin {
	o, err := one(opts)
	return &adminPlugin{plugin: &plugin{
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
	}, o: o}
}

type adminPlugin struct {
	*plugin
	o AdminOptions
}
