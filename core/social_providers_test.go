package core_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/social"
)

// goSocial starts the Go handler with o (BaseURL, secret and a fresh
// SQLite database set) and returns a browser for it.
func goSocial(t *testing.T, o core.Options) *browser {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	o.BaseURL, o.Secret, o.Database = origin, testSecret, core.SQLite(wireSQLite(t, core.Options{}, "go"))
	o.EmailAndPassword.Enabled = true
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	if err := a.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)
	return newBrowser(t, origin)
}

// signInVia runs sign-in/social → provider → callback; rewrite maps the
// authorization URL to the test provider.
func signInVia(t *testing.T, b *browser, body map[string]any, rewrite func(string) string) {
	t.Helper()
	res := b.do("POST", "/sign-in/social", body)
	if b.status != 200 {
		t.Fatalf("sign-in/social: %d %s", b.status, b.raw)
	}
	u := jsonKey(res, "url")
	if rewrite != nil {
		u = rewrite(u)
	}
	b.do("GET", b.followToProvider(u), nil)
}

func sessionUser(t *testing.T, b *browser) map[string]any {
	t.Helper()
	return obj(obj(b.do("GET", "/get-session", nil))["user"])
}

// TestSocialOIDC: the generic OpenID Connect provider, discovered from
// the issuer: the authorization request (scopes, PKCE, a nonce), the
// callback with the ID token verified and bound to the nonce, the
// issuer check of RFC 9207's iss, and ID-token sign-in.
func TestSocialOIDC(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{ID: 1, Sub: "alice-sub", Username: "alice", Name: "Alice", Email: "alice@example.com",
		Avatar: "https://img.example/a.png", EmailVerified: true})
	p := social.OIDC(social.OIDCOptions{ID: "acme", Issuer: op.issuer,
		Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}})
	b := goSocial(t, core.Options{SocialProviders: []core.SocialProvider{p}})

	signInVia(t, b, map[string]any{"provider": "acme", "callbackURL": "/home"}, nil)
	if b.status != http.StatusFound || b.header.Get("Location") != "/home" {
		t.Fatalf("callback: %d %s", b.status, b.header.Get("Location"))
	}
	q := op.lastAuthQuery()
	if q.Get("scope") != "openid email profile" || len(q.Get("nonce")) != 32 || q.Get("code_challenge_method") != "S256" {
		t.Fatalf("authorization request: %v", q)
	}
	if u := sessionUser(t, b); u["email"] != "alice@example.com" || u["emailVerified"] != true || u["name"] != "Alice" {
		t.Fatalf("session user: %v", u)
	}

	// An ID token with another nonce is refused.
	op.wrongNonce = true
	out := newBrowser(t, b.origin)
	signInVia(t, out, map[string]any{"provider": "acme", "callbackURL": "/home", "errorCallbackURL": "/oops"}, nil)
	if out.header.Get("Location") != "/oops?error=unable_to_get_user_info" {
		t.Fatalf("wrong nonce: %d %s", out.status, out.header.Get("Location"))
	}
	op.wrongNonce = false

	// A callback naming another issuer is refused.
	res := out.do("POST", "/sign-in/social", map[string]any{"provider": "acme", "callbackURL": "/home", "errorCallbackURL": "/oops"})
	target, _ := url.Parse(jsonKey(res, "url"))
	out.do("GET", "/callback/acme?code=x&state="+target.Query().Get("state")+"&iss="+url.QueryEscape("https://evil.example"), nil)
	if out.header.Get("Location") != "/oops?error=issuer_mismatch" {
		t.Fatalf("issuer mismatch: %s", out.header.Get("Location"))
	}

	// ID-token sign-in: the provider's token signs in; another
	// audience's, or a nonce that does not match, does not.
	idb := newBrowser(t, b.origin)
	res = idb.do("POST", "/sign-in/social", map[string]any{"provider": "acme", "idToken": map[string]any{
		"token": op.idToken("alice@example.com", op.clientID, "n1"), "nonce": "n1", "accessToken": "at-from-app"}})
	if idb.status != 200 || obj(res)["redirect"] != false || obj(obj(res)["user"])["email"] != "alice@example.com" {
		t.Fatalf("id token sign-in: %d %s", idb.status, idb.raw)
	}
	for name, tok := range map[string]map[string]any{
		"audience": {"token": op.idToken("alice@example.com", "someone-else", "")},
		"nonce":    {"token": op.idToken("alice@example.com", op.clientID, "n1"), "nonce": "n2"},
		"garbage":  {"token": "not.a.jwt"},
	} {
		idb.do("POST", "/sign-in/social", map[string]any{"provider": "acme", "idToken": tok})
		if idb.status != 401 || !strings.Contains(string(idb.raw), `"INVALID_TOKEN"`) {
			t.Errorf("id token with a bad %s: %d %s", name, idb.status, idb.raw)
		}
	}
}

