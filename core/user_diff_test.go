package core_test

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// Differential tests of change-email, delete-user, update-session,
// list-accounts and unlink-account: each step goes to the Go handler and
// to a TypeScript Better Auth 1.7.5 server (own databases of each dialect, same
// secret) and must get the same normalized answer; the emails both send
// and the rows both write are compared too.

// mail is one captured message, as server.mjs's outbox lists it.
type mail struct {
	Kind     string  `json:"kind"`
	To       string  `json:"to"`
	URL      string  `json:"url"`
	Token    string  `json:"token"`
	NewEmail *string `json:"newEmail"`
}

// outbox captures the Go side's messages.
type outbox struct {
	mu sync.Mutex
	m  []mail
}

func (b *outbox) send(kind string) core.SendEmailFunc {
	return func(_ context.Context, e core.Email) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		var ne *string
		if e.NewEmail != "" {
			ne = &e.NewEmail
		}
		b.m = append(b.m, mail{kind, e.User.Email, e.URL, e.Token, ne})
		return nil
	}
}

func (b *outbox) take() []mail {
	b.mu.Lock()
	defer b.mu.Unlock()
	m := b.m
	b.m = nil
	return m
}

// tsOutbox empties the TypeScript server's outbox.
func tsOutbox(t *testing.T, ts *client) []mail {
	t.Helper()
	res, err := http.Get(ts.origin + "/__test/outbox")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m []mail
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// duo is the two servers of a differential test.
type duo struct {
	t          *testing.T
	goc, ts    *client
	box        *outbox
	goDB, tsDB *sql.DB
	dialect    string
	// unordered compares JSON array answers as sets on MariaDB/MySQL (see
	// TestDifferentialAccounts).
	unordered bool
}

// norm is normalize, with a JSON array body's elements sorted when the
// order is the engine's (d.unordered on MySQL).
func (d *duo) norm(c *client) string {
	s := normalize(c)
	if !d.unordered || d.dialect != core.DialectMySQL {
		return s
	}
	head, body, _ := strings.Cut(s, "\n")
	var elems []json.RawMessage
	if json.Unmarshal([]byte(body), &elems) != nil {
		return s
	}
	var parts []string
	for _, e := range elems {
		parts = append(parts, string(e))
	}
	sort.Strings(parts)
	return head + "\n[" + strings.Join(parts, ",") + "]"
}

// newDuo starts Go with o (box receives its messages; verify also sets
// EmailVerification.SendVerificationEmail) and TypeScript with env.
func newDuo(t *testing.T, dialect string, o core.Options, box *outbox, verify bool, env ...string) *duo {
	t.Helper()
	dir, node := npmWire(t)
	goW, tsW := newWireDB(t, dialect, o, "go"), newWireDB(t, dialect, o, "ts")
	o.Secret, o.Database = testSecret, goW.database()
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	if verify {
		core.SetSendVerificationEmail(t, a, box.send("verify-email"))
	}
	d := &duo{t: t, goc: startServer(t, a), box: box, goDB: goW.db, tsDB: tsW.db, dialect: dialect}
	d.ts = &client{t: t, base: startTS(t, dir, node, tsW.url, env...) + "/api/auth", jar: map[string]string{}}
	d.ts.origin = strings.TrimSuffix(d.ts.base, "/api/auth")
	return d
}

var diffHeaders = []string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}

// step sends one request to both and compares the answers.
func (d *duo) step(method, path string, body any, headers ...string) {
	d.t.Helper()
	d.each(func(c *client, _ *sql.DB) { c.do(method, path, body, append(diffHeaders, headers...)...) })
}

