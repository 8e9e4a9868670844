package core_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestJWTWithOfficialClient: Better Auth 1.7.5's better-auth/client with
// jwtClient() (testdata/jwt-client.mjs) is refused a token without a
// session, signs up through the Go handler, gets a JWT of its user from
// token() and the keys from jwks(); the token's signature checks against
// those keys.
func TestJWTWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "jwt-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.JWT()}}), nil)
	var got struct {
		User  map[string]any
		Token string
		JWKS  json.RawMessage
	}
	h.runJSON(&got, "jwt.client@example.com")
	claims, err := plugins.VerifyJWT(got.Token, got.JWKS, plugins.VerifyJWTOptions{Issuer: h.origin, Audience: h.origin})
	if err != nil {
		t.Fatalf("the client's token does not verify: %v", err)
	}
	if got.User["id"] == nil || claims["sub"] != got.User["id"] || claims["id"] != got.User["id"] || claims["email"] != "jwt.client@example.com" {
		t.Fatalf("claims %v for user %v", claims, got.User)
	}
	// The keys are the ones the Go handler stores.
	if n := count(t, h.db.db, core.DialectSQLite, "jwks", "1 = 1"); n != 1 {
		t.Fatalf("%d keys stored", n)
	}
	// The script can fail: a sign-up with an email in use fails it.
	if out, err := h.run("jwt.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: signUp.email") {
		t.Fatalf("jwt-client.mjs with a taken email: %v\n%s", err, out)
	}
}
