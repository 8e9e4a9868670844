package social

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"

	"github.com/authctl/authctl/core"
)

// DiscordOptions are discord()'s options.
type DiscordOptions struct {
	Options
	// Permissions are the bot permissions sent with the "bot" scope.
	Permissions *int64
}

// Discord is 1.7.5's discord provider: identify and email (the request's
// scopes before the configured ones), prompt "none" unless set, no PKCE;
// the profile of /users/@me with its avatar URL (or default avatar);
// accountId is the user id.
func Discord(o DiscordOptions) core.SocialProvider { return &discord{o: o} }

type discord struct{ o DiscordOptions }

const discordToken = "https://discord.com/api/oauth2/token"

func (p *discord) ID() string                      { return "discord" }
func (p *discord) Settings() core.ProviderSettings { return p.o.settings() }

func (p *discord) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	var scopes []string
	if !p.o.DisableDefaultScope {
		scopes = append(scopes, "identify", "email")
	}
	scopes = append(append(scopes, req.Scopes...), p.o.Scope...)
	prompt := p.o.Prompt
	if prompt == "" {
		prompt = "none"
	}
	var extra []core.Param
	for _, s := range scopes {
		if s == "bot" && p.o.Permissions != nil {
			extra = append(extra, core.Param{Key: "permissions", Value: strconv.FormatInt(*p.o.Permissions, 10)})
			break
		}
	}
	req.CodeVerifier, req.LoginHint = "", ""
	return p.o.authorizationURL(authURL{endpoint: "https://discord.com/api/oauth2/authorize", scopes: scopes, prompt: prompt, extra: extra}, req)
}

func (p *discord) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	req.CodeVerifier = ""
	return p.o.exchange(ctx, discordToken, req)
}

func (p *discord) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, discordToken, refreshToken)
}

func (p *discord) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	profile, err := p.o.getJSON(ctx, "https://discord.com/api/users/@me", t.AccessToken)
	if err != nil {
		return nil, nil
	}
	id := fmt.Sprint(profile["id"])
	if avatar, ok := profile["avatar"].(string); ok {
		format := "png"
		if strings.HasPrefix(avatar, "a_") {
			format = "gif"
		}
		profile["image_url"] = "https://cdn.discordapp.com/avatars/" + id + "/" + avatar + "." + format
	} else if profile["avatar"] == nil {
		var n int64
		if str(profile["discriminator"]) == "0" {
			b, _ := new(big.Int).SetString(id, 10)
			if b == nil {
				b = new(big.Int)
			}
			n = new(big.Int).Rsh(b, 22).Int64() % 6
		} else {
			d, _ := strconv.ParseInt(str(profile["discriminator"]), 10, 64)
			n = d % 5
		}
		profile["image_url"] = "https://cdn.discordapp.com/embed/avatars/" + strconv.FormatInt(n, 10) + ".png"
	}
	name := str(profile["global_name"])
	if name == "" {
		name = str(profile["username"])
	}
	return &core.ProviderUser{Name: name, Email: str(profile["email"]), Image: strp(profile["image_url"]),
		EmailVerified: boolean(profile["verified"]), Data: profile}, nil
}

func (p *discord) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["id"])
}

// Spotify is 1.7.5's spotify provider: user-read-email with PKCE; the
// profile of /v1/me (display_name, the first image; emailVerified false);
// accountId is the user id.
func Spotify(o Options) core.SocialProvider { return &spotify{o: o} }

type spotify struct{ o Options }

const spotifyToken = "https://accounts.spotify.com/api/token"

func (p *spotify) ID() string                      { return "spotify" }
func (p *spotify) Settings() core.ProviderSettings { return p.o.settings() }

func (p *spotify) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	req.LoginHint = ""
	return p.o.authorizationURL(authURL{endpoint: "https://accounts.spotify.com/authorize",
		scopes: p.o.scopes([]string{"user-read-email"}, req.Scopes)}, req)
}

func (p *spotify) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	return p.o.exchange(ctx, spotifyToken, req)
}

func (p *spotify) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, spotifyToken, refreshToken)
}

func (p *spotify) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	profile, err := p.o.getJSON(ctx, "https://api.spotify.com/v1/me", t.AccessToken)
	if err != nil {
		return nil, nil
	}
	var image *string
	if imgs, ok := profile["images"].([]any); ok && len(imgs) > 0 {
		if m, ok := imgs[0].(map[string]any); ok {
			image = strp(m["url"])
		}
	}
	return &core.ProviderUser{Name: str(profile["display_name"]), Email: str(profile["email"]), Image: image, Data: profile}, nil
}

func (p *spotify) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["id"])
}

// TwitchOptions are twitch()'s options.
type TwitchOptions struct {
	Options
	// Claims are the id_token claims requested (default email,
	// email_verified, preferred_username, picture).
	Claims []string
}

