package core_test

import (
	"database/sql"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Differential tests of the oneTimeToken plugin against Better Auth
// 1.7.5's oneTimeToken(): generate, verify (once), a deleted or expired
// session, an expired token, the stored identifier (plain or hashed) and
// lifetime, disableClientRequest, disableSetSessionCookie and the set-ott
// header; and cross-server journeys on one database.

var normOTT = regexp.MustCompile(`"token":"([A-Za-z0-9_-]{32}|<token>)"`)

// ottNorm is normalize with one-time tokens (which may hold - and _)
// replaced, and the set-ott header shown.
func ottNorm(c *client) string {
	s := normOTT.ReplaceAllString(normalize(c), `"token":"<ott>"`)
	if v := c.header.Get("set-ott"); v != "" {
		s += "\nset-ott: " + regexp.MustCompile(`^[A-Za-z0-9_-]{32}$`).ReplaceAllString(v, "<ott>") +
			"\nexpose: " + c.header.Get("Access-Control-Expose-Headers")
	}
	return s
}

// ottDuo drives both servers with a client each, comparing every answer.
type ottDuo struct {
	*duo
}

// both runs f on each side and compares the answers with ottNorm.
func (d ottDuo) both(f func(c *client, db *sql.DB)) {
	d.t.Helper()
	f(d.goc, d.goDB)
	f(d.ts, d.tsDB)
	g, w := ottNorm(d.goc), ottNorm(d.ts)
	if testing.Verbose() {
		d.t.Logf("%s", g)
	}
	if g != w {
		d.t.Errorf("answers differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// ottToken is the token of the last answer.
func ottToken(c *client) string {
	var out struct{ Token string }
	if err := json.Unmarshal(c.raw, &out); err != nil || out.Token == "" {
		c.t.Fatalf("no token in %d %s", c.status, c.raw)
	}
	return out.Token
}

func startOTTDuo(t *testing.T, dialect string, o plugins.OneTimeTokenOptions, tsOptions string) ottDuo {
	opts := enabled(core.Options{Plugins: []core.Plugin{plugins.OneTimeToken(o)}})
	return ottDuo{newDuo(t, dialect, opts, &outbox{}, false, `PLUGINS={"oneTimeToken":`+tsOptions+`}`)}
}

const qOTT = `SELECT substr(v.identifier, 1, 15) AS prefix, length(v.identifier) AS len, length(v.value) AS vlen, {lifetime} AS lifetime FROM verification v ORDER BY len`

// TestDifferentialOneTimeToken: the default options, on every dialect.
func TestDifferentialOneTimeToken(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		d := startOTTDuo(t, dialect, plugins.OneTimeTokenOptions{}, `{}`)
		testOTTJourney(t, d, true)
	})
}

// TestDifferentialOneTimeTokenOptions: storeToken "hashed", expiresIn,
// and setOttHeaderOnNewSession.
func TestDifferentialOneTimeTokenOptions(t *testing.T) {
	d := startOTTDuo(t, core.DialectSQLite, plugins.OneTimeTokenOptions{StoreToken: "hashed", ExpiresIn: 10, SetOttHeaderOnNewSession: true},
		`{"storeToken":"hashed","expiresIn":10,"setOttHeaderOnNewSession":true}`)
	testOTTJourney(t, d, true)
	// Better Auth's setSessionCookie makes any session whose cookie a
	// response sets the new session: update-user and update-session too.
	d.both(func(c *client, _ *sql.DB) {
		c.do("POST", "/update-user", map[string]any{"name": "Renamed"}, diffHeaders...)
	})
	d.both(func(c *client, _ *sql.DB) { c.do("POST", "/update-session", map[string]any{}, diffHeaders...) })
	// The set-ott header of a sign-in verifies.
	var tok [2]string
	i := 0
	d.both(func(c *client, _ *sql.DB) {
		c.jar, c.order = map[string]string{}, nil
		c.do("POST", "/sign-in/email", map[string]any{"email": "ott@example.com", "password": password}, diffHeaders...)
		tok[i] = c.header.Get("set-ott")
		i++
	})
	i = 0
	d.both(func(c *client, _ *sql.DB) {
		cl := c.clone()
		cl.do("POST", "/one-time-token/verify", map[string]any{"token": tok[i]}, diffHeaders...)
		c.status, c.header, c.raw, c.setCookies = cl.status, cl.header, cl.raw, cl.setCookies
		if cl.status != 200 {
			t.Errorf("verify of a set-ott token: %d %s", cl.status, cl.raw)
		}
		i++
	})
}

// TestDifferentialOneTimeTokenRefusals: disableClientRequest refuses
// generate; disableSetSessionCookie answers without the cookie.
func TestDifferentialOneTimeTokenRefusals(t *testing.T) {
	d := startOTTDuo(t, core.DialectSQLite, plugins.OneTimeTokenOptions{DisableClientRequest: true}, `{"disableClientRequest":true}`)
	d.both(func(c *client, _ *sql.DB) { c.do("GET", "/one-time-token/generate", nil, diffHeaders...) })
	d.both(func(c *client, _ *sql.DB) {
		c.do("POST", "/sign-up/email", map[string]any{"name": "O", "email": "ott@example.com", "password": password}, diffHeaders...)
	})
	d.both(func(c *client, _ *sql.DB) { c.do("GET", "/one-time-token/generate", nil, diffHeaders...) })

	d = startOTTDuo(t, core.DialectSQLite, plugins.OneTimeTokenOptions{DisableSetSessionCookie: true}, `{"disableSetSessionCookie":true}`)
	testOTTJourney(t, d, false)
}

// testOTTJourney signs up, generates and verifies tokens on both sides.
func testOTTJourney(t *testing.T, d ottDuo, rows bool) {
	t.Helper()
	step := func(method, path string, body any) {
		d.both(func(c *client, _ *sql.DB) { c.do(method, path, body, diffHeaders...) })
	}
	// Each side's token, carried from generate to verify.
	var tok [2]string
	side := func(c *client) int {
		if c == d.goc {
			return 0
		}
		return 1
	}
	generate := func() {
		d.both(func(c *client, _ *sql.DB) {
			c.do("GET", "/one-time-token/generate", nil, diffHeaders...)
			if c.status == 200 {
				tok[side(c)] = ottToken(c)
			}
		})
	}
	verify := func(fresh bool) {
		d.both(func(c *client, _ *sql.DB) {
			cl := c
			if fresh {
				cl = c.clone()
			}
			cl.do("POST", "/one-time-token/verify", map[string]any{"token": tok[side(c)]}, diffHeaders...)
			if fresh {
				c.status, c.header, c.raw, c.setCookies = cl.status, cl.header, cl.raw, cl.setCookies
			}
		})
	}
	step("GET", "/one-time-token/generate", nil)
	step("POST", "/one-time-token/verify", map[string]any{})
	step("POST", "/one-time-token/verify", map[string]any{"token": 5})
	step("POST", "/one-time-token/verify", map[string]any{"token": "never-issued"})
	step("POST", "/sign-up/email", map[string]any{"name": "O", "email": "ott@example.com", "password": password})
	generate()
	if rows {
		d.rows(qOTT)
	}
	verify(true)
	verify(true) // used up
	// A token whose session was signed out.
	generate()
	step("POST", "/sign-out", map[string]any{})
	verify(true)
	// A token whose session expired: the cookie is set, then refused.
	step("POST", "/sign-in/email", map[string]any{"email": "ott@example.com", "password": password})
	generate()
	forDBs(d.duo, func(db *sql.DB) {
		past := time.Now().Add(-time.Hour).UTC()
		if _, err := db.Exec(portableSQL(d.dialect, `UPDATE session SET "expiresAt" = ?`), past); err != nil {
			t.Fatal(err)
		}
	})
	verify(true)
	// An expired token.
	step("POST", "/sign-in/email", map[string]any{"email": "ott@example.com", "password": password})
	generate()
	forDBs(d.duo, func(db *sql.DB) {
		if _, err := db.Exec(portableSQL(d.dialect, `UPDATE verification SET "expiresAt" = ?`), time.Now().Add(-time.Minute).UTC()); err != nil {
			t.Fatal(err)
		}
	})
	verify(true)
	// A token verified by the signed-in client itself (dont_remember kept).
	step("POST", "/sign-in/email", map[string]any{"email": "ott@example.com", "password": password, "rememberMe": false})
	generate()
	verify(false)
	step("GET", "/get-session", nil)
	if rows {
		d.rows(qOTT)
	}
}

// TestSharedDatabaseOneTimeToken: a token generated on one server
// verifies on the other (plain and hashed), once.
func TestSharedDatabaseOneTimeToken(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		for _, store := range []string{"plain", "hashed"} {
			goc, ts := sharedPair(t, dialect, core.Options{Plugins: []core.Plugin{plugins.OneTimeToken(plugins.OneTimeTokenOptions{StoreToken: store})}},
				`PLUGINS={"oneTimeToken":{"storeToken":"`+store+`"}}`)
			for i, p := range [][2]*client{{goc, ts}, {ts, goc}} {
				from, to := p[0].clone(), p[1].clone()
				email := []string{"from-go", "from-ts"}[i] + "@example.com"
				from.signUp(email, password)
				from.do("GET", "/one-time-token/generate", nil)
				from.expect(200, "*")
				tok := ottToken(from)
				got := obj(to.do("POST", "/one-time-token/verify", map[string]any{"token": tok}))
				to.expect(200, "*")
				if u := obj(got["user"]); u["email"] != email {
					t.Errorf("%s: verify on %s answered %s", store, to.base, to.raw)
				}
				// The cookie it set is a session on the verifying server.
				if s := obj(to.do("GET", "/get-session", nil)); obj(s["user"])["email"] != email {
					t.Errorf("%s: get-session after verify on %s: %s", store, to.base, to.raw)
				}
				// Used up, on either server.
				for _, c := range []*client{from.clone(), to.clone()} {
					c.do("POST", "/one-time-token/verify", map[string]any{"token": tok})
					if c.status != 400 || !strings.Contains(string(c.raw), "Invalid token") {
						t.Errorf("%s: second verify on %s: %d %s", store, c.base, c.status, c.raw)
					}
				}
			}
		}
	})
}

// sharedPair starts Go (o, with email sign-in) and TypeScript (env) on
// one fresh database of the dialect.
func sharedPair(t *testing.T, dialect string, o core.Options, env ...string) (goc, ts *client) {
	t.Helper()
	dir, node := npmWire(t)
	url, db := sharedDB(t, dialect)
	o = enabled(o)
	o.Secret, o.Database = testSecret, core.Database{Dialect: dialect, DB: db}
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	createTables(t, db, dialect, a)
	goc = startServer(t, a)
	ts = &client{t: t, base: startTS(t, dir, node, url, env...) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	return goc, ts
}

// forDBs runs f on both servers' databases.
func forDBs(d *duo, f func(db *sql.DB)) {
	f(d.goDB)
	f(d.tsDB)
}
