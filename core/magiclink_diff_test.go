package core_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Differential tests of the magicLink plugin against Better Auth 1.7.5's
// magicLink() (PLUGINS={"magicLink":{…}}, built by
// testdata/npm-wire/plugins/magicLink.mjs, whose sendMagicLink keeps the
// link in the outbox): each step may follow the link its server last
// sent ({link}) or use its token ({token}); answers, mail and rows must
// agree. Then links issued by one server verified by the other on one
// database.

// signInMail is one message a sign-in plugin sent.
type signInMail struct {
	Kind     string          `json:"kind"`
	To       string          `json:"to"`
	URL      string          `json:"url"`
	Token    string          `json:"token"`
	Metadata json.RawMessage `json:"metadata"`
}

// signInBox keeps the Go handler's sign-in messages.
type signInBox struct {
	mu   sync.Mutex
	list []signInMail
}

func (b *signInBox) add(m signInMail) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.list = append(b.list, m)
}

func (b *signInBox) drain() []signInMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.list
	b.list = nil
	return out
}

// magicLinkSender is a SendMagicLink keeping the link in box.
func (b *signInBox) magicLink(_ *core.Context, m plugins.MagicLinkMessage) error {
	var meta json.RawMessage = []byte("null")
	if m.Metadata != nil {
		meta, _ = json.Marshal(m.Metadata)
	}
	b.add(signInMail{Kind: "magic-link", To: m.Email, URL: m.URL, Token: m.Token, Metadata: meta})
	return nil
}

// tsSignInMail empties the TypeScript server's outbox.
func tsSignInMail(t *testing.T, origin string) []signInMail {
	t.Helper()
	res, err := http.Get(origin + "/__test/outbox")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out []signInMail
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("outbox: %s: %v", raw, err)
	}
	return out
}

// signInPair is the Go handler and the TypeScript server, each on its own
// database of the test's dialect, with their messages.
type signInPair struct {
	t          *testing.T
	goc, ts    *client
	box        *signInBox
	goDB, tsDB wireDB
	norm       func(c *client, mails []signInMail) string
	// rows lists what the endpoints wrote (dumpEmailRows unless set).
	rows func(t *testing.T, w wireDB) string
	// The last link and token each server sent.
	goLink, tsLink, goToken, tsToken string
}

func newSignInPair(t *testing.T, dialect string, o core.Options, box *signInBox, norm func(*client, []signInMail) string, env ...string) *signInPair {
	t.Helper()
	dir, node := npmWire(t)
	goDB, tsDB := newWireDB(t, dialect, o, "go"), newWireDB(t, dialect, o, "ts")
	o.Secret, o.Database = testSecret, goDB.database()
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	p := &signInPair{t: t, goc: startServer(t, a), box: box, goDB: goDB, tsDB: tsDB, norm: norm}
	p.ts = &client{t: t, base: startTS(t, dir, node, tsDB.url, env...) + "/api/auth", jar: map[string]string{}}
	p.ts.origin = strings.TrimSuffix(p.ts.base, "/api/auth")
	return p
}

func (p *signInPair) step(i int, s diffStep) {
	t := p.t
	t.Helper()
	h := append([]string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}, s.headers...)
	p.goc.do(s.method, fill(s.path, p.goLink, p.goToken, p.goc.origin), fillBody(s.body, p.goLink, p.goToken, p.goc.origin), h...)
	p.ts.do(s.method, fill(s.path, p.tsLink, p.tsToken, p.ts.origin), fillBody(s.body, p.tsLink, p.tsToken, p.ts.origin), h...)
	gm, tm := p.box.drain(), tsSignInMail(t, p.ts.origin)
	if len(gm) > 0 {
		p.goLink, p.goToken = strings.TrimPrefix(gm[len(gm)-1].URL, p.goc.base), gm[len(gm)-1].Token
	}
	if len(tm) > 0 {
		p.tsLink, p.tsToken = strings.TrimPrefix(tm[len(tm)-1].URL, p.ts.base), tm[len(tm)-1].Token
	}
	g, w := p.norm(p.goc, gm), p.norm(p.ts, tm)
	if testing.Verbose() {
		t.Logf("step %d: %s %s %v\n%s", i, s.method, s.path, s.body, g)
	}
	if g != w {
		t.Errorf("step %d: %s %s %v\n--- go\n%s\n--- typescript\n%s", i, s.method, s.path, s.body, g, w)
	}
}

