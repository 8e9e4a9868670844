package plugins

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/authctl/authctl/core"
)

// The organization endpoints (routes/crud-org.ts).

// endpoints are the plugin's endpoints without teams and dynamic access
// control, in Better Auth's order.
func (o *orgRuntime) endpoints() []core.Endpoint {
	return []core.Endpoint{
		orgPost("/organization/create", o.createOrg),
		orgPost("/organization/update", o.updateOrg),
		orgPost("/organization/delete", o.deleteOrg),
		orgPost("/organization/set-active", o.setActive),
		orgGet("/organization/get-organization", o.getOrg),
		orgGet("/organization/get-full-organization", o.getFullOrg),
		orgGet("/organization/list", o.listOrgs),
		orgPost("/organization/invite-member", o.inviteMember),
		orgPost("/organization/cancel-invitation", o.cancelInvitation),
		orgPost("/organization/accept-invitation", o.acceptInvitation),
		orgGet("/organization/get-invitation", o.getInvitation),
		orgPost("/organization/reject-invitation", o.rejectInvitation),
		orgGet("/organization/list-invitations", o.listInvitations),
		orgPost("/organization/check-slug", o.checkSlug),
		orgPost("/organization/remove-member", o.removeMember),
		orgPost("/organization/update-member-role", o.updateMemberRole),
		orgPost("/organization/leave", o.leave),
		orgGet("/organization/list-members", o.listMembers),
		orgGet("/organization/get-active-member", o.getActiveMember),
		orgGet("/organization/get-active-member-role", o.getActiveMemberRole),
		orgGet("/organization/list-user-invitations", o.listUserInvitations),
		orgPost("/organization/has-permission", o.hasPermissionEndpoint),
	}
}

// metadataInput reads z.record(z.string(), z.any()).optional(): an object
// (stored as its JSON), or absent.
func metadataInput(v *core.Validator, body map[string]any, key string) (json.RawMessage, bool) {
	m, given := body[key]
	if !given {
		return nil, false
	}
	obj, ok := m.(map[string]any)
	if !ok {
		v.Issue(key, "Invalid input: expected record, received "+jsTypeOf(m))
		return nil, false
	}
	b, _ := core.JSON(obj)
	return b, true
}

// minOne reads z.string().min(1) (optional when opt).
func minOne(v *core.Validator, body map[string]any, key string, opt bool) (string, bool) {
	raw, given := body[key]
	if !given && opt {
		return "", false
	}
	s, ok := raw.(string)
	if !ok {
		if given {
			v.Issue(key, "Invalid input: expected string, received "+jsTypeOf(raw))
		} else {
			v.Issue(key, "Invalid input: expected string, received undefined")
		}
		return "", false
	}
	if s == "" {
		v.Issue(key, "Too small: expected string to have >=1 characters")
	}
	return s, true
}

// nullishString reads z.string().nullish(): the value (string or nil)
// and whether it was given.
func nullishString(v *core.Validator, body map[string]any, key string) (any, bool) {
	raw, given := body[key]
	if !given {
		return nil, false
	}
	if raw == nil {
		return nil, true
	}
	if _, ok := raw.(string); !ok {
		v.Issue(key, "Invalid input: expected string, received "+jsTypeOf(raw))
		return nil, false
	}
	return raw, true
}

