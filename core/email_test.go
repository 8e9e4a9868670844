package core_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Go-side tests of the email endpoints' edge cases and of the options
// only Go can set (functions), on every dialect.

// one returns the one message the box holds.
func (b *mailbox) one(t *testing.T) sentMail {
	t.Helper()
	m := b.drain()
	if len(m) != 1 {
		t.Fatalf("want one mail, got %+v", m)
	}
	return m[0]
}

// path is a mailed URL's path and query under the client's base.
func (c *client) path(u string) string {
	c.t.Helper()
	if !strings.HasPrefix(u, c.base+"/") {
		c.t.Fatalf("mailed URL %q is not under %q", u, c.base)
	}
	return strings.TrimPrefix(u, c.base)
}

var resetTokenRe = regexp.MustCompile(`^[A-Za-z0-9]{24}$`)

// TestResetPasswordEdges: the verification row a reset writes, an
// expired token (refused by the link and by reset-password, and deleted),
// a token used twice, OnPasswordReset, sessions kept by default, and a
// reset for a user without a password creating the credential account.
func TestResetPasswordEdges(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		box := &mailbox{}
		var resetFor []string
		a, db := newAuth(t, d, enabled(core.Options{EmailAndPassword: core.EmailAndPassword{
			SendResetPassword:           box.send("reset-password"),
			ResetPasswordTokenExpiresIn: 30 * time.Minute,
			OnPasswordReset: func(_ context.Context, u core.User, r *http.Request) error {
				resetFor = append(resetFor, u.Email+" "+r.URL.Path)
				return nil
			},
		}}))
		c := startServer(t, a)
		user := obj(c.signUp("edge@example.com", password)["user"])
		request := func() string {
			t.Helper()
			x := c.clone()
			x.do("POST", "/request-password-reset", map[string]any{"email": "EDGE@example.com", "redirectTo": "/reset"})
			x.expect(200, `{"status":true,"message":"If this email exists in our system, check your email for the reset link"}`)
			m := box.one(t)
			if !resetTokenRe.MatchString(m.Token) || m.To != "edge@example.com" || m.URL != c.base+"/reset-password/"+m.Token+"?callbackURL=%2Freset" {
				t.Fatalf("mail %+v", m)
			}
			return m.Token
		}

		tok := request()
		var value string
		var exp any
		row := db.QueryRow("SELECT "+q(d, "value")+", "+q(d, "expiresAt")+" FROM "+q(d, "verification")+" WHERE "+q(d, "identifier")+" = "+ph(d, 1), "reset-password:"+tok)
		if err := row.Scan(&value, &exp); err != nil || value != user["id"] {
			t.Fatalf("verification row: %v %q", err, value)
		}
		var expAt time.Time
		switch e := exp.(type) {
		case time.Time:
			expAt = e
		case string:
			expAt, _ = time.Parse(time.RFC3339, e)
		}
		if dd := time.Until(expAt) - 30*time.Minute; dd > time.Minute || dd < -time.Minute {
			t.Fatalf("expiresAt %v (%T), want in 30 minutes", exp, exp)
		}

		// Expired: the link redirects with the error, reset-password
		// refuses it, and the row is gone.
		past := dbTime(d, time.Now().Add(-time.Minute))
		if _, err := db.Exec("UPDATE "+q(d, "verification")+" SET "+q(d, "expiresAt")+" = "+ph(d, 1), past); err != nil {
			t.Fatal(err)
		}
		x := c.clone()
		x.do("GET", "/reset-password/"+tok+"?callbackURL=/reset", nil)
		if x.status != 302 || x.header.Get("Location") != strings.TrimSuffix(c.base, "/api/auth")+"/reset?error=INVALID_TOKEN" {
			t.Fatalf("expired link: %d %q", x.status, x.header.Get("Location"))
		}
		if n := count(t, db, d, "verification", ""); n != 0 {
			t.Fatalf("the expired row was not cleaned up: %d rows", n)
		}
		tok = request()
		if _, err := db.Exec("UPDATE "+q(d, "verification")+" SET "+q(d, "expiresAt")+" = "+ph(d, 1), past); err != nil {
			t.Fatal(err)
		}
		x.do("POST", "/reset-password", map[string]any{"newPassword": "expired password", "token": tok})
		x.expectError(400, "INVALID_TOKEN", "Invalid token")
		if n := count(t, db, d, "verification", ""); n != 0 {
			t.Fatalf("the consumed expired row is still there: %d rows", n)
		}

		// A valid token works once; sessions stay (no revocation).
		tok = request()
		x.do("GET", "/reset-password/"+tok+"?callbackURL=/reset", nil)
		if x.status != 302 || x.header.Get("Location") != strings.TrimSuffix(c.base, "/api/auth")+"/reset?token="+tok {
			t.Fatalf("link: %d %q", x.status, x.header.Get("Location"))
		}
		x.do("POST", "/reset-password", map[string]any{"newPassword": "second password", "token": tok})
		x.expect(200, `{"status":true}`)
		x.do("POST", "/reset-password", map[string]any{"newPassword": "third password", "token": tok})
		x.expectError(400, "INVALID_TOKEN", "Invalid token")
		if len(resetFor) != 1 || resetFor[0] != "edge@example.com /api/auth/reset-password" {
			t.Fatalf("OnPasswordReset calls: %q", resetFor)
		}
		c.do("GET", "/get-session", nil)
		if c.status != 200 || string(c.raw) == "null" {
			t.Fatalf("the session did not survive the reset: %s", c.raw)
		}
		x.do("POST", "/sign-in/email", map[string]any{"email": "edge@example.com", "password": "second password"})
		x.expect(200, "*")

		// A user without a password gets a credential account.
		if _, err := db.Exec("DELETE FROM "+q(d, "account")+" WHERE "+q(d, "userId")+" = "+ph(d, 1), user["id"]); err != nil {
			t.Fatal(err)
		}
		tok = request()
		x.do("POST", "/reset-password?token="+tok, map[string]any{"newPassword": "fresh password"})
		x.expect(200, `{"status":true}`)
		if n := count(t, db, d, "account", q(d, "accountId")+" = "+ph(d, 1)+" AND "+q(d, "providerId")+" = 'credential'", user["id"]); n != 1 {
			t.Fatalf("credential accounts after reset: %d", n)
		}
		x.do("POST", "/sign-in/email", map[string]any{"email": "edge@example.com", "password": "fresh password"})
		x.expect(200, "*")
	})
}

