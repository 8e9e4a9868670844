package social

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/authctl/authctl/core"
)

// FacebookOptions are facebook()'s options.
type FacebookOptions struct {
	Options
	// Fields are Graph /me fields fetched besides id, name, email and
	// picture.
	Fields []string
	// ConfigID is the Facebook Login for Business configuration
	// (config_id).
	ConfigID string
}

// Facebook is 1.7.5's facebook provider (Graph API v24.0): email and
// public_profile with the login hint, no PKCE; the user of a Limited
// Login ID token when the tokens carry one (emailVerified false), else of
// Graph /me once debug_token says the access token is this app's and the
// user's; accountId is sub or id. ID tokens sign in directly: a JWT when
// verified against Facebook's Limited Login keys, an opaque access token
// when debug_token accepts it.
func Facebook(o FacebookOptions) core.SocialProvider {
	return &facebook{o: o, keys: "https://limited.facebook.com/.well-known/oauth/openid/jwks/", graph: "https://graph.facebook.com"}
}

type facebook struct {
	o           FacebookOptions
	keys, graph string
}

func (p *facebook) ID() string                      { return "facebook" }
func (p *facebook) Settings() core.ProviderSettings { return p.o.settings() }

func (p *facebook) token() string { return p.graph + "/v24.0/oauth/access_token" }

func (p *facebook) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	if p.o.ClientID == "" || p.o.ClientSecret == "" {
		return nil, errors.New("CLIENT_ID_AND_SECRET_REQUIRED")
	}
	var extra []core.Param
	if p.o.ConfigID != "" {
		extra = append(extra, core.Param{Key: "config_id", Value: p.o.ConfigID})
	}
	req.CodeVerifier = ""
	return p.o.authorizationURL(authURL{endpoint: "https://www.facebook.com/v24.0/dialog/oauth",
		scopes: p.o.scopes([]string{"email", "public_profile"}, req.Scopes), extra: extra}, req)
}

func (p *facebook) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	req.CodeVerifier = ""
	return p.o.exchange(ctx, p.token(), req)
}

func (p *facebook) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, p.token(), refreshToken)
}

func (p *facebook) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	if t.IDToken != "" && len(strings.Split(t.IDToken, ".")) == 3 {
		profile, err := decodeJWT(t.IDToken)
		if err != nil {
			return nil, nil
		}
		return &core.ProviderUser{Name: str(profile["name"]), Email: str(profile["email"]), Image: strp(profile["picture"]), Data: profile}, nil
	}
	if t.AccessToken == "" {
		return nil, nil
	}
	userID := p.debugToken(ctx, t.AccessToken)
	if userID == "" {
		return nil, nil
	}
	fields := append([]string{"id", "name", "email", "picture"}, p.o.Fields...)
	profile, err := p.o.getJSON(ctx, p.graph+"/me?fields="+strings.Join(fields, ","), t.AccessToken)
	if err != nil || profile["id"] != userID {
		return nil, nil
	}
	pic, _ := profile["picture"].(map[string]any)
	data, _ := pic["data"].(map[string]any)
	if data == nil {
		return nil, nil // 1.7.5 throws reading picture.data.url
	}
	return &core.ProviderUser{Name: str(profile["name"]), Email: str(profile["email"]), Image: strp(data["url"]),
		EmailVerified: truthy(profile["email_verified"]), Data: profile}, nil
}

// debugToken is verifyFacebookAccessToken: the token's user_id when
// debug_token says it is valid, this app's and a user's, else "".
func (p *facebook) debugToken(ctx context.Context, accessToken string) string {
	if p.o.ClientID == "" || p.o.ClientSecret == "" {
		return ""
	}
	q := query{{Key: "input_token", Value: accessToken}, {Key: "access_token", Value: p.o.ClientID + "|" + p.o.ClientSecret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.graph+"/debug_token?"+q.encode(), nil)
	if err != nil {
		return ""
	}
	res, err := p.o.client().Do(req)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		return ""
	}
	var out struct {
		Data *struct {
			IsValid any `json:"is_valid"`
			AppID   any `json:"app_id"`
			UserID  any `json:"user_id"`
		} `json:"data"`
	}
	if json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&out) != nil || out.Data == nil {
		return ""
	}
	app, _ := out.Data.AppID.(string)
	user, _ := out.Data.UserID.(string)
	if out.Data.IsValid != true || app == "" || app != p.o.ClientID || user == "" {
		return ""
	}
	return user
}

func (p *facebook) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	if sub, ok := profile["sub"]; ok {
		return subject(sub)
	}
	return subject(profile["id"])
}

func (p *facebook) VerifyIDToken(ctx context.Context, token, nonce string) (bool, error) {
	return p.o.verifyIDToken(ctx, idTokenConfig{jwksURL: p.keys, issuer: "https://www.facebook.com", audience: []string{p.o.ClientID},
		algorithms: []string{"RS256"}, allowOpaque: true}, token, nonce), nil
}
