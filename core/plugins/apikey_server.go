package plugins

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/authctl/authctl/core"
)

// The apiKey plugin's API for Go code behind the handler: Better Auth's
// auth.api.verifyApiKey (VerifyAPIKey), auth.api.getSession with a key
// header (APIKeySession); CreateAPIKey is in apikey_create.go.

// VerifyAPIKeyOptions are the arguments of VerifyAPIKey beside the key
// (Better Auth's verifyApiKey body).
type VerifyAPIKeyOptions struct {
	// ConfigID scopes verification to one configuration; "" checks the
	// key against its own.
	ConfigID string
	// Permissions the key must have (resource → actions, all required).
	Permissions map[string][]string
	// Request, when set, is the request the key came with (for custom
	// validators); nil is a server-side call.
	Request *http.Request
}

// APIKeyVerification is VerifyAPIKey's answer, as auth.api.verifyApiKey's
// {valid, error, key}: Valid with Key (the key's row as JSON, without the
// hashed key), or Error (code and message) when the key is refused.
type APIKeyVerification struct {
	Valid bool
	Error *core.APIError
	Key   json.RawMessage
}

// VerifyAPIKey is Better Auth 1.7.5's auth.api.verifyApiKey for Go code
// behind the handler: it checks key as the api-key plugin configured in a
// does (enabled, expiry, permissions, remaining with refill, the per-key
// rate limit) and counts the use, exactly as a request with the key
// would, so a TypeScript server sharing the database sees the same
// counters. A refused key is a result (Valid false, Error set), not an
// error; the error is for a missing plugin or a failing database.
func VerifyAPIKey(ctx context.Context, a *core.Auth, key string, o VerifyAPIKeyOptions) (*APIKeyVerification, error) {
	p, err := apiKeyOf(a)
	if err != nil {
		return nil, err
	}
	var out *APIKeyVerification
	err = a.Call(ctx, o.Request, func(x *core.Context) error {
		rt := p.runtime()
		if rt == nil {
			return errors.New("VerifyAPIKey: the APIKey plugin did not start")
		}
		lookup, err := rt.resolve(o.ConfigID)
		if err != nil {
			return err
		}
		refuse := func(e *core.APIError) { out = &APIKeyVerification{Error: e} }
		if o.ConfigID != "" && lookup.validator != nil {
			ok, err := lookup.validator(x, key)
			if err != nil {
				return err
			}
			if !ok {
				refuse(core.NewAPIError(401, "KEY_NOT_FOUND", akMessages["INVALID_API_KEY"]))
				return nil
			}
		}
		var expected *string
		if o.ConfigID != "" {
			expected = &o.ConfigID
		}
		row, _, err := rt.validateKey(x, key, lookup, expected, o.Permissions, o.ConfigID == "")
		var api *core.APIError
		if errors.As(err, &api) {
			refuse(api)
			return nil
		}
		if err != nil {
			return err
		}
		body, err := rt.keyJSON(x, row, "", nil, false)
		if err != nil {
			return err
		}
		out = &APIKeyVerification{Valid: true, Key: body}
		return nil
	})
	return out, err
}

// APIKeySession is the session a request's API key makes
// (EnableSessionForAPIKeys), for Go handlers behind the auth handler, as
// Better Auth's auth.api.getSession({headers}) answers through the
// plugin's hook: nil (and no error) when the request carries no key for
// a configuration with sessions; a refused key is a *core.APIError (403
// or 401 INVALID_API_KEY, 401 KEY_DISABLED or KEY_EXPIRED, 429
// USAGE_EXCEEDED or RATE_LIMITED, …). Like a request to the handler, it
// counts a use of the key.
func APIKeySession(ctx context.Context, a *core.Auth, r *http.Request) (*core.SessionData, error) {
	p, err := apiKeyOf(a)
	if err != nil {
		return nil, err
	}
	var out *core.SessionData
	err = a.Call(ctx, r, func(x *core.Context) error {
		rt := p.runtime()
		if rt == nil {
			return errors.New("APIKeySession: the APIKey plugin did not start")
		}
		if k, _ := rt.findKey(x); k == "" {
			return nil
		}
		session, user, err := rt.keySession(x)
		if err != nil {
			return err
		}
		out = sessionData(session, user)
		return nil
	})
	return out, err
}

// sessionData is core.SessionData of a key session's records.
func sessionData(s, u core.Record) *core.SessionData {
	str := func(r core.Record, k string) string { v, _ := r[k].(string); return v }
	tm := func(r core.Record, k string) time.Time { v, _ := r[k].(time.Time); return v }
	verified, _ := u["emailVerified"].(bool)
	return &core.SessionData{
		Session: core.Session{ID: str(s, "id"), Token: str(s, "token"), UserID: str(s, "userId"),
			ExpiresAt: tm(s, "expiresAt"), CreatedAt: tm(s, "createdAt"), UpdatedAt: tm(s, "updatedAt"),
			IPAddress: str(s, "ipAddress"), UserAgent: str(s, "userAgent"), Fields: s},
		User: core.User{ID: str(u, "id"), Name: str(u, "name"), Email: str(u, "email"), EmailVerified: verified,
			Image: str(u, "image"), CreatedAt: tm(u, "createdAt"), UpdatedAt: tm(u, "updatedAt"), Fields: u},
	}
}

// apiKeyOf finds the APIKey plugin among a's.
func apiKeyOf(a *core.Auth) (*apiKeyPlugin, error) {
	for _, q := range a.Options().Plugins {
		if ak, ok := q.(*apiKeyPlugin); ok {
			return ak, nil
		}
	}
	return nil, errors.New("the auth has no APIKey plugin")
}

func (p *apiKeyPlugin) runtime() *apiKeyRuntime {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rt
}
