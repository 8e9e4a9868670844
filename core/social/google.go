package social

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/coreos/go-oidc/v3/oidc"
)

// GoogleOptions are google()'s options.
type GoogleOptions struct {
	Options
	// AccessType ("offline" for a refresh token), Display and HD (hosted
	// domain; "*" any) are Google's authorization parameters.
	AccessType, Display, HD string
	// IncludeGrantedScopes false leaves out include_granted_scopes=true.
	IncludeGrantedScopes *bool
}

// Google is 1.7.5's google provider: email, profile and openid with PKCE;
// the user from the ID token; accountId is its sub. ID tokens sign in
// directly when verified against Google's keys (RS256, one hour old at
// most).
func Google(o GoogleOptions) core.SocialProvider {
	return &google{o: o, jwks: "https://www.googleapis.com/oauth2/v3/certs"}
}

type google struct {
	o    GoogleOptions
	jwks string
}

const googleToken = "https://oauth2.googleapis.com/token"

func (p *google) ID() string                      { return "google" }
func (p *google) Settings() core.ProviderSettings { return p.o.settings() }

func (p *google) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	if p.o.ClientID == "" || p.o.ClientSecret == "" {
		return nil, errors.New("CLIENT_ID_AND_SECRET_REQUIRED")
	}
	if req.CodeVerifier == "" {
		return nil, errors.New("codeVerifier is required for Google")
	}
	var extra []core.Param
	if p.o.IncludeGrantedScopes == nil || *p.o.IncludeGrantedScopes {
		extra = append(extra, core.Param{Key: "include_granted_scopes", Value: "true"})
	}
	return p.o.authorizationURL(authURL{endpoint: "https://accounts.google.com/o/oauth2/v2/auth",
		scopes: p.o.scopes([]string{"email", "profile", "openid"}, req.Scopes), prompt: p.o.Prompt,
		access: p.o.AccessType, display: p.o.Display, hd: p.o.HD, extra: extra}, req)
}

func (p *google) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	return p.o.exchange(ctx, googleToken, req)
}

func (p *google) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, googleToken, refreshToken)
}

func hostedDomainAllowed(configured string, claim any) bool {
	if configured == "" {
		return true
	}
	hd, _ := claim.(string)
	if hd == "" {
		return false
	}
	return configured == "*" || hd == configured
}

func (p *google) UserInfo(_ context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	if t.IDToken == "" {
		return nil, nil
	}
	user, err := decodeJWT(t.IDToken)
	if err != nil {
		return nil, err
	}
	if !hostedDomainAllowed(p.o.HD, user["hd"]) {
		return nil, nil
	}
	return &core.ProviderUser{Name: str(user["name"]), Email: str(user["email"]), Image: strp(user["picture"]),
		EmailVerified: boolean(user["email_verified"]), Data: user}, nil
}

func (p *google) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["sub"])
}

// VerifyIDToken checks the signature with Google's keys, the issuer,
// the audience, the age (one hour), the nonce and the hosted domain.
func (p *google) VerifyIDToken(ctx context.Context, token, nonce string) (bool, error) {
	if p.o.DisableIDTokenSignIn {
		return false, nil
	}
	ctx = oidc.ClientContext(ctx, p.o.client())
	v := oidc.NewVerifier("https://accounts.google.com", oidc.NewRemoteKeySet(ctx, p.jwks),
		&oidc.Config{ClientID: p.o.ClientID, SupportedSigningAlgs: []string{oidc.RS256}, SkipIssuerCheck: true})
	idt, err := v.Verify(ctx, token)
	if err != nil {
		return false, nil
	}
	if idt.Issuer != "https://accounts.google.com" && idt.Issuer != "accounts.google.com" {
		return false, nil
	}
	if time.Since(idt.IssuedAt) > time.Hour {
		return false, nil
	}
	if nonce != "" && idt.Nonce != nonce {
		return false, nil
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return false, nil
	}
	return hostedDomainAllowed(p.o.HD, claims["hd"]), nil
}
