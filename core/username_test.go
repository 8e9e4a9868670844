package core_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/schema"
)

// userColumns reads the given physical columns of the user with email.
func userColumns(t *testing.T, db *sql.DB, d, email string, cols ...string) []any {
	t.Helper()
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = q(d, c)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := db.QueryRow("SELECT "+strings.Join(sel, ", ")+" FROM "+q(d, "user")+" WHERE "+q(d, "email")+" = "+ph(d, 1), email).Scan(ptrs...)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		if b, ok := v.([]byte); ok {
			vals[i] = string(b)
		}
	}
	return vals
}

func TestUsernameSignUpAndUpdate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		// The username column is renamed, so the runtime must go through
		// the schema.
		a, db := newAuth(t, d, enabled(core.Options{Plugins: []core.Plugin{plugins.Username(plugins.UsernameOptions{
			Schema: plugins.Schema{"user": {Fields: map[string]string{"username": "user_name"}}}})}}))
		c := startServer(t, a)
		up := func(email string, extra map[string]any) map[string]any {
			c.jar = map[string]string{}
			return obj(c.do("POST", "/sign-up/email", usernameUp(email, extra)))
		}

		// Lowercased username, displayUsername from the username as sent.
		u := obj(up("a@example.com", map[string]any{"username": "Ada_Lovelace"})["user"])
		c.expect(200, "*")
		if u["username"] != "ada_lovelace" || u["displayUsername"] != "Ada_Lovelace" {
			t.Fatalf("sign-up: %s", c.raw)
		}
		if got := userColumns(t, db, d, "a@example.com", "user_name", "displayUsername"); got[0] != "ada_lovelace" || got[1] != "Ada_Lovelace" {
			t.Fatalf("row = %v", got)
		}
		// Uniqueness is case-insensitive.
		up("b@example.com", map[string]any{"username": "ADA_lovelace"})
		c.expectError(400, "USERNAME_IS_ALREADY_TAKEN", "Username is already taken. Please try another.")
		// Every rule, with Better Auth's order: length, then characters.
		for name, code := range map[string]string{"ab": "USERNAME_TOO_SHORT", "": "USERNAME_TOO_SHORT",
			strings.Repeat("x", 31): "USERNAME_TOO_LONG", "no spaces": "INVALID_USERNAME", "añb": "INVALID_USERNAME", "a-b": "INVALID_USERNAME"} {
			up("b@example.com", map[string]any{"username": name})
			c.expectError(400, code, map[string]string{"USERNAME_TOO_SHORT": "Username is too short", "USERNAME_TOO_LONG": "Username is too long", "INVALID_USERNAME": "Username is invalid"}[code])
		}
		if n := count(t, db, d, "user", ""); n != 1 {
			t.Fatalf("%d users after refused sign-ups", n)
		}
		// The hooks run before body validation.
		c.jar = map[string]string{}
		c.do("POST", "/sign-up/email", map[string]any{"username": "ab"})
		c.expectError(400, "USERNAME_TOO_SHORT", "Username is too short")
		// displayUsername alone becomes the username when it is valid.
		u = obj(up("c@example.com", map[string]any{"displayUsername": "Grace.Hopper"})["user"])
		if u["username"] != "grace.hopper" || u["displayUsername"] != "Grace.Hopper" {
			t.Fatalf("displayUsername only: %s", c.raw)
		}
		u = obj(up("d@example.com", map[string]any{"displayUsername": "Not valid!"})["user"])
		if u["username"] != nil || u["displayUsername"] != "Not valid!" {
			t.Fatalf("invalid displayUsername only: %s", c.raw)
		}
		up("e@example.com", map[string]any{"displayUsername": "GRACE.hopper"})
		c.expectError(400, "USERNAME_IS_ALREADY_TAKEN", "Username is already taken. Please try another.")
		// Both given: kept apart.
		u = obj(up("f@example.com", map[string]any{"username": "Alan_T", "displayUsername": "Alan Turing"})["user"])
		if u["username"] != "alan_t" || u["displayUsername"] != "Alan Turing" {
			t.Fatalf("both: %s", c.raw)
		}

		// update-user as alan_t.
		c.do("POST", "/update-user", map[string]any{"username": "Alan_Turing"})
		c.expect(200, `{"status":true}`)
		if got := userColumns(t, db, d, "f@example.com", "user_name", "displayUsername"); got[0] != "alan_turing" || got[1] != "Alan Turing" {
			t.Fatalf("after update: %v", got)
		}
		c.do("POST", "/update-user", map[string]any{"username": "ALAN_TURING"}) // one's own name
		c.expect(200, `{"status":true}`)
		c.do("POST", "/update-user", map[string]any{"username": "Ada_Lovelace"})
		c.expectError(400, "USERNAME_IS_ALREADY_TAKEN", "Username is already taken. Please try another.")
		c.do("POST", "/update-user", map[string]any{"username": "a b"})
		c.expectError(400, "INVALID_USERNAME", "Username is invalid")
		c.do("POST", "/update-user", map[string]any{"username": strings.Repeat("y", 31)})
		c.expectError(400, "USERNAME_TOO_LONG", "Username is too long")
		c.do("POST", "/update-user", map[string]any{"displayUsername": "A. M. Turing"})
		c.expect(200, `{"status":true}`)
		if got := userColumns(t, db, d, "f@example.com", "user_name", "displayUsername"); got[0] != "alan_turing" || got[1] != "A. M. Turing" {
			t.Fatalf("after displayUsername update: %v", got)
		}
		// Without a session a taken name is refused before the 401.
		anon := c.clone()
		anon.do("POST", "/update-user", map[string]any{"username": "alan_turing"})
		anon.expectError(400, "USERNAME_IS_ALREADY_TAKEN", "Username is already taken. Please try another.")
		anon.do("POST", "/update-user", map[string]any{"username": "free_name"})
		anon.expectError(401, "UNAUTHORIZED", "Unauthorized")
		// No body or null: the endpoint's validation error (Better Auth's
		// hook throws a TypeError, an empty 500).
		c.do("POST", "/update-user", nil)
		c.expectError(400, "VALIDATION_ERROR", "[body] Invalid input: expected record, received undefined")
		c.do("POST", "/update-user", "null")
		c.expectError(400, "VALIDATION_ERROR", "[body] Invalid input: expected record, received null")
		c.do("POST", "/sign-up/email", nil)
		c.expect(400, "*")
		// A wrong type is a validation error (Better Auth: a 500).
		c.do("POST", "/update-user", map[string]any{"username": 5})
		c.expectError(400, "VALIDATION_ERROR", "[body.username] Invalid input: expected string, received number")
	})
}

