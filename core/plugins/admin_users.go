package plugins

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/authctl/authctl/core"
)

// The admin plugin's create-user, update-user, list-users and
// has-permission endpoints (routes.ts).

// validEmail is z.email() (zod 4's default pattern), as the core's.
func validEmail(s string) bool { return adminEmailPattern.MatchString(s) }

var adminEmailPattern = regexp.MustCompile(`^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$`)

// unauthorizedEmpty is the authoritative session, or Better Auth's
// APIError("UNAUTHORIZED") without a body.
func unauthorizedEmpty(x *core.Context) (*core.SessionData, error) {
	s, err := x.RequireAuthoritativeSession()
	var api *core.APIError
	if errors.As(err, &api) && api.Status == 401 {
		return nil, core.NewEmptyAPIError(401)
	}
	return s, err
}

// dataValue converts a decoded JSON value of a body's data record for the
// store: numbers become int64 or float64.
func dataValue(v any) any {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
		f, _ := n.Float64()
		return f
	}
	return v
}

// userData keeps the data record's keys that are user fields (Better
// Auth's adapter writes only the schema's fields), never the id.
func (a *adminRuntime) userData(data map[string]any) core.Record {
	r := core.Record{}
	for k, v := range data {
		if k != "id" && a.userFields[k] {
			r[k] = dataValue(v)
		}
	}
	return r
}

