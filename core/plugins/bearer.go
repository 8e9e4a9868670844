package plugins

import "github.com/authctl/authctl/core"

// BearerOptions configures Bearer (Better Auth's BearerOptions).
type BearerOptions struct {
	// RequireSignature refuses unsigned tokens: only the signed value of
	// the set-auth-token header (token "." signature) is accepted
	// (Better Auth's requireSignature).
	RequireSignature bool
	// Schema must be empty: Bearer has no tables; it exists because
	// every plugin takes Better Auth's schema option.
	Schema Schema
}

// Bearer authenticates requests with a session token in the
// Authorization: Bearer header instead of a cookie (Better Auth's bearer,
// id "bearer"). It adds no tables or columns.
//
// The Go handler runs the plugin too (core.RuntimePlugin, see
// bearer_runtime.go): a valid bearer token stands for the session cookie
// (in the handler, GetSession and Middleware), and responses that set the
// session cookie carry its value in the set-auth-token header.
func Bearer(opts ...BearerOptions) core.Plugin {
	o, err := one(opts)
	return &bearerPlugin{o: o, plugin: &plugin{id: "bearer", optErr: err, schema: o.Schema,
		rules: rules{options: "BearerOptions", plugin: "bearer"}}}
}