// each runs f on both sides (the client and its database) and compares
// the last answers.
func (d *duo) each(f func(c *client, db *sql.DB)) {
	d.t.Helper()
	f(d.goc, d.goDB)
	f(d.ts, d.tsDB)
	g, w := d.norm(d.goc), d.norm(d.ts)
	if testing.Verbose() {
		d.t.Logf("%s", g)
	}
	if g != w {
		d.t.Errorf("answers differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// mails takes both sides' messages and compares them, links and tokens
// normalized and JWT claims decoded; it returns them (Go's, then TS's).
func (d *duo) mails(want int) (g, w []mail) {
	d.t.Helper()
	g, w = d.box.take(), tsOutbox(d.t, d.ts)
	if len(g) != want || len(w) != want {
		d.t.Fatalf("want %d messages each\ngo %+v\nts %+v", want, g, w)
	}
	for i := range g {
		gs, ws := mailShape(g[i], d.goc.origin), mailShape(w[i], d.ts.origin)
		if testing.Verbose() {
			d.t.Logf("mail %s", gs)
		}
		if gs != ws {
			d.t.Errorf("message %d differs\n--- go\n%s\n--- typescript\n%s", i, gs, ws)
		}
	}
	return g, w
}

// mailShape is a message with its origin and token replaced, and a JWT's
// claims (iat and exp as their difference).
func mailShape(m mail, origin string) string {
	ne := "null"
	if m.NewEmail != nil {
		ne = *m.NewEmail
	}
	url := strings.ReplaceAll(strings.ReplaceAll(m.URL, origin, "<origin>"), m.Token, "<token>")
	s := fmt.Sprintf("%s to=%s newEmail=%s url=%s token=%d chars", m.Kind, m.To, ne, url, len(m.Token))
	if parts := strings.Split(m.Token, "."); len(parts) == 3 {
		h, _ := base64.RawURLEncoding.DecodeString(parts[0])
		p, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var claims map[string]any
		_ = json.Unmarshal(p, &claims)
		iat, _ := claims["iat"].(float64)
		exp, _ := claims["exp"].(float64)
		if now := float64(time.Now().Unix()); iat < now-60 || iat > now+1 {
			s += fmt.Sprintf(" BAD iat %v", iat)
		}
		delete(claims, "iat")
		delete(claims, "exp")
		c, _ := json.Marshal(claims)
		s += fmt.Sprintf("\njwt header %s claims %s lifetime %v", h, c, exp-iat)
		// The claims' key order, as the bytes show it.
		s += "\nkeys " + regexpKeys(string(p))
	}
	return s
}

func regexpKeys(payload string) string {
	var keys []string
	dec := json.NewDecoder(strings.NewReader(payload))
	_, _ = dec.Token()
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		keys = append(keys, fmt.Sprint(k))
		var skip any
		_ = dec.Decode(&skip)
	}
	return strings.Join(keys, ",")
}

// rows compares both databases through query (portableSQL), whose rows
// are printed.
func (d *duo) rows(query string) {
	d.t.Helper()
	query = portableSQL(d.dialect, query)
	g, w := dump(d.t, d.goDB, query), dump(d.t, d.tsDB, query)
	if testing.Verbose() {
		d.t.Logf("rows\n%s", g)
	}
	if g != w {
		d.t.Errorf("rows differ for %s\n--- go\n%s\n--- typescript\n%s", query, g, w)
	}
}

func dump(t *testing.T, db *sql.DB, query string, args ...any) string {
	t.Helper()
	rs, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var b strings.Builder
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v ", cols[i], v)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// The rows the tests compare: users, their accounts and session counts,
// and verification values (prefix, length, whose, lifetime in seconds).
const (
	qUsers    = `SELECT email, name, "emailVerified" FROM "user" ORDER BY email`
	qAccounts = `SELECT u.email, a."providerId", a.scope, a."accountId" = u.id AS own FROM account a LEFT JOIN "user" u ON u.id = a."userId" ORDER BY u.email, a."providerId"`
	qSessions = `SELECT u.email, count(*) AS n FROM session s LEFT JOIN "user" u ON u.id = s."userId" GROUP BY u.email ORDER BY u.email`
	qVerify   = `SELECT substr(v.identifier, 1, 15) AS prefix, length(v.identifier) AS len, u.email, {lifetime} AS lifetime
		FROM verification v LEFT JOIN "user" u ON u.id = v.value ORDER BY u.email, prefix, len`
)

func (d *duo) allRows() {
	d.t.Helper()
	for _, q := range []string{qUsers, qAccounts, qSessions, qVerify} {
		d.rows(q)
	}
}

// link follows a message's link as a browser does: a GET with the
// client's cookies, no Origin, redirects not followed.
func link(c *client, url string) {
	c.t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	var parts []string
	for _, n := range c.order {
		if v, ok := c.jar[n]; ok {
			parts = append(parts, n+"="+v)
		}
	}
	if len(parts) > 0 {
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	for i := 0; i+1 < len(diffHeaders); i += 2 {
		req.Header.Set(diffHeaders[i], diffHeaders[i+1])
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	c.raw, _ = io.ReadAll(res.Body)
	c.status, c.header, c.setCookies = res.StatusCode, res.Header, res.Header.Values("Set-Cookie")
	for _, sc := range c.setCookies {
		pair, attrs, _ := strings.Cut(sc, ";")
		name, value, _ := strings.Cut(pair, "=")
		if value == "" || strings.Contains(strings.ToLower(attrs), "max-age=0") {
			delete(c.jar, name)
		} else {
			c.jar[name] = value
		}
	}
}

// follow opens the i-th message's link on each side with that side's
// client.
func (d *duo) follow(g, w []mail, i int, gc, tc *client) {
	d.t.Helper()
	link(gc, g[i].URL)
	link(tc, w[i].URL)
	gs, ws := normalize(gc), normalize(tc)
	if testing.Verbose() {
		d.t.Logf("follow %s: %s", g[i].Kind, gs)
	}
	if gs != ws {
		d.t.Errorf("following %s differs\n--- go\n%s\n--- typescript\n%s", g[i].Kind, gs, ws)
	}
}

// signUpBoth signs email up on both sides with a fresh pair of clients.
func (d *duo) signUpBoth(email string) (gc, tc *client) {
	d.t.Helper()
	gc, tc = d.goc.clone(), d.ts.clone()
	for _, c := range []*client{gc, tc} {
		c.do("POST", "/sign-up/email", map[string]any{"name": "N", "email": email, "password": password}, diffHeaders...)
		c.expect(200, "*")
	}
	return gc, tc
}

// on runs a step with a given pair of clients.
func (d *duo) on(gc, tc *client, method, path string, body any) {
	d.t.Helper()
	gc.do(method, path, body, diffHeaders...)
	tc.do(method, path, body, diffHeaders...)
	g, w := normalize(gc), normalize(tc)
	if testing.Verbose() {
		d.t.Logf("%s %s %v: %s", method, path, body, g)
	}
	if g != w {
		d.t.Errorf("%s %s %v differs\n--- go\n%s\n--- typescript\n%s", method, path, body, g, w)
	}
}

func TestDifferentialDeleteUser(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		o := enabled(core.Options{User: core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true}}})
		d := newDuo(t, dialect, o, &outbox{}, false, `OPTIONS={"user":{"deleteUser":{"enabled":true}}}`)
		d.step("POST", "/delete-user", map[string]any{})
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		d.step("POST", "/delete-user", `[]`)
		d.step("POST", "/delete-user", nil)
		d.step("POST", "/delete-user", map[string]any{"password": 1, "token": false, "callbackURL": 2})
		d.step("POST", "/delete-user", map[string]any{"password": 1, "token": false})
		d.step("POST", "/delete-user", map[string]any{"password": "wrong password"})
		d.step("POST", "/delete-user", map[string]any{"token": "not-a-token"})
		d.step("POST", "/delete-user", map[string]any{"callbackURL": "https://evil.example/"})
		d.allRows()
		d.step("POST", "/delete-user", map[string]any{"callbackURL": "/bye"})
		d.step("GET", "/get-session", nil)
		d.step("POST", "/sign-up/email", map[string]any{"name": "B", "email": "b@example.com", "password": password})
		d.step("POST", "/sign-up/email", map[string]any{"name": "C", "email": "c@example.com", "password": password})
		d.step("POST", "/delete-user", map[string]any{"password": password})
		d.step("POST", "/delete-user", map[string]any{"password": password})
		d.allRows()
		d.step("GET", "/delete-user/callback", nil)
		d.step("GET", "/delete-user/callback?token=a&token=b&callbackURL=/x&callbackURL=/y", nil)
		d.step("GET", "/delete-user/callback?token=x", nil)
		d.step("GET", "/delete-user/callback?token=x&callbackURL=https://evil.example/", nil)
		d.step("GET", "/delete-user/callback?token=x&callbackURL=/fine", nil)
		d.step("POST", "/sign-in/email", map[string]any{"email": "b@example.com", "password": password})
		d.step("GET", "/delete-user/callback?token=x&callbackURL=/fine", nil)
		d.step("POST", "/unlink-account", map[string]any{"accountId": "x"})
		d.allRows()
	})
}

func TestDifferentialDeleteUserDisabled(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		d := newDuo(t, dialect, enabled(core.Options{}), &outbox{}, false)
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		d.step("POST", "/delete-user", map[string]any{})
		d.step("POST", "/delete-user", map[string]any{"password": "wrong"})
		d.step("GET", "/delete-user/callback?token=x", nil)
		d.step("POST", "/change-email", map[string]any{"newEmail": "b@example.com"})
		d.step("POST", "/change-email", map[string]any{"newEmail": "A@example.com"})
		d.allRows()
	})
}

