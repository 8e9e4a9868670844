package core_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// Differential tests of the email endpoints (verifyemail.go,
// resetpassword.go) against Better Auth 1.7.5: both servers capture the
// mail they send (Go with its own send functions, TypeScript with
// CAPTURE_EMAIL=1), each step may follow the link its server last sent,
// and the answers, the mail and, at the end, the rows must agree.

// sentMail is one captured message.
type sentMail struct {
	Kind     string `json:"kind"`
	To       string `json:"to"`
	URL      string `json:"url"`
	Token    string `json:"token"`
	NewEmail string `json:"newEmail"`
}

// mailbox captures the Go handler's mail.
type mailbox struct {
	mu   sync.Mutex
	list []sentMail
}

func (b *mailbox) send(kind string) core.SendEmailFunc {
	return func(_ context.Context, e core.Email) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.list = append(b.list, sentMail{Kind: kind, To: e.User.Email, URL: e.URL, Token: e.Token, NewEmail: e.NewEmail})
		return nil
	}
}

func (b *mailbox) drain() []sentMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.list
	b.list = nil
	return out
}

// tsMailbox empties the TypeScript server's outbox.
func tsMailbox(t *testing.T, origin string) []sentMail {
	t.Helper()
	res, err := http.Get(origin + "/__test/outbox")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out []sentMail
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("outbox: %s: %v", raw, err)
	}
	return out
}

// emailPair is the Go handler and the TypeScript server, each on its own
// database (of the test's dialect), with their mail.
type emailPair struct {
	t          *testing.T
	goc, ts    *client
	box        *mailbox
	goDB, tsDB wireDB
	// The last link and token each server sent.
	goLink, tsLink, goToken, tsToken string
}

// newEmailPair starts both servers: o for Go (box captures its mail when
// o's send functions use it) and tsOptions (JSON, deep-merged) for
// TypeScript, which captures every mail.
func newEmailPair(t *testing.T, dialect string, o core.Options, box *mailbox, tsOptions string) *emailPair {
	t.Helper()
	dir, node := npmWire(t)
	goDB, tsDB := newWireDB(t, dialect, o, "go"), newWireDB(t, dialect, o, "ts")
	o.Secret, o.Database = testSecret, goDB.database()
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	p := &emailPair{t: t, goc: startServer(t, a), box: box, goDB: goDB, tsDB: tsDB}
	env := []string{"CAPTURE_EMAIL=1"}
	if tsOptions != "" {
		env = append(env, "OPTIONS="+tsOptions)
	}
	p.ts = &client{t: t, base: startTS(t, dir, node, tsDB.url, env...) + "/api/auth", jar: map[string]string{}}
	p.ts.origin = strings.TrimSuffix(p.ts.base, "/api/auth")
	return p
}

// fill puts a server's last link ({link}, the path after the base),
// token ({token}) and origin ({origin}) into a path or body.
func fill(s, link, token, origin string) string {
	return strings.NewReplacer("{link}", link, "{token}", token, "{origin}", origin).Replace(s)
}

func fillBody(body any, link, token, origin string) any {
	switch b := body.(type) {
	case string:
		return fill(b, link, token, origin)
	case map[string]any:
		out := map[string]any{}
		for k, v := range b {
			if s, ok := v.(string); ok {
				v = fill(s, link, token, origin)
			}
			out[k] = v
		}
		return out
	}
	return body
}

var (
	normJWT       = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
	normResetTok  = regexp.MustCompile(`(token=|reset-password/|"token":")[A-Za-z0-9]{24}\b`)
	normResetTok2 = regexp.MustCompile(`^[A-Za-z0-9]{24}$`)
)

