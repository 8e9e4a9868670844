package plugins

import "github.com/authctl/authctl/core"

// CustomSessionOptions configures CustomSession. CustomSession has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type CustomSessionOptions struct {
	Schema Schema
}

// CustomSession reshapes the session returned by the API; it stores nothing (Better Auth's customSession, id "custom-session"). It adds no tables or columns.
func CustomSession(opts ...CustomSessionOptions) core.Plugin {
	o, err := one(opts)
	return noTables("custom-session", "customSession", "CustomSessionOptions", err, o.Schema)
}
