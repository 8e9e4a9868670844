package plugins

import "github.com/authctl/authctl/core"

// BearerOptions configures Bearer. Bearer has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type BearerOptions struct {
	Schema Schema
}

// Bearer authenticates requests with a session token in the Authorization: Bearer header instead of a cookie (Better Auth's bearer, id "bearer"). It adds no tables or columns.
func Bearer(opts ...BearerOptions) core.Plugin {
	o, err := one(opts)
	return noTables("bearer", "bearer", "BearerOptions", err, o.Schema)
}