func TestDifferentialDeleteUserStaleSession(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		o := enabled(core.Options{User: core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true}},
			Session: core.SessionOptions{FreshAge: time.Second}})
		d := newDuo(t, dialect, o, &outbox{}, false, `OPTIONS={"user":{"deleteUser":{"enabled":true}},"session":{"freshAge":1}}`)
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		time.Sleep(1100 * time.Millisecond)
		d.step("POST", "/delete-user", map[string]any{})
		d.step("POST", "/unlink-account", map[string]any{"accountId": "x"})
		d.step("POST", "/delete-user", map[string]any{"password": "wrong password"})
		d.allRows()
		d.step("POST", "/delete-user", map[string]any{"password": password})
		d.allRows()
	})
}

func TestDifferentialDeleteUserVerification(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &outbox{}
		o := enabled(core.Options{User: core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true,
			SendDeleteAccountVerification: box.send("delete-user")}}})
		d := newDuo(t, dialect, o, box, false, "CAPTURE_EMAIL=1", `OPTIONS={"user":{"deleteUser":{"enabled":true}}}`)
		ga, ta := d.signUpBoth("a@example.com")
		d.on(ga, ta, "POST", "/delete-user", map[string]any{"password": "wrong password"})
		d.on(ga, ta, "POST", "/delete-user", map[string]any{"callbackURL": "/bye?x=1&y=2"})
		g, w := d.mails(1)
		d.allRows()
		// Without a session the link does nothing (the token survives).
		d.follow(g, w, 0, d.goc.clone(), d.ts.clone())
		d.rows(qVerify)
		// Another user's session cannot use it, and it is spent.
		gb, tb := d.signUpBoth("b@example.com")
		d.follow(g, w, 0, gb, tb)
		d.allRows()
		d.on(ga, ta, "POST", "/delete-user", map[string]any{})
		g, w = d.mails(1)
		d.follow(g, w, 0, ga, ta)
		d.on(ga, ta, "GET", "/get-session", nil)
		d.allRows()
		d.follow(g, w, 0, ga, ta)
		// The token in the body, with the password checked first.
		d.on(gb, tb, "POST", "/delete-user", map[string]any{"password": password})
		g, w = d.mails(1)
		d.on(gb, tb, "POST", "/delete-user", map[string]any{"token": "wrong"})
		d.on(gb, tb, "POST", "/delete-user", map[string]any{"token": g[0].Token, "password": "wrong password"})
		gb.do("POST", "/delete-user", map[string]any{"token": g[0].Token}, diffHeaders...)
		tb.do("POST", "/delete-user", map[string]any{"token": w[0].Token}, diffHeaders...)
		if gs, ws := normalize(gb), normalize(tb); gs != ws {
			t.Errorf("delete-user with its token\n--- go\n%s\n--- typescript\n%s", gs, ws)
		}
		d.allRows()
	})
}

