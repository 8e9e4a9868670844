package social

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
	jose "github.com/go-jose/go-jose/v4"
)

// idTokenConfig is 1.7.5's OAuthIdTokenConfig, checked as its
// verifyProviderIdToken checks it (jose's jwtVerify).
type idTokenConfig struct {
	// jwksURL is the key set.
	jwksURL string
	// byKid is a key resolver of Apple's and Microsoft's kind: the key of
	// the header's kid imported with the key's own alg (jose's importJWK),
	// so a key without alg, or a header alg other than the key's, fails.
	// Otherwise the set is used as createRemoteJWKSet uses it.
	byKid bool
	// issuer "" is not checked.
	issuer   string
	audience []string
	// algorithms nil: the header's alg.
	algorithms []string
	// maxAge 0: iat not required.
	maxAge time.Duration
	// nonceSHA256 accepts the nonce's SHA-256 hex digest too (Apple).
	nonceSHA256 bool
	// allowOpaque accepts a token that is not a JWS (Facebook's access
	// tokens; getUserInfo validates them).
	allowOpaque  bool
	verifyClaims func(map[string]any) bool
}

var asymmetricAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512,
	jose.ES256, jose.ES384, jose.ES512, jose.EdDSA}

// verifyIDToken is verifyProviderIdToken for a declared config: false for
// any failure.
func (o *Options) verifyIDToken(ctx context.Context, cfg idTokenConfig, token, nonce string) bool {
	if o.DisableIDTokenSignIn {
		return false
	}
	if len(strings.Split(token, ".")) != 3 {
		return cfg.allowOpaque
	}
	claims, err := o.verifyJWT(ctx, cfg, token)
	if err != nil {
		return false
	}
	if nonce != "" {
		n, ok := claims["nonce"].(string)
		if !ok {
			return false
		}
		if n != nonce {
			sum := sha256.Sum256([]byte(nonce))
			if !cfg.nonceSHA256 || n != hex.EncodeToString(sum[:]) {
				return false
			}
		}
	}
	return cfg.verifyClaims == nil || cfg.verifyClaims(claims)
}

func (o *Options) verifyJWT(ctx context.Context, cfg idTokenConfig, token string) (map[string]any, error) {
	algs := asymmetricAlgs
	if cfg.algorithms != nil {
		algs = nil
		for _, a := range cfg.algorithms {
			algs = append(algs, jose.SignatureAlgorithm(a))
		}
	}
	jws, err := jose.ParseSigned(token, algs)
	if err != nil {
		return nil, err
	}
	if len(jws.Signatures) != 1 {
		return nil, errors.New("not a compact JWS")
	}
	h := jws.Signatures[0].Header
	keys, err := o.fetchKeys(ctx, cfg.jwksURL)
	if err != nil {
		return nil, err
	}
	var payload []byte
	for _, k := range keys {
		if cfg.byKid {
			if k.KeyID != h.KeyID {
				continue
			}
			if k.Algorithm == "" || k.Algorithm != h.Algorithm {
				return nil, errors.New("the key's alg is not the token's")
			}
		} else if h.KeyID != "" && k.KeyID != h.KeyID || k.Algorithm != "" && k.Algorithm != h.Algorithm || k.Use != "" && k.Use != "sig" {
			continue
		}
		if p, err := jws.Verify(k.Key); err == nil {
			payload = p
			break
		}
		if cfg.byKid {
			break
		}
	}
	if payload == nil {
		return nil, errors.New("no key verifies the token")
	}
	var claims map[string]any
	d := json.NewDecoder(strings.NewReader(string(payload)))
	d.UseNumber()
	if err := d.Decode(&claims); err != nil {
		return nil, err
	}
	return claims, checkClaims(claims, cfg, time.Now())
}

