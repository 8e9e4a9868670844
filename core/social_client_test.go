package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/social"
)

// TestSocialWithOfficialClient: Better Auth 1.7.5's better-auth/client
// (testdata/social-client.mjs, run with node) signs in with GitLab — a
// loopback OpenID provider — through the Go handler: signIn.social, the
// provider, the callback, getSession.
func TestSocialWithOfficialClient(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{ID: 99, Sub: "s99", Username: "linus", Name: "Linus", Email: "linus@example.com", Avatar: "https://img.example/l.png", EmailVerified: true})
	h := startClientHarness(t, "social-client.mjs", core.Options{SocialProviders: []core.SocialProvider{social.GitLab(social.GitLabOptions{
		Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}, Issuer: op.issuer})}}, nil)
	if u := h.user(); u["email"] != "linus@example.com" || u["name"] != "Linus" || u["emailVerified"] != true ||
		u["image"] != "https://img.example/l.png" {
		t.Fatalf("session user: %v", u)
	}
	// The script can fail: without the user at the provider the callback
	// redirects to the error page.
	op.signIn("nobody@example.com")
	if out, err := h.run(); err == nil || !strings.Contains(out, "FAIL: callback answered 302 "+h.origin+"/api/auth/error?error=access_denied") {
		t.Fatalf("social-client.mjs without a provider user: %v\n%s", err, out)
	}
}
