package plugins

import "github.com/authctl/authctl/core"

// OneTapOptions configures OneTap. OneTap has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type OneTapOptions struct {
	Schema Schema
}

// OneTap adds Google One Tap sign-in, using the account table (Better Auth's oneTap, id "one-tap"). It adds no tables or columns.
func OneTap(opts ...OneTapOptions) core.Plugin {
	o, err := one(opts)
	return noTables("one-tap", "oneTap", "OneTapOptions", err, o.Schema)
}
