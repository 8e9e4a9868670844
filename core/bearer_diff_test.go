package core_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// bearerStep is one request of a bearer differential run: it carries no
// cookies, only the Authorization header auth builds from the server's
// own last set-auth-token (signed) and session token (bare).
type bearerStep struct {
	method, path string
	body         any
	auth         func(signed, bare string) string
}

var normAuthToken = regexp.MustCompile(`(?m)^set-auth-token: [A-Za-z0-9]{32}\.[A-Za-z0-9+/]{43}=$`)

// bearerServer is one server's client and the tokens it handed out.
type bearerServer struct {
	c            *client
	signed, bare string
}

func (s *bearerServer) do(st bearerStep) string {
	s.c.jar, s.c.order = map[string]string{}, nil
	h := []string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}
	if st.auth != nil {
		h = append(h, "Authorization", st.auth(s.signed, s.bare))
	}
	out := s.c.do(st.method, st.path, st.body, h...)
	var b strings.Builder
	b.WriteString(normalize(s.c))
	for _, name := range []string{"set-auth-token", "Access-Control-Expose-Headers"} {
		if v := s.c.header.Get(name); v != "" {
			b.WriteString("\n" + name + ": " + v)
		}
	}
	if v := s.c.header.Get("set-auth-token"); v != "" {
		s.signed = v
	}
	if m, ok := out.(map[string]any); ok {
		if tok, ok := m["token"].(string); ok {
			s.bare = tok
		}
	}
	return normAuthToken.ReplaceAllString(b.String(), "set-auth-token: <token>.<sig>")
}

