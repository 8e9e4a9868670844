package core

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/crypto/hkdf"
)

// CookieCache is Better Auth's session.cookieCache: the session and user
// kept in the session_data cookie, so get-session reads no row until it
// expires. A session revoked in the database stays valid on the endpoints
// that accept a cached session (get-session, update-user, list-sessions,
// GetSession and Middleware) until the cookie expires, as in Better Auth
// 1.7.5; the sensitive endpoints (revoke-*, change-password) always read
// the database.
//
// Better Auth's refreshCache is not offered: 1.7.5 turns it off (with a
// warning) whenever a database is configured, which the Go handler always
// has. A version function is not offered either (Version is a string).
type CookieCache struct {
	Enabled bool
	// MaxAge is the cookie's lifetime, in whole seconds; default (and
	// anything under a second) 5 minutes, as Better Auth's `maxAge || 300`.
	MaxAge time.Duration
	// Strategy is "compact" (the default: base64url JSON signed with
	// HMAC-SHA256), "jwt" (an HS256 JWT signed with the secret, which must
	// then be at least 32 bytes) or "jwe" (dir + A256CBC-HS512 with a key
	// derived from the secret by HKDF-SHA256), as in Better Auth; either
	// server reads the other's cookie.
	Strategy string
	// Version invalidates caches of another version; default "1".
	Version string
}

// unservedCookieCache lists the cookie-cache settings the handler cannot
// serve: an unknown strategy (Better Auth would quietly use "compact") and
// the jwt strategy with a secret too short for HS256 under go-jose.
func unservedCookieCache(o Options) []string {
	c := o.Session.CookieCache
	switch c.Strategy {
	case "", "compact", "jwe":
	case "jwt": // the secret's length is checked once resolved (checkCookieCache)
	default:
		return []string{"Session.CookieCache.Strategy " + strconv.Quote(c.Strategy)}
	}
	return nil
}

// checkCookieCache refuses the jwt strategy with a secret go-jose will
// not use for HS256 (under 32 bytes; Better Auth's jose accepts it).
func (rt *runtime) checkCookieCache() error {
	if c := rt.cache(); c.enabled && c.strategy == "jwt" && len(rt.secret) < 32 {
		return unservedOptionsError([]string{`Session.CookieCache.Strategy "jwt" with a secret shorter than 32 bytes`})
	}
	return nil
}

// cacheConfig is the resolved session.cookieCache.
type cacheConfig struct {
	enabled  bool
	strategy string
	maxAge   int // seconds
	version  string
}

func (rt *runtime) cache() cacheConfig {
	c := rt.opts.Session.CookieCache
	cc := cacheConfig{enabled: c.Enabled, strategy: c.Strategy, maxAge: int(c.MaxAge / time.Second), version: c.Version}
	if cc.strategy == "" {
		cc.strategy = "compact"
	}
	if cc.maxAge == 0 {
		cc.maxAge = 300
	}
	if cc.version == "" {
		cc.version = "1"
	}
	return cc
}

// cacheDecoded is a session_data cookie that verified: its payload (not yet
// validated) and when the cache expires, in milliseconds.
type cacheDecoded struct {
	payload   any
	expiresAt float64
}

// errCacheUnreadable is get-session's answer to a compact cookie that is
// not base64 at all: Better Auth 1.7.5's decoder throws, and get-session
// turns that into this 500.
var errCacheUnreadable = errCode(500, "FAILED_TO_GET_SESSION", "Failed to get session")

// encodeCookieCache is setCookieCache's encoding of the payload
// {session,user,updatedAt,version} (data: its JSON, written by jsStringify
// or jsonBuf) at now. maxAge is the cookie's Max-Age, -1 for a browser
// session cookie (dontRememberMe).
func (rt *runtime) encodeCookieCache(data jsonBuf, maxAge int, now time.Time) (string, error) {
	switch rt.cache().strategy {
	case "jwe":
		return rt.encodeJWE(data, expiresIn(maxAge, 300), now)
	case "jwt":
		return rt.encodeJWT(data, expiresIn(maxAge, 300), now)
	}
	exp := now.UnixMilli() + int64(expiresIn(maxAge, 60))*1000
	expS := strconv.FormatInt(exp, 10)
	signed := append(append(jsonBuf{}, data[:len(data)-1]...), `,"expiresAt":`+expS+`}`...)
	out := append(jsonBuf(`{"session":`), data...)
	out = append(out, `,"expiresAt":`+expS+`,"signature":`...)
	out = out.str(hmacB64(rt.secret, signed))
	out = append(out, '}')
	return base64.RawURLEncoding.EncodeToString(out), nil
}