// TestSocialGitHub: GitHub's flow against the test provider behind a
// transport that maps github.com and api.github.com to it: scopes
// read:user and user:email, the primary address of /user/emails when the
// profile has none, and its verified flag.
func TestSocialGitHub(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{ID: 583231, Username: "octocat", Email: "octocat@github.example", Avatar: "https://img.example/o.png", EmailVerified: true})
	client := op.client(map[string]string{"github.com/login/oauth/access_token": "/login/oauth/access_token"})
	p := social.GitHub(social.Options{ClientID: op.clientID, ClientSecret: op.secret, HTTPClient: client})
	b := goSocial(t, core.Options{SocialProviders: []core.SocialProvider{p}})
	signInVia(t, b, map[string]any{"provider": "github", "callbackURL": "/home"}, func(u string) string {
		return strings.Replace(u, "https://github.com", op.issuer, 1)
	})
	if b.status != http.StatusFound || b.header.Get("Location") != "/home" {
		t.Fatalf("callback: %d %s", b.status, b.header.Get("Location"))
	}
	if q := op.lastAuthQuery(); q.Get("scope") != "read:user user:email" {
		t.Fatalf("scope: %v", q)
	}
	u := sessionUser(t, b)
	if u["email"] != "octocat@github.example" || u["name"] != "octocat" || u["emailVerified"] != true || u["image"] != "https://img.example/o.png" {
		t.Fatalf("session user: %v", u)
	}
}

// TestSocialGoogle: Google's flow against the test provider (Google's
// hosts mapped to it, ID tokens issued as https://accounts.google.com):
// the authorization URL's parameters, the user from the ID token, and
// ID-token sign-in verified against the provider's keys.
func TestSocialGoogle(t *testing.T) {
	op := newTestOP(t)
	op.idIssuer = "https://accounts.google.com"
	op.addUser(opUser{Sub: "1098", Name: "Gina", Email: "gina@example.com", Avatar: "https://img.example/g.png", EmailVerified: true})
	client := op.client(map[string]string{"oauth2.googleapis.com/token": "/oauth/token", "www.googleapis.com/oauth2/v3/certs": "/jwks"})
	p := social.Google(social.GoogleOptions{Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret, HTTPClient: client},
		AccessType: "offline", HD: "*"})
	b := goSocial(t, core.Options{SocialProviders: []core.SocialProvider{p}})
	res := b.do("POST", "/sign-in/social", map[string]any{"provider": "google", "callbackURL": "/home", "loginHint": "gina@example.com"})
	u := jsonKey(res, "url")
	if !strings.HasPrefix(u, "https://accounts.google.com/o/oauth2/v2/auth?response_type=code&client_id=authctl-client&state=") ||
		!strings.Contains(u, "&scope=email+profile+openid&redirect_uri=") ||
		!strings.Contains(u, "&login_hint=gina%40example.com&hd=*&access_type=offline&code_challenge_method=S256&code_challenge=") ||
		!strings.HasSuffix(u, "&include_granted_scopes=true") {
		t.Fatalf("authorization URL: %s", u)
	}
	// hd "*" requires a hosted domain: the test provider's tokens have
	// none, so the sign-in is refused …
	b.do("GET", b.followToProvider(strings.Replace(u, "https://accounts.google.com/o/oauth2/v2/auth", op.issuer+"/oauth/authorize", 1)), nil)
	if !strings.Contains(b.header.Get("Location"), "error=unable_to_get_user_info") {
		t.Fatalf("hd refused: %s", b.header.Get("Location"))
	}
	// … and without hd it signs in.
	p = social.Google(social.GoogleOptions{Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret, HTTPClient: client}})
	b = goSocial(t, core.Options{SocialProviders: []core.SocialProvider{p}})
	signInVia(t, b, map[string]any{"provider": "google", "callbackURL": "/home"}, func(u string) string {
		return strings.Replace(u, "https://accounts.google.com/o/oauth2/v2/auth", op.issuer+"/oauth/authorize", 1)
	})
	if b.header.Get("Location") != "/home" {
		t.Fatalf("callback: %d %s", b.status, b.header.Get("Location"))
	}
	if u := sessionUser(t, b); u["email"] != "gina@example.com" || u["name"] != "Gina" || u["image"] != "https://img.example/g.png" {
		t.Fatalf("session user: %v", u)
	}
	idb := newBrowser(t, b.origin)
	res = idb.do("POST", "/sign-in/social", map[string]any{"provider": "google", "idToken": map[string]any{"token": op.idToken("gina@example.com", op.clientID, "")}})
	if idb.status != 200 || obj(obj(res)["user"])["email"] != "gina@example.com" {
		t.Fatalf("id token sign-in: %d %s", idb.status, idb.raw)
	}
	op.idIssuer = op.issuer // not Google's issuer
	idb.do("POST", "/sign-in/social", map[string]any{"provider": "google", "idToken": map[string]any{"token": op.idToken("gina@example.com", op.clientID, "")}})
	if idb.status != 401 {
		t.Fatalf("id token of another issuer: %d %s", idb.status, idb.raw)
	}
}

