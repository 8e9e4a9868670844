package plugins

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// The organization plugin's runtime, Better Auth 1.7.5's
// src/plugins/organization (dist/plugins/organization/organization.mjs,
// adapter.mjs, has-permission.mjs, permission.mjs, access/statement.mjs,
// routes/crud-org.mjs, crud-members.mjs, crud-invites.mjs). The plugin
// has no hooks or database hooks of its own in 1.7.5: its state lives in
// its tables and session.activeOrganizationId.
//
// Files: organization_runtime.go (options, roles, permission checks),
// organization_lookup.go (rows and their JSON), organization_orgs.go,
// organization_members.go, organization_invites.go (endpoints);
// organization_teams.go and organization_roles.go hold teams and dynamic
// access control.

var _ core.RuntimePlugin = (*organizationPlugin)(nil)

// orgRuntime is the plugin's resolved options.
type orgRuntime struct {
	opts        OrganizationOptions
	creatorRole string
	// roles are the roles permissions are checked against: opts.Roles, or
	// the default owner, admin and member (has-permission.ts).
	roles map[string]OrganizationRole
	// knownRoles are the role names invite-member and update-member-role
	// accept without dynamic access control: the defaults and opts.Roles.
	knownRoles          map[string]bool
	membershipLimit     int
	invitationLimit     int
	invitationExpiresIn time.Duration
	teams               bool
	// idStrategy is Advanced.Database.GenerateID (whether invitation ids
	// can be guessed).
	idStrategy schema.IDStrategy
	// negativeOffsetFails: list-members' negative offset reaches the
	// database as is in Better Auth, which PostgreSQL and MySQL refuse
	// (a 500) and SQLite reads as 0.
	negativeOffsetFails bool
	dynamicAC           bool
	// orgInput, memberInput and invitationInput are the tables' fields a
	// request body may set (their additional fields, as toZodSchema with
	// isClientSide: true keeps those with input not false).
	orgInput, memberInput, invitationInput []schema.Field
	// ext are the teams and dynamic access control options
	// (organization_teams_options.go).
	ext orgTeamsRoles
}

// orgDefaultRoles are access/statement.ts's defaultRoles.
var orgDefaultRoles = map[string]OrganizationRole{
	"admin": {
		"organization": {"update"},
		"invitation":   {"create", "cancel"},
		"member":       {"create", "update", "delete"},
		"team":         {"create", "update", "delete"},
		"ac":           {"create", "read", "update", "delete"},
	},
	"owner": {
		"organization": {"update", "delete"},
		"member":       {"create", "update", "delete"},
		"invitation":   {"create", "cancel"},
		"team":         {"create", "update", "delete"},
		"ac":           {"create", "read", "update", "delete"},
	},
	"member": {"organization": {}, "member": {}, "invitation": {}, "team": {}, "ac": {"read"}},
}

// Init checks the options and returns the runtime.
func (p *organizationPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	o := p.o
	if o.AllowUserToCreateOrganization != nil && o.CanCreateOrganization != nil {
		return nil, errors.New("OrganizationOptions: set AllowUserToCreateOrganization or CanCreateOrganization, not both")
	}
	if o.OrganizationLimit != nil && o.OrganizationLimitReached != nil {
		return nil, errors.New("OrganizationOptions: set OrganizationLimit or OrganizationLimitReached, not both")
	}
	if o.MembershipLimit < 0 || o.InvitationExpiresIn < 0 || (o.InvitationLimit != nil && *o.InvitationLimit < 0) {
		return nil, errors.New("OrganizationOptions: MembershipLimit, InvitationLimit and InvitationExpiresIn cannot be negative")
	}
	if !in.HasField("session", "activeOrganizationId") {
		return nil, errors.New("the session table has no activeOrganizationId field; the organization plugin's runtime needs it")
	}
	r := &orgRuntime{
		opts: o, creatorRole: o.CreatorRole, roles: o.Roles, membershipLimit: o.MembershipLimit,
		invitationLimit: 100, invitationExpiresIn: 48 * time.Hour, teams: o.Teams, dynamicAC: o.DynamicAccessControl,
		idStrategy:          in.Options.Advanced.Database.GenerateID,
		negativeOffsetFails: !strings.HasPrefix(strings.ToLower(in.Options.Database.Dialect), "sqlite"),
	}
	if r.creatorRole == "" {
		r.creatorRole = "owner"
	}
	if r.roles == nil {
		r.roles = orgDefaultRoles
	}
	r.knownRoles = map[string]bool{}
	for name := range orgDefaultRoles {
		r.knownRoles[name] = true
	}
	for name := range o.Roles {
		r.knownRoles[name] = true
	}
	if r.membershipLimit == 0 {
		r.membershipLimit = 100
	}
	if o.InvitationLimit != nil {
		r.invitationLimit = *o.InvitationLimit
	}
	if o.InvitationExpiresIn > 0 {
		r.invitationExpiresIn = time.Duration(o.InvitationExpiresIn) * time.Second
	}
	r.orgInput = inputFields(in, "organization", "name", "slug", "logo", "createdAt", "metadata")
	r.memberInput = inputFields(in, "member", "organizationId", "userId", "role", "createdAt")
	r.invitationInput = inputFields(in, "invitation", "organizationId", "email", "role", "teamId", "status", "expiresAt", "createdAt", "inviterId")
	if err := r.initTeamsRoles(in); err != nil {
		return nil, err
	}
	eps := r.endpoints()
	eps = append(eps, r.teamEndpoints()...)
	eps = append(eps, r.roleEndpoints()...)
	p.rt = r
	return &core.PluginRuntime{Endpoints: eps, OnRequest: r.roleBodyOrder}, nil
}

