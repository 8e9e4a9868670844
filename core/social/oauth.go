// Package social has the OAuth 2.0 and OpenID Connect providers of Better
// Auth 1.7.5's socialProviders (@better-auth/core/dist/social-providers),
// as core.SocialProvider values for core.Options.SocialProviders: the same
// endpoints, default scopes, authorization URLs and profile mapping, so an
// account row written through either server is the same: Apple, Discord,
// Facebook, GitHub, GitLab, Google, LinkedIn, Microsoft (Entra ID), Slack,
// Spotify, Twitch and Twitter (X), and OIDC, a generic OpenID Connect
// provider from its issuer's discovery document.
package social

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
	"golang.org/x/oauth2"
)

// Options are the options every provider takes (1.7.5's ProviderOptions).
type Options struct {
	ClientID, ClientSecret string
	// Scope is added to the default scopes (unless DisableDefaultScope).
	Scope               []string
	DisableDefaultScope bool
	// RedirectURI replaces <baseURL>/callback/<id>.
	RedirectURI string
	// AuthorizationEndpoint replaces the provider's.
	AuthorizationEndpoint string
	Prompt                string
	// DisableSignUp, DisableImplicitSignUp, OverrideUserInfoOnSignIn and
	// DisableIDTokenSignIn are 1.7.5's options of the same names.
	DisableSignUp, DisableImplicitSignUp, OverrideUserInfoOnSignIn, DisableIDTokenSignIn bool
	// HTTPClient makes the provider's requests (default: one that does not
	// follow redirects, as 1.7.5's fetchRefusingRedirects).
	HTTPClient *http.Client
}

func (o *Options) settings() core.ProviderSettings {
	return core.ProviderSettings{DisableSignUp: o.DisableSignUp, DisableImplicitSignUp: o.DisableImplicitSignUp,
		OverrideUserInfoOnSignIn: o.OverrideUserInfoOnSignIn, DisableIDTokenSignIn: o.DisableIDTokenSignIn}
}

var noRedirects = &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
	return errors.New("the OAuth endpoint returned an HTTP redirect")
}}

func (o *Options) client() *http.Client {
	if o.HTTPClient != nil {
		return o.HTTPClient
	}
	return noRedirects
}

// scopes is the default scopes, then Scope, then the request's.
func (o *Options) scopes(def []string, req []string) []string {
	var s []string
	if !o.DisableDefaultScope {
		s = append(s, def...)
	}
	s = append(s, o.Scope...)
	return append(s, req...)
}

// authURL is 1.7.5's createAuthorizationURL with its parameter order.
type authURL struct {
	endpoint  string
	scopes    []string
	joiner    string
	prompt    string
	access    string
	display   string
	hd        string
	nonce     string
	extra     []core.Param // provider additional params before the request's
	responseM string
	claims    []string // the id_token claims requested (claims parameter)
}

// reserved are the parameters additionalParams cannot set.
var reserved = map[string]bool{"state": true, "client_id": true, "redirect_uri": true, "response_type": true,
	"code_challenge": true, "code_challenge_method": true, "nonce": true, "scope": true}

func (o *Options) authorizationURL(a authURL, req core.AuthorizationRequest) (*url.URL, error) {
	ep := a.endpoint
	if o.AuthorizationEndpoint != "" {
		ep = o.AuthorizationEndpoint
	}
	u, err := url.Parse(ep)
	if err != nil {
		return nil, err
	}
	if o.ClientID == "" {
		return nil, errors.New("OAuth provider requires clientId")
	}
	q := parseQuery(u.RawQuery)
	q.set("response_type", "code")
	q.set("client_id", o.ClientID)
	q.set("state", req.State)
	if len(a.scopes) > 0 {
		j := a.joiner
		if j == "" {
			j = " "
		}
		q.set("scope", strings.Join(a.scopes, j))
	}
	redirect := req.RedirectURI
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	q.set("redirect_uri", redirect)
	for _, p := range []core.Param{{Key: "display", Value: a.display}, {Key: "login_hint", Value: req.LoginHint},
		{Key: "nonce", Value: a.nonce}, {Key: "prompt", Value: a.prompt}, {Key: "hd", Value: a.hd},
		{Key: "access_type", Value: a.access}, {Key: "response_mode", Value: a.responseM}} {
		if p.Value != "" {
			q.set(p.Key, p.Value)
		}
	}
	if req.CodeVerifier != "" {
		q.set("code_challenge_method", "S256")
		q.set("code_challenge", CodeChallenge(req.CodeVerifier))
	}
	if len(a.claims) > 0 {
		keys := []string{"email", "email_verified"}
		for _, c := range a.claims {
			if c != "email" && c != "email_verified" {
				keys = append(keys, c)
			}
		}
		b := []byte(`{"id_token":{`)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			kj, _ := json.Marshal(k)
			b = append(append(b, kj...), ":null"...)
		}
		q.set("claims", string(append(b, "}}"...)))
	}
	for _, p := range append(append([]core.Param(nil), a.extra...), req.AdditionalParams...) {
		if !reserved[p.Key] {
			q.set(p.Key, p.Value)
		}
	}
	u.RawQuery = q.encode()
	return u, nil
}

