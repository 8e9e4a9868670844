package core_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

var (
	tokenRe  = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
	hashRe   = regexp.MustCompile(`^[0-9a-f]{32}:[0-9a-f]{128}$`)
	isoDate  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	password = "correct horse battery"
)

func enabled(o core.Options) core.Options {
	o.EmailAndPassword.Enabled = true
	return o
}

// q quotes a physical name for raw test SQL.
func q(dialect, name string) string {
	if dialect == core.DialectMySQL {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}

func ph(dialect string, i int) string {
	if dialect == core.DialectPostgres {
		return fmt.Sprintf("$%d", i)
	}
	return "?"
}

// dbTime is a time argument as each dialect stores dates.
func dbTime(dialect string, t time.Time) any {
	if dialect == core.DialectSQLite {
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return t.UTC()
}

func count(t *testing.T, db *sql.DB, dialect, table, where string, args ...any) int {
	t.Helper()
	var n int
	qs := "SELECT COUNT(*) FROM " + q(dialect, table)
	if where != "" {
		qs += " WHERE " + where
	}
	if err := db.QueryRow(qs, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEmailPasswordFlow(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		var logs bytes.Buffer
		a, db := newAuth(t, d, enabled(core.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}))
		c := startServer(t, a)

		// Sign-up.
		up := c.signUp("Ada.Lovelace@Example.com", password)
		user := obj(up["user"])
		if !tokenRe.MatchString(fmt.Sprint(up["token"])) || !tokenRe.MatchString(fmt.Sprint(user["id"])) {
			t.Fatalf("sign-up: %s", c.raw)
		}
		if user["email"] != "ada.lovelace@example.com" || user["name"] != "Test User" || user["emailVerified"] != false || user["image"] != nil {
			t.Fatalf("sign-up user: %s", c.raw)
		}
		if !isoDate.MatchString(fmt.Sprint(user["createdAt"])) || user["createdAt"] != user["updatedAt"] {
			t.Fatalf("sign-up dates: %s", c.raw)
		}
		keys := regexp.MustCompile(`"user":\{"name":.*,"email":.*,"emailVerified":false,"image":null,"createdAt":"[^"]+","updatedAt":"[^"]+","id":"[^"]+"\}\}$`)
		if !strings.HasPrefix(string(c.raw), `{"token":"`) || !keys.Match(c.raw) {
			t.Fatalf("sign-up key order: %s", c.raw)
		}
		wantCookie := "better-auth.session_token=" + signCookie(testSecret, up["token"].(string)) + "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax"
		if len(c.setCookies) != 1 || c.setCookies[0] != wantCookie {
			t.Fatalf("sign-up Set-Cookie = %q\nwant %q", c.setCookies, wantCookie)
		}
		if ct := c.header.Get("Content-Type"); ct != "application/json" {
			t.Fatalf("content-type %q", ct)
		}
		// Rows: credential account with accountId = user id, scrypt hash.
		var accountID, providerID, hash string
		err := db.QueryRow("SELECT "+q(d, "accountId")+", "+q(d, "providerId")+", "+q(d, "password")+" FROM "+q(d, "account")+" WHERE "+q(d, "userId")+" = "+ph(d, 1), user["id"]).Scan(&accountID, &providerID, &hash)
		if err != nil || accountID != user["id"] || providerID != "credential" || !hashRe.MatchString(hash) {
			t.Fatalf("account row: %v %q %q %q", err, accountID, providerID, hash)
		}

		// get-session.
		s := obj(c.do("GET", "/get-session", nil))
		c.expect(200, "*")
		sess := obj(s["session"])
		if sess["token"] != up["token"] || sess["userId"] != user["id"] || obj(s["user"])["id"] != user["id"] {
			t.Fatalf("get-session: %s", c.raw)
		}
		if c.header.Get("Cache-Control") != "no-store" || c.header.Get("Pragma") != "no-cache" || len(c.setCookies) != 0 {
			t.Fatalf("get-session headers: %v", c.header)
		}
		exp, _ := time.Parse(time.RFC3339, fmt.Sprint(sess["expiresAt"]))
		if d := time.Until(exp) - 7*24*time.Hour; d > time.Minute || d < -time.Minute {
			t.Fatalf("expiresAt %v", exp)
		}
		if !regexp.MustCompile(`^\{"session":\{"expiresAt":"[^"]+","token":"[^"]+","createdAt":"[^"]+","updatedAt":"[^"]+","ipAddress":"127\.0\.0\.1","userAgent":"Go-http-client/1\.1","userId":"[^"]+","id":"[^"]+"\},"user":\{`).Match(c.raw) {
			t.Fatalf("get-session shape: %s", c.raw)
		}

		// Sign-out expires the three cookies and deletes the row.
		c.do("POST", "/sign-out", map[string]any{})
		c.expect(200, `{"success":true}`)
		want := []string{
			"better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
			"better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
			"better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
		}
		if strings.Join(c.setCookies, "\n") != strings.Join(want, "\n") {
			t.Fatalf("sign-out cookies:\n%s", strings.Join(c.setCookies, "\n"))
		}
		if n := count(t, db, d, "session", ""); n != 0 {
			t.Fatalf("%d sessions after sign-out", n)
		}
		c.do("GET", "/get-session", nil)
		c.expect(200, "null")

		// Wrong password, unknown email, then the right one in upper case.
		c.do("POST", "/sign-in/email", map[string]any{"email": "ada.lovelace@example.com", "password": "wrong password!"})
		c.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
		c.do("POST", "/sign-in/email", map[string]any{"email": "nobody@example.com", "password": password})
		c.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
		in := obj(c.do("POST", "/sign-in/email", map[string]any{"email": "ADA.LOVELACE@EXAMPLE.COM", "password": password}))
		c.expect(200, "*")
		if in["redirect"] != false || in["token"] == up["token"] || obj(in["user"])["id"] != user["id"] || in["url"] != nil {
			t.Fatalf("sign-in: %s", c.raw)
		}
		if !strings.HasPrefix(string(c.raw), `{"redirect":false,"token":"`) {
			t.Fatalf("sign-in key order: %s", c.raw)
		}
		if got := c.setCookies; len(got) != 1 || !strings.Contains(got[0], "Max-Age=604800") {
			t.Fatalf("sign-in cookies %q", got)
		}
		s = obj(c.do("GET", "/get-session", nil))
		if obj(s["session"])["token"] != in["token"] {
			t.Fatalf("get-session after sign-in: %s", c.raw)
		}

		// Error shapes.
		c.clone().do("POST", "/sign-up/email", map[string]any{"name": "Dup", "email": "ADA.lovelace@example.com", "password": password})
		c2 := c.clone()
		c2.do("POST", "/sign-up/email", map[string]any{"name": "Dup", "email": "ADA.lovelace@example.com", "password": password})
		c2.expectError(422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email.")
		c2.do("POST", "/sign-up/email", map[string]any{"name": "S", "email": "s@example.com", "password": "short"})
		c2.expectError(400, "PASSWORD_TOO_SHORT", "Password too short")
		c2.do("POST", "/sign-up/email", map[string]any{"name": "S", "email": "s@example.com", "password": strings.Repeat("😀", 65)})
		c2.expectError(400, "PASSWORD_TOO_LONG", "Password too long")
		c2.do("POST", "/sign-up/email", map[string]any{"name": "S", "email": "s@example.com", "password": strings.Repeat("😀", 64)})
		c2.expect(200, "*")

		// Nothing secret was logged.
		for _, secret := range []string{testSecret, password, fmt.Sprint(in["token"])} {
			if strings.Contains(logs.String(), secret) {
				t.Fatalf("log contains a secret:\n%s", logs.String())
			}
		}
	})
}

func TestRememberMeFalse(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{}))
		c := startServer(t, a)
		c.signUp("r@example.com", password)
		c.do("POST", "/sign-out", nil)
		in := obj(c.do("POST", "/sign-in/email", map[string]any{"email": "r@example.com", "password": password, "rememberMe": false}))
		c.expect(200, "*")
		want := []string{
			"better-auth.session_token=" + signCookie(testSecret, in["token"].(string)) + "; Path=/; HttpOnly; SameSite=Lax",
			"better-auth.dont_remember=" + signCookie(testSecret, "true") + "; Path=/; HttpOnly; SameSite=Lax",
		}
		if strings.Join(c.setCookies, "\n") != strings.Join(want, "\n") {
			t.Fatalf("cookies:\n%s\nwant\n%s", strings.Join(c.setCookies, "\n"), strings.Join(want, "\n"))
		}
		s := obj(c.do("GET", "/get-session", nil))
		exp, _ := time.Parse(time.RFC3339, fmt.Sprint(obj(s["session"])["expiresAt"]))
		if d := time.Until(exp) - 24*time.Hour; d > time.Minute || d < -time.Minute {
			t.Fatalf("expiresAt %v, want now+1d", exp)
		}
		// Past the update age a remembered session refreshes; this one
		// does not (the dont_remember cookie is present).
		setExpiry(t, db, d, in["token"].(string), time.Now().Add(time.Hour))
		c.do("GET", "/get-session", nil)
		if len(c.setCookies) != 0 {
			t.Fatalf("refreshed a dont-remember session: %q", c.setCookies)
		}
		// update-user keeps the browser-session cookie.
		c.do("POST", "/update-user", map[string]any{"name": "New"})
		c.expect(200, `{"status":true}`)
		if len(c.setCookies) != 2 || strings.Contains(c.setCookies[0], "Max-Age") || !strings.HasPrefix(c.setCookies[1], "better-auth.dont_remember=") {
			t.Fatalf("update-user cookies %q", c.setCookies)
		}
	})
}

