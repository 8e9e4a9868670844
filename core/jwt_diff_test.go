package core_test

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

var (
	jwtPattern  = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
	normJWKData = regexp.MustCompile(`"(x|y|n|kid)":"[A-Za-z0-9_-]+"`)
)

// jwtServer is one server of a jwt differential run.
type jwtServer struct {
	t  *testing.T
	c  *client
	vo plugins.VerifyJWTOptions
}

// describeJWT verifies tok with VerifyJWT against the server's own GET
// /jwks and describes it without what differs between servers: the
// header and payload with kid, ids, dates and times replaced (exp as its
// distance from iat), iss and aud equal to the server's origin as
// <origin>.
func (s *jwtServer) describeJWT(tok, jwksPath string) string {
	t := s.t
	t.Helper()
	parts := strings.Split(tok, ".")
	var header, payload map[string]any
	for i, v := range []*map[string]any{&header, &payload} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil || json.Unmarshal(raw, v) != nil {
			t.Fatalf("bad JWT %q", tok)
		}
	}
	c := s.c.clone()
	c.do("GET", jwksPath, nil)
	if _, err := plugins.VerifyJWT(tok, c.raw, s.vo); err != nil {
		t.Errorf("%s: VerifyJWT against its own JWKS: %v", s.c.base, err)
	}
	rawPayload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var keys []string
	d := json.NewDecoder(strings.NewReader(string(rawPayload)))
	d.Token()
	for d.More() {
		k, _ := d.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		d.Decode(&skip)
	}
	iat, _ := payload["iat"].(float64)
	exp, _ := payload["exp"].(float64)
	for _, k := range []string{"iss", "aud"} {
		if payload[k] == s.c.origin {
			payload[k] = "<origin>"
		}
	}
	payload["iat"], payload["exp"] = "<iat>", fmt.Sprintf("iat%+d", int64(exp-iat))
	for k, v := range payload {
		if s, ok := v.(string); ok && (normDate.MatchString(`"`+s+`"`) || normToken.MatchString(`"`+s+`"`)) {
			payload[k] = "<normalized>"
		}
	}
	header["kid"] = "<kid>"
	b, _ := json.Marshal(map[string]any{"header": header, "payload": payload, "order": keys})
	return "<jwt " + string(b) + ">"
}

func (s *jwtServer) do(st diffStep, jwksPath string) string {
	s.c.do(st.method, st.path, st.body, append([]string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}, st.headers...)...)
	var b strings.Builder
	b.WriteString(normalize(s.c))
	for _, name := range []string{"set-auth-jwt", "set-auth-token", "Access-Control-Expose-Headers"} {
		if v := s.c.header.Get(name); v != "" {
			b.WriteString("\n" + name + ": " + v)
		}
	}
	out := normJWKData.ReplaceAllString(b.String(), `"$1":"<$1>"`)
	out = normAuthToken.ReplaceAllString(out, "set-auth-token: <token>.<sig>")
	out = regexp.MustCompile(`"<[A-Za-z0-9]{32}>"`).ReplaceAllString(out, `"<token>"`)
	return jwtPattern.ReplaceAllStringFunc(out, func(tok string) string { return s.describeJWT(tok, jwksPath) })
}

