package core_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestSharedDatabaseJWT: Go and the TypeScript server with the jwt plugin
// on one SQLite database share the jwks table: the key one creates (its
// private part encrypted with the shared secret) signs the other's tokens,
// and each server's tokens verify with plugins.VerifyJWT against the
// other's GET /jwks. "ts" or "go" says which server creates the key.
func TestSharedDatabaseJWT(t *testing.T) {
	for _, c := range []struct{ first, alg string }{{"ts", ""}, {"go", "ES256"}, {"ts", "RS256"}, {"go", "EdDSA"}} {
		t.Run(c.first+"-"+c.alg, func(t *testing.T) {
			dir, node := npmWire(t)
			path, db := sharedSQLite(t)
			o := plugins.JWTOptions{JWT: plugins.JWTTokenOptions{Issuer: "https://issuer.example", Audience: "https://api.example"}}
			env := `JWT_PLUGIN={"jwt":{"issuer":"https://issuer.example","audience":"https://api.example"}}`
			if c.alg != "" {
				o.JWKS.KeyPairConfig = &plugins.JWKOptions{Alg: c.alg}
				env = `JWT_PLUGIN={"jwks":{"keyPairConfig":{"alg":"` + c.alg + `"}},"jwt":{"issuer":"https://issuer.example","audience":"https://api.example"}}`
			}
			a := core.New(enabled(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
				Plugins: []core.Plugin{plugins.JWT(o)}}))
			createTables(t, db, core.DialectSQLite, a)
			goc := startServer(t, a)
			ts := &client{t: t, base: startTS(t, dir, node, path, env) + "/api/auth", jar: map[string]string{}}
			ts.origin = strings.TrimSuffix(ts.base, "/api/auth")

			servers := map[string]*client{"go": goc, "ts": ts}
			other := map[string]string{"go": "ts", "ts": "go"}
			tokens := map[string]string{}
			for _, name := range []string{c.first, other[c.first]} {
				cl := servers[name]
				cl.do("POST", "/sign-up/email", map[string]any{"name": name, "email": name + "@example.com", "password": password})
				cl.expect(200, "*")
				tok, _ := obj(cl.do("GET", "/token", nil))["token"].(string)
				if tok == "" {
					t.Fatalf("%s /token: %s", name, cl.raw)
				}
				tokens[name] = tok
			}
			jwks := map[string][]byte{}
			for name, cl := range servers {
				x := cl.clone()
				x.do("GET", "/jwks", nil)
				x.expect(200, "*")
				jwks[name] = x.raw
			}
			var set struct{ Keys []map[string]any }
			if err := json.Unmarshal(jwks["go"], &set); err != nil || len(set.Keys) != 1 {
				t.Fatalf("go jwks = %s", jwks["go"])
			}
			if want := c.alg; want != "" && set.Keys[0]["alg"] != want {
				t.Errorf("key alg = %v, want %s", set.Keys[0]["alg"], want)
			}
			if string(jwks["go"]) != string(jwks["ts"]) {
				t.Errorf("JWKS differ:\n go %s\n ts %s", jwks["go"], jwks["ts"])
			}
			vo := plugins.VerifyJWTOptions{Issuer: "https://issuer.example", Audience: "https://api.example"}
			for name, tok := range tokens {
				p, err := plugins.VerifyJWT(tok, jwks[other[name]], vo)
				if err != nil || p["email"] != name+"@example.com" || p["sub"] != p["id"] {
					t.Errorf("%s's token against %s's JWKS: %v, %v", name, other[name], p, err)
				}
				if kid := jwtKid(t, tok); kid != set.Keys[0]["kid"] {
					t.Errorf("%s's token kid %s, key %v", name, kid, set.Keys[0]["kid"])
				}
			}
			// What VerifyJWT refuses.
			tok := tokens[other[c.first]]
			parts := strings.Split(tok, ".")
			forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"x","aud":"https://api.example","iss":"https://issuer.example","exp":9999999999}`)) + "." + parts[2]
			for what, f := range map[string]func() error{
				"other audience": func() error {
					_, err := plugins.VerifyJWT(tok, jwks["go"], plugins.VerifyJWTOptions{Issuer: vo.Issuer, Audience: "https://else.example"})
					return err
				},
				"other issuer": func() error {
					_, err := plugins.VerifyJWT(tok, jwks["go"], plugins.VerifyJWTOptions{Issuer: "https://else.example", Audience: vo.Audience})
					return err
				},
				"expired": func() error {
					_, err := plugins.VerifyJWT(tok, jwks["go"], plugins.VerifyJWTOptions{Issuer: vo.Issuer, Audience: vo.Audience, Now: time.Now().Add(16 * time.Minute)})
					return err
				},
				"forged payload": func() error { _, err := plugins.VerifyJWT(forged, jwks["go"], vo); return err },
				"unknown key":    func() error { _, err := plugins.VerifyJWT(tok, []byte(`{"keys":[]}`), vo); return err },
			} {
				if f() == nil {
					t.Errorf("VerifyJWT accepted a token with %s", what)
				}
			}
		})
	}
}

func jwtKid(t *testing.T, tok string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
	var h struct{ Kid string }
	if err != nil || json.Unmarshal(raw, &h) != nil {
		t.Fatalf("bad JWT header in %q", tok)
	}
	return h.Kid
}
