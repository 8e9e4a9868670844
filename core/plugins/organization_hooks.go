package plugins

import (
	"github.com/authctl/authctl/core"
)

// OrganizationHooks are Better Auth's organizationHooks: functions called
// around the plugin's writes (the *Team* ones with Teams). A before hook's
// error (a *core.APIError is answered as such) stops the request; a
// returned non-nil record's fields are merged over the data about to be
// written, as Better Auth merges a hook's { data }. Records are rows or
// the data about to be written (logical field names; users are user
// rows). Nil hooks are skipped.
type OrganizationHooks struct {
	// BeforeCreateOrganization sees the organization's data (the body's
	// fields) and the creator.
	BeforeCreateOrganization func(x *core.Context, org, user core.Record) (core.Record, error)
	AfterCreateOrganization  func(x *core.Context, org, member, user core.Record) error
	// BeforeUpdateOrganization sees the fields being set.
	BeforeUpdateOrganization func(x *core.Context, set, user, member core.Record) (core.Record, error)
	AfterUpdateOrganization  func(x *core.Context, org, user, member core.Record) error
	BeforeDeleteOrganization func(x *core.Context, org, user core.Record) error
	AfterDeleteOrganization  func(x *core.Context, org, user core.Record) error
	// BeforeAddMember and AfterAddMember run for the creator's membership
	// in /organization/create (accept-invitation runs the invitation
	// hooks instead, as in Better Auth).
	BeforeAddMember    func(x *core.Context, member, user, org core.Record) (core.Record, error)
	AfterAddMember     func(x *core.Context, member, user, org core.Record) error
	BeforeRemoveMember func(x *core.Context, member, user, org core.Record) error
	AfterRemoveMember  func(x *core.Context, member, user, org core.Record) error
	// BeforeUpdateMemberRole may return another role ("" keeps newRole).
	BeforeUpdateMemberRole func(x *core.Context, member core.Record, newRole string, user, org core.Record) (string, error)
	AfterUpdateMemberRole  func(x *core.Context, member core.Record, previousRole string, user, org core.Record) error
	// BeforeCreateInvitation sees the invitation's data (email, role,
	// organizationId, inviterId, additional fields).
	BeforeCreateInvitation func(x *core.Context, inv, inviter, org core.Record) (core.Record, error)
	AfterCreateInvitation  func(x *core.Context, inv, inviter, org core.Record) error
	BeforeAcceptInvitation func(x *core.Context, inv, user, org core.Record) error
	AfterAcceptInvitation  func(x *core.Context, inv, member, user, org core.Record) error
	BeforeRejectInvitation func(x *core.Context, inv, user, org core.Record) error
	AfterRejectInvitation  func(x *core.Context, inv, user, org core.Record) error
	// BeforeCancelInvitation and AfterCancelInvitation get the user who
	// cancels.
	BeforeCancelInvitation func(x *core.Context, inv, cancelledBy, org core.Record) error
	AfterCancelInvitation  func(x *core.Context, inv, cancelledBy, org core.Record) error

	// BeforeCreateTeam sees the team's data ({name, organizationId});
	// user is nil when no user creates it.
	BeforeCreateTeam func(x *core.Context, team, user, org core.Record) (core.Record, error)
	AfterCreateTeam  func(x *core.Context, team, user, org core.Record) error
	// BeforeUpdateTeam sees the team and the fields being set; a
	// returned record replaces those fields (Better Auth writes the hook's
	// data instead of the updates).
	BeforeUpdateTeam func(x *core.Context, team, updates, user, org core.Record) (core.Record, error)
	AfterUpdateTeam  func(x *core.Context, team, user, org core.Record) error
	BeforeDeleteTeam func(x *core.Context, team, user, org core.Record) error
	AfterDeleteTeam  func(x *core.Context, team, user, org core.Record) error
	// BeforeAddTeamMember sees {teamId, userId}; what it returns is
	// ignored, as in Better Auth (its error still stops the request).
	BeforeAddTeamMember    func(x *core.Context, teamMember, team, user, org core.Record) (core.Record, error)
	AfterAddTeamMember     func(x *core.Context, teamMember, team, user, org core.Record) error
	BeforeRemoveTeamMember func(x *core.Context, teamMember, team, user, org core.Record) error
	AfterRemoveTeamMember  func(x *core.Context, teamMember, team, user, org core.Record) error
}

// merge copies a hook's returned fields over r.
func merge(r, data core.Record) {
	for k, v := range data {
		r[k] = v
	}
}

// sessionUser is the session's user row.
func sessionUser(s *core.SessionData) core.Record { return s.User.Fields }
