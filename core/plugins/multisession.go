package plugins

import "github.com/authctl/authctl/core"

// MultiSessionOptions configures MultiSession. MultiSession has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type MultiSessionOptions struct {
	Schema Schema
}

// MultiSession keeps several signed-in accounts per browser, using ordinary session rows (Better Auth's multiSession, id "multi-session"). It adds no tables or columns.
func MultiSession(opts ...MultiSessionOptions) core.Plugin {
	o, err := one(opts)
	return noTables("multi-session", "multiSession", "MultiSessionOptions", err, o.Schema)
}
