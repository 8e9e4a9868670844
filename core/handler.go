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
// update-user, change-password — plus the endpoints and hooks of the
// configured plugins (see RuntimePlugin), with the same JSON, status
// codes, error codes and cookies, so the official better-auth/client works
// against it and a TypeScript Better Auth server can share its database
// and secret. With Options.SessionsOnly it serves only the session
// endpoints (get-session, list-sessions, the revoke endpoints, sign-out).
//
// The handler opens the database on its first request (see Open). If that
// fails — a plugin without a Go runtime, say — every request gets an empty
// 500 and the error is logged once: call Open at start-up to refuse to
// start instead.
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

// addRoutes adds an endpoint family's routes (each family registers its
// own from an init function in its file). A path served twice panics at
// start-up.
func addRoutes(family map[string]route) {
	for k, r := range family {
		if _, taken := routes[k]; taken {
			panic("core: route " + k + " registered twice")
		}
		routes[k] = r
	}
}

// paramRoute finds the route whose last path segment is a parameter
// ("GET /callback/:id", "GET /reset-password/:token") for a key whose last
// segment is one non-empty segment. Exact routes win over it.
func paramRoute(key string) (route, bool) {
	i := strings.LastIndexByte(key, '/')
	if i <= 0 || i == len(key)-1 {
		return route{}, false
	}
	for _, name := range []string{":id", ":token"} {
		if r, ok := routes[key[:i]+"/"+name]; ok {
			return r, true
		}
	}
	return route{}, false
}

// sessionRoutes are what Options.SessionsOnly serves: reading and
// revoking sessions, which no plugin's rule can make unsafe.
var sessionRoutes = map[string]bool{
	"POST /sign-out": true, "GET /get-session": true, "GET /list-sessions": true, "POST /revoke-session": true,
	"POST /revoke-sessions": true, "POST /revoke-other-sessions": true, "GET /ok": true,
}

// call is one request being served.
type call struct {
	rt      *runtime
	r       *http.Request
	w       http.ResponseWriter
	path    string // relative to the base path
	body    any    // the decoded body, or undefined
	cookies map[string]string
	jar     cookieJar
	header  http.Header // extra response headers
	now     time.Time
	// sess is the caller's session once resolved (sessDone; nil: none).
	sess     *sessionRows
	sessDone bool
	// tx is the store bound to the request's transaction, if one is open.
	tx *store
	// newSession is the session row this request created.
	newSession record
	// afterCommit are database after hooks waiting for tx's commit.
	afterCommit []func() error
	// oauthServer is what before hooks attach to an OAuth flow this
	// request starts (addOAuthServerContext); oauthParsed is the state
	// of the callback this request serves (plugin_signin.go).
	oauthServer []serverContextEntry
	oauthParsed *oauthState
}

// store returns the store the request writes through: its transaction's
// when one is open.
func (c *call) store() *store {
	if c.tx != nil {
		return c.tx
	}
	return c.rt.st
}

// lookup finds the route for "METHOD /path".
func (rt *runtime) lookup(key string) (route, bool) {
	if rt.opts.SessionsOnly && !sessionRoutes[key] {
		return route{}, false
	}
	if r, ok := routes[key]; ok {
		return r, true
	}
	if r, ok := rt.plugins.routes[key]; ok {
		return r, true
	}
	return paramRoute(key)
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
	c := &call{rt: rt, r: r, w: w, path: p, body: undefined, header: http.Header{}, now: time.Now().UTC().Truncate(time.Millisecond)}
	for _, f := range rt.plugins.onRequest {
		if out, err := f(&Context{c}); err != nil || out != nil {
			c.answer(out, err)
			return
		}
	}
	if rt.rateLimited(w, r, p) {
		return
	}
	rte, ok := rt.lookup(r.Method + " " + p)
	if !ok {
		if r.Method == http.MethodPost && p == "/get-session" {
			noStore := http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}
			writeJSON(w, noStore, errGetSessionPost.Status, errGetSessionPost.body())
			return
		}
		w.WriteHeader(http.StatusNotFound)
		return
	}
	c.answer(c.run(rte))
}

// answer writes an endpoint's result: its JSON with 200, an *APIError's
// JSON with its status, or, for any other error (the database, most
// likely), an empty 500, as Better Auth does, logged without request
// data.
func (c *call) answer(out []byte, err error) {
	w := c.w
	if c.asRedirect(err) {
		return
	}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			c.rt.log.Error("better-auth: request failed", "path", c.path, "err", redactDBError(err))
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		c.jar.write(w.Header())
		writeJSON(w, c.header, ae.Status, ae.body())
		return
	}
	c.jar.write(w.Header())
	writeJSON(w, c.header, http.StatusOK, out)
}

// run reads the body, runs the router-wide origin checks, the plugins'
// before hooks, the endpoint and the after hooks, as Better Auth's
// toAuthEndpoints does.
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
	x := &Context{c}
	for _, h := range c.rt.plugins.before {
		if h.Match != nil && !h.Match(x) {
			continue
		}
		out, err := h.Handler(x)
		if err != nil || out != nil {
			return out, err
		}
	}
	out, err := rte.serve(c)
	if len(c.rt.plugins.after) == 0 {
		return out, err
	}
	res := &Result{Body: out}
	// A redirect is a result after hooks see (better-call's ctx.redirect
	// throws an APIError they run on).
	var rd *redirectError
	if err != nil && !errors.As(err, &res.Err) {
		if !errors.As(err, &rd) {
			return nil, err // a 500 is not a result hooks can change
		}
		res.Redirect = rd.url
	}
	for _, h := range c.rt.plugins.after {
		if h.Match != nil && !h.Match(x) {
			continue
		}
		if err := h.Handler(x, res); err != nil {
			return nil, err
		}
	}
	if res.Err != nil {
		return nil, res.Err
	}
	if rd != nil && res.Body == nil {
		return nil, err
	}
	return res.Body, nil
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
// (a browser-session cookie when the user is not remembered), then the
// signed dont_remember marker, then, with the cookie cache, session_data
// holding the session and its user (read again for the purpose).
// dontRemember nil means "as the request's dont_remember cookie says".
func (c *call) setSessionCookie(token string, dontRemember *bool) {
	dr := c.setSessionTokenCookie(token, dontRemember)
	if c.rt.cache().enabled {
		c.setCookieCache(c.cookieCacheRows(token), dr)
	}
	c.noteNewSession(token, nil)
}

// setSessionCookieRows is setSessionCookie with the rows to cache at hand.
func (c *call) setSessionCookieRows(s *sessionRows, dontRemember bool) {
	c.setSessionTokenCookie(s.token(), &dontRemember)
	c.setCookieCache(s, dontRemember)
	c.noteNewSession(s.token(), s.session)
}

func (c *call) setSessionTokenCookie(token string, dontRemember *bool) bool {
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
	return dr
}

// deleteSessionCookie is Better Auth's deleteSessionCookie: session_token
// and session_data expired, then every session_data cookie or chunk the
// request sent, then dont_remember.
func (c *call) deleteSessionCookie() {
	n := c.rt.names.sessionToken
	c.jar.set(n, c.rt.attrs.header(n, "", 0))
	c.expireCookie(c.rt.names.sessionData)
	c.cleanCookieCache()
	n = c.rt.names.dontRemember
	c.jar.set(n, c.rt.attrs.header(n, "", 0))
}