// normalizeMail is one server's answer and mail, with its origin, JWTs and
// reset tokens replaced by placeholders.
func normalizeMail(c *client, mails []sentMail) string {
	var b strings.Builder
	b.WriteString(normalize(c))
	for _, m := range mails {
		tok := normJWT.ReplaceAllString(m.Token, "<jwt>")
		tok = normResetTok2.ReplaceAllString(tok, "<reset-token>")
		fmt.Fprintf(&b, "\nmail %s to=%s newEmail=%s token=%s url=%s", m.Kind, m.To, m.NewEmail, tok, m.URL)
	}
	out := strings.ReplaceAll(b.String(), c.origin, "<origin>")
	out = normJWT.ReplaceAllString(out, "<jwt>")
	return normResetTok.ReplaceAllString(out, "$1<reset-token>")
}

// step sends one request to both servers and requires the same answer
// and mail.
func (p *emailPair) step(i int, s diffStep) {
	t := p.t
	t.Helper()
	h := append([]string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}, s.headers...)
	p.goc.do(s.method, fill(s.path, p.goLink, p.goToken, p.goc.origin), fillBody(s.body, p.goLink, p.goToken, p.goc.origin), h...)
	p.ts.do(s.method, fill(s.path, p.tsLink, p.tsToken, p.ts.origin), fillBody(s.body, p.tsLink, p.tsToken, p.ts.origin), h...)
	gm, tm := p.box.drain(), tsMailbox(t, p.ts.origin)
	if len(gm) > 0 {
		p.goLink, p.goToken = strings.TrimPrefix(gm[len(gm)-1].URL, p.goc.base), gm[len(gm)-1].Token
	}
	if len(tm) > 0 {
		p.tsLink, p.tsToken = strings.TrimPrefix(tm[len(tm)-1].URL, p.ts.base), tm[len(tm)-1].Token
	}
	g, w := normalizeMail(p.goc, gm), normalizeMail(p.ts, tm)
	if testing.Verbose() {
		t.Logf("step %d: %s %s %v\n%s", i, s.method, s.path, s.body, g)
	}
	if g != w {
		t.Errorf("step %d: %s %s %v\n--- go\n%s\n--- typescript\n%s", i, s.method, s.path, s.body, g, w)
	}
}

