package plugins

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// The admin plugin's runtime, Better Auth 1.7.5's src/plugins/admin
// (dist/plugins/admin/admin.mjs, routes.mjs, has-permission.mjs,
// access/statement.mjs): the default role on user create and the ban
// check on session create (database hooks), the after hook hiding
// impersonation sessions from /list-sessions, and the 15 /admin/*
// endpoints (admin_endpoints.go, admin_users.go).

var _ core.RuntimePlugin = (*adminPlugin)(nil)

// adminRuntime is the plugin's resolved options.
type adminRuntime struct {
	defaultRole     string
	adminRoles      []string
	roles           map[string]AdminRole
	customRoles     bool // opts.roles was given
	adminUserIDs    []string
	banReason       string
	banExpiresIn    int
	impersonation   int
	bannedMessage   string
	allowImpersonAd bool
	userFields      map[string]bool
	userTypes       map[string]schema.Type
}

// adminDefaultRoles are access/statement.ts's defaultRoles.
var adminDefaultRoles = map[string]AdminRole{
	"admin": {
		"user":    {"create", "list", "set-role", "ban", "impersonate", "delete", "set-password", "set-email", "get", "update"},
		"session": {"list", "revoke", "delete"},
	},
	"user": {"user": {}, "session": {}},
}

// Init checks the options as admin() does and returns the runtime.
func (p *adminPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	for _, f := range []string{"role", "banned", "banReason", "banExpires"} {
		if !in.HasField("user", f) {
			return nil, fmt.Errorf("the user table has no %s field; the admin plugin's runtime needs it", f)
		}
	}
	if !in.HasField("session", "impersonatedBy") {
		return nil, errors.New("the session table has no impersonatedBy field; the admin plugin's runtime needs it")
	}
	o := p.o
	a := &adminRuntime{
		defaultRole: o.DefaultRole, adminRoles: o.AdminRoles, roles: o.Roles, customRoles: o.Roles != nil,
		adminUserIDs: o.AdminUserIDs, banReason: o.DefaultBanReason, banExpiresIn: o.DefaultBanExpiresIn,
		impersonation: o.ImpersonationSessionDuration, bannedMessage: o.BannedUserMessage,
		allowImpersonAd: o.AllowImpersonatingAdmins,
	}
	a.userFields, a.userTypes = map[string]bool{}, map[string]schema.Type{}
	for _, f := range in.Schema.Table("user").Fields {
		a.userFields[f.Name], a.userTypes[f.Name] = true, f.Type
	}
	if a.defaultRole == "" {
		a.defaultRole = "user"
	}
	if a.roles == nil {
		a.roles = adminDefaultRoles
	}
	if a.adminRoles == nil {
		a.adminRoles = []string{"admin"}
	} else {
		// admin() refuses admin roles that are not defined roles.
		var invalid []string
		for _, r := range o.AdminRoles {
			found := false
			for name := range a.roles {
				if strings.EqualFold(name, r) {
					found = true
				}
			}
			if !found {
				invalid = append(invalid, r)
			}
		}
		if len(invalid) > 0 {
			return nil, fmt.Errorf("Invalid admin roles: %s. Admin roles must be defined in the 'roles' configuration.", strings.Join(invalid, ", "))
		}
	}
	if a.bannedMessage == "" {
		a.bannedMessage = "You have been banned from this application. Please contact support if you believe this is an error."
	}
	if o.DefaultBanExpiresIn < 0 || o.ImpersonationSessionDuration < 0 {
		return nil, errors.New("DefaultBanExpiresIn and ImpersonationSessionDuration are seconds and cannot be negative")
	}
	post := func(path string, h func(*core.Context) (json.RawMessage, error)) core.Endpoint {
		return core.Endpoint{Method: http.MethodPost, Path: path, Handler: h}
	}
	return &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			post("/admin/set-role", a.setRole),
			{Method: http.MethodGet, Path: "/admin/get-user", Handler: a.getUser},
			post("/admin/create-user", a.createUser),
			post("/admin/update-user", a.updateUser),
			{Method: http.MethodGet, Path: "/admin/list-users", Handler: a.listUsers},
			post("/admin/list-user-sessions", a.listUserSessions),
			post("/admin/unban-user", a.unbanUser),
			post("/admin/ban-user", a.banUser),
			post("/admin/impersonate-user", a.impersonateUser),
			post("/admin/stop-impersonating", a.stopImpersonating),
			post("/admin/revoke-user-session", a.revokeUserSession),
			post("/admin/revoke-user-sessions", a.revokeUserSessions),
			post("/admin/remove-user", a.removeUser),
			post("/admin/set-user-password", a.setUserPassword),
			post("/admin/has-permission", a.hasPermissionEndpoint),
		},
		After: []core.AfterHook{{Match: onPath("/list-sessions"), Handler: hideImpersonations}},
		DatabaseHooks: []core.DatabaseHook{
			{Table: "user", Op: core.OpCreate, Before: a.defaultRoleHook},
			{Table: "session", Op: core.OpCreate, Before: a.banCheck},
		},
	}, nil
}