func TestUsernameSignIn(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{Plugins: []core.Plugin{plugins.Username()}}))
		c := startServer(t, a)
		c.do("POST", "/sign-up/email", usernameUp("s@example.com", map[string]any{"username": "Sign_In"}))
		c.expect(200, "*")
		c.do("POST", "/sign-up/email", usernameUp("nouser@example.com", nil)) // no username
		c.expect(200, "*")

		in := func(body map[string]any) map[string]any {
			c.jar = map[string]string{}
			return obj(c.do("POST", "/sign-in/username", body))
		}
		res := in(map[string]any{"username": "SIGN_in", "password": password})
		c.expect(200, "*")
		if res["redirect"] != false || !tokenRe.MatchString(fmt.Sprint(res["token"])) || obj(res["user"])["username"] != "sign_in" {
			t.Fatalf("sign-in: %s", c.raw)
		}
		if _, ok := res["url"]; ok {
			t.Fatalf("url without callbackURL: %s", c.raw)
		}
		want := "better-auth.session_token=" + signCookie(testSecret, res["token"].(string)) + "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax"
		if len(c.setCookies) != 1 || c.setCookies[0] != want {
			t.Fatalf("cookies %q", c.setCookies)
		}
		s := obj(c.do("GET", "/get-session", nil))
		if obj(s["session"])["token"] != res["token"] || obj(s["user"])["email"] != "s@example.com" {
			t.Fatalf("get-session: %s", c.raw)
		}

		// rememberMe: false, as sign-in/email: a browser-session cookie and
		// a one-day session.
		res = in(map[string]any{"username": "sign_in", "password": password, "rememberMe": false})
		c.expect(200, "*")
		wantCookies := []string{
			"better-auth.session_token=" + signCookie(testSecret, res["token"].(string)) + "; Path=/; HttpOnly; SameSite=Lax",
			"better-auth.dont_remember=" + signCookie(testSecret, "true") + "; Path=/; HttpOnly; SameSite=Lax",
		}
		if strings.Join(c.setCookies, "\n") != strings.Join(wantCookies, "\n") {
			t.Fatalf("rememberMe false cookies %q", c.setCookies)
		}
		s = obj(c.do("GET", "/get-session", nil))
		exp, _ := time.Parse(time.RFC3339, fmt.Sprint(obj(s["session"])["expiresAt"]))
		if dd := time.Until(exp) - 24*time.Hour; dd > time.Minute || dd < -time.Minute {
			t.Fatalf("expiresAt %v, want now+1d", exp)
		}

		res = in(map[string]any{"username": "sign_in", "password": password, "callbackURL": "/home"})
		c.expect(200, "*")
		if res["redirect"] != true || res["url"] != "/home" || c.header.Get("Location") != "/home" {
			t.Fatalf("callbackURL: %v %s", c.header, c.raw)
		}

		before := count(t, db, d, "session", "")
		for _, tc := range []struct {
			body          map[string]any
			status        int
			code, message string
		}{
			{map[string]any{"username": "sign_in", "password": "wrong password"}, 401, "INVALID_USERNAME_OR_PASSWORD", "Invalid username or password"},
			{map[string]any{"username": "nobody", "password": password}, 401, "INVALID_USERNAME_OR_PASSWORD", "Invalid username or password"},
			{map[string]any{"username": "", "password": password}, 401, "INVALID_USERNAME_OR_PASSWORD", "Invalid username or password"},
			{map[string]any{"username": "sign_in", "password": ""}, 401, "INVALID_USERNAME_OR_PASSWORD", "Invalid username or password"},
			{map[string]any{"username": "si", "password": password}, 422, "USERNAME_TOO_SHORT", "Username is too short"},
			{map[string]any{"username": strings.Repeat("s", 31), "password": password}, 422, "USERNAME_TOO_LONG", "Username is too long"},
			{map[string]any{"username": "sign in", "password": password}, 422, "INVALID_USERNAME", "Username is invalid"},
			{map[string]any{"username": 1, "password": password, "rememberMe": "no"}, 400, "VALIDATION_ERROR",
				"[body.username] Invalid input: expected string, received number; [body.rememberMe] Invalid input: expected boolean, received string"},
		} {
			in(tc.body)
			c.expectError(tc.status, tc.code, tc.message)
			if len(c.setCookies) != 0 {
				t.Fatalf("%v set cookies %q", tc.body, c.setCookies)
			}
		}
		if n := count(t, db, d, "session", ""); n != before {
			t.Fatalf("failed sign-ins created sessions: %d → %d", before, n)
		}

		// A user whose credential account has no password.
		if _, err := db.Exec("UPDATE " + q(d, "account") + " SET " + q(d, "password") + " = NULL"); err != nil {
			t.Fatal(err)
		}
		in(map[string]any{"username": "sign_in", "password": password})
		c.expectError(401, "INVALID_USERNAME_OR_PASSWORD", "Invalid username or password")

		// is-username-available.
		avail := func(name any) {
			c.do("POST", "/is-username-available", map[string]any{"username": name})
		}
		avail("SIGN_IN")
		c.expect(200, `{"available":false}`)
		avail("Someone_Else")
		c.expect(200, `{"available":true}`)
		avail("")
		c.expectError(422, "INVALID_USERNAME", "Username is invalid")
		avail("ab")
		c.expectError(422, "USERNAME_TOO_SHORT", "Username is too short")
		avail(strings.Repeat("a", 31))
		c.expectError(422, "USERNAME_TOO_LONG", "Username is too long")
		avail("a!b")
		c.expectError(422, "INVALID_USERNAME", "Username is invalid")
		avail(nil)
		c.expectError(400, "VALIDATION_ERROR", "[body.username] Invalid input: expected string, received null")
	})
}

