package plugins

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The anonymous plugin's runtime, Better Auth 1.7.5's
// src/plugins/anonymous/index.ts (dist/plugins/anonymous/index.mjs):
// POST /sign-in/anonymous, POST /delete-anonymous-user, and the after
// hook that, when an anonymous user signs in another way, runs
// OnLinkAccount and deletes the anonymous user.
//
// A before hook on /sign-in/social keeps the anonymous user's id in the
// OAuth state (serverContext.anonymousUserId), so that a callback
// arriving without the anonymous session cookie (Expo's in-app browser)
// still links it.

var _ core.RuntimePlugin = (*anonymousPlugin)(nil)

// The plugin's ANONYMOUS_ERROR_CODES.
var (
	errAnonInvalidEmail   = core.NewAPIError(400, "INVALID_EMAIL_FORMAT", "Email was not generated in a valid format")
	errAnonSignInAgain    = core.NewAPIError(400, "ANONYMOUS_USERS_CANNOT_SIGN_IN_AGAIN_ANONYMOUSLY", "Anonymous users cannot sign in again anonymously")
	errAnonNotAnonymous   = core.NewAPIError(403, "USER_IS_NOT_ANONYMOUS", "User is not anonymous")
	errAnonDeleteDisabled = core.NewAPIError(400, "DELETE_ANONYMOUS_USER_DISABLED", "Deleting anonymous users is disabled")
)

// anonymousPaths are the after hook's path prefixes: every way a user
// signs in.
var anonymousPaths = []string{"/sign-in", "/sign-up", "/callback", "/magic-link/verify", "/email-otp/verify-email",
	"/one-tap/callback", "/passkey/verify-authentication", "/phone-number/verify", "/verify-email"}

type anonymousRuntime struct{ o AnonymousOptions }

// Init returns the plugin's endpoints and after hook.
func (p *anonymousPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	if !in.HasField("user", "isAnonymous") {
		return nil, errors.New("the user table has no isAnonymous field; the anonymous plugin's runtime needs it")
	}
	a := &anonymousRuntime{o: p.o}
	return &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			{Method: http.MethodPost, Path: "/sign-in/anonymous", Handler: a.signIn},
			{Method: http.MethodPost, Path: "/delete-anonymous-user", Handler: a.deleteUser},
		},
		Before: []core.Hook{{Match: onPath("/sign-in/social"), Handler: keepAnonymousInState}},
		After: []core.AfterHook{{
			Match: func(x *core.Context) bool {
				for _, p := range anonymousPaths {
					if strings.HasPrefix(x.Path(), p) {
						return true
					}
				}
				return false
			},
			Handler: a.afterSignIn,
		}},
	}, nil
}

// isAnonymous reports whether a session's user is anonymous.
func isAnonymous(s *core.SessionData) bool { return s != nil && s.User.Fields["isAnonymous"] == true }

// email is getAnonUserEmail.
func (a *anonymousRuntime) email(x *core.Context) (string, error) {
	if a.o.GenerateRandomEmail != nil {
		e, err := a.o.GenerateRandomEmail(x)
		if err != nil {
			return "", err
		}
		if e != "" {
			if !core.ValidEmail(e) {
				return "", errAnonInvalidEmail
			}
			return e, nil
		}
	}
	id, err := randomString(32, alphaBackup) // generateId()
	if err != nil {
		return "", err
	}
	if a.o.EmailDomainName != "" {
		return "temp-" + id + "@" + a.o.EmailDomainName, nil
	}
	return id + "@anonymous.placeholder.invalid", nil
}

// signIn is POST /sign-in/anonymous.
func (a *anonymousRuntime) signIn(x *core.Context) (json.RawMessage, error) {
	s, err := x.SessionWithoutRefresh()
	if err != nil {
		return nil, err
	}
	if isAnonymous(s) {
		return nil, errAnonSignInAgain
	}
	email, err := a.email(x)
	if err != nil {
		return nil, err
	}
	name := ""
	if a.o.GenerateName != nil {
		if name, err = a.o.GenerateName(x); err != nil {
			return nil, err
		}
	}
	if name == "" {
		name = "Anonymous"
	}
	user, err := x.CreateUser(name, strings.ToLower(email), core.Record{"isAnonymous": true})
	if err != nil {
		return nil, err
	}
	session, err := x.CreateSession(user["id"].(string), nil, false)
	if err != nil {
		return nil, err
	}
	token, _ := session["token"].(string)
	// A request whose session cookie named no session had the cookies
	// expired while its session was read; in 1.7.5's answer those expiry
	// lines are all that is left, so the new session's cookie is not set.
	if !x.ResponseHasCookie(x.CookieName("session_token")) {
		x.SetSessionCookie(token, x.DontRemember())
	}
	row, err := x.Row("user", user)
	if err != nil {
		return nil, err
	}
	tok, _ := core.JSON(token)
	return json.RawMessage(`{"token":` + string(tok) + `,"user":` + string(row) + `}`), nil
}

