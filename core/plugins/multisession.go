package plugins

import "github.com/authctl/authctl/core"

// MultiSessionOptions configures MultiSession (Better Auth's
// multiSession options).
type MultiSessionOptions struct {
	// MaximumSessions is how many accounts one browser may hold signed in
	// (multi-session cookies); 0 means 5. A sign-in past it still
	// signs in, without a multi-session cookie.
	MaximumSessions int
	// Schema must be empty: MultiSession has no tables; it exists because
	// every plugin takes Better Auth's schema option.
	Schema Schema
}

// MultiSession keeps several signed-in accounts per browser, using
// ordinary session rows (Better Auth's multiSession, id "multi-session").
// It adds no tables or columns.
//
// The Go handler runs it (multisession_runtime.go): every sign-in also
// sets a signed <session_token cookie>_multi-<token> cookie, GET
// /multi-session/list-device-sessions, POST /multi-session/set-active and
// /multi-session/revoke, and sign-out ends every session the browser
// holds.
func MultiSession(opts ...MultiSessionOptions) core.Plugin {
	o, err := one(opts)
	return &multiSessionPlugin{o: o, plugin: &plugin{id: "multi-session", optErr: err, schema: o.Schema,
		rules: rules{options: "MultiSessionOptions", plugin: "multiSession"}}}
}