func TestDifferentialChangeEmail(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		o := enabled(core.Options{User: core.UserOptions{ChangeEmail: core.ChangeEmail{Enabled: true, UpdateEmailWithoutVerification: true}}})
		d := newDuo(t, dialect, o, &outbox{}, false, `OPTIONS={"user":{"changeEmail":{"enabled":true,"updateEmailWithoutVerification":true}}}`)
		d.step("POST", "/change-email", map[string]any{"newEmail": "x@example.com"})
		d.step("POST", "/sign-up/email", map[string]any{"name": "T", "email": "taken@example.com", "password": password})
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		d.step("POST", "/change-email", map[string]any{"newEmail": "not an email"})
		d.step("POST", "/change-email", map[string]any{"newEmail": 1, "callbackURL": 2})
		d.step("POST", "/change-email", `[]`)
		d.step("POST", "/change-email", map[string]any{"newEmail": "A@Example.com"})
		d.step("POST", "/change-email", map[string]any{"newEmail": "TAKEN@example.com"})
		d.step("POST", "/change-email", map[string]any{"newEmail": "x@example.com", "callbackURL": "https://evil.example/"})
		d.allRows()
		d.step("POST", "/change-email", map[string]any{"newEmail": "New@Example.com", "callbackURL": "/done"})
		d.step("GET", "/get-session", nil)
		d.allRows()
		// The credential account keeps its accountId: signing in by the new
		// address works, by the old one not.
		d.step("POST", "/sign-in/email", map[string]any{"email": "a@example.com", "password": password})
		d.step("POST", "/sign-in/email", map[string]any{"email": "new@example.com", "password": password})
		// A verified user has no flow without SendVerificationEmail.
		d.each(func(c *client, db *sql.DB) {
			if _, err := db.Exec(portableSQL(dialect, `UPDATE "user" SET "emailVerified" = true`)); err != nil {
				t.Fatal(err)
			}
			c.do("POST", "/change-email", map[string]any{"newEmail": "other@example.com"}, diffHeaders...)
		})
		d.step("POST", "/change-email", map[string]any{"newEmail": "taken@example.com"})
		d.allRows()
	})
}