func setExpiry(t *testing.T, db *sql.DB, d, token string, exp time.Time) {
	t.Helper()
	_, err := db.Exec("UPDATE "+q(d, "session")+" SET "+q(d, "expiresAt")+" = "+ph(d, 1)+" WHERE "+q(d, "token")+" = "+ph(d, 2), dbTime(d, exp), token)
	if err != nil {
		t.Fatal(err)
	}
}

func TestSessionLifecycle(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{}))
		c := startServer(t, a)
		c.signUp("life@example.com", password)
		token := c.sessionToken()

		// Remaining life above expiresIn - updateAge: no refresh.
		setExpiry(t, db, d, token, time.Now().Add(6*24*time.Hour+time.Hour))
		c.do("GET", "/get-session", nil)
		if len(c.setCookies) != 0 {
			t.Fatalf("refreshed early: %q", c.setCookies)
		}
		// At or below: the row is extended and the cookie re-sent.
		setExpiry(t, db, d, token, time.Now().Add(6*24*time.Hour-time.Minute))
		s := obj(c.do("GET", "/get-session", nil))
		if len(c.setCookies) != 1 || !strings.Contains(c.setCookies[0], signCookie(testSecret, token)+"; Max-Age=604800") {
			t.Fatalf("refresh cookies %q", c.setCookies)
		}
		exp, _ := time.Parse(time.RFC3339, fmt.Sprint(obj(s["session"])["expiresAt"]))
		if time.Until(exp) < 7*24*time.Hour-time.Minute {
			t.Fatalf("not extended: %v", exp)
		}
		// ?disableRefresh (any value) skips it.
		setExpiry(t, db, d, token, time.Now().Add(time.Hour))
		c.do("GET", "/get-session?disableRefresh=false", nil)
		if len(c.setCookies) != 0 {
			t.Fatalf("disableRefresh ignored: %q", c.setCookies)
		}

		// A forged or malformed cookie: null, no Set-Cookie.
		for _, v := range []string{token + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D", token, "." + strings.Repeat("A", 43) + "=", "%E0%A4%A"} {
			f := c.clone()
			f.jar["better-auth.session_token"], f.order = v, []string{"better-auth.session_token"}
			f.do("GET", "/get-session", nil)
			f.expect(200, "null")
			if len(f.setCookies) != 0 {
				t.Fatalf("forged cookie %q: Set-Cookie %q", v, f.setCookies)
			}
		}

		// Expired: null, the three cookies expire, the row is deleted.
		setExpiry(t, db, d, token, time.Now().Add(-time.Minute))
		c.do("GET", "/get-session", nil)
		c.expect(200, "null")
		if len(c.setCookies) != 3 || count(t, db, d, "session", "") != 0 {
			t.Fatalf("expired: cookies %q, rows %d", c.setCookies, count(t, db, d, "session", ""))
		}

		// Revoked (row gone): the same, and protected routes answer 401.
		c.do("POST", "/sign-in/email", map[string]any{"email": "life@example.com", "password": password})
		stale := c.clone()
		stale.jar, stale.order = map[string]string{"better-auth.session_token": c.jar["better-auth.session_token"]}, []string{"better-auth.session_token"}
		c.do("POST", "/revoke-sessions", nil)
		c.expect(200, `{"status":true}`)
		if len(c.setCookies) != 0 {
			t.Fatalf("revoke-sessions cleared the cookie: %q", c.setCookies)
		}
		stale.do("POST", "/update-user", map[string]any{"name": "x"})
		stale.expectError(401, "UNAUTHORIZED", "Unauthorized")
		if len(stale.setCookies) != 3 {
			t.Fatalf("401 without expiring cookies: %q", stale.setCookies)
		}
		c.do("GET", "/get-session", nil)
		c.expect(200, "null")
		if len(c.setCookies) != 3 {
			t.Fatalf("revoked: cookies %q", c.setCookies)
		}
	})
}

