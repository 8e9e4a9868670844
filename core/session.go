package core

import (
	"context"
	"net/http"
	"time"
)

// sessionRows is a session row and its user's row.
type sessionRows struct {
	session, user record
	// cachedJSON is get-session's answer when the session came from the
	// cookie cache (session_data), in the order Better Auth writes it.
	cachedJSON []byte
}

func (s *sessionRows) expiresAt() time.Time { t, _ := s.session["expiresAt"].(time.Time); return t }
func (s *sessionRows) createdAt() time.Time { t, _ := s.session["createdAt"].(time.Time); return t }
func (s *sessionRows) token() string        { t, _ := s.session["token"].(string); return t }
func (s *sessionRows) userID() string       { t, _ := s.user["id"].(string); return t }

// resolveSession is get-session's logic, shared by the session-protected
// endpoints (Better Auth's getSessionFromCtx), with the request's
// disableCookieCache.
func (c *call) resolveSession(disableRefresh bool) (*sessionRows, error) {
	return c.resolveSessionCache(disableRefresh, c.queryBool("disableCookieCache"))
}

// resolveSessionCache is 1.7.5's get-session: it reads the signed cookie;
// with the cookie cache, a valid session_data cookie for that token
// answers without a database read (an invalid or stale one is expired);
// otherwise it loads the session and its user, expires the cookies of a
// revoked or expired session (deleting an expired row), refreshes a
// session past its update age, and caches the session in session_data.
// It returns nil when there is no valid session.
func (c *call) resolveSessionCache(disableRefresh, disableCache bool) (*sessionRows, error) {
	cc := c.rt.cache()
	token, ok := c.signedCookie(c.rt.names.sessionToken)
	if !ok && cc.enabled {
		return nil, nil
	}
	dataName := c.rt.names.sessionData
	data := chunkedCookie(c.r.Header.Values("Cookie"), dataName)
	if data != "" && !cc.enabled {
		c.cleanCookieCache() // the cookie cache is off: stale cache cookies are cleared
	}
	if !ok {
		return nil, nil
	}
	if cc.enabled && !disableCache && data != "" {
		d, err := c.rt.decodeCookieCache(data, c.now)
		if err != nil {
			return nil, err
		}
		var cs *cachedSession
		if d != nil {
			cs = parseCachePayload(d, c.now)
		}
		if cs != nil && cs.usable(token, cc.version, c.now) {
			return cs.rows(c.rt.st), nil
		}
		c.expireCookie(dataName)
	}
	_, dontRemember := c.signedCookie(c.rt.names.dontRemember)
	ctx := c.r.Context()
	session, user, err := c.rt.sessionAndUser(ctx, c.rt.st, token)
	if err != nil {
		return nil, err
	}
	s := &sessionRows{session: session, user: user}
	if session == nil || s.expiresAt().Before(c.now) {
		c.deleteSessionCookie()
		if session != nil {
			if err := c.deleteRows(c.rt.st.session, cond{"token", token}); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}
	if dontRemember || disableRefresh {
		return s, nil
	}
	if !c.rt.opts.Session.DisableSessionRefresh && !s.expiresAt().Add(-c.rt.expiresIn).Add(c.rt.updateAge).After(c.now) {
		set := record{"expiresAt": c.now.Add(c.rt.expiresIn), "updatedAt": c.now}
		n, err := c.updateRows(c.rt.st.session, set, cond{"token", token})
		if err != nil {
			return nil, err
		}
		if n == 0 { // revoked concurrently
			c.deleteSessionCookie()
			return nil, errCode(401, "FAILED_TO_GET_SESSION", "Failed to get session")
		}
		for k, v := range set {
			session[k] = v
		}
		c.setSessionCookieRows(s, false)
		return s, nil
	}
	c.setCookieCache(s, false)
	return s, nil
}

// requireSession is Better Auth's sessionMiddleware: 401 without a valid
// session (with any cookie changes the lookup made).
func (c *call) requireSession() (*sessionRows, error) {
	s, err := c.session()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errUnauthorized
	}
	return s, nil
}

// session resolves the caller's session once per request, as Better
// Auth's getSessionFromCtx caches it in the context: a plugin hook and
// the endpoint's session middleware see the same session, and a refresh
// happens once.
func (c *call) session() (*sessionRows, error) {
	if c.sessDone {
		return c.sess, nil
	}
	s, err := c.resolveSession(c.queryBool("disableRefresh"))
	if err == errCacheUnreadable {
		s, err = nil, nil // getSessionFromCtx: a throwing get-session is no session
	}
	if err != nil {
		return nil, err
	}
	c.sess, c.sessDone = s, true
	return s, nil
}

