package core_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

// client is a browser-like test client: it keeps the cookies the server
// sets and sends Origin like a browser's fetch.
type client struct {
	t      *testing.T
	base   string // server URL + base path
	origin string
	jar    map[string]string
	order  []string
	// The last response.
	status     int
	header     http.Header
	raw        []byte
	setCookies []string
}

func startServer(t *testing.T, a *core.Auth) *client {
	t.Helper()
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &client{t: t, base: srv.URL + "/api/auth", origin: srv.URL, jar: map[string]string{}}
}

// noRedirects answers a redirect as it is (302 and Location), so that
// tests see it.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// do sends a request; body is JSON-encoded unless it is a string (sent as
// is, as application/json unless a Content-Type header is given).
// headers are name, value pairs.
func (c *client) do(method, path string, body any, headers ...string) any {
	c.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.origin != "" {
		req.Header.Set("Origin", c.origin)
	}
	if len(c.jar) > 0 {
		var parts []string
		for _, n := range c.order {
			if v, ok := c.jar[n]; ok {
				parts = append(parts, n+"="+v)
			}
		}
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	res, err := noRedirects.Do(req)
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
			continue
		}
		if _, ok := c.jar[name]; !ok {
			c.order = append(c.order, name)
		}
		c.jar[name] = value
	}
	if len(c.raw) == 0 {
		return nil
	}
	var out any
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(c.raw, &out); err != nil {
			c.t.Fatalf("%s %s: bad JSON %q: %v", method, path, c.raw, err)
		}
	}
	return out
}

// expect checks the last status and body.
func (c *client) expect(status int, body string) {
	c.t.Helper()
	if c.status != status || body != "*" && string(c.raw) != body {
		c.t.Fatalf("got %d %s\nwant %d %s", c.status, c.raw, status, body)
	}
}

// expectError checks a {"message","code"} error.
func (c *client) expectError(status int, code, message string) {
	c.t.Helper()
	want := `{"message":` + jsonString(message)
	if code != "" {
		want += `,"code":` + jsonString(code)
	}
	c.expect(status, want+"}")
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (c *client) sessionToken() string {
	raw, _ := url.QueryUnescape(c.jar["better-auth.session_token"])
	tok, _, _ := strings.Cut(raw, ".")
	return tok
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// signCookie is base64(HMAC-SHA256(secret, value)), computed independently
// of the package.
func signCookie(secret, value string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(value))
	return url.QueryEscape(value + "." + base64.StdEncoding.EncodeToString(m.Sum(nil)))
}

// clone returns a client with the same server and no cookies.
func (c *client) clone() *client {
	return &client{t: c.t, base: c.base, origin: c.origin, jar: map[string]string{}}
}

// signUp creates a user and leaves the client signed in.
func (c *client) signUp(email, password string) map[string]any {
	c.t.Helper()
	res := obj(c.do("POST", "/sign-up/email", map[string]any{"name": "Test User", "email": email, "password": password}))
	c.expect(200, "*")
	return res
}