func (p *emailPair) run(steps []diffStep) {
	p.t.Helper()
	for i, s := range steps {
		p.step(i, s)
	}
	g, w := dumpEmailRows(p.t, p.goDB), dumpEmailRows(p.t, p.tsDB)
	if testing.Verbose() {
		p.t.Logf("rows\n%s", g)
	}
	if g != w {
		p.t.Errorf("rows differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// dumpEmailRows lists what the email endpoints write, without ids,
// dates, tokens or hashes: users, credential accounts, sessions per user
// and verification rows per kind and user.
func dumpEmailRows(t *testing.T, w wireDB) string {
	t.Helper()
	db := w.db
	var b strings.Builder
	for _, q := range []string{
		`SELECT email, name, "emailVerified" FROM "user" ORDER BY email`,
		`SELECT u.email, a."providerId", a."accountId" = u.id, a.password IS NOT NULL FROM account a JOIN "user" u ON u.id = a."userId" ORDER BY u.email`,
		`SELECT u.email, count(*) FROM session s JOIN "user" u ON u.id = s."userId" GROUP BY u.email ORDER BY u.email`,
		`SELECT substr(v.identifier, 1, instr(v.identifier, ':')), coalesce(u.email, v.value), length(v.identifier) FROM verification v LEFT JOIN "user" u ON u.id = v.value ORDER BY 1, 2, 3`,
	} {
		q = portableSQL(w.dialect, q)
		rows, err := db.Query(q)
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

// craftJWT signs payload as jose's SignJWT does (HS256 with the secret's
// bytes), computed independently of the package.
func craftJWT(secret, payload string) string {
	s := "eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload))
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(s))
	return s + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func emailClaims(email string, extra string, exp int64) string {
	now := time.Now().Unix()
	return fmt.Sprintf(`{"email":%q%s,"iat":%d,"exp":%d}`, email, extra, now, now+exp)
}

// TestDifferentialEmailVerification compares sign-up and sign-in with
// required verification, send-verification-email and verify-email
// (links, errors, redirects, auto sign-in) with Better Auth 1.7.5.
func TestDifferentialEmailVerification(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &mailbox{}
		o := core.Options{
			EmailAndPassword: core.EmailAndPassword{Enabled: true, RequireEmailVerification: true},
			EmailVerification: core.EmailVerification{SendVerificationEmail: box.send("verify-email"), SendOnSignIn: true,
				AutoSignInAfterVerification: true},
		}
		p := newEmailPair(t, dialect, o, box, `{"emailAndPassword":{"requireEmailVerification":true},"emailVerification":{"sendOnSignIn":true,"autoSignInAfterVerification":true}}`)
		a := "Verify.Me@Example.com"
		up := map[string]any{"name": "V", "email": a, "password": password, "callbackURL": "/welcome"}
		expired := craftJWT(testSecret, emailClaims("verify.me@example.com", "", -10))
		unknown := craftJWT(testSecret, emailClaims("nobody@example.com", "", 600))
		forged := craftJWT("another-secret-0123456789abcdefghijklmnop", emailClaims("verify.me@example.com", "", 600))
		p.run([]diffStep{
			{"POST", "/sign-up/email", up, nil},
			{"POST", "/sign-up/email", up, nil},
			{"POST", "/sign-in/email", map[string]any{"email": a, "password": password, "callbackURL": "/after"}, nil},
			{"POST", "/sign-in/email", map[string]any{"email": a, "password": "wrong password"}, nil},
			{"POST", "/send-verification-email", map[string]any{"email": a}, nil},
			{"POST", "/send-verification-email", map[string]any{"email": "nobody@example.com"}, nil},
			{"POST", "/send-verification-email", map[string]any{"email": "not an email"}, nil},
			{"POST", "/send-verification-email", map[string]any{}, nil},
			{"POST", "/send-verification-email", map[string]any{"email": a, "callbackURL": "https://evil.example/x"}, nil},
			{"GET", "/verify-email", nil, nil},
			{"GET", "/verify-email?token=a&token=b", nil, nil},
			{"GET", "/verify-email?token=garbage", nil, nil},
			{"GET", "/verify-email?token=garbage&callbackURL=/cb", nil, nil},
			{"GET", "/verify-email?token=" + expired, nil, nil},
			{"GET", "/verify-email?token=" + expired + "&callbackURL=/cb%3Fx%3D1", nil, nil},
			{"GET", "/verify-email?token=" + forged, nil, nil},
			{"GET", "/verify-email?token=x&callbackURL=%2Fsign-in%3FverifiedEmail%3Dtest%252Buser%2540example.com", nil, nil},
			{"GET", "/verify-email?token=x&callbackURL=%2Fa%20b%C3%A9%3Fq%3D1%202%27%3C%3E%C3%A9%26%23frag%20x", nil, nil},
			{"GET", "/verify-email?token=x&callbackURL=%2Fa%3F%23", nil, nil},
			{"GET", "/verify-email?token=x&callbackURL=%2Fa%3F", nil, nil},
			{"GET", "/verify-email?token=x&callbackURL=%2Fa%3Fb%26", nil, nil},
			{"GET", "/verify-email?token=x&callbackURL=%2F%2Fevil.example", nil, nil},
			{"GET", "/verify-email?token=x&callbackURL=%2F..%2F.%2Fa%2F..%2Fb", nil, nil},
			{"GET", "/verify-email?token=x&callbackURL={origin}", nil, nil},
			{"GET", "/verify-email?token=x&callbackURL={origin}%2Fp%20q%2F.%2Fr%3Fz%3D1%23f", nil, nil},
			{"GET", "/verify-email?token=" + unknown + "&callbackURL=/cb", nil, nil},
			{"GET", "/verify-email?token=" + unknown, nil, nil},
			{"GET", "/verify-email?token={token}&callbackURL=https://evil.example/", nil, nil},
			// The link from send-verification-email: verified, signed in.
			{"GET", "{link}", nil, nil},
			{"GET", "/get-session", nil, nil},
			{"GET", "{link}", nil, nil},
			{"GET", "/verify-email?token={token}", nil, nil},
			{"POST", "/send-verification-email", map[string]any{"email": a}, nil},
			{"POST", "/send-verification-email", map[string]any{"email": "other@example.com"}, nil},
			{"POST", "/sign-in/email", map[string]any{"email": a, "password": password}, nil},
			{"POST", "/sign-out", map[string]any{}, nil},
			{"POST", "/send-verification-email", map[string]any{"email": a}, nil},
		})
	})
}

// TestDifferentialEmailVerificationJSON compares sendOnSignUp without
// requireEmailVerification, and verify-email without a callbackURL for a
// user who is signed in already (auto sign-in keeps that session).
func TestDifferentialEmailVerificationJSON(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &mailbox{}
		o := core.Options{
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			EmailVerification: core.EmailVerification{SendVerificationEmail: box.send("verify-email"), SendOnSignUp: core.Bool(true),
				AutoSignInAfterVerification: true},
		}
		p := newEmailPair(t, dialect, o, box, `{"emailVerification":{"sendOnSignUp":true,"autoSignInAfterVerification":true}}`)
		p.run([]diffStep{
			{"POST", "/sign-up/email", map[string]any{"name": "J", "email": "j@example.com", "password": password}, nil},
			{"GET", "/get-session", nil, nil},
			{"POST", "/send-verification-email", map[string]any{"email": "J@EXAMPLE.COM", "callbackURL": "/done?x=1"}, nil},
			{"GET", "/verify-email?token={token}", nil, nil},
			{"GET", "/get-session", nil, nil},
			{"POST", "/send-verification-email", map[string]any{"email": "j@example.com"}, nil},
		})
	})
}

// TestDifferentialSendOnSignUpFalse: sendOnSignUp false wins over
// requireEmailVerification, and sendOnSignIn is off by default.
func TestDifferentialSendOnSignUpFalse(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &mailbox{}
		o := core.Options{
			EmailAndPassword:  core.EmailAndPassword{Enabled: true, RequireEmailVerification: true},
			EmailVerification: core.EmailVerification{SendVerificationEmail: box.send("verify-email"), SendOnSignUp: core.Bool(false)},
		}
		p := newEmailPair(t, dialect, o, box, `{"emailAndPassword":{"requireEmailVerification":true},"emailVerification":{"sendOnSignUp":false}}`)
		p.run([]diffStep{
			{"POST", "/sign-up/email", map[string]any{"name": "N", "email": "n@example.com", "password": password}, nil},
			{"POST", "/sign-in/email", map[string]any{"email": "n@example.com", "password": password}, nil},
		})
	})
}