func TestSessionsEndpoints(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{}))
		c := startServer(t, a)
		c.signUp("multi@example.com", password)
		other := c.clone()
		other.do("POST", "/sign-in/email", map[string]any{"email": "multi@example.com", "password": password})
		third := c.clone()
		third.do("POST", "/sign-in/email", map[string]any{"email": "multi@example.com", "password": password})
		stranger := c.clone()
		stranger.signUp("stranger@example.com", password)

		list, _ := c.do("GET", "/list-sessions", nil).([]any)
		c.expect(200, "*")
		if len(list) != 3 {
			t.Fatalf("list-sessions: %s", c.raw)
		}
		for _, s := range list {
			if !tokenRe.MatchString(fmt.Sprint(obj(s)["token"])) {
				t.Fatalf("list-sessions item: %v", s)
			}
		}

		// revoke-session: a foreign or unknown token is a silent no-op.
		c.do("POST", "/revoke-session", map[string]any{"token": stranger.sessionToken()})
		c.expect(200, `{"status":true}`)
		c.do("POST", "/revoke-session", map[string]any{"token": "nope"})
		c.expect(200, `{"status":true}`)
		if count(t, db, d, "session", "") != 4 {
			t.Fatal("revoke-session deleted a foreign session")
		}
		c.do("POST", "/revoke-session", map[string]any{"token": other.sessionToken()})
		c.expect(200, `{"status":true}`)
		other.do("GET", "/get-session", nil)
		other.expect(200, "null")
		c.do("POST", "/revoke-session", map[string]any{})
		c.expectError(400, "VALIDATION_ERROR", "[body.token] Invalid input: expected string, received undefined")

		// revoke-other-sessions keeps only the caller's.
		c.do("POST", "/revoke-other-sessions", nil)
		c.expect(200, `{"status":true}`)
		third.do("GET", "/get-session", nil)
		third.expect(200, "null")
		c.do("GET", "/get-session", nil)
		if !strings.Contains(string(c.raw), c.sessionToken()) {
			t.Fatalf("revoke-other-sessions removed the caller: %s", c.raw)
		}
		if count(t, db, d, "session", "") != 2 {
			t.Fatalf("sessions left: %d", count(t, db, d, "session", ""))
		}

		// A stale session (created over a day ago) may not list sessions.
		_, err := db.Exec("UPDATE "+q(d, "session")+" SET "+q(d, "createdAt")+" = "+ph(d, 1)+" WHERE "+q(d, "token")+" = "+ph(d, 2), dbTime(d, time.Now().Add(-25*time.Hour)), c.sessionToken())
		if err != nil {
			t.Fatal(err)
		}
		c.do("GET", "/list-sessions", nil)
		c.expectError(403, "SESSION_NOT_FRESH", "Session is not fresh")

		// Without a session.
		anon := c.clone()
		for _, p := range []string{"/revoke-sessions", "/revoke-other-sessions"} {
			anon.do("POST", p, nil)
			anon.expectError(401, "UNAUTHORIZED", "Unauthorized")
		}
		anon.do("GET", "/list-sessions", nil)
		anon.expectError(401, "UNAUTHORIZED", "Unauthorized")
		anon.do("POST", "/revoke-session", map[string]any{"token": "x"})
		anon.expectError(401, "UNAUTHORIZED", "Unauthorized")
	})
}