// createOrg is POST /organization/create.
func (o *orgRuntime) createOrg(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var name, slug string
	var logo any
	var logoGiven, keep bool
	var meta json.RawMessage
	var metaGiven bool
	if v.IsObject() {
		name, _ = minOne(v, body, "name", false)
		slug, _ = minOne(v, body, "slug", false)
		logo, logoGiven = nullishString(v, body, "logo")
		meta, metaGiven = metadataInput(v, body, "metadata")
		keep, _ = v.Bool("keepCurrentActiveOrganization")
	}
	extra := core.Record{}
	if v.IsObject() {
		additionalInput(v, body, o.orgInput, "", false, extra)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if s == nil {
		// A request always has headers, so the body's userId (a
		// server-side call's creator) never applies over HTTP.
		return nil, core.NewEmptyAPIError(http.StatusUnauthorized)
	}
	user, err := x.FindOne("user", core.Where{Field: "id", Value: s.User.ID})
	if err != nil {
		return nil, err
	}
	if user == nil {
		user = s.User.Fields
	}
	allowed := true
	if o.opts.AllowUserToCreateOrganization != nil {
		allowed = *o.opts.AllowUserToCreateOrganization
	} else if o.opts.CanCreateOrganization != nil {
		if allowed, err = o.opts.CanCreateOrganization(x, user); err != nil {
			return nil, err
		}
	}
	if !allowed {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_NEW_ORGANIZATION")
	}
	orgs, err := userOrgs(x, s.User.ID)
	if err != nil {
		return nil, err
	}
	reached := false
	if o.opts.OrganizationLimit != nil {
		reached = len(orgs) >= *o.opts.OrganizationLimit
	} else if o.opts.OrganizationLimitReached != nil {
		if reached, err = o.opts.OrganizationLimitReached(x, user); err != nil {
			return nil, err
		}
	}
	if reached {
		return nil, orgError(http.StatusForbidden, "YOU_HAVE_REACHED_THE_MAXIMUM_NUMBER_OF_ORGANIZATIONS")
	}
	if taken, err := findOrgBySlug(x, slug); err != nil {
		return nil, err
	} else if taken != nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_ALREADY_EXISTS")
	}
	row := core.Record{"name": name, "slug": slug}
	if logoGiven {
		row["logo"] = logo
	}
	if metaGiven && len(meta) > 0 {
		row["metadata"] = string(meta)
	}
	for k, val := range extra {
		row[k] = val
	}
	h := o.opts.Hooks
	if h.BeforeCreateOrganization != nil {
		data, err := h.BeforeCreateOrganization(x, row, user)
		if err != nil {
			return nil, err
		}
		merge(row, data)
		storeMetadata(row)
	}
	row["createdAt"] = x.Now()
	org, err := x.Create("organization", row)
	if err != nil {
		return nil, err
	}
	mrow := core.Record{"userId": s.User.ID, "organizationId": org["id"], "role": o.creatorRole}
	if h.BeforeAddMember != nil {
		data, err := h.BeforeAddMember(x, mrow, user, org)
		if err != nil {
			return nil, err
		}
		merge(mrow, data)
	}
	mrow["createdAt"] = x.Now()
	member, err := x.Create("member", mrow)
	if err != nil {
		return nil, err
	}
	if h.AfterAddMember != nil {
		if err := h.AfterAddMember(x, member, user, org); err != nil {
			return nil, err
		}
	}
	setActive := !keep
	if err := o.onOrganizationCreated(x, s, org, member, user, setActive); err != nil {
		return nil, err
	}
	if h.AfterCreateOrganization != nil {
		if err := h.AfterCreateOrganization(x, org, member, user); err != nil {
			return nil, err
		}
	}
	if setActive {
		if _, err := o.setActiveOrg(x, s.Session.Token, org["id"]); err != nil {
			return nil, err
		}
	}
	out, err := orgJSONParsed(x, org)
	if err != nil {
		return nil, err
	}
	m, err := x.Row("member", member)
	if err != nil {
		return nil, err
	}
	return withField(out, "members", jsonList([]json.RawMessage{m})), nil
}

// checkSlug is POST /organization/check-slug.
func (o *orgRuntime) checkSlug(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	slug := v.String("slug")
	if err := v.Err(); err != nil {
		return nil, err
	}
	// requestOnlySessionMiddleware: a request without a session is 401.
	if _, err := x.RequireSession(); err != nil {
		return nil, err
	}
	org, err := findOrgBySlug(x, slug)
	if err != nil {
		return nil, err
	}
	if org != nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_SLUG_ALREADY_TAKEN")
	}
	return json.RawMessage(`{"status":true}`), nil
}

