package core_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// testOP is a small OpenID provider on loopback for the social sign-in
// tests: discovery, the authorization endpoint (it signs in the user the
// test chose, no login page), the token endpoint (authorization_code with
// client_secret_post or _basic and PKCE S256 enforced, refresh_token),
// RS256 ID tokens with the nonce, a JWKS, OIDC userinfo and GitLab's
// /api/v4/user, all under one issuer. It is written here on go-jose
// rather than taken from a library OP (zitadel/oidc's needs a storage
// implementation and a login UI driven through HTML forms) so the tests
// control every answer and can check every request it gets.
type testOP struct {
	t        *testing.T
	srv      *httptest.Server
	issuer   string
	key      *rsa.PrivateKey
	clientID string
	secret   string

	mu       sync.Mutex
	users    map[string]*opUser // by email
	login    string             // the email the next authorization signs in
	codes    map[string]*opGrant
	access   map[string]*opUser
	refresh  map[string]*opGrant
	requests []string // "METHOD path" of every request
	// authQueries are the authorization requests' queries.
	authQueries []url.Values
	// idIssuer replaces the issuer in ID tokens (Google's); wrongNonce
	// puts another nonce in them.
	idIssuer   string
	wrongNonce bool
}

type opUser struct {
	ID            int64
	Sub, Username string
	Name, Email   string
	Avatar        string
	EmailVerified bool
}

type opGrant struct {
	user                             *opUser
	clientID, redirectURI, challenge string
	nonce, scope                     string
	used                             bool
}

func newTestOP(t *testing.T) *testOP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	op := &testOP{t: t, key: key, clientID: "authctl-client", secret: "authctl-client-secret",
		users: map[string]*opUser{}, codes: map[string]*opGrant{}, access: map[string]*opUser{}, refresh: map[string]*opGrant{}}
	op.srv = httptest.NewServer(http.HandlerFunc(op.serve))
	t.Cleanup(op.srv.Close)
	op.issuer = op.srv.URL
	return op
}

func (op *testOP) addUser(u opUser) {
	op.mu.Lock()
	defer op.mu.Unlock()
	uu := u
	op.users[u.Email] = &uu
	if op.login == "" {
		op.login = u.Email
	}
}

func (op *testOP) signIn(email string) {
	op.mu.Lock()
	op.login = email
	op.mu.Unlock()
}

