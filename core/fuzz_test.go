package core

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for the two parsers that read untrusted bytes: request
// bodies and Cookie headers. `go test ./core -fuzz FuzzReadBody` (or
// FuzzCookies) runs them; the seed corpora run as ordinary tests.

func FuzzReadBody(f *testing.F) {
	for _, s := range []string{
		`{"email":"a@b.co","password":"secret123"}`, `{"name":"a",`, `[1]`, `null`, `"x"`, `{}`, ``,
		`{"a":1} trailing`, `{"n":1e999}`, `{"\ud800":"\udfff"}`, "\xff\xfe", `{"email":{"$gt":""}}`,
		`name=F&email=f%40x.co&password=%ZZ`, `{"rememberMe":"false","image":null}`, strings.Repeat("[", 10000),
	} {
		f.Add([]byte(s), "application/json")
		f.Add([]byte(s), "application/x-www-form-urlencoded")
	}
	f.Add([]byte("x"), "text/plain")
	f.Add([]byte(`{}`), "application/vnd.api+json; charset=utf-8")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		r := httptest.NewRequest("POST", "/api/auth/sign-up/email", bytes.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		v, err := readBody(r, []string{mediaForm, mediaJSON})
		if err != nil {
			ae, ok := err.(*apiError)
			if !ok || ae.Status < 400 || ae.Status > 499 {
				t.Fatalf("readBody(%q, %q) = %v: not a client error", body, ctype, err)
			}
			return
		}
		// Whatever decoded must validate without panicking, and an error
		// must be a 400.
		val := newValidator(v, true)
		val.str("name", false)
		val.email("email")
		val.nonEmpty("password")
		val.str("image", true)
		val.boolean("rememberMe")
		if err := val.err(); err != nil && err.(*apiError).Status != 400 {
			t.Fatalf("validation error %v", err)
		}
	})
}

func FuzzCookies(f *testing.F) {
	const secret = "fuzz-secret-0123456789abcdefghijklmnop"
	for _, s := range []string{
		"better-auth.session_token=" + encodeURIComponent(sign(secret, "xSl1BGm1WGFg24hacO77V1YkJU74TRjY")),
		`a=1; b="2"; better-auth.session_token=x.y`, "noequals; a=b", "=; ;=;", "a=%E0%A4%A", "a=%", `a="`,
		"better-auth.session_token=.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D", "a=b;;;c=d; a=e",
	} {
		f.Add(s, "xSl1BGm1WGFg24hacO77V1YkJU74TRjY")
	}
	f.Fuzz(func(t *testing.T, header, value string) {
		// Arbitrary headers parse, and any value parsed verifies or not
		// without panicking.
		for _, v := range parseCookies([]string{header}) {
			unsign(secret, v)
		}
		// A value we sign and encode survives a round trip through the
		// header parser and verifies, and a changed secret rejects it.
		if value == "" || !utf8.ValidString(value) {
			return // JavaScript cannot encode invalid UTF-8 either
		}
		cookie := "better-auth.session_token=" + encodeURIComponent(sign(secret, value))
		got := parseCookies([]string{"x=1; " + cookie})["better-auth.session_token"]
		if v, ok := unsign(secret, got); !ok || v != value {
			t.Fatalf("round trip of %q: got %q, %v (cookie %q)", value, v, ok, cookie)
		}
		if _, ok := unsign(secret+"x", got); ok {
			t.Fatalf("%q verified with another secret", value)
		}
		// The request path: GetSession-style lookup never panics.
		h := http.Header{"Cookie": {header}}
		parseCookies(h.Values("Cookie"))
	})
}
