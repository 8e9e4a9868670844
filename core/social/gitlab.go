package social

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"github.com/authctl/authctl/core"
)

// GitLabOptions are gitlab()'s options.
type GitLabOptions struct {
	Options
	// Issuer is the GitLab instance (default https://gitlab.com).
	Issuer string
}

// GitLab is 1.7.5's gitlab provider: read_user, /oauth/authorize,
// /oauth/token and /api/v4/user under the issuer; active, unlocked users
// only; accountId is the numeric user id.
func GitLab(o GitLabOptions) core.SocialProvider {
	base := o.Issuer
	if base == "" {
		base = "https://gitlab.com"
	}
	return &gitlab{o: o, auth: cleanDoubleSlashes(base + "/oauth/authorize"), token: cleanDoubleSlashes(base + "/oauth/token"),
		user: cleanDoubleSlashes(base + "/api/v4/user")}
}

var doubleSlashes = regexp.MustCompile(`/{2,}`)

func cleanDoubleSlashes(s string) string {
	parts := strings.Split(s, "://")
	for i := range parts {
		parts[i] = doubleSlashes.ReplaceAllString(parts[i], "/")
	}
	return strings.Join(parts, "://")
}

type gitlab struct {
	o                 GitLabOptions
	auth, token, user string
}

func (p *gitlab) ID() string                      { return "gitlab" }
func (p *gitlab) Settings() core.ProviderSettings { return p.o.settings() }

func (p *gitlab) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	return p.o.authorizationURL(authURL{endpoint: p.auth, scopes: p.o.scopes([]string{"read_user"}, req.Scopes)}, req)
}

func (p *gitlab) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	return p.o.exchange(ctx, p.token, req)
}

func (p *gitlab) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, p.token, refreshToken)
}

func (p *gitlab) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	profile, err := p.o.getJSON(ctx, p.user, t.AccessToken)
	if err != nil || profile["state"] != "active" || truthy(profile["locked"]) {
		return nil, nil
	}
	name := str(profile["name"])
	if _, ok := profile["name"].(string); !ok {
		name = str(profile["username"])
	}
	return &core.ProviderUser{Name: name, Email: str(profile["email"]), Image: strp(profile["avatar_url"]),
		EmailVerified: boolean(profile["email_verified"]), Data: profile}, nil
}

func (p *gitlab) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["id"])
}

// truthy is JavaScript truthiness for JSON values.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0
	}
	return true
}
