package plugins

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// VerifyJWTOptions are what VerifyJWT checks besides the signature and
// the time claims. Empty fields are not checked.
type VerifyJWTOptions struct {
	Issuer   string
	Audience string
	// Now defaults to the current time.
	Now time.Time
}

// VerifyJWT checks a token of the jwt plugin against a JWKS (the JSON of
// GET /jwks) as 1.7.5's verifyJWT does: the key named by the token's kid,
// its algorithm, exp and nbf (no leeway), the issuer and audience, and
// that sub and aud are present. It returns the payload.
func VerifyJWT(token string, jwks []byte, o VerifyJWTOptions) (map[string]any, error) {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(jwks, &set); err != nil {
		return nil, fmt.Errorf("jwks: %w", err)
	}
	algs := []jose.SignatureAlgorithm{jose.EdDSA, jose.ES256, jose.ES512, jose.RS256, jose.PS256}
	tok, err := jwt.ParseSigned(token, algs)
	if err != nil {
		return nil, err
	}
	h := tok.Headers[0]
	if h.KeyID == "" {
		return nil, errors.New("JWT missing kid in header")
	}
	keys := set.Key(h.KeyID)
	if len(keys) == 0 {
		return nil, fmt.Errorf("no JWKS key found for kid %s", h.KeyID)
	}
	key := keys[0]
	if key.Algorithm != "" && key.Algorithm != h.Algorithm {
		return nil, fmt.Errorf("token algorithm %s is not the key's %s", h.Algorithm, key.Algorithm)
	}
	var claims jwt.Claims
	var payload map[string]any
	if err := tok.Claims(key.Key, &claims, &payload); err != nil {
		return nil, err
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	e := jwt.Expected{Issuer: o.Issuer, Time: now}
	if o.Audience != "" {
		e.AnyAudience = jwt.Audience{o.Audience}
	}
	if err := claims.ValidateWithLeeway(e, 0); err != nil {
		return nil, err
	}
	if claims.Subject == "" || len(claims.Audience) == 0 {
		return nil, errors.New("JWT without sub or aud")
	}
	return payload, nil
}
