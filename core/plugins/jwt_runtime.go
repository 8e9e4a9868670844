package plugins

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
	jose "github.com/go-jose/go-jose/v4"
)

// The jwt plugin's runtime, Better Auth 1.7.5's src/plugins/jwt: GET
// /jwks (creating the first key), GET /token and the set-auth-jwt header
// of get-session, with keys in the jwks table as 1.7.5 writes them (the
// JWKs as JSON in Node's member order; the private one encrypted with the
// secret and stored as a JSON string).

var _ core.RuntimePlugin = (*jwtPlugin)(nil)

// jwtPlugin is JWT's plugin, which also runs in the handler.
type jwtPlugin struct {
	*plugin
	o JWTOptions
}

type jwtRuntime struct {
	o        JWTOptions
	alg, crv string // keyPairConfig's alg (default EdDSA) and crv
	bits     int
	grace    time.Duration
	exp      int64 // seconds
	iss      string
	aud      any // string or []string
}

var jwtAlgs = map[string]bool{"EdDSA": true, "ES256": true, "ES512": true, "RS256": true, "PS256": true}

// Init checks the options and returns the endpoints and the get-session
// hook.
func (p *jwtPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	o := p.o
	var errs []error
	refuse := func(set bool, name, why string) {
		if set {
			errs = append(errs, fmt.Errorf("JWTOptions.%s is set: %s", name, why))
		}
	}
	const fn = "a function of Better Auth's that the Go handler cannot run"
	refuse(o.JWT.DefinePayload != nil, "JWT.DefinePayload", fn)
	refuse(o.JWT.GetSubject != nil, "JWT.GetSubject", fn)
	refuse(o.JWT.Sign != nil, "JWT.Sign", fn)
	refuse(o.SessionCookieCache, "SessionCookieCache", "the Go handler does not sign the cookie cache with the plugin's keys yet")
	refuse(o.JWKS.RemoteURL != "", "JWKS.RemoteURL", "the Go handler does not serve a remote JWKS yet")
	r := &jwtRuntime{o: o, alg: "EdDSA", crv: "Ed25519", bits: 2048, grace: 30 * 24 * time.Hour, exp: 15 * 60}
	if c := o.JWKS.KeyPairConfig; c != nil {
		r.alg, r.crv = c.Alg, c.Crv
		if c.ModulusLength != 0 {
			r.bits = c.ModulusLength
		}
	}
	first := JWKOptions{Alg: r.alg, Crv: r.crv}
	if o.JWKS.KeyPairConfig != nil {
		first = *o.JWKS.KeyPairConfig
	}
	for _, c := range append([]JWKOptions{first}, o.JWKS.KeyPairConfigs...) {
		if !jwtAlgs[c.Alg] {
			errs = append(errs, fmt.Errorf("JWTOptions.JWKS: algorithm %q is not one of EdDSA, ES256, ES512, RS256, PS256", c.Alg))
		} else if c.ModulusLength != 0 && (c.ModulusLength < 2048 || c.Alg != "RS256" && c.Alg != "PS256") {
			errs = append(errs, fmt.Errorf("JWTOptions.JWKS: %s takes no modulus length %d (RSA keys have 2048 bits or more)", c.Alg, c.ModulusLength))
		} else if c.Crv != "" && (c.Alg != "EdDSA" || c.Crv != "Ed25519") {
			errs = append(errs, fmt.Errorf("JWTOptions.JWKS: %s takes no crv %q", c.Alg, c.Crv))
		}
	}
	if path := o.JWKS.JWKSPath; path != "" && (!strings.HasPrefix(path, "/") || strings.Contains(path, "..")) {
		errs = append(errs, errors.New("options.jwks.jwksPath must be a non-empty string starting with '/' and not contain '..'"))
	}
	if o.JWKS.GracePeriod != nil {
		r.grace = time.Duration(*o.JWKS.GracePeriod) * time.Second
	}
	if o.JWT.ExpirationTime != "" {
		s, err := timeSpanSeconds(o.JWT.ExpirationTime)
		if err != nil {
			errs = append(errs, fmt.Errorf("JWTOptions.JWT.ExpirationTime: %w", err))
		}
		r.exp = s
	}
	if o.JWT.Audience != "" && o.JWT.Audiences != nil {
		errs = append(errs, errors.New("JWTOptions.JWT: set Audience or Audiences, not both"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r.iss, r.aud = o.JWT.Issuer, any(in.Options.BaseURL)
	if r.iss == "" {
		r.iss = in.Options.BaseURL
	}
	if o.JWT.Audience != "" {
		r.aud = o.JWT.Audience
	} else if o.JWT.Audiences != nil {
		r.aud = o.JWT.Audiences
	}
	path := o.JWKS.JWKSPath
	if path == "" {
		path = "/jwks"
	}
	rt := &core.PluginRuntime{Endpoints: []core.Endpoint{
		{Method: http.MethodGet, Path: path, Handler: r.jwks},
		{Method: http.MethodGet, Path: "/token", Handler: r.token},
	}}
	if !o.DisableSettingJwtHeader {
		rt.After = []core.AfterHook{{Match: onPath("/get-session"), Handler: r.setJWTHeader}}
	}
	return rt, nil
}

// jwks is GET /jwks: the keys (created on first use) whose expiry plus
// the grace period is ahead, public parts only.
func (r *jwtRuntime) jwks(x *core.Context) (json.RawMessage, error) {
	keys, err := x.Find("jwks")
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		if _, err := r.createKey(x, r.alg, r.crv, r.bits); err != nil {
			return nil, err
		}
		if keys, err = x.Find("jwks"); err != nil {
			return nil, err
		}
	}
	out := []byte(`{"keys":[`)
	n := 0
	for _, k := range keys {
		if exp, ok := k["expiresAt"].(time.Time); ok && !exp.Add(r.grace).After(x.Now()) {
			continue
		}
		// {alg, crv, ...JSON.parse(publicKey), kid}: a member of publicKey
		// keeps the place alg or crv gave it.
		var pub orderedObject
		if err := pub.parse(recStr(k, "publicKey")); err != nil {
			return nil, err
		}
		alg := recStr(k, "alg")
		if alg == "" {
			alg = r.alg
		}
		obj := orderedObject{{"alg", jsonValue(alg)}}
		if crv := recStr(k, "crv"); crv != "" {
			obj = append(obj, member{"crv", jsonValue(crv)})
		} else if r.o.JWKS.KeyPairConfig != nil && r.o.JWKS.KeyPairConfig.Crv != "" {
			obj = append(obj, member{"crv", jsonValue(r.o.JWKS.KeyPairConfig.Crv)})
		}
		for _, m := range pub {
			obj = obj.set(m.k, m.v)
		}
		obj = obj.set("kid", jsonValue(recStr(k, "id")))
		if n > 0 {
			out = append(out, ',')
		}
		out = append(out, obj.json()...)
		n++
	}
	return append(out, "]}"...), nil
}

// token is GET /token: a JWT for the session's user.
func (r *jwtRuntime) token(x *core.Context) (json.RawMessage, error) {
	s, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	tok, err := r.sessionJWT(x, s)
	if err != nil {
		return nil, err
	}
	return core.JSON(map[string]string{"token": tok})
}

// setJWTHeader is the after hook on get-session: a session gets its JWT
// in set-auth-jwt.
func (r *jwtRuntime) setJWTHeader(x *core.Context, _ *core.Result) error {
	s, err := x.Session()
	if err != nil || s == nil {
		return err
	}
	tok, err := r.sessionJWT(x, s)
	if err != nil {
		return err
	}
	x.SetHeader("set-auth-jwt", tok)
	exposeHeader(x, "set-auth-jwt")
	return nil
}

// sessionJWT is getJwtToken: {iat, ...user, sub} with exp, iss and aud
// added, in that member order, signed with the latest live key of the
// configured algorithm (or any latest live key), created when there is
// none.
func (r *jwtRuntime) sessionJWT(x *core.Context, s *core.SessionData) (string, error) {
	user, err := x.Row("user", s.User.Fields)
	if err != nil {
		return "", err
	}
	var payload orderedObject
	if err := payload.parse(string(user)); err != nil {
		return "", err
	}
	iat := x.Now().Unix()
	payload = append(orderedObject{{"iat", jsonValue(iat)}}, payload...)
	payload = payload.set("sub", jsonValue(s.User.ID))
	payload = payload.set("exp", jsonValue(iat+r.exp))
	payload = payload.set("iss", jsonValue(r.iss))
	payload = payload.set("aud", jsonValue(r.aud))
	key, err := r.signingKey(x)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(key.Algorithm), Key: key}, nil)
	if err != nil {
		return "", err
	}
	obj, err := signer.Sign(payload.json())
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// signingKey is resolveSigningKey without overrides: the private JWK of
// the latest live key of the configured algorithm (keys without alg count
// as it), else of the latest live key, else of a new key.
func (r *jwtRuntime) signingKey(x *core.Context) (*jose.JSONWebKey, error) {
	keys, err := x.Find("jwks")
	if err != nil {
		return nil, err
	}
	var live []core.Record
	for _, k := range keys {
		if exp, ok := k["expiresAt"].(time.Time); !ok || exp.After(x.Now()) {
			live = append(live, k)
		}
	}
	sort.SliceStable(live, func(i, j int) bool {
		a, _ := live[i]["createdAt"].(time.Time)
		b, _ := live[j]["createdAt"].(time.Time)
		return a.After(b)
	})
	var key core.Record
	for _, k := range live {
		if a := recStr(k, "alg"); a == r.alg || a == "" {
			key = k
			break
		}
	}
	if key == nil && len(live) > 0 {
		key = live[0]
	}
	if key == nil {
		if key, err = r.createKey(x, r.alg, r.crv, r.bits); err != nil {
			return nil, err
		}
	}
	private := recStr(key, "privateKey")
	if !r.o.JWKS.DisablePrivateKeyEncryption {
		var sealed string
		err := json.Unmarshal([]byte(private), &sealed)
		if err == nil {
			private, err = x.Decrypt(sealed)
		}
		if err != nil {
			return nil, errors.New("Failed to decrypt private key. Make sure the secret currently in use is the same as the one used to encrypt the private key. If you are using a different secret, either clean up your JWKS or disable private key encryption.")
		}
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON([]byte(private)); err != nil {
		return nil, fmt.Errorf("jwks key %s: %w", recStr(key, "id"), err)
	}
	jwk.KeyID, jwk.Algorithm = recStr(key, "id"), recStr(key, "alg")
	if jwk.Algorithm == "" {
		jwk.Algorithm = r.alg
	}
	return &jwk, nil
}

// createKey is createJwk: a new key pair of alg, its public and private
// JWKs stored as JSON (the private one encrypted unless disabled).
func (r *jwtRuntime) createKey(x *core.Context, alg, crv string, bits int) (core.Record, error) {
	pub, priv, derivedCrv, err := generateJWK(alg, bits)
	if err != nil {
		return nil, err
	}
	if crv == "" {
		crv = derivedCrv
	}
	private := string(priv.json())
	if !r.o.JWKS.DisablePrivateKeyEncryption {
		sealed, err := x.Encrypt(private)
		if err != nil {
			return nil, err
		}
		private = string(jsonValue(sealed))
	}
	row := core.Record{"alg": alg, "publicKey": string(pub.json()), "privateKey": private, "createdAt": x.Now()}
	if crv != "" {
		row["crv"] = crv
	}
	if s := r.o.JWKS.RotationInterval; s > 0 {
		row["expiresAt"] = x.Now().Add(time.Duration(s) * time.Second)
	}
	return x.Create("jwks", row)
}

// generateJWK returns a new key pair's public and private JWKs with the
// members in the order Node's exportJWK writes them, and the curve.
func generateJWK(alg string, bits int) (pub, priv orderedObject, crv string, err error) {
	b64 := func(b []byte) json.RawMessage { return jsonValue(base64.RawURLEncoding.EncodeToString(b)) }
	switch alg {
	case "EdDSA":
		pk, sk, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, nil, "", err
		}
		c := jsonValue("Ed25519")
		kty := jsonValue("OKP")
		return orderedObject{{"crv", c}, {"x", b64(pk)}, {"kty", kty}},
			orderedObject{{"crv", c}, {"d", b64(sk.Seed())}, {"x", b64(pk)}, {"kty", kty}}, "Ed25519", nil
	case "ES256", "ES512":
		curve, name, size := elliptic.P256(), "P-256", 32
		if alg == "ES512" {
			curve, name, size = elliptic.P521(), "P-521", 66
		}
		k, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			return nil, nil, "", err
		}
		ek, err := k.ECDH()
		if err != nil {
			return nil, nil, "", err
		}
		point := ek.PublicKey().Bytes() // 0x04 || X || Y
		kty, c := jsonValue("EC"), jsonValue(name)
		pub = orderedObject{{"kty", kty}, {"x", b64(point[1 : 1+size])}, {"y", b64(point[1+size:])}, {"crv", c}}
		priv = append(append(orderedObject{}, pub...), member{"d", b64(ek.Bytes())})
		return pub, priv, name, nil
	case "RS256", "PS256":
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			return nil, nil, "", err
		}
		n := func(i *big.Int) json.RawMessage { return b64(i.Bytes()) }
		kty, e := jsonValue("RSA"), n(big.NewInt(int64(k.E)))
		pub = orderedObject{{"kty", kty}, {"n", n(k.N)}, {"e", e}}
		priv = append(append(orderedObject{}, pub...), member{"d", n(k.D)}, member{"p", n(k.Primes[0])}, member{"q", n(k.Primes[1])},
			member{"dp", n(k.Precomputed.Dp)}, member{"dq", n(k.Precomputed.Dq)}, member{"qi", n(k.Precomputed.Qinv)})
		return pub, priv, "", nil
	}
	return nil, nil, "", fmt.Errorf("unsupported JWT algorithm %q", alg)
}

