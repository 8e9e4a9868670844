package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// OAuthProviderOptions configures OAuthProvider.
type OAuthProviderOptions struct {
	// Schema renames the seven tables and their columns.
	Schema Schema
}

// OAuthProvider makes the app an OAuth 2.1 / OpenID Connect provider
// (Better Auth's oauthProvider from @better-auth/oauth-provider, id
// "oauth-provider"; it replaces 1.6's oidcProvider): the oauthClient,
// oauthResource, oauthClientResource, oauthRefreshToken, oauthAccessToken,
// oauthConsent and oauthClientAssertion tables. Better Auth requires JWT
// with it.
//
// oauthClient.clientCredentialsScopes has the default [] in Better Auth;
// it is an API-level default of an array column that no SQL schema
// writes, and it is not carried here.
func OAuthProvider(opts ...OAuthProviderOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "oauth-provider", optErr: err, schema: o.Schema,
		rules:    rules{options: "OAuthProviderOptions", plugin: "oauthProvider"},
		requires: []string{"jwt"},
		tables:   oauthProviderTables,
	}
}

func oauthProviderTables() []schema.Table {
	opt := schema.Optional
	str := schema.TypeString
	strs := schema.TypeStringArray
	date := schema.TypeDate
	toClient := func() *schema.Reference { return &schema.Reference{Model: "oauthClient", Field: "clientId"} }
	toSession := func() *schema.Reference {
		return &schema.Reference{Model: "session", Field: "id", OnDelete: schema.SetNull}
	}
	return []schema.Table{
		{Key: "oauthClient", Fields: []schema.Field{
			{Name: "clientId", Type: str, Unique: true},
			{Name: "clientSecret", Type: str, Required: opt},
			{Name: "clientDiscoveryId", Type: str, Required: opt},
			{Name: "disabled", Type: schema.TypeBoolean, Required: opt, Default: false},
			{Name: "skipConsent", Type: schema.TypeBoolean, Required: opt},
			{Name: "enableEndSession", Type: schema.TypeBoolean, Required: opt},
			{Name: "subjectType", Type: str, Required: opt},
			{Name: "scopes", Type: strs, Required: opt},
			{Name: "clientCredentialsScopes", Type: strs, Required: opt},
			{Name: "userId", Type: str, Required: opt, Index: true, References: refID("user")},
			{Name: "createdAt", Type: date, Required: opt},
			{Name: "updatedAt", Type: date, Required: opt},
			{Name: "name", Type: str, Required: opt},
			{Name: "uri", Type: str, Required: opt},
			{Name: "icon", Type: str, Required: opt},
			{Name: "contacts", Type: strs, Required: opt},
			{Name: "tos", Type: str, Required: opt},
			{Name: "policy", Type: str, Required: opt},
			{Name: "softwareId", Type: str, Required: opt},
			{Name: "softwareVersion", Type: str, Required: opt},
			{Name: "softwareStatement", Type: str, Required: opt},
			{Name: "redirectUris", Type: strs},
			{Name: "postLogoutRedirectUris", Type: strs, Required: opt},
			{Name: "backchannelLogoutUri", Type: str, Required: opt},
			{Name: "backchannelLogoutSessionRequired", Type: schema.TypeBoolean, Required: opt},
			{Name: "tokenEndpointAuthMethod", Type: str, Required: opt},
			{Name: "applicationType", Type: str, Required: opt},
			{Name: "jwks", Type: str, Required: opt},
			{Name: "jwksUri", Type: str, Required: opt},
			{Name: "grantTypes", Type: strs, Required: opt},
			{Name: "responseTypes", Type: strs, Required: opt},
			{Name: "requirePKCE", Type: schema.TypeBoolean, Required: opt},
			{Name: "dpopBoundAccessTokens", Type: schema.TypeBoolean, Required: opt, Default: false},
			{Name: "referenceId", Type: str, Required: opt},
			{Name: "metadata", Type: schema.TypeJSON, Required: opt},
		}},
		{Key: "oauthResource", Fields: []schema.Field{
			{Name: "identifier", Type: str, Unique: true},
			{Name: "name", Type: str},
			{Name: "accessTokenTtl", Type: schema.TypeNumber, Required: opt},
			{Name: "refreshTokenTtl", Type: schema.TypeNumber, Required: opt},
			{Name: "signingAlgorithm", Type: str, Required: opt},
			{Name: "signingKeyId", Type: str, Required: opt},
			{Name: "allowedScopes", Type: strs, Required: opt},
			{Name: "customClaims", Type: schema.TypeJSON, Required: opt},
			{Name: "dpopBoundAccessTokensRequired", Type: schema.TypeBoolean, Required: opt, Default: false},
			{Name: "disabled", Type: schema.TypeBoolean, Required: opt, Default: false},
			{Name: "createdAt", Type: date, Required: opt},
			{Name: "updatedAt", Type: date, Required: opt},
			{Name: "policyVersion", Type: schema.TypeNumber, Required: opt, Default: 1},
			{Name: "metadata", Type: schema.TypeJSON, Required: opt},
		}},
		{Key: "oauthClientResource", Fields: []schema.Field{
			{Name: "clientId", Type: str, Index: true, References: &schema.Reference{Model: "oauthClient", Field: "clientId", OnDelete: schema.Cascade}},
			{Name: "resourceId", Type: str, Index: true, References: &schema.Reference{Model: "oauthResource", Field: "identifier", OnDelete: schema.Cascade}},
			{Name: "metadata", Type: schema.TypeJSON, Required: opt},
			{Name: "createdAt", Type: date, Required: opt},
		}, Indexes: []schema.Index{{Fields: []string{"clientId", "resourceId"}, Unique: true}}},
		{Key: "oauthRefreshToken", Fields: []schema.Field{
			{Name: "token", Type: str, Unique: true},
			{Name: "clientId", Type: str, Index: true, References: toClient()},
			{Name: "sessionId", Type: str, Required: opt, Index: true, References: toSession()},
			{Name: "userId", Type: str, Index: true, References: refID("user")},
			{Name: "referenceId", Type: str, Required: opt},
			{Name: "authorizationCodeId", Type: str, Required: opt, Index: true},
			{Name: "resources", Type: strs, Required: opt},
			{Name: "requestedUserInfoClaims", Type: strs, Required: opt},
			{Name: "expiresAt", Type: date},
			{Name: "createdAt", Type: date},
			{Name: "revoked", Type: date, Required: opt},
			{Name: "rotatedAt", Type: date, Required: opt},
			{Name: "rotationReplayResponse", Type: str, Required: opt},
			{Name: "rotationReplayExpiresAt", Type: date, Required: opt},
			{Name: "authTime", Type: date, Required: opt},
			{Name: "confirmation", Type: schema.TypeJSON, Required: opt},
			{Name: "scopes", Type: strs},
		}},
		{Key: "oauthAccessToken", Fields: []schema.Field{
			{Name: "token", Type: str, Unique: true},
			{Name: "clientId", Type: str, Index: true, References: toClient()},
			{Name: "sessionId", Type: str, Required: opt, Index: true, References: toSession()},
			{Name: "userId", Type: str, Required: opt, Index: true, References: refID("user")},
			{Name: "referenceId", Type: str, Required: opt},
			{Name: "authorizationCodeId", Type: str, Required: opt, Index: true},
			{Name: "resources", Type: strs, Required: opt},
			{Name: "requestedUserInfoClaims", Type: strs, Required: opt},
			{Name: "refreshId", Type: str, Required: opt, Index: true, References: refID("oauthRefreshToken")},
			{Name: "expiresAt", Type: date},
			{Name: "createdAt", Type: date},
			{Name: "revoked", Type: date, Required: opt},
			{Name: "confirmation", Type: schema.TypeJSON, Required: opt},
			{Name: "scopes", Type: strs},
		}},
		{Key: "oauthConsent", Fields: []schema.Field{
			{Name: "clientId", Type: str, Index: true, References: toClient()},
			{Name: "userId", Type: str, Required: opt, Index: true, References: refID("user")},
			{Name: "referenceId", Type: str, Required: opt},
			{Name: "resources", Type: strs, Required: opt},
			{Name: "requestedUserInfoClaims", Type: strs, Required: opt},
			{Name: "scopes", Type: strs},
			{Name: "createdAt", Type: date},
			{Name: "updatedAt", Type: date},
		}},
		{Key: "oauthClientAssertion", Fields: []schema.Field{
			{Name: "expiresAt", Type: date},
		}},
	}
}
