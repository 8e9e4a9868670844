package social

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// MicrosoftOptions are microsoft()'s options (Microsoft Entra ID).
type MicrosoftOptions struct {
	Options
	// TenantID is the tenant ("common" by default; "organizations",
	// "consumers" or a tenant id).
	TenantID string
	// Authority is the sign-in host (default
	// https://login.microsoftonline.com).
	Authority string
	// ProfilePhotoSize is the Graph photo size fetched for the image
	// (default 48); DisableProfilePhoto skips it.
	ProfilePhotoSize    int
	DisableProfilePhoto bool
}

// MicrosoftConsumerTenantID is the tenant id of personal Microsoft
// accounts.
const MicrosoftConsumerTenantID = "9188040d-6c67-4c5b-b112-36a304b66dad"

// Microsoft is 1.7.5's microsoft provider (Microsoft Entra ID): openid,
// profile, email, User.Read and offline_access with PKCE, prompt and login
// hint; the user from the ID token with the Graph profile photo as a data
// URL; accountId is the oid claim. ID tokens sign in directly when
// verified against the tenant's keys (one hour old at most; the issuer
// checked for a specific tenant, and for the multi-tenant ones the tid
// binding and account class). Refreshes send the scopes again.
func Microsoft(o MicrosoftOptions) core.SocialProvider {
	p := &microsoft{o: o, tenant: o.TenantID, authority: o.Authority, graph: "https://graph.microsoft.com"}
	if p.tenant == "" {
		p.tenant = "common"
	}
	if p.authority == "" {
		p.authority = "https://login.microsoftonline.com"
	}
	p.authority = strings.TrimRight(p.authority, "/")
	return p
}

type microsoft struct {
	o                        MicrosoftOptions
	tenant, authority, graph string
}

func (p *microsoft) ID() string                      { return "microsoft" }
func (p *microsoft) Settings() core.ProviderSettings { return p.o.settings() }

func (p *microsoft) endpoint(path string) string { return p.authority + "/" + p.tenant + path }

func (p *microsoft) defaultScopes() []string {
	return []string{"openid", "profile", "email", "User.Read", "offline_access"}
}

func (p *microsoft) AuthorizationURL(_ context.Context, req core.AuthorizationRequest) (*url.URL, error) {
	if p.o.ClientID == "" {
		return nil, errors.New("CLIENT_ID_AND_SECRET_REQUIRED")
	}
	return p.o.authorizationURL(authURL{endpoint: p.endpoint("/oauth2/v2.0/authorize"),
		scopes: p.o.scopes(p.defaultScopes(), req.Scopes), prompt: p.o.Prompt}, req)
}

func (p *microsoft) ExchangeCode(ctx context.Context, req core.CodeExchange) (*core.OAuthTokens, error) {
	return p.o.exchange(ctx, p.endpoint("/oauth2/v2.0/token"), req)
}

func (p *microsoft) RefreshAccessToken(ctx context.Context, refreshToken string) (*core.OAuthTokens, error) {
	return p.o.postToken(ctx, p.endpoint("/oauth2/v2.0/token"), []core.Param{{Key: "grant_type", Value: "refresh_token"},
		{Key: "refresh_token", Value: refreshToken}, {Key: "scope", Value: strings.Join(p.o.scopes(p.defaultScopes(), nil), " ")}}, false)
}

func (p *microsoft) UserInfo(ctx context.Context, t *core.OAuthTokens) (*core.ProviderUser, error) {
	if t.IDToken == "" {
		return nil, nil
	}
	user, err := decodeJWT(t.IDToken)
	if err != nil {
		return nil, nil
	}
	if oid, ok := user["oid"].(string); !ok || strings.TrimSpace(oid) == "" {
		return nil, nil
	}
	if !p.o.DisableProfilePhoto && t.AccessToken != "" {
		size := p.o.ProfilePhotoSize
		if size == 0 {
			size = 48
		}
		n := strconv.Itoa(size)
		if photo := p.photo(ctx, p.graph+"/v1.0/me/photos/"+n+"x"+n+"/$value", t.AccessToken); photo != "" {
			user["picture"] = photo
		}
	}
	var verified bool
	if v, given := user["email_verified"]; given {
		verified = truthy(v)
	} else if email := str(user["email"]); email != "" {
		verified = includes(user["verified_primary_email"], email) || includes(user["verified_secondary_email"], email)
	}
	return &core.ProviderUser{Name: str(user["name"]), Email: str(user["email"]), Image: strp(user["picture"]),
		EmailVerified: verified, Data: user}, nil
}

// includes is JavaScript's includes on an array (element) or a string
// (substring).
func includes(v any, s string) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, s)
	case []any:
		for _, e := range x {
			if e == s {
				return true
			}
		}
	}
	return false
}

// photo is the Graph photo as 1.7.5 embeds it ("data:image/jpeg;base64, "
// and the bytes), "" when the answer is not OK.
func (p *microsoft) photo(ctx context.Context, endpoint, accessToken string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return ""
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	res, err := p.o.client().Do(req)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		return ""
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return ""
	}
	return "data:image/jpeg;base64, " + base64.StdEncoding.EncodeToString(b)
}

func (p *microsoft) AccountSubject(profile map[string]any, _ *core.OAuthTokens) (string, error) {
	return subject(profile["oid"])
}

func (p *microsoft) VerifyIDToken(ctx context.Context, token, nonce string) (bool, error) {
	cfg := idTokenConfig{jwksURL: p.endpoint("/discovery/v2.0/keys"), byKid: true, audience: []string{p.o.ClientID}, maxAge: time.Hour,
		verifyClaims: func(c map[string]any) bool {
			tid, ok := c["tid"].(string)
			if !ok || c["iss"] != p.authority+"/"+tid+"/v2.0" {
				return false
			}
			if p.tenant == "organizations" && tid == MicrosoftConsumerTenantID || p.tenant == "consumers" && tid != MicrosoftConsumerTenantID {
				return false
			}
			return true
		}}
	if p.tenant != "common" && p.tenant != "organizations" && p.tenant != "consumers" {
		cfg.issuer = p.authority + "/" + p.tenant + "/v2.0"
	}
	return p.o.verifyIDToken(ctx, cfg, token, nonce), nil
}
