package plugins

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The admin plugin's endpoints on one user by id (routes.ts).

// requireKey is zod 4's issue for a z.coerce.string() key that is absent.
func requireKey(v *core.Validator, body map[string]any, key string) {
	if _, ok := body[key]; !ok && v.IsObject() {
		v.Issue(key, "Invalid input: expected nonoptional, received undefined")
	}
}

// objectBody validates that the body is an object and returns it; the
// z.coerce.string() fields of these schemas accept anything else.
func objectBody(x *core.Context) (map[string]any, *core.Validator) {
	v := x.Validate()
	return x.Body(), v
}

// roleInput reads z.union([z.string(), z.array(z.string())]).
func roleInput(v any) ([]string, bool) {
	switch r := v.(type) {
	case string:
		return []string{r}, true
	case []any:
		out := make([]string, len(r))
		for i, e := range r {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// checkRoles refuses roles that opts.roles does not define.
func (a *adminRuntime) checkRoles(roles []string) error {
	if !a.customRoles {
		return nil
	}
	for _, r := range roles {
		if _, ok := a.roles[r]; !ok {
			return adminError(400, "YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE")
		}
	}
	return nil
}

// setRole is POST /admin/set-role.
func (a *adminRuntime) setRole(x *core.Context) (json.RawMessage, error) {
	body, v := objectBody(x)
	requireKey(v, body, "userId")
	var roles []string
	if v.IsObject() {
		var ok bool
		if roles, ok = roleInput(body["role"]); !ok {
			v.Issue("role", "Invalid input")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := adminSession(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "set-role") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_CHANGE_USERS_ROLE")
	}
	if err := a.checkRoles(roles); err != nil {
		return nil, err
	}
	id := coerced(body, "userId")
	if u, err := findUser(x, id); err != nil || u == nil {
		return nil, orNotFound(err)
	}
	u, err := updateUser(x, id, core.Record{"role": strings.Join(roles, ",")})
	if err != nil {
		return nil, err
	}
	return userJSON(x, u)
}

func orNotFound(err error) error {
	if err != nil {
		return err
	}
	return errUserNotFound()
}

// getUser is GET /admin/get-user?id=.
func (a *adminRuntime) getUser(x *core.Context) (json.RawMessage, error) {
	q := x.Request().URL.Query()
	ids, given := q["id"]
	switch {
	case !given:
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", "[query.id] Invalid input: expected string, received undefined")
	case len(ids) > 1:
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", "[query.id] Invalid input: expected string, received array")
	}
	s, err := adminSession(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "get") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_GET_USER")
	}
	u, err := findUser(x, ids[0])
	if err != nil || u == nil {
		return nil, orNotFound(err)
	}
	return x.Row("user", u)
}

// userIDEndpoint is the shape of the endpoints whose body is
// { userId: z.coerce.string() } behind adminMiddleware.
func userIDEndpoint(x *core.Context) (string, *core.SessionData, error) {
	body, v := objectBody(x)
	requireKey(v, body, "userId")
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	s, err := adminSession(x)
	if err != nil {
		return "", nil, err
	}
	return coerced(body, "userId"), s, nil
}

// listUserSessions is POST /admin/list-user-sessions.
func (a *adminRuntime) listUserSessions(x *core.Context) (json.RawMessage, error) {
	id, s, err := userIDEndpoint(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "session", "list") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS_SESSIONS")
	}
	rows, err := x.Find("session", core.Where{Field: "userId", Value: id})
	if err != nil {
		return nil, err
	}
	// internalAdapter.listSessions without onlyActiveSessions: expired
	// sessions too.
	b := []byte(`{"sessions":[`)
	n := 0
	for _, r := range rows {
		row, err := x.Row("session", r)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, row...)
		n++
	}
	return append(b, "]}"...), nil
}

// unbanUser is POST /admin/unban-user.
func (a *adminRuntime) unbanUser(x *core.Context) (json.RawMessage, error) {
	id, s, err := userIDEndpoint(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "ban") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS")
	}
	if u, err := findUser(x, id); err != nil || u == nil {
		return nil, orNotFound(err)
	}
	u, err := updateUser(x, id, core.Record{"banned": false, "banExpires": nil, "banReason": nil})
	if err != nil {
		return nil, err
	}
	return userJSON(x, u)
}

