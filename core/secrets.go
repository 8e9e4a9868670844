package core

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/chacha20poly1305"
)

// VersionedSecret is one entry of Options.Secrets (Better Auth's
// `secrets: [{ version, value }]`).
type VersionedSecret struct {
	// Version names the secret in what it encrypted ("$ba$<version>$…"):
	// a non-negative integer, unique in the list.
	Version int
	// Value is the secret. Never logged.
	Value string
}

// secretConfig is what Better Auth 1.7.5's createAuthContext
// (better-auth/dist/context/create-context.mjs, secret-utils.mjs) resolves:
// ctx.context.secret, which signs and verifies cookies and tokens, and
// ctx.context.secretConfig, which symmetricEncrypt and symmetricDecrypt
// (better-auth/dist/crypto/index.mjs) use: either that one secret, or,
// with versioned secrets, every version, the current one and the legacy
// secret (for bare-hex payloads written before the rotation).
type secretConfig struct {
	current   string            // ctx.context.secret
	versioned bool              // secretConfig is a SecretConfig, not a string
	keys      []VersionedSecret // in configured order; keys[0] is current
	legacy    string            // SecretConfig.legacySecret, "" for none
}

// maxSafeInteger is JavaScript's Number.MAX_SAFE_INTEGER: the largest
// version both servers read identically.
const maxSafeInteger = 1<<53 - 1

// useSecrets resolves rt's secrets from o and the environment (getenv) as
// Better Auth 1.7.5 does, logging its warnings through rt.log.
func (rt *runtime) useSecrets(o Options, getenv func(string) string) error {
	k, err := resolveSecrets(o, getenv, rt.production, rt.log)
	if err != nil {
		return err
	}
	rt.secret, rt.keys = k.current, k
	return nil
}

// resolveSecrets is createAuthContext's secret resolution: options.secrets,
// else BETTER_AUTH_SECRETS; else the one secret (options.secret,
// BETTER_AUTH_SECRET, AUTH_SECRET, then the public default, which
// production refuses). No secret value goes into an error or a log.
func resolveSecrets(o Options, getenv func(string) string, production bool, log *slog.Logger) (secretConfig, error) {
	legacy := firstNonEmpty(o.Secret, getenv("BETTER_AUTH_SECRET"), getenv("AUTH_SECRET"))
	secrets := o.Secrets
	if secrets == nil {
		var err error
		if secrets, err = parseSecretsEnv(getenv("BETTER_AUTH_SECRETS")); err != nil {
			return secretConfig{}, err
		}
	}
	var k secretConfig
	if secrets != nil {
		if err := validateSecrets(secrets, log); err != nil {
			return secretConfig{}, err
		}
		k = secretConfig{current: secrets[0].Value, versioned: true, keys: slices.Clone(secrets)}
		if legacy != defaultSecret {
			k.legacy = legacy
		}
	} else {
		k.current = firstNonEmpty(legacy, defaultSecret)
		if production && k.current == defaultSecret {
			return secretConfig{}, errors.New("no secret in production: set BETTER_AUTH_SECRET or BETTER_AUTH_SECRETS in the environment, or Options.Secret or Options.Secrets (`authctl secret --write` creates one); the built-in default secret is public")
		}
		if jsLength(k.current) < 32 {
			log.Warn("better-auth: your BETTER_AUTH_SECRET should be at least 32 characters long for adequate security. Generate one with `authctl secret` or `openssl rand -base64 32`.")
		}
		if estimateEntropy(k.current) < 120 {
			log.Warn("better-auth: your BETTER_AUTH_SECRET appears low-entropy. Use a randomly generated secret for production.")
		}
	}
	if k.current == defaultSecret {
		// Better Auth says nothing here; this is the Go handler's own
		// warning, logged once per Open.
		log.Warn("better-auth: cookies and tokens are signed with Better Auth's public default secret, so anyone can forge them; set BETTER_AUTH_SECRET or BETTER_AUTH_SECRETS (or Options.Secret or Options.Secrets) before production (`authctl secret --write` creates one)")
	}
	return k, nil
}

