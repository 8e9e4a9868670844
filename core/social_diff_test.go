package core_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/social"
)

// browser is a browser that does not follow redirects: it keeps the auth
// server's cookies and sends them, and Origin, to it alone.
type browser struct {
	t      *testing.T
	origin string // the auth server's origin
	// app is the Origin the browser sends (default origin).
	app   string
	base  string // origin + /api/auth
	jar   map[string]string
	order []string
	// The last response.
	status     int
	header     http.Header
	raw        []byte
	setCookies []string
	log        []string
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func newBrowser(t *testing.T, origin string) *browser {
	return &browser{t: t, origin: origin, base: origin + "/api/auth", jar: map[string]string{}}
}

// do requests u (a path under the base path, or an absolute URL) and
// returns the decoded JSON body, if any.
func (b *browser) do(method, u string, body any) any {
	b.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = b.base + u
	}
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	own := strings.HasPrefix(u, b.origin+"/")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if own {
		app := b.app
		if app == "" {
			app = b.origin
		}
		req.Header.Set("Origin", app)
		req.Header.Set("X-Forwarded-For", "203.0.113.7")
		var parts []string
		for _, n := range b.order {
			if v, ok := b.jar[n]; ok {
				parts = append(parts, n+"="+v)
			}
		}
		if len(parts) > 0 {
			req.Header.Set("Cookie", strings.Join(parts, "; "))
		}
	}
	res, err := noFollow.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	b.raw, _ = io.ReadAll(res.Body)
	b.status, b.header, b.setCookies = res.StatusCode, res.Header, res.Header.Values("Set-Cookie")
	if own {
		for _, sc := range b.setCookies {
			pair, attrs, _ := strings.Cut(sc, ";")
			name, value, _ := strings.Cut(pair, "=")
			if value == "" || strings.Contains(strings.ToLower(attrs), "max-age=0") {
				delete(b.jar, name)
				continue
			}
			if _, ok := b.jar[name]; !ok {
				b.order = append(b.order, name)
			}
			b.jar[name] = value
		}
	}
	var out any
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && len(b.raw) > 0 {
		if err := json.Unmarshal(b.raw, &out); err != nil {
			b.t.Fatalf("%s %s: bad JSON %q", method, u, b.raw)
		}
	}
	return out
}

