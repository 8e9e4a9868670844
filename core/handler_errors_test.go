package core_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// Bad input gets a JSON error exactly like Better Auth's (captured from the
// 1.7.5 server), never a panic or a 500.
func TestBadInput(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, _ := newAuth(t, d, enabled(core.Options{}))
		c := startServer(t, a)
		cases := []struct {
			path, body, ctype string
			status            int
			want              string
		}{
			{"/sign-up/email", `{"name":"a",`, "", 400, `{"message":"Invalid JSON in request body","code":"BAD_REQUEST"}`},
			{"/sign-up/email", `{"a":1} x`, "", 400, `{"message":"Invalid JSON in request body","code":"BAD_REQUEST"}`},
			{"/sign-up/email", `[1]`, "", 400, `{"message":"[body] Invalid input: expected object, received array; [body] Invalid input: expected record, received array","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", `null`, "", 400, `{"message":"[body] Invalid input: expected object, received null; [body] Invalid input: expected record, received null","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", `"x"`, "", 400, `{"message":"[body] Invalid input: expected object, received string; [body] Invalid input: expected record, received string","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", ``, "", 400, `{"message":"[body] Invalid input: expected object, received undefined; [body] Invalid input: expected record, received undefined","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", `{"name":1,"email":null,"password":"","rememberMe":"x","image":5}`, "", 400, `{"message":"[body.name] Invalid input: expected string, received number; [body.email] Invalid input: expected string, received null; [body.password] Too small: expected string to have >=1 characters; [body.image] Invalid input: expected string, received number; [body.rememberMe] Invalid input: expected boolean, received string","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", `{"name":"a","email":"a@b.co","password":{}}`, "", 400, `{"message":"[body.password] Invalid input: expected string, received object","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", `{"name":"a","email":"notanemail","password":"x"}`, "", 400, `{"message":"[body.email] Invalid email address","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", `{"email":""}`, "", 400, `{"message":"[body.name] Invalid input: expected string, received undefined; [body.email] Invalid email address; [body.password] Invalid input: expected string, received undefined","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", `x`, "text/plain", 415, `{"message":"Content-Type \"text/plain\" is not allowed. Allowed types: application/x-www-form-urlencoded, application/json","code":"UNSUPPORTED_MEDIA_TYPE"}`},
			{"/sign-up/email", `name=F&email=form%40example.com&password=longenough1&rememberMe=false`, "application/x-www-form-urlencoded", 400, `{"message":"[body.rememberMe] Invalid input: expected boolean, received string","code":"VALIDATION_ERROR"}`},
			{"/sign-in/email", `{"email":5,"rememberMe":null}`, "", 400, `{"message":"[body.email] Invalid input: expected string, received number; [body.password] Invalid input: expected string, received undefined; [body.rememberMe] Invalid input: expected boolean, received null","code":"VALIDATION_ERROR"}`},
			{"/sign-in/email", `{"email":"bad","password":"x"}`, "", 400, `{"message":"Invalid email","code":"INVALID_EMAIL"}`},
			{"/sign-in/email", `[]`, "", 400, `{"message":"[body] Invalid input: expected object, received array","code":"VALIDATION_ERROR"}`},
			{"/sign-out", `[1]`, "", 400, `{"message":"[body] Invalid input: expected object, received array","code":"VALIDATION_ERROR"}`},
			{"/sign-out", `{"callbackURL":5}`, "", 400, `{"message":"Invalid callbackURL: expected a string"}`},
			{"/update-user", ``, "", 400, `{"message":"[body] Invalid input: expected record, received undefined","code":"VALIDATION_ERROR"}`},
			{"/update-user", `a=1`, "application/x-www-form-urlencoded", 415, `{"message":"Content-Type \"application/x-www-form-urlencoded\" is not allowed. Allowed types: application/json","code":"UNSUPPORTED_MEDIA_TYPE"}`},
			{"/update-user", `{}`, "", 401, `{"message":"Unauthorized","code":"UNAUTHORIZED"}`},
			{"/change-password", `{"newPassword":1,"currentPassword":"x","revokeOtherSessions":"yes"}`, "", 400, `{"message":"[body.newPassword] Invalid input: expected string, received number; [body.revokeOtherSessions] Invalid input: expected boolean, received string","code":"VALIDATION_ERROR"}`},
			{"/sign-in/email", `{"email":"a@b.co","password":"` + strings.Repeat("x", 2<<20) + `"}`, "", 413, `{"message":"Request body is too large","code":"PAYLOAD_TOO_LARGE"}`},
			// Text PostgreSQL and MySQL cannot take is refused before any query.
			{"/revoke-session", `{"token":"x\u0000"}`, "", 400, `{"message":"[body.token] Invalid input: text must be valid UTF-8 without NUL characters (U+0000)","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", `{"name":"\u0000","email":"n@example.com","password":"longenough1"}`, "", 400, `{"message":"[body.name] Invalid input: text must be valid UTF-8 without NUL characters (U+0000)","code":"VALIDATION_ERROR"}`},
			{"/sign-up/email", "name=%FF&email=f%40example.com&password=longenough1", "application/x-www-form-urlencoded", 400, `{"message":"[body.name] Invalid input: text must be valid UTF-8 without NUL characters (U+0000)","code":"VALIDATION_ERROR"}`},
		}
		for _, tc := range cases {
			req, _ := http.NewRequest("POST", c.base+tc.path, strings.NewReader(tc.body))
			ct := tc.ctype
			if ct == "" {
				ct = "application/json"
			}
			req.Header.Set("Content-Type", ct)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.status || string(body) != tc.want || res.Header.Get("Content-Type") != "application/json" {
				t.Errorf("POST %s %.60q:\ngot  %d %s\nwant %d %s", tc.path, tc.body, res.StatusCode, body, tc.status, tc.want)
			}
		}

		// A form-encoded sign-up works.
		req, _ := http.NewRequest("POST", c.base+"/sign-up/email", strings.NewReader("name=F&email=Form%40example.com&password=longenough1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("form sign-up: %v %v", res.StatusCode, err)
		}
		res.Body.Close()
	})
}

func TestRouting(t *testing.T) {
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{}))
	c := startServer(t, a)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/sign-in/email"}, {"GET", "/nope"}, {"GET", "/get-session/"}, {"GET", "//get-session"},
		{"OPTIONS", "/get-session"}, {"HEAD", "/get-session"}, {"PUT", "/sign-out"},
	} {
		req, _ := http.NewRequest(tc.method, c.base+tc.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 404 || len(body) != 0 || res.Header.Get("Content-Type") != "" {
			t.Errorf("%s %s: %d %q %q", tc.method, tc.path, res.StatusCode, body, res.Header.Get("Content-Type"))
		}
	}
	res, _ := http.Get(strings.TrimSuffix(c.base, "/api/auth") + "/other")
	if res.StatusCode != 404 {
		t.Errorf("outside the base path: %d", res.StatusCode)
	}
	c.do("POST", "/get-session", nil)
	c.expectError(405, "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED", "POST method requires deferSessionRefresh to be enabled in session config")
	c.do("GET", "/ok", nil)
	c.expect(200, `{"ok":true}`)
	c.do("POST", "/sign-out", nil)
	c.expect(200, `{"success":true}`)

	// A custom base path.
	b, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{BasePath: "/auth/"}))
	srv := httptest.NewServer(b.Handler())
	defer srv.Close()
	if res, _ := http.Get(srv.URL + "/auth/ok"); res.StatusCode != 200 {
		t.Errorf("custom base path: %d", res.StatusCode)
	}
	if res, _ := http.Get(srv.URL + "/api/auth/ok"); res.StatusCode != 404 {
		t.Errorf("default base path on a custom one: %d", res.StatusCode)
	}
}

func TestOriginChecks(t *testing.T) {
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{TrustedOrigins: []string{"http://localhost:5173", "https://*.example.com"}}))
	c := startServer(t, a)
	c.signUp("o@example.com", password)
	body := map[string]any{"name": "x"}

	// Rule A: cookie-bearing POSTs need a trusted Origin (or Referer).
	c.do("POST", "/update-user", body, "Origin", "")
	c.expectError(403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin")
	c.do("POST", "/update-user", body, "Origin", "null")
	c.expectError(403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin")
	c.do("POST", "/update-user", body, "Origin", "https://evil.example")
	c.expectError(403, "INVALID_ORIGIN", "Invalid origin")
	c.do("POST", "/sign-out", nil, "Origin", "https://evil.example")
	c.expectError(403, "INVALID_ORIGIN", "Invalid origin")
	c.do("POST", "/update-user", body, "Origin", "", "Referer", "http://localhost:5173/settings?x=1")
	c.expect(200, `{"status":true}`)
	c.do("POST", "/update-user", body, "Origin", "https://app.example.com")
	c.expect(200, `{"status":true}`)
	c.do("POST", "/update-user", body, "Origin", "", "Referer", "https://app.example.com/account")
	c.expect(200, `{"status":true}`)
	c.do("POST", "/update-user", body, "Origin", "https://example.com.evil.io")
	c.expectError(403, "INVALID_ORIGIN", "Invalid origin")
	// Without BaseURL the request's own origin is trusted.
	c.do("POST", "/update-user", body)
	c.expect(200, `{"status":true}`)
	// GETs are not checked.
	c.do("GET", "/get-session", nil, "Origin", "https://evil.example")
	c.expect(200, "*")

	// Rule B on sign-in/sign-up without cookies.
	anon := c.clone()
	creds := map[string]any{"email": "o@example.com", "password": password}
	anon.do("POST", "/sign-in/email", creds, "Origin", "https://evil.example")
	anon.expectError(403, "INVALID_ORIGIN", "Invalid origin")
	anon.do("POST", "/sign-in/email", creds, "Origin", "", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate")
	anon.expectError(403, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED", "Cross-site navigation login blocked. This request appears to be a CSRF attack.")
	anon.do("POST", "/sign-in/email", creds, "Origin", "", "Sec-Fetch-Site", "same-origin")
	anon.expectError(403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin")
	anon.do("POST", "/sign-in/email", creds, "Origin", "") // curl: no metadata, no origin
	anon.expect(200, "*")

	// callbackURL must be trusted or a safe relative path.
	anon = c.clone()
	anon.do("POST", "/sign-in/email", map[string]any{"email": "o@example.com", "password": password, "callbackURL": "https://evil.example/x"})
	anon.expectError(403, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	for _, bad := range []string{"//evil.example", "/\\evil.example", "/%2fevil.example"} {
		anon.do("POST", "/sign-in/email", map[string]any{"email": "o@example.com", "password": password, "callbackURL": bad})
		anon.expectError(403, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	}
	anon.do("POST", "/sign-in/email", map[string]any{"email": "o@example.com", "password": password, "callbackURL": "https://app.example.com/welcome?x=1"})
	anon.expect(200, "*")
	res := obj(anon.do("POST", "/sign-in/email", map[string]any{"email": "o@example.com", "password": password, "callbackURL": "/dashboard"}))
	anon.expect(200, "*")
	if res["redirect"] != true || res["url"] != "/dashboard" || anon.header.Get("Location") != "/dashboard" {
		t.Fatalf("callbackURL sign-in: %s %v", anon.raw, anon.header)
	}
	if !strings.Contains(string(anon.raw), `"token":"`) || !strings.Contains(string(anon.raw), `,"url":"/dashboard","user":`) {
		t.Fatalf("callbackURL key order: %s", anon.raw)
	}

	// disableCSRFCheck turns the origin checks off.
	off, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{Advanced: core.Advanced{DisableCSRFCheck: true}}))
	oc := startServer(t, off)
	oc.signUp("off@example.com", password)
	oc.do("POST", "/update-user", body, "Origin", "https://evil.example")
	oc.expect(200, `{"status":true}`)
}

func TestRateLimit(t *testing.T) {
	for _, storage := range []string{core.RateLimitMemory, core.RateLimitDatabase} {
		t.Run(storage, func(t *testing.T) {
			forEachDialect(t, func(t *testing.T, d string) {
				if storage == core.RateLimitMemory && d != core.DialectSQLite {
					t.Skip("memory storage does not depend on the database")
				}
				on := true
				a, db := newAuth(t, d, enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on, Storage: storage, Max: 5}}))
				c := startServer(t, a)
				creds := map[string]any{"email": "rl@example.com", "password": "wrong password"}
				for i := 0; i < 3; i++ {
					c.do("POST", "/sign-in/email", creds)
					c.expect(401, "*")
				}
				c.do("POST", "/sign-in/email", creds)
				// X-Retry-After counts from the last allowed sign-in: 10 s unless
				// hashing was slow (a loaded machine, -race).
				retry, _ := strconv.Atoi(c.header.Get("X-Retry-After"))
				if c.status != 429 || string(c.raw) != `{"message":"Too many requests. Please try again later."}` ||
					c.header.Get("Content-Type") != "text/plain;charset=UTF-8" || retry < 5 || retry > 10 {
					t.Fatalf("4th sign-in: %d %s %v", c.status, c.raw, c.header)
				}
				// Other paths have their own bucket (max 5 here).
				for i := 0; i < 5; i++ {
					c.do("GET", "/get-session", nil)
					c.expect(200, "null")
				}
				c.do("GET", "/get-session", nil)
				c.expect(429, "*")
				// Another client address is not limited.
				c.do("POST", "/sign-in/email", creds, "X-Forwarded-For", "203.0.113.9")
				c.expect(401, "*")
				if storage == core.RateLimitDatabase {
					if n := count(t, db, d, "rateLimit", ""); n != 3 {
						t.Fatalf("rateLimit rows: %d", n)
					}
				}
			})
		})
	}
	// Off by default outside production.
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{}))
	c := startServer(t, a)
	for i := 0; i < 5; i++ {
		c.do("POST", "/sign-in/email", map[string]any{"email": "x@example.com", "password": "x"})
		c.expect(401, "*")
	}
	// Custom rules: nil disables, a rule overrides.
	on := true
	b, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on, CustomRules: map[string]*core.RateLimitRule{
		"/sign-in/*": nil, "/get-session": {Window: time.Minute, Max: 1},
	}}}))
	c = startServer(t, b)
	for i := 0; i < 5; i++ {
		c.do("POST", "/sign-in/email", map[string]any{"email": "x@example.com", "password": "x"})
		c.expect(401, "*")
	}
	c.do("GET", "/get-session", nil)
	c.do("GET", "/get-session", nil)
	if retry, _ := strconv.Atoi(c.header.Get("X-Retry-After")); c.status != 429 || retry < 55 || retry > 60 {
		t.Fatalf("custom rule: %d %v", c.status, c.header)
	}
}

