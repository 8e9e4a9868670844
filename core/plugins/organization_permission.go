package plugins

import (
	"encoding/json"
	"net/http"

	"github.com/authctl/authctl/core"
)

// POST /organization/has-permission (organization.ts's
// createHasPermission).

// permissionsInput reads z.record(z.string(), z.array(z.string())).
func permissionsInput(v any) (map[string][]string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	out := make(map[string][]string, len(m))
	for res, acts := range m {
		list, ok := acts.([]any)
		if !ok {
			return nil, false
		}
		for _, a := range list {
			s, ok := a.(string)
			if !ok {
				return nil, false
			}
			out[res] = append(out[res], s)
		}
		if out[res] == nil {
			out[res] = []string{}
		}
	}
	return out, true
}

// hasPermissionEndpoint answers { error: null, success } for the
// caller's membership in body.organizationId or the active organization.
// Only body.permissions is checked: the deprecated body.permission passes
// validation but checks nothing (success false), as in 1.7.5.
func (o *orgRuntime) hasPermissionEndpoint(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	orgID := v.OptionalString("organizationId")
	var perms map[string][]string
	if v.IsObject() {
		// z.xor: exactly one of permission / permissions, a record of
		// string arrays.
		_, okOne := permissionsInput(body["permission"])
		p, okMany := permissionsInput(body["permissions"])
		if okOne == okMany {
			v.Issue("", "Invalid input")
		}
		perms = p
	}
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
		return nil, orgError(http.StatusUnauthorized, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION")
	}
	ok, err := o.hasPermission(x, orgStr(member, "role"), orgID, perms)
	if err != nil {
		return nil, err
	}
	if ok {
		return json.RawMessage(`{"error":null,"success":true}`), nil
	}
	return json.RawMessage(`{"error":null,"success":false}`), nil
}