var (
	socialState       = regexp.MustCompile(`state=([A-Za-z0-9_-]{32})`)
	socialChallenge   = regexp.MustCompile(`code_challenge=[A-Za-z0-9_-]{43}`)
	socialOPTokens    = regexp.MustCompile(`\b(at|rt|code)_[0-9a-f]{32}\b`)
	socialJWT         = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
	socialID          = regexp.MustCompile(`\b[A-Za-z0-9]{32}\b`)
	socialSig         = regexp.MustCompile(`(<state>|<id>)(\.|%2E)[A-Za-z0-9%]+`)
	socialCookieValue = regexp.MustCompile(`^([^=]+)=[^;]+`)
	socialSealed      = regexp.MustCompile(`\b[0-9a-f]{90,}\b`)
	socialDate        = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`)
)

// norm is the last response with the server's own values replaced by
// placeholders: its origin, the OAuth state, the PKCE challenge, the
// provider's tokens, ids and session tokens, signatures and dates.
func (b *browser) norm() string {
	var s strings.Builder
	fmt.Fprintf(&s, "%d %s", b.status, b.header.Get("Content-Type"))
	if v := b.header.Get("Location"); v != "" {
		fmt.Fprintf(&s, "\nLocation: %s", v)
	}
	for _, sc := range b.setCookies {
		// Values are compared by the cross-server tests (each server
		// reads the other's cookies); here, names and attributes.
		s.WriteString("\nSet-Cookie: " + socialCookieValue.ReplaceAllString(sc, "$1=<value>"))
	}
	s.WriteString("\n" + string(b.raw))
	out := s.String()
	for _, m := range socialState.FindAllStringSubmatch(out, -1) {
		out = strings.ReplaceAll(out, m[1], "<state>")
	}
	out = strings.ReplaceAll(out, b.origin, "<origin>")
	out = strings.ReplaceAll(out, url.QueryEscape(b.origin), "<origin>")
	out = socialChallenge.ReplaceAllString(out, "code_challenge=<challenge>")
	out = socialOPTokens.ReplaceAllString(out, "<$1>")
	out = socialJWT.ReplaceAllString(out, "<jwt>")
	out = socialSealed.ReplaceAllString(out, "<sealed>")
	out = socialID.ReplaceAllString(out, "<id>")
	out = socialSig.ReplaceAllString(out, "$1.<sig>")
	return socialDate.ReplaceAllString(out, "<date>")
}

// rows are the user and account rows of email, and the verification
// rows left, with their dynamic values replaced (SQLite).
func socialRows(t *testing.T, db *sql.DB, email string) string {
	t.Helper()
	return socialRowsOn(t, core.DialectSQLite, db, email)
}

// socialRowsOn is socialRows on a database of the dialect (dates read as
// times are printed as the ISO strings SQLite holds, booleans as 0/1).
func socialRowsOn(t *testing.T, dialect string, db *sql.DB, email string) string {
	t.Helper()
	var out []string
	q := func(query string, args ...any) {
		rows, err := db.Query(portableSQL(dialect, query), args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var line []string
			for i, c := range cols {
				v := vals[i]
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				if tm, ok := v.(time.Time); ok {
					v = tm.UTC().Format("2006-01-02T15:04:05.000Z")
				}
				if bv, ok := v.(bool); ok { // PostgreSQL's booleans as 0/1
					v = map[bool]int{false: 0, true: 1}[bv]
				}
				line = append(line, fmt.Sprintf("%s=%v", c, v))
			}
			out = append(out, strings.Join(line, " "))
		}
	}
	// The names are quoted for PostgreSQL and MariaDB (portableSQL); SQLite
	// labels the columns as written.
	q(`SELECT name, email, "emailVerified", image FROM "user" WHERE email = ?`, email)
	q(`SELECT a."providerId", a."accountId", a."accessToken", a."refreshToken", a."idToken" IS NOT NULL AS "a.idToken IS NOT NULL",
		a."accessTokenExpiresAt" IS NOT NULL AS "a.accessTokenExpiresAt IS NOT NULL", a."refreshTokenExpiresAt", a.scope, a.password,
		a."createdAt" <= a."updatedAt" AS "a.createdAt <= a.updatedAt" FROM account a JOIN "user" u ON u.id = a."userId" WHERE u.email = ? ORDER BY a."providerId"`, email)
	q(`SELECT count(*) AS verifications FROM verification`)
	s := strings.Join(out, "\n")
	s = socialOPTokens.ReplaceAllString(s, "<$1>")
	s = socialSealed.ReplaceAllString(s, "<sealed>")
	s = socialID.ReplaceAllString(s, "<id>")
	return socialDate.ReplaceAllString(s, "<date>")
}

// socialServers starts the Go handler and the TypeScript server, each on
// its own SQLite database, both with GitLab pointed at op (opts adds
// Options to the Go side, tsOpts the same as JSON to the TypeScript side).
func socialServers(t *testing.T, op *testOP, o core.Options, tsOpts map[string]any) (goB, tsB *browser, goDB, tsDB *sql.DB) {
	t.Helper()
	return socialServersOn(t, core.DialectSQLite, op, o, tsOpts)
}

// socialServersOn is socialServers on fresh databases of the dialect.
func socialServersOn(t *testing.T, dialect string, op *testOP, o core.Options, tsOpts map[string]any) (goB, tsB *browser, goDB, tsDB *sql.DB) {
	t.Helper()
	dir, node := npmWire(t)
	goW, tsW := newWireDB(t, dialect, core.Options{}, "go"), newWireDB(t, dialect, core.Options{}, "ts")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	o.BaseURL, o.Secret, o.Database = origin, testSecret, goW.database()
	o.EmailAndPassword = core.EmailAndPassword{Enabled: true}
	o.SocialProviders = append(o.SocialProviders, social.GitLab(social.GitLabOptions{
		Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}, Issuer: op.issuer}))
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	if err := a.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)
	opts := map[string]any{"socialProviders": map[string]any{"gitlab": map[string]any{
		"clientId": op.clientID, "clientSecret": op.secret, "issuer": op.issuer}}}
	for k, v := range tsOpts {
		opts[k] = v
	}
	raw, _ := json.Marshal(opts)
	tsBase := startTS(t, dir, node, tsW.url, "OPTIONS="+string(raw))
	return newBrowser(t, origin), newBrowser(t, tsBase), goW.db, tsW.db
}

// socialStep runs one step on both browsers and compares them.
type socialStep struct {
	name string
	run  func(b *browser)
}

func compareSocial(t *testing.T, goB, tsB *browser, steps []socialStep) {
	t.Helper()
	for _, s := range steps {
		s.run(goB)
		g := goB.norm()
		s.run(tsB)
		w := tsB.norm()
		if testing.Verbose() {
			t.Logf("%s:\n%s", s.name, g)
		}
		if g != w {
			t.Errorf("%s\n--- go\n%s\n--- typescript\n%s", s.name, g, w)
		}
	}
}

// followToCallback takes the authorization URL of the last answer to the
// provider and returns the callback URL it redirects to.
func (b *browser) followToProvider(authURL string) string {
	b.t.Helper()
	b.do("GET", authURL, nil)
	if b.status != http.StatusFound {
		b.t.Fatalf("provider answered %d %s", b.status, b.raw)
	}
	return b.header.Get("Location")
}

func jsonKey(v any, k string) string {
	s, _ := obj(v)[k].(string)
	return s
}

// TestDifferentialSocialSignIn drives sign-in/social → provider →
// callback → get-session, a second sign-in, get-access-token,
// refresh-token, account-info and the error redirects through the Go
// handler and Better Auth 1.7.5, with the same loopback OpenID provider
// behind their GitLab providers, and compares every answer (status,
// Location, Set-Cookie, JSON) and the rows written.
func TestDifferentialSocialSignIn(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		op := newTestOP(t)
		op.addUser(opUser{ID: 4242, Sub: "sub-4242", Username: "ada", Name: "Ada Lovelace", Email: "Ada@Example.com",
			Avatar: "https://img.example/ada.png", EmailVerified: true})
		goB, tsB, goDB, tsDB := socialServersOn(t, dialect, op, core.Options{}, nil)
		var authURL, callback = map[*browser]string{}, map[*browser]string{}
		signIn := func(body map[string]any) func(b *browser) {
			return func(b *browser) {
				res := b.do("POST", "/sign-in/social", body)
				authURL[b] = jsonKey(res, "url")
			}
		}
		toCallback := func(b *browser) {
			callback[b] = b.followToProvider(authURL[b])
			b.do("GET", callback[b], nil)
		}
		compareSocial(t, goB, tsB, []socialStep{
			{"sign-in/social", signIn(map[string]any{"provider": "gitlab", "callbackURL": "/dashboard", "newUserCallbackURL": "/welcome",
				"errorCallbackURL": "/oops", "scopes": []string{"api"}, "loginHint": "Ada@Example.com"})},
			{"callback (new user)", toCallback},
			{"get-session", func(b *browser) { b.do("GET", "/get-session", nil) }},
		})
		if g, w := socialRowsOn(t, dialect, goDB, "ada@example.com"), socialRowsOn(t, dialect, tsDB, "ada@example.com"); g != w {
			t.Errorf("rows after sign-up\n--- go\n%s\n--- typescript\n%s", g, w)
		} else if !strings.Contains(g, "emailVerified=1") || !strings.Contains(g, "accountId=4242") || !strings.Contains(g, "scope=read_user,api") {
			t.Errorf("unexpected rows:\n%s", g)
		}
		accountID := map[*browser]string{goB: gitlabAccountID(t, dialect, goDB), tsB: gitlabAccountID(t, dialect, tsDB)}
		compareSocial(t, goB, tsB, []socialStep{
			{"sign-in/social again", signIn(map[string]any{"provider": "gitlab", "callbackURL": "/dashboard", "newUserCallbackURL": "/welcome", "disableRedirect": true})},
			{"callback (existing user)", toCallback},
			{"get-access-token", func(b *browser) { b.do("POST", "/get-access-token", map[string]any{"accountId": accountID[b]}) }},
			{"refresh-token", func(b *browser) { b.do("POST", "/refresh-token", map[string]any{"accountId": accountID[b]}) }},
			{"get-access-token after refresh", func(b *browser) {
				res := b.do("POST", "/get-access-token", map[string]any{"accountId": accountID[b]})
				if !op.live(jsonKey(res, "accessToken")) {
					t.Errorf("%s: access token %q is not live at the provider", b.origin, jsonKey(res, "accessToken"))
				}
			}},
			{"get-access-token unknown account", func(b *browser) { b.do("POST", "/get-access-token", map[string]any{"accountId": "nope"}) }},
			{"callback with a forged state", func(b *browser) { b.do("GET", "/callback/gitlab?code=x&state=forged", nil) }},
			{"callback without state", func(b *browser) { b.do("GET", "/callback/gitlab?code=x", nil) }},
			{"sign-in/social for an unknown user", signIn(map[string]any{"provider": "gitlab", "callbackURL": "/dashboard",
				"errorCallbackURL": "/oops", "loginHint": "nobody@example.com"})},
			{"callback with the provider's error", func(b *browser) {
				b.do("GET", b.followToProvider(authURL[b]), nil)
			}},
			{"callback replayed", func(b *browser) { b.do("GET", callback[b], nil) }},
			{"unknown provider", func(b *browser) {
				b.do("POST", "/sign-in/social", map[string]any{"provider": "nope", "callbackURL": "/"})
			}},
			{"id token sign-in unsupported", func(b *browser) {
				b.do("POST", "/sign-in/social", map[string]any{"provider": "gitlab", "idToken": map[string]any{"token": "x"}})
			}},
			{"bad body", func(b *browser) { b.do("POST", "/sign-in/social", map[string]any{"provider": 1, "scopes": "x"}) }},
			{"get-access-token without a session", func(b *browser) {
				anon := newBrowser(b.t, b.origin)
				anon.do("POST", "/get-access-token", map[string]any{"accountId": accountID[b]})
				b.status, b.header, b.raw, b.setCookies = anon.status, anon.header, anon.raw, anon.setCookies
			}},
			{"get-access-token, bad bodies", func(b *browser) {
				var out []string
				for _, body := range []any{map[string]any{}, map[string]any{"accountId": 1}, map[string]any{"accountId": "x", "extra": true},
					map[string]any{"useAccountCookie": true}} {
					b.do("POST", "/get-access-token", body)
					out = append(out, fmt.Sprintf("%d %s", b.status, b.raw))
				}
				b.raw = []byte(strings.Join(out, "\n"))
			}},
			{"account-info, bad queries", func(b *browser) {
				var out []string
				for _, q := range []string{"", "?accountId=nope", "?useAccountCookie=true"} {
					b.do("GET", "/account-info"+q, nil)
					out = append(out, fmt.Sprintf("%d %s", b.status, b.raw))
				}
				b.raw = []byte(strings.Join(out, "\n"))
			}},
			{"untrusted callback URLs", func(b *browser) {
				b.do("POST", "/sign-in/social", map[string]any{"provider": "gitlab", "callbackURL": "/ok", "errorCallbackURL": "https://evil.example/x"})
			}},
			{"form_post from the provider's origin, without cookies", func(b *browser) {
				jar, order := b.jar, b.order
				b.jar, b.order, b.app = map[string]string{}, nil, "https://appleid.apple.com"
				b.do("POST", "/callback/gitlab", map[string]any{"code": "c1", "state": "s1", "user": `{"name":{"firstName":"A"}}`})
				b.jar, b.order, b.app = jar, order, ""
			}},
			{"error page", func(b *browser) { b.do("GET", "/error?error=state_mismatch", nil) }},
			{"error page with a description", func(b *browser) {
				b.do("GET", "/error?error=it's_bad&error_description=%3Cb%3E+%26amp%3B+%26+%22q%22", nil)
			}},
			{"error page, unsafe code", func(b *browser) { b.do("GET", "/error?error=%3Cscript%3E", nil) }},
			{"POST callback (form_post)", func(b *browser) {
				b.do("POST", "/callback/gitlab?state=s1", map[string]any{"code": "c1", "state": "s2", "iss": "i"})
			}},
		})
		// account-info: the provider's profile (key order aside).
		infos := map[*browser]any{}
		for _, b := range []*browser{goB, tsB} {
			infos[b] = b.do("GET", "/account-info?accountId="+accountID[b], nil)
			if b.status != 200 {
				t.Fatalf("%s account-info: %d %s", b.origin, b.status, b.raw)
			}
			obj(infos[b])["account"].(map[string]any)["id"] = "<id>"
		}
		if g, w := canonical(infos[goB]), canonical(infos[tsB]); g != w {
			t.Errorf("account-info\n--- go\n%s\n--- typescript\n%s", g, w)
		}
		if g, w := socialRowsOn(t, dialect, goDB, "ada@example.com"), socialRowsOn(t, dialect, tsDB, "ada@example.com"); g != w {
			t.Errorf("rows at the end\n--- go\n%s\n--- typescript\n%s", g, w)
		}
	})
}

// canonical is JSON with sorted keys.
func canonical(v any) string {
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			out := make([]any, 0, len(keys))
			for _, k := range keys {
				out = append(out, []any{k, walk(x[k])})
			}
			return out
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		}
		return v
	}
	b, _ := json.Marshal(walk(v))
	return string(b)
}

// gitlabAccountID is the id of the one GitLab account row.
func gitlabAccountID(t *testing.T, dialect string, db *sql.DB) string {
	t.Helper()
	var id string
	if err := db.QueryRow(portableSQL(dialect, `SELECT id FROM account WHERE "providerId" = 'gitlab'`)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
