package social

import (
	"context"
	"errors"
	"net/url"
	"sync"

	"github.com/authctl/authctl/core"
	"github.com/coreos/go-oidc/v3/oidc"
)

// OIDCOptions configure a generic OpenID Connect provider.
type OIDCOptions struct {
	Options
	// ID is the provider id (account.providerId, /callback/<id>).
	ID string
	// Issuer is the issuer URL: its /.well-known/openid-configuration
	// gives the endpoints and keys.
	Issuer string
}

// OIDC is a provider for any OpenID Connect issuer, discovered from its
// issuer URL on first use: openid, email and profile with PKCE and a
// nonce; the ID token is verified (issuer, audience, signature, expiry,
// nonce) and its claims, completed by the userinfo endpoint, make the
// user; accountId is sub. 1.7.5 has no such built-in provider (its
// genericOAuth plugin plays this role), so the TypeScript server reaches
// the same issuer through its gitlab provider in the tests.
func OIDC(o OIDCOptions) core.SocialProvider { return &oidcProvider{o: o} }

type oidcProvider struct {
	o    OIDCOptions
	mu   sync.Mutex
	prov *oidc.Provider
}

func (p *oidcProvider) ID() string { return p.o.ID }
func (p *oidcProvider) Settings() core.ProviderSettings {
	s := p.o.settings()
	s.Issuer, s.RequiresIDTokenNonce = p.o.Issuer, true
	return s
}

func (p *oidcProvider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.prov != nil {
		return p.prov, nil
	}
	prov, err := oidc.NewProvider(oidc.ClientContext(context.WithoutCancel(ctx), p.o.client()), p.o.Issuer)
	if err != nil {
		return nil, err
	}
	p.prov = prov
	return prov, nil
}

func (p *oidcProvider) AuthorizationURL(ctx context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	prov, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	return p.o.authorizationURL(authURL{endpoint: prov.Endpoint().AuthURL,
		scopes: p.o.scopes([]string{"openid", "email", "profile"}, req.Scopes), prompt: p.o.Prompt, nonce: req.IDTokenNonce}, req)
}

func (p *oidcProvider) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	prov, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	return p.o.exchange(ctx, prov.Endpoint().TokenURL, req)
}

func (p *oidcProvider) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	prov, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	return p.o.refresh(ctx, prov.Endpoint().TokenURL, refreshToken)
}

func (p *oidcProvider) verify(ctx context.Context, token, nonce string) (map[string]any, error) {
	prov, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	idt, err := prov.Verifier(&oidc.Config{ClientID: p.o.ClientID}).Verify(oidc.ClientContext(ctx, p.o.client()), token)
	if err != nil {
		return nil, err
	}
	if nonce != "" && idt.Nonce != nonce {
		return nil, errors.New("id_token nonce mismatch")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, err
	}
	return claims, nil
}

// UserInfo verifies the ID token (bound to the flow's nonce) and takes
// its claims, then the userinfo endpoint's for the same subject.
func (p *oidcProvider) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	claims := map[string]any{}
	if t.IDToken != "" {
		c, err := p.verify(ctx, t.IDToken, t.ExpectedIDTokenNonce)
		if err != nil {
			return nil, nil
		}
		claims = c
	}
	prov, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	if ep := prov.UserInfoEndpoint(); ep != "" && t.AccessToken != "" {
		if info, err := p.o.getJSON(ctx, ep, t.AccessToken); err == nil {
			if sub, ok := claims["sub"]; !ok || info["sub"] == sub {
				for k, v := range info {
					if _, have := claims[k]; !have {
						claims[k] = v
					}
				}
			}
		}
	}
	if _, ok := claims["sub"]; !ok {
		return nil, nil
	}
	return &core.ProviderUser{Name: str(claims["name"]), Email: str(claims["email"]), Image: strp(claims["picture"]),
		EmailVerified: boolean(claims["email_verified"]), Data: claims}, nil
}

func (p *oidcProvider) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["sub"])
}

func (p *oidcProvider) VerifyIDToken(ctx context.Context, token, nonce string) (bool, error) {
	if p.o.DisableIDTokenSignIn {
		return false, nil
	}
	_, err := p.verify(ctx, token, nonce)
	return err == nil, nil
}