// TestUsernameOptions drives the runtime from UsernameOptions: lengths and
// NoDisplayUsername; requireEmailVerification applies to sign-in by
// username too.
func TestUsernameOptions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.Username(plugins.UsernameOptions{
			MinUsernameLength: 5, MaxUsernameLength: 6, NoDisplayUsername: true})}})
		o.EmailAndPassword.RequireEmailVerification = true
		a, db := newAuth(t, d, o)
		c := startServer(t, a)
		c.do("POST", "/sign-up/email", usernameUp("o@example.com", map[string]any{"username": "abcd"}))
		c.expectError(400, "USERNAME_TOO_SHORT", "Username is too short")
		c.do("POST", "/sign-up/email", usernameUp("o@example.com", map[string]any{"username": "abcdefg"}))
		c.expectError(400, "USERNAME_TOO_LONG", "Username is too long")
		// displayUsername still names the username; it is not stored.
		res := obj(c.do("POST", "/sign-up/email", usernameUp("o@example.com", map[string]any{"displayUsername": "SixChr"})))
		c.expect(200, "*")
		if u := obj(res["user"]); u["username"] != "sixchr" || strings.Contains(string(c.raw), "displayUsername") || res["token"] != nil {
			t.Fatalf("sign-up: %s", c.raw)
		}
		c.do("POST", "/sign-in/username", map[string]any{"username": "SIXCHR", "password": password})
		c.expectError(403, "EMAIL_NOT_VERIFIED", "Email not verified")
		if _, err := db.Exec("UPDATE " + q(d, "user") + " SET " + q(d, "emailVerified") + " = TRUE"); err != nil {
			t.Fatal(err)
		}
		c.do("POST", "/sign-in/username", map[string]any{"username": "SIXCHR", "password": password})
		c.expect(200, "*")
		c.do("POST", "/is-username-available", map[string]any{"username": "abcd"})
		c.expectError(422, "USERNAME_TOO_SHORT", "Username is too short")
	})
}