func TestDifferentialChangeEmailVerification(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &outbox{}
		o := enabled(core.Options{User: core.UserOptions{ChangeEmail: core.ChangeEmail{Enabled: true, UpdateEmailWithoutVerification: true,
			SendChangeEmailConfirmation: box.send("change-email")}}})
		d := newDuo(t, dialect, o, box, true, "CAPTURE_EMAIL=1", `OPTIONS={"user":{"changeEmail":{"enabled":true,"updateEmailWithoutVerification":true}}}`)
		d.step("POST", "/sign-up/email", map[string]any{"name": "T", "email": "taken@example.com", "password": password})
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		d.mails(0)
		// Unverified: changed at once, and the new address gets a link.
		d.step("POST", "/change-email", map[string]any{"newEmail": "B@example.com", "callbackURL": "/cb?a=1&b=2"})
		d.mails(1)
		d.allRows()
		d.step("POST", "/change-email", map[string]any{"newEmail": "taken@example.com"})
		d.mails(0)
		// Verified: the current address confirms.
		d.each(func(c *client, db *sql.DB) {
			if _, err := db.Exec(portableSQL(dialect, `UPDATE "user" SET "emailVerified" = true`)); err != nil {
				t.Fatal(err)
			}
			c.do("POST", "/change-email", map[string]any{"newEmail": "c@example.com"}, diffHeaders...)
		})
		d.mails(1)
		d.allRows()
	})
}

func TestDifferentialChangeEmailNewAddressVerifies(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &outbox{}
		o := enabled(core.Options{User: core.UserOptions{ChangeEmail: core.ChangeEmail{Enabled: true}}})
		d := newDuo(t, dialect, o, box, true, "CAPTURE_EMAIL=1",
			`OPTIONS={"user":{"changeEmail":{"enabled":true,"sendChangeEmailConfirmation":null}}}`)
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		// Unverified without updateEmailWithoutVerification, then verified:
		// the new address gets the link either way.
		d.step("POST", "/change-email", map[string]any{"newEmail": "b@example.com"})
		d.mails(1)
		d.each(func(c *client, db *sql.DB) {
			if _, err := db.Exec(portableSQL(dialect, `UPDATE "user" SET "emailVerified" = true`)); err != nil {
				t.Fatal(err)
			}
			c.do("POST", "/change-email", map[string]any{"newEmail": "c@example.com", "callbackURL": "/x"}, diffHeaders...)
		})
		d.mails(1)
		d.allRows()
	})
}

// addAccount inserts a provider account for email's user, as a social
// sign-in would have.
// (SQLite stores dates as the handler writes them, ISO strings; the other
// engines take a time.)
func addAccount(t *testing.T, dialect string, db *sql.DB, email, provider, scope string) {
	t.Helper()
	var now any = time.Now().UTC().Truncate(time.Millisecond)
	if dialect == core.DialectSQLite {
		now = now.(time.Time).Format("2006-01-02T15:04:05.000Z")
	}
	_, err := db.Exec(portableSQL(dialect, `INSERT INTO account (id, "accountId", "providerId", "userId", "accessToken", "refreshToken", "idToken", scope, "createdAt", "updatedAt")
		SELECT ?, ?, ?, id, 'at', 'rt', 'it', ?, ?, ? FROM "user" WHERE email = ?`),
		"acc-"+provider+"-"+email, "remote-"+provider, provider, scope, now, now, email)
	if err != nil {
		t.Fatal(err)
	}
}

