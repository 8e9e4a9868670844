package core

import (
	"context"
	"errors"
	"net/url"
	"time"
)

// SocialProvider is an OAuth 2.0 or OpenID Connect provider users sign in
// with: the Go shape of Better Auth 1.7.5's OAuthProvider
// (@better-auth/core/dist/oauth2/oauth-provider). Package core/social has
// the providers; a provider may also implement TokenRefresher and
// IDTokenVerifier.
type SocialProvider interface {
	// ID is the provider id: "google", "github", the path segment of
	// /callback/:id and account.providerId.
	ID() string
	// AuthorizationURL is createAuthorizationURL: the provider's
	// authorization endpoint with the request's parameters, in Better
	// Auth's order.
	AuthorizationURL(ctx context.Context, req AuthorizationRequest) (*url.URL, error)
	// ExchangeCode is validateAuthorizationCode: the code's tokens. A nil
	// result without an error is a refused code.
	ExchangeCode(ctx context.Context, req CodeExchange) (*OAuthTokens, error)
	// UserInfo is getUserInfo: the user the tokens belong to, nil when the
	// provider does not say.
	UserInfo(ctx context.Context, tokens *OAuthTokens) (*ProviderUser, error)
	// AccountSubject is accountSubject: the stable account id
	// (account.accountId) from the profile UserInfo returned.
	AccountSubject(profile map[string]any, tokens *OAuthTokens) (string, error)
	// Settings are the provider's options the endpoints read.
	Settings() ProviderSettings
}

// TokenRefresher is a provider that can refresh access tokens
// (refreshAccessToken).
type TokenRefresher interface {
	RefreshAccessToken(ctx context.Context, refreshToken string) (*OAuthTokens, error)
}

// IDTokenVerifier is a provider whose ID tokens sign users in directly
// (sign-in/social and link-social with idToken): verifyIdToken.
type IDTokenVerifier interface {
	// VerifyIDToken reports whether token is a valid ID token of this
	// provider for the client (and nonce, when given).
	VerifyIDToken(ctx context.Context, token, nonce string) (bool, error)
}

// ProviderSettings are a provider's options the endpoints read (the
// ProviderOptions fields of 1.7.5 that are not about the provider's own
// requests).
type ProviderSettings struct {
	// Issuer is compared with the callback's iss parameter, when given.
	Issuer string
	// RequiresIDTokenNonce sends a nonce and binds the ID token to it.
	RequiresIDTokenNonce bool
	// DisableSignUp refuses new users; DisableImplicitSignUp refuses them
	// unless the sign-in asks (requestSignUp).
	DisableSignUp, DisableImplicitSignUp bool
	// OverrideUserInfoOnSignIn updates the user's name, image and email
	// from the provider on every sign-in.
	OverrideUserInfoOnSignIn bool
	// DisableIDTokenSignIn refuses ID-token sign-in.
	DisableIDTokenSignIn bool
}

// Param is one query parameter; ordered lists of them keep Better Auth's
// parameter order.
type Param struct{ Key, Value string }

// AuthorizationRequest is createAuthorizationURL's input.
type AuthorizationRequest struct {
	State, CodeVerifier, IDTokenNonce, RedirectURI string
	// Scopes are added to the provider's default and configured scopes.
	Scopes           []string
	LoginHint        string
	AdditionalParams []Param
}

// CodeExchange is validateAuthorizationCode's input.
type CodeExchange struct {
	Code, CodeVerifier, RedirectURI, DeviceID string
}

// OAuthTokens are a provider's tokens (OAuth2Tokens).
type OAuthTokens struct {
	TokenType, AccessToken, RefreshToken, IDToken string
	// Zero: not given.
	AccessTokenExpiresAt, RefreshTokenExpiresAt time.Time
	Scopes                                      []string
	// ExpectedIDTokenNonce is the nonce of the redirect flow, for
	// providers that bind their ID token to it.
	ExpectedIDTokenNonce string
	// Raw is the token endpoint's JSON answer.
	Raw map[string]any
	// User is the user object the provider sent beside the code (the
	// callback's JSON user parameter, Apple's form_post) or the client sent
	// with an ID token (idToken.user); nil when none.
	User map[string]any
}

// ProviderUser is getUserInfo's answer: the user fields and the raw
// profile (data).
type ProviderUser struct {
	Name, Email string
	// Image nil: the provider has none (undefined).
	Image         *string
	EmailVerified bool
	Data          map[string]any
}

// ErrNoAccountSubject is AccountSubject's error for a profile without an
// id.
var ErrNoAccountSubject = errors.New("OAUTH_ACCOUNT_SUBJECT_INVALID")

// unservedSocial lists the social sign-in options the handler does not
// serve yet.
func unservedSocial(o Options) []string {
	var out []string
	for _, p := range o.SocialProviders {
		if p == nil {
			out = append(out, "SocialProviders (nil)")
		}
	}
	return out
}