// TestDifferentialChangeEmailTokens compares verify-email on the tokens
// change-email issues (crafted here with the shared secret): the
// confirmation of the current address, the verification of the new one,
// and the legacy flow without a requestType.
func TestDifferentialChangeEmailTokens(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &mailbox{}
		o := core.Options{
			EmailAndPassword:  core.EmailAndPassword{Enabled: true},
			EmailVerification: core.EmailVerification{SendVerificationEmail: box.send("verify-email")},
		}
		p := newEmailPair(t, dialect, o, box, "")
		confirm := craftJWT(testSecret, emailClaims("c@example.com", `,"updateTo":"second@example.com","requestType":"change-email-confirmation"`, 600))
		legacy := craftJWT(testSecret, emailClaims("second@example.com", `,"updateTo":"third@example.com"`, 600))
		verify := craftJWT(testSecret, emailClaims("third@example.com", `,"updateTo":"Fourth@Example.com","requestType":"change-email-verification"`, 600))
		stranger := craftJWT(testSecret, emailClaims("s@example.com", `,"updateTo":"x@example.com"`, 600))
		p.run([]diffStep{
			{"POST", "/sign-up/email", map[string]any{"name": "S", "email": "s@example.com", "password": password}, nil},
			{"POST", "/sign-up/email", map[string]any{"name": "C", "email": "c@example.com", "password": password}, nil},
			// Signed in as c: a token for s is refused.
			{"GET", "/verify-email?token=" + stranger, nil, nil},
			{"GET", "/verify-email?token=" + stranger + "&callbackURL=/cb", nil, nil},
			{"GET", "/verify-email?token=" + confirm, nil, nil},
			{"GET", "{link}", nil, nil},
			{"GET", "/get-session", nil, nil},
			{"GET", "/verify-email?token=" + legacy + "&callbackURL=/moved", nil, nil},
			{"GET", "/get-session", nil, nil},
			{"GET", "{link}", nil, nil},
			{"GET", "/get-session", nil, nil},
			// Signed out: the verification signs the user in.
			{"POST", "/sign-out", map[string]any{}, nil},
			{"GET", "/verify-email?token=" + verify, nil, nil},
			{"GET", "/get-session", nil, nil},
			{"GET", "/verify-email?token=" + verify, nil, nil},
		})
	})
}