// checkClaims is jwtVerify's claim set validation.
func checkClaims(c map[string]any, cfg idTokenConfig, now time.Time) error {
	sec := float64(now.Unix())
	num := func(k string) (float64, bool, error) {
		v, ok := c[k]
		if !ok {
			return 0, false, nil
		}
		n, isNum := v.(json.Number)
		if !isNum {
			return 0, true, fmt.Errorf("%q claim must be a number", k)
		}
		f, err := n.Float64()
		return f, true, err
	}
	if cfg.issuer != "" && c["iss"] != cfg.issuer {
		return errors.New("unexpected iss")
	}
	if len(cfg.audience) > 0 {
		var aud []string
		switch a := c["aud"].(type) {
		case string:
			aud = []string{a}
		case []any:
			for _, x := range a {
				if s, ok := x.(string); ok {
					aud = append(aud, s)
				}
			}
		}
		if !slices.ContainsFunc(aud, func(a string) bool { return slices.Contains(cfg.audience, a) }) {
			return errors.New("unexpected aud")
		}
	}
	iat, hasIat, err := num("iat")
	if err != nil {
		return err
	}
	if nbf, ok, err := num("nbf"); err != nil || ok && nbf > sec {
		return errors.New("nbf")
	}
	if exp, ok, err := num("exp"); err != nil || ok && exp <= sec {
		return errors.New("exp")
	}
	if cfg.maxAge > 0 {
		if !hasIat {
			return errors.New("iat required")
		}
		age := sec - iat
		if age > cfg.maxAge.Seconds() || age < 0 {
			return errors.New("token too old or from the future")
		}
	}
	return nil
}

func (o *Options) fetchKeys(ctx context.Context, endpoint string) ([]jose.JSONWebKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return nil, err
	}
	res, err := o.client().Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s: %s", endpoint, res.Status)
	}
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&set); err != nil {
		return nil, err
	}
	if set.Keys == nil {
		return nil, errors.New("Keys not found")
	}
	var keys []jose.JSONWebKey
	for _, raw := range set.Keys {
		var k jose.JSONWebKey
		if k.UnmarshalJSON(raw) == nil {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// postToken is a token endpoint request built as 1.7.5 builds it: form
// then the client authentication (client_secret_basic with basic, else
// client_secret_post with a secret, else the client id alone).
func (o *Options) postToken(ctx context.Context, endpoint string, form []core.Param, basic bool) (*core.OAuthTokens, error) {
	q := query(form)
	if basic {
		if o.ClientID == "" || o.ClientSecret == "" {
			return nil, errors.New("client_secret_basic token endpoint authentication requires clientId and clientSecret")
		}
	} else {
		if o.ClientID == "" {
			return nil, errors.New("token endpoint authentication requires clientId")
		}
		q.set("client_id", o.ClientID)
		if o.ClientSecret != "" {
			q.set("client_secret", o.ClientSecret)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(q.encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if basic {
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(FormEncode(o.ClientID)+":"+FormEncode(o.ClientSecret))))
	}
	res, err := o.client().Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if res.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s: %s %s", endpoint, res.Status, body)
	}
	var raw map[string]any
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.UseNumber()
	if err := d.Decode(&raw); err != nil {
		return nil, err
	}
	return rawTokens(raw), nil
}

// rawTokens is getOAuth2Tokens.
func rawTokens(raw map[string]any) *core.OAuthTokens {
	t := &core.OAuthTokens{TokenType: str(raw["token_type"]), AccessToken: str(raw["access_token"]),
		RefreshToken: str(raw["refresh_token"]), IDToken: str(raw["id_token"]), Scopes: ParseScope(raw["scope"]), Raw: raw}
	if n := number(raw["expires_in"]); n > 0 {
		t.AccessTokenExpiresAt = time.Now().Add(time.Duration(n * float64(time.Second))).UTC().Truncate(time.Millisecond)
	}
	if n := number(raw["refresh_token_expires_in"]); n > 0 {
		t.RefreshTokenExpiresAt = time.Now().Add(time.Duration(n * float64(time.Second))).UTC().Truncate(time.Millisecond)
	}
	return t
}

// withParam sets one parameter of u's query in place (URLSearchParams'
// set), keeping the order.
func withParam(u *url.URL, k, v string) *url.URL {
	q := parseQuery(u.RawQuery)
	q.set(k, v)
	u.RawQuery = q.encode()
	return u
}
