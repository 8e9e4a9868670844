package core

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"time"
)

// The OAuth state of a social sign-in or link, stored as 1.7.5's
// generateGenericState and parseGenericState store it
// (better-auth/dist/state.mjs): by default a verification row whose
// identifier is the state and whose value is the state data as JSON, with
// the state in the signed "state" cookie (5 minutes); with
// Account.StoreStateStrategy "cookie", the data encrypted under the secret
// in the "oauth_state" cookie (10 minutes).

// oauthState is the state data (stateDataSchema).
type oauthState struct {
	CallbackURL, CodeVerifier, ErrorURL, NewUserURL string
	ExpiresAt                                       int64 // Unix milliseconds
	Link                                            *stateLink
	RequestSignUp                                   *bool
	IDTokenNonce, OAuthState                        string
	// ServerContext is what before hooks attached to the flow
	// (addOAuthServerContext), a JSON object, or nil.
	ServerContext json.RawMessage
}

type stateLink struct{ Email, UserID string }

// stateError is a StateError: the code of the error redirect, and the
// flow's error URL once the state parsed.
type stateError struct{ code, errorURL string }

func (e *stateError) Error() string { return e.code }

// oauthRandom is 1.7.5's generateRandomString: a-z, 0-9, A-Z, - and _.
func oauthRandom(n int) (string, error) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = alphabet[b[i]&63]
	}
	return string(b), nil
}

// authCookieName is createAuthCookie(name).name.
func (rt *runtime) authCookieName(name string) string {
	prefix := rt.opts.Advanced.CookiePrefix
	if prefix == "" {
		prefix = "better-auth"
	}
	n := prefix + "." + name
	if rt.attrs.secure {
		n = "__Secure-" + n
	}
	return n
}

// stateJSON is JSON.stringify of the state data in 1.7.5's key order,
// additionalData's keys first (a later key keeps an earlier position).
func stateJSON(additional map[string]any, additionalOrder []string, s *oauthState) ([]byte, error) {
	type kv struct {
		k string
		v any
	}
	var out []kv
	set := func(k string, v any) {
		for i := range out {
			if out[i].k == k {
				out[i].v = v
				return
			}
		}
		out = append(out, kv{k, v})
	}
	// unset is a key the state data has as undefined: it overrides (so
	// drops) an additionalData key of that name, which the client chose.
	unset := func(k string) {
		for i := range out {
			if out[i].k == k {
				out = append(out[:i], out[i+1:]...)
				return
			}
		}
	}
	for _, k := range additionalOrder {
		set(k, additional[k])
	}
	set("callbackURL", s.CallbackURL)
	set("codeVerifier", s.CodeVerifier)
	if s.ErrorURL != "" {
		set("errorURL", s.ErrorURL)
	} else {
		unset("errorURL")
	}
	if s.NewUserURL != "" {
		set("newUserURL", s.NewUserURL)
	} else {
		unset("newUserURL")
	}
	if s.Link != nil {
		set("link", json.RawMessage(`{"email":`+string(stateJSONValue(s.Link.Email))+`,"userId":`+string(stateJSONValue(s.Link.UserID))+`}`))
	} else {
		unset("link")
	}
	if len(s.ServerContext) > 0 {
		set("serverContext", s.ServerContext)
	} else {
		unset("serverContext")
	}
	set("expiresAt", s.ExpiresAt)
	if s.RequestSignUp != nil {
		set("requestSignUp", *s.RequestSignUp)
	} else {
		unset("requestSignUp")
	}
	if s.IDTokenNonce != "" {
		set("idTokenNonce", s.IDTokenNonce)
	} else {
		unset("idTokenNonce")
	}
	set("oauthState", s.OAuthState)
	b := []byte{'{'}
	for i, p := range out {
		if i > 0 {
			b = append(b, ',')
		}
		v, err := json.Marshal(p.v)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, stateJSONValue(p.k)...), ':'), v...)
	}
	return append(b, '}'), nil
}

