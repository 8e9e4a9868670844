package plugins

import (
	"errors"
	"fmt"
	"sort"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

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

// orgTeamsRoles is what Init resolves for teams and dynamic access
// control.
type orgTeamsRoles struct {
	team   OrganizationTeamOptions
	ac     OrganizationAccessControl
	hasAC  bool
	static []string // the pre-defined role names (opts.Roles or the defaults)
	// teamInput and roleInput are the team's and organizationRole's
	// additional fields a body may set.
	teamInput, roleInput []schema.Field
}

// initTeamsRoles checks the teams and dynamic access control options and
// resolves them.
func (o *orgRuntime) initTeamsRoles(in *core.PluginInit) error {
	opts := o.opts
	t, ac := opts.TeamOptions, opts.AccessControl
	var errs []error
	if !opts.Teams && (t.DisableDefaultTeam || t.MaximumTeams != 0 || t.MaximumTeamsFunc != nil || t.MaximumMembersPerTeam != 0 || t.MaximumMembersPerTeamFunc != nil || t.AllowRemovingAllTeams) {
		errs = append(errs, errors.New("OrganizationOptions.TeamOptions needs OrganizationOptions.Teams"))
	}
	if !opts.DynamicAccessControl && (ac.Statements != nil || ac.MaximumRolesPerOrganization != 0 || ac.MaximumRolesPerOrganizationFunc != nil) {
		errs = append(errs, errors.New("OrganizationOptions.AccessControl needs OrganizationOptions.DynamicAccessControl"))
	}
	if !opts.Teams {
		for _, name := range teamHooksSet(opts.Hooks) {
			errs = append(errs, fmt.Errorf("%s needs OrganizationOptions.Teams (team hooks run only with teams)", name))
		}
	}
	if t.MaximumTeams != 0 && t.MaximumTeamsFunc != nil {
		errs = append(errs, errors.New("OrganizationOptions.TeamOptions: set MaximumTeams or MaximumTeamsFunc, not both"))
	}
	if t.MaximumMembersPerTeam != 0 && t.MaximumMembersPerTeamFunc != nil {
		errs = append(errs, errors.New("OrganizationOptions.TeamOptions: set MaximumMembersPerTeam or MaximumMembersPerTeamFunc, not both"))
	}
	if ac.MaximumRolesPerOrganization != 0 && ac.MaximumRolesPerOrganizationFunc != nil {
		errs = append(errs, errors.New("OrganizationOptions.AccessControl: set MaximumRolesPerOrganization or MaximumRolesPerOrganizationFunc, not both"))
	}
	if t.MaximumTeams < 0 || t.MaximumMembersPerTeam < 0 || ac.MaximumRolesPerOrganization < 0 {
		errs = append(errs, errors.New("OrganizationOptions: MaximumTeams, MaximumMembersPerTeam and MaximumRolesPerOrganization cannot be negative"))
	}
	if opts.Teams && !in.HasField("session", "activeTeamId") {
		errs = append(errs, errors.New("the session table has no activeTeamId field; the organization plugin's teams need it"))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	x := &o.ext
	x.team, x.ac, x.hasAC = t, ac, ac.Statements != nil
	if opts.Roles != nil {
		for name := range opts.Roles {
			x.static = append(x.static, name)
		}
	} else {
		x.static = []string{"owner", "admin", "member"}
	}
	if opts.Teams {
		x.teamInput = inputFields(in, "team", "name", "memberCount", "organizationId", "createdAt", "updatedAt")
	}
	if opts.DynamicAccessControl {
		x.roleInput = inputFields(in, "organizationRole", "organizationId", "role", "permission", "createdAt", "updatedAt")
	}
	return nil
}

// teamHooksSet names the team hooks that are set, sorted.
func teamHooksSet(h OrganizationHooks) []string {
	var out []string
	for name, set := range map[string]bool{
		"BeforeCreateTeam": h.BeforeCreateTeam != nil, "AfterCreateTeam": h.AfterCreateTeam != nil,
		"BeforeUpdateTeam": h.BeforeUpdateTeam != nil, "AfterUpdateTeam": h.AfterUpdateTeam != nil,
		"BeforeDeleteTeam": h.BeforeDeleteTeam != nil, "AfterDeleteTeam": h.AfterDeleteTeam != nil,
		"BeforeAddTeamMember": h.BeforeAddTeamMember != nil, "AfterAddTeamMember": h.AfterAddTeamMember != nil,
		"BeforeRemoveTeamMember": h.BeforeRemoveTeamMember != nil, "AfterRemoveTeamMember": h.AfterRemoveTeamMember != nil,
	} {
		if set {
			out = append(out, "OrganizationOptions.Hooks."+name)
		}
	}
	sort.Strings(out)
	return out
}
