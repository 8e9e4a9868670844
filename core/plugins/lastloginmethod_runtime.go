package plugins

import (
	"fmt"
	"strings"

	"github.com/authctl/authctl/core"
)

// The lastLoginMethod plugin's runtime, Better Auth 1.7.5's
// src/plugins/last-login-method/index.ts: no endpoints; an after hook on
// every request sets the last-used-login-method cookie when the response
// sets the session cookie, and with storeInDatabase the user create hook
// and the session create hook write user.lastLoginMethod.

var _ core.RuntimePlugin = (*lastLoginMethodPlugin)(nil)

// lastLoginMethodPlugin is LastLoginMethod's plugin, which also runs in
// the handler.
type lastLoginMethodPlugin struct {
	*plugin
	o LastLoginMethodOptions
}

type lastLoginMethodRuntime struct {
	o      LastLoginMethodOptions
	cookie string
	maxAge int
}

// Init checks the options and returns the hooks.
func (p *lastLoginMethodPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	o := p.o
	if o.MaxAge < 0 {
		return nil, fmt.Errorf("LastLoginMethodOptions.MaxAge %d is negative", o.MaxAge)
	}
	r := &lastLoginMethodRuntime{o: o, cookie: "better-auth.last_used_login_method", maxAge: 30 * 24 * 3600}
	if o.CookieName != "" {
		r.cookie = o.CookieName
	}
	if o.MaxAge > 0 {
		r.maxAge = o.MaxAge
	}
	pr := &core.PluginRuntime{After: []core.AfterHook{{Handler: r.setCookie}}}
	if o.StoreInDatabase {
		if !in.HasField("user", "lastLoginMethod") {
			return nil, fmt.Errorf("the schema has no user.lastLoginMethod field, which LastLoginMethodOptions.StoreInDatabase writes")
		}
		pr.DatabaseHooks = []core.DatabaseHook{
			{Table: "user", Op: core.OpCreate, Before: r.onUserCreate},
			{Table: "session", Op: core.OpCreate, After: r.onSessionCreate},
		}
	}
	return pr, nil
}

// resolve is the method the request signs in with, or "".
func (r *lastLoginMethodRuntime) resolve(x *core.Context) string {
	if f := r.o.CustomResolveMethod; f != nil {
		if m, ok := f(x); ok {
			return m
		}
	}
	return defaultLoginMethod(x.Path())
}

// defaultLoginMethod is 1.7.5's defaultResolveMethod.
func defaultLoginMethod(path string) string {
	switch {
	case path == "":
		return ""
	case strings.HasPrefix(path, "/callback/"):
		return path[strings.LastIndexByte(path, '/')+1:]
	case path == "/sign-in/email" || path == "/sign-up/email":
		return "email"
	case strings.Contains(path, "siwe"):
		return "siwe"
	case strings.Contains(path, "/passkey/verify-authentication"):
		return "passkey"
	case strings.HasPrefix(path, "/magic-link/verify"):
		return "magic-link"
	case path == "/sign-in/email-otp":
		return "email-otp"
	}
	return ""
}

// setCookie is the after hook: a response setting the session cookie
// (any Set-Cookie line naming it) also sets the method's cookie, readable
// by scripts, unless BeforeStoreCookie vetoes it.
func (r *lastLoginMethodRuntime) setCookie(x *core.Context, _ *core.Result) error {
	m := r.resolve(x)
	if m == "" {
		return nil
	}
	name := x.CookieName("session_token")
	found := false
	for _, l := range x.ResponseSetCookies() {
		if strings.Contains(l, name) {
			found = true
			break
		}
	}
	if !found {
		return nil
	}
	if f := r.o.BeforeStoreCookie; f != nil {
		ok, err := f(x, m)
		if err != nil {
			x.Logger().Error("lastLoginMethod: BeforeStoreCookie failed", "error", err)
			return nil
		}
		if !ok {
			return nil
		}
	}
	x.SetCookie(r.cookie, m, r.maxAge, false)
	return nil
}

// onUserCreate records the method on a user created by a sign-in.
func (r *lastLoginMethodRuntime) onUserCreate(x *core.Context, u core.Record) error {
	if m := r.resolve(x); m != "" {
		u["lastLoginMethod"] = m
	}
	return nil
}

// onSessionCreate records the method on the user of a new session; a
// failure is logged, as 1.7.5 does, and does not fail the sign-in.
func (r *lastLoginMethodRuntime) onSessionCreate(x *core.Context, s core.Record) error {
	m := r.resolve(x)
	uid, _ := s["userId"].(string)
	if m == "" || uid == "" {
		return nil
	}
	if _, err := x.Update("user", core.Record{"lastLoginMethod": m, "updatedAt": x.Now()}, core.Where{Field: "id", Value: uid}); err != nil {
		x.Logger().Error("lastLoginMethod: failed to update lastLoginMethod", "error", err)
	}
	return nil
}
