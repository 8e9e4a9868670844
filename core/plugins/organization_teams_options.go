package plugins

import "github.com/authctl/authctl/core"

// OrganizationTeamOptions are Better Auth's teams options beyond enabled
// (OrganizationOptions.Teams), for the Go handler.
type OrganizationTeamOptions struct {
	// DisableDefaultTeam stops /organization/create from creating a team
	// named after the organization with its creator as member (Better
	// Auth's teams.defaultTeam.enabled: false). Default: the team is
	// created and, unless keepCurrentActiveOrganization, made the session's
	// active team.
	DisableDefaultTeam bool
	// MaximumTeams is the most teams an organization may have when
	// create-team is called (teams.maximumTeams as a number). 0: no limit.
	MaximumTeams int
	// MaximumTeamsFunc decides it per request instead (maximumTeams as a
	// function; session is nil without one); a result of 0 is no limit.
	// Giving both is an error.
	MaximumTeamsFunc func(x *core.Context, organizationID string, session *core.SessionData) (int, error)
	// MaximumMembersPerTeam is the most members a team may have when one
	// joins through add-team-member, an accepted invitation, or when an
	// invitation to the team is sent (teams.maximumMembersPerTeam as a
	// number). 0: no limit.
	MaximumMembersPerTeam int
	// MaximumMembersPerTeamFunc decides it per team instead
	// (maximumMembersPerTeam as a function); unlike the number, a result of
	// 0 is a limit of 0. Giving both is an error.
	MaximumMembersPerTeamFunc func(x *core.Context, teamID, organizationID string, session *core.SessionData) (int, error)
	// AllowRemovingAllTeams lets remove-team delete an organization's last
	// team (teams.allowRemovingAllTeams). Default: refused with
	// UNABLE_TO_REMOVE_LAST_TEAM.
	AllowRemovingAllTeams bool
}

// OrganizationAccessControl are the options of dynamic access control
// (OrganizationOptions.DynamicAccessControl).
type OrganizationAccessControl struct {
	// Statements are the resources and actions of Better Auth's ac option
	// (createAccessControl(statements)): the resources a role created with
	// create-role or update-role may name. Nil is no ac instance:
	// create-role and update-role answer 501 MISSING_AC_INSTANCE and the
	// organization's own roles do not count in permission checks, as in
	// Better Auth. The default roles' statements are
	// OrganizationDefaultStatements.
	Statements map[string][]string
	// MaximumRolesPerOrganization is the most roles an organization may
	// create (dynamicAccessControl.maximumRolesPerOrganization as a
	// number). 0: no limit.
	MaximumRolesPerOrganization int
	// MaximumRolesPerOrganizationFunc decides it per organization instead
	// (the option as a function); a result of 0 is a limit of 0. Giving
	// both is an error.
	MaximumRolesPerOrganizationFunc func(x *core.Context, organizationID string) (int, error)
}

// OrganizationDefaultStatements are Better Auth's defaultStatements
// (organization/access/statement.ts), what ac is built from in its
// examples.
func OrganizationDefaultStatements() map[string][]string {
	return map[string][]string{
		"organization": {"update", "delete"},
		"member":       {"create", "update", "delete"},
		"invitation":   {"create", "cancel"},
		"team":         {"create", "update", "delete"},
		"ac":           {"create", "read", "update", "delete"},
	}
}