// run sends the steps, then compares the rows (dumpEmailRows, and
// extra queries in portableSQL's form).
func (p *signInPair) run(steps []diffStep, extra ...string) {
	p.t.Helper()
	for i, s := range steps {
		p.step(i, s)
	}
	rows := p.rows
	if rows == nil {
		rows = dumpEmailRows
	}
	g, w := rows(p.t, p.goDB)+dumpRows(p.t, p.goDB, extra...), rows(p.t, p.tsDB)+dumpRows(p.t, p.tsDB, extra...)
	if testing.Verbose() {
		p.t.Logf("rows\n%s", g)
	}
	if g != w {
		p.t.Errorf("rows differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// dumpRows prints the rows of queries (portableSQL form).
func dumpRows(t *testing.T, w wireDB, queries ...string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range queries {
		q = portableSQL(w.dialect, q)
		rows, err := w.db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
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
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					vals[i] = string(bs)
				}
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

var normMagicToken = regexp.MustCompile(`(token=|token:)[A-Za-z]{32}\b`)

// normalizeMagic is one server's answer and links, with its origin and
// tokens replaced by placeholders.
func normalizeMagic(c *client, mails []signInMail) string {
	var b strings.Builder
	b.WriteString(normalize(c))
	for _, m := range mails {
		fmt.Fprintf(&b, "\nmail %s to=%s token:%s url=%s metadata=%s", m.Kind, m.To, m.Token, m.URL, m.Metadata)
	}
	out := strings.ReplaceAll(b.String(), c.origin, "<origin>")
	return normMagicToken.ReplaceAllString(out, "$1<token>")
}

// magicLinkTSEnv is the TypeScript server's PLUGINS for the options JSON.
func magicLinkTSEnv(options string) []string {
	return []string{`PLUGINS={"magicLink":` + options + `}`}
}

// verificationLifetimes lists the verification rows' identifier lengths
// and lifetimes in seconds.
const verificationLifetimes = `SELECT length(v.identifier), {lifetime} FROM verification v ORDER BY 1, 2`

func TestDifferentialMagicLink(t *testing.T) {
	cb := map[string]any{"email": "New.User@Example.com", "name": "New", "callbackURL": "/dash", "newUserCallbackURL": "/welcome",
		"errorCallbackURL": "/oops", "metadata": map[string]any{"a": 1, "b": []any{"x"}}}
	steps := []diffStep{
		{"POST", "/sign-in/magic-link", map[string]any{}, nil},
		{"POST", "/sign-in/magic-link", map[string]any{"email": "bad", "name": 1, "metadata": "m"}, nil},
		{"POST", "/sign-in/magic-link", map[string]any{"email": "x@example.com", "callbackURL": "https://evil.example/"}, nil},
		{"POST", "/sign-in/magic-link", map[string]any{"email": "x@example.com", "errorCallbackURL": "https://evil.example/"}, nil},
		{"POST", "/sign-in/magic-link", map[string]any{"email": "x@example.com"}, []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate"}},
		{"POST", "/sign-in/magic-link", "email=form%40example.com", []string{"Content-Type", "application/x-www-form-urlencoded"}},
		// A new user: the link signs up and redirects to newUserCallbackURL.
		{"POST", "/sign-in/magic-link", cb, nil},
		{"GET", "{link}", nil, nil},
		{"GET", "/get-session", nil, nil},
		// Used once: the error redirect.
		{"GET", "{link}", nil, nil},
		{"GET", "/magic-link/verify?token=nope", nil, nil},
		{"GET", "/magic-link/verify?token=nope&callbackURL=%2Fa%3Fb%3D1&errorCallbackURL=%2Ferr%3Fx%3Dy", nil, nil},
		{"GET", "/magic-link/verify", nil, nil},
		{"GET", "/magic-link/verify?token=a&token=b&callbackURL=1&callbackURL=2", nil, nil},
		{"GET", "/magic-link/verify?token=x&callbackURL=https://evil.example/", nil, nil},
		{"GET", "/magic-link/verify?token=x&newUserCallbackURL=https%3A%2F%2Fevil.example%2F", nil, nil},
		{"GET", "/magic-link/verify?token=x&errorCallbackURL=//evil.example", nil, nil},
		{"GET", "/magic-link/verify?token=x&callbackURL=%25E0%25A4%25A", nil, nil},
		// A known user, verified without a callbackURL: JSON.
		{"POST", "/sign-out", map[string]any{}, nil},
		{"POST", "/sign-in/magic-link", map[string]any{"email": "new.user@example.com", "name": "Ignored"}, nil},
		{"GET", "/magic-link/verify?token={token}", nil, nil},
		{"GET", "/get-session", nil, nil},
		// An unverified user with a password: the link proves the email;
		// the password account and the older sessions are revoked.
		{"POST", "/sign-up/email", map[string]any{"name": "P", "email": "pw@example.com", "password": password}, nil},
		{"POST", "/sign-in/magic-link", map[string]any{"email": "PW@example.com", "callbackURL": "/in"}, nil},
		{"GET", "{link}", nil, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-in/email", map[string]any{"email": "pw@example.com", "password": password}, nil},
		// A link for a user who already has a session cookie: a new
		// session, the old one kept.
		{"POST", "/sign-in/magic-link", map[string]any{"email": "pw@example.com", "callbackURL": "/again"}, nil},
		{"GET", "{link}", nil, nil},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &signInBox{}
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.MagicLink(plugins.MagicLinkOptions{SendMagicLink: box.magicLink})}})
		p := newSignInPair(t, dialect, o, box, normalizeMagic, magicLinkTSEnv(`{}`)...)
		p.run(steps, verificationLifetimes)
	})
}

// TestDifferentialMagicLinkOptions: disableSignUp, storeToken "hashed",
// expiresIn, and the plugin's rate limit (rateLimit {window, max}).
func TestDifferentialMagicLinkOptions(t *testing.T) {
	in := func(email string) map[string]any { return map[string]any{"email": email, "callbackURL": "/cb"} }
	steps := []diffStep{
		{"POST", "/sign-up/email", map[string]any{"name": "K", "email": "known@example.com", "password": password}, nil},
		{"POST", "/sign-out", map[string]any{}, nil},
		{"POST", "/sign-in/magic-link", in("stranger@example.com"), nil},
		{"GET", "{link}", nil, nil},
		{"POST", "/sign-in/magic-link", in("known@example.com"), nil},
		{"GET", "/magic-link/verify?token={token}&callbackURL=%2Fcb", nil, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-in/magic-link", in("known@example.com"), nil},
		// The rule (3 a minute, per path) refuses the fourth sign-in.
		{"GET", "{link}", nil, nil},
		{"POST", "/sign-in/magic-link", in("known@example.com"), nil},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &signInBox{}
		o := enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: core.Bool(true)},
			Plugins: []core.Plugin{plugins.MagicLink(plugins.MagicLinkOptions{SendMagicLink: box.magicLink, DisableSignUp: true,
				StoreToken: "hashed", ExpiresIn: 120, RateLimit: plugins.PluginRateLimitOptions{Max: 3}})}})
		p := newSignInPair(t, dialect, o, box, normalizeMagic, append(magicLinkTSEnv(
			`{"disableSignUp":true,"storeToken":"hashed","expiresIn":120,"rateLimit":{"max":3}}`), `RATE_LIMIT={"enabled":true}`)...)
		p.run(steps, verificationLifetimes)
	})
}

