package plugins

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/authctl/authctl/core"
)

// The oneTimeToken plugin's runtime, Better Auth 1.7.5's
// src/plugins/one-time-token: GET /one-time-token/generate hands the
// signed-in caller a token that stands for its session for a few minutes,
// POST /one-time-token/verify trades it (once) for that session and its
// cookie, and, with SetOttHeaderOnNewSession, an after hook hands out a
// token with every new session (set-ott header). Tokens are verification
// values "one-time-token:<token or its hash>" whose value is the session
// token, so either server verifies the other's.

var _ core.RuntimePlugin = (*oneTimeTokenPlugin)(nil)

// oneTimeTokenPlugin is OneTimeToken's plugin, which also runs in the
// handler.
type oneTimeTokenPlugin struct {
	*plugin
	o OneTimeTokenOptions
}

type oneTimeTokenRuntime struct {
	o        OneTimeTokenOptions
	lifetime time.Duration
}

// Init checks the options and returns the endpoints and hook.
func (p *oneTimeTokenPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	o := p.o
	var errs []error
	switch o.StoreToken {
	case "", "plain":
	case "hashed":
		if o.HashToken != nil {
			errs = append(errs, errors.New(`OneTimeTokenOptions.HashToken (storeToken "custom-hasher") and StoreToken "hashed" exclude each other`))
		}
	default:
		errs = append(errs, fmt.Errorf(`OneTimeTokenOptions.StoreToken %q: want "plain", "hashed", or HashToken for a custom hasher`, o.StoreToken))
	}
	if o.ExpiresIn < 0 {
		errs = append(errs, fmt.Errorf("OneTimeTokenOptions.ExpiresIn %d is negative", o.ExpiresIn))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r := &oneTimeTokenRuntime{o: o, lifetime: 3 * time.Minute}
	if o.ExpiresIn > 0 {
		r.lifetime = time.Duration(o.ExpiresIn) * time.Minute
	}
	pr := &core.PluginRuntime{Endpoints: []core.Endpoint{
		{Method: http.MethodGet, Path: "/one-time-token/generate", Handler: r.generate},
		{Method: http.MethodPost, Path: "/one-time-token/verify", Handler: r.verify},
	}}
	if o.SetOttHeaderOnNewSession {
		pr.After = []core.AfterHook{{Handler: r.setOttHeader}}
	}
	return pr, nil
}

// stored is the token as the verification identifier holds it.
func (r *oneTimeTokenRuntime) stored(token string) (string, error) {
	if r.o.HashToken != nil {
		return r.o.HashToken(token)
	}
	if r.o.StoreToken == "hashed" {
		return sha256B64(token), nil
	}
	return token, nil
}

// issue creates a token for the session (generateToken in index.ts).
func (r *oneTimeTokenRuntime) issue(x *core.Context, s *core.SessionData) (string, error) {
	var token string
	var err error
	if r.o.GenerateToken != nil {
		token, err = r.o.GenerateToken(x, s)
	} else {
		token, err = randomString(32, alphaDefault)
	}
	if err != nil {
		return "", err
	}
	expiresAt := x.Now().Add(r.lifetime)
	id, err := r.stored(token)
	if err != nil {
		return "", err
	}
	if err := x.CreateVerification("one-time-token:"+id, s.Session.Token, expiresAt); err != nil {
		return "", err
	}
	return token, nil
}

// generate is GET /one-time-token/generate (sessionMiddleware).
func (r *oneTimeTokenRuntime) generate(x *core.Context) (json.RawMessage, error) {
	s, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	if r.o.DisableClientRequest {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "Client requests are disabled")
	}
	token, err := r.issue(x, s)
	if err != nil {
		return nil, err
	}
	return core.JSON(map[string]string{"token": token})
}

// verify is POST /one-time-token/verify: the token is consumed, its
// session answered as {session, user} and (unless
// DisableSetSessionCookie) made the caller's; an expired session is
// refused only after its cookie is set, as 1.7.5 does.
func (r *oneTimeTokenRuntime) verify(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	token := v.String("token")
	if err := v.Err(); err != nil {
		return nil, err
	}
	id, err := r.stored(token)
	if err != nil {
		return nil, err
	}
	row, err := x.ConsumeVerification("one-time-token:" + id)
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "Invalid token")
	}
	value, _ := row["value"].(string)
	session, user, err := x.SessionByToken(value)
	if err != nil {
		return nil, err
	}
	if session == nil {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "Session not found")
	}
	if !r.o.DisableSetSessionCookie {
		x.SetSessionCookieFor(session)
	}
	if exp, _ := session["expiresAt"].(time.Time); exp.Before(time.Now()) {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "Session expired")
	}
	return sessionJSON(x, session, user)
}

// setOttHeader is the after hook: a response that created a session
// carries a one-time token for it in set-ott.
func (r *oneTimeTokenRuntime) setOttHeader(x *core.Context, _ *core.Result) error {
	ns := x.NewSession()
	if ns == nil {
		return nil
	}
	token, _ := ns["token"].(string)
	session, user, err := x.SessionByToken(token)
	if err != nil || session == nil {
		return err
	}
	tok, err := r.issue(x, core.NewSessionData(session, user))
	if err != nil {
		return err
	}
	x.SetHeader("set-ott", tok)
	exposeHeader(x, "set-ott")
	return nil
}

// sessionJSON is {"session": …, "user": …} as Better Auth answers a
// session.
func sessionJSON(x *core.Context, session, user core.Record) (json.RawMessage, error) {
	s, err := x.Row("session", session)
	if err != nil {
		return nil, err
	}
	u, err := x.Row("user", user)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"session":` + string(s) + `,"user":` + string(u) + `}`), nil
}