// defaultRoleHook is the user create hook: { role: defaultRole, ...user }.
func (a *adminRuntime) defaultRoleHook(_ *core.Context, r core.Record) error {
	if r["role"] == nil {
		r["role"] = a.defaultRole
	}
	return nil
}

// banCheck is the session create hook: a banned user gets no session
// (403 BANNED_USER) unless the ban has expired, which lifts it.
func (a *adminRuntime) banCheck(x *core.Context, s core.Record) error {
	user, err := x.FindOne("user", core.Where{Field: "id", Value: s["userId"]})
	if err != nil || user == nil || user["banned"] != true {
		return err
	}
	if exp, ok := user["banExpires"].(time.Time); ok && exp.Before(x.Now()) {
		_, err := x.Update("user", core.Record{"banned": false, "banReason": nil, "banExpires": nil, "updatedAt": x.Now()},
			core.Where{Field: "id", Value: s["userId"]})
		return err
	}
	return core.NewAPIError(http.StatusForbidden, "BANNED_USER", a.bannedMessage)
}

// hideImpersonations is the after hook on /list-sessions: sessions with
// impersonatedBy are left out.
func hideImpersonations(_ *core.Context, r *core.Result) error {
	if r.Err != nil || r.Body == nil {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(r.Body, &list) != nil {
		return nil
	}
	out := make([]byte, 0, len(r.Body))
	out = append(out, '[')
	n := 0
	for _, s := range list {
		var f struct {
			ImpersonatedBy any `json:"impersonatedBy"`
		}
		_ = json.Unmarshal(s, &f)
		if core.Truthy(f.ImpersonatedBy) {
			continue
		}
		if n > 0 {
			out = append(out, ',')
		}
		out = append(out, s...)
		n++
	}
	r.Body = append(out, ']')
	return nil
}

// hasPermission is has-permission.ts.
func (a *adminRuntime) hasPermission(userID string, role any, perms map[string][]string) bool {
	if userID != "" && slices.Contains(a.adminUserIDs, userID) {
		return true
	}
	if perms == nil {
		return false
	}
	r, _ := role.(string)
	if r == "" {
		r = a.defaultRole
	}
	for _, name := range strings.Split(r, ",") {
		if ar, ok := a.roles[name]; ok && ar.authorize(perms) {
			return true
		}
	}
	return false
}

// authorize is access.ts's role(statements).authorize with the "AND"
// connector: every requested resource must be known and allow every
// requested action (an empty action list allows nothing).
func (r AdminRole) authorize(req map[string][]string) bool {
	ok := false
	for res, actions := range req {
		allowed, known := r[res]
		if !known {
			return false
		}
		if len(actions) == 0 {
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

// can checks the session user's permission for one resource's action.
func (a *adminRuntime) can(s *core.SessionData, resource, action string) bool {
	return a.hasPermission(s.User.ID, s.User.Fields["role"], map[string][]string{resource: {action}})
}

// adminError answers one of ADMIN_ERROR_CODES.
func adminError(status int, code string) error {
	return core.NewAPIError(status, code, adminMessages[code])
}

var adminMessages = map[string]string{
	"FAILED_TO_CREATE_USER":                         "Failed to create user",
	"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":         "User already exists. Use another email.",
	"YOU_CANNOT_BAN_YOURSELF":                       "You cannot ban yourself",
	"YOU_ARE_NOT_ALLOWED_TO_CHANGE_USERS_ROLE":      "You are not allowed to change users role",
	"YOU_ARE_NOT_ALLOWED_TO_CREATE_USERS":           "You are not allowed to create users",
	"YOU_ARE_NOT_ALLOWED_TO_LIST_USERS":             "You are not allowed to list users",
	"YOU_ARE_NOT_ALLOWED_TO_LIST_USERS_SESSIONS":    "You are not allowed to list users sessions",
	"YOU_ARE_NOT_ALLOWED_TO_BAN_USERS":              "You are not allowed to ban users",
	"YOU_ARE_NOT_ALLOWED_TO_IMPERSONATE_USERS":      "You are not allowed to impersonate users",
	"YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS":  "You are not allowed to revoke users sessions",
	"YOU_ARE_NOT_ALLOWED_TO_DELETE_USERS":           "You are not allowed to delete users",
	"YOU_ARE_NOT_ALLOWED_TO_SET_USERS_PASSWORD":     "You are not allowed to set users password",
	"YOU_ARE_NOT_ALLOWED_TO_GET_USER":               "You are not allowed to get user",
	"NO_DATA_TO_UPDATE":                             "No data to update",
	"YOU_ARE_NOT_ALLOWED_TO_UPDATE_USERS":           "You are not allowed to update users",
	"YOU_CANNOT_REMOVE_YOURSELF":                    "You cannot remove yourself",
	"YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE": "You are not allowed to set a non-existent role value",
	"YOU_CANNOT_IMPERSONATE_ADMINS":                 "You cannot impersonate admins",
	"INVALID_ROLE_TYPE":                             "Invalid role type",
	"YOU_ARE_NOT_ALLOWED_TO_SET_USERS_EMAIL":        "You are not allowed to update users email",
	"PASSWORD_CANNOT_BE_UPDATED_VIA_UPDATE_USER":    "Password cannot be updated through update-user. Use the set-user-password endpoint instead",
}

func errUserNotFound() error {
	return core.NewAPIError(http.StatusNotFound, "USER_NOT_FOUND", "User not found")
}

// jsString is JavaScript's String(v) of a decoded JSON body value, as
// z.coerce.string() reads it; absent is "undefined".
func jsString(v any, present bool) string {
	if !present {
		return "undefined"
	}
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return jsNumber(x)
	case float64:
		return jsNumberF(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil {
				parts[i] = jsString(e, true)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

func jsNumber(n json.Number) string {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return string(n)
	}
	return jsNumberF(f)
}

func jsNumberF(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// coerced reads a z.coerce.string() body field.
func coerced(body map[string]any, key string) string {
	v, ok := body[key]
	return jsString(v, ok)
}

// adminSession is adminMiddleware: the authoritative session or 401.
func adminSession(x *core.Context) (*core.SessionData, error) {
	return unauthorizedEmpty(x)
}

// userJSON is { user: parseUserOutput(user) }.
func userJSON(x *core.Context, u core.Record) (json.RawMessage, error) {
	row, err := x.Row("user", u)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"user":` + string(row) + `}`), nil
}

// findUser is internalAdapter.findUserById.
func findUser(x *core.Context, id string) (core.Record, error) {
	return x.FindOne("user", core.Where{Field: "id", Value: id})
}

// updateUser is internalAdapter.updateUser: the fields set (updatedAt
// with them) and the row as updated.
func updateUser(x *core.Context, id string, set core.Record) (core.Record, error) {
	if _, ok := set["updatedAt"]; !ok {
		set["updatedAt"] = x.Now()
	}
	if _, err := x.Update("user", set, core.Where{Field: "id", Value: id}); err != nil {
		return nil, err
	}
	return findUser(x, id)
}