// requireAuthoritativeSession is requireSession for the sensitive endpoints
// (Better Auth's sensitiveSessionMiddleware): the session is read again
// from the database, never from the cookie cache.
func (c *call) requireAuthoritativeSession() (*sessionRows, error) {
	s, err := c.resolveSessionCache(c.queryBool("disableRefresh"), true)
	if err != nil {
		return nil, err
	}
	c.sess, c.sessDone = s, true
	if s == nil {
		return nil, errUnauthorized
	}
	return s, nil
}

// queryBool is z.coerce.boolean on a query parameter: any non-empty
// value, even "false", is true.
func (c *call) queryBool(name string) bool { return c.r.URL.Query().Get(name) != "" }

// User is a row of the user table. Fields holds every column by logical
// field name, additional and plugin fields included (dates as time.Time,
// numbers as int64 or float64, JSON as json.RawMessage).
type User struct {
	ID            string
	Name          string
	Email         string
	EmailVerified bool
	Image         string // "" when NULL
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Fields        map[string]any
}

// Session is a row of the session table.
type Session struct {
	ID        string
	Token     string
	UserID    string
	ExpiresAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
	IPAddress string
	UserAgent string
	Fields    map[string]any
}

// SessionData is a signed-in session and its user, what get-session
// returns.
type SessionData struct {
	Session Session
	User    User
}

func str(r record, k string) string { s, _ := r[k].(string); return s }
func tm(r record, k string) time.Time {
	t, _ := r[k].(time.Time)
	return t
}

func newSessionData(s *sessionRows) *SessionData {
	b, _ := s.user["emailVerified"].(bool)
	return &SessionData{
		Session: Session{
			ID: str(s.session, "id"), Token: str(s.session, "token"), UserID: str(s.session, "userId"),
			ExpiresAt: tm(s.session, "expiresAt"), CreatedAt: tm(s.session, "createdAt"), UpdatedAt: tm(s.session, "updatedAt"),
			IPAddress: str(s.session, "ipAddress"), UserAgent: str(s.session, "userAgent"), Fields: s.session,
		},
		User: User{
			ID: str(s.user, "id"), Name: str(s.user, "name"), Email: str(s.user, "email"), EmailVerified: b,
			Image: str(s.user, "image"), CreatedAt: tm(s.user, "createdAt"), UpdatedAt: tm(s.user, "updatedAt"),
			Fields: s.user,
		},
	}
}

// GetSession returns the session that the session cookie in h belongs to,
// or nil (and no error) when there is none, it is forged or it has
// expired. A plugin may supply the session cookie from elsewhere in h
// (PluginRuntime.SessionCookie: the bearer plugin's Authorization
// header). It is for Go handlers behind the auth handler: it only reads
// (refreshing and cookie changes are left to GET /get-session, which the
// client calls).
//
// With Session.CookieCache it honours the cache as Better Auth 1.7.5's
// auth.api.getSession does: a valid session_data cookie for the same
// token (signature, version, expiry) is the answer, without a database
// read, so a session revoked in the database is still returned until the
// cache expires (MaxAge). Where 1.7.5 would fail on an unreadable compact
// cookie, GetSession reads the database instead.
func (a *Auth) GetSession(ctx context.Context, h http.Header) (*SessionData, error) {
	rt, err := a.runtime(ctx)
	if err != nil {
		return nil, err
	}
	cookies := h.Values("Cookie")
	raw := rt.plugins.sessionCookieValue(h, rt.names.sessionToken)
	token, ok := unsign(rt.secret, raw)
	if !ok {
		return nil, nil
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	if s := rt.cachedFromHeader(cookies, token, now); s != nil {
		return newSessionData(s), nil
	}
	session, user, err := rt.sessionAndUser(ctx, rt.st, token)
	if err != nil || session == nil {
		return nil, err
	}
	s := &sessionRows{session: session, user: user}
	if s.expiresAt().Before(now) {
		return nil, nil
	}
	return newSessionData(s), nil
}

type sessionKey struct{}

// SessionFrom returns the session Middleware stored in ctx, or nil.
func SessionFrom(ctx context.Context) *SessionData {
	s, _ := ctx.Value(sessionKey{}).(*SessionData)
	return s
}

// Middleware looks up the request's session and stores it in the request
// context for SessionFrom; requests without one pass through with none.
// A database failure is answered with an empty 500.
func (a *Auth) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := a.GetSession(r.Context(), r.Header)
		if err == errSecondaryUnavailable { // logged where it failed
			writeSecondaryUnavailable(w)
			return
		}
		if err != nil {
			slogFor(a).Error("better-auth: session lookup failed", "err", err)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		if s != nil {
			r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, s))
		}
		next.ServeHTTP(w, r)
	})
}

// RequireSession is Middleware that answers 401
// {"message":"Unauthorized","code":"UNAUTHORIZED"} without a session.
func (a *Auth) RequireSession(next http.Handler) http.Handler {
	return a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if SessionFrom(r.Context()) == nil {
			writeJSON(w, nil, errUnauthorized.Status, errUnauthorized.body())
			return
		}
		next.ServeHTTP(w, r)
	}))
}