// inputFields are a table's additional fields a body may set: those not
// among the plugin's own fields and not marked Input: false.
func inputFields(in *core.PluginInit, table string, own ...string) []schema.Field {
	t := in.Schema.Table(table)
	if t == nil {
		return nil
	}
	var out []schema.Field
	for _, f := range t.Fields {
		if slices.Contains(own, f.Name) || (f.Input != nil && !*f.Input) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// orgGet and orgPost build endpoints.
func orgGet(path string, h func(*core.Context) (json.RawMessage, error)) core.Endpoint {
	return core.Endpoint{Method: http.MethodGet, Path: path, Handler: h}
}

func orgPost(path string, h func(*core.Context) (json.RawMessage, error)) core.Endpoint {
	return core.Endpoint{Method: http.MethodPost, Path: path, Handler: h}
}

// hasPermission is has-permission.ts and permission.ts: does a member
// with role (comma-separated roles) in organization orgID hold every
// requested permission? The roles come from orgRoles (the static roles,
// or with dynamic access control also the organization's own).
func (o *orgRuntime) hasPermission(x *core.Context, role, orgID string, perms map[string][]string) (bool, error) {
	if perms == nil {
		return false, nil
	}
	roles, err := o.orgRoles(x, orgID)
	if err != nil {
		return false, err
	}
	return authorizeOrgRoles(roles, role, perms), nil
}

// permittedMember is the caller's member row of organization orgID when
// its role may do action on resource: without a row it answers notMember,
// without the permission 403 with the code denied (the check every
// organization, invitation and team endpoint opens with).
func (o *orgRuntime) permittedMember(x *core.Context, userID, orgID, resource, action string, notMember error, denied string) (core.Record, error) {
	member, _, err := findMember(x, userID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, notMember
	}
	if ok, err := o.can(x, member, orgID, resource, action); err != nil {
		return nil, err
	} else if !ok {
		return nil, orgError(http.StatusForbidden, denied)
	}
	return member, nil
}

// can is hasPermission for a member row and one resource's actions.
func (o *orgRuntime) can(x *core.Context, member core.Record, orgID, resource string, actions ...string) (bool, error) {
	role, _ := member["role"].(string)
	return o.hasPermission(x, role, orgID, map[string][]string{resource: actions})
}

// authorizeOrgRoles is permission.ts's hasPermissionFn without
// allowCreatorAllPermissions (no endpoint sets it): any of the
// comma-separated roles authorizing the request is enough.
func authorizeOrgRoles(roles map[string]OrganizationRole, role string, perms map[string][]string) bool {
	for _, name := range strings.Split(role, ",") {
		if r, ok := roles[name]; ok && r.authorize(perms) {
			return true
		}
	}
	return false
}

// authorize is access.ts's role(statements).authorize with the "AND"
// connector: every requested resource must be known and allow every
// requested action (an empty action list allows nothing).
func (r OrganizationRole) authorize(req map[string][]string) bool {
	ok := false
	for res, actions := range req {
		allowed, known := r[res]
		if !known || len(actions) == 0 {
			return false
		}
		for _, act := range actions {
			if !slices.Contains(allowed, act) {
				return false
			}
		}
		ok = true
	}
	return ok
}

// orgError answers one of ORGANIZATION_ERROR_CODES.
func orgError(status int, code string) error {
	msg, ok := orgMessages[code]
	if !ok {
		panic(fmt.Sprintf("unknown organization error code %s", code))
	}
	return core.NewAPIError(status, code, msg)
}
