package plugins

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The multiSession plugin's runtime, Better Auth 1.7.5's
// src/plugins/multi-session/index.ts. Each session a browser signs in to
// is remembered in its own signed cookie, named after the session cookie
// and the token lowercased (better-auth.session_token_multi-<token>),
// whose value is the session token; the endpoints list those sessions,
// make one the active session (the session cookie) or revoke one, and
// sign-out revokes them all.

var _ core.RuntimePlugin = (*multiSessionPlugin)(nil)

// multiSessionPlugin is MultiSession's plugin, which also runs in the
// handler.
type multiSessionPlugin struct {
	*plugin
	o MultiSessionOptions
}

type multiSessionRuntime struct {
	max int
}

// Init checks the options and returns the endpoints and after hooks.
func (p *multiSessionPlugin) Init(*core.PluginInit) (*core.PluginRuntime, error) {
	m := &multiSessionRuntime{max: 5}
	switch v := p.o.MaximumSessions; {
	case v < 0:
		return nil, fmt.Errorf("MultiSessionOptions.MaximumSessions %d is negative", v)
	case v > 0:
		m.max = v
	}
	return &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			{Method: http.MethodGet, Path: "/multi-session/list-device-sessions", Handler: m.list},
			{Method: http.MethodPost, Path: "/multi-session/set-active", Handler: m.setActive},
			{Method: http.MethodPost, Path: "/multi-session/revoke", Handler: m.revoke},
		},
		After: []core.AfterHook{
			{Handler: m.remember},
			{Match: func(x *core.Context) bool { return x.Path() == "/sign-out" }, Handler: m.signOut},
		},
	}, nil
}

var errInvalidSessionToken = core.NewAPIError(http.StatusUnauthorized, "INVALID_SESSION_TOKEN", "Invalid session token")

// isMultiCookie is isMultiSessionCookie: any cookie name with "_multi-".
func isMultiCookie(name string) bool { return strings.Contains(name, "_multi-") }

// multiCookieName is the cookie remembering the session with token.
func multiCookieName(x *core.Context, token string) string {
	return x.CookieName("session_token") + "_multi-" + strings.ToLower(token)
}

// multiTokens returns the names of the request's multi-session cookies
// and the session tokens of those with a valid signature.
func multiTokens(x *core.Context) (names, tokens []string) {
	for _, n := range x.RequestCookieNames() {
		if !isMultiCookie(n) {
			continue
		}
		names = append(names, n)
		if v, ok := x.SignedCookie(n); ok {
			tokens = append(tokens, v)
		}
	}
	return names, tokens
}

func unexpired(s core.Record) bool {
	exp, _ := s["expiresAt"].(time.Time)
	return exp.After(time.Now())
}

// list is GET /multi-session/list-device-sessions: the unexpired
// sessions of the browser's multi-session cookies, one per user.
func (m *multiSessionRuntime) list(x *core.Context) (json.RawMessage, error) {
	_, tokens := multiTokens(x)
	if len(tokens) == 0 {
		return json.RawMessage("[]"), nil
	}
	found, err := x.FindSessions(tokens, true)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var parts []string
	for _, p := range found {
		uid, _ := p.User["id"].(string)
		if !unexpired(p.Session) || seen[uid] {
			continue
		}
		seen[uid] = true
		b, err := sessionJSON(x, p.Session, p.User)
		if err != nil {
			return nil, err
		}
		parts = append(parts, string(b))
	}
	return json.RawMessage("[" + strings.Join(parts, ",") + "]"), nil
}

// remembered returns the session token the browser's multi-session
// cookie for the body's sessionToken holds, and the cookie's name.
func remembered(x *core.Context) (token, name string, err error) {
	v := x.Validate()
	sessionToken := v.String("sessionToken")
	if err := v.Err(); err != nil {
		return "", "", err
	}
	name = multiCookieName(x, sessionToken)
	token, ok := x.SignedCookie(name)
	if !ok {
		return "", "", errInvalidSessionToken
	}
	return token, name, nil
}

