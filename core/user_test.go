package core_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// Go-side edge cases of change-email, delete-user and the account
// endpoints, on every dialect where it matters.

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// tokenOf returns the token query parameter of a link.
func tokenOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("token")
}

func TestDeleteUserWithLinkDialects(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		box := &outbox{}
		var before, after atomic.Int32
		var afterSaw string
		o := enabled(core.Options{Logger: quiet(), User: core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true,
			SendDeleteAccountVerification: box.send("delete-user"),
			BeforeDelete:                  func(context.Context, core.User, *http.Request) error { before.Add(1); return nil },
			AfterDelete: func(_ context.Context, u core.User, _ *http.Request) error {
				after.Add(1)
				afterSaw = u.Email
				return nil
			}}}})
		a, db := newAuth(t, d, o)
		c := startServer(t, a)
		user := obj(c.signUp("del@example.com", password)["user"])
		other := c.clone()
		other.signUp("other@example.com", password)

		c.do("POST", "/delete-user", map[string]any{"callbackURL": "/gone"})
		c.expect(200, `{"success":true,"message":"Verification email sent"}`)
		m := box.take()
		if len(m) != 1 || m[0].To != "del@example.com" || !strings.HasPrefix(m[0].URL, c.base+"/delete-user/callback?token="+m[0].Token+"&callbackURL=%2Fgone") {
			t.Fatalf("mail: %+v", m)
		}
		if len(m[0].Token) != 32 || strings.Trim(m[0].Token, "0123456789abcdefghijklmnopqrstuvwxyz") != "" {
			t.Fatalf("token %q", m[0].Token)
		}
		if n := count(t, db, d, "verification", q(d, "identifier")+" = "+ph(d, 1)+" AND "+q(d, "value")+" = "+ph(d, 2), "delete-account-"+m[0].Token, user["id"]); n != 1 {
			t.Fatalf("verification rows: %d", n)
		}
		// Another user's session neither deletes nor keeps the token.
		link(other, m[0].URL)
		if other.status != 404 || !strings.Contains(string(other.raw), "INVALID_TOKEN") {
			t.Fatalf("other user's click: %d %s", other.status, other.raw)
		}
		link(c, m[0].URL)
		if c.status != 404 || count(t, db, d, "user", "") != 2 {
			t.Fatalf("spent token: %d %s", c.status, c.raw)
		}
		// A new link works once, even clicked twice at once.
		c.do("POST", "/delete-user", map[string]any{})
		m = box.take()
		cookie := c.jar["better-auth.session_token"]
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("GET", strings.Replace(m[0].URL, "&callbackURL=%2F", "", 1), nil)
				req.Header.Set("Cookie", "better-auth.session_token="+cookie)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				statuses[i] = res.StatusCode
			}()
		}
		wg.Wait()
		if !(statuses[0] == 200 && statuses[1] == 404 || statuses[0] == 404 && statuses[1] == 200) {
			t.Fatalf("two clicks: %v", statuses)
		}
		if before.Load() != 1 || after.Load() != 1 || afterSaw != "del@example.com" {
			t.Fatalf("hooks: before %d after %d saw %q", before.Load(), after.Load(), afterSaw)
		}
		for _, table := range []string{"user", "account", "session"} {
			if n := count(t, db, d, table, q(d, map[string]string{"user": "id"}[table]+map[string]string{"account": "userId", "session": "userId"}[table])+" = "+ph(d, 1), user["id"]); n != 0 {
				t.Fatalf("%s rows left: %d", table, n)
			}
		}
		if n := count(t, db, d, "verification", ""); n != 0 {
			t.Fatalf("verification rows left: %d", n)
		}
		if count(t, db, d, "user", "") != 1 {
			t.Fatal("the other user is gone too")
		}
	})
}