// TestMagicLinkAcrossServers: on one database (storeToken "hashed" on
// both), a link sent by Go signs in through TypeScript, and one sent by
// TypeScript through Go; a token used on one server is refused on the
// other.
func TestMagicLinkAcrossServers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		dir, node := npmWire(t)
		url, db := sharedDB(t, dialect)
		box := &signInBox{}
		o := enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: db},
			Plugins: []core.Plugin{plugins.MagicLink(plugins.MagicLinkOptions{SendMagicLink: box.magicLink, StoreToken: "hashed"})}})
		a := core.New(o)
		createTables(t, db, dialect, a)
		t.Cleanup(func() { a.Close() })
		goc := startServer(t, a)
		ts := &client{t: t, base: startTS(t, dir, node, url, magicLinkTSEnv(`{"storeToken":"hashed"}`)...) + "/api/auth", jar: map[string]string{}}
		ts.origin = strings.TrimSuffix(ts.base, "/api/auth")

		goc.do("POST", "/sign-in/magic-link", map[string]any{"email": "cross@example.com", "name": "Cross", "callbackURL": "/home"})
		goc.expect(200, `{"status":true}`)
		mails := box.drain()
		if len(mails) != 1 || !strings.HasPrefix(mails[0].URL, goc.base+"/magic-link/verify?token=") {
			t.Fatalf("Go's link: %+v", mails)
		}
		viaTS := ts.clone()
		viaTS.do("GET", strings.TrimPrefix(mails[0].URL, goc.base), nil)
		if viaTS.status != 302 || viaTS.header.Get("Location") != ts.origin+"/home" {
			t.Fatalf("TypeScript verifying Go's link: %d %s", viaTS.status, viaTS.header.Get("Location"))
		}
		s := obj(viaTS.do("GET", "/get-session", nil))
		if obj(s["user"])["email"] != "cross@example.com" || obj(s["user"])["name"] != "Cross" || obj(s["user"])["emailVerified"] != true {
			t.Fatalf("session from Go's link on TypeScript: %s", viaTS.raw)
		}
		again := goc.clone()
		again.do("GET", strings.TrimPrefix(mails[0].URL, goc.base), nil)
		if again.status != 302 || again.header.Get("Location") != goc.origin+"/home?error=INVALID_TOKEN" {
			t.Fatalf("Go reusing a token TypeScript consumed: %d %s", again.status, again.header.Get("Location"))
		}

		ts.do("POST", "/sign-in/magic-link", map[string]any{"email": "cross@example.com"})
		ts.expect(200, `{"status":true}`)
		tm := tsSignInMail(t, ts.origin)
		if len(tm) != 1 {
			t.Fatalf("TypeScript's outbox: %+v", tm)
		}
		viaGo := goc.clone()
		res := obj(viaGo.do("GET", "/magic-link/verify?token="+tm[0].Token, nil))
		if viaGo.status != 200 || obj(res["user"])["email"] != "cross@example.com" || obj(res["session"])["token"] != res["token"] {
			t.Fatalf("Go verifying TypeScript's link: %d %s", viaGo.status, viaGo.raw)
		}
		s = obj(with(ts, viaGo).do("GET", "/get-session", nil))
		if obj(s["session"])["token"] != res["token"] {
			t.Fatalf("TypeScript reading the session Go's verify made: %v", s)
		}
	})
}