// setActive is POST /multi-session/set-active: the remembered session
// becomes the session cookie; a gone or expired one loses its cookie.
func (m *multiSessionRuntime) setActive(x *core.Context) (json.RawMessage, error) {
	token, name, err := remembered(x)
	if err != nil {
		return nil, err
	}
	s, u, err := x.SessionByToken(token)
	if err != nil {
		return nil, err
	}
	if s == nil || !unexpired(s) {
		x.ExpireCookie(name)
		return nil, errInvalidSessionToken
	}
	x.SetSessionCookieFor(s)
	return sessionJSON(x, s, u)
}

// revoke is POST /multi-session/revoke (sessionMiddleware): the
// remembered session is deleted and its cookie expired; when it was the
// active one, another remembered unexpired session becomes active, or the
// session cookies are deleted.
func (m *multiSessionRuntime) revoke(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	v.String("sessionToken")
	if err := v.Err(); err != nil {
		return nil, err
	}
	current, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	token, name, err := remembered(x)
	if err != nil {
		return nil, err
	}
	if err := x.DeleteSession(token); err != nil {
		return nil, err
	}
	x.ExpireCookie(name)
	ok := json.RawMessage(`{"status":true}`)
	if current.Session.Token != token {
		return ok, nil
	}
	_, tokens := multiTokens(x)
	if len(tokens) > 0 {
		found, err := x.FindSessions(tokens, false)
		if err != nil {
			return nil, err
		}
		for _, p := range found {
			if unexpired(p.Session) {
				x.SetSessionCookieFor(p.Session)
				return ok, nil
			}
		}
	}
	x.DeleteSessionCookie()
	return ok, nil
}

// remember is the after hook on every request: a response that sets
// cookies for a new session also remembers it in a multi-session cookie,
// after forgetting (and deleting) the browser's other sessions of the
// same user, unless the browser already holds MaximumSessions.
func (m *multiSessionRuntime) remember(x *core.Context, _ *core.Result) error {
	set := x.ResponseSetCookies()
	if len(set) == 0 {
		return nil
	}
	ns := x.NewSession()
	if ns == nil {
		return nil
	}
	token, _ := ns["token"].(string)
	userID, _ := ns["userId"].(string)
	name := multiCookieName(x, token)
	for _, l := range set {
		if n, _, _ := strings.Cut(l, "="); strings.TrimSpace(n) == name {
			return nil
		}
	}
	if x.RequestCookie(name) != "" {
		return nil
	}
	var keys []string
	for _, n := range x.RequestCookieNames() {
		if isMultiCookie(n) {
			keys = append(keys, n)
		}
	}
	var stale []string
	for _, k := range keys {
		t, ok := x.SignedCookie(k)
		if !ok {
			continue
		}
		s, _, err := x.SessionByToken(t)
		if err != nil {
			return err
		}
		if s != nil && s["userId"] == userID {
			stale = append(stale, t)
			x.SetCookie(k, "", 0, true)
		}
	}
	for _, t := range stale {
		if err := x.DeleteSession(t); err != nil {
			return err
		}
	}
	held := len(keys) - len(stale)
	if strings.Contains(strings.Join(set, ", "), x.CookieName("session_token")) {
		held++
	}
	if held > m.max {
		return nil
	}
	x.SetSignedCookie(name, token, x.SessionMaxAge())
	return nil
}

// signOut is the after hook of /sign-out: every remembered session with
// a valid cookie is deleted and its cookie expired.
func (m *multiSessionRuntime) signOut(x *core.Context, _ *core.Result) error {
	var tokens []string
	for _, n := range x.RequestCookieNames() {
		if !isMultiCookie(n) {
			continue
		}
		t, ok := x.SignedCookie(n)
		if !ok {
			continue
		}
		x.ExpireCookie(strings.Replace(strings.ToLower(n), "__secure-", "__Secure-", 1))
		tokens = append(tokens, t)
	}
	for _, t := range tokens {
		if err := x.DeleteSession(t); err != nil {
			return err
		}
	}
	return nil
}