// TestDifferentialPasswordReset compares request-password-reset, the
// reset link, reset-password (with revokeSessionsOnPasswordReset) and
// verify-password with Better Auth 1.7.5.
func TestDifferentialPasswordReset(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		box := &mailbox{}
		o := core.Options{EmailAndPassword: core.EmailAndPassword{Enabled: true, SendResetPassword: box.send("reset-password"),
			RevokeSessionsOnPasswordReset: true}}
		p := newEmailPair(t, dialect, o, box, `{"emailAndPassword":{"revokeSessionsOnPasswordReset":true}}`)
		r := "Reset@Example.com"
		const newPassword = "a new password!"
		p.run([]diffStep{
			{"POST", "/sign-up/email", map[string]any{"name": "R", "email": r, "password": password}, nil},
			{"POST", "/request-password-reset", map[string]any{"email": "RESET@example.com", "redirectTo": "/reset?from=mail"}, nil},
			{"POST", "/request-password-reset", map[string]any{"email": "nobody@example.com"}, nil},
			{"POST", "/request-password-reset", map[string]any{"email": r, "redirectTo": "https://evil.example/"}, nil},
			{"POST", "/request-password-reset", map[string]any{"email": "x"}, nil},
			{"GET", "{link}", nil, nil},
			{"GET", "/reset-password/{token}?callbackURL=https://evil.example/", nil, nil},
			{"GET", "/reset-password/{token}", nil, nil},
			{"GET", "/reset-password/nope?callbackURL=/reset", nil, nil},
			// The callback's query is re-serialized, its token replaced.
			{"GET", "/reset-password/nope?callbackURL=%2Fx%2520y%3Fa%3Db%2Bc%26token%3Dold%23frag", nil, nil},
			{"GET", "/reset-password/{token}?callbackURL=%2Fx%2520y%3Fa%3Db%2Bc%26token%3Dold%26token%3Dtwo", nil, nil},
			{"GET", "/reset-password/", nil, nil},
			{"GET", "/reset-password/nope?callbackURL=%2Fa%20b%C3%A9%2F..%2Fc%3Fq%3D1%202%27%C3%A9%23frag%20x", nil, nil},
			{"GET", "/reset-password/nope?callbackURL=reset%2Fpage", nil, nil},
			{"GET", "/reset-password/nope?callbackURL=%2Fa%5Cb%3F%3D%26x", nil, nil},
			{"GET", "/reset-password/nope?callbackURL={origin}%2Fr%3Fa%3D1%26error%3Dold", nil, nil},
			{"GET", "/reset-password/{token}?callbackURL={origin}", nil, nil},
			{"POST", "/reset-password", map[string]any{"newPassword": "short", "token": "{token}"}, nil},
			{"POST", "/reset-password", map[string]any{"newPassword": strings.Repeat("x", 129), "token": "{token}"}, nil},
			{"POST", "/reset-password", map[string]any{"newPassword": newPassword}, nil},
			{"POST", "/reset-password", map[string]any{"newPassword": newPassword, "token": "wrong-token"}, nil},
			{"POST", "/reset-password", map[string]any{"token": "{token}"}, nil},
			{"POST", "/reset-password", map[string]any{"newPassword": newPassword, "token": "{token}"}, nil},
			{"POST", "/reset-password", map[string]any{"newPassword": newPassword, "token": "{token}"}, nil},
			{"GET", "/get-session", nil, nil},
			{"POST", "/sign-in/email", map[string]any{"email": r, "password": password}, nil},
			{"POST", "/sign-in/email", map[string]any{"email": r, "password": newPassword}, nil},
			{"POST", "/verify-password", map[string]any{"password": newPassword}, nil},
			{"POST", "/verify-password", map[string]any{"password": password}, nil},
			{"POST", "/verify-password", map[string]any{}, nil},
			// The token in the query.
			{"POST", "/request-password-reset", map[string]any{"email": r}, nil},
			{"POST", "/reset-password?token={token}", map[string]any{"newPassword": "third password"}, nil},
			{"POST", "/sign-in/email", map[string]any{"email": r, "password": "third password"}, nil},
			{"POST", "/sign-out", map[string]any{}, nil},
			{"POST", "/verify-password", map[string]any{"password": "third password"}, nil},
		})
	})
}

