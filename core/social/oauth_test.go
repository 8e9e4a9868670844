package social

import (
	"testing"

	"github.com/authctl/authctl/core"
)

// RFC 7636's appendix B example.
func TestCodeChallenge(t *testing.T) {
	if got := CodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); got != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Fatalf("CodeChallenge = %s", got)
	}
}

// FormEncode is URLSearchParams' serializer: new URLSearchParams({v:
// "a b~*-._!'()é@/:?"}).toString() is "v=a+b%7E*-._%21%27%28%29%C3%A9%40%2F%3A%3F".
func TestFormEncode(t *testing.T) {
	if got := FormEncode("a b~*-._!'()é@/:?"); got != "a+b%7E*-._%21%27%28%29%C3%A9%40%2F%3A%3F" {
		t.Fatalf("FormEncode = %s", got)
	}
}

// The authorization URL keeps the endpoint's own parameters, sets
// Better Auth's in its order (a set replaces in place), and drops the
// reserved keys of additionalParams.
func TestAuthorizationURLOrder(t *testing.T) {
	o := Options{ClientID: "id", AuthorizationEndpoint: "https://op.example/auth?tenant=t1&state=old&x=1"}
	u, err := o.authorizationURL(authURL{scopes: []string{"a", "b"}, prompt: "consent"}, core.AuthorizationRequest{
		State: "s", CodeVerifier: "v", RedirectURI: "https://app.example/cb", LoginHint: "u@x",
		AdditionalParams: []core.Param{{Key: "nonce", Value: "no"}, {Key: "tenant", Value: "t2"}, {Key: "z", Value: "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := "https://op.example/auth?tenant=t2&state=s&x=1&response_type=code&client_id=id&scope=a+b&redirect_uri=https%3A%2F%2Fapp.example%2Fcb" +
		"&login_hint=u%40x&prompt=consent&code_challenge_method=S256&code_challenge=" + CodeChallenge("v") + "&z=1"
	if u.String() != want {
		t.Fatalf("got  %s\nwant %s", u, want)
	}
	if _, err := (&Options{}).authorizationURL(authURL{endpoint: "https://op.example/auth"}, core.AuthorizationRequest{}); err == nil {
		t.Fatal("no client id: no error")
	}
}

// Account ids print as JavaScript's String(): integers as digits, and an
// absent or blank id is refused.
func TestSubject(t *testing.T) {
	p := GitLab(GitLabOptions{})
	profile, err := decodeJWT("x." + "eyJpZCI6MTIzNDU2Nzg5MDEyMzQ1Njc4LCJzdWIiOiIgIn0" + ".y")
	if err != nil {
		t.Fatal(err)
	}
	if id, err := p.AccountSubject(profile, nil); err != nil || id != "123456789012345678" {
		t.Fatalf("id = %q, %v", id, err)
	}
	if _, err := Google(GoogleOptions{}).AccountSubject(profile, nil); err == nil {
		t.Fatal("blank sub accepted")
	}
	if _, err := GitHub(Options{}).AccountSubject(map[string]any{}, nil); err == nil {
		t.Fatal("absent id accepted")
	}
}