func TestDifferentialAccounts(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		d := newDuo(t, dialect, enabled(core.Options{}), &outbox{}, false)
		// 1.7.5 lists a user's accounts without an ORDER BY. On MariaDB
		// InnoDB reads them through the userId index, in the order of their
		// ids, and the credential account's id is random: each server's
		// order depends on its own random id (seen: Go's credential account
		// last, TypeScript's first). Go's query is the same, so the
		// elements are compared, not their order, there; SQLite and
		// PostgreSQL answer in insertion order and stay compared as they
		// are.
		d.unordered = true
		d.step("GET", "/list-accounts", nil)
		d.step("POST", "/unlink-account", map[string]any{"accountId": "x"})
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		d.step("GET", "/list-accounts", nil)
		d.step("POST", "/unlink-account", map[string]any{})
		d.step("POST", "/unlink-account", `[]`)
		d.step("POST", "/unlink-account", map[string]any{"accountId": "nope"})
		d.each(func(c *client, db *sql.DB) {
			addAccount(t, dialect, db, "a@example.com", "github", "read:user, user:email,,repo ")
			addAccount(t, dialect, db, "a@example.com", "google", "")
			c.do("GET", "/list-accounts", nil, diffHeaders...)
		})
		d.step("POST", "/unlink-account", map[string]any{"accountId": "nope"})
		d.step("POST", "/unlink-account", map[string]any{"accountId": "acc-github-a@example.com"})
		d.step("POST", "/unlink-account", map[string]any{"accountId": "acc-github-a@example.com"})
		d.allRows()
		d.step("POST", "/unlink-account", map[string]any{"accountId": "acc-google-a@example.com"})
		d.step("GET", "/list-accounts", nil)
		// The last account stays.
		d.each(func(c *client, db *sql.DB) {
			var id string
			if err := db.QueryRow(`SELECT id FROM account`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			c.do("POST", "/unlink-account", map[string]any{"accountId": id}, diffHeaders...)
		})
		d.allRows()
	})
}

func TestDifferentialUnlinkAll(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		o := enabled(core.Options{Account: core.AccountOptions{AccountLinking: core.AccountLinking{AllowUnlinkingAll: true}}})
		d := newDuo(t, dialect, o, &outbox{}, false, `OPTIONS={"account":{"accountLinking":{"allowUnlinkingAll":true}}}`)
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		d.each(func(c *client, db *sql.DB) {
			var id string
			if err := db.QueryRow(`SELECT id FROM account`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			c.do("POST", "/unlink-account", map[string]any{"accountId": id}, diffHeaders...)
		})
		d.step("GET", "/list-accounts", nil)
		d.step("POST", "/unlink-account", map[string]any{"accountId": "x"})
		d.allRows()
	})
}

func TestDifferentialUpdateSession(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		no := false
		o := enabled(core.Options{Session: core.SessionOptions{AdditionalFields: []core.Field{
			{Name: "theme", Type: core.TypeString, Required: core.Optional},
			{Name: "locked", Type: core.TypeString, Required: core.Optional, Input: &no},
		}}})
		d := newDuo(t, dialect, o, &outbox{}, false, `OPTIONS={"session":{"additionalFields":{"theme":{"type":"string","required":false},"locked":{"type":"string","required":false,"input":false}}}}`)
		d.step("POST", "/update-session", map[string]any{"theme": "dark"})
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		d.step("POST", "/update-session", `[]`)
		d.step("POST", "/update-session", `"x"`)
		d.step("POST", "/update-session", map[string]any{})
		d.step("POST", "/update-session", map[string]any{"token": "x", "userId": "y", "expiresAt": "2000-01-01T00:00:00.000Z"})
		d.step("POST", "/update-session", map[string]any{"locked": "yes"})
		d.step("POST", "/update-session", map[string]any{"locked": ""})
		d.step("POST", "/update-session", map[string]any{"theme": "dark", "token": "ignored"})
		d.step("GET", "/get-session", nil)
		d.step("POST", "/update-session", map[string]any{"theme": nil})
		d.step("GET", "/get-session", nil)
		d.rows(`SELECT theme, locked, length(token) FROM session`)
	})
}

// TestDifferentialChangeEmailConfirmationNeedsVerified: with a
// confirmation function but an unverified user (and no update without
// verification), the new address gets the link, not the current one.
func TestDifferentialChangeEmailConfirmationNeedsVerified(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &outbox{}
		o := enabled(core.Options{User: core.UserOptions{ChangeEmail: core.ChangeEmail{Enabled: true,
			SendChangeEmailConfirmation: box.send("change-email")}}})
		d := newDuo(t, dialect, o, box, true, "CAPTURE_EMAIL=1", `OPTIONS={"user":{"changeEmail":{"enabled":true}}}`)
		d.step("POST", "/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
		d.step("POST", "/change-email", map[string]any{"newEmail": "b@example.com"})
		d.mails(1)
		d.allRows()
	})
}
