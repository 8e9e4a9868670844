package core_test

import (
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// orgTeamsOptions are teams and dynamic access control with the default
// statements as ac, on both servers.
var (
	orgTeamsGo = core.Options{Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{
		Teams: true, DynamicAccessControl: true,
		AccessControl: plugins.OrganizationAccessControl{Statements: plugins.OrganizationDefaultStatements()},
	})}}
	orgTeamsTS = `{"teams":{"enabled":true},"dynamicAccessControl":{"enabled":true},"ac":"default"}`
)

// addMemberSQL makes who a member of {org} with role, as the creator's
// membership row is (its createdAt).
func addMemberSQL(who, role string) teamStep {
	return teamStep{sql: `INSERT INTO "member" ("id", "organizationId", "userId", "role", "createdAt") SELECT 'm-` + who + `', "organizationId", '{` + who + `}', '` + role + `', "createdAt" FROM "member" WHERE "userId" = '{alice}'`}
}

// TestDifferentialOrganizationTeams compares the team endpoints and the
// default team with Better Auth 1.7.5's organization({teams}) on SQLite,
// PostgreSQL and MariaDB: alice creates the organization, bob and carol
// are members, dave is not.
func TestDifferentialOrganizationTeams(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		p := startTeamPair(t, dialect, orgTeamsGo, orgTeamsTS, "alice", "bob", "carol", "dave")
		p.run(orgTeamSteps)
		p.sameRows()
	})
}

