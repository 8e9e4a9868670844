package plugins

import "github.com/authctl/authctl/core"

// OAuthProxyOptions configures OAuthProxy. OAuthProxy has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type OAuthProxyOptions struct {
	Schema Schema
}

// OAuthProxy proxies OAuth callbacks for preview deployments (Better Auth's oAuthProxy, id "oauth-proxy"). It adds no tables or columns.
func OAuthProxy(opts ...OAuthProxyOptions) core.Plugin {
	o, err := one(opts)
	return noTables("oauth-proxy", "oAuthProxy", "OAuthProxyOptions", err, o.Schema)
}
