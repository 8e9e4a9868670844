package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// OrganizationOptions configures Organization.
type OrganizationOptions struct {
	// Teams adds the team and teamMember tables, invitation.teamId and
	// session.activeTeamId (Better Auth's teams.enabled). Default off.
	Teams bool
	// DynamicAccessControl adds the organizationRole table (Better Auth's
	// dynamicAccessControl.enabled). Default off.
	DynamicAccessControl bool
	// Schema renames tables ("organization", "member", "invitation",
	// "team", "teamMember", "organizationRole") and their columns, and the
	// session.activeOrganizationId / activeTeamId columns. AdditionalFields
	// are accepted on organization, member, invitation, team and
	// organizationRole, as in Better Auth. An entry for team, teamMember or
	// organizationRole needs Teams or DynamicAccessControl.
	Schema Schema

	// AllowUserToCreateOrganization says whether signed-in users may
	// create organizations (Better Auth's allowUserToCreateOrganization as
	// a boolean). Nil: they may.
	AllowUserToCreateOrganization *bool
	// CanCreateOrganization decides it per user instead (the option as a
	// function); giving both is an error.
	CanCreateOrganization func(x *core.Context, user core.Record) (bool, error)
	// OrganizationLimit is how many organizations a user may belong to
	// and still create one (organizationLimit as a number). Nil: no limit.
	OrganizationLimit *int
	// OrganizationLimitReached decides it per user instead (the option as
	// a function: true refuses); giving both is an error.
	OrganizationLimitReached func(x *core.Context, user core.Record) (bool, error)
	// CreatorRole is the role of an organization's creator ("owner").
	CreatorRole string
	// MembershipLimit is the most members an organization may have when
	// an invitation is accepted, and the default page of list-members and
	// get-full-organization (0: 100).
	MembershipLimit int
	// InvitationExpiresIn is an invitation's lifetime in seconds (0: 48
	// hours).
	InvitationExpiresIn int
	// InvitationLimit is the most pending invitations an organization may
	// have (nil: 100).
	InvitationLimit *int
	// CancelPendingInvitationsOnReInvite cancels a pending invitation to
	// the same email when a new one is sent. Default off.
	CancelPendingInvitationsOnReInvite bool
	// RequireEmailVerificationOnInvitation says whether accept-invitation,
	// reject-invitation and get-invitation need a verified email. Nil:
	// only when invitation ids are guessable (Advanced.Database.GenerateID
	// is serial), as Better Auth decides when the option is unset.
	RequireEmailVerificationOnInvitation *bool
	// DisableOrganizationDeletion makes /organization/delete answer 404
	// ORGANIZATION_DELETION_DISABLED. Default off.
	DisableOrganizationDeletion bool
	// SendInvitationEmail is called with every invitation created or
	// resent (sendInvitationEmail); an error fails the request.
	SendInvitationEmail func(x *core.Context, inv OrganizationInvitation) error
	// Roles replace the default roles owner, admin and member (Better
	// Auth's roles built with ac.newRole): role name → resource →
	// allowed actions. Roles are checked as role(statements).authorize
	// with the "AND" connector.
	Roles map[string]OrganizationRole
	// TeamOptions are the teams options beyond Teams (maximumTeams,
	// maximumMembersPerTeam, allowRemovingAllTeams, defaultTeam); see
	// OrganizationTeamOptions.
	TeamOptions OrganizationTeamOptions
	// AccessControl are the dynamic access control options (the ac
	// statements, maximumRolesPerOrganization); see
	// OrganizationAccessControl.
	AccessControl OrganizationAccessControl
	// Hooks run around the plugin's writes (organizationHooks).
	Hooks OrganizationHooks
}

// OrganizationRole is one access-control role: resource → allowed
// actions.
type OrganizationRole map[string][]string

// OrganizationInvitation is what SendInvitationEmail receives: the
// invitation's id, role and (lowercased) email, and the rows of the
// organization, the invitation, the inviter's membership and user.
type OrganizationInvitation struct {
	ID, Role, Email string
	Organization    core.Record
	Invitation      core.Record
	InviterMember   core.Record
	Inviter         core.Record
}