// Without the plugin its endpoints are 404 and a "username" body field
// is ignored like any unknown field.
func TestUsernameOffWithoutPlugin(t *testing.T) {
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{}))
	c := startServer(t, a)
	c.do("POST", "/sign-up/email", usernameUp("n@example.com", map[string]any{"username": "x"}))
	c.expect(200, "*")
	for _, p := range []string{"/sign-in/username", "/is-username-available"} {
		c.do("POST", p, map[string]any{"username": "xyz", "password": password})
		if c.status != 404 {
			t.Fatalf("%s without the plugin: %d", p, c.status)
		}
	}
}

// usernameLike is a plugin with the username id and fields but no
// runtime of its own.
type usernameLike struct{ fields []schema.Field }

func (usernameLike) ID() string { return "username" }
func (p usernameLike) Schema() []schema.Table {
	return []schema.Table{{Key: "user", Fields: p.fields}}
}

// core runs no plugin by its id: a plugin that calls itself "username"
// but brings no runtime is refused like any other, rather than getting
// the username plugin's rules or none.
func TestPluginIDIsNotSpecialCased(t *testing.T) {
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{Plugins: []core.Plugin{usernameLike{fields: []schema.Field{
		{Name: "username", Type: schema.TypeString, Required: schema.Optional, Unique: true}}}}}))
	err := a.Open(context.Background())
	if err == nil || !strings.Contains(err.Error(), "plugin username has no Go runtime") {
		t.Fatalf("Open err = %v", err)
	}
}
