package core_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// vectorMaxAge is the cookie cache maxAge of the stored vectors (the unit
// tests read them at the time they were made, Now).
const vectorMaxAge = 600

// rotatedSecrets is the BETTER_AUTH_SECRETS of the "jwe-rotated" vector.
const rotatedSecrets = "2:rotated-secret-two-0123456789abcdefghijkl,1:" + testSecret

// TestUpdateCookieCacheVectors writes testdata/cookiecache_vectors.json,
// session_data cookies made by the Better Auth 1.7.5 server, for the unit
// tests of the encoders (cookiecache_internal_test.go). It runs only with
// UPDATE_COOKIE_CACHE_VECTORS=1.
func TestUpdateCookieCacheVectors(t *testing.T) {
	if os.Getenv("UPDATE_COOKIE_CACHE_VECTORS") != "1" {
		t.Skip("set UPDATE_COOKIE_CACHE_VECTORS=1 to regenerate the vectors")
	}
	dir, node := npmWire(t)
	type vector struct {
		Name, Strategy, Secrets, Cookie string
		MaxAge                          int
		Now                             int64 // ms, just before the cookie was made
	}
	var out []vector
	for _, v := range []vector{{Name: "compact", Strategy: "compact"}, {Name: "jwt", Strategy: "jwt"},
		{Name: "jwe", Strategy: "jwe"}, {Name: "jwe-rotated", Strategy: "jwe", Secrets: rotatedSecrets},
		{Name: "compact-dont-remember", Strategy: "compact"}} {
		path := wireSQLite(t, enabled(core.Options{}), v.Name)
		opts, _ := json.Marshal(map[string]any{"session": map[string]any{"cookieCache": map[string]any{
			"enabled": true, "strategy": v.Strategy, "maxAge": vectorMaxAge}}})
		env := []string{"OPTIONS=" + string(opts)}
		if v.Secrets != "" {
			env = append(env, "BETTER_AUTH_SECRETS="+v.Secrets)
		}
		ts := &client{t: t, base: startTS(t, dir, node, path, env...) + "/api/auth", jar: map[string]string{}}
		ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
		v.Now = time.Now().UnixMilli()
		ts.do("POST", "/sign-up/email", map[string]any{"name": "Vector \u2028 \"quoted\" <é>", "email": "Vector@Example.com", "password": password,
			"image": "https://example.com/i.png"})
		ts.expect(200, "*")
		if v.Name == "compact-dont-remember" {
			ts.do("POST", "/sign-in/email", map[string]any{"email": "vector@example.com", "password": password, "rememberMe": false})
			ts.expect(200, "*")
		}
		v.Cookie, v.MaxAge = ts.jar["better-auth.session_data"], vectorMaxAge
		if v.Cookie == "" {
			t.Fatalf("%s: no session_data: %v", v.Name, ts.setCookies)
		}
		out = append(out, v)
	}
	raw, _ := json.MarshalIndent(out, "", "  ")
	if err := os.WriteFile(filepath.Join("testdata", "cookiecache_vectors.json"), append(raw, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