// parseSecretsEnv is 1.7.5's parseSecretsEnv: "2:new,1:old", entries and
// values trimmed as by String.prototype.trim, versions read by parseInt.
// Unlike 1.7.5, an entry without a colon or with a version that is not a
// number is named by its position, not quoted: it may hold a secret.
func parseSecretsEnv(env string) ([]VersionedSecret, error) {
	if env == "" {
		return nil, nil
	}
	entries := strings.Split(env, ",")
	out := make([]VersionedSecret, 0, len(entries))
	for i, entry := range entries {
		entry = jsTrim(entry)
		colon := strings.IndexByte(entry, ':')
		if colon < 0 {
			return nil, fmt.Errorf(`Invalid BETTER_AUTH_SECRETS entry %d. Expected format: "<version>:<secret>"`, i+1)
		}
		v, ok := parseJSInt(entry[:colon])
		if !ok || v < 0 {
			return nil, fmt.Errorf("Invalid version in BETTER_AUTH_SECRETS entry %d. Version must be a non-negative integer.", i+1)
		}
		if v > maxSafeInteger {
			return nil, fmt.Errorf("Invalid version in BETTER_AUTH_SECRETS entry %d. Version must be a non-negative integer no larger than %d.", i+1, maxSafeInteger)
		}
		value := jsTrim(entry[colon+1:])
		if value == "" {
			return nil, fmt.Errorf("Empty secret value for version %d in BETTER_AUTH_SECRETS.", int(v))
		}
		out = append(out, VersionedSecret{Version: int(v), Value: value})
	}
	return out, nil
}

// validateSecrets is 1.7.5's validateSecretsArray, warnings included.
// Versions above 2^53-1, which JavaScript cannot tell apart, are refused.
func validateSecrets(secrets []VersionedSecret, log *slog.Logger) error {
	if len(secrets) == 0 {
		return errors.New("`secrets` array must contain at least one entry.")
	}
	seen := map[int]bool{}
	for _, s := range secrets {
		if s.Version < 0 {
			return fmt.Errorf("Invalid version %d in `secrets`. Version must be a non-negative integer.", s.Version)
		}
		if s.Version > maxSafeInteger {
			return fmt.Errorf("Invalid version %d in `secrets`. Version must be a non-negative integer no larger than %d.", s.Version, maxSafeInteger)
		}
		if s.Value == "" {
			return fmt.Errorf("Empty secret value for version %d in `secrets`.", s.Version)
		}
		if seen[s.Version] {
			return fmt.Errorf("Duplicate version %d in `secrets`. Each version must be unique.", s.Version)
		}
		seen[s.Version] = true
	}
	if cur := secrets[0]; jsLength(cur.Value) < 32 {
		log.Warn(fmt.Sprintf("better-auth: the current secret (version %d) should be at least 32 characters long for adequate security.", cur.Version))
	}
	if estimateEntropy(secrets[0].Value) < 120 {
		log.Warn("better-auth: the current secret appears low-entropy. Use a randomly generated secret for production.")
	}
	return nil
}

// estimateEntropy is 1.7.5's: log2(distinct code points ^ UTF-16 length).
func estimateEntropy(s string) float64 {
	distinct := map[rune]bool{}
	for _, r := range s {
		distinct[r] = true
	}
	if len(distinct) == 0 {
		return 0
	}
	return math.Log2(math.Pow(float64(len(distinct)), float64(jsLength(s))))
}

// isJSSpace reports the characters String.prototype.trim removes:
// WhiteSpace and LineTerminator (unicode.IsSpace has U+0085 instead of
// U+FEFF).
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

// parseJSInt is parseInt(s, 10): leading white space, an optional sign and
// the longest run of ASCII digits; ok is false for NaN. -0 compares equal
// to 0, as in JavaScript.
func parseJSInt(s string) (v float64, ok bool) {
	s = strings.TrimLeftFunc(s, isJSSpace)
	sign := ""
	if s != "" && (s[0] == '+' || s[0] == '-') {
		sign, s = s[:1], s[1:]
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return 0, false
	}
	v, _ = strconv.ParseFloat(sign+s[:n], 64) // ±Inf when out of range, as in JavaScript
	return v, true
}

// The symmetric encryption of Better Auth 1.7.5 (symmetricEncrypt and
// symmetricDecrypt in better-auth/dist/crypto/index.mjs), for data stored
// encrypted (two-factor secrets, OAuth tokens, JWKS private keys): the key
// is SHA-256 of the secret, the cipher XChaCha20-Poly1305 with a random
// 24-byte nonce before the ciphertext (noble's managedNonce), all in lower
// hex. With versioned secrets the hex is wrapped as "$ba$<version>$<hex>".

