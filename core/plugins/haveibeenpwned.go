package plugins

import "github.com/authctl/authctl/core"

// HaveIBeenPwnedOptions configures HaveIBeenPwned. HaveIBeenPwned has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type HaveIBeenPwnedOptions struct {
	Schema Schema
}

// HaveIBeenPwned rejects passwords found in the Have I Been Pwned breach corpus (Better Auth's haveIBeenPwned, id "have-i-been-pwned"). It adds no tables or columns.
func HaveIBeenPwned(opts ...HaveIBeenPwnedOptions) core.Plugin {
	o, err := one(opts)
	return noTables("have-i-been-pwned", "haveIBeenPwned", "HaveIBeenPwnedOptions", err, o.Schema)
}
