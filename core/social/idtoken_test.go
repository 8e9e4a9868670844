package social

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	jose "github.com/go-jose/go-jose/v4"
)

// checkClaims is jose's jwtVerify claim validation: issuer, audience (a
// string or an array), nbf, exp, numeric dates, and maxTokenAge needing
// iat.
func TestCheckClaims(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	n := func(v int64) json.Number { return json.Number(itoa(v)) }
	cfg := idTokenConfig{issuer: "https://iss", audience: []string{"a", "b"}, maxAge: time.Hour}
	base := func() map[string]any {
		return map[string]any{"iss": "https://iss", "aud": "b", "iat": n(now.Unix() - 10), "exp": n(now.Unix() + 10)}
	}
	for name, tc := range map[string]struct {
		k  string
		v  any
		ok bool
	}{
		"valid":              {"", nil, true},
		"audience array":     {"aud", []any{"x", "a"}, true},
		"other audience":     {"aud", []any{"x"}, false},
		"other issuer":       {"iss", "https://other", false},
		"expired":            {"exp", n(now.Unix()), false},
		"not yet valid":      {"nbf", n(now.Unix() + 5), false},
		"exp a string":       {"exp", "soon", false},
		"too old":            {"iat", n(now.Unix() - 3601), false},
		"issued in a future": {"iat", n(now.Unix() + 5), false},
		"no iat":             {"iat", nil, false},
	} {
		c := base()
		if tc.k != "" {
			if tc.v == nil {
				delete(c, tc.k)
			} else {
				c[tc.k] = tc.v
			}
		}
		if err := checkClaims(c, cfg, now); (err == nil) != tc.ok {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := checkClaims(map[string]any{}, idTokenConfig{}, now); err != nil {
		t.Errorf("no checks: %v", err)
	}
}

func itoa(v int64) string { b, _ := json.Marshal(v); return string(b) }

// A kid-resolved key is imported with its own alg as jose's importJWK
// does: a key without alg, or a token of another alg, fails.
func TestVerifyByKidNeedsKeyAlg(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	var keyAlg string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k", Algorithm: keyAlg, Use: "sig"}}})
	}))
	defer srv.Close()
	sign := func(alg jose.SignatureAlgorithm) string {
		s, _ := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", "k"))
		jws, _ := s.Sign([]byte(`{"aud":"c","iat":` + itoa(time.Now().Unix()) + `}`))
		out, _ := jws.CompactSerialize()
		return out
	}
	o := Options{}
	cfg := idTokenConfig{jwksURL: srv.URL, byKid: true, audience: []string{"c"}, maxAge: time.Hour}
	for _, tc := range []struct {
		keyAlg string
		alg    jose.SignatureAlgorithm
		ok     bool
	}{{"RS256", jose.RS256, true}, {"", jose.RS256, false}, {"RS256", jose.PS256, false}} {
		keyAlg = tc.keyAlg
		if got := o.verifyIDToken(context.Background(), cfg, sign(tc.alg), ""); got != tc.ok {
			t.Errorf("key alg %q, token %s: %v", tc.keyAlg, tc.alg, got)
		}
	}
	cfg.byKid = false // a key set (createRemoteJWKSet) takes a key without alg
	keyAlg = ""
	if !o.verifyIDToken(context.Background(), cfg, sign(jose.RS256), "") {
		t.Error("key set without alg refused")
	}
}

// client_secret_basic form-encodes the id and secret before base64, as
// 1.7.5's encodeBasicCredentials does.
func TestPostTokenBasic(t *testing.T) {
	var auth, body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		r.ParseForm()
		body = r.PostForm.Encode()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"at","expires_in":60,"scope":"a b"}`))
	}))
	defer srv.Close()
	o := Options{ClientID: "a b:c", ClientSecret: "s/~*"}
	tok, err := o.postToken(context.Background(), srv.URL, []core.Param{{Key: "grant_type", Value: "refresh_token"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Basic " + base64.StdEncoding.EncodeToString([]byte("a+b%3Ac:s%2F%7E*")); auth != want || body != "grant_type=refresh_token" {
		t.Errorf("request: %q %q", auth, body)
	}
	if tok.AccessToken != "at" || len(tok.Scopes) != 2 || tok.AccessTokenExpiresAt.IsZero() {
		t.Errorf("tokens: %+v", tok)
	}
}
