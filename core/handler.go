package core

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Handler returns the http.Handler that serves Better Auth's HTTP API
// under BasePath (default "/api/auth"): mount it there, e.g.
//
//	mux.Handle("/api/auth/", auth.Handler())
//
// It speaks Better Auth 1.7.5's wire protocol for email and password and
// sessions — sign-up/email, sign-in/email, sign-out, get-session,
// list-sessions, revoke-session, revoke-sessions, revoke-other-sessions,
// update-user, change-password, and, with the username plugin,
// sign-in/username and is-username-available — with the same JSON, status
// codes, error codes and cookies, so the official better-auth/client works
// against it and a TypeScript Better Auth server can share its database
// and secret.
//
// The handler opens the database on its first request (see Open). If that
// fails, every request gets an empty 500 and the error is logged once:
// call Open at start-up to refuse to start instead.
func (a *Auth) Handler() http.Handler { return &handler{a: a} }

type handler struct {
	a       *Auth
	logOnce sync.Once
}

// route is one endpoint.
type route struct {
	media []string // allowed body media types (POST)
	serve func(*call) ([]byte, error)
}

var routes = map[string]route{
	"POST /sign-up/email":         {[]string{mediaForm, mediaJSON}, (*call).signUpEmail},
	"POST /sign-in/email":         {[]string{mediaForm, mediaJSON}, (*call).signInEmail},
	"POST /sign-out":              {[]string{mediaJSON}, (*call).signOut},
	"GET /get-session":            {nil, (*call).getSession},
	"GET /list-sessions":          {nil, (*call).listSessions},
	"POST /revoke-session":        {[]string{mediaJSON}, (*call).revokeSession},
	"POST /revoke-sessions":       {[]string{mediaJSON}, (*call).revokeSessions},
	"POST /revoke-other-sessions": {[]string{mediaJSON}, (*call).revokeOtherSessions},
	"POST /update-user":           {[]string{mediaJSON}, (*call).updateUser},
	"POST /change-password":       {[]string{mediaJSON}, (*call).changePassword},
	"GET /ok":                     {nil, func(*call) ([]byte, error) { return []byte(`{"ok":true}`), nil }},
}

// call is one request being served.
type call struct {
	rt      *runtime
	r       *http.Request
	w       http.ResponseWriter
	body    any // the decoded body, or undefined
	cookies map[string]string
	jar     cookieJar
	header  http.Header // extra response headers
	now     time.Time
	// sess is the caller's session once resolved (sessDone; nil: none).
	sess     *sessionRows
	sessDone bool
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt, err := h.a.runtime(r.Context())
	if err != nil {
		h.logOnce.Do(func() { slogFor(h.a).Error("better-auth: cannot serve", "err", err) })
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, rt.basePath+"/") {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	p = strings.TrimPrefix(p, rt.basePath)
	if rt.rateLimited(w, r, p) {
		return
	}
	rte, ok := routes[r.Method+" "+p]
	if !ok && rt.username != nil {
		rte, ok = usernameRoutes[r.Method+" "+p]
	}
	if !ok {
		if r.Method == http.MethodPost && p == "/get-session" {
			noStore := http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}
			writeJSON(w, noStore, errGetSessionPost.status, errGetSessionPost.body())
			return
		}
		w.WriteHeader(http.StatusNotFound)
		return
	}
	c := &call{rt: rt, r: r, w: w, body: undefined, header: http.Header{}, now: time.Now().UTC().Truncate(time.Millisecond)}
	out, err := c.run(rte)
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			// An unexpected failure (the database, most likely): logged
			// without request data, answered as Better Auth does, with an
			// empty 500.
			rt.log.Error("better-auth: request failed", "path", p, "err", err)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		out = ae.body()
		c.jar.write(w.Header())
		writeJSON(w, c.header, ae.status, out)
		return
	}
	c.jar.write(w.Header())
	writeJSON(w, c.header, http.StatusOK, out)
}

func (c *call) run(rte route) ([]byte, error) {
	if c.r.Method == http.MethodPost {
		body, err := readBody(c.r, rte.media)
		if err != nil {
			return nil, err
		}
		c.body = body
		// The router-wide origin middleware: Rule A, then callbackURL.
		if err := c.rt.checkOrigin(c.r, false); err != nil {
			return nil, err
		}
		if err := c.rt.checkCallbackURL(c.r, c.body); err != nil {
			return nil, err
		}
	}
	return rte.serve(c)
}

func writeJSON(w http.ResponseWriter, extra http.Header, status int, body []byte) {
	h := w.Header()
	for k, v := range extra {
		h[k] = v
	}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func slogFor(a *Auth) *slog.Logger {
	if a.opts.Logger != nil {
		return a.opts.Logger
	}
	return slog.Default()
}

// cookie returns the raw (URI-decoded) value of a request cookie.
func (c *call) cookie(name string) string {
	if c.cookies == nil {
		c.cookies = parseCookies(c.r.Header.Values("Cookie"))
	}
	return c.cookies[name]
}

// signedCookie returns the verified value of a signed cookie.
func (c *call) signedCookie(name string) (string, bool) {
	v := c.cookie(name)
	if v == "" {
		return "", false
	}
	return unsign(c.rt.secret, v)
}

// setSessionCookie is Better Auth's setSessionCookie: the signed token
// (a browser-session cookie when the user is not remembered) and, then,
// the signed dont_remember marker. dontRemember nil means "as the
// request's dont_remember cookie says".
func (c *call) setSessionCookie(token string, dontRemember *bool) {
	dr := false
	if dontRemember != nil {
		dr = *dontRemember
	} else {
		_, dr = c.signedCookie(c.rt.names.dontRemember)
	}
	maxAge := int(c.rt.expiresIn / time.Second)
	if dr {
		maxAge = -1
	}
	n := c.rt.names.sessionToken
	c.jar.set(n, c.rt.attrs.header(n, encodeURIComponent(sign(c.rt.secret, token)), maxAge))
	if dr {
		n := c.rt.names.dontRemember
		c.jar.set(n, c.rt.attrs.header(n, c.rt.dontRemember, -1))
	}
}

// deleteSessionCookie expires session_token, session_data and
// dont_remember, in that order, as Better Auth always does together.
func (c *call) deleteSessionCookie() {
	for _, n := range []string{c.rt.names.sessionToken, c.rt.names.sessionData, c.rt.names.dontRemember} {
		c.jar.set(n, c.rt.attrs.header(n, "", 0))
	}
}