func TestUpdateUserAndChangePassword(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{}))
		c := startServer(t, a)
		up := c.signUp("upd@example.com", password)
		before := obj(up["user"])["updatedAt"]
		time.Sleep(5 * time.Millisecond)

		c.do("POST", "/update-user", map[string]any{"name": "Grace", "image": "https://example.com/g.png"})
		c.expect(200, `{"status":true}`)
		if len(c.setCookies) != 1 || !strings.Contains(c.setCookies[0], signCookie(testSecret, c.sessionToken())+"; Max-Age=604800") {
			t.Fatalf("update-user cookie %q", c.setCookies)
		}
		u := obj(obj(c.do("GET", "/get-session", nil))["user"])
		if u["name"] != "Grace" || u["image"] != "https://example.com/g.png" || u["updatedAt"] == before {
			t.Fatalf("after update: %v", u)
		}
		c.do("POST", "/update-user", map[string]any{"image": nil})
		c.expect(200, `{"status":true}`)
		if u := obj(obj(c.do("GET", "/get-session", nil))["user"]); u["image"] != nil {
			t.Fatalf("image not cleared: %v", u)
		}
		c.do("POST", "/update-user", map[string]any{"email": "x@example.com"})
		c.expectError(400, "EMAIL_CAN_NOT_BE_UPDATED", "Email can not be updated")
		// JavaScript truthiness: a 0 email is no email (Better Auth: 200).
		c.do("POST", "/update-user", map[string]any{"email": 0, "name": "Grace"})
		c.expect(200, `{"status":true}`)
		c.do("POST", "/update-user", map[string]any{})
		c.expectError(400, "", "No fields to update")
		c.do("POST", "/update-user", map[string]any{"emailVerified": true})
		c.expectError(400, "", "No fields to update")
		c.do("POST", "/update-user", `[1]`)
		c.expectError(400, "VALIDATION_ERROR", "[body] Invalid input: expected record, received array")
		c.do("POST", "/update-user", map[string]any{"name": 5})
		c.expectError(400, "VALIDATION_ERROR", "[body.name] Invalid input: expected string, received number")
		c.clone().do("POST", "/update-user", map[string]any{"name": "x"})

		// change-password.
		c.do("POST", "/change-password", map[string]any{})
		c.expectError(400, "VALIDATION_ERROR", "[body.newPassword] Invalid input: expected string, received undefined; [body.currentPassword] Invalid input: expected string, received undefined")
		c.do("POST", "/change-password", map[string]any{"newPassword": "short", "currentPassword": password})
		c.expectError(400, "PASSWORD_TOO_SHORT", "Password too short")
		c.do("POST", "/change-password", map[string]any{"newPassword": "another long one", "currentPassword": "wrong one!"})
		c.expectError(400, "INVALID_PASSWORD", "Invalid password")
		res := obj(c.do("POST", "/change-password", map[string]any{"newPassword": "another long one", "currentPassword": password}))
		c.expect(200, "*")
		if res["token"] != nil || obj(res["user"])["email"] != "upd@example.com" || len(c.setCookies) != 0 {
			t.Fatalf("change-password: %s %q", c.raw, c.setCookies)
		}
		second := c.clone()
		second.do("POST", "/sign-in/email", map[string]any{"email": "upd@example.com", "password": password})
		second.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
		second.do("POST", "/sign-in/email", map[string]any{"email": "upd@example.com", "password": "another long one"})
		second.expect(200, "*")

		// revokeOtherSessions: every session goes, a new one is set.
		old := c.clone()
		old.jar, old.order = map[string]string{"better-auth.session_token": c.jar["better-auth.session_token"]}, []string{"better-auth.session_token"}
		res = obj(c.do("POST", "/change-password", map[string]any{"newPassword": "third password", "currentPassword": "another long one", "revokeOtherSessions": true}))
		c.expect(200, "*")
		if !tokenRe.MatchString(fmt.Sprint(res["token"])) || c.sessionToken() != res["token"] {
			t.Fatalf("revokeOtherSessions: %s %q", c.raw, c.setCookies)
		}
		old.do("GET", "/get-session", nil)
		old.expect(200, "null")
		second.do("GET", "/get-session", nil)
		second.expect(200, "null")
		if count(t, db, d, "session", "") != 1 {
			t.Fatalf("sessions: %d", count(t, db, d, "session", ""))
		}
		c.do("GET", "/get-session", nil)
		if !strings.Contains(string(c.raw), c.sessionToken()) {
			t.Fatalf("new session does not work: %s", c.raw)
		}

		// A user whose credential row has no password.
		_, err := db.Exec("UPDATE " + q(d, "account") + " SET " + q(d, "password") + " = NULL")
		if err != nil {
			t.Fatal(err)
		}
		c.do("POST", "/change-password", map[string]any{"newPassword": "fourth password", "currentPassword": "third password"})
		c.expectError(400, "CREDENTIAL_ACCOUNT_NOT_FOUND", "Credential account not found")
		c.clone().do("POST", "/sign-in/email", map[string]any{"email": "upd@example.com", "password": "third password"})
	})
}