// expiresIn is `options.maxAge || def`.
func expiresIn(maxAge, def int) int {
	if maxAge <= 0 {
		return def
	}
	return maxAge
}

func hmacB64(secret string, data []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(data)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// decodeCookieCache is decodeCookieCache of 1.7.5: nil when the cookie
// does not verify; errCacheUnreadable when the compact decoder throws.
func (rt *runtime) decodeCookieCache(value string, now time.Time) (*cacheDecoded, error) {
	switch rt.cache().strategy {
	case "jwe":
		claims := rt.decodeJWE(value, now)
		return claimsDecoded(claims, now), nil
	case "jwt":
		claims := rt.decodeJWT(value, now)
		return claimsDecoded(claims, now), nil
	}
	raw, err := jsBase64Decode(value)
	if err != nil {
		return nil, errCacheUnreadable
	}
	parsed, err := jsParse([]byte(toWellFormed(raw)))
	if err != nil {
		return nil, nil
	}
	o, _ := parsed.(*jsObject)
	if o == nil {
		return nil, nil
	}
	session, _ := o.vals["session"].(*jsObject)
	exp, okExp := o.vals["expiresAt"].(float64)
	sig, okSig := o.vals["signature"].(string)
	if session == nil || !okExp || !okSig || math.IsInf(exp, 0) {
		return nil, nil
	}
	got, err := jsBase64Decode(sig)
	if err != nil {
		return nil, errCacheUnreadable
	}
	signed := &jsObject{keys: append([]string(nil), session.keys...), vals: map[string]any{}}
	for k, v := range session.vals {
		signed.vals[k] = v
	}
	signed.set("expiresAt", exp)
	m := hmac.New(sha256.New, []byte(rt.secret))
	m.Write(jsStringify(nil, signed))
	if !hmac.Equal(got, m.Sum(nil)) {
		return nil, nil
	}
	return &cacheDecoded{payload: session, expiresAt: exp}, nil
}

// toWellFormed is TextDecoder's decoding: invalid UTF-8 becomes U+FFFD.
func toWellFormed(b []byte) string { return string([]rune(string(b))) }

// claimsDecoded is the jwt and jwe branches: the claims are the payload,
// and the cache expires at exp (now when there is none).
func claimsDecoded(claims *jsObject, now time.Time) *cacheDecoded {
	if claims == nil {
		return nil
	}
	exp := float64(now.UnixMilli())
	if e, ok := claims.vals["exp"].(float64); ok && e != 0 {
		exp = e * 1000
	}
	return &cacheDecoded{payload: claims, expiresAt: exp}
}

// withTimes appends iat and exp (and jti) to the payload, as jose's
// SignJWT/EncryptJWT do.
func withTimes(data jsonBuf, now time.Time, expiresIn int, jti string) []byte {
	iat := now.Unix()
	out := append(jsonBuf{}, data[:len(data)-1]...)
	out = append(out, `,"iat":`+strconv.FormatInt(iat, 10)+`,"exp":`+strconv.FormatInt(iat+int64(expiresIn), 10)...)
	if jti != "" {
		out = append(out, `,"jti":`...)
		out = out.str(jti)
	}
	return append(out, '}')
}

// encodeJWT is signJWT: HS256 over the payload with iat and exp.
func (rt *runtime) encodeJWT(data jsonBuf, expiresIn int, now time.Time) (string, error) {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte(rt.secret)}, nil)
	if err != nil {
		return "", err
	}
	sig, err := s.Sign(withTimes(data, now, expiresIn, ""))
	if err != nil {
		return "", err
	}
	return sig.CompactSerialize()
}

// decodeJWT is verifyJWT: jose's jwtVerify with the secret, no clock
// tolerance.
func (rt *runtime) decodeJWT(token string, now time.Time) *jsObject {
	sig, err := jose.ParseSigned(token, []jose.SignatureAlgorithm{jose.HS256, jose.HS384, jose.HS512})
	if err != nil || len(sig.Signatures) != 1 {
		return nil
	}
	payload, err := sig.Verify([]byte(rt.secret))
	if err != nil {
		return nil
	}
	return validClaims(payload, now, 0)
}