func TestDeleteUserBeforeDeleteRefuses(t *testing.T) {
	refuse := error(core.NewAPIError(403, "NOT_NOW", "Finish your subscription first"))
	o := enabled(core.Options{Logger: quiet(), User: core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true,
		BeforeDelete: func(context.Context, core.User, *http.Request) error { return refuse },
		AfterDelete: func(context.Context, core.User, *http.Request) error {
			t.Error("afterDelete ran after a refusal")
			return nil
		}}}})
	a, db := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	c.signUp("keep@example.com", password)
	c.do("POST", "/delete-user", map[string]any{"password": password})
	c.expectError(403, "NOT_NOW", "Finish your subscription first")
	refuse = errors.New("database down")
	c.do("POST", "/delete-user", map[string]any{})
	c.expect(500, "")
	if count(t, db, core.DialectSQLite, "user", "") != 1 || count(t, db, core.DialectSQLite, "session", "") != 1 {
		t.Fatal("a refused deletion deleted rows")
	}
	c.do("GET", "/get-session", nil)
	if !strings.Contains(string(c.raw), "keep@example.com") {
		t.Fatalf("session after refusal: %s", c.raw)
	}
}

func TestDeleteUserPasswordAndFreshness(t *testing.T) {
	o := enabled(core.Options{Logger: quiet(), User: core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true}},
		Session: core.SessionOptions{FreshAge: time.Second}})
	a, db := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	c.signUp("fresh@example.com", password)
	c.do("POST", "/delete-user", map[string]any{"password": "not the password"})
	c.expectError(400, "INVALID_PASSWORD", "Invalid password")
	time.Sleep(1100 * time.Millisecond)
	c.do("POST", "/delete-user", map[string]any{})
	c.expectError(400, "SESSION_EXPIRED", "Session expired. Re-authenticate to perform this action.")
	c.do("POST", "/unlink-account", map[string]any{"accountId": "x"})
	c.expectError(403, "SESSION_NOT_FRESH", "Session is not fresh")
	// A user without a password cannot use one.
	if _, err := db.Exec(`UPDATE account SET password = NULL`); err != nil {
		t.Fatal(err)
	}
	c.do("POST", "/delete-user", map[string]any{"password": password})
	c.expectError(400, "CREDENTIAL_ACCOUNT_NOT_FOUND", "Credential account not found")
	if _, err := db.Exec(`UPDATE account SET password = ?`, mustHash(t)); err != nil {
		t.Fatal(err)
	}
	c.do("POST", "/delete-user", map[string]any{"password": password})
	c.expect(200, `{"success":true,"message":"User deleted"}`)
	if count(t, db, core.DialectSQLite, "user", "")+count(t, db, core.DialectSQLite, "account", "") != 0 {
		t.Fatal("rows left")
	}
}

func mustHash(t *testing.T) string {
	h, err := core.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestDeleteTokenExpires(t *testing.T) {
	box := &outbox{}
	o := enabled(core.Options{Logger: quiet(), User: core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true,
		SendDeleteAccountVerification: box.send("delete-user"), DeleteTokenExpiresIn: 50 * time.Millisecond}}})
	a, db := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	c.signUp("late@example.com", password)
	c.do("POST", "/delete-user", map[string]any{})
	m := box.take()
	time.Sleep(100 * time.Millisecond)
	c.do("POST", "/delete-user", map[string]any{"token": tokenOf(t, m[0].URL)})
	c.expectError(404, "INVALID_TOKEN", "Invalid token")
	// The expired row is consumed all the same.
	if count(t, db, core.DialectSQLite, "verification", "")+1 != count(t, db, core.DialectSQLite, "user", "") {
		t.Fatal("expired token row not consumed, or the user deleted")
	}
}