func runBearerDifferential(t *testing.T, o core.Options, env []string, steps []bearerStep) {
	t.Helper()
	dir, node := npmWire(t)
	goDB, tsDB := wireSQLite(t, o, "go"), wireSQLite(t, o, "ts")
	o.Secret, o.Database = testSecret, core.SQLite(goDB)
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	g := &bearerServer{c: startServer(t, a)}
	ts := &client{t: t, base: startTS(t, dir, node, tsDB, env...) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	w := &bearerServer{c: ts}
	for i, s := range steps {
		gs, ws := g.do(s), w.do(s)
		if testing.Verbose() {
			t.Logf("step %d: %s %s\n%s", i, s.method, s.path, gs)
		}
		if gs != ws {
			t.Errorf("step %d: %s %s %v\n--- go\n%s\n--- typescript\n%s", i, s.method, s.path, s.body, gs, ws)
		}
	}
}

func bearerAuth(f func(signed, bare string) string) func(string, string) string { return f }

var (
	bearerSigned = bearerAuth(func(s, _ string) string { return "Bearer " + s })
	bearerBare   = bearerAuth(func(_, b string) string { return "Bearer " + b })
)

// bearerSteps exercise the token forms 1.7.5's bearer hook reads.
func bearerSteps() []bearerStep {
	lit := func(v string) func(string, string) string { return func(string, string) string { return v } }
	return []bearerStep{
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-up/email", map[string]any{"name": "B", "email": "b@example.com", "password": password}, nil},
		{"GET", "/get-session", nil, bearerSigned},
		{"GET", "/get-session", nil, bearerBare},
		{"GET", "/get-session", nil, func(s, _ string) string { return "bEaReR   " + s + " \t" }},
		{"GET", "/get-session", nil, func(s, _ string) string { return "Bearer " + url.QueryEscape(s) }},
		{"GET", "/get-session", nil, func(s, _ string) string { return "Bearer " + strings.Replace(s, ".", "%2E", 1) + "%zz" }},
		{"GET", "/get-session", nil, func(s, _ string) string { return "Bearer " + forgeSignature(s) }},
		{"GET", "/get-session", nil, func(s, _ string) string { return "Bearer " + s + ".extra" }},
		{"GET", "/get-session", nil, func(s, _ string) string {
			tok, sig, _ := strings.Cut(s, ".")
			return "Bearer " + tok + "." + strings.NewReplacer("+", "-", "/", "_").Replace(strings.TrimSuffix(sig, "="))
		}},
		{"GET", "/get-session", nil, func(_, b string) string { return "Bearer " + b + "x" }},
		{"GET", "/get-session", nil, func(s, _ string) string { return "Basic " + s }},
		{"GET", "/get-session", nil, lit("Bearer ")},
		{"GET", "/get-session", nil, lit("Bearer")},
		{"GET", "/get-session", nil, lit("Bearer a.b.c")},
		{"GET", "/get-session", nil, lit("Bearer no-dot-here")},
		{"POST", "/sign-in/email", map[string]any{"email": "b@example.com", "password": password}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": "b@example.com", "password": "wrong password"}, nil},
		{"GET", "/list-sessions", nil, bearerSigned},
		{"GET", "/list-sessions", nil, nil},
		{"POST", "/update-user", map[string]any{"name": "Renamed"}, bearerBare},
		{"GET", "/get-session", nil, bearerSigned},
		{"POST", "/sign-out", map[string]any{}, bearerSigned},
		{"GET", "/get-session", nil, bearerSigned},
		{"GET", "/get-session", nil, bearerBare},
	}
}

// TestDifferentialBearer compares the bearer plugin with Better Auth
// 1.7.5's bearer(): which Authorization headers stand for the session,
// and the set-auth-token and Access-Control-Expose-Headers headers.
func TestDifferentialBearer(t *testing.T) {
	o := enabled(core.Options{Plugins: []core.Plugin{plugins.Bearer()}})
	runBearerDifferential(t, o, []string{"BEARER_PLUGIN={}"}, bearerSteps())
}

// TestDifferentialBearerRequireSignature: with requireSignature only the
// signed token works.
func TestDifferentialBearerRequireSignature(t *testing.T) {
	o := enabled(core.Options{Plugins: []core.Plugin{plugins.Bearer(plugins.BearerOptions{RequireSignature: true})}})
	runBearerDifferential(t, o, []string{`BEARER_PLUGIN={"requireSignature":true}`}, bearerSteps())
}

// TestSharedDatabaseBearer: on one database, a bearer token either server
// issued works on the other, and Go's GetSession and Middleware accept it.
func TestSharedDatabaseBearer(t *testing.T) {
	dir, node := npmWire(t)
	path, db := sharedSQLite(t)
	a := core.New(enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		Plugins: []core.Plugin{plugins.Bearer()}}))
	createTables(t, db, core.DialectSQLite, a)
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, path, "BEARER_PLUGIN={}") + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")

	goc.do("POST", "/sign-up/email", map[string]any{"name": "G", "email": "go@example.com", "password": password})
	goc.expect(200, "*")
	goTok := goc.header.Get("set-auth-token")
	ts.do("POST", "/sign-up/email", map[string]any{"name": "T", "email": "ts@example.com", "password": password})
	ts.expect(200, "*")
	tsTok := ts.header.Get("set-auth-token")
	if goTok == "" || tsTok == "" {
		t.Fatalf("set-auth-token: go %q, ts %q", goTok, tsTok)
	}
	for _, c := range []struct {
		c          *client
		tok, email string
	}{{ts, goTok, "go@example.com"}, {goc, tsTok, "ts@example.com"}, {ts, strings.Split(goTok, ".")[0], "go@example.com"}, {goc, strings.Split(tsTok, ".")[0], "ts@example.com"}} {
		cl := c.c.clone()
		got := obj(cl.do("GET", "/get-session", nil, "Authorization", "Bearer "+c.tok))
		if u, _ := got["user"].(map[string]any); u == nil || u["email"] != c.email {
			t.Errorf("%s get-session with %q = %s", cl.base, c.tok, cl.raw)
		}
	}
	// The origin check looks at the request's own cookies, before the
	// bearer hook: a bearer POST without Origin passes on both.
	for _, c := range []*client{goc, ts} {
		cl := c.clone()
		cl.do("POST", "/update-user", map[string]any{"name": "No Origin"}, "Origin", "", "Authorization", "Bearer "+tsTok)
		cl.expect(200, `{"status":true}`)
	}
	// GetSession and Middleware read the bearer token too.
	for _, tok := range []string{tsTok, strings.Split(tsTok, ".")[0]} {
		s, err := a.GetSession(context.Background(), http.Header{"Authorization": {"Bearer " + tok}})
		if err != nil || s == nil || s.User.Email != "ts@example.com" {
			t.Errorf("GetSession(Bearer %s) = %+v, %v", tok, s, err)
		}
	}
	s, err := a.GetSession(context.Background(), http.Header{"Authorization": {"Bearer " + forgeSignature(tsTok)}})
	if err != nil || s != nil {
		t.Errorf("GetSession(forged) = %+v, %v", s, err)
	}
	var seen string
	h := a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s := core.SessionFrom(r.Context()); s != nil {
			seen = s.User.Email
		}
	}))
	r, _ := http.NewRequest("GET", "/app", nil)
	r.Header.Set("Authorization", "Bearer "+goTok)
	h.ServeHTTP(nopWriter{}, r)
	if seen != "go@example.com" {
		t.Errorf("Middleware saw %q", seen)
	}
	// Signed out on TypeScript, the token stops working on Go.
	ts.clone().do("POST", "/sign-out", map[string]any{}, "Authorization", "Bearer "+goTok)
	if got := goc.clone().do("GET", "/get-session", nil, "Authorization", "Bearer "+goTok); got != nil {
		t.Errorf("after sign-out: %v", got)
	}
}

type nopWriter struct{}

func (nopWriter) Header() http.Header         { return http.Header{} }
func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (nopWriter) WriteHeader(int)             {}

// forgeSignature changes one character of a signed token's signature (the
// third from the end, which carries six bits of the HMAC: a change there
// always changes the decoded signature, where the one before "=" carries
// padding bits a lenient decoder ignores).
func forgeSignature(s string) string {
	i := len(s) - 3
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}
