package core_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

// The URLs a request asks to be sent to (callbackURL, redirectTo,
// errorCallbackURL, newUserCallbackURL) and the Origin/Referer of a
// request are matched against the trusted origins as Better Auth 1.7.5's
// origin-check middleware and matchesOriginPattern do (see origin.go).
// Each case is a sign-in whose body fails validation (the email is not
// one), so an accepted URL answers 400 INVALID_EMAIL and a refused one 403.

// callbackTrusted is the trusted-origin list of these tests, on both
// servers.
var callbackTrusted = []string{
	"https://*.example.com",     // scheme and host glob
	"http://localhost:5173",     // exact origin
	"https://exact.example.org", // exact origin
	"*.wild.test",               // host-only glob: any scheme
	"myapp://callback",          // custom scheme, host pinned
	"myapp://host/cb",           // custom scheme, path pinned
	"exp://192.168.*.*:*/*",     // Expo's pattern
	"*://*.any.test",            // any scheme
	"wss://socket.example.net",  // a special scheme compared as a custom one
	"http://127.0.0.1:5174",     // IPv4
	"http://[::1]:5175",         // IPv6
}

// callbackCase is a URL and whether it is trusted. stricter marks the
// URLs 1.7.5 trusts and Go deliberately does not (see origin.go).
type callbackCase struct {
	url      string
	ok       bool
	stricter bool
}

var callbackCases = []callbackCase{
	// Relative URLs: one leading "/", no "\" or control character, no %2F
	// or %5C before the query.
	{"/", true, false},
	{"/dashboard", true, false},
	{"/ok#section", true, false},
	{"/café", true, false},
	{"/caf%C3%A9", true, false},
	{"/p/~user", true, false},
	{"/search?q=a,b", true, false},
	{"/a:b", true, false},
	{"/p;x=1", true, false},
	{"/p?next=https://x.example.com", true, false},
	{"/dashboard?email=123@email.com", true, false},
	{"/dashboard+page?test=123+456", true, false},
	{"/a/../b", true, false},
	{"/%2e%2e/x", true, false},
	{"/x?r=%2F%2Fevil.com", true, false},
	{"/x#r=%2F%2Fevil.com", true, false},
	{"//evil.com", false, false},
	{"///evil.com", false, false},
	{`/\evil.com`, false, false},
	{`/\/\/evil.com`, false, false},
	{"/%2F%2Fevil.com", false, false},
	{"/%2f/evil.com", false, false},
	{"/%5C/evil.com", false, false},
	{"/%5c/evil.com", false, false},
	{"/..%2F..%2Fevil.com", false, false},
	{`/x#a\b`, false, false},
	{"/x\tevil", false, false},
	{"/x\u0085", false, false},
	{"/x\r\nSet-Cookie: a=b", false, false},
	{"/x\x01", false, false},
	{"/x\x7f", false, false},

	// The open redirect: "\" is "/" to a browser, so the host is evil.com.
	{`https://evil.com\.example.com`, false, false},
	{`https://evil.com\@a.example.com`, false, false},
	{"https://evil.com/.example.com", false, false},
	{"https://evil.com?.example.com", false, false},
	{"https://evil.com#.example.com", false, false},
	{"https://evil.com/*.example.com", false, false},
	{"https://a.example.com@evil.com", false, false},
	{"https://a.example.com.evil.com", false, false},
	{"https://example.com", false, false}, // *. needs a subdomain
	{"https://a.example.com:8443", false, false},
	{"http://a.example.com", false, false},
	{"https://localhost:5173", false, false},
	{"http://x.wild.test:8080", false, false}, // a host-only glob sees host:port
	{"https://exact.example.org.evil.com", false, false},
	{"https://exact.example.org:444", false, false},
	{"https://Exact.example.org.", false, false},
	{"https://a.example.com.", false, false},
	{"https:evil.com", false, false},
	{"malicious.com?.example.com", false, false},
	{"myapp://callback.attacker.tld", false, false},
	{"myapp://host/cb/../evil", false, false},
	{"myapp://host/cb%2f..%2fevil", false, false},
	{"myapp://host/cbx", false, false},
	{"otherapp://callback", false, false},
	{"exp://203.0.113.0:8081/--/", false, false},
	{"javascript:alert(1)", false, false},
	{"data:text/html,<script>alert(1)</script>", false, false},

	// Trusted absolute URLs, as a browser (WHATWG URL) reads them.
	{"https://a.example.com/welcome?x=1", true, false},
	{"https://a.b.example.com", true, false},
	{"https://A.EXAMPLE.COM/x", true, false},
	{"HTTPS://a.example.com", true, false},
	{"https://a.example.com:443/x", true, false},
	{"https:a.example.com", true, false},
	{`https:\\a.example.com\x`, true, false},
	{"https://user:pw@a.example.com/", true, false},
	{`https://a.example.com\@evil.com`, true, false}, // host a.example.com, path /@evil.com
	{"  https://a.example.com/x", true, false},
	{"https://a.exa\nmple.com/", true, false},
	{"https://evil.com\t.example.com", true, false}, // tabs are dropped: evil.com.example.com
	{"https://a..example.com", true, false},
	{"https://xn--caf-dma.example.com", true, false},
	{"blob:https://a.example.com/uuid", true, false},
	{"http://localhost:5173/cb", true, false},
	{"http://LOCALHOST:5173", true, false},
	{"https://exact.example.org/path", true, false},
	{"https://exact.example.org:443", true, false},
	{"https://EXACT.example.org", true, false},
	{"ws://x.wild.test", true, false},
	{"https://x.wild.test/p", true, false},
	{"myapp://x.wild.test", true, false},
	{"file://a.wild.test/x", true, false},
	{"ftp://a.any.test", true, false},
	{"x://a.any.test", true, false},
	{"myapp://CALLBACK/x", true, false},
	{"MyApp://Callback", true, false},
	{"myapp://callback?t=1", true, false},
	{"myapp://host/cb/extra", true, false},
	{"exp://192.168.1.100:8081/--/", true, false},
	{"wss://socket.example.net/x", true, false},
	{"wss://SOCKET.example.net", true, false},
	{"http://0x7f.1:5174/x", true, false},
	{"http://127.0.0.1:5174", true, false},
	{"http://[0:0::1]:5175/x", true, false},

	// 1.7.5 trusts these; Go does not.
	// Script URLs: the client assigns the returned url to window.location.
	{"javascript://a.wild.test/%0aalert(1)", false, true},
	{"JavaScript://a.wild.test/%0aalert(1)", false, true},
	{"javascript://%0aalert(1)%2f%2f.any.test", false, true},
	// Not URLs at all (new URL throws); 1.7.5 globs their raw text.
	{"https://evil.com%2F.example.com", false, true},
	{"https://evil.com%5C.example.com", false, true},
	{"https://evil.com%09.example.com", false, true},
	{"https://a b.example.com", false, true},
	// Internationalized hosts (no IDNA tables in Go; punycode is trusted).
	{"https://café.example.com", false, true},
	{"https://ｅxample.wild.test", false, true},
}