func TestSecureCookies(t *testing.T) {
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{BaseURL: "https://auth.example.com"}))
	c := startServer(t, a)
	c.origin = "https://auth.example.com"
	up := c.signUp("sec@example.com", password)
	want := "__Secure-better-auth.session_token=" + signCookie(testSecret, up["token"].(string)) + "; Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Lax"
	if len(c.setCookies) != 1 || c.setCookies[0] != want {
		t.Fatalf("cookie %q\nwant %q", c.setCookies, want)
	}
	c.do("GET", "/get-session", nil)
	if !strings.Contains(string(c.raw), up["token"].(string)) {
		t.Fatalf("prefixed cookie not read: %s", c.raw)
	}
	// The unprefixed name is ignored on a secure server.
	plain := c.clone()
	plain.jar["better-auth.session_token"], plain.order = signCookie(testSecret, up["token"].(string)), []string{"better-auth.session_token"}
	plain.do("GET", "/get-session", nil)
	plain.expect(200, "null")
	// The origin of an https BaseURL is trusted; the request's own is not.
	c.do("POST", "/sign-out", nil, "Origin", c.base[:strings.Index(c.base, "/api")])
	c.expectError(403, "INVALID_ORIGIN", "Invalid origin")
	c.do("POST", "/sign-out", nil)
	if len(c.setCookies) != 3 || !strings.HasPrefix(c.setCookies[0], "__Secure-better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax") {
		t.Fatalf("sign-out cookies %q", c.setCookies)
	}
	// Prefix option.
	p, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{Advanced: core.Advanced{CookiePrefix: "myapp"}}))
	pc := startServer(t, p)
	pc.signUp("p@example.com", password)
	if !strings.HasPrefix(pc.setCookies[0], "myapp.session_token=") {
		t.Fatalf("prefix: %q", pc.setCookies)
	}
}

