package core_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Differential tests of the multiSession plugin against Better Auth
// 1.7.5's multiSession(): the multi-session cookies every sign-in sets
// (names, signatures, attributes), list-device-sessions, set-active,
// revoke, maximumSessions and sign-out; and the cookies Go sets working on
// TypeScript's endpoints on one database.

// msDuo is the two servers, one browser each, and each side's session
// tokens by label (the user who signed in), so that cookie names, which
// hold the token, compare as labels.
type msDuo struct {
	*duo
	tokens [2]map[string]string // label → session token
}

var normMulti = regexp.MustCompile(`_multi-([a-z0-9]{32})`)

func (d *msDuo) side(c *client) int {
	if c == d.goc {
		return 0
	}
	return 1
}

// norm is normalize with multi-session cookie names shown by label and a
// JSON array answer's elements sorted (Better Auth lists sessions in the
// database's order).
func (d *msDuo) norm(c *client) string {
	labels := map[string]string{}
	for l, tok := range d.tokens[d.side(c)] {
		labels[strings.ToLower(tok)] = l
	}
	s := normMulti.ReplaceAllStringFunc(normalize(c), func(m string) string {
		if l, ok := labels[m[len("_multi-"):]]; ok {
			return "_multi-<" + l + ">"
		}
		return "_multi-<unknown>"
	})
	lines := strings.Split(s, "\n")
	last := lines[len(lines)-1]
	var elems []json.RawMessage
	if strings.HasPrefix(last, "[") && json.Unmarshal([]byte(last), &elems) == nil {
		var parts []string
		for _, e := range elems {
			parts = append(parts, string(e))
		}
		sort.Strings(parts)
		lines[len(lines)-1] = "[" + strings.Join(parts, ",") + "]"
	}
	return strings.Join(lines, "\n")
}

