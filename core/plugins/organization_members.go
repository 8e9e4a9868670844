package plugins

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/authctl/authctl/core"
)

// The member endpoints (routes/crud-members.ts). addMember is server-only
// in Better Auth (no HTTP route), so it has no endpoint here.

// hasRole reports whether a comma-separated role list holds role (trimmed
// when trim, as some of Better Auth's checks do).
func hasRole(roles, role string, trim bool) bool {
	for _, r := range strings.Split(roles, ",") {
		if trim {
			r = strings.TrimSpace(r)
		}
		if r == role {
			return true
		}
	}
	return false
}

// countCreators counts an organization's members holding the creator
// role.
func (o *orgRuntime) countCreators(x *core.Context, orgID string) (int, error) {
	ms, err := x.Find("member", core.Where{Field: "organizationId", Value: orgID})
	n := 0
	for _, m := range ms {
		if hasRole(orgStr(m, "role"), o.creatorRole, false) {
			n++
		}
	}
	return n, err
}

// deleteMember is adapter.deleteMember: the membership, then (with teams)
// the user's team memberships in the organization.
func (o *orgRuntime) deleteMember(x *core.Context, memberID, orgID, userID string) error {
	if err := x.Delete("member", core.Where{Field: "id", Value: memberID}); err != nil {
		return err
	}
	return o.onMemberRemoved(x, orgID, userID)
}