// banUser is POST /admin/ban-user.
func (a *adminRuntime) banUser(x *core.Context) (json.RawMessage, error) {
	body, v := objectBody(x)
	requireKey(v, body, "userId")
	reason := v.OptionalString("banReason")
	var expiresIn float64
	if v.IsObject() {
		switch n := body["banExpiresIn"].(type) {
		case nil:
			if _, given := body["banExpiresIn"]; given {
				v.Issue("banExpiresIn", "Invalid input: expected number, received null")
			}
		case json.Number:
			expiresIn, _ = n.Float64()
		default:
			v.Issue("banExpiresIn", "Invalid input: expected number, received "+jsTypeOf(n))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := adminSession(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "ban") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS")
	}
	id := coerced(body, "userId")
	if u, err := findUser(x, id); err != nil || u == nil {
		return nil, orNotFound(err)
	}
	if id == s.User.ID {
		return nil, adminError(400, "YOU_CANNOT_BAN_YOURSELF")
	}
	if reason == "" {
		reason = a.banReason
	}
	if reason == "" {
		reason = "No reason"
	}
	var expires any
	switch {
	case expiresIn != 0:
		expires = x.Now().Add(time.Duration(expiresIn * float64(time.Second))).Truncate(time.Millisecond)
	case a.banExpiresIn != 0:
		expires = x.Now().Add(time.Duration(a.banExpiresIn) * time.Second)
	}
	u, err := updateUser(x, id, core.Record{"banned": true, "banReason": reason, "banExpires": expires})
	if err != nil {
		return nil, err
	}
	if err := x.Delete("session", core.Where{Field: "userId", Value: id}); err != nil {
		return nil, err
	}
	return userJSON(x, u)
}

// jsTypeOf names a decoded JSON value's type as zod's messages do.
func jsTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	}
	return "object"
}

// impersonateUser is POST /admin/impersonate-user.
func (a *adminRuntime) impersonateUser(x *core.Context) (json.RawMessage, error) {
	id, s, err := userIDEndpoint(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "impersonate") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_IMPERSONATE_USERS")
	}
	target, err := findUser(x, id)
	if err != nil || target == nil {
		return nil, orNotFound(err)
	}
	role, _ := target["role"].(string)
	if role == "" {
		role = a.defaultRole
	}
	isAdmin := false
	for _, r := range strings.Split(role, ",") {
		for _, ar := range a.adminRoles {
			if strings.TrimSpace(ar) == r {
				isAdmin = true
			}
		}
	}
	for _, uid := range a.adminUserIDs {
		if uid == id {
			isAdmin = true
		}
	}
	if isAdmin && !a.allowImpersonAd && !a.can(s, "user", "impersonate-admins") {
		return nil, adminError(403, "YOU_CANNOT_IMPERSONATE_ADMINS")
	}
	d := a.impersonation
	if d == 0 {
		d = 3600
	}
	sess, err := x.CreateSession(target["id"].(string), core.Record{
		"impersonatedBy": s.User.ID,
		"expiresAt":      x.Now().Add(time.Duration(d) * time.Second),
	}, true)
	if err != nil {
		return nil, err
	}
	dontRemember, _ := x.SignedCookie(x.CookieName("dont_remember"))
	x.DeleteSessionCookie()
	x.SetSignedCookie(x.CookieName("admin_session"), s.Session.Token+":"+dontRemember, x.SessionMaxAge())
	x.SetSessionCookie(sess["token"].(string), true)
	srow, err := x.Row("session", sess)
	if err != nil {
		return nil, err
	}
	urow, err := x.Row("user", target)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"session":` + string(srow) + `,"user":` + string(urow) + `}`), nil
}

// stopImpersonating is POST /admin/stop-impersonating.
func (a *adminRuntime) stopImpersonating(x *core.Context) (json.RawMessage, error) {
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, core.NewEmptyAPIError(http.StatusUnauthorized)
	}
	by, _ := s.Session.Fields["impersonatedBy"].(string)
	if by == "" {
		return nil, core.NewAPIError(400, "", "You are not impersonating anyone")
	}
	admin, err := findUser(x, by)
	if err != nil {
		return nil, err
	}
	if admin == nil {
		return nil, core.NewAPIError(500, "", "Failed to find user")
	}
	cookieName := x.CookieName("admin_session")
	value, ok := x.SignedCookie(cookieName)
	if !ok {
		return nil, core.NewAPIError(500, "", "Failed to find admin session")
	}
	token, dontRemember, _ := strings.Cut(value, ":")
	as, au, err := x.SessionByToken(token)
	if err != nil {
		return nil, err
	}
	if as == nil || as["userId"] != admin["id"] {
		return nil, core.NewAPIError(500, "", "Failed to find admin session")
	}
	if err := x.Delete("session", core.Where{Field: "token", Value: s.Session.Token}); err != nil {
		return nil, err
	}
	x.SetSessionCookie(token, dontRemember != "")
	x.ExpireCookie(cookieName)
	srow, err := x.Row("session", as)
	if err != nil {
		return nil, err
	}
	urow, err := x.Row("user", au)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"session":` + string(srow) + `,"user":` + string(urow) + `}`), nil
}