// updateOrg is POST /organization/update.
func (o *orgRuntime) updateOrg(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	set := core.Record{}
	orgID := ""
	if v.IsObject() {
		data, ok := body["data"].(map[string]any)
		if !ok {
			d, given := body["data"]
			if !given {
				v.Issue("data", "Invalid input: expected object, received undefined")
			} else {
				v.Issue("data", "Invalid input: expected object, received "+jsTypeOf(d))
			}
		} else {
			additionalInput(v, data, o.orgInput, "data.", true, set)
			if s, given := minOne(v, prefixMap(data, "data."), "data.name", true); given {
				set["name"] = s
			}
			if s, given := minOne(v, prefixMap(data, "data."), "data.slug", true); given {
				set["slug"] = s
			}
			if l, given := nullishString(v, prefixMap(data, "data."), "data.logo"); given {
				set["logo"] = l
			}
			if m, given := metadataInput(v, prefixMap(data, "data."), "data.metadata"); given {
				set["metadata"] = string(m)
			}
		}
		orgID = v.OptionalString("organizationId")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, core.NewAPIError(http.StatusUnauthorized, "", "User not found")
	}
	if orgID == "" {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	member, err := o.permittedMember(x, s.User.ID, orgID, "organization", "update", orgError(http.StatusBadRequest, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION"), "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_ORGANIZATION")
	if err != nil {
		return nil, err
	}
	if slug, ok := set["slug"].(string); ok {
		taken, err := findOrgBySlug(x, slug)
		if err != nil {
			return nil, err
		}
		if taken != nil && taken["id"] != orgID {
			return nil, orgError(http.StatusBadRequest, "ORGANIZATION_SLUG_ALREADY_TAKEN")
		}
	}
	h := o.opts.Hooks
	if h.BeforeUpdateOrganization != nil {
		data, err := h.BeforeUpdateOrganization(x, set, sessionUser(s), member)
		if err != nil {
			return nil, err
		}
		merge(set, data)
		storeMetadata(set)
	}
	if len(set) == 0 {
		// Better Auth's adapter fails on an update without fields: 500.
		return nil, errors.New("organization: update with no fields")
	}
	if _, err := x.Update("organization", set, core.Where{Field: "id", Value: orgID}); err != nil {
		return nil, err
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return json.RawMessage("null"), nil
	}
	if h.AfterUpdateOrganization != nil {
		if err := h.AfterUpdateOrganization(x, org, sessionUser(s), member); err != nil {
			return nil, err
		}
	}
	return orgJSONParsed(x, org)
}

// storeMetadata stores a metadata object a hook returned as its JSON.
func storeMetadata(r core.Record) {
	if m, ok := r["metadata"].(map[string]any); ok {
		b, _ := core.JSON(m)
		r["metadata"] = string(b)
	}
}

// prefixMap keys a nested object's fields by prefix+name, so that the
// field readers report them under "[body.data.<field>]".
func prefixMap(m map[string]any, prefix string) map[string]any {
	out := make(map[string]any, len(m))
	for k, val := range m {
		out[prefix+k] = val
	}
	return out
}

// deleteOrg is POST /organization/delete.
func (o *orgRuntime) deleteOrg(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	orgID := v.String("organizationId")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if o.opts.DisableOrganizationDeletion {
		return nil, core.NewAPIError(http.StatusNotFound, "ORGANIZATION_DELETION_DISABLED", "Organization deletion is disabled")
	}
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, core.NewEmptyAPIError(http.StatusUnauthorized)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	_, err = o.permittedMember(x, s.User.ID, orgID, "organization", "delete", orgError(http.StatusBadRequest, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION"), "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_ORGANIZATION")
	if err != nil {
		return nil, err
	}
	if orgID == activeOrgID(s) {
		if _, err := o.setActiveOrg(x, s.Session.Token, nil); err != nil {
			return nil, err
		}
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, core.NewEmptyAPIError(http.StatusBadRequest)
	}
	h := o.opts.Hooks
	if h.BeforeDeleteOrganization != nil {
		if err := h.BeforeDeleteOrganization(x, org, sessionUser(s)); err != nil {
			return nil, err
		}
	}
	if err := o.deleteOrgRows(x, orgID); err != nil {
		return nil, err
	}
	if h.AfterDeleteOrganization != nil {
		if err := h.AfterDeleteOrganization(x, org, sessionUser(s)); err != nil {
			return nil, err
		}
	}
	return orgJSON(x, org)
}

// deleteOrgRows is adapter.deleteOrganization: the members, the
// invitations, then the organization.
func (o *orgRuntime) deleteOrgRows(x *core.Context, orgID string) error {
	for _, t := range []string{"member", "invitation"} {
		if err := x.Delete(t, core.Where{Field: "organizationId", Value: orgID}); err != nil {
			return err
		}
	}
	return x.Delete("organization", core.Where{Field: "id", Value: orgID})
}