func stateJSONValue(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// generateState is generateState: it stores the state data and returns
// the state and the PKCE code verifier. body is the request body (for
// callbackURL, errorCallbackURL, newUserCallbackURL and requestSignUp).
func (c *call) generateState(body map[string]any, link *stateLink, idTokenNonce string) (state, verifier string, err error) {
	s := &oauthState{Link: link, IDTokenNonce: idTokenNonce}
	s.CallbackURL, _ = body["callbackURL"].(string)
	if s.CallbackURL == "" {
		s.CallbackURL = c.rt.baseOrigin
	}
	if s.CallbackURL == "" {
		return "", "", errCallbackURLRequired
	}
	if s.CodeVerifier, err = oauthRandom(128); err != nil {
		return "", "", err
	}
	s.ErrorURL, _ = body["errorCallbackURL"].(string)
	s.NewUserURL, _ = body["newUserCallbackURL"].(string)
	if b, ok := body["requestSignUp"].(bool); ok {
		s.RequestSignUp = &b
	}
	s.ExpiresAt = c.now.Add(10 * time.Minute).UnixMilli()
	s.ServerContext = c.pendingServerContext()
	if state, err = oauthRandom(32); err != nil {
		return "", "", err
	}
	s.OAuthState = state
	additional, _ := body["additionalData"].(map[string]any)
	value, err := stateJSON(additional, c.bodyKeyOrder("additionalData"), s)
	if err != nil {
		return "", "", err
	}
	if c.rt.opts.Account.StoreStateStrategy == "cookie" {
		enc, err := c.rt.keys.encrypt(string(value))
		if err != nil {
			return "", "", err
		}
		n := c.rt.authCookieName("oauth_state")
		c.jar.set(n, c.rt.attrs.header(n, encodeURIComponent(enc), 600))
		return state, s.CodeVerifier, nil
	}
	n := c.rt.authCookieName("state")
	c.jar.set(n, c.rt.attrs.header(n, encodeURIComponent(sign(c.rt.secret, state)), 300))
	if err := c.createVerification(state, string(value), c.now.Add(10*time.Minute)); err != nil {
		if _, isAPI := err.(*APIError); isAPI {
			return "", "", err
		}
		c.rt.log.Error("better-auth: failed to create verification", "err", redactDBError(err))
		return "", "", errCode(500, "", "Unable to create verification")
	}
	return state, s.CodeVerifier, nil
}

// bodyKeyOrder is the key order of an object in the JSON body. The
// decoded body does not keep it (JavaScript objects do): keys are sorted,
// so additionalData's keys may sit in another order in the state JSON.
func (c *call) bodyKeyOrder(field string) []string {
	m, _ := c.body.(map[string]any)
	obj, _ := m[field].(map[string]any)
	if len(obj) == 0 {
		return nil
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parseState is parseState: the state data of the callback's state, from
// the verification row (checked against the signed state cookie, which
// is then expired, and the row deleted) or the oauth_state cookie.
func (c *call) parseState(state string) (*oauthState, error) {
	if state == "" {
		return nil, &stateError{code: "state_not_found"}
	}
	var raw string
	if c.rt.opts.Account.StoreStateStrategy == "cookie" {
		n := c.rt.authCookieName("oauth_state")
		enc := c.cookie(n)
		if enc == "" {
			return nil, &stateError{code: "state_mismatch"}
		}
		dec, err := c.rt.keys.decrypt(enc)
		if err != nil {
			return nil, &stateError{code: "state_invalid"}
		}
		s, err := decodeState(dec)
		if err != nil {
			return nil, &stateError{code: "state_invalid"}
		}
		if s.OAuthState == "" || s.OAuthState != state {
			return nil, &stateError{code: "state_mismatch", errorURL: s.ErrorURL}
		}
		c.jar.set(n, c.rt.attrs.header(n, "", 0))
		return s, checkStateExpiry(s, c.now)
	}
	row, err := c.findVerification(state)
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, &stateError{code: "state_mismatch"}
	}
	raw = str(row, "value")
	s, err := decodeState(raw)
	if err != nil {
		return nil, &stateError{code: "internal_server_error"}
	}
	if s.OAuthState != "" && s.OAuthState != state {
		return nil, &stateError{code: "state_mismatch", errorURL: s.ErrorURL}
	}
	n := c.rt.authCookieName("state")
	if v, ok := c.signedCookie(n); !c.rt.opts.Account.SkipStateCookieCheck && (!ok || v != state) {
		return nil, &stateError{code: "state_mismatch", errorURL: s.ErrorURL}
	}
	c.jar.set(n, c.rt.attrs.header(n, "", 0))
	if err := c.deleteVerification(state); err != nil {
		return nil, err
	}
	return s, checkStateExpiry(s, c.now)
}

func checkStateExpiry(s *oauthState, now time.Time) error {
	if s.ExpiresAt < time.Now().UnixMilli() {
		return &stateError{code: "state_mismatch", errorURL: s.ErrorURL}
	}
	return nil
}

// decodeState is stateDataSchema.parse(JSON.parse(raw)).
func decodeState(raw string) (*oauthState, error) {
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, err
	}
	s := &oauthState{}
	var ok bool
	if s.CallbackURL, ok = m["callbackURL"].(string); !ok {
		return nil, errors.New("callbackURL")
	}
	if s.CodeVerifier, ok = m["codeVerifier"].(string); !ok {
		return nil, errors.New("codeVerifier")
	}
	exp, ok := m["expiresAt"].(float64)
	if !ok {
		return nil, errors.New("expiresAt")
	}
	s.ExpiresAt = int64(exp)
	s.ErrorURL, _ = m["errorURL"].(string)
	s.NewUserURL, _ = m["newUserURL"].(string)
	s.OAuthState, _ = m["oauthState"].(string)
	s.IDTokenNonce, _ = m["idTokenNonce"].(string)
	if b, ok := m["requestSignUp"].(bool); ok {
		s.RequestSignUp = &b
	}
	if _, ok := m["serverContext"].(map[string]any); ok {
		var sc struct {
			ServerContext json.RawMessage `json:"serverContext"`
		}
		if err := json.Unmarshal([]byte(raw), &sc); err == nil {
			s.ServerContext = sc.ServerContext
		}
	}
	if l, ok := m["link"].(map[string]any); ok {
		email, ok1 := l["email"].(string)
		var id string
		switch v := l["userId"].(type) {
		case string:
			id = v
		case float64:
			id = strconv.FormatFloat(v, 'f', -1, 64)
		}
		if !ok1 || id == "" {
			return nil, errors.New("link")
		}
		s.Link = &stateLink{Email: email, UserID: id}
	}
	return s, nil
}