func TestUnlinkAccountEdges(t *testing.T) {
	a, db := newAuth(t, core.DialectSQLite, enabled(core.Options{Logger: quiet()}))
	c := startServer(t, a)
	c.signUp("one@example.com", password)
	other := c.clone()
	other.signUp("two@example.com", password)
	addAccount(t, core.DialectSQLite, db, "one@example.com", "github", "")
	addAccount(t, core.DialectSQLite, db, "two@example.com", "github", "")
	// Another user's account is not found, and stays.
	c.do("POST", "/unlink-account", map[string]any{"accountId": "acc-github-two@example.com"})
	c.expectError(400, "ACCOUNT_NOT_FOUND", "Account not found")
	// With one account, even another user's id meets the last-account rule.
	other.do("POST", "/unlink-account", map[string]any{"accountId": "acc-github-two@example.com"})
	other.expect(200, `{"status":true}`)
	other.do("POST", "/unlink-account", map[string]any{"accountId": "acc-github-one@example.com"})
	other.expectError(400, "FAILED_TO_UNLINK_LAST_ACCOUNT", "You can't unlink your last account")
	if count(t, db, core.DialectSQLite, "account", "") != 3 {
		t.Fatal("accounts")
	}
	// A provider that is not configured is listed and unlinked like any.
	c.do("GET", "/list-accounts", nil)
	if !strings.Contains(string(c.raw), `"providerId":"github"`) {
		t.Fatalf("list: %s", c.raw)
	}
	c.do("POST", "/unlink-account", map[string]any{"accountId": "acc-github-one@example.com"})
	c.expect(200, `{"status":true}`)
}

func TestChangeEmailSendFails(t *testing.T) {
	var fail error
	o := enabled(core.Options{Logger: quiet(), User: core.UserOptions{ChangeEmail: core.ChangeEmail{Enabled: true, UpdateEmailWithoutVerification: true}}})
	a, db := newAuth(t, core.DialectSQLite, o)
	var sent []core.Email
	core.SetSendVerificationEmail(t, a, func(_ context.Context, e core.Email) error {
		sent = append(sent, e)
		return fail
	})
	c := startServer(t, a)
	c.signUp("old@example.com", password)
	fail = core.NewAPIError(429, "SLOW_DOWN", "Too many emails")
	c.do("POST", "/change-email", map[string]any{"newEmail": "new@example.com"})
	c.expectError(429, "SLOW_DOWN", "Too many emails")
	// 1.7.5 changes the address before sending: the change stays.
	if count(t, db, core.DialectSQLite, "user", "email = ?", "new@example.com") != 1 {
		t.Fatal("address not changed before the send")
	}
	if len(sent) != 1 || sent[0].User.Email != "new@example.com" || sent[0].NewEmail != "" || tokenOf(t, sent[0].URL) != sent[0].Token {
		t.Fatalf("sent: %+v", sent)
	}
}

// memStorage is a SecondaryStorage Open accepts for sessions and
// verification values; no request reaches it.
type memStorage struct{}

func (memStorage) Get(context.Context, string) (string, error)              { return "", nil }
func (memStorage) Set(context.Context, string, string, time.Duration) error { return nil }
func (memStorage) Delete(context.Context, string) error                     { return nil }
func (memStorage) GetAndDelete(context.Context, string) (string, error)     { return "", nil }