// TestSocialLinkByIDToken: link-social with an ID token links the
// provider account of the same (provider-verified) email to the signed-in
// user, updates it when linked again, and refuses another email.
func TestSocialLinkByIDToken(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{Sub: "bob-sub", Name: "Bob", Email: "bob@example.com", EmailVerified: true})
	op.addUser(opUser{Sub: "eve-sub", Name: "Eve", Email: "eve@example.com", EmailVerified: true})
	p := social.OIDC(social.OIDCOptions{ID: "acme", Issuer: op.issuer, Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}})
	b := goSocial(t, core.Options{SocialProviders: []core.SocialProvider{p}})
	b.do("POST", "/link-social", map[string]any{"provider": "acme", "idToken": map[string]any{"token": op.idToken("bob@example.com", op.clientID, "")}})
	if b.status != 401 {
		t.Fatalf("link-social without a session: %d %s", b.status, b.raw)
	}
	b.do("POST", "/sign-up/email", map[string]any{"name": "Bob", "email": "bob@example.com", "password": password})
	for i := 0; i < 2; i++ {
		b.do("POST", "/link-social", map[string]any{"provider": "acme", "idToken": map[string]any{"token": op.idToken("bob@example.com", op.clientID, "")}})
		if b.status != 200 || string(b.raw) != `{"url":"","status":true,"redirect":false}` {
			t.Fatalf("link-social %d: %d %s", i, b.status, b.raw)
		}
	}
	b.do("POST", "/link-social", map[string]any{"provider": "acme", "idToken": map[string]any{"token": op.idToken("eve@example.com", op.clientID, "")}})
	if b.status != 401 || !strings.Contains(string(b.raw), "LINKING_DIFFERENT_EMAILS_NOT_ALLOWED") {
		t.Fatalf("link-social with another email: %d %s", b.status, b.raw)
	}
	// The linked account signs Bob in by redirect now.
	fresh := newBrowser(t, b.origin)
	op.signIn("bob@example.com")
	signInVia(t, fresh, map[string]any{"provider": "acme", "callbackURL": "/home"}, nil)
	if fresh.header.Get("Location") != "/home" || sessionUser(t, fresh)["email"] != "bob@example.com" {
		t.Fatalf("sign-in with the linked account: %s %s", fresh.header.Get("Location"), fresh.raw)
	}
}