// Twitch is 1.7.5's twitch provider: user:read:email and openid with the
// claims parameter, no PKCE; the user from the ID token
// (preferred_username, email, picture); accountId is its sub.
func Twitch(o TwitchOptions) core.SocialProvider { return &twitch{o: o} }

type twitch struct{ o TwitchOptions }

const twitchToken = "https://id.twitch.tv/oauth2/token"

func (p *twitch) ID() string                      { return "twitch" }
func (p *twitch) Settings() core.ProviderSettings { return p.o.settings() }

func (p *twitch) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	claims := p.o.Claims
	if len(claims) == 0 {
		claims = []string{"email", "email_verified", "preferred_username", "picture"}
	}
	req.CodeVerifier, req.LoginHint = "", ""
	return p.o.authorizationURL(authURL{endpoint: "https://id.twitch.tv/oauth2/authorize",
		scopes: p.o.scopes([]string{"user:read:email", "openid"}, req.Scopes), claims: claims}, req)
}

func (p *twitch) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	req.CodeVerifier = ""
	return p.o.exchange(ctx, twitchToken, req)
}

func (p *twitch) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, twitchToken, refreshToken)
}

func (p *twitch) UserInfo(_ context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	if t.IDToken == "" {
		return nil, nil
	}
	profile, err := decodeJWT(t.IDToken)
	if err != nil {
		return nil, nil
	}
	return &core.ProviderUser{Name: str(profile["preferred_username"]), Email: str(profile["email"]), Image: strp(profile["picture"]),
		EmailVerified: boolean(profile["email_verified"]), Data: profile}, nil
}

func (p *twitch) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["sub"])
}

// LinkedIn is 1.7.5's linkedin provider: profile, email and openid
// (no PKCE); the user of api.linkedin.com/v2/userinfo; accountId is its
// sub.
func LinkedIn(o Options) core.SocialProvider { return &linkedin{o: o} }

type linkedin struct{ o Options }

const linkedinToken = "https://www.linkedin.com/oauth/v2/accessToken"

func (p *linkedin) ID() string                      { return "linkedin" }
func (p *linkedin) Settings() core.ProviderSettings { return p.o.settings() }

func (p *linkedin) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	req.CodeVerifier = ""
	return p.o.authorizationURL(authURL{endpoint: "https://www.linkedin.com/oauth/v2/authorization",
		scopes: p.o.scopes([]string{"profile", "email", "openid"}, req.Scopes)}, req)
}

func (p *linkedin) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	req.CodeVerifier = ""
	return p.o.exchange(ctx, linkedinToken, req)
}

func (p *linkedin) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, linkedinToken, refreshToken)
}

func (p *linkedin) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	profile, err := p.o.getJSON(ctx, "https://api.linkedin.com/v2/userinfo", t.AccessToken)
	if err != nil {
		return nil, nil
	}
	return &core.ProviderUser{Name: str(profile["name"]), Email: str(profile["email"]), Image: strp(profile["picture"]),
		EmailVerified: boolean(profile["email_verified"]), Data: profile}, nil
}

func (p *linkedin) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["sub"])
}

// Slack is 1.7.5's slack provider (Sign in with Slack, OpenID Connect):
// openid, profile and email, the request's scopes before the configured
// ones, no PKCE or login hint; the user of openid.connect.userInfo;
// accountId is its https://slack.com/user_id claim.
func Slack(o Options) core.SocialProvider { return &slack{o: o} }

type slack struct{ o Options }

const slackToken = "https://slack.com/api/openid.connect.token"

func (p *slack) ID() string                      { return "slack" }
func (p *slack) Settings() core.ProviderSettings { return p.o.settings() }

func (p *slack) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	var scopes []string
	if !p.o.DisableDefaultScope {
		scopes = append(scopes, "openid", "profile", "email")
	}
	scopes = append(append(scopes, req.Scopes...), p.o.Scope...)
	req.CodeVerifier, req.LoginHint = "", ""
	return p.o.authorizationURL(authURL{endpoint: "https://slack.com/openid/connect/authorize", scopes: scopes}, req)
}

func (p *slack) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	req.CodeVerifier = ""
	return p.o.exchange(ctx, slackToken, req)
}

func (p *slack) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.refresh(ctx, slackToken, refreshToken)
}

func (p *slack) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	profile, err := p.o.getJSON(ctx, "https://slack.com/api/openid.connect.userInfo", t.AccessToken)
	if err != nil {
		return nil, nil
	}
	image := strp(profile["picture"])
	if !truthy(profile["picture"]) {
		image = strp(profile["https://slack.com/user_image_512"])
	}
	return &core.ProviderUser{Name: str(profile["name"]), Email: str(profile["email"]), Image: image,
		EmailVerified: boolean(profile["email_verified"]), Data: profile}, nil
}

func (p *slack) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["https://slack.com/user_id"])
}