// TestSharedDatabaseUserEndpoints: Go and the TypeScript server on one
// SQLite database honour each other's delete links and change-email
// tokens, list the same accounts, and a user deleted through one is gone
// for both.
func TestSharedDatabaseUserEndpoints(t *testing.T) {
	dir, node := npmWire(t)
	path, db := sharedSQLite(t)
	box := &outbox{}
	a := core.New(enabled(core.Options{Secret: testSecret, Logger: quiet(), Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		User: core.UserOptions{
			DeleteUser:  core.DeleteUser{Enabled: true, SendDeleteAccountVerification: box.send("delete-user")},
			ChangeEmail: core.ChangeEmail{Enabled: true}}}))
	createTables(t, db, core.DialectSQLite, a)
	core.SetSendVerificationEmail(t, a, box.send("verify-email"))
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, path, "CAPTURE_EMAIL=1",
		`OPTIONS={"user":{"deleteUser":{"enabled":true},"changeEmail":{"enabled":true,"sendChangeEmailConfirmation":null}}}`) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	// asGo is a Go client carrying a TypeScript client's cookies.
	asGo := func(c *client) *client {
		g := goc.clone()
		for _, n := range c.order {
			if v, ok := c.jar[n]; ok {
				g.jar[n], g.order = v, append(g.order, n)
			}
		}
		return g
	}
	asTS := func(c *client) *client {
		x := ts.clone()
		for _, n := range c.order {
			if v, ok := c.jar[n]; ok {
				x.jar[n], x.order = v, append(x.order, n)
			}
		}
		return x
	}

	// Accounts listed the same.
	t1 := ts.clone()
	t1.signUp("ts-one@example.com", password)
	addAccount(t, core.DialectSQLite, db, "ts-one@example.com", "github", "repo,read:user")
	g1 := asGo(t1)
	g1.do("GET", "/list-accounts", nil)
	t1.do("GET", "/list-accounts", nil)
	if g1.status != 200 || string(g1.raw) != string(t1.raw) {
		t.Fatalf("list-accounts\ngo %s\nts %s", g1.raw, t1.raw)
	}
	// A TypeScript delete link, followed on Go.
	t1.do("POST", "/delete-user", map[string]any{"callbackURL": "/bye"})
	t1.expect(200, `{"success":true,"message":"Verification email sent"}`)
	m := tsOutbox(t, ts)
	if len(m) != 1 || m[0].Kind != "delete-user" {
		t.Fatalf("ts outbox %+v", m)
	}
	link(g1, strings.Replace(m[0].URL, ts.base, goc.base, 1))
	if g1.status != 302 || g1.header.Get("Location") != "/bye" {
		t.Fatalf("Go following the TypeScript link: %d %s", g1.status, g1.raw)
	}
	t1.do("GET", "/get-session", nil)
	t1.expect(200, "null")
	t1.do("POST", "/sign-in/email", map[string]any{"email": "ts-one@example.com", "password": password})
	t1.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	if count(t, db, core.DialectSQLite, "account", "") != 0 {
		t.Fatal("accounts left")
	}

	// A Go delete token, used in TypeScript's delete-user body.
	g2 := goc.clone()
	g2.signUp("go-two@example.com", password)
	g2.do("POST", "/delete-user", map[string]any{})
	gm := box.take()
	t2 := asTS(g2)
	t2.do("POST", "/delete-user", map[string]any{"token": gm[0].Token})
	t2.expect(200, `{"success":true,"message":"User deleted"}`)
	g2.do("GET", "/get-session", nil)
	g2.expect(200, "null")

	// A TypeScript token in Go's body, and a Go link in TypeScript.
	t3 := ts.clone()
	t3.signUp("ts-three@example.com", password)
	t3.do("POST", "/delete-user", map[string]any{})
	m = tsOutbox(t, ts)
	g3 := asGo(t3)
	g3.do("POST", "/delete-user", map[string]any{"token": m[0].Token})
	g3.expect(200, `{"success":true,"message":"User deleted"}`)
	g4 := goc.clone()
	g4.signUp("go-four@example.com", password)
	g4.do("POST", "/delete-user", map[string]any{"callbackURL": "/x"})
	gm = box.take()
	t4 := asTS(g4)
	link(t4, strings.Replace(gm[0].URL, goc.base, ts.base, 1))
	if t4.status != 302 || count(t, db, core.DialectSQLite, "user", "") != 0 {
		t.Fatalf("TypeScript following a Go link: %d %s", t4.status, t4.raw)
	}

	// A Go change-email token verified by TypeScript.
	g5 := goc.clone()
	g5.signUp("go-five@example.com", password)
	if _, err := db.Exec(`UPDATE "user" SET emailVerified = 1`); err != nil {
		t.Fatal(err)
	}
	g5.do("POST", "/change-email", map[string]any{"newEmail": "Five@Example.org"})
	g5.expect(200, `{"status":true}`)
	gm = box.take()
	if len(gm) != 1 || gm[0].To != "five@example.org" {
		t.Fatalf("go mail %+v", gm)
	}
	t5 := asTS(g5)
	t5.do("GET", "/verify-email?token="+gm[0].Token, nil)
	t5.expect(200, "*")
	g5.do("GET", "/get-session", nil)
	if u := obj(obj(g5.do("GET", "/get-session", nil))["user"]); u["email"] != "five@example.org" || u["emailVerified"] != true {
		t.Fatalf("after TypeScript verified Go's token: %s", g5.raw)
	}
	// A token signed with another secret is refused by TypeScript.
	g5.do("POST", "/change-email", map[string]any{"newEmail": "six@example.org"})
	gm = box.take()
	forged := gm[0].Token[:len(gm[0].Token)-2] + "xx"
	t5.do("GET", "/verify-email?token="+forged, nil)
	t5.expectError(401, "INVALID_TOKEN", "Invalid token")
}