// removeMember is POST /organization/remove-member.
func (o *orgRuntime) removeMember(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	target := v.String("memberIdOrEmail")
	orgID := v.OptionalString("organizationId")
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	if orgID == "" {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	member, _, err := findMember(x, s.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND")
	}
	// By email the answer carries the member's user; by id it does not.
	var removed, removedUser core.Record
	byEmail := strings.Contains(target, "@")
	if byEmail {
		u, err := x.FindOne("user", core.Where{Field: "email", Value: strings.ToLower(target)})
		if err != nil {
			return nil, err
		}
		if u != nil {
			removed, err = x.FindOne("member", core.Where{Field: "organizationId", Value: orgID}, core.Where{Field: "userId", Value: u["id"]})
			if err != nil {
				return nil, err
			}
			removedUser = u
		}
	} else if removed, _, err = findMemberByID(x, target); err != nil {
		return nil, err
	}
	if removed == nil {
		return nil, orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND")
	}
	if hasRole(orgStr(removed, "role"), o.creatorRole, false) {
		if !hasRole(orgStr(member, "role"), o.creatorRole, true) {
			return nil, orgError(http.StatusBadRequest, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER")
		}
		n, err := o.countCreators(x, orgID)
		if err != nil {
			return nil, err
		}
		if n <= 1 {
			return nil, orgError(http.StatusBadRequest, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER")
		}
	}
	if ok, err := o.can(x, member, orgID, "member", "delete"); err != nil {
		return nil, err
	} else if !ok {
		return nil, orgError(http.StatusUnauthorized, "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_MEMBER")
	}
	if orgStr(removed, "organizationId") != orgID {
		return nil, orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND")
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	u, err := x.FindOne("user", core.Where{Field: "id", Value: removed["userId"]})
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "User not found")
	}
	h := o.opts.Hooks
	if h.BeforeRemoveMember != nil {
		if err := h.BeforeRemoveMember(x, removed, u, org); err != nil {
			return nil, err
		}
	}
	if err := o.deleteMember(x, orgStr(removed, "id"), orgID, orgStr(removed, "userId")); err != nil {
		return nil, err
	}
	if s.User.ID == orgStr(removed, "userId") && activeOrgID(s) == orgStr(removed, "organizationId") {
		if _, err := o.setActiveOrg(x, s.Session.Token, nil); err != nil {
			return nil, err
		}
	}
	if h.AfterRemoveMember != nil {
		if err := h.AfterRemoveMember(x, removed, u, org); err != nil {
			return nil, err
		}
	}
	var out json.RawMessage
	if byEmail {
		out, err = memberJSON(x, removed, removedUser)
	} else {
		out, err = x.Row("member", removed)
	}
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"member":` + string(out) + `}`), nil
}

// updateMemberRole is POST /organization/update-member-role.
func (o *orgRuntime) updateMemberRole(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var roles []string
	roleGiven := false
	if v.IsObject() {
		r, ok := roleInput(body["role"])
		if !ok {
			v.Issue("role", "Invalid input")
		}
		roles, roleGiven = r, ok
	}
	memberID := v.String("memberId")
	orgID := v.OptionalString("organizationId")
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	// !ctx.body.role: an empty string (an empty array is truthy).
	if raw, _ := body["role"].(string); roleGiven && raw == "" && !isArray(body["role"]) {
		return nil, core.NewEmptyAPIError(http.StatusBadRequest)
	}
	if orgID == "" {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	var toSet []string
	for _, r := range roles {
		for _, part := range strings.Split(r, ",") {
			if part = strings.TrimSpace(part); part != "" {
				toSet = append(toSet, part)
			}
		}
	}
	if len(toSet) == 0 {
		return nil, core.NewEmptyAPIError(http.StatusBadRequest)
	}
	member, _, err := findMember(x, s.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND")
	}
	target := member
	if orgStr(member, "id") != memberID {
		if target, _, err = findMemberByID(x, memberID); err != nil {
			return nil, err
		}
	}
	if target == nil {
		return nil, orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND")
	}
	if orgStr(target, "organizationId") != orgID {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_MEMBER")
	}
	updatingCreator := hasRole(orgStr(target, "role"), o.creatorRole, false)
	updaterIsCreator := hasRole(orgStr(member, "role"), o.creatorRole, false)
	settingCreator := slices.Contains(toSet, o.creatorRole)
	if (updatingCreator || settingCreator) && !updaterIsCreator {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_MEMBER")
	}
	if updaterIsCreator && orgStr(member, "id") == orgStr(target, "id") {
		n, err := o.countCreators(x, orgID)
		if err != nil {
			return nil, err
		}
		if n <= 1 && !settingCreator {
			return nil, orgError(http.StatusBadRequest, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_WITHOUT_AN_OWNER")
		}
	}
	// allowCreatorAllPermissions: the creator role may always update.
	if !updaterIsCreator {
		if ok, err := o.can(x, member, orgID, "member", "update"); err != nil {
			return nil, err
		} else if !ok {
			return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_MEMBER")
		}
	}
	unknown, err := o.unknownRoles(x, orgID, toSet)
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		msg := "ROLE_NOT_FOUND: " + strings.Join(unknown, ", ")
		b, _ := core.JSON(map[string]string{"code": "ROLE_NOT_FOUND"})
		m, _ := core.JSON(msg)
		return nil, core.NewAPIErrorJSON(http.StatusBadRequest, "ROLE_NOT_FOUND", msg, withField(b, "message", m))
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	u, err := x.FindOne("user", core.Where{Field: "id", Value: target["userId"]})
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "User not found")
	}
	newRole := strings.Join(toSet, ",")
	h := o.opts.Hooks
	if h.BeforeUpdateMemberRole != nil {
		r, err := h.BeforeUpdateMemberRole(x, target, newRole, u, org)
		if err != nil {
			return nil, err
		}
		if r != "" {
			newRole = r
		}
	}
	n, err := x.Update("member", core.Record{"role": newRole}, core.Where{Field: "id", Value: memberID})
	if err != nil {
		return nil, err
	}
	updated, err := x.FindOne("member", core.Where{Field: "id", Value: memberID})
	if err != nil {
		return nil, err
	}
	if n == 0 || updated == nil {
		return nil, orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND")
	}
	if h.AfterUpdateMemberRole != nil {
		if err := h.AfterUpdateMemberRole(x, updated, orgStr(target, "role"), u, org); err != nil {
			return nil, err
		}
	}
	return x.Row("member", updated)
}

func isArray(v any) bool { _, ok := v.([]any); return ok }