func TestProductionRequiresSecret(t *testing.T) {
	t.Setenv("BETTER_AUTH_SECRET", "")
	t.Setenv("AUTH_SECRET", "")
	db := openDB(t, core.DialectSQLite)
	a := core.New(core.Options{Production: true, Database: core.Database{Dialect: core.DialectSQLite, DB: db}, EmailAndPassword: core.EmailAndPassword{Enabled: true}})
	createTables(t, db, core.DialectSQLite, a)
	err := a.Open(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no secret in production") {
		t.Fatalf("Open = %v", err)
	}
	// The handler refuses every request with an empty 500.
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/auth/get-session", nil))
	if rec.Code != 500 || rec.Body.Len() != 0 {
		t.Fatalf("handler: %d %q", rec.Code, rec.Body)
	}
	// The secret may come from the environment.
	t.Setenv("BETTER_AUTH_SECRET", testSecret)
	if err := a.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Outside production the default secret is used, as Better Auth does.
	t.Setenv("BETTER_AUTH_SECRET", "")
	b := core.New(core.Options{Database: core.Database{Dialect: core.DialectSQLite, DB: db}})
	if err := b.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	for _, tc := range []struct {
		o    core.Options
		want string
	}{
		{core.Options{}, "set Database.Dialect"},
		{core.Options{Database: core.SQLite("")}, "set Database.URL or Database.DB"},
		{core.Options{Database: core.Postgres("postgres://u:hunter2@127.0.0.1:1/x?connect_timeout=1")}, "cannot connect"},
		{core.Options{BaseURL: "not a url", Database: core.SQLite(":memory:")}, "is not an absolute http(s) URL"},
		{core.Options{User: core.UserOptions{Fields: map[string]string{"nope": "x"}}}, "not a field of the user table"},
	} {
		err := core.New(tc.o).Open(context.Background())
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Open(%+v) = %v, want %q", tc.o.Database, err, tc.want)
		}
	}
	// A URL opens with the registered driver; a database without the
	// tables is refused with the fix.
	path := t.TempDir() + "/x.db"
	a := core.New(core.Options{Database: core.SQLite(path)})
	err := a.Open(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no such table") || !strings.Contains(err.Error(), "authctl migrate") {
		t.Fatalf("Open on an empty database = %v", err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	createTables(t, db, core.DialectSQLite, a)
	db.Close()
	if err := a.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOpenURL opens each dialect from a URL (the driver the test binary
// imports, DSN conversion for MySQL) and serves a sign-up.
func TestOpenURL(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		db, u := openDBURL(t, d)
		a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: d, URL: u}, EmailAndPassword: core.EmailAndPassword{Enabled: true}})
		t.Cleanup(func() { a.Close() })
		if err := a.Open(context.Background()); err == nil || !strings.Contains(err.Error(), "authctl migrate") {
			t.Fatalf("Open without tables = %v", err)
		}
		createTables(t, db, d, a)
		if err := a.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		c := startServer(t, a)
		up := c.signUp("url@example.com", password)
		s := obj(c.do("GET", "/get-session", nil))
		if obj(s["user"])["createdAt"] != obj(up["user"])["createdAt"] {
			t.Fatalf("dates do not round-trip: %v vs %v", obj(s["user"])["createdAt"], obj(up["user"])["createdAt"])
		}
	})
}

// A password is only hashed and compared, never stored as text, so U+0000
// in it is accepted (Better Auth accepts it too) while the same character
// in any stored field is a 400.
func TestPasswordWithNUL(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, _ := newAuth(t, d, enabled(core.Options{}))
		c := startServer(t, a)
		pw := "correct\x00horse battery"
		c.do("POST", "/sign-up/email", map[string]any{"name": "N", "email": "nul@example.com", "password": pw})
		c.expect(200, "*")
		c.do("POST", "/sign-out", nil)
		c.do("POST", "/sign-in/email", map[string]any{"email": "nul@example.com", "password": pw})
		c.expect(200, "*")
		c.do("POST", "/sign-in/email", map[string]any{"email": "nul@example.com", "password": "correct"})
		c.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	})
}
