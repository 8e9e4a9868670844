package core

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"
)

// vectorSecret is the secret of the TypeScript server that made
// testdata/cookiecache_vectors.json (testSecret of the external tests).
const vectorSecret = "wire-test-secret-0123456789abcdefghijklmnopqrstuv"

type cacheVector struct {
	Name, Strategy, Secrets, Cookie string
	MaxAge                          int
	Now                             int64
}

func loadCacheVectors(t *testing.T) map[string]cacheVector {
	t.Helper()
	raw, err := os.ReadFile("testdata/cookiecache_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []cacheVector
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatal(err)
	}
	out := map[string]cacheVector{}
	for _, v := range vs {
		out[v.Name] = v
	}
	if len(out) != 5 {
		t.Fatalf("want 5 vectors, have %d", len(out))
	}
	return out
}

// cacheRuntime is a runtime with the secret(s) and the strategy, enough
// for the encoders.
func cacheRuntime(t *testing.T, strategy, secret, secretsEnv string) *runtime {
	t.Helper()
	o := Options{Secret: secret}
	o.Session.CookieCache = CookieCache{Enabled: true, Strategy: strategy, MaxAge: 600 * time.Second}
	k, err := resolveSecrets(o, func(n string) string {
		if n == "BETTER_AUTH_SECRETS" {
			return secretsEnv
		}
		return ""
	}, false, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	return &runtime{opts: o, secret: k.current, keys: k}
}

func jwtHeader(t *testing.T, token string) map[string]any {
	t.Helper()
	h, _, _ := strings.Cut(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCookieCacheVectors decodes session_data cookies made by Better Auth
// 1.7.5 (each strategy, a dontRememberMe one, one under rotated secrets),
// and re-encodes the compact and jwt ones byte for byte.
func TestCookieCacheVectors(t *testing.T) {
	for name, v := range loadCacheVectors(t) {
		t.Run(name, func(t *testing.T) {
			rt := cacheRuntime(t, v.Strategy, vectorSecret, v.Secrets)
			now := time.UnixMilli(v.Now + 1000).UTC()
			d, err := rt.decodeCookieCache(v.Cookie, now)
			if err != nil || d == nil {
				t.Fatalf("decode: %v %v", d, err)
			}
			cs := parseCachePayload(d, now)
			if cs == nil {
				t.Fatal("payload rejected")
			}
			if n := cs.user.vals["name"]; n != "Vector \u2028 \"quoted\" <é>" || cs.user.vals["email"] != "vector@example.com" {
				t.Fatalf("user: %v", cs.user.vals)
			}
			token, _ := cs.session.vals["token"].(string)
			if !cs.usable(token, "1", now) || cs.usable(token, "2", now) || cs.usable(token+"x", "1", now) {
				t.Fatal("usable: token and version checks")
			}
			life := int64(v.MaxAge) * 1000
			if name == "compact-dont-remember" {
				life = 60000 // no maxAge: getDate(options.maxAge || 60)
			}
			if exp := int64(d.expiresAt); exp < v.Now+life-1000 || exp > v.Now+life+10000 {
				t.Fatalf("expires at %d, made at %d, life %d", exp, v.Now, life)
			}
			if cs.usable(token, "1", time.UnixMilli(int64(d.expiresAt)+1)) {
				t.Fatal("usable after the cache expired")
			}
			// Byte-identical re-encoding where the format is deterministic.
			payload := d.payload.(*jsObject)
			switch v.Strategy {
			case "compact":
				maxAge := v.MaxAge
				if name == "compact-dont-remember" {
					maxAge = -1
				}
				got, err := rt.encodeCookieCache(jsStringify(nil, payload), maxAge, time.UnixMilli(int64(d.expiresAt)-life))
				if err != nil || got != v.Cookie {
					t.Fatalf("re-encoded:\n%s\nwant\n%s", got, v.Cookie)
				}
			case "jwt":
				iat, exp := payload.vals["iat"].(float64), payload.vals["exp"].(float64)
				data := &jsObject{vals: map[string]any{}}
				for _, k := range payload.keys {
					if k != "iat" && k != "exp" {
						data.set(k, payload.vals[k])
					}
				}
				got, err := rt.encodeCookieCache(jsStringify(nil, data), int(exp-iat), time.Unix(int64(iat), 0))
				if err != nil || got != v.Cookie {
					t.Fatalf("re-encoded:\n%s\nwant\n%s", got, v.Cookie)
				}
			case "jwe":
				got, err := rt.encodeCookieCache(jsStringify(nil, payload), v.MaxAge, now)
				if err != nil {
					t.Fatal(err)
				}
				gh, wh := jwtHeader(t, got), jwtHeader(t, v.Cookie)
				if gh["kid"] != wh["kid"] || gh["alg"] != "dir" || gh["enc"] != "A256CBC-HS512" || len(gh) != 3 {
					t.Fatalf("header %v, TypeScript's %v", gh, wh)
				}
				if d, _ := rt.decodeCookieCache(got, now); d == nil {
					t.Fatal("Go cannot read its own JWE")
				}
			}

			// Another secret, a changed character, expiry.
			if d, err := cacheRuntime(t, v.Strategy, "another-secret-0123456789abcdefghijklmnop", "").decodeCookieCache(v.Cookie, now); d != nil || err != nil {
				t.Fatalf("decoded with another secret: %v %v", d, err)
			}
			i := len(v.Cookie) / 2
			c := byte('A')
			if v.Cookie[i] == 'A' {
				c = 'B'
			}
			if d, err := rt.decodeCookieCache(v.Cookie[:i]+string(c)+v.Cookie[i+1:], now); d != nil || err != nil {
				t.Fatalf("decoded a tampered cookie: %v %v", d, err)
			}
			if v.Strategy != "compact" {
				exp := time.UnixMilli(int64(d.expiresAt))
				skew := time.Duration(0)
				if v.Strategy == "jwe" {
					skew = 15 * time.Second // jwtDecrypt's clockTolerance
					if d, _ := rt.decodeCookieCache(v.Cookie, exp.Add(10*time.Second)); d == nil {
						t.Fatal("jwe: within the clock tolerance")
					}
				}
				if d, _ := rt.decodeCookieCache(v.Cookie, exp.Add(skew)); d != nil {
					t.Fatal("decoded past exp")
				}
			}
		})
	}
}

// TestCookieCacheRotatedSecrets: under BETTER_AUTH_SECRETS the jwe cookie
// of the current key and that of an older one (the kid picks it) both
// decode; a server with only the old secret cannot read the new one's.
func TestCookieCacheRotatedSecrets(t *testing.T) {
	vs := loadCacheVectors(t)
	rotated := cacheRuntime(t, "jwe", vectorSecret, vs["jwe-rotated"].Secrets)
	plain := cacheRuntime(t, "jwe", vectorSecret, "")
	now := time.UnixMilli(vs["jwe"].Now + 1000)
	if d, _ := rotated.decodeCookieCache(vs["jwe"].Cookie, now); d == nil {
		t.Fatal("the rotated configuration cannot read the old key's cookie")
	}
	now = time.UnixMilli(vs["jwe-rotated"].Now + 1000)
	if d, _ := rotated.decodeCookieCache(vs["jwe-rotated"].Cookie, now); d == nil {
		t.Fatal("the rotated configuration cannot read its own cookie")
	}
	if d, _ := plain.decodeCookieCache(vs["jwe-rotated"].Cookie, now); d != nil {
		t.Fatal("the old secret alone read the new key's cookie")
	}
}

// TestCookieCacheCompactGarbage: 1.7.5's compact decoder throws on a
// non-base64 character (get-session answers 500) and returns null for
// base64 that is not the cache's JSON.
func TestCookieCacheCompactGarbage(t *testing.T) {
	rt := cacheRuntime(t, "compact", vectorSecret, "")
	now := time.Now()
	if _, err := rt.decodeCookieCache("not*base64", now); err != errCacheUnreadable {
		t.Fatalf("not base64: %v", err)
	}
	for _, v := range []string{"bm90IGpzb24", "eyJub3QiOiJ2YWxpZCJ9", "e30", "W10"} {
		if d, err := rt.decodeCookieCache(v, now); d != nil || err != nil {
			t.Fatalf("%s: %v %v", v, d, err)
		}
	}
}

// TestJSNumber pins Number.prototype.toString's forms.
func TestJSNumber(t *testing.T) {
	for f, want := range map[float64]string{
		1e21: "1e+21", 1e-7: "1e-7", 123456789012345680000: "123456789012345680000", 0.30000000000000004: "0.30000000000000004",
		1.5e-6: "0.0000015", 5e-324: "5e-324", 1.7976931348623157e308: "1.7976931348623157e+308", -42: "-42",
		1796321784013: "1796321784013", 0.5: "0.5", 1.25e-7: "1.25e-7", 12e20: "1.2e+21",
	} {
		if got := jsNumber(f); got != want {
			t.Errorf("%v: %s, want %s", f, got, want)
		}
	}
}

// TestJSStringifyOrder: V8 writes array-index keys first, ascending;
// duplicate keys keep the first place and the last value.
func TestJSStringifyOrder(t *testing.T) {
	v, err := jsParse([]byte(`{"b":1,"10":2,"a":{"2":true,"1":null},"1":3,"b":4,"d":"2026-01-02T03:04:05Z","n":1.0}`))
	if err != nil {
		t.Fatal(err)
	}
	got := string(jsStringify(nil, v))
	want := `{"1":3,"10":2,"b":4,"a":{"1":null,"2":true},"d":"2026-01-02T03:04:05.000Z","n":1}`
	if got != want {
		t.Fatalf("%s\nwant %s", got, want)
	}
}

// TestCookieCacheRefusals: what the handler cannot serve makes Open fail,
// naming it; the three strategies open.
func TestCookieCacheRefusals(t *testing.T) {
	open := func(secret string, cc CookieCache) error {
		o := Options{Secret: secret, Database: SQLite(":memory:")}
		o.Session.CookieCache = cc
		a := New(o)
		defer a.Close()
		return a.Open(context.Background())
	}
	long := "a-test-secret-that-is-long-enough-0123456789"
	for _, s := range []string{"", "compact", "jwt", "jwe"} {
		if err := open(long, CookieCache{Enabled: true, Strategy: s}); err != nil && strings.Contains(err.Error(), "CookieCache") {
			t.Errorf("strategy %q: %v", s, err)
		}
	}
	if err := open(long, CookieCache{Enabled: true, Strategy: "paseto"}); err == nil || !strings.Contains(err.Error(), `Session.CookieCache.Strategy "paseto"`) {
		t.Errorf("unknown strategy: %v", err)
	}
	if err := open("short-secret", CookieCache{Enabled: true, Strategy: "jwt"}); err == nil || !strings.Contains(err.Error(), "shorter than 32 bytes") {
		t.Errorf("jwt with a short secret: %v", err)
	}
}
