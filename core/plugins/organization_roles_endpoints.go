package plugins

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/authctl/authctl/core"
)

// The dynamic access control endpoints (crud-access-control.ts).

// roleMember is the checks every role endpoint starts with: the caller's
// membership of orgID and a permission on the "ac" resource.
func (o *orgRuntime) roleMember(x *core.Context, s *core.SessionData, orgID, action, denied string) (core.Record, map[string]OrganizationRole, error) {
	member, err := x.FindOne("member", core.Where{Field: "organizationId", Value: orgID}, core.Where{Field: "userId", Value: s.User.ID})
	if err != nil {
		return nil, nil, err
	}
	if member == nil {
		return nil, nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION")
	}
	roles, err := o.orgRoles(x, orgID)
	if err != nil {
		return nil, nil, err
	}
	if !authorizeOrgRoles(roles, orgStr(member, "role"), map[string][]string{"ac": {action}}) {
		return nil, nil, orgError(http.StatusForbidden, denied)
	}
	return member, roles, nil
}

// roleJSON is an organizationRole row with permission parsed (perm, in
// order, when given; else the stored JSON).
func roleJSON(x *core.Context, row core.Record, perm json.RawMessage) (json.RawMessage, error) {
	cp := core.Record{}
	for k, v := range row {
		cp[k] = v
	}
	if perm == nil {
		var buf bytes.Buffer
		if s := orgStr(row, "permission"); json.Compact(&buf, []byte(s)) == nil {
			perm = json.RawMessage(buf.String())
		}
	}
	if perm != nil {
		cp["permission"] = perm
	}
	return x.Row("organizationRole", cp)
}