var orgTeamSteps = []teamStep{
	{who: "alice", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}, save: "org"},
	{who: "alice", method: "GET", path: "/organization/list-teams", save: "main=0.id"},
	{who: "alice", method: "GET", path: "/get-session"},
	addMemberSQL("bob", "member"),
	addMemberSQL("carol", "admin"),
	// create-team
	{who: "anon", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "X"}},
	{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{}},
	{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": 5, "organizationId": 7}},
	{who: "alice", method: "POST", path: "/organization/create-team", body: `[]`},
	{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Engineering", "extra": 1}, save: "eng"},
	{who: "carol", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Design", "organizationId": "{org}"}, save: "design"},
	{who: "bob", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Nope"}},
	{who: "dave", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Nope"}},
	{who: "dave", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Nope", "organizationId": "{org}"}},
	{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Nope", "organizationId": "missing"}},
	// list-teams
	{who: "anon", method: "GET", path: "/organization/list-teams"},
	{who: "alice", method: "GET", path: "/organization/list-teams", sort: true},
	{who: "bob", method: "GET", path: "/organization/list-teams?organizationId={org}", sort: true},
	{who: "dave", method: "GET", path: "/organization/list-teams"},
	{who: "dave", method: "GET", path: "/organization/list-teams?organizationId={org}"},
	// update-team
	{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{}},
	{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{eng}", "data": map[string]any{"name": ""}}},
	{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{eng}", "data": 5}},
	{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{eng}", "data": map[string]any{"name": 5, "organizationId": 1}}},
	{who: "anon", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{eng}", "data": map[string]any{}}},
	{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{eng}", "data": map[string]any{"name": "Eng", "memberCount": 9}}},
	{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{eng}", "data": map[string]any{"organizationId": "{org}"}}},
	{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "nope", "data": map[string]any{"name": "N"}}},
	{who: "bob", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{eng}", "data": map[string]any{"name": "N"}}},
	{who: "dave", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{eng}", "data": map[string]any{"name": "N", "organizationId": "{org}"}}},
	// add-team-member
	{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{}},
	{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{eng}", "userId": 5}},
	{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{bob}"}},
	{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{bob}"}},
	{who: "carol", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{carol}", "organizationId": "{org}"}},
	{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{dave}"}},
	{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "nope", "userId": "{bob}"}},
	{who: "bob", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{design}", "userId": "{bob}"}},
	{who: "dave", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{dave}"}},
	{who: "anon", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{dave}"}},
	// list-team-members
	{who: "alice", method: "GET", path: "/organization/list-team-members?teamId={eng}"},
	{who: "bob", method: "GET", path: "/organization/list-team-members?teamId={eng}", sort: true},
	{who: "bob", method: "GET", path: "/organization/list-team-members"},
	{who: "bob", method: "GET", path: "/organization/list-team-members?teamId=nope"},
	{who: "dave", method: "GET", path: "/organization/list-team-members?teamId={eng}"},
	{who: "alice", method: "GET", path: "/organization/list-team-members"},
	// set-active-team
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": 5}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "{eng}"}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "{design}"}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "nope"}},
	{who: "bob", method: "GET", path: "/get-session"},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": nil}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": nil}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{}},
	{sql: `UPDATE "session" SET "activeOrganizationId" = '{org}' WHERE "userId" = '{bob}'`},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "{eng}"}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "{design}"}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "nope"}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{}},
	{who: "bob", method: "GET", path: "/get-session"},
	{who: "bob", method: "GET", path: "/organization/list-team-members", sort: true},
	{who: "anon", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "{eng}"}},
	// list-user-teams
	{who: "alice", method: "GET", path: "/organization/list-user-teams"},
	{who: "bob", method: "GET", path: "/organization/list-user-teams"},
	{who: "bob", method: "GET", path: "/organization/list-user-teams?organizationId={org}"},
	{who: "dave", method: "GET", path: "/organization/list-user-teams?organizationId={org}"},
	{who: "alice", method: "GET", path: "/organization/list-user-teams?userId={carol}"},
	{who: "alice", method: "GET", path: "/organization/list-user-teams?userId={bob}&organizationId={org}"},
	{who: "bob", method: "GET", path: "/organization/list-user-teams?userId={alice}"},
	{who: "alice", method: "GET", path: "/organization/list-user-teams?userId={dave}"},
	{who: "dave", method: "GET", path: "/organization/list-user-teams?userId={alice}"},
	{who: "anon", method: "GET", path: "/organization/list-user-teams"},
	// Invitations to teams: the teams are checked, joined on accept (the
	// only team made active), and a removed team leaves the invitations.
	{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "x@example.com", "role": "member", "teamId": "{eng},{main}"}},
	{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "x@example.com", "role": "member", "teamId": []any{"{eng}", "nope"}}},
	{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "x@example.com", "role": "member", "teamId": 5}},
	{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "dave@example.com", "role": "member", "teamId": "{eng}"}, save: "inv1"},
	{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "x@example.com", "role": "member", "teamId": []any{"{eng}", "{design}"}}},
	{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "y@example.com", "role": "member", "teamId": []any{}}},
	{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "z@example.com", "role": "member", "teamId": ""}},
	{who: "dave", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv1}"}},
	{who: "dave", method: "GET", path: "/get-session"},
	{who: "dave", method: "GET", path: "/organization/list-team-members", sort: true},
	{who: "dave", method: "GET", path: "/organization/list-user-teams"},
	// remove-team-member
	{who: "alice", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{carol}"}},
	{who: "alice", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{carol}"}},
	{who: "bob", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{bob}"}},
	{who: "alice", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{dave}"}},
	{who: "alice", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "nope", "userId": "{bob}"}},
	{who: "alice", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "{eng}", "userId": nil}},
	// remove-team
	{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{}},
	{who: "anon", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{eng}"}},
	{who: "anon", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{eng}", "organizationId": "{org}"}},
	{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{main}"}},
	{who: "bob", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{design}"}},
	{who: "bob", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{eng}"}},
	{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "nope"}},
	{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{design}"}},
	{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{design}"}},
	{who: "alice", method: "GET", path: "/organization/list-teams", sort: true},
	{who: "bob", method: "GET", path: "/organization/list-user-teams"},
	// Removing a member takes them out of the organization's teams.
	{who: "alice", method: "POST", path: "/organization/remove-member", body: map[string]any{"memberIdOrEmail": "dave@example.com"}},
	{who: "dave", method: "GET", path: "/organization/list-user-teams"},
	{who: "alice", method: "GET", path: "/organization/list-invitations", sort: true},
	// A second organization: keepCurrentActiveOrganization keeps the
	// active team too; the default team is in list-user-teams across
	// organizations.
	{who: "bob", method: "POST", path: "/organization/create", body: map[string]any{"name": "Bobs", "slug": "bobs", "keepCurrentActiveOrganization": true}, save: "bobs"},
	{who: "bob", method: "GET", path: "/get-session"},
	{who: "bob", method: "GET", path: "/organization/list-user-teams", sort: true},
	{who: "bob", method: "GET", path: "/organization/list-teams?organizationId={bobs}", save: "bobsTeam=0.id"},
	{who: "bob", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{bobsTeam}", "organizationId": "{bobs}"}},
	{who: "bob", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "{bobsTeam}"}},
	{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "w@example.com", "role": "member", "teamId": "{bobsTeam}"}},
	{who: "bob", method: "POST", path: "/organization/leave", body: map[string]any{"organizationId": "{org}"}},
	{who: "bob", method: "GET", path: "/organization/list-user-teams", sort: true},
}

// TestDifferentialOrganizationTeamsCookieCache: with the cookie cache on,
// set-active-team and accepting an invitation to one team rewrite
// session_data with the active team; creating an organization (the
// default team made active on the row only) does not.
func TestDifferentialOrganizationTeamsCookieCache(t *testing.T) {
	o, env := cacheOptions("compact", 300)
	o.Plugins = orgTeamsGo.Plugins
	p := startTeamPairEnv(t, core.DialectSQLite, o, orgTeamsTS, []string{env}, "alice", "bob")
	p.run([]teamStep{
		{who: "alice", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}, save: "org"},
		{who: "alice", method: "GET", path: "/get-session"},
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Eng"}},
		{who: "alice", method: "GET", path: "/get-session?disableCookieCache=true"},
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Eng"}, save: "eng"},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{eng}", "userId": "{alice}"}},
		{who: "alice", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": "{eng}"}},
		{who: "alice", method: "GET", path: "/get-session"},
		{who: "alice", method: "POST", path: "/organization/set-active-team", body: map[string]any{"teamId": nil}},
		{who: "alice", method: "GET", path: "/get-session"},
		{who: "alice", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "bob@example.com", "role": "member", "teamId": "{eng}"}, save: "inv"},
		{who: "bob", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}},
		{who: "bob", method: "GET", path: "/get-session"},
		{who: "bob", method: "GET", path: "/get-session?disableCookieCache=true"},
	})
	p.sameRows()
}
