package plugins

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/authctl/authctl/core"
)

// Dynamic access control (crud-access-control.ts, has-permission.ts):
// the organizationRole endpoints (organization_roles_endpoints.go) and the
// organization's own roles in permission checks.

// roleEndpoints are the /organization/*-role endpoints, served with
// DynamicAccessControl, in Better Auth's order.
func (o *orgRuntime) roleEndpoints() []core.Endpoint {
	if !o.dynamicAC {
		return nil
	}
	return []core.Endpoint{
		orgPost("/organization/create-role", o.createRole),
		orgPost("/organization/delete-role", o.deleteRole),
		orgGet("/organization/list-roles", o.listRoles),
		orgGet("/organization/get-role", o.getRole),
		orgPost("/organization/update-role", o.updateRole),
	}
}

// orgRoles are the roles hasPermission checks a member of orgID against:
// the static roles (opts.Roles or the defaults); with dynamic access
// control and an ac instance (AccessControl.Statements) also the
// organization's organizationRole rows, whose actions are added to a
// static role of the same name.
func (o *orgRuntime) orgRoles(x *core.Context, orgID string) (map[string]OrganizationRole, error) {
	if !o.dynamicAC || !o.ext.hasAC || orgID == "" {
		return o.roles, nil
	}
	rows, err := x.Find("organizationRole", core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return nil, err
	}
	out := make(map[string]OrganizationRole, len(o.roles)+len(rows))
	for k, v := range o.roles {
		out[k] = v
	}
	for _, r := range rows {
		name := orgStr(r, "role")
		perm, err := storedPermission(r)
		if err != nil {
			x.Logger().Error("[hasPermission] Invalid permissions for role " + name)
			return nil, core.NewAPIError(http.StatusInternalServerError, "", "Invalid permissions for role "+name)
		}
		merged := OrganizationRole{}
		for res, acts := range out[name] {
			merged[res] = slices.Clone(acts)
		}
		for res, acts := range perm {
			for _, a := range acts {
				if !slices.Contains(merged[res], a) {
					merged[res] = append(merged[res], a)
				}
			}
			if merged[res] == nil {
				merged[res] = []string{}
			}
		}
		out[name] = merged
	}
	return out, nil
}

// storedPermission parses an organizationRole row's permission column: a
// JSON record of resource → actions.
func storedPermission(r core.Record) (map[string][]string, error) {
	var perm map[string][]string
	if err := json.Unmarshal([]byte(orgStr(r, "permission")), &perm); err != nil {
		return nil, fmt.Errorf("organizationRole %v: permission: %w", r["id"], err)
	}
	return perm, nil
}

// unknownRoles are the roles among names that are neither static roles
// nor (with dynamic access control) roles of orgID; invite-member and
// update-member-role refuse them (400 "Role not found: a, b").
func (o *orgRuntime) unknownRoles(x *core.Context, orgID string, names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		if !o.knownRoles[n] {
			out = append(out, n)
		}
	}
	if len(out) == 0 || !o.dynamicAC {
		return out, nil
	}
	rows, err := x.Find("organizationRole", core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return nil, err
	}
	var still []string
	for _, n := range out {
		found := false
		for _, r := range rows {
			if orgStr(r, "role") == n {
				found = true
			}
		}
		if !found {
			still = append(still, n)
		}
	}
	return still, nil
}

// roleBodyKey is the request context key of the raw body of create-role
// and update-role.
type roleBodyKey struct{}

// roleBodyOrder keeps the raw JSON body of create-role and update-role
// (OnRequest, before the handler decodes it) so that the permission
// record keeps the order its resources were written in, as Better Auth
// stores and answers it. The body is put back unchanged.
func (o *orgRuntime) roleBodyOrder(x *core.Context) (json.RawMessage, error) {
	r := x.Request()
	if !o.dynamicAC || r.Method != http.MethodPost || r.Body == nil ||
		(x.Path() != "/organization/create-role" && x.Path() != "/organization/update-role") {
		return nil, nil
	}
	const limit = 1 << 20
	head, err := io.ReadAll(io.LimitReader(r.Body, limit))
	if err != nil {
		return nil, nil
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	*r = *r.WithContext(context.WithValue(r.Context(), roleBodyKey{}, head))
	return nil, nil
}

// rawBody is the body roleBodyOrder kept, or nil.
func rawBody(x *core.Context) []byte {
	b, _ := x.Request().Context().Value(roleBodyKey{}).([]byte)
	return b
}