// TestSocialMoreProviders: Discord, Spotify, Twitch, LinkedIn and Slack
// through the loopback provider (their hosts mapped to it): the
// authorization URL each builds and the user each maps.
func TestSocialMoreProviders(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{ID: 80351110224678912, Sub: "tw-1", Username: "nelly", Name: "Nelly", Email: "nelly@example.com",
		Avatar: "https://img.example/n.png", EmailVerified: true})
	client := op.client(map[string]string{
		"discord.com/api/oauth2/token": "/oauth/token", "accounts.spotify.com/api/token": "/oauth/token",
		"id.twitch.tv/oauth2/token": "/oauth/token", "api.spotify.com/v1/me": "/v1/me",
		"www.linkedin.com/oauth/v2/accessToken": "/oauth/token", "api.linkedin.com/v2/userinfo": "/userinfo",
		"slack.com/api/openid.connect.token": "/oauth/token", "slack.com/api/openid.connect.userInfo": "/userinfo"})
	base := social.Options{ClientID: op.clientID, ClientSecret: op.secret, HTTPClient: client}
	for _, tc := range []struct {
		p        core.SocialProvider
		authPath string // the provider's authorization endpoint
		wantURL  []string
		user     map[string]any
	}{
		{social.Discord(social.DiscordOptions{Options: base}), "https://discord.com/api/oauth2/authorize",
			[]string{"&scope=identify+email+extra&redirect_uri=", "&prompt=none"},
			map[string]any{"name": "Nelly", "email": "nelly@example.com", "emailVerified": true,
				"image": "https://cdn.discordapp.com/embed/avatars/" + fmt.Sprint((80351110224678912>>22)%6) + ".png"}},
		{social.Spotify(base), "https://accounts.spotify.com/authorize",
			[]string{"&scope=user-read-email+extra&redirect_uri=", "&code_challenge_method=S256&code_challenge="},
			map[string]any{"name": "Nelly", "email": "nelly@example.com", "emailVerified": false, "image": "https://img.example/n.png"}},
		{social.Twitch(social.TwitchOptions{Options: base}), "https://id.twitch.tv/oauth2/authorize",
			[]string{"&scope=user%3Aread%3Aemail+openid+extra&redirect_uri=",
				"&claims=%7B%22id_token%22%3A%7B%22email%22%3Anull%2C%22email_verified%22%3Anull%2C%22preferred_username%22%3Anull%2C%22picture%22%3Anull%7D%7D"},
			map[string]any{"name": "nelly", "email": "nelly@example.com", "emailVerified": true, "image": "https://img.example/n.png"}},
		{social.LinkedIn(base), "https://www.linkedin.com/oauth/v2/authorization",
			[]string{"&scope=profile+email+openid+extra&redirect_uri=", "&login_hint=nelly%40example.com"},
			map[string]any{"name": "Nelly", "email": "nelly@example.com", "emailVerified": true, "image": "https://img.example/n.png"}},
		{social.Slack(base), "https://slack.com/openid/connect/authorize",
			[]string{"&scope=openid+profile+email+extra&redirect_uri="},
			map[string]any{"name": "Nelly", "email": "nelly@example.com", "emailVerified": true, "image": "https://img.example/n.png"}},
	} {
		t.Run(tc.p.ID(), func(t *testing.T) {
			b := goSocial(t, core.Options{SocialProviders: []core.SocialProvider{tc.p}})
			var authURL string
			signInVia(t, b, map[string]any{"provider": tc.p.ID(), "callbackURL": "/home", "scopes": []string{"extra"}, "loginHint": "nelly@example.com"},
				func(u string) string {
					authURL = u
					return strings.Replace(u, tc.authPath, op.issuer+"/oauth/authorize", 1)
				})
			if !strings.HasPrefix(authURL, tc.authPath+"?response_type=code&client_id=authctl-client&state=") ||
				strings.Contains(authURL, "login_hint") != (tc.p.ID() == "linkedin") {
				t.Errorf("authorization URL: %s", authURL)
			}
			for _, w := range tc.wantURL {
				if !strings.Contains(authURL, w) {
					t.Errorf("authorization URL lacks %q: %s", w, authURL)
				}
			}
			if b.header.Get("Location") != "/home" {
				t.Fatalf("callback: %d %s", b.status, b.header.Get("Location"))
			}
			u := sessionUser(t, b)
			for k, v := range tc.user {
				if u[k] != v {
					t.Errorf("user %s = %v, want %v", k, u[k], v)
				}
			}
		})
	}
}
