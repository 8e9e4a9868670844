package plugins

import "github.com/authctl/authctl/core"

// GenericOAuthOptions configures GenericOAuth. GenericOAuth has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type GenericOAuthOptions struct {
	Schema Schema
}

// GenericOAuth adds any OAuth 2.0 / OIDC provider, using the account table (Better Auth's genericOAuth, id "generic-oauth"). It adds no tables or columns.
func GenericOAuth(opts ...GenericOAuthOptions) core.Plugin {
	o, err := one(opts)
	return noTables("generic-oauth", "genericOAuth", "GenericOAuthOptions", err, o.Schema)
}