// TestGoAPI covers GetSession, Middleware and RequireSession.
func TestGoAPI(t *testing.T) {
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{}))
	c := startServer(t, a)
	c.signUp("go@example.com", password)

	h := http.Header{"Cookie": {"better-auth.session_token=" + c.jar["better-auth.session_token"]}}
	s, err := a.GetSession(context.Background(), h)
	if err != nil || s == nil || s.User.Email != "go@example.com" || s.Session.Token != c.sessionToken() || s.Session.UserID != s.User.ID {
		t.Fatalf("GetSession = %+v, %v", s, err)
	}
	if s.User.Fields["emailVerified"] != false || s.Session.ExpiresAt.Before(time.Now().Add(6*24*time.Hour)) {
		t.Fatalf("GetSession fields: %+v", s)
	}
	if s, err := a.GetSession(context.Background(), http.Header{}); s != nil || err != nil {
		t.Fatalf("no cookie: %v %v", s, err)
	}
	if s, err := a.GetSession(context.Background(), http.Header{"Cookie": {"better-auth.session_token=" + c.sessionToken() + ".forged"}}); s != nil || err != nil {
		t.Fatalf("forged: %v %v", s, err)
	}

	var seen *core.SessionData
	mux := http.NewServeMux()
	mux.Handle("/me", a.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = core.SessionFrom(r.Context())
		fmt.Fprint(w, seen.User.Email)
	})))
	mux.Handle("/maybe", a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, core.SessionFrom(r.Context()) == nil)
	})))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/me", nil)
	req.Header = h
	mux.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.String() != "go@example.com" {
		t.Fatalf("/me: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/me", nil))
	if rec.Code != 401 || rec.Body.String() != `{"message":"Unauthorized","code":"UNAUTHORIZED"}` {
		t.Fatalf("/me anonymous: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/maybe", nil))
	if rec.Body.String() != "true" {
		t.Fatalf("/maybe: %s", rec.Body)
	}
}