const envelopePrefix = "$ba$"

// encrypt is symmetricEncrypt({ key: secretConfig, data }).
func (k secretConfig) encrypt(data string) (string, error) {
	if !k.versioned {
		return rawEncrypt(k.current, data)
	}
	ct, err := rawEncrypt(k.keys[0].Value, data)
	if err != nil {
		return "", err
	}
	return envelopePrefix + strconv.Itoa(k.keys[0].Version) + "$" + ct, nil
}

// decrypt is symmetricDecrypt({ key: secretConfig, data }): an envelope
// with the secret of its version, bare hex with the one secret or, with
// versioned secrets, the legacy secret.
func (k secretConfig) decrypt(data string) (string, error) {
	if !k.versioned {
		return rawDecrypt(k.current, data)
	}
	if version, ct, ok := parseEnvelope(data); ok {
		for _, s := range k.keys {
			if float64(s.Version) == version {
				return rawDecrypt(s.Value, ct)
			}
		}
		return "", fmt.Errorf("Secret version %s not found in keys (key may have been retired)", strconv.FormatFloat(version, 'f', -1, 64))
	}
	if k.legacy != "" {
		return rawDecrypt(k.legacy, data)
	}
	return "", errors.New("Cannot decrypt legacy bare-hex payload: no legacy secret available. Set BETTER_AUTH_SECRET for backwards compatibility.")
}

// parseEnvelope is 1.7.5's parseEnvelope.
func parseEnvelope(data string) (version float64, ciphertext string, ok bool) {
	rest, found := strings.CutPrefix(data, envelopePrefix)
	if !found {
		return 0, "", false
	}
	v, ct, found := strings.Cut(rest, "$")
	if !found {
		return 0, "", false
	}
	version, ok = parseJSInt(v)
	if !ok || version < 0 || math.IsInf(version, 0) {
		return 0, "", false
	}
	return version, ct, true
}

func rawEncrypt(secret, data string) (string, error) {
	key := sha256.Sum256([]byte(secret))
	aead, err := chacha20poly1305.NewX(key[:])
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(data)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return hex.EncodeToString(aead.Seal(nonce, nonce, []byte(data), nil)), nil
}

func rawDecrypt(secret, data string) (string, error) {
	raw, err := hex.DecodeString(data)
	if err != nil {
		return "", errors.New("symmetric decryption: not hex")
	}
	key := sha256.Sum256([]byte(secret))
	aead, err := chacha20poly1305.NewX(key[:])
	if err != nil {
		return "", err
	}
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", errors.New("symmetric decryption: ciphertext too short")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], nil)
	if err != nil {
		return "", errors.New("symmetric decryption: invalid ciphertext or wrong secret")
	}
	return decodeUTF8(plain), nil
}

// decodeUTF8 is new TextDecoder().decode(b): a leading byte order mark is
// dropped and each maximal ill-formed subsequence becomes U+FFFD.
func decodeUTF8(b []byte) string {
	b = bytesTrimBOM(b)
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			sb.WriteRune(utf8.RuneError)
			b = b[maximalSubpart(b):]
			continue
		}
		sb.Write(b[:n])
		b = b[n:]
	}
	return sb.String()
}

func bytesTrimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		return b[3:]
	}
	return b
}

// maximalSubpart is the length of the ill-formed sequence at the start of b
// that the Encoding Standard's UTF-8 decoder replaces with one U+FFFD: the
// longest prefix of a well-formed sequence (Unicode table 3-7), at least 1.
func maximalSubpart(b []byte) int {
	lo, hi := byte(0x80), byte(0xbf)
	var n int
	switch c := b[0]; {
	case c >= 0xc2 && c <= 0xdf:
		n = 2
	case c == 0xe0:
		n, lo = 3, 0xa0
	case c == 0xed:
		n, hi = 3, 0x9f
	case c >= 0xe1 && c <= 0xef:
		n = 3
	case c == 0xf0:
		n, lo = 4, 0x90
	case c >= 0xf1 && c <= 0xf3:
		n = 4
	case c == 0xf4:
		n, hi = 4, 0x8f
	default:
		return 1
	}
	i := 1
	for ; i < n && i < len(b) && b[i] >= lo && b[i] <= hi; i++ {
		lo, hi = 0x80, 0xbf
	}
	return i
}
