package core

import (
	"context"
	"net/http"
	"time"
)

// sessionRows is a session row and its user's row.
type sessionRows struct {
	session, user record
}

func (s *sessionRows) expiresAt() time.Time { t, _ := s.session["expiresAt"].(time.Time); return t }
func (s *sessionRows) createdAt() time.Time { t, _ := s.session["createdAt"].(time.Time); return t }
func (s *sessionRows) token() string        { t, _ := s.session["token"].(string); return t }
func (s *sessionRows) userID() string       { return s.user["id"].(string) }

// resolveSession is get-session's logic, shared by the session-protected
// endpoints (Better Auth's getSessionFromCtx): it reads the signed cookie,
// loads the session and its user, expires the cookies of a revoked or
// expired session (deleting an expired row), and refreshes a session past
// its update age. It returns nil when there is no valid session.
func (c *call) resolveSession(disableRefresh bool) (*sessionRows, error) {
	if c.cookie(c.rt.names.sessionData) != "" {
		// The cookie cache is off: a stale cache cookie is cleared.
		n := c.rt.names.sessionData
		c.jar.set(n, c.rt.attrs.header(n, "", 0))
	}
	token, ok := c.signedCookie(c.rt.names.sessionToken)
	if !ok {
		return nil, nil
	}
	_, dontRemember := c.signedCookie(c.rt.names.dontRemember)
	ctx := c.r.Context()
	session, user, err := c.rt.st.sessionAndUser(ctx, token)
	if err != nil {
		return nil, err
	}
	s := &sessionRows{session, user}
	if session == nil || s.expiresAt().Before(c.now) {
		c.deleteSessionCookie()
		if session != nil {
			if err := c.deleteRows(c.rt.st.session, cond{"token", token}); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}
	if dontRemember || disableRefresh || c.rt.opts.Session.DisableSessionRefresh {
		return s, nil
	}
	if !s.expiresAt().Add(-c.rt.expiresIn).Add(c.rt.updateAge).After(c.now) {
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
		no := false
		c.setSessionCookie(token, &no)
	}
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
	if err != nil {
		return nil, err
	}
	c.sess, c.sessDone = s, true
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
// expired. It is for Go handlers behind the auth handler: it only reads
// (refreshing and cookie changes are left to GET /get-session, which the
// client calls).
func (a *Auth) GetSession(ctx context.Context, h http.Header) (*SessionData, error) {
	rt, err := a.runtime(ctx)
	if err != nil {
		return nil, err
	}
	raw := parseCookies(h.Values("Cookie"))[rt.names.sessionToken]
	token, ok := unsign(rt.secret, raw)
	if !ok {
		return nil, nil
	}
	session, user, err := rt.st.sessionAndUser(ctx, token)
	if err != nil || session == nil {
		return nil, err
	}
	s := &sessionRows{session, user}
	if s.expiresAt().Before(time.Now()) {
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
