package social

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// AppleOptions are apple()'s options. ClientSecret is the client secret
// JWT the application signs with its Apple key (1.7.5 takes it as given
// and does not mint it).
type AppleOptions struct {
	Options
	// AppBundleIdentifier is the ID tokens' audience of a native app,
	// used when Audience is empty.
	AppBundleIdentifier string
	// Audience are the ID tokens' accepted audiences (default
	// AppBundleIdentifier, else ClientID).
	Audience []string
}

// Apple is 1.7.5's apple provider (Sign in with Apple): email and name
// with PKCE, response_type "code id_token" and response_mode form_post
// (Apple POSTs to /callback/apple, which 1.7.5 and the handler turn into
// a GET); the user from the ID token, named by the user object Apple
// sends on the first authorization; accountId is sub. ID tokens sign in
// directly when verified against Apple's keys (issuer
// https://appleid.apple.com, one hour old at most, the nonce or its
// SHA-256 hex digest).
func Apple(o AppleOptions) core.SocialProvider {
	return &apple{o: o, keys: "https://appleid.apple.com/auth/keys"}
}

type apple struct {
	o    AppleOptions
	keys string
}

const appleToken = "https://appleid.apple.com/auth/token"

func (p *apple) ID() string                      { return "apple" }
func (p *apple) Settings() core.ProviderSettings { return p.o.settings() }

func (p *apple) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	if p.o.ClientID == "" || p.o.ClientSecret == "" {
		return nil, errors.New("CLIENT_ID_AND_SECRET_REQUIRED")
	}
	req.LoginHint = ""
	u, err := p.o.authorizationURL(authURL{endpoint: "https://appleid.apple.com/auth/authorize",
		scopes: p.o.scopes([]string{"email", "name"}, req.Scopes), responseM: "form_post"}, req)
	if err != nil {
		return nil, err
	}
	return withParam(u, "response_type", "code id_token"), nil
}

func (p *apple) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	return p.o.exchange(ctx, appleToken, req)
}

func (p *apple) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, appleToken, refreshToken)
}

func (p *apple) UserInfo(_ context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	if t.IDToken == "" {
		return nil, nil
	}
	profile, err := decodeJWT(t.IDToken)
	if err != nil {
		return nil, nil
	}
	var name string
	if n, ok := t.User["name"].(map[string]any); ok {
		name = strings.TrimSpace(str(n["firstName"]) + " " + str(n["lastName"]))
	} else {
		name = str(profile["name"])
	}
	profile["name"] = name
	return &core.ProviderUser{Name: name, Email: str(profile["email"]), EmailVerified: boolean(profile["email_verified"]), Data: profile}, nil
}

func (p *apple) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["sub"])
}

func (p *apple) VerifyIDToken(ctx context.Context, token, nonce string) (bool, error) {
	aud := p.o.Audience
	if len(aud) == 0 {
		aud = []string{p.o.ClientID}
		if p.o.AppBundleIdentifier != "" {
			aud = []string{p.o.AppBundleIdentifier}
		}
	}
	return p.o.verifyIDToken(ctx, idTokenConfig{jwksURL: p.keys, byKid: true, issuer: "https://appleid.apple.com",
		audience: aud, maxAge: time.Hour, nonceSHA256: true}, token, nonce), nil
}