// deleteUser is POST /delete-anonymous-user.
func (a *anonymousRuntime) deleteUser(x *core.Context) (json.RawMessage, error) {
	s, err := x.RequireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	if a.o.DisableDeleteAnonymousUser {
		return nil, errAnonDeleteDisabled
	}
	if !isAnonymous(s) {
		return nil, errAnonNotAnonymous
	}
	if err := x.Delete("session", core.Where{Field: "userId", Value: s.User.ID}); err != nil {
		return nil, err
	}
	if err := deleteUserRows(x, s.User.ID); err != nil {
		return nil, err
	}
	x.DeleteSessionCookie()
	return json.RawMessage(`{"success":true}`), nil
}

// deleteUserRows is internalAdapter.deleteUser: the user's sessions, its
// accounts, then the user.
func deleteUserRows(x *core.Context, userID string) error {
	for _, t := range []string{"session", "account"} {
		if err := x.Delete(t, core.Where{Field: "userId", Value: userID}); err != nil {
			return err
		}
	}
	return x.Delete("user", core.Where{Field: "id", Value: userID})
}

// afterSignIn is the after hook: a response that sets a session cookie,
// to a request from an anonymous user's session, links (OnLinkAccount)
// and deletes the anonymous user, unless the new session is the same
// user's or another anonymous user's.
func (a *anonymousRuntime) afterSignIn(x *core.Context, _ *core.Result) error {
	value, ok := x.ResponseSessionCookie()
	if !ok || strings.SplitN(value, ".", 2)[0] == "" {
		return nil
	}
	anon, err := resolveAnonymousSession(x)
	if err != nil || anon == nil {
		return err
	}
	ns := x.NewSession()
	if ns == nil {
		if x.Path() == "/sign-in/anonymous" {
			return errAnonSignInAgain
		}
		return nil
	}
	newUserID, _ := ns["userId"].(string)
	newUser, err := x.FindOne("user", core.Where{Field: "id", Value: newUserID})
	if err != nil {
		return err
	}
	if a.o.OnLinkAccount != nil {
		if err := a.o.OnLinkAccount(x, AnonymousLink{AnonymousUser: anon.user, AnonymousSession: anon.session,
			NewUser: newUser, NewSession: ns}); err != nil {
			return err
		}
	}
	anonID, _ := anon.user["id"].(string)
	if a.o.DisableDeleteAnonymousUser || newUserID == anonID || (newUser != nil && newUser["isAnonymous"] == true) {
		return nil
	}
	if err := deleteUserRows(x, anonID); err != nil {
		x.Logger().Error("better-auth: Failed to clean up anonymous user during post-link cleanup", "err", err)
	}
	return nil
}

// keepAnonymousInState is the before hook on /sign-in/social: an
// anonymous caller's id goes into the OAuth state.
func keepAnonymousInState(x *core.Context) (json.RawMessage, error) {
	s, err := x.SessionWithoutRefresh()
	if err != nil || !isAnonymous(s) {
		return nil, err
	}
	x.AddOAuthServerContext("anonymousUserId", s.User.ID)
	return nil, nil
}

// anonymousSession is the anonymous user being linked and its session.
type anonymousSession struct{ user, session core.Record }

// resolveAnonymousSession is 1.7.5's: the request's anonymous session,
// or, on an OAuth callback without it, the anonymous user the flow
// started with (serverContext.anonymousUserId) and its first active
// session; nil when there is none.
func resolveAnonymousSession(x *core.Context) (*anonymousSession, error) {
	s, err := x.SessionWithoutRefresh()
	if err != nil {
		return nil, err
	}
	if isAnonymous(s) {
		return &anonymousSession{user: s.User.Fields, session: s.Session.Fields}, nil
	}
	id, ok := x.OAuthServerContext()["anonymousUserId"].(string)
	if !ok {
		return nil, nil
	}
	user, err := x.FindOne("user", core.Where{Field: "id", Value: id})
	if err != nil || user == nil || user["isAnonymous"] != true {
		return nil, err
	}
	sessions, err := x.Find("session", core.Where{Field: "userId", Value: id})
	if err != nil {
		return nil, err
	}
	for _, ss := range sessions {
		if exp, _ := ss["expiresAt"].(time.Time); exp.After(time.Now()) {
			return &anonymousSession{user: user, session: ss}, nil
		}
	}
	return nil, nil
}