// revokeUserSession is POST /admin/revoke-user-session.
func (a *adminRuntime) revokeUserSession(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	token := v.String("sessionToken")
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := adminSession(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "session", "revoke") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS")
	}
	if err := x.Delete("session", core.Where{Field: "token", Value: token}); err != nil {
		return nil, err
	}
	return json.RawMessage(`{"success":true}`), nil
}

// revokeUserSessions is POST /admin/revoke-user-sessions.
func (a *adminRuntime) revokeUserSessions(x *core.Context) (json.RawMessage, error) {
	id, s, err := userIDEndpoint(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "session", "revoke") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS")
	}
	if err := x.Delete("session", core.Where{Field: "userId", Value: id}); err != nil {
		return nil, err
	}
	return json.RawMessage(`{"success":true}`), nil
}

// removeUser is POST /admin/remove-user: the user's sessions, accounts
// and the user.
func (a *adminRuntime) removeUser(x *core.Context) (json.RawMessage, error) {
	id, s, err := userIDEndpoint(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "delete") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_DELETE_USERS")
	}
	if id == s.User.ID {
		return nil, adminError(400, "YOU_CANNOT_REMOVE_YOURSELF")
	}
	if u, err := findUser(x, id); err != nil || u == nil {
		return nil, orNotFound(err)
	}
	for _, t := range []string{"session", "account"} {
		if err := x.Delete(t, core.Where{Field: "userId", Value: id}); err != nil {
			return nil, err
		}
	}
	if err := x.Delete("user", core.Where{Field: "id", Value: id}); err != nil {
		return nil, err
	}
	return json.RawMessage(`{"success":true}`), nil
}

// setUserPassword is POST /admin/set-user-password.
func (a *adminRuntime) setUserPassword(x *core.Context) (json.RawMessage, error) {
	body, v := objectBody(x)
	pw := v.String("newPassword")
	if v.IsObject() {
		if s, ok := body["newPassword"].(string); ok && s == "" {
			v.Issue("newPassword", "newPassword cannot be empty")
		}
		if _, ok := body["userId"]; !ok {
			requireKey(v, body, "userId")
		} else if coerced(body, "userId") == "" {
			v.Issue("userId", "userId cannot be empty")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := adminSession(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "set-password") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_SET_USERS_PASSWORD")
	}
	lo, hi := x.PasswordLengths()
	if n := core.JSLength(pw); n < lo {
		return nil, core.NewAPIError(400, "PASSWORD_TOO_SHORT", "Password too short")
	} else if n > hi {
		return nil, core.NewAPIError(400, "PASSWORD_TOO_LONG", "Password too long")
	}
	id := coerced(body, "userId")
	u, err := findUser(x, id)
	if err != nil || u == nil {
		return nil, orNotFound(err)
	}
	hash, err := x.HashPassword(pw)
	if err != nil {
		return nil, err
	}
	acc, err := x.FindOne("account", core.Where{Field: "userId", Value: id}, core.Where{Field: "providerId", Value: "credential"})
	if err != nil {
		return nil, err
	}
	if acc != nil {
		_, err = x.Update("account", core.Record{"password": hash, "updatedAt": x.Now()},
			core.Where{Field: "userId", Value: id}, core.Where{Field: "providerId", Value: "credential"})
	} else {
		err = x.CreateCredentialAccount(id, hash)
	}
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"status":true}`), nil
}