// CodeChallenge is PKCE's S256 challenge: base64url(SHA-256(verifier)).
func CodeChallenge(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// query is URLSearchParams: ordered, with its set and serialization.
type query []core.Param

func parseQuery(raw string) query {
	var q query
	for _, kv := range strings.Split(raw, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, _ = url.QueryUnescape(k)
		v, _ = url.QueryUnescape(v)
		q = append(q, core.Param{Key: k, Value: v})
	}
	return q
}

func (q *query) set(k, v string) {
	out, done := (*q)[:0], false
	for _, p := range *q {
		if p.Key == k {
			if done {
				continue
			}
			p.Value, done = v, true
		}
		out = append(out, p)
	}
	if !done {
		out = append(out, core.Param{Key: k, Value: v})
	}
	*q = out
}

func (q query) encode() string {
	var b strings.Builder
	for i, p := range q {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(FormEncode(p.Key))
		b.WriteByte('=')
		b.WriteString(FormEncode(p.Value))
	}
	return b.String()
}

// FormEncode is the application/x-www-form-urlencoded serializer of
// URLSearchParams: alphanumerics and *-._ stay, space is +, every other
// byte of the UTF-8 is %XX.
func FormEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func (o *Options) oauth2Config(tokenEndpoint, redirect string) *oauth2.Config {
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	return &oauth2.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURL: redirect,
		// 1.7.5's default token endpoint authentication: client_secret_post
		// with a secret, the client id alone without one.
		Endpoint: oauth2.Endpoint{TokenURL: tokenEndpoint, AuthStyle: oauth2.AuthStyleInParams}}
}

// exchange is validateAuthorizationCode.
func (o *Options) exchange(ctx context.Context, tokenEndpoint string, req core.CodeExchange) (*core.OAuthTokens, error) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, o.client())
	var opts []oauth2.AuthCodeOption
	if req.CodeVerifier != "" {
		opts = append(opts, oauth2.VerifierOption(req.CodeVerifier))
	}
	if req.DeviceID != "" {
		opts = append(opts, oauth2.SetAuthURLParam("device_id", req.DeviceID))
	}
	t, err := o.oauth2Config(tokenEndpoint, req.RedirectURI).Exchange(ctx, req.Code, opts...)
	if err != nil {
		return nil, err
	}
	return tokens(t), nil
}

// refresh is refreshAccessToken.
func (o *Options) refresh(ctx context.Context, tokenEndpoint, refreshToken string) (*core.OAuthTokens, error) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, o.client())
	t, err := o.oauth2Config(tokenEndpoint, "").TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return nil, err
	}
	out := tokens(t)
	if _, given := out.Raw["refresh_token"]; !given {
		out.RefreshToken = "" // oauth2 keeps the old one; 1.7.5 reports none
	}
	return out, nil
}

// tokens is getOAuth2Tokens.
func tokens(t *oauth2.Token) *core.OAuthTokens {
	raw := map[string]any{}
	for _, k := range []string{"token_type", "access_token", "refresh_token", "expires_in", "refresh_token_expires_in", "scope", "id_token"} {
		if v := t.Extra(k); v != nil {
			raw[k] = v
		}
	}
	out := &core.OAuthTokens{TokenType: t.TokenType, AccessToken: t.AccessToken, RefreshToken: t.RefreshToken}
	if _, ok := raw["token_type"]; !ok {
		out.TokenType = ""
	}
	out.IDToken, _ = raw["id_token"].(string)
	if n := number(raw["expires_in"]); n > 0 {
		out.AccessTokenExpiresAt = time.Now().Add(time.Duration(n * float64(time.Second))).UTC().Truncate(time.Millisecond)
	}
	if n := number(raw["refresh_token_expires_in"]); n > 0 {
		out.RefreshTokenExpiresAt = time.Now().Add(time.Duration(n * float64(time.Second))).UTC().Truncate(time.Millisecond)
	}
	out.Scopes = ParseScope(raw["scope"])
	out.Raw = raw
	return out
}

func number(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case json.Number:
		f, _ := n.Float64()
		return f
	case string:
		var f float64
		fmt.Sscan(n, &f)
		return f
	}
	return 0
}

// ParseScope is parseScopeField: a space-separated string or an array.
func ParseScope(v any) []string {
	out := []string{}
	switch s := v.(type) {
	case string:
		out = append(out, strings.Fields(s)...)
	case []any:
		for _, x := range s {
			if str, ok := x.(string); ok && strings.TrimSpace(str) != "" {
				out = append(out, strings.TrimSpace(str))
			}
		}
	}
	return out
}

// getJSON fetches a provider API with the access token and decodes its
// JSON object (numbers kept as json.Number, so ids print as JavaScript
// prints them).
func (o *Options) getJSON(ctx context.Context, endpoint, accessToken string, header ...string) (map[string]any, error) {
	var out map[string]any
	return out, o.fetchJSON(ctx, endpoint, accessToken, &out, header...)
}

// getJSONArray is getJSON for an array of objects.
func (o *Options) getJSONArray(ctx context.Context, endpoint, accessToken string, header ...string) ([]map[string]any, error) {
	var out []map[string]any
	return out, o.fetchJSON(ctx, endpoint, accessToken, &out, header...)
}

func (o *Options) fetchJSON(ctx context.Context, endpoint, accessToken string, out any, header ...string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := o.client().Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s: %s", endpoint, res.Status)
	}
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.UseNumber()
	return d.Decode(out)
}

// decodeJWT is jose's decodeJwt: the payload of a JWT, unverified.
func decodeJWT(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("invalid JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var out map[string]any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// subject is String(value) of an id claim, refusing what 1.7.5's
// resolveOAuthAccountKey refuses.
func subject(v any) (string, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case float64:
		s = fmt.Sprint(x)
	case bool:
		s = fmt.Sprint(x)
	default:
		return "", core.ErrNoAccountSubject
	}
	if strings.TrimSpace(s) == "" {
		return "", core.ErrNoAccountSubject
	}
	return s, nil
}

func strp(v any) *string {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	return &s
}

func str(v any) string { s, _ := v.(string); return s }

func boolean(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		return b == "true"
	}
	return false
}