// TestCustomPasswordHash: EmailAndPassword.Password hashes and checks
// every password the handler handles.
func TestCustomPasswordHash(t *testing.T) {
	box := &mailbox{}
	var mu sync.Mutex
	calls := map[string]int{}
	hash := func(p string) (string, error) {
		mu.Lock()
		calls["hash"]++
		mu.Unlock()
		return "plain$" + p, nil
	}
	verify := func(h, p string) (bool, error) {
		mu.Lock()
		calls["verify"]++
		mu.Unlock()
		if !strings.HasPrefix(h, "plain$") {
			return false, errors.New("not a plain hash")
		}
		return h == "plain$"+p, nil
	}
	a, db := newAuth(t, core.DialectSQLite, enabled(core.Options{EmailAndPassword: core.EmailAndPassword{
		SendResetPassword: box.send("reset-password"), Password: core.PasswordFuncs{Hash: hash, Verify: verify}}}))
	c := startServer(t, a)
	stored := func() string {
		t.Helper()
		var h string
		if err := db.QueryRow(`SELECT password FROM account`).Scan(&h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	c.signUp("custom@example.com", password)
	if h := stored(); h != "plain$"+password {
		t.Fatalf("sign-up stored %q", h)
	}
	x := c.clone()
	x.do("POST", "/sign-in/email", map[string]any{"email": "custom@example.com", "password": password})
	x.expect(200, "*")
	x.do("POST", "/sign-in/email", map[string]any{"email": "custom@example.com", "password": "not the password"})
	x.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	c.do("POST", "/verify-password", map[string]any{"password": password})
	c.expect(200, `{"status":true}`)
	c.do("POST", "/verify-password", map[string]any{"password": "nope nope"})
	c.expectError(400, "INVALID_PASSWORD", "Invalid password")
	c.do("POST", "/change-password", map[string]any{"currentPassword": password, "newPassword": "changed password"})
	c.expect(200, "*")
	if h := stored(); h != "plain$changed password" {
		t.Fatalf("change-password stored %q", h)
	}
	c.do("POST", "/request-password-reset", map[string]any{"email": "custom@example.com"})
	tok := box.one(t).Token
	c.do("POST", "/reset-password", map[string]any{"newPassword": "reset password", "token": tok})
	c.expect(200, "*")
	if h := stored(); h != "plain$reset password" {
		t.Fatalf("reset-password stored %q", h)
	}
	// An unknown email is hashed too (timing), with the custom hash.
	before := calls["hash"]
	x.do("POST", "/sign-in/email", map[string]any{"email": "nobody@example.com", "password": "whatever"})
	if calls["hash"] != before+1 {
		t.Fatalf("unknown email: hash calls %d → %d", before, calls["hash"])
	}
	// A hash the custom Verify refuses is a 500, as a throwing verify.
	if _, err := db.Exec(`UPDATE account SET password = 'aa:bb'`); err != nil {
		t.Fatal(err)
	}
	x.do("POST", "/sign-in/email", map[string]any{"email": "custom@example.com", "password": "reset password"})
	x.expect(500, "")
}

// TestEmailVerificationCallbacks: BeforeEmailVerification and
// AfterEmailVerification see the user and can stop the verification;
// ExpiresIn sets the token's lifetime; a send error from
// send-verification-email is answered, while sign-up's, sign-in's and
// the reset mail's are only logged; OnExistingUserSignUp sees the user.
func TestEmailVerificationCallbacks(t *testing.T) {
	box := &mailbox{}
	var logs bytes.Buffer
	var mu sync.Mutex
	var events []string
	event := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	var beforeErr, afterErr, sendErr error
	send := func(ctx context.Context, e core.Email) error {
		if sendErr != nil {
			return sendErr
		}
		return box.send("verify-email")(ctx, e)
	}
	a, db := newAuth(t, core.DialectSQLite, enabled(core.Options{
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		EmailAndPassword: core.EmailAndPassword{RequireEmailVerification: true,
			SendResetPassword: func(context.Context, core.Email) error { return sendErr },
			OnExistingUserSignUp: func(_ context.Context, u core.User, _ *http.Request) error {
				event("existing " + u.Email + " " + u.ID)
				return errors.New("ignored")
			}},
		EmailVerification: core.EmailVerification{SendVerificationEmail: send, SendOnSignIn: true, ExpiresIn: 2 * time.Minute,
			BeforeEmailVerification: func(_ context.Context, u core.User, _ *http.Request) error {
				event("before " + u.Email + " " + boolString(u.EmailVerified))
				return beforeErr
			},
			AfterEmailVerification: func(_ context.Context, u core.User, _ *http.Request) error {
				event("after " + u.Email + " " + boolString(u.EmailVerified))
				return afterErr
			}},
	}))
	c := startServer(t, a)
	c.do("POST", "/sign-up/email", map[string]any{"name": "H", "email": "hooks@example.com", "password": password})
	c.expect(200, "*")
	id := obj(obj(c.do("POST", "/sign-up/email", map[string]any{"name": "H", "email": "hooks@example.com", "password": password}))["user"])["id"]
	m := box.one(t)
	if len(events) != 1 || !strings.HasPrefix(events[0], "existing hooks@example.com ") || events[0] == "existing hooks@example.com "+id.(string) {
		t.Fatalf("OnExistingUserSignUp: %q (the answer's id is a fake one)", events)
	}
	events = nil

	// The token: jose's header, {email, iat, exp}, exp = iat + ExpiresIn.
	parts := strings.Split(m.Token, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Email    string `json:"email"`
		Iat, Exp int64
	}
	if parts[0] != "eyJhbGciOiJIUzI1NiJ9" || json.Unmarshal(payload, &claims) != nil || claims.Email != "hooks@example.com" ||
		claims.Exp-claims.Iat != 120 || !strings.HasPrefix(string(payload), `{"email":"hooks@example.com","iat":`) {
		t.Fatalf("token %s: %s", m.Token, payload)
	}
	if m.URL != c.base+"/verify-email?token="+m.Token+"&callbackURL=%2F" {
		t.Fatalf("link %q", m.URL)
	}

	// Before refusing: the error's status, nothing verified.
	beforeErr = core.NewAPIError(403, "NOT_YET", "Not yet")
	c.do("GET", c.path(m.URL), nil)
	c.expectError(403, "NOT_YET", "Not yet")
	if n := count(t, db, core.DialectSQLite, "user", `"emailVerified" = 1`); n != 0 {
		t.Fatalf("verified despite BeforeEmailVerification's error")
	}
	// After failing: verified, but a 500.
	beforeErr, afterErr = nil, errors.New("after failed")
	c.do("GET", c.path(m.URL), nil)
	c.expect(500, "")
	if n := count(t, db, core.DialectSQLite, "user", `"emailVerified" = 1`); n != 1 {
		t.Fatalf("not verified before AfterEmailVerification")
	}
	want := []string{"before hooks@example.com false", "before hooks@example.com false", "after hooks@example.com true"}
	if strings.Join(events, "|") != strings.Join(want, "|") {
		t.Fatalf("callbacks: %q", events)
	}
	// Already verified: no callback.
	events = nil
	c.do("GET", "/verify-email?token="+m.Token, nil)
	c.expect(200, `{"status":true,"user":null}`)
	c.do("GET", c.path(m.URL), nil)
	if c.status != 302 || c.header.Get("Location") != "/" {
		t.Fatalf("verified again with callbackURL: %d %q", c.status, c.header.Get("Location"))
	}
	if len(events) != 0 {
		t.Fatalf("callbacks on a verified user: %q", events)
	}

	// Send errors.
	sendErr = core.NewAPIError(429, "SLOW_DOWN", "Slow down")
	c.do("POST", "/sign-up/email", map[string]any{"name": "F", "email": "fails@example.com", "password": password})
	c.expect(200, "*")
	if n := count(t, db, core.DialectSQLite, "user", `email = 'fails@example.com'`); n != 1 {
		t.Fatalf("a failed send undid the sign-up")
	}
	x := c.clone()
	x.do("POST", "/sign-in/email", map[string]any{"email": "fails@example.com", "password": password})
	x.expectError(403, "EMAIL_NOT_VERIFIED", "Email not verified")
	start := time.Now()
	x.do("POST", "/send-verification-email", map[string]any{"email": "fails@example.com"})
	x.expectError(429, "SLOW_DOWN", "Slow down")
	if time.Since(start) < 500*time.Millisecond {
		t.Fatalf("send-verification-email answered in %v, under its 500 ms floor", time.Since(start))
	}
	x.do("POST", "/request-password-reset", map[string]any{"email": "fails@example.com"})
	x.expect(200, "*")
	if n := strings.Count(logs.String(), "Failed to run background task"); n != 4 {
		t.Fatalf("logged %d background failures, want 4 (existing user, sign-up, sign-in, reset):\n%s", n, logs.String())
	}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestEmailOptionsServed: the email options no longer make Open refuse
// to start, except a reset link with verification values kept only in
// SecondaryStorage.
func TestEmailOptionsServed(t *testing.T) {
	send := func(context.Context, core.Email) error { return nil }
	hook := func(context.Context, core.User, *http.Request) error { return nil }
	o := enabled(core.Options{
		EmailAndPassword: core.EmailAndPassword{SendResetPassword: send, ResetPasswordTokenExpiresIn: time.Hour,
			OnPasswordReset: hook, RevokeSessionsOnPasswordReset: true, OnExistingUserSignUp: hook,
			Password: core.PasswordFuncs{Hash: func(string) (string, error) { return "", nil }}},
		EmailVerification: core.EmailVerification{SendVerificationEmail: send, SendOnSignUp: core.Bool(true), SendOnSignIn: true,
			AutoSignInAfterVerification: true, ExpiresIn: time.Hour, BeforeEmailVerification: hook, AfterEmailVerification: hook},
	})
	a, _ := newAuth(t, core.DialectSQLite, o)
	if err := a.Open(context.Background()); err != nil {
		t.Fatalf("Open: %v", err)
	}
	// Reset tokens are verification values: with SecondaryStorage they
	// live there alone, or also in the table.
	o.SecondaryStorage, o.Session.StoreSessionInDatabase = memStorage{}, true
	a, _ = newAuth(t, core.DialectSQLite, o)
	if err := a.Open(context.Background()); err != nil {
		t.Fatalf("Open with verification values in SecondaryStorage: %v", err)
	}
	o.Verification.StoreInDatabase = true
	a, _ = newAuth(t, core.DialectSQLite, o)
	if err := a.Open(context.Background()); err != nil {
		t.Fatalf("Open with the verification table kept: %v", err)
	}
}

// TestResetPasswordConcurrent: of concurrent resets with one token,
// exactly one succeeds (consumeVerificationValue's first-deleter-wins).
func TestResetPasswordConcurrent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		box := &mailbox{}
		a, _ := newAuth(t, d, enabled(core.Options{EmailAndPassword: core.EmailAndPassword{SendResetPassword: box.send("reset-password")}}))
		c := startServer(t, a)
		c.signUp("race@example.com", password)
		for round := 0; round < 3; round++ {
			c.do("POST", "/request-password-reset", map[string]any{"email": "race@example.com"})
			tok := box.one(t).Token
			const n = 6
			codes := make(chan int, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					body := strings.NewReader(`{"newPassword":"racing password ` + string(rune('a'+i)) + `","token":"` + tok + `"}`)
					req, _ := http.NewRequest("POST", c.base+"/reset-password", body)
					req.Header.Set("Content-Type", "application/json")
					<-start
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						codes <- -1
						return
					}
					res.Body.Close()
					codes <- res.StatusCode
				}(i)
			}
			close(start)
			wg.Wait()
			close(codes)
			ok, refused := 0, 0
			for code := range codes {
				switch code {
				case 200:
					ok++
				case 400:
					refused++
				}
			}
			if ok != 1 || refused != n-1 {
				t.Fatalf("round %d: %d succeeded, %d refused, of %d", round, ok, refused, n)
			}
		}
	})
}