// validClaims parses a JWT claims set and applies jose's checks of exp,
// nbf and iat (with tolerance seconds).
func validClaims(payload []byte, now time.Time, tolerance int64) *jsObject {
	v, err := jsParse(payload)
	if err != nil {
		return nil
	}
	o, _ := v.(*jsObject)
	if o == nil {
		return nil
	}
	t := float64(now.Unix())
	for _, k := range []string{"exp", "nbf", "iat"} {
		x, present := o.vals[k]
		if !present {
			continue
		}
		f, ok := x.(float64)
		if !ok {
			return nil
		}
		if k == "exp" && f <= t-float64(tolerance) || k == "nbf" && f > t+float64(tolerance) {
			return nil
		}
	}
	return o
}

// hkdfInfo is better-auth/crypto/jwt's HKDF info.
const hkdfInfo = "BetterAuth.js Generated Encryption Key"

// jweKey is deriveEncryptionSecret: HKDF-SHA256(secret, salt, info), 64
// bytes, and its RFC 7638 thumbprint (the kid).
func jweKey(secret, salt string) (key []byte, kid string, err error) {
	key = make([]byte, 64)
	if _, err := io.ReadFull(hkdf.New(sha256.New, []byte(secret), []byte(salt), []byte(hkdfInfo)), key); err != nil {
		return nil, "", err
	}
	// The thumbprint input of an oct key is {"k":…,"kty":"oct"}.
	h := sha256.Sum256([]byte(`{"k":"` + base64.RawURLEncoding.EncodeToString(key) + `","kty":"oct"}`))
	return key, base64.RawURLEncoding.EncodeToString(h[:]), nil
}

const jweSalt = "better-auth-session"

// encodeJWE is symmetricEncodeJWT with the current secret.
func (rt *runtime) encodeJWE(data jsonBuf, expiresIn int, now time.Time) (string, error) {
	key, kid, err := jweKey(rt.keys.current, jweSalt)
	if err != nil {
		return "", err
	}
	enc, err := jose.NewEncrypter(jose.A256CBC_HS512, jose.Recipient{Algorithm: jose.DIRECT, Key: key, KeyID: kid}, nil)
	if err != nil {
		return "", err
	}
	jti, err := newUUID()
	if err != nil {
		return "", err
	}
	obj, err := enc.Encrypt(withTimes(data, now, expiresIn, jti))
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// decodeJWE is symmetricDecodeJWT: the key is chosen by kid among all
// secrets (versioned ones and the legacy secret); without a kid the
// secrets are tried in turn. jwtDecrypt allows 15 s of clock skew.
func (rt *runtime) decodeJWE(token string, now time.Time) *jsObject {
	obj, err := jose.ParseEncryptedCompact(token, []jose.KeyAlgorithm{jose.DIRECT},
		[]jose.ContentEncryption{jose.A256CBC_HS512, jose.A256GCM})
	if err != nil {
		return nil
	}
	if _, zip := obj.Header.ExtraHeaders["zip"]; zip {
		return nil // jose (JS) does not inflate
	}
	kid := obj.Header.KeyID
	for _, s := range rt.allSecrets() {
		key, k, err := jweKey(s, jweSalt)
		if err != nil || kid != "" && k != kid {
			continue
		}
		payload, err := obj.Decrypt(key)
		if err != nil {
			if kid != "" {
				return nil
			}
			continue
		}
		return validClaims(payload, now, 15)
	}
	return nil
}

// allSecrets is getAllSecrets: every versioned secret in order and the
// legacy one, or the one secret.
func (rt *runtime) allSecrets() []string {
	if !rt.keys.versioned {
		return []string{rt.keys.current}
	}
	var out []string
	for _, k := range rt.keys.keys {
		out = append(out, k.Value)
	}
	if rt.keys.legacy != "" {
		dup := false
		for _, v := range out {
			dup = dup || v == rt.keys.legacy
		}
		if !dup {
			out = append(out, rt.keys.legacy)
		}
	}
	return out
}
