package plugins

// Skeleton API of the organization runtime (for the teams and dynamic
// access control port; keep these names stable):
//
//   - orgRuntime (organization_runtime.go) is the resolved options; its
//     teams and dynamicAC fields say which parts are on; opts is the
//     OrganizationOptions. Init refuses Teams and DynamicAccessControl with
//     an error naming the option: lift those checks there when served.
//   - Endpoints: orgGet(path, h) / orgPost(path, h) build core.Endpoint;
//     teamEndpoints() and roleEndpoints() are appended in Init.
//   - Session: orgSession(x) is orgSessionMiddleware (session or 401);
//     activeOrgID(s) reads session.activeOrganizationId; the session's
//     activeTeamId is s.Session.Fields["activeTeamId"]. o.setActiveOrg(x,
//     token, orgID-or-nil) updates the session row (x.UpdateSession in
//     core/plugin_organization.go, which updates updatedAt and the
//     request's session); x.RefreshSessionCookie(token) then rewrites the
//     session cookie and cookie cache, as setSessionCookie.
//   - Permissions: o.hasPermission(x, role, orgID, map[resource][]action)
//     (bool, error), or o.can(x, memberRow, orgID, resource, actions...).
//     Both read roles through o.orgRoles(x, orgID) (organization_roles.go),
//     which dynamic access control extends with organizationRole rows;
//     o.unknownRoles(x, orgID, names) is the role-name check of
//     invite-member / update-member-role.
//   - Lookups (organization_lookup.go): findOrg(x, id), findOrgBySlug(x,
//     slug), findMember(x, userID, orgID) and findMemberByID(x, id) return
//     (member, user) records or nils, isMember, countMembers, userOrgs,
//     pendingInvitations(x, orgID, email-or-"").
//   - JSON: x.Row(table, r) for a row, orgJSON / orgJSONParsed for an
//     organization (metadata kept as stored / parsed), memberJSON(x,
//     member, user) for { ...member, user: {id,name,email,image} },
//     withField(obj, key, value), jsonList(items).
//   - Errors: orgError(status, "CODE") answers ORGANIZATION_ERROR_CODES
//     (organization_errors.go).
//   - Team hooks called by the org, member and invitation endpoints are
//     below; with teams off they do nothing.

import (
	"encoding/json"

	"github.com/authctl/authctl/core"
)

// teamEndpoints are the team endpoints (crud-team.ts), served with Teams.
func (o *orgRuntime) teamEndpoints() []core.Endpoint { return nil }

// onOrganizationCreated runs in /organization/create after the creator's
// membership is written and before the active organization is set (the
// default team and its member; setActive says the session's active
// organization will be set, so the active team may be set too).
func (o *orgRuntime) onOrganizationCreated(_ *core.Context, _ *core.SessionData, _, _, _ core.Record, _ bool) error {
	return nil
}

// fullOrgTeams is get-full-organization's "teams" value (nil: the key is
// left out, as with teams off).
func (o *orgRuntime) fullOrgTeams(_ *core.Context, _ string) (json.RawMessage, error) {
	return nil, nil
}

// invitationTeams checks invite-member's body.teamId for organization
// orgID and returns the invitation's teamId value ("a,b", or nil: no
// field written, as with teams off).
func (o *orgRuntime) invitationTeams(_ *core.Context, _ *core.SessionData, _ map[string]any, _ string) (any, error) {
	return nil, nil
}

// onInvitationAccepted runs in accept-invitation before the membership is
// created: the invitation's teams joined (and the active team set).
func (o *orgRuntime) onInvitationAccepted(_ *core.Context, _ *core.SessionData, _ core.Record) error {
	return nil
}

// onMemberRemoved runs when a membership is deleted (remove-member,
// leave): the user's team memberships in orgID go too.
func (o *orgRuntime) onMemberRemoved(_ *core.Context, _, _ string) error { return nil }