// signInBody is a sign-in that fails validation after the origin checks.
func signInBody(extra map[string]any) map[string]any {
	m := map[string]any{"email": "not-an-email", "password": "x"}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

const (
	acceptedBody = `{"message":"Invalid email","code":"INVALID_EMAIL"}`
	refusedBody  = `{"message":"Invalid callbackURL","code":"INVALID_CALLBACK_URL"}`
)

// callbackSteps are the requests of both tests besides callbackCases:
// the other URL fields, the query parameter, non-string values, and the
// Origin and Referer checks; want is Go's status and body.
type callbackStep struct {
	path    string
	body    map[string]any
	headers []string
	status  int
	want    string
}

var callbackSteps = []callbackStep{
	{"/sign-in/email", signInBody(map[string]any{"redirectTo": "https://evil.com"}), nil, 403, `{"message":"Invalid redirectURL","code":"INVALID_REDIRECT_URL"}`},
	{"/sign-in/email", signInBody(map[string]any{"errorCallbackURL": `https://evil.com\.example.com`}), nil, 403, `{"message":"Invalid errorCallbackURL","code":"INVALID_ERROR_CALLBACK_URL"}`},
	{"/sign-in/email", signInBody(map[string]any{"newUserCallbackURL": "//evil.com"}), nil, 403, `{"message":"Invalid newUserCallbackURL","code":"INVALID_NEW_USER_CALLBACK_URL"}`},
	{"/sign-in/email", signInBody(map[string]any{"redirectTo": "/ok#x", "errorCallbackURL": "/caf%C3%A9", "newUserCallbackURL": "https://a.example.com/new"}), nil, 400, acceptedBody},
	{"/sign-in/email", signInBody(map[string]any{"callbackURL": "https://evil.com", "redirectTo": "https://evil.com"}), nil, 403, refusedBody},
	{"/sign-in/email", signInBody(map[string]any{"callbackURL": "/ok", "newUserCallbackURL": "https://evil.com"}), nil, 403, `{"message":"Invalid newUserCallbackURL","code":"INVALID_NEW_USER_CALLBACK_URL"}`},
	{"/sign-in/email", signInBody(map[string]any{"callbackURL": map[string]any{"x": 1}}), nil, 400, `{"message":"Invalid callbackURL: expected a string"}`},
	{"/sign-in/email", signInBody(map[string]any{"callbackURL": true}), nil, 400, `{"message":"Invalid callbackURL: expected a string"}`},
	{"/sign-in/email", signInBody(map[string]any{"redirectTo": 1}), nil, 400, `{"message":"Invalid redirectURL: expected a string"}`},
	// Falsy values are not checked (callbackURL 0 then fails validation).
	{"/sign-in/email", signInBody(map[string]any{"callbackURL": 0, "redirectTo": false, "errorCallbackURL": nil, "newUserCallbackURL": ""}), nil, 400, `{"message":"[body.callbackURL] Invalid input: expected string, received number","code":"VALIDATION_ERROR"}`},
	// callbackURL may come from the query when the body's is falsy.
	{"/sign-in/email?callbackURL=https://evil.com", signInBody(nil), nil, 403, refusedBody},
	{"/sign-in/email?callbackURL=https%3A%2F%2Fevil.com%5C.example.com", signInBody(nil), nil, 403, refusedBody},
	{"/sign-in/email?callbackURL=/ok", signInBody(nil), nil, 400, acceptedBody},
	{"/sign-in/email?callbackURL=", signInBody(nil), nil, 400, acceptedBody},
	{"/sign-in/email?callbackURL=/a&callbackURL=/b", signInBody(nil), nil, 400, `{"message":"Invalid callbackURL: expected a string"}`},
	{"/sign-in/email?callbackURL=https://evil.com", signInBody(map[string]any{"callbackURL": "/ok"}), nil, 400, acceptedBody},
	{"/sign-in/email?callbackURL=https://evil.com", signInBody(map[string]any{"callbackURL": ""}), nil, 403, refusedBody},
	// Origin and Referer: the same matching, without relative paths.
	{"/sign-in/email", signInBody(nil), []string{"Origin", "https://a.example.com"}, 400, acceptedBody},
	{"/sign-in/email", signInBody(nil), []string{"Origin", "https://A.EXAMPLE.COM"}, 400, acceptedBody},
	{"/sign-in/email", signInBody(nil), []string{"Origin", "http://localhost:5173"}, 400, acceptedBody},
	{"/sign-in/email", signInBody(nil), []string{"Origin", "myapp://callback"}, 400, acceptedBody},
	{"/sign-in/email", signInBody(nil), []string{"Origin", "https://evil.com"}, 403, `{"message":"Invalid origin","code":"INVALID_ORIGIN"}`},
	{"/sign-in/email", signInBody(nil), []string{"Origin", `https://evil.com\.example.com`}, 403, `{"message":"Invalid origin","code":"INVALID_ORIGIN"}`},
	{"/sign-in/email", signInBody(nil), []string{"Origin", "https://example.com.evil.com"}, 403, `{"message":"Invalid origin","code":"INVALID_ORIGIN"}`},
	{"/sign-in/email", signInBody(nil), []string{"Origin", "https://a.example.com:8443"}, 403, `{"message":"Invalid origin","code":"INVALID_ORIGIN"}`},
	{"/sign-in/email", signInBody(nil), []string{"Origin", "/dashboard"}, 403, `{"message":"Invalid origin","code":"INVALID_ORIGIN"}`},
	{"/sign-in/email", signInBody(nil), []string{"Referer", "https://a.example.com/page?x=1"}, 400, acceptedBody},
	{"/sign-in/email", signInBody(nil), []string{"Referer", "https://evil.com/?https://a.example.com"}, 403, `{"message":"Invalid origin","code":"INVALID_ORIGIN"}`},
}

// TestCallbackURLRules checks the Go handler against the cases above.
func TestCallbackURLRules(t *testing.T) {
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{TrustedOrigins: callbackTrusted}))
	c := startServer(t, a)
	for _, tc := range callbackCases {
		c.do("POST", "/sign-in/email", signInBody(map[string]any{"callbackURL": tc.url}), "Origin", "")
		want := refusedBody
		if tc.ok {
			want = acceptedBody
		}
		if got := string(c.raw); got != want {
			t.Errorf("callbackURL %q: got %d %s, want %s", tc.url, c.status, got, want)
		}
	}
	for _, s := range callbackSteps {
		c.do("POST", s.path, s.body, append([]string{"Origin", ""}, s.headers...)...)
		if c.status != s.status || string(c.raw) != s.want {
			t.Errorf("%s %v %v: got %d %s, want %d %s", s.path, s.body, s.headers, c.status, c.raw, s.status, s.want)
		}
	}

	// A trusted callbackURL is echoed by a successful sign-in.
	c.signUp("cb@example.com", password)
	for _, u := range []string{"/ok#section", "/search?q=a,b", `https:\\a.example.com\x`} {
		anon := c.clone()
		res := obj(anon.do("POST", "/sign-in/email", map[string]any{"email": "cb@example.com", "password": password, "callbackURL": u}, "Origin", ""))
		if anon.status != 200 || res["url"] != u || res["redirect"] != true {
			t.Errorf("sign-in with callbackURL %q: %d %s", u, anon.status, anon.raw)
		}
	}

	// Without BaseURL the request's origin is trusted, as an origin: a Host
	// of "*" is not a pattern trusting every site.
	for host, want := range map[string]int{"*": 403, c.origin[len("http://"):]: 400} {
		body := `{"email":"not-an-email","password":"x","callbackURL":"http://evil.com/x"}`
		if host != "*" {
			body = strings.Replace(body, "http://evil.com", c.origin, 1)
		}
		req := httptest.NewRequest("POST", "/api/auth/sign-in/email", strings.NewReader(body))
		req.Host = host
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %q: got %d %s, want %d", host, rec.Code, rec.Body, want)
		}
	}

	// DisableOriginCheck turns the URL checks off.
	off, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{Advanced: core.Advanced{DisableOriginCheck: true}}))
	oc := startServer(t, off)
	oc.do("POST", "/sign-in/email", signInBody(map[string]any{"callbackURL": `https://evil.com\.example.com`, "redirectTo": "//evil.com"}), "Origin", "")
	oc.expect(400, acceptedBody)
}