// createUser is POST /admin/create-user.
func (a *adminRuntime) createUser(x *core.Context) (json.RawMessage, error) {
	body, v := objectBody(x)
	email := v.String("email")
	pw := v.OptionalString("password")
	name := v.String("name")
	var data map[string]any
	if v.IsObject() {
		if r, given := body["role"]; given {
			if _, ok := roleInput(r); !ok {
				v.Issue("role", "Invalid input")
			}
		}
		if d, given := body["data"]; given {
			m, ok := d.(map[string]any)
			if !ok {
				v.Issue("data", "Invalid input: expected record, received "+jsTypeOf(d))
			}
			data = m
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := unauthorizedEmpty(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "create") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_CREATE_USERS")
	}
	requested, given := body["role"]
	if !given {
		requested, given = data["role"]
	}
	role := a.defaultRole
	if given {
		if !a.can(s, "user", "set-role") {
			return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_CHANGE_USERS_ROLE")
		}
		roles, err := a.roleValues(requested)
		if err != nil {
			return nil, err
		}
		role = strings.Join(roles, ",")
	}
	for _, k := range []string{"banned", "banReason", "banExpires"} {
		if _, ok := data[k]; ok && !a.can(s, "user", "ban") {
			return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS")
		}
	}
	email = strings.ToLower(email)
	if !validEmail(email) {
		return nil, core.NewAPIError(400, "INVALID_EMAIL", "Invalid email")
	}
	if u, err := x.FindOne("user", core.Where{Field: "email", Value: email}); err != nil {
		return nil, err
	} else if u != nil {
		return nil, adminError(400, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL")
	}
	extra := a.userData(data)
	delete(extra, "role")
	extra["role"] = role
	delete(extra, "email")
	delete(extra, "name")
	u, err := x.CreateUser(name, email, extra)
	if err != nil {
		return nil, err
	}
	if pw != "" {
		hash, err := x.HashPassword(pw)
		if err != nil {
			return nil, err
		}
		if err := x.CreateCredentialAccount(u["id"].(string), hash); err != nil {
			return nil, err
		}
	}
	return userJSON(x, u)
}

// roleValues checks a role or roles of create-user and update-user: each
// must be a string and, with opts.roles, a defined role.
func (a *adminRuntime) roleValues(v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	out := make([]string, len(list))
	for i, r := range list {
		s, ok := r.(string)
		if !ok {
			return nil, adminError(400, "INVALID_ROLE_TYPE")
		}
		if err := a.checkRoles([]string{s}); err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// updateUser is POST /admin/update-user; it answers the user itself.
func (a *adminRuntime) updateUser(x *core.Context) (json.RawMessage, error) {
	body, v := objectBody(x)
	requireKey(v, body, "userId")
	var data map[string]any
	if v.IsObject() {
		d, given := body["data"]
		m, ok := d.(map[string]any)
		if !ok {
			if !given {
				v.Issue("data", "Invalid input: expected record, received undefined")
			} else {
				v.Issue("data", "Invalid input: expected record, received "+jsTypeOf(d))
			}
		}
		data = m
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := adminSession(x)
	if err != nil {
		return nil, err
	}
	id := coerced(body, "userId")
	if !a.can(s, "user", "update") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_USERS")
	}
	if len(data) == 0 {
		return nil, adminError(400, "NO_DATA_TO_UPDATE")
	}
	has := func(k string) bool { _, ok := data[k]; return ok }
	if has("password") {
		return nil, adminError(400, "PASSWORD_CANNOT_BE_UPDATED_VIA_UPDATE_USER")
	}
	set := a.userData(data)
	if has("role") {
		if !a.can(s, "user", "set-role") {
			return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_CHANGE_USERS_ROLE")
		}
		roles, err := a.roleValues(data["role"])
		if err != nil {
			return nil, err
		}
		set["role"] = strings.Join(roles, ",")
	}
	if has("banned") || has("banReason") || has("banExpires") {
		if !a.can(s, "user", "ban") {
			return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS")
		}
		if data["banned"] == true && id == s.User.ID {
			return nil, adminError(400, "YOU_CANNOT_BAN_YOURSELF")
		}
	}
	if has("email") || has("emailVerified") {
		if !a.can(s, "user", "set-email") {
			return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_SET_USERS_EMAIL")
		}
		if has("email") {
			email := strings.ToLower(jsString(data["email"], true))
			if !validEmail(email) {
				return nil, core.NewAPIError(400, "INVALID_EMAIL", "Invalid email")
			}
			other, err := x.FindOne("user", core.Where{Field: "email", Value: email})
			if err != nil {
				return nil, err
			}
			if other != nil && other["id"] != id {
				return nil, adminError(400, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL")
			}
			set["email"] = email
		}
	}
	if u, err := findUser(x, id); err != nil || u == nil {
		return nil, orNotFound(err)
	}
	u, err := updateUser(x, id, set)
	if err != nil {
		return nil, err
	}
	if data["banned"] == true {
		if err := x.Delete("session", core.Where{Field: "userId", Value: id}); err != nil {
			return nil, err
		}
	}
	return x.Row("user", u)
}

// jsNumberOf is JavaScript's Number(s) for a query value, NaN as false.
func jsNumberOf(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, true
	}
	if strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X") {
		n, err := strconv.ParseUint(t[2:], 16, 64)
		return float64(n), err == nil
	}
	if strings.ContainsAny(t, "_pPxXnN") && strings.TrimLeft(t, "+-") != "Infinity" {
		return 0, false // Go's ParseFloat reads inf, nan, hex floats and underscores
	}
	f, err := strconv.ParseFloat(t, 64)
	return f, err == nil
}

// hasPermissionEndpoint is POST /admin/has-permission.
func (a *adminRuntime) hasPermissionEndpoint(x *core.Context) (json.RawMessage, error) {
	body, v := objectBody(x)
	var perms map[string][]string
	if v.IsObject() {
		if r, given := body["role"]; given {
			if _, ok := r.(string); !ok {
				v.Issue("role", "Invalid input: expected string, received "+jsTypeOf(r))
			}
		}
		// z.xor of two non-strict objects: exactly one of permission and
		// permissions must be a valid record; the output keeps only it.
		ok1 := permissionsOf(body["permission"]) != nil
		p2 := permissionsOf(body["permissions"])
		switch {
		case ok1 && p2 != nil:
			v.Issue("", "Invalid input: more than one option matched")
		case !ok1 && p2 == nil:
			v.Issue("", "Invalid input")
		default:
			perms = p2
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if perms == nil {
		return nil, core.NewAPIError(400, "", "invalid permission check. no permission(s) were passed.")
	}
	s, err := unauthorizedEmpty(x)
	if err != nil {
		return nil, err
	}
	ok := a.hasPermission(s.User.ID, s.User.Fields["role"], perms)
	return json.RawMessage(`{"error":null,"success":` + strconv.FormatBool(ok) + `}`), nil
}

// permissionsOf reads z.record(z.string(), z.array(z.string())), nil if
// it is not one.
func permissionsOf(v any) map[string][]string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	out := map[string][]string{}
	for k, e := range m {
		list, ok := e.([]any)
		if !ok {
			return nil
		}
		acts := make([]string, len(list))
		for i, a := range list {
			s, ok := a.(string)
			if !ok {
				return nil
			}
			acts[i] = s
		}
		out[k] = acts
	}
	return out
}
