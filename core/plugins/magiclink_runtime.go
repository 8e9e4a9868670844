package plugins

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The magicLink plugin's runtime, Better Auth 1.7.5's
// src/plugins/magic-link/index.ts (dist/plugins/magic-link/index.mjs):
// POST /sign-in/magic-link stores a token in the verification table and
// sends the link; GET /magic-link/verify (magiclink_verify.go) consumes
// it, signs the user up or in, and answers JSON or redirects.

var _ core.RuntimePlugin = (*magicLinkPlugin)(nil)

// alphaLetters is generateRandomString's "a-z", "A-Z".
const alphaLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

type magicLinkRuntime struct {
	o         MagicLinkOptions
	expiresIn time.Duration
}

// Init checks the options and returns the endpoints and the rate limit.
func (p *magicLinkPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	o := p.o
	if o.SendMagicLink == nil {
		return nil, errors.New("MagicLinkOptions.SendMagicLink is required (Better Auth's sendMagicLink)")
	}
	switch o.StoreToken {
	case "", "plain", "hashed":
		if o.HashToken != nil && o.StoreToken != "" {
			return nil, fmt.Errorf("MagicLinkOptions.StoreToken %q contradicts HashToken (a custom hasher)", o.StoreToken)
		}
	case "custom-hasher":
		if o.HashToken == nil {
			return nil, errors.New(`MagicLinkOptions.StoreToken "custom-hasher" needs HashToken`)
		}
	default:
		return nil, fmt.Errorf(`MagicLinkOptions.StoreToken %q: want "plain", "hashed" or "custom-hasher"`, o.StoreToken)
	}
	if o.ExpiresIn < 0 || o.RateLimit.Window < 0 || o.RateLimit.Max < 0 {
		return nil, errors.New("MagicLinkOptions.ExpiresIn and RateLimit cannot be negative")
	}
	m := &magicLinkRuntime{o: o, expiresIn: 300 * time.Second}
	if o.ExpiresIn != 0 {
		m.expiresIn = time.Duration(o.ExpiresIn) * time.Second
	}
	return &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			{Method: http.MethodPost, Path: "/sign-in/magic-link", Handler: m.signIn},
			{Method: http.MethodGet, Path: "/magic-link/verify", Handler: m.verify},
		},
		RateLimits: []core.PluginRateLimit{{
			Match: func(path string) bool {
				return strings.HasPrefix(path, "/sign-in/magic-link") || strings.HasPrefix(path, "/magic-link/verify")
			},
			Window: time.Duration(orDefault(o.RateLimit.Window, 60)) * time.Second,
			Max:    orDefault(o.RateLimit.Max, 5),
		}},
	}, nil
}

// orDefault is JavaScript's `v || def` for an option.
func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// storedToken is what the verification row's identifier holds for token.
func (m *magicLinkRuntime) storedToken(token string) (string, error) {
	switch {
	case m.o.HashToken != nil:
		return m.o.HashToken(token)
	case m.o.StoreToken == "hashed":
		return sha256B64(token), nil
	}
	return token, nil
}

// signIn is POST /sign-in/magic-link.
func (m *magicLinkRuntime) signIn(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	email := v.Email("email")
	name := v.OptionalString("name")
	callbackURL := v.OptionalString("callbackURL")
	newUserURL := v.OptionalString("newUserCallbackURL")
	errorURL := v.OptionalString("errorCallbackURL")
	metadata := v.OptionalRecord("metadata")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := x.CheckFormCSRF(); err != nil {
		return nil, err
	}
	var token string
	var err error
	if m.o.GenerateToken != nil {
		token, err = m.o.GenerateToken(email)
	} else {
		token, err = randomString(32, alphaLetters)
	}
	if err != nil {
		return nil, err
	}
	stored, err := m.storedToken(token)
	if err != nil {
		return nil, err
	}
	// The value is JSON.stringify({email, name}): name is left out when
	// the body has none.
	value := struct {
		Email string `json:"email"`
		Name  string `json:"name,omitempty"`
	}{Email: email, Name: name}
	_, hasName := x.Body()["name"]
	raw, err := core.JSON(value)
	if err != nil {
		return nil, err
	}
	if hasName && name == "" {
		raw = json.RawMessage(strings.TrimSuffix(string(raw), "}") + `,"name":""}`)
	}
	if err := x.CreateVerification(stored, string(raw), time.Now().Add(m.expiresIn)); err != nil {
		return nil, err
	}
	if callbackURL == "" {
		callbackURL = "/"
	}
	link := x.BaseURL() + "/magic-link/verify?token=" + searchParam(token) + "&callbackURL=" + searchParam(callbackURL)
	if newUserURL != "" {
		link += "&newUserCallbackURL=" + searchParam(newUserURL)
	}
	if errorURL != "" {
		link += "&errorCallbackURL=" + searchParam(errorURL)
	}
	if err := m.o.SendMagicLink(x, MagicLinkMessage{Email: email, URL: link, Token: token, Metadata: metadata}); err != nil {
		return nil, err
	}
	return json.RawMessage(`{"status":true}`), nil
}

// searchParam is URLSearchParams' serializer (core.FormEncode).
func searchParam(s string) string { return core.FormEncode(s) }