// TestDeleteUserRunsDeleteHooks: a deletion goes through the database
// hooks of every row it removes, in 1.7.5's order (the verification
// value, when a link is used, then sessions, accounts, the user), so nothing is deleted
// behind a hook's back (the foreign keys' cascade would hide it).
func TestDeleteUserRunsDeleteHooks(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	hook := func(table string) core.DatabaseHook {
		return core.DatabaseHook{Table: table, Op: core.OpDelete, After: func(_ *core.Context, r core.Record) error {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, table)
			return nil
		}}
	}
	o := enabled(core.Options{Logger: quiet(),
		DatabaseHooks: []core.DatabaseHook{hook("verification"), hook("session"), hook("account"), hook("user")},
		User:          core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true}}})
	a, _ := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	c.signUp("hooked@example.com", password)
	c.clone().do("POST", "/sign-in/email", map[string]any{"email": "hooked@example.com", "password": password})
	c.do("POST", "/delete-user", map[string]any{})
	c.expect(200, "*")
	if got := strings.Join(seen, ","); got != "session,session,account,user" {
		t.Fatalf("delete hooks ran for %s", got)
	}
}

// TestListAccountsNeverReturnsTokens: parseAccountOutput drops the
// provider tokens and the password whatever the schema says, even when
// additional fields of those names make them returned.
func TestListAccountsNeverReturnsTokens(t *testing.T) {
	var fields []core.Field
	for _, n := range []string{"accessToken", "refreshToken", "idToken", "password"} {
		fields = append(fields, core.Field{Name: n, Type: core.TypeString, Required: core.Optional})
	}
	for _, n := range []string{"accessTokenExpiresAt", "refreshTokenExpiresAt"} {
		fields = append(fields, core.Field{Name: n, Type: core.TypeDate, Required: core.Optional})
	}
	fields = append(fields, core.Field{Name: "note", Type: core.TypeString, Required: core.Optional})
	a, db := newAuth(t, core.DialectSQLite, enabled(core.Options{Logger: quiet(), Account: core.AccountOptions{AdditionalFields: fields}}))
	c := startServer(t, a)
	c.signUp("tokens@example.com", password)
	addAccount(t, core.DialectSQLite, db, "tokens@example.com", "github", "a,b")
	if _, err := db.Exec(`UPDATE account SET accessTokenExpiresAt = '2030-01-01T00:00:00.000Z', refreshTokenExpiresAt = '2030-01-01T00:00:00.000Z', note = 'kept'`); err != nil {
		t.Fatal(err)
	}
	c.do("GET", "/list-accounts", nil)
	c.expect(200, "*")
	for _, n := range []string{"accessToken", "refreshToken", "idToken", "password", "ExpiresAt", `"scope"`} {
		if strings.Contains(string(c.raw), n) {
			t.Fatalf("list-accounts returns %s: %s", n, c.raw)
		}
	}
	if !strings.Contains(string(c.raw), `"note":"kept","id":"acc-github-tokens@example.com","scopes":["a","b"]}`) {
		t.Fatalf("list-accounts: %s", c.raw)
	}
}