// TestDifferentialCallbackURL sends every case to the Go handler and to a
// TypeScript Better Auth 1.7.5 server with the same trusted origins and
// requires the same answer, but for the cases Go refuses on purpose,
// which 1.7.5 must accept (so a change there is noticed).
func TestDifferentialCallbackURL(t *testing.T) {
	dir, node := npmWire(t)
	o := enabled(core.Options{TrustedOrigins: callbackTrusted})
	goDB, tsDB := wireSQLite(t, o, "go"), wireSQLite(t, o, "ts")
	o.Secret, o.Database = testSecret, core.SQLite(goDB)
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, tsDB, "TRUSTED_ORIGINS="+strings.Join(callbackTrusted, ",")) + "/api/auth", jar: map[string]string{}}

	both := func(path string, body map[string]any, headers ...string) (string, string) {
		h := append([]string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential", "Origin", ""}, headers...)
		goc.do("POST", path, body, h...)
		ts.do("POST", path, body, h...)
		return normalize(goc), normalize(ts)
	}
	accepted := "400 application/json\n" + acceptedBody
	for _, tc := range callbackCases {
		g, w := both("/sign-in/email", signInBody(map[string]any{"callbackURL": tc.url}))
		switch {
		case tc.stricter:
			if w != accepted || goc.status != http.StatusForbidden {
				t.Errorf("callbackURL %q (Go stricter on purpose)\n--- go\n%s\n--- typescript\n%s", tc.url, g, w)
			}
		case g != w:
			t.Errorf("callbackURL %q\n--- go\n%s\n--- typescript\n%s", tc.url, g, w)
		}
	}
	for _, s := range callbackSteps {
		if g, w := both(s.path, s.body, s.headers...); g != w {
			t.Errorf("%s %v %v\n--- go\n%s\n--- typescript\n%s", s.path, s.body, s.headers, g, w)
		}
	}
	// Successful sign-ins echo the URL alike.
	up := map[string]any{"name": "Cb", "email": "cb@example.com", "password": password}
	if g, w := both("/sign-up/email", up); goc.status != 200 || ts.status != 200 {
		t.Fatalf("sign-up\n--- go\n%s\n--- typescript\n%s", g, w)
	}
	goc.jar, ts.jar = map[string]string{}, map[string]string{}
	for _, u := range []string{"/ok#section", "/p?next=https://x.example.com", `https:\\a.example.com\x`} {
		in := map[string]any{"email": "cb@example.com", "password": password, "callbackURL": u}
		g, w := both("/sign-in/email", in)
		if g != w || goc.status != 200 {
			t.Errorf("sign-in with callbackURL %q\n--- go\n%s\n--- typescript\n%s", u, g, w)
		}
		goc.jar, ts.jar = map[string]string{}, map[string]string{}
	}
}