// both runs f on each side (its client and index) and compares.
func (d *msDuo) both(f func(c *client, i int)) {
	d.t.Helper()
	f(d.goc, 0)
	f(d.ts, 1)
	g, w := d.norm(d.goc), d.norm(d.ts)
	if testing.Verbose() {
		d.t.Logf("%s", g)
	}
	if g != w {
		d.t.Errorf("answers differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

func (d *msDuo) step(method, path string, body any, headers ...string) {
	d.t.Helper()
	d.both(func(c *client, _ int) { c.do(method, path, body, append(diffHeaders, headers...)...) })
}

// signIn signs label (its email label@example.com) up or in, keeping the
// session token under label.
func (d *msDuo) signIn(label string, up bool, extra map[string]any) {
	d.t.Helper()
	d.both(func(c *client, i int) {
		body := map[string]any{"email": label + "@example.com", "password": password}
		path := "/sign-in/email"
		if up {
			path, body["name"] = "/sign-up/email", strings.ToUpper(label)
		}
		for k, v := range extra {
			body[k] = v
		}
		out := obj(c.do("POST", path, body, diffHeaders...))
		if tok, _ := out["token"].(string); tok != "" {
			if old := d.tokens[i][label]; old != "" {
				d.tokens[i][label+"-before"] = old
			}
			d.tokens[i][label] = tok
		}
	})
}

// tokenStep posts {"sessionToken": label's token} on each side.
func (d *msDuo) tokenStep(path, label string) {
	d.t.Helper()
	d.both(func(c *client, i int) {
		tok := d.tokens[i][label]
		if tok == "" {
			tok = label
		}
		c.do("POST", path, map[string]any{"sessionToken": tok}, diffHeaders...)
	})
}

func startMSDuo(t *testing.T, dialect string, o plugins.MultiSessionOptions, tsOptions string) *msDuo {
	opts := enabled(core.Options{Plugins: []core.Plugin{plugins.MultiSession(o)}})
	return &msDuo{duo: newDuo(t, dialect, opts, &outbox{}, false, `PLUGINS={"multiSession":`+tsOptions+`}`),
		tokens: [2]map[string]string{{}, {}}}
}

const qMSSessions = `SELECT u.email, count(*) AS n FROM session s JOIN "user" u ON u.id = s."userId" GROUP BY u.email ORDER BY u.email`

// TestDifferentialMultiSession: the journey of one browser holding
// several accounts, on every dialect.
func TestDifferentialMultiSession(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		d := startMSDuo(t, dialect, plugins.MultiSessionOptions{}, `{}`)
		d.step("GET", "/multi-session/list-device-sessions", nil)
		d.signIn("a", true, nil)
		d.step("GET", "/multi-session/list-device-sessions", nil)
		d.signIn("b", true, nil)
		d.step("GET", "/multi-session/list-device-sessions", nil)
		d.step("GET", "/get-session", nil)
		d.tokenStep("/multi-session/set-active", "a")
		d.step("GET", "/get-session", nil)
		d.step("POST", "/multi-session/set-active", map[string]any{})
		d.tokenStep("/multi-session/set-active", "not-a-remembered-token")
		// Signing a in again replaces its remembered session.
		d.signIn("a", false, nil)
		d.rows(qMSSessions)
		d.step("GET", "/multi-session/list-device-sessions", nil)
		d.signIn("c", true, map[string]any{"rememberMe": false})
		d.step("GET", "/multi-session/list-device-sessions", nil)
		// Revoking a session that is not the active one.
		d.tokenStep("/multi-session/revoke", "b")
		d.tokenStep("/multi-session/revoke", "b")
		d.step("POST", "/multi-session/revoke", map[string]any{})
		d.rows(qMSSessions)
		// Revoking the active one makes the remaining one active.
		d.tokenStep("/multi-session/set-active", "a")
		d.tokenStep("/multi-session/revoke", "a")
		d.step("GET", "/get-session", nil)
		d.step("GET", "/multi-session/list-device-sessions", nil)
		// An expired remembered session: not listed, set-active forgets it.
		d.signIn("e", true, nil)
		forDBs(d.duo, func(db *sql.DB) {
			if _, err := db.Exec(portableSQL(dialect, `UPDATE session SET "expiresAt" = ? WHERE "userId" IN (SELECT id FROM "user" WHERE email = 'e@example.com')`), time.Now().Add(-time.Hour).UTC()); err != nil {
				t.Fatal(err)
			}
		})
		d.step("GET", "/multi-session/list-device-sessions", nil)
		d.tokenStep("/multi-session/set-active", "e")
		// A forged multi-session cookie is ignored.
		d.both(func(c *client, i int) {
			n := "better-auth.session_token_multi-" + strings.Repeat("f", 32)
			c.jar[n] = strings.Repeat("F", 32) + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D"
			c.order = append(c.order, n)
			d.tokens[i]["forged"] = strings.Repeat("f", 32)
			c.do("GET", "/multi-session/list-device-sessions", nil, diffHeaders...)
		})
		// Revoking the only remaining active session signs the browser out.
		d.signIn("c", false, nil)
		d.step("POST", "/sign-out", map[string]any{})
		d.rows(qMSSessions)
		d.step("GET", "/multi-session/list-device-sessions", nil)
		d.step("GET", "/get-session", nil)
		d.signIn("solo", true, nil)
		d.tokenStep("/multi-session/revoke", "solo")
		d.step("GET", "/get-session", nil)
		d.rows(qMSSessions)
	})
}

// TestDifferentialMultiSessionMaximum: past maximumSessions a sign-in
// gets no multi-session cookie.
func TestDifferentialMultiSessionMaximum(t *testing.T) {
	d := startMSDuo(t, core.DialectSQLite, plugins.MultiSessionOptions{MaximumSessions: 2}, `{"maximumSessions":2}`)
	for _, l := range []string{"m1", "m2", "m3", "m4"} {
		d.signIn(l, true, nil)
		d.step("GET", "/multi-session/list-device-sessions", nil)
	}
	d.signIn("m1", false, nil)
	d.step("GET", "/multi-session/list-device-sessions", nil)
	d.rows(qMSSessions)
	// A browser without the active session's multi-session cookie gets it
	// from any response that sets the session cookie (update-user).
	d.both(func(c *client, i int) {
		c.jar, c.order = map[string]string{}, nil
		c.do("POST", "/sign-in/email", map[string]any{"email": "m3@example.com", "password": password}, diffHeaders...)
		d.tokens[i]["m3"] = obj(c.do("GET", "/get-session", nil, diffHeaders...))["session"].(map[string]any)["token"].(string)
		for n := range c.jar {
			if strings.Contains(n, "_multi-") {
				delete(c.jar, n)
			}
		}
		c.do("POST", "/update-user", map[string]any{"name": "again"}, diffHeaders...)
	})
	if !strings.Contains(strings.Join(d.goc.setCookies, "\n"), "_multi-") {
		t.Errorf("update-user set no multi-session cookie: %v", d.goc.setCookies)
	}
}

// TestSharedDatabaseMultiSession: the multi-session cookies Go sets work
// on TypeScript's list-device-sessions, set-active and revoke, and the
// reverse.
func TestSharedDatabaseMultiSession(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		goc, ts := sharedPair(t, dialect, core.Options{Plugins: []core.Plugin{plugins.MultiSession()}}, `PLUGINS={"multiSession":{}}`)
		for i, p := range [][2]*client{{goc, ts}, {ts, goc}} {
			from, to := p[0].clone(), p[1]
			var toks []string
			for _, who := range []string{"x", "y"} {
				email := fmt.Sprintf("%s%d@example.com", who, i)
				toks = append(toks, obj(from.do("POST", "/sign-up/email", map[string]any{"name": who, "email": email, "password": password}))["token"].(string))
				from.expect(200, "*")
			}
			// The same browser (its cookies) on the other server.
			other := &client{t: t, base: to.base, origin: to.origin, jar: from.jar, order: from.order}
			list, _ := other.do("GET", "/multi-session/list-device-sessions", nil).([]any)
			if len(list) != 2 {
				t.Fatalf("%s list-device-sessions with cookies from the other: %s", to.base, other.raw)
			}
			got := obj(other.do("POST", "/multi-session/set-active", map[string]any{"sessionToken": toks[0]}))
			if obj(got["user"])["email"] != fmt.Sprintf("x%d@example.com", i) {
				t.Fatalf("set-active: %s", other.raw)
			}
			other.do("POST", "/multi-session/revoke", map[string]any{"sessionToken": toks[1]})
			other.expect(200, `{"status":true}`)
			// Back on the first server, the browser holds only x.
			back := &client{t: t, base: from.base, origin: from.origin, jar: other.jar, order: other.order}
			list, _ = back.do("GET", "/multi-session/list-device-sessions", nil).([]any)
			if len(list) != 1 || obj(obj(list[0])["user"])["email"] != fmt.Sprintf("x%d@example.com", i) {
				t.Fatalf("%s list after revoke on the other: %s", from.base, back.raw)
			}
			if s := obj(back.do("GET", "/get-session", nil)); obj(s["user"])["email"] != fmt.Sprintf("x%d@example.com", i) {
				t.Fatalf("get-session: %s", back.raw)
			}
		}
	})
}

// TestDifferentialMultiSessionSecureCookies: with __Secure- cookies and
// a cookie prefix, the multi-session cookies carry both, and sign-out
// expires them under their own names.
func TestDifferentialMultiSessionSecureCookies(t *testing.T) {
	on := true
	o := enabled(core.Options{Advanced: core.Advanced{UseSecureCookies: &on, CookiePrefix: "app"}, Plugins: []core.Plugin{plugins.MultiSession()}})
	d := &msDuo{duo: newDuo(t, core.DialectSQLite, o, &outbox{}, false, `ADVANCED={"useSecureCookies":true,"cookiePrefix":"app"}`, `PLUGINS={"multiSession":{}}`),
		tokens: [2]map[string]string{{}, {}}}
	d.signIn("a", true, nil)
	d.signIn("b", true, nil)
	d.step("GET", "/multi-session/list-device-sessions", nil)
	d.tokenStep("/multi-session/set-active", "a")
	d.step("POST", "/sign-out", map[string]any{})
	d.rows(qMSSessions)
}