// TestDeleteLinkBaseURL: links start with ctx.context.baseURL as 1.7.5's
// withPath builds it from the configured URL, as written.
func TestDeleteLinkBaseURL(t *testing.T) {
	for _, tc := range []struct{ baseURL, basePath, want string }{
		{"https://Auth.Example.com:8443/", "", "https://Auth.Example.com:8443/api/auth/delete-user/callback?"},
		{"https://auth.example.com//", "/", "https://auth.example.com/delete-user/callback?"},
		{"https://auth.example.com", "custom", "https://auth.example.com/custom/delete-user/callback?"},
		{"https://example.com/mounted/here/", "/api/auth", "https://example.com/mounted/here//delete-user/callback?"},
	} {
		box := &outbox{}
		a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{Logger: quiet(), BaseURL: tc.baseURL, BasePath: tc.basePath,
			Advanced: core.Advanced{DisableCSRFCheck: true},
			User:     core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true, SendDeleteAccountVerification: box.send("delete-user")}}}))
		c := startServer(t, a)
		base := "/api/auth"
		if tc.basePath == "/" {
			base = ""
		} else if tc.basePath != "" {
			base = "/" + strings.Trim(tc.basePath, "/")
		}
		c.base, c.origin = strings.TrimSuffix(c.base, "/api/auth")+base, ""
		c.signUp("link@example.com", password)
		c.do("POST", "/delete-user", map[string]any{})
		c.expect(200, "*")
		if m := box.take(); len(m) != 1 || !strings.HasPrefix(m[0].URL, tc.want) {
			t.Errorf("%s %q: link %+v, want %s…", tc.baseURL, tc.basePath, m, tc.want)
		}
	}
}

// TestUserEndpointsDialects runs change-email, update-session,
// list-accounts, unlink-account and an immediate delete-user on every
// dialect.
func TestUserEndpointsDialects(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		o := enabled(core.Options{Logger: quiet(),
			Session: core.SessionOptions{AdditionalFields: []core.Field{{Name: "theme", Type: core.TypeString, Required: core.Optional}}},
			User: core.UserOptions{ChangeEmail: core.ChangeEmail{Enabled: true, UpdateEmailWithoutVerification: true},
				DeleteUser: core.DeleteUser{Enabled: true}},
			Account: core.AccountOptions{AccountLinking: core.AccountLinking{AllowUnlinkingAll: true}}})
		a, db := newAuth(t, d, o)
		c := startServer(t, a)
		user := obj(c.signUp("dialect@example.com", password)["user"])
		c.do("POST", "/change-email", map[string]any{"newEmail": "Moved@Example.com"})
		c.expect(200, `{"status":true}`)
		if n := count(t, db, d, "user", q(d, "email")+" = "+ph(d, 1), "moved@example.com"); n != 1 {
			t.Fatal("email not changed")
		}
		s := obj(obj(c.do("POST", "/update-session", map[string]any{"theme": "dark"}))["session"])
		if c.status != 200 || s["theme"] != "dark" || s["userId"] != user["id"] {
			t.Fatalf("update-session: %d %s", c.status, c.raw)
		}
		list, _ := c.do("GET", "/list-accounts", nil).([]any)
		if len(list) != 1 || obj(list[0])["providerId"] != "credential" || obj(list[0])["accountId"] != user["id"] {
			t.Fatalf("list-accounts: %s", c.raw)
		}
		c.do("POST", "/unlink-account", map[string]any{"accountId": obj(list[0])["id"]})
		c.expect(200, `{"status":true}`)
		c.do("GET", "/list-accounts", nil)
		c.expect(200, `[]`)
		c.do("POST", "/delete-user", map[string]any{})
		c.expect(200, `{"success":true,"message":"User deleted"}`)
		if count(t, db, d, "user", "")+count(t, db, d, "session", "") != 0 {
			t.Fatal("rows left")
		}
	})
}