// checkRolePermission is checkForInvalidResources then
// checkIfMemberHasPermission: every resource must be one of ac's, and the
// member must hold every action it grants (403 listing the missing ones).
func (o *orgRuntime) checkRolePermission(roles map[string]OrganizationRole, member core.Record, perm map[string][]string, order []string, denied string) error {
	for _, res := range order {
		if _, ok := o.ext.ac.Statements[res]; !ok {
			return orgError(http.StatusBadRequest, "INVALID_RESOURCE")
		}
	}
	var missing []string
	for _, res := range order {
		for _, act := range perm[res] {
			if !authorizeOrgRoles(roles, orgStr(member, "role"), map[string][]string{res: {act}}) {
				missing = append(missing, res+":"+act)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	// APIError.fromStatus("FORBIDDEN", {message, code, missingPermissions}).
	msg := orgMessages[denied]
	body, _ := core.JSON(struct {
		Message            string   `json:"message"`
		Code               string   `json:"code"`
		MissingPermissions []string `json:"missingPermissions"`
	}{msg, denied, missing})
	return core.NewAPIErrorJSON(http.StatusForbidden, denied, msg, body)
}

// preDefinedRole is checkIfRoleNameIsTakenByPreDefinedRole's list.
func (o *orgRuntime) preDefinedRole(name string) bool { return slices.Contains(o.ext.static, name) }

// roleTaken is checkIfRoleNameIsTakenByRoleInDB.
func roleTaken(x *core.Context, orgID, name string) (bool, error) {
	r, err := x.FindOne("organizationRole", core.Where{Field: "organizationId", Value: orgID}, core.Where{Field: "role", Value: name})
	return r != nil, err
}

// missingAC is the answer of create-role and update-role without an ac
// instance.
func missingAC(x *core.Context) error {
	x.Logger().Error("[Dynamic Access Control] The organization plugin is missing a pre-defined ac instance.")
	return orgError(http.StatusNotImplemented, "MISSING_AC_INSTANCE")
}

// createRole is POST /organization/create-role.
func (o *orgRuntime) createRole(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var orgID, name string
	var perm map[string][]string
	var order []string
	extra := core.Record{}
	if v.IsObject() {
		orgID, _ = teamString(v, body, "organizationId", "organizationId", true)
		name, _ = teamString(v, body, "role", "role", false)
		raw, given := body["permission"]
		if !given {
			v.Issue("permission", "Invalid input: expected record, received undefined")
		} else {
			perm, order, _ = permissionInput(v, raw, "permission", bodyKeyOrder(rawBody(x), "permission"))
		}
		if a, given := body["additionalFields"]; given {
			if m, ok := a.(map[string]any); ok {
				additionalInput(v, m, o.ext.roleInput, "additionalFields.", false, extra)
			} else {
				v.Issue("additionalFields", "Invalid input: expected object, received "+jsTypeOf(a))
			}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	if !o.ext.hasAC {
		return nil, missingAC(x)
	}
	if _, given := body["organizationId"]; !given {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "YOU_MUST_BE_IN_AN_ORGANIZATION_TO_CREATE_A_ROLE")
	}
	name = strings.ToLower(name)
	if o.preDefinedRole(name) {
		return nil, orgError(http.StatusBadRequest, "ROLE_NAME_IS_ALREADY_TAKEN")
	}
	member, roles, err := o.roleMember(x, s, orgID, "create", "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_ROLE")
	if err != nil {
		return nil, err
	}
	max := -1
	if f := o.ext.ac.MaximumRolesPerOrganizationFunc; f != nil {
		if max, err = f(x, orgID); err != nil {
			return nil, err
		}
	} else if o.ext.ac.MaximumRolesPerOrganization > 0 {
		max = o.ext.ac.MaximumRolesPerOrganization
	}
	if max >= 0 {
		existing, err := x.Find("organizationRole", core.Where{Field: "organizationId", Value: orgID})
		if err != nil {
			return nil, err
		}
		if len(existing) >= max {
			return nil, orgError(http.StatusBadRequest, "TOO_MANY_ROLES")
		}
	}
	if err := o.checkRolePermission(roles, member, perm, order, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_ROLE"); err != nil {
		return nil, err
	}
	if taken, err := roleTaken(x, orgID, name); err != nil {
		return nil, err
	} else if taken {
		return nil, orgError(http.StatusBadRequest, "ROLE_NAME_IS_ALREADY_TAKEN")
	}
	permJSON := permissionJSON(perm, order)
	row := core.Record{"createdAt": x.Now(), "organizationId": orgID, "permission": string(permJSON), "role": name}
	for k, val := range extra {
		row[k] = val
	}
	created, err := x.Create("organizationRole", row)
	if err != nil {
		return nil, err
	}
	data, err := roleJSON(x, created, permJSON)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"success":true,"roleData":` + string(data) + `,"statements":` + string(permJSON) + `}`), nil
}

// roleTarget reads the role named by roleName or roleId (roleNameOrID's
// result) in orgID.
func roleTarget(x *core.Context, orgID, name, id string) (core.Record, []core.Where, error) {
	where := []core.Where{{Field: "organizationId", Value: orgID}}
	if name != "" {
		where = append(where, core.Where{Field: "role", Value: name})
	} else {
		where = append(where, core.Where{Field: "id", Value: id})
	}
	r, err := x.FindOne("organizationRole", where...)
	return r, where, err
}

// bodyRoleNameOrID validates the body's roleName / roleId union.
func bodyRoleNameOrID(v *core.Validator, body map[string]any) (name, id string) {
	name, id, issue, key := roleNameOrID(func(k string) (any, bool) { x, ok := body[k]; return x, ok })
	if issue != "" {
		v.Issue(key, issue)
	}
	return name, id
}

// deleteRole is POST /organization/delete-role.
func (o *orgRuntime) deleteRole(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var orgID, name, id string
	var orgGiven bool
	if v.IsObject() {
		orgID, _ = teamString(v, body, "organizationId", "organizationId", true)
		_, orgGiven = body["organizationId"]
		name, id = bodyRoleNameOrID(v, body)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	if !orgGiven {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	if _, _, err := o.roleMember(x, s, orgID, "delete", "YOU_ARE_NOT_ALLOWED_TO_DELETE_A_ROLE"); err != nil {
		return nil, err
	}
	if name != "" && o.preDefinedRole(name) {
		return nil, orgError(http.StatusBadRequest, "CANNOT_DELETE_A_PRE_DEFINED_ROLE")
	}
	role, where, err := roleTarget(x, orgID, name, id)
	if err != nil {
		return nil, err
	}
	if role == nil {
		return nil, orgError(http.StatusBadRequest, "ROLE_NOT_FOUND")
	}
	roleName := orgStr(role, "role")
	members, err := x.Find("member", core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		for _, r := range strings.Split(orgStr(m, "role"), ",") {
			if strings.TrimSpace(r) == roleName {
				return nil, orgError(http.StatusBadRequest, "ROLE_IS_ASSIGNED_TO_MEMBERS")
			}
		}
	}
	if err := x.Delete("organizationRole", where...); err != nil {
		return nil, err
	}
	return json.RawMessage(`{"success":true}`), nil
}

// listRoles is GET /organization/list-roles.
func (o *orgRuntime) listRoles(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	q := x.Request().URL.Query()
	orgID := activeOrgID(s)
	if q.Has("organizationId") {
		orgID = q.Get("organizationId")
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	if _, _, err := o.roleMember(x, s, orgID, "read", "YOU_ARE_NOT_ALLOWED_TO_LIST_A_ROLE"); err != nil {
		return nil, err
	}
	rows, err := x.Find("organizationRole", core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return nil, err
	}
	items := make([]json.RawMessage, 0, len(rows))
	for _, r := range rows {
		j, err := roleJSON(x, r, nil)
		if err != nil {
			return nil, err
		}
		items = append(items, j)
	}
	return jsonList(items), nil
}

// getRole is GET /organization/get-role.
func (o *orgRuntime) getRole(x *core.Context) (json.RawMessage, error) {
	q := x.Request().URL.Query()
	name, id, issue, key := roleNameOrID(func(k string) (any, bool) {
		if !q.Has(k) {
			return nil, false
		}
		return q.Get(k), true
	})
	if issue != "" {
		where := "[query]"
		if key != "" {
			where = "[query." + key + "]"
		}
		return nil, core.NewAPIError(http.StatusBadRequest, "VALIDATION_ERROR", where+" "+issue)
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	orgID := activeOrgID(s)
	if q.Has("organizationId") {
		orgID = q.Get("organizationId")
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	if _, _, err := o.roleMember(x, s, orgID, "read", "YOU_ARE_NOT_ALLOWED_TO_READ_A_ROLE"); err != nil {
		return nil, err
	}
	role, _, err := roleTarget(x, orgID, name, id)
	if err != nil {
		return nil, err
	}
	if role == nil {
		return nil, orgError(http.StatusBadRequest, "ROLE_NOT_FOUND")
	}
	return roleJSON(x, role, nil)
}

// updateRole is POST /organization/update-role.
func (o *orgRuntime) updateRole(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var orgID, name, id, newName string
	var orgGiven bool
	extra := core.Record{}
	var perm map[string][]string
	var order []string
	var permGiven bool
	if v.IsObject() {
		orgID, _ = teamString(v, body, "organizationId", "organizationId", true)
		_, orgGiven = body["organizationId"]
		raw, given := body["data"]
		d, isObj := raw.(map[string]any)
		switch {
		case !given:
			v.Issue("data", "Invalid input: expected object, received undefined")
		case !isObj:
			v.Issue("data", "Invalid input: expected object, received "+jsTypeOf(raw))
		default:
			if p, ok := d["permission"]; ok {
				perm, order, permGiven = permissionInput(v, p, "data.permission", bodyKeyOrder(rawBody(x), "data", "permission"))
			}
			newName, _ = teamString(v, d, "roleName", "data.roleName", true)
			additionalInput(v, d, o.ext.roleInput, "data.", true, extra)
		}
		name, id = bodyRoleNameOrID(v, body)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	if !o.ext.hasAC {
		return nil, missingAC(x)
	}
	if !orgGiven {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	member, roles, err := o.roleMember(x, s, orgID, "update", "YOU_ARE_NOT_ALLOWED_TO_UPDATE_A_ROLE")
	if err != nil {
		return nil, err
	}
	role, where, err := roleTarget(x, orgID, name, id)
	if err != nil {
		return nil, err
	}
	if role == nil {
		return nil, orgError(http.StatusBadRequest, "ROLE_NOT_FOUND")
	}
	set := core.Record{}
	for k, val := range extra {
		set[k] = val
	}
	var permJSON json.RawMessage
	if permGiven {
		if err := o.checkRolePermission(roles, member, perm, order, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_A_ROLE"); err != nil {
			return nil, err
		}
		permJSON = permissionJSON(perm, order)
		set["permission"] = string(permJSON)
	}
	if newName != "" {
		newName = strings.ToLower(newName)
		if o.preDefinedRole(newName) {
			return nil, orgError(http.StatusBadRequest, "ROLE_NAME_IS_ALREADY_TAKEN")
		}
		if taken, err := roleTaken(x, orgID, newName); err != nil {
			return nil, err
		} else if taken {
			return nil, orgError(http.StatusBadRequest, "ROLE_NAME_IS_ALREADY_TAKEN")
		}
		set["role"] = newName
	}
	// updateMany: the fields set and updatedAt (its onUpdate); the answer
	// is the row as read with the fields set, updatedAt as read.
	write := core.Record{"updatedAt": x.Now()}
	for k, val := range set {
		write[k] = val
	}
	if _, err := x.Update("organizationRole", write, where...); err != nil {
		return nil, err
	}
	out := core.Record{}
	for k, val := range role {
		out[k] = val
	}
	for k, val := range set {
		out[k] = val
	}
	data2, err := roleJSON(x, out, permJSON)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"success":true,"roleData":` + string(data2) + `}`), nil
}
