package core_test

import (
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestDifferentialOrganizationRoles compares dynamic access control (the
// five role endpoints, the organization's roles in permission checks)
// with Better Auth 1.7.5's organization({dynamicAccessControl, ac}) on
// SQLite, PostgreSQL and MariaDB: alice owns the organization, bob is a
// member, carol an admin, dave not a member.
func TestDifferentialOrganizationRoles(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		p := startTeamPair(t, dialect, orgTeamsGo, orgTeamsTS, "alice", "bob", "carol", "dave")
		p.run(orgRoleSteps)
		p.sameRows()
	})
}

var orgRoleSteps = []teamStep{
	{who: "alice", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}, save: "org"},
	addMemberSQL("bob", "member"),
	addMemberSQL("carol", "admin"),
	{sql: `UPDATE "session" SET "activeOrganizationId" = '{org}' WHERE "userId" IN ('{bob}', '{carol}')`},
	{who: "alice", method: "GET", path: "/organization/list-roles"},
	// create-role: validation, then the checks in Better Auth's order.
	{who: "anon", method: "POST", path: "/organization/create-role", body: map[string]any{}},
	{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": 1, "permission": []any{}, "organizationId": 2, "additionalFields": 3}},
	{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{"team": "create", "member": []any{"update", 5}}}},
	{who: "anon", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{}}},
	{who: "dave", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{}}},
	{who: "dave", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{}, "organizationId": "{org}"}},
	{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "Admin", "permission": map[string]any{}}},
	{who: "bob", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{}}},
	{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{"billing": []any{"read"}}}},
	{who: "carol", method: "POST", path: "/organization/create-role", body: `{"role":"x","permission":{"team":["create","fly"],"organization":["delete"],"ac":["read"]}}`},
	// Resources in the order written (not sorted) are kept.
	{who: "alice", method: "POST", path: "/organization/create-role", body: `{"role":"Editor","permission":{"team":["create","update"],"member":["update"]}}`, save: "editor=roleData.id"},
	{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "editor", "permission": map[string]any{}}},
	{who: "carol", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "viewer", "permission": map[string]any{"ac": []any{"read"}}, "organizationId": "{org}", "additionalFields": map[string]any{}}, save: "viewer=roleData.id"},
	// list-roles, get-role
	{who: "alice", method: "GET", path: "/organization/list-roles", sort: true},
	{who: "bob", method: "GET", path: "/organization/list-roles?organizationId={org}", sort: true},
	{who: "dave", method: "GET", path: "/organization/list-roles?organizationId={org}"},
	{who: "dave", method: "GET", path: "/organization/list-roles"},
	{who: "anon", method: "GET", path: "/organization/list-roles"},
	{who: "alice", method: "GET", path: "/organization/get-role"},
	{who: "alice", method: "GET", path: "/organization/get-role?roleName="},
	{who: "alice", method: "GET", path: "/organization/get-role?roleId="},
	{who: "anon", method: "GET", path: "/organization/get-role?roleName=editor"},
	{who: "alice", method: "GET", path: "/organization/get-role?roleName=editor"},
	{who: "bob", method: "GET", path: "/organization/get-role?roleId={viewer}"},
	{who: "bob", method: "GET", path: "/organization/get-role?roleName=Editor"},
	{who: "bob", method: "GET", path: "/organization/get-role?roleName=editor&roleId={viewer}"},
	{who: "dave", method: "GET", path: "/organization/get-role?roleName=editor&organizationId={org}"},
	// A member with the organization's role gets its permissions.
	{sql: `UPDATE "member" SET "role" = 'editor' WHERE "userId" = '{bob}'`},
	{who: "bob", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "By editor"}},
	{who: "bob", method: "GET", path: "/organization/list-roles"},
	{who: "bob", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "y", "permission": map[string]any{}}},
	{sql: `UPDATE "member" SET "role" = 'member,editor' WHERE "userId" = '{bob}'`},
	{who: "bob", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "nope", "data": map[string]any{}}},
	// update-role
	{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{}},
	{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": "editor"}},
	{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": 5, "data": map[string]any{"permission": 1, "roleName": 2}}},
	{who: "anon", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": "editor", "data": map[string]any{}}},
	{who: "bob", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": "editor", "data": map[string]any{}}},
	{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": "nope", "data": map[string]any{}}},
	{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": "editor", "data": map[string]any{}}},
	{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleId": "{editor}", "data": map[string]any{"roleName": "Owner"}}},
	{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleId": "{editor}", "data": map[string]any{"roleName": "viewer"}}},
	{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleId": "{editor}", "data": map[string]any{"permission": map[string]any{"nope": []any{}}}}},
	{who: "carol", method: "POST", path: "/organization/update-role", body: map[string]any{"roleId": "{editor}", "data": map[string]any{"permission": map[string]any{"organization": []any{"delete", "update"}}}}},
	{who: "alice", method: "POST", path: "/organization/update-role", body: `{"roleName":"editor","data":{"roleName":"Writer","permission":{"team":["update"],"invitation":["create"]}}}`},
	{who: "alice", method: "GET", path: "/organization/get-role?roleId={editor}"},
	{who: "bob", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "After rename"}},
	// delete-role
	{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{}},
	{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleName": ""}},
	{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleName": 5, "roleId": ""}},
	{who: "anon", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleName": "x"}},
	{who: "bob", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleName": "viewer"}},
	{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleName": "owner"}},
	{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleName": "nope"}},
	{sql: `UPDATE "member" SET "role" = 'member, viewer' WHERE "userId" = '{bob}'`},
	{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleId": "{viewer}"}},
	{sql: `UPDATE "member" SET "role" = 'member' WHERE "userId" = '{bob}'`},
	{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleId": "{viewer}", "organizationId": "{org}"}},
	{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleName": "writer"}},
	{who: "alice", method: "GET", path: "/organization/list-roles"},
	// Deleting the organization with its teams and roles in place.
	{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "left", "permission": map[string]any{}}},
	{who: "alice", method: "POST", path: "/organization/delete", body: map[string]any{"organizationId": "{org}"}},
	{who: "alice", method: "GET", path: "/organization/list-teams?organizationId={org}"},
}

// TestDifferentialOrganizationTeamOptions compares the options both
// servers take as data: maximumTeams, maximumMembersPerTeam,
// allowRemovingAllTeams, no default team, maximumRolesPerOrganization,
// and dynamic access control without an ac instance.
func TestDifferentialOrganizationTeamOptions(t *testing.T) {
	o := core.Options{Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{
		Teams: true, DynamicAccessControl: true,
		TeamOptions:   plugins.OrganizationTeamOptions{MaximumTeams: 2, MaximumMembersPerTeam: 2, AllowRemovingAllTeams: true, DisableDefaultTeam: true},
		AccessControl: plugins.OrganizationAccessControl{MaximumRolesPerOrganization: 1},
	})}}
	ts := `{"teams":{"enabled":true,"maximumTeams":2,"maximumMembersPerTeam":2,"allowRemovingAllTeams":true,"defaultTeam":{"enabled":false}},"dynamicAccessControl":{"enabled":true,"maximumRolesPerOrganization":1}}`
	p := startTeamPair(t, core.DialectSQLite, o, ts, "alice", "bob", "carol", "dave")
	p.run([]teamStep{
		{who: "alice", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}, save: "org"},
		{who: "alice", method: "GET", path: "/get-session"},
		{who: "alice", method: "GET", path: "/organization/list-teams"},
		addMemberSQL("bob", "member"),
		addMemberSQL("carol", "member"),
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "A"}, save: "a"},
		{who: "alice", method: "GET", path: "/organization/get-full-organization"},
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "B"}, save: "b"},
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "C"}},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{a}", "userId": "{alice}"}},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{a}", "userId": "{bob}"}},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{a}", "userId": "{carol}"}},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{a}", "userId": "{bob}"}},
		{who: "alice", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "{a}", "userId": "{bob}"}},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{a}", "userId": "{carol}"}},
		// maximumMembersPerTeam on invitations: checked when sent and when
		// accepted (a full team sends the invitation back to pending).
		{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "dave@example.com", "role": "member", "teamId": "{a}"}},
		{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "dave@example.com", "role": "member", "teamId": []any{"{b}"}}, save: "inv"},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{b}", "userId": "{alice}"}},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{b}", "userId": "{bob}"}},
		{who: "dave", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}},
		{who: "dave", method: "GET", path: "/get-session"},
		{who: "alice", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "{b}", "userId": "{bob}"}},
		{who: "dave", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}},
		{who: "dave", method: "GET", path: "/get-session"},
		{who: "dave", method: "GET", path: "/organization/list-user-teams"},
		{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{b}"}},
		{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{a}"}},
		{who: "alice", method: "GET", path: "/organization/list-teams"},
		// Without ac: 501 for create and update, reads still work.
		{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{}}},
		{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": "x", "data": map[string]any{}}},
		{who: "alice", method: "GET", path: "/organization/list-roles"},
		{who: "alice", method: "POST", path: "/organization/delete-role", body: map[string]any{"roleName": "x"}},
	})
	p.sameRows()
}