// TestVerifyEmailDialects: a followed link verifies the user and, with
// AutoSignInAfterVerification, signs them in, on every dialect.
func TestVerifyEmailDialects(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		box := &mailbox{}
		a, db := newAuth(t, d, enabled(core.Options{
			EmailAndPassword:  core.EmailAndPassword{RequireEmailVerification: true},
			EmailVerification: core.EmailVerification{SendVerificationEmail: box.send("verify-email"), AutoSignInAfterVerification: true},
		}))
		c := startServer(t, a)
		c.do("POST", "/sign-up/email", map[string]any{"name": "D", "email": "Dialect@Example.com", "password": password, "callbackURL": "/in"})
		c.expect(200, "*")
		m := box.one(t)
		if m.To != "dialect@example.com" || m.URL != c.base+"/verify-email?token="+m.Token+"&callbackURL=%2Fin" {
			t.Fatalf("mail %+v", m)
		}
		c.do("GET", c.path(m.URL), nil)
		if c.status != 302 || c.header.Get("Location") != "/in" || c.sessionToken() == "" {
			t.Fatalf("following the link: %d %q %q", c.status, c.header.Get("Location"), c.setCookies)
		}
		if n := count(t, db, d, "user", q(d, "emailVerified")+" = "+ph(d, 1), true); n != 1 {
			t.Fatalf("verified users: %d", n)
		}
		u := obj(obj(c.do("GET", "/get-session", nil))["user"])
		if u["email"] != "dialect@example.com" || u["emailVerified"] != true {
			t.Fatalf("session after verification: %s", c.raw)
		}
	})
}

// TestCustomPasswordHashUsername: the username plugin's sign-in checks
// passwords with EmailAndPassword.Password too.
func TestCustomPasswordHashUsername(t *testing.T) {
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{
		Plugins: []core.Plugin{plugins.Username()},
		EmailAndPassword: core.EmailAndPassword{Password: core.PasswordFuncs{
			Hash:   func(p string) (string, error) { return "plain$" + p, nil },
			Verify: func(h, p string) (bool, error) { return h == "plain$"+p, nil },
		}},
	}))
	c := startServer(t, a)
	c.do("POST", "/sign-up/email", map[string]any{"name": "U", "email": "u@example.com", "password": password, "username": "custom_hash"})
	c.expect(200, "*")
	x := c.clone()
	x.do("POST", "/sign-in/username", map[string]any{"username": "custom_hash", "password": password})
	x.expect(200, "*")
	x.do("POST", "/sign-in/username", map[string]any{"username": "custom_hash", "password": "wrong password"})
	x.expectError(401, "INVALID_USERNAME_OR_PASSWORD", "Invalid username or password")
}