func opToken(prefix string) string {
	b := make([]byte, 16)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func (op *testOP) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (op *testOP) serve(w http.ResponseWriter, r *http.Request) {
	op.mu.Lock()
	op.requests = append(op.requests, r.Method+" "+r.URL.Path)
	op.mu.Unlock()
	switch r.URL.Path {
	case "/.well-known/openid-configuration":
		op.writeJSON(w, 200, map[string]any{"issuer": op.issuer, "authorization_endpoint": op.issuer + "/oauth/authorize",
			"token_endpoint": op.issuer + "/oauth/token", "userinfo_endpoint": op.issuer + "/userinfo", "jwks_uri": op.issuer + "/jwks",
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"},
			"token_endpoint_auth_methods_supported": []string{"client_secret_post", "client_secret_basic"}})
	case "/jwks":
		op.writeJSON(w, 200, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &op.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	case "/oauth/authorize", "/login/oauth/authorize":
		op.authorize(w, r)
	case "/oauth/token", "/login/oauth/access_token":
		op.token(w, r)
	case "/api/users/@me", "/v1/me": // Discord's, Spotify's
		op.mu.Lock()
		u := op.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		op.mu.Unlock()
		if u == nil {
			op.writeJSON(w, 401, map[string]any{"message": "401: Unauthorized"})
			return
		}
		if r.URL.Path == "/v1/me" {
			op.writeJSON(w, 200, map[string]any{"id": u.Username, "display_name": u.Name, "email": u.Email,
				"images": []map[string]any{{"url": u.Avatar, "height": 64}}})
			return
		}
		op.writeJSON(w, 200, map[string]any{"id": strconv.FormatInt(u.ID, 10), "username": u.Username, "global_name": u.Name,
			"discriminator": "0", "avatar": nil, "email": u.Email, "verified": u.EmailVerified})
	case "/user", "/user/emails": // GitHub's API
		op.mu.Lock()
		u := op.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		op.mu.Unlock()
		if u == nil || r.Header.Get("User-Agent") != "better-auth" {
			op.writeJSON(w, 401, map[string]any{"message": "Bad credentials"})
			return
		}
		if r.URL.Path == "/user" {
			op.writeJSON(w, 200, map[string]any{"id": u.ID, "login": u.Username, "name": u.Name, "email": nil, "avatar_url": u.Avatar})
			return
		}
		op.writeJSON(w, 200, []map[string]any{{"email": "old-" + u.Email, "primary": false, "verified": false},
			{"email": u.Email, "primary": true, "verified": u.EmailVerified}})
	case "/userinfo", "/api/v4/user":
		op.mu.Lock()
		u := op.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		op.mu.Unlock()
		if u == nil {
			op.writeJSON(w, 401, map[string]any{"error": "invalid_token"})
			return
		}
		if r.URL.Path == "/userinfo" {
			op.writeJSON(w, 200, map[string]any{"sub": u.Sub, "name": u.Name, "email": u.Email, "email_verified": u.EmailVerified, "picture": u.Avatar,
				"https://slack.com/user_id": "U" + strconv.FormatInt(u.ID, 10)})
			return
		}
		op.writeJSON(w, 200, map[string]any{"id": u.ID, "username": u.Username, "name": u.Name, "email": u.Email,
			"avatar_url": u.Avatar, "state": "active", "locked": false, "email_verified": u.EmailVerified})
	default:
		http.NotFound(w, r)
	}
}

func (op *testOP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	op.mu.Lock()
	defer op.mu.Unlock()
	op.authQueries = append(op.authQueries, q)
	redirect := q.Get("redirect_uri")
	if q.Get("client_id") != op.clientID || q.Get("response_type") != "code" || !strings.HasPrefix(redirect, "http://127.0.0.1:") {
		op.writeJSON(w, 400, map[string]any{"error": "invalid_request"})
		return
	}
	target, _ := url.Parse(redirect)
	back := target.Query()
	u := op.users[op.login]
	if hint := q.Get("login_hint"); hint != "" {
		u = op.users[hint]
	}
	if u == nil {
		back.Set("error", "access_denied")
		back.Set("error_description", "no such user")
	} else if q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256" {
		back.Set("error", "invalid_request")
		back.Set("error_description", "S256 only")
	} else {
		code := opToken("code_")
		op.codes[code] = &opGrant{user: u, clientID: q.Get("client_id"), redirectURI: redirect, challenge: q.Get("code_challenge"),
			nonce: q.Get("nonce"), scope: q.Get("scope")}
		back.Set("code", code)
	}
	back.Set("state", q.Get("state"))
	back.Set("iss", op.issuer) // RFC 9207
	target.RawQuery = back.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

func (op *testOP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		op.writeJSON(w, 400, map[string]any{"error": "invalid_request"})
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != op.clientID || secret != op.secret {
		op.writeJSON(w, 401, map[string]any{"error": "invalid_client"})
		return
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	var g *opGrant
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		g = op.codes[r.PostForm.Get("code")]
		// PKCE: a verifier matching the challenge, or neither (a
		// confidential client without PKCE).
		verifier := r.PostForm.Get("code_verifier")
		sum := sha256.Sum256([]byte(verifier))
		pkce := g != nil && (g.challenge == "" && verifier == "" || g.challenge != "" && base64.RawURLEncoding.EncodeToString(sum[:]) == g.challenge)
		if g == nil || g.used || g.redirectURI != r.PostForm.Get("redirect_uri") || !pkce {
			op.writeJSON(w, 400, map[string]any{"error": "invalid_grant"})
			return
		}
		g.used = true
	case "refresh_token":
		g = op.refresh[r.PostForm.Get("refresh_token")]
		if g == nil {
			op.writeJSON(w, 400, map[string]any{"error": "invalid_grant"})
			return
		}
		delete(op.refresh, r.PostForm.Get("refresh_token"))
	default:
		op.writeJSON(w, 400, map[string]any{"error": "unsupported_grant_type"})
		return
	}
	at, rt := opToken("at_"), opToken("rt_")
	op.access[at] = g.user
	op.refresh[rt] = g
	nonce := g.nonce
	if op.wrongNonce {
		nonce = "not-the-flow-nonce"
	}
	idt := op.idTokenLocked(g.user, op.clientID, nonce)
	op.writeJSON(w, 200, map[string]any{"access_token": at, "token_type": "Bearer", "expires_in": 7200, "refresh_token": rt,
		"scope": g.scope, "id_token": idt, "created_at": time.Now().Unix()})
}

// grantsFor reports whether access token at is live at the provider.
func (op *testOP) live(at string) bool {
	op.mu.Lock()
	defer op.mu.Unlock()
	return op.access[at] != nil
}

// idToken signs an ID token for the user of email.
func (op *testOP) idToken(email, audience, nonce string) string {
	op.mu.Lock()
	defer op.mu.Unlock()
	return op.idTokenLocked(op.users[email], audience, nonce)
}

func (op *testOP) idTokenLocked(u *opUser, audience, nonce string) string {
	iss := op.issuer
	if op.idIssuer != "" {
		iss = op.idIssuer
	}
	claims := map[string]any{"iss": iss, "sub": u.Sub, "aud": audience, "iat": time.Now().Unix(),
		"exp": time.Now().Add(time.Hour).Unix(), "email": u.Email, "email_verified": u.EmailVerified, "name": u.Name,
		"picture": u.Avatar, "preferred_username": u.Username}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: op.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		op.t.Error(err)
		return ""
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		op.t.Error(err)
		return ""
	}
	idt, _ := jws.CompactSerialize()
	return idt
}

// lastAuthQuery is the last authorization request's query.
func (op *testOP) lastAuthQuery() url.Values {
	op.mu.Lock()
	defer op.mu.Unlock()
	if len(op.authQueries) == 0 {
		return nil
	}
	return op.authQueries[len(op.authQueries)-1]
}

// rewriteTransport sends a provider's requests (GitHub's, Google's) to
// the test provider: host and path mapped, the rest as sent.
type rewriteTransport struct {
	op    *testOP
	paths map[string]string // host+path → path
}

func (rt rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	to, _ := url.Parse(rt.op.issuer)
	r := req.Clone(req.Context())
	if p, ok := rt.paths[req.URL.Host+req.URL.Path]; ok {
		r.URL.Path = p
	}
	r.URL.Scheme, r.URL.Host, r.Host = to.Scheme, to.Host, to.Host
	return http.DefaultTransport.RoundTrip(r)
}

func (op *testOP) client(paths map[string]string) *http.Client {
	return &http.Client{Transport: rewriteTransport{op, paths}, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}