// TestDifferentialOrganizationRoleLimit compares
// maximumRolesPerOrganization with an ac instance.
func TestDifferentialOrganizationRoleLimit(t *testing.T) {
	o := core.Options{Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{
		DynamicAccessControl: true,
		AccessControl:        plugins.OrganizationAccessControl{Statements: plugins.OrganizationDefaultStatements(), MaximumRolesPerOrganization: 1},
	})}}
	p := startTeamPair(t, core.DialectSQLite, o, `{"dynamicAccessControl":{"enabled":true,"maximumRolesPerOrganization":1},"ac":"default"}`, "alice")
	p.run([]teamStep{
		{who: "alice", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}},
		{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "a", "permission": map[string]any{"ac": []any{"read"}}}},
		{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "b", "permission": map[string]any{"ac": []any{"read"}}}},
	})
}

// TestDifferentialOrganizationTeamAdditionalFields: the team's and
// organizationRole's additional fields, checked as toZodSchema does
// (create-team and update-team's data, create-role's additionalFields,
// update-role's data) and written with the rows.
func TestDifferentialOrganizationTeamAdditionalFields(t *testing.T) {
	o := core.Options{Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{
		Teams: true, DynamicAccessControl: true,
		AccessControl: plugins.OrganizationAccessControl{Statements: plugins.OrganizationDefaultStatements()},
		Schema: plugins.Schema{
			"team":             {AdditionalFields: []core.Field{{Name: "color", Type: core.TypeString, Required: core.Optional}, {Name: "size", Type: core.TypeNumber, Required: core.Optional}}},
			"organizationRole": {AdditionalFields: []core.Field{{Name: "label", Type: core.TypeString, Required: core.Optional}}},
		},
	})}}
	ts := `{"teams":{"enabled":true},"dynamicAccessControl":{"enabled":true},"ac":"default","schema":{` +
		`"team":{"additionalFields":{"color":{"type":"string","required":false},"size":{"type":"number","required":false}}},` +
		`"organizationRole":{"additionalFields":{"label":{"type":"string","required":false}}}}}`
	p := startTeamPair(t, core.DialectSQLite, o, ts, "alice")
	p.run([]teamStep{
		{who: "alice", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}},
		{who: "alice", method: "GET", path: "/organization/list-teams"},
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "A", "color": 5, "size": "x"}},
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "A", "color": "red", "size": 3}, save: "a"},
		{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{a}", "data": map[string]any{"color": 1}}},
		{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{a}", "data": map[string]any{"color": nil, "size": 4}}},
		{who: "alice", method: "GET", path: "/organization/list-teams", sort: true},
		{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{}, "additionalFields": map[string]any{"label": 1}}},
		{who: "alice", method: "POST", path: "/organization/create-role", body: map[string]any{"role": "x", "permission": map[string]any{}, "additionalFields": map[string]any{"label": "Ex"}}},
		{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": "x", "data": map[string]any{"label": 2}}},
		{who: "alice", method: "POST", path: "/organization/update-role", body: map[string]any{"roleName": "x", "data": map[string]any{"label": "Why"}}},
		{who: "alice", method: "GET", path: "/organization/list-roles"},
	})
}