// Organization adds organizations, members and invitations (Better Auth's
// organization, id "organization"): the organization, member and
// invitation tables and session.activeOrganizationId; with Teams also team,
// teamMember, invitation.teamId and session.activeTeamId; with
// DynamicAccessControl also organizationRole. Table order is Better
// Auth's: organization, organizationRole, team, teamMember, member,
// invitation.
func Organization(opts ...OrganizationOptions) core.Plugin {
	o, err := one(opts)
	r := rules{
		options: "OrganizationOptions", plugin: "organization",
		extensible: []string{"organization", "member", "invitation", "team", "organizationRole"},
		off:        map[string]string{},
	}
	if !o.Teams {
		r.off["team"] = "OrganizationOptions.Teams is true"
		r.off["teamMember"] = "OrganizationOptions.Teams is true"
		r.off["invitation.teamId"] = "OrganizationOptions.Teams is true"
		r.off["session.activeTeamId"] = "OrganizationOptions.Teams is true"
	}
	if !o.DynamicAccessControl {
		r.off["organizationRole"] = "OrganizationOptions.DynamicAccessControl is true"
	}
	return &organizationPlugin{plugin: &plugin{
		id: "organization", optErr: err, schema: o.Schema, rules: r,
		tables: func() []schema.Table { return organizationTables(o) },
	}, o: o}
}

type organizationPlugin struct {
	*plugin
	o OrganizationOptions
	// rt is the runtime the last Init started: the apiKey plugin checks
	// organization permissions through it (one value serves one Auth).
	rt *orgRuntime
}

func organizationTables(o OrganizationOptions) []schema.Table {
	out := []schema.Table{{Key: "organization", Fields: []schema.Field{
		{Name: "name", Type: schema.TypeString, Sortable: true},
		{Name: "slug", Type: schema.TypeString, Unique: true, Index: true, Sortable: true},
		{Name: "logo", Type: schema.TypeString, Required: schema.Optional},
		{Name: "createdAt", Type: schema.TypeDate},
		{Name: "metadata", Type: schema.TypeString, Required: schema.Optional},
	}}}
	if o.DynamicAccessControl {
		out = append(out, schema.Table{Key: "organizationRole", Fields: []schema.Field{
			{Name: "organizationId", Type: schema.TypeString, Index: true, References: refID("organization")},
			{Name: "role", Type: schema.TypeString, Index: true},
			{Name: "permission", Type: schema.TypeString},
			{Name: "createdAt", Type: schema.TypeDate, Default: schema.Now},
			{Name: "updatedAt", Type: schema.TypeDate, Required: schema.Optional, OnUpdateNow: true},
		}})
	}
	if o.Teams {
		out = append(out,
			schema.Table{Key: "team", Fields: []schema.Field{
				{Name: "name", Type: schema.TypeString},
				{Name: "memberCount", Type: schema.TypeNumber, Default: 0, Input: inputOff(), Returned: returnedOff()},
				{Name: "organizationId", Type: schema.TypeString, Index: true, References: refID("organization")},
				{Name: "createdAt", Type: schema.TypeDate},
				{Name: "updatedAt", Type: schema.TypeDate, Required: schema.Optional, OnUpdateNow: true},
			}},
			schema.Table{Key: "teamMember", Fields: []schema.Field{
				{Name: "teamId", Type: schema.TypeString, Index: true, References: refID("team")},
				{Name: "userId", Type: schema.TypeString, Index: true, References: refID("user")},
				{Name: "membershipKey", Type: schema.TypeString, Required: schema.Optional, Unique: true, Input: inputOff(), Returned: returnedOff()},
				{Name: "createdAt", Type: schema.TypeDate, Required: schema.Optional},
			}},
		)
	}
	out = append(out, schema.Table{Key: "member", Fields: []schema.Field{
		{Name: "organizationId", Type: schema.TypeString, Index: true, References: refID("organization")},
		{Name: "userId", Type: schema.TypeString, Index: true, References: refID("user")},
		{Name: "role", Type: schema.TypeString, Sortable: true, Default: "member"},
		{Name: "createdAt", Type: schema.TypeDate},
	}})
	invitation := []schema.Field{
		{Name: "organizationId", Type: schema.TypeString, Index: true, References: refID("organization")},
		{Name: "email", Type: schema.TypeString, Index: true, Sortable: true},
		{Name: "role", Type: schema.TypeString, Required: schema.Optional, Sortable: true},
	}
	if o.Teams {
		invitation = append(invitation, schema.Field{Name: "teamId", Type: schema.TypeString, Required: schema.Optional, Sortable: true})
	}
	invitation = append(invitation,
		schema.Field{Name: "status", Type: schema.TypeString, Sortable: true, Default: "pending"},
		schema.Field{Name: "expiresAt", Type: schema.TypeDate},
		schema.Field{Name: "createdAt", Type: schema.TypeDate, Default: schema.Now},
		schema.Field{Name: "inviterId", Type: schema.TypeString, References: refID("user")},
	)
	out = append(out, schema.Table{Key: "invitation", Fields: invitation})
	session := []schema.Field{{Name: "activeOrganizationId", Type: schema.TypeString, Required: schema.Optional, Input: inputOff()}}
	if o.Teams {
		session = append(session, schema.Field{Name: "activeTeamId", Type: schema.TypeString, Required: schema.Optional, Input: inputOff()})
	}
	return append(out, schema.Table{Key: "session", Fields: session})
}
