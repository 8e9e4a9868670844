package plugins

import "github.com/authctl/authctl/core"

// OneTimeTokenOptions configures OneTimeToken. OneTimeToken has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type OneTimeTokenOptions struct {
	Schema Schema
}

// OneTimeToken issues single-use tokens for a session; they live in the verification table (Better Auth's oneTimeToken, id "one-time-token"). It adds no tables or columns.
func OneTimeToken(opts ...OneTimeTokenOptions) core.Plugin {
	o, err := one(opts)
	return noTables("one-time-token", "oneTimeToken", "OneTimeTokenOptions", err, o.Schema)
}