// timeSpanSeconds is 1.7.5's sec(): a time span such as "15m", "1 hour"
// or "2 days from now" in seconds, rounded.
func timeSpanSeconds(v string) (int64, error) {
	m := timeSpan.FindStringSubmatch(v)
	if m == nil || m[4] != "" && m[1] != "" {
		return 0, fmt.Errorf("invalid time string format: %q; use formats like \"7d\", \"30m\", \"1 hour\"", v)
	}
	n, _ := strconv.ParseFloat(m[2], 64)
	const day = 86400.0
	var unit float64
	switch u := strings.ToLower(m[3]); {
	case strings.HasPrefix(u, "y"):
		unit = day * 365.25
	case strings.HasPrefix(u, "mo"):
		unit = day * 30
	case strings.HasPrefix(u, "w"):
		unit = day * 7
	case strings.HasPrefix(u, "d"):
		unit = day
	case strings.HasPrefix(u, "h"):
		unit = 3600
	case strings.HasPrefix(u, "m"):
		unit = 60
	default:
		unit = 1
	}
	s := n * unit
	if m[1] == "-" || strings.EqualFold(m[4], "ago") {
		s = -s
	}
	return int64(math.Floor(s + 0.5)), nil
}

var timeSpan = regexp.MustCompile(`(?i)^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|months?|mo|years?|yrs?|y)(?: (ago|from now))?$`)

// orderedObject is a JSON object that keeps its members' order, as
// JavaScript's objects do.
type orderedObject []member

type member struct {
	k string
	v json.RawMessage
}

// set replaces the member k in place, or appends it.
func (o orderedObject) set(k string, v json.RawMessage) orderedObject {
	for i := range o {
		if o[i].k == k {
			o[i].v = v
			return o
		}
	}
	return append(o, member{k, v})
}

func (o *orderedObject) parse(s string) error {
	d := json.NewDecoder(strings.NewReader(s))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return err
		}
		*o = o.set(t.(string), v)
	}
	return nil
}

func (o orderedObject) json() []byte {
	b := []byte{'{'}
	for i, m := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, jsonValue(m.k)...)
		b = append(b, ':')
		b = append(b, m.v...)
	}
	return append(b, '}')
}

// jsonValue is JSON.stringify of a string, number or array.
func jsonValue(v any) json.RawMessage {
	b, _ := core.JSON(v)
	return b
}

func recStr(r core.Record, k string) string { s, _ := r[k].(string); return s }
