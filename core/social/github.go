package social

import (
	"context"
	"net/url"

	"github.com/authctl/authctl/core"
)

// GitHub is 1.7.5's github provider: read:user and user:email; the
// profile of api.github.com/user with, when it has no public email, the
// primary address of /user/emails; emailVerified from /user/emails;
// accountId is the numeric user id.
func GitHub(o Options) core.SocialProvider { return &github{o: o} }

type github struct{ o Options }

const githubToken = "https://github.com/login/oauth/access_token"

func (p *github) ID() string                      { return "github" }
func (p *github) Settings() core.ProviderSettings { return p.o.settings() }

func (p *github) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	return p.o.authorizationURL(authURL{endpoint: "https://github.com/login/oauth/authorize",
		scopes: p.o.scopes([]string{"read:user", "user:email"}, req.Scopes), prompt: p.o.Prompt}, req)
}

// ExchangeCode answers nil for GitHub's 200 with an "error" field, as
// 1.7.5 does.
func (p *github) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	t, err := p.o.exchange(ctx, githubToken, req)
	if err != nil {
		return nil, nil
	}
	return t, nil
}

func (p *github) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, githubToken, refreshToken)
}

func (p *github) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	profile, err := p.o.getJSON(ctx, "https://api.github.com/user", t.AccessToken, "User-Agent", "better-auth")
	if err != nil {
		return nil, nil
	}
	emails, _ := p.o.getJSONArray(ctx, "https://api.github.com/user/emails", t.AccessToken, "User-Agent", "better-auth")
	if !truthy(profile["email"]) && emails != nil {
		var pick map[string]any
		for _, e := range emails {
			if e["primary"] == true {
				pick = e
				break
			}
		}
		if pick == nil && len(emails) > 0 {
			pick = emails[0]
		}
		if pick != nil {
			profile["email"] = pick["email"]
		}
	}
	verified := false
	for _, e := range emails {
		if e["email"] == profile["email"] {
			verified = boolean(e["verified"])
			break
		}
	}
	name := str(profile["name"])
	if name == "" {
		name = str(profile["login"])
	}
	return &core.ProviderUser{Name: name, Email: str(profile["email"]), Image: strp(profile["avatar_url"]),
		EmailVerified: verified, Data: profile}, nil
}

func (p *github) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["id"])
}