// TestDifferentialEmailDisabled: without send functions the endpoints
// answer as Better Auth does.
func TestDifferentialEmailDisabled(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		p := newEmailPair(t, dialect, core.Options{EmailAndPassword: core.EmailAndPassword{Enabled: true, RequireEmailVerification: true}}, &mailbox{},
			`{"emailAndPassword":{"requireEmailVerification":true,"sendResetPassword":null},"emailVerification":{"sendVerificationEmail":null,"sendOnSignIn":true}}`)
		p.run([]diffStep{
			{"POST", "/sign-up/email", map[string]any{"name": "D", "email": "d@example.com", "password": password}, nil},
			{"POST", "/sign-in/email", map[string]any{"email": "d@example.com", "password": password}, nil},
			{"POST", "/send-verification-email", map[string]any{"email": "d@example.com"}, nil},
			{"POST", "/send-verification-email", map[string]any{"email": "bad"}, nil},
			{"POST", "/request-password-reset", map[string]any{"email": "d@example.com"}, nil},
			{"POST", "/reset-password", map[string]any{"newPassword": "whatever long", "token": "nope"}, nil},
		})
	})
}

// TestSharedDatabaseEmail: Go and the TypeScript server on one database
// (each dialect) accept each other's verification links, reset tokens and
// change-email links, and a reset token used on one is spent on the other.
func TestSharedDatabaseEmail(t *testing.T) {
	forEachDialect(t, testSharedDatabaseEmail)
}

