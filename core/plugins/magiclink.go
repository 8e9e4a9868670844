package plugins

import "github.com/authctl/authctl/core"

// MagicLinkOptions configures MagicLink. MagicLink has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type MagicLinkOptions struct {
	Schema Schema
}

// MagicLink signs users in with a one-time link sent by email; its tokens live in the verification table (Better Auth's magicLink, id "magic-link"). It adds no tables or columns.
func MagicLink(opts ...MagicLinkOptions) core.Plugin {
	o, err := one(opts)
	return noTables("magic-link", "magicLink", "MagicLinkOptions", err, o.Schema)
}