// jwksShape lists the jwks rows without key material: alg, crv, the
// public JWK's members, how the private key is stored (a JSON string of
// hex: its length), and whether it expires.
func jwksShape(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT alg, crv, publicKey, privateKey, expiresAt IS NULL FROM jwks ORDER BY createdAt`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var alg, crv sql.NullString
		var pub, priv string
		var noExp bool
		if err := rows.Scan(&alg, &crv, &pub, &priv, &noExp); err != nil {
			t.Fatal(err)
		}
		pub = normJWKData.ReplaceAllString(pub, `"$1":"<$1>"`)
		form := "clear " + regexp.MustCompile(`"(d|p|q|dp|dq|qi|x|y|n)":"[A-Za-z0-9_-]+"`).ReplaceAllString(priv, `"$1":"<$1>"`)
		if regexp.MustCompile(`^"[0-9a-f]+"$`).MatchString(priv) {
			form = fmt.Sprintf("encrypted, %d characters", len(priv))
			if alg.String == "RS256" || alg.String == "PS256" {
				form = "encrypted" // the private JWK's length varies with its numbers
			}
		}
		fmt.Fprintf(&b, "%s %s %s %s noExpiry=%v\n", alg.String, crv.String, pub, form, noExp)
	}
	return b.String()
}

// runJWTDifferential starts both servers (fresh databases), requires the
// same answers to steps and the same jwks rows.
func runJWTDifferential(t *testing.T, o core.Options, env []string, jwksPath string, steps []diffStep) {
	t.Helper()
	dir, node := npmWire(t)
	goDB, tsDB := wireSQLite(t, o, "go"), wireSQLite(t, o, "ts")
	o.Secret, o.Database = testSecret, core.SQLite(goDB)
	ts := &client{t: t, base: startTS(t, dir, node, tsDB, env...) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	o.BaseURL = ts.origin // the claims' default issuer and audience
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	goc.origin = ts.origin
	g, w := &jwtServer{t: t, c: goc}, &jwtServer{t: t, c: ts}
	for i, s := range steps {
		gs, ws := g.do(s, jwksPath), w.do(s, jwksPath)
		if testing.Verbose() {
			t.Logf("step %d: %s %s\n%s", i, s.method, s.path, gs)
		}
		if gs != ws {
			t.Errorf("step %d: %s %s %v\n--- go\n%s\n--- typescript\n%s", i, s.method, s.path, s.body, gs, ws)
		}
	}
	if gr, wr := jwksShape(t, goDB), jwksShape(t, tsDB); gr != wr || gr == "" {
		t.Errorf("jwks rows differ\n--- go\n%s--- typescript\n%s", gr, wr)
	}
}

func jwtSteps(jwksPath string) []diffStep {
	return []diffStep{
		{"GET", "/token", nil, nil},
		{"GET", jwksPath, nil, nil},
		{"POST", "/sign-up/email", map[string]any{"name": "J", "email": "j@example.com", "password": password}, nil},
		{"GET", "/get-session", nil, nil},
		{"GET", "/token", nil, nil},
		{"GET", jwksPath, nil, nil},
		{"POST", "/update-user", map[string]any{"name": "Jay", "image": "https://example.com/j.png"}, nil},
		{"GET", "/token", nil, nil},
		{"POST", "/sign-out", map[string]any{}, nil},
		{"GET", "/get-session", nil, nil},
		{"GET", "/token", nil, nil},
		{"POST", "/token", map[string]any{}, nil},
	}
}

// TestDifferentialJWT compares the jwt plugin with Better Auth 1.7.5's
// jwt(): GET /jwks, GET /token and get-session's set-auth-jwt (the
// tokens' header and payload, each verified against its server's JWKS),
// and the jwks rows, for every key algorithm.
func TestDifferentialJWT(t *testing.T) {
	for _, alg := range []string{"", "EdDSA", "ES256", "ES512", "RS256", "PS256"} {
		t.Run("alg="+alg, func(t *testing.T) {
			o := plugins.JWTOptions{}
			env := `JWT_PLUGIN={}`
			if alg != "" {
				o.JWKS.KeyPairConfig = &plugins.JWKOptions{Alg: alg}
				env = `JWT_PLUGIN={"jwks":{"keyPairConfig":{"alg":"` + alg + `"}}}`
			}
			runJWTDifferential(t, enabled(core.Options{Plugins: []core.Plugin{plugins.JWT(o)}}), []string{env}, "/jwks", jwtSteps("/jwks"))
		})
	}
}

// TestDifferentialJWTOptions compares the claims and key options.
func TestDifferentialJWTOptions(t *testing.T) {
	grace := 60
	o := plugins.JWTOptions{
		JWKS: plugins.JWKSOptions{JWKSPath: "/.well-known/keys", RotationInterval: 3600, GracePeriod: &grace, DisablePrivateKeyEncryption: true},
		JWT:  plugins.JWTTokenOptions{Issuer: "https://issuer.example", Audiences: []string{"https://a.example", "https://b.example"}, ExpirationTime: "2 hours"},
	}
	env := `JWT_PLUGIN={"jwks":{"jwksPath":"/.well-known/keys","rotationInterval":3600,"gracePeriod":60,"disablePrivateKeyEncryption":true},` +
		`"jwt":{"issuer":"https://issuer.example","audience":["https://a.example","https://b.example"],"expirationTime":"2 hours"}}`
	runJWTDifferential(t, enabled(core.Options{Plugins: []core.Plugin{plugins.JWT(o), plugins.Bearer()}}), []string{env, "BEARER_PLUGIN={}"},
		"/.well-known/keys", append(jwtSteps("/.well-known/keys"), diffStep{"GET", "/jwks", nil, nil}))

	o = plugins.JWTOptions{DisableSettingJwtHeader: true, JWT: plugins.JWTTokenOptions{Audiences: []string{"one"}, ExpirationTime: "90s"}}
	runJWTDifferential(t, enabled(core.Options{Plugins: []core.Plugin{plugins.JWT(o)}}),
		[]string{`JWT_PLUGIN={"disableSettingJwtHeader":true,"jwt":{"audience":["one"],"expirationTime":"90s"}}`}, "/jwks", jwtSteps("/jwks"))
}