func testSharedDatabaseEmail(t *testing.T, dialect string) {
	dir, node := npmWire(t)
	path, db := sharedDB(t, dialect)
	box := &mailbox{}
	a := core.New(enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: db},
		EmailAndPassword:  core.EmailAndPassword{SendResetPassword: box.send("reset-password")},
		EmailVerification: core.EmailVerification{SendVerificationEmail: box.send("verify-email")}}))
	createTables(t, db, dialect, a)
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, path, "CAPTURE_EMAIL=1", `OPTIONS={"user":{"changeEmail":{"enabled":true}}}`) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	tsMail := func() sentMail {
		t.Helper()
		m := tsMailbox(t, ts.origin)
		if len(m) != 1 {
			t.Fatalf("TypeScript mail: %+v", m)
		}
		return m[0]
	}
	verified := func(email string) bool {
		t.Helper()
		var v bool
		if err := db.QueryRow(portableSQL(dialect, `SELECT "emailVerified" FROM "user" WHERE email = ?`), email).Scan(&v); err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		return v
	}

	// A TypeScript verification link verifies through Go.
	ts.signUp("from-ts@example.com", password)
	ts.do("POST", "/send-verification-email", map[string]any{"email": "from-ts@example.com"})
	ts.expect(200, `{"status":true}`)
	m := tsMail()
	g := goc.clone()
	g.do("GET", "/verify-email?token="+m.Token, nil)
	g.expect(200, `{"status":true,"user":null}`)
	if !verified("from-ts@example.com") {
		t.Fatal("Go did not verify a TypeScript link")
	}
	// And a Go link through TypeScript.
	goc.signUp("from-go@example.com", password)
	goc.do("POST", "/send-verification-email", map[string]any{"email": "from-go@example.com"})
	goc.expect(200, `{"status":true}`)
	m = box.one(t)
	x := ts.clone()
	x.do("GET", "/verify-email?token="+m.Token, nil)
	x.expect(200, `{"status":true,"user":null}`)
	if !verified("from-go@example.com") {
		t.Fatal("TypeScript did not verify a Go link")
	}

	// A Go reset token resets through TypeScript; the new password signs
	// in through Go; the token is spent for Go too.
	g.do("POST", "/request-password-reset", map[string]any{"email": "from-ts@example.com"})
	g.expect(200, "*")
	tok := box.one(t).Token
	x.do("POST", "/reset-password", map[string]any{"newPassword": "reset by ts!", "token": tok})
	x.expect(200, `{"status":true}`)
	g.do("POST", "/reset-password", map[string]any{"newPassword": "again by go", "token": tok})
	g.expectError(400, "INVALID_TOKEN", "Invalid token")
	g.do("POST", "/sign-in/email", map[string]any{"email": "from-ts@example.com", "password": "reset by ts!"})
	g.expect(200, "*")
	// A TypeScript reset link redirects and resets through Go.
	x.do("POST", "/request-password-reset", map[string]any{"email": "from-go@example.com", "redirectTo": "/reset"})
	x.expect(200, "*")
	tok = tsMail().Token
	y := goc.clone()
	y.do("GET", "/reset-password/"+tok+"?callbackURL=/reset", nil)
	if y.status != 302 || y.header.Get("Location") != goc.origin+"/reset?token="+tok {
		t.Fatalf("Go following a TypeScript reset link: %d %q", y.status, y.header.Get("Location"))
	}
	y.do("POST", "/reset-password", map[string]any{"newPassword": "reset by go!", "token": tok})
	y.expect(200, `{"status":true}`)
	x.do("POST", "/reset-password", map[string]any{"newPassword": "again by ts", "token": tok})
	x.expectError(400, "INVALID_TOKEN", "Invalid token")
	z := ts.clone()
	z.do("POST", "/sign-in/email", map[string]any{"email": "from-go@example.com", "password": "reset by go!"})
	z.expect(200, "*")

	// A TypeScript change-email confirmation link, followed in Go, sends
	// the new address a link, which TypeScript follows to change it.
	z.do("POST", "/change-email", map[string]any{"newEmail": "moved@example.com"})
	z.expect(200, `{"status":true}`)
	confirm := tsMail()
	if confirm.Kind != "change-email" || confirm.NewEmail != "moved@example.com" {
		t.Fatalf("change-email mail: %+v", confirm)
	}
	w := goc.clone()
	w.do("GET", "/verify-email?token="+confirm.Token, nil)
	w.expect(200, `{"status":true}`)
	m = box.one(t)
	if m.To != "moved@example.com" {
		t.Fatalf("Go's link for the new address went to %q", m.To)
	}
	z.do("GET", "/verify-email?token="+m.Token, nil)
	z.expect(200, "*")
	if u := obj(obj(z.do("GET", "/get-session", nil))["user"]); u["email"] != "moved@example.com" || u["emailVerified"] != true {
		t.Fatalf("after the change: %s", z.raw)
	}
}
