package social

import (
	"context"
	"net/url"

	"github.com/authctl/authctl/core"
)

// Twitter is 1.7.5's twitter provider (X, OAuth 2.0): users.read,
// tweet.read, offline.access and users.email with PKCE, no login hint;
// the token endpoint authenticated with HTTP Basic; the user of
// api.x.com/2/users/me with its confirmed_email (emailVerified when X
// gives one; else the placeholder <id>@twitter.placeholder.invalid);
// accountId is data.id. X has no ID tokens.
func Twitter(o Options) core.SocialProvider { return &twitter{o: o, api: "https://api.x.com"} }

type twitter struct {
	o   Options
	api string
}

func (p *twitter) ID() string                      { return "twitter" }
func (p *twitter) Settings() core.ProviderSettings { return p.o.settings() }

func (p *twitter) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	req.LoginHint = ""
	return p.o.authorizationURL(authURL{endpoint: "https://x.com/i/oauth2/authorize",
		scopes: p.o.scopes([]string{"users.read", "tweet.read", "offline.access", "users.email"}, req.Scopes)}, req)
}

func (p *twitter) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	form := []core.Param{{Key: "grant_type", Value: "authorization_code"}, {Key: "code", Value: req.Code}}
	if req.CodeVerifier != "" {
		form = append(form, core.Param{Key: "code_verifier", Value: req.CodeVerifier})
	}
	if req.DeviceID != "" {
		form = append(form, core.Param{Key: "device_id", Value: req.DeviceID})
	}
	redirect := req.RedirectURI
	if p.o.RedirectURI != "" {
		redirect = p.o.RedirectURI
	}
	form = append(form, core.Param{Key: "redirect_uri", Value: redirect})
	return p.o.postToken(ctx, p.api+"/2/oauth2/token", form, true)
}

func (p *twitter) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.postToken(ctx, p.api+"/2/oauth2/token", []core.Param{{Key: "grant_type", Value: "refresh_token"},
		{Key: "refresh_token", Value: refreshToken}}, true)
}

func (p *twitter) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	profile, err := p.o.getJSON(ctx, p.api+"/2/users/me?user.fields=profile_image_url", t.AccessToken)
	if err != nil {
		return nil, nil
	}
	data, _ := profile["data"].(map[string]any)
	if data == nil {
		return nil, nil // 1.7.5 throws reading profile.data
	}
	verified := false
	if e, err := p.o.getJSON(ctx, p.api+"/2/users/me?user.fields=confirmed_email", t.AccessToken); err == nil {
		if ed, _ := e["data"].(map[string]any); ed != nil && truthy(ed["confirmed_email"]) {
			data["email"] = ed["confirmed_email"]
			verified = true
		}
	}
	email := str(data["email"])
	if email == "" {
		id, err := subject(data["id"])
		if err != nil {
			return nil, nil
		}
		email = id + "@twitter.placeholder.invalid"
	}
	return &core.ProviderUser{Name: str(data["name"]), Email: email, Image: strp(data["profile_image_url"]),
		EmailVerified: verified, Data: profile}, nil
}

func (p *twitter) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	data, _ := profile["data"].(map[string]any)
	return subject(data["id"])
}
