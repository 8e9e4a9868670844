package plugins

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

const jwtTestSecret = "jwt-test-secret-8f3Kq2Zr7LmX1vB9nT4w"

// Options the Go handler cannot honour make Open fail, naming them.
func TestJWTRefusedOptions(t *testing.T) {
	for _, c := range []struct {
		o    JWTOptions
		want string
	}{
		{JWTOptions{JWT: JWTTokenOptions{DefinePayload: func(*core.SessionData) (map[string]any, error) { return nil, nil }}}, "JWT.DefinePayload"},
		{JWTOptions{JWT: JWTTokenOptions{GetSubject: func(*core.SessionData) (string, error) { return "", nil }}}, "JWT.GetSubject"},
		{JWTOptions{JWT: JWTTokenOptions{Sign: func(map[string]any) (string, error) { return "", nil }}}, "JWT.Sign"},
		{JWTOptions{SessionCookieCache: true}, "SessionCookieCache"},
		{JWTOptions{JWKS: JWKSOptions{RemoteURL: "https://keys.example/jwks"}}, "JWKS.RemoteURL"},
		{JWTOptions{JWKS: JWKSOptions{KeyPairConfig: &JWKOptions{Alg: "HS256"}}}, `algorithm "HS256"`},
		{JWTOptions{JWKS: JWKSOptions{KeyPairConfigs: []JWKOptions{{Alg: "ES384"}}}}, `algorithm "ES384"`},
		{JWTOptions{JWKS: JWKSOptions{KeyPairConfig: &JWKOptions{Alg: "ES256", Crv: "P-256"}}}, `ES256 takes no crv`},
		{JWTOptions{JWKS: JWKSOptions{KeyPairConfig: &JWKOptions{Alg: "RS256", ModulusLength: 1024}}}, "modulus length 1024"},
		{JWTOptions{JWKS: JWKSOptions{KeyPairConfig: &JWKOptions{Alg: "ES512", ModulusLength: 4096}}}, "modulus length 4096"},
		{JWTOptions{JWKS: JWKSOptions{JWKSPath: "jwks"}}, "jwksPath"},
		{JWTOptions{JWKS: JWKSOptions{JWKSPath: "/a/../b"}}, "jwksPath"},
		{JWTOptions{JWT: JWTTokenOptions{ExpirationTime: "15 minutes ago from now"}}, "ExpirationTime"},
		{JWTOptions{JWT: JWTTokenOptions{ExpirationTime: "15"}}, "ExpirationTime"},
		{JWTOptions{JWT: JWTTokenOptions{Audience: "a", Audiences: []string{"b"}}}, "Audience or Audiences"},
	} {
		a := core.New(core.Options{Secret: jwtTestSecret, Database: core.SQLite(filepath.Join(t.TempDir(), "a.db")), Plugins: []core.Plugin{JWT(c.o)}})
		err := a.Open(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "plugin jwt") {
			t.Errorf("%+v: Open = %v, want %q", c.o, err, c.want)
		}
		a.Close()
	}
	a := core.New(core.Options{Secret: jwtTestSecret, Database: core.SQLite(filepath.Join(t.TempDir(), "ok.db")),
		Plugins: []core.Plugin{JWT(JWTOptions{JWKS: JWKSOptions{KeyPairConfig: &JWKOptions{Alg: "EdDSA", Crv: "Ed25519"}}, JWT: JWTTokenOptions{ExpirationTime: "1.5 hours"}})}})
	// Init passes; Open then stops at the missing tables.
	if err := a.Open(context.Background()); err == nil || strings.Contains(err.Error(), "plugin jwt") || !strings.Contains(err.Error(), "no such table") {
		t.Errorf("Open = %v", err)
	}
	a.Close()
}

// timeSpanSeconds agrees with 1.7.5's sec() (values from its tests and
// its table of units).
func TestTimeSpanSeconds(t *testing.T) {
	for in, want := range map[string]int64{
		"15m": 900, "1d": 86400, "2 hours": 7200, "-30s": -30, "2 hours ago": -7200, "1.5h": 5400, "1 year": 31557600,
		"2mo": 5184000, "3w": 1814400, "1 hr from now": 3600, "10 SECS": 10, "+5 min": 300, "0.5s": 1, "1.4s": 1,
	} {
		got, err := timeSpanSeconds(in)
		if err != nil || got != want {
			t.Errorf("timeSpanSeconds(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "15", "m", "1 fortnight", "-1 hour ago", "1.h"} {
		if _, err := timeSpanSeconds(in); err == nil {
			t.Errorf("timeSpanSeconds(%q) worked", in)
		}
	}
}
