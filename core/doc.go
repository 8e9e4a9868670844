// Package core is the auth library a Go application imports in its auth
// config (auth.go):
//
//	var Auth = core.New(core.Options{
//		Database:         core.SQLite("./auth.db"),
//		EmailAndPassword: core.EmailAndPassword{Enabled: true},
//		Plugins:          []core.Plugin{plugins.Username(plugins.UsernameOptions{})},
//	})
//
// Option names mirror Better Auth's, so its documentation carries over. The
// same value serves the application at run time and authctl at build time:
// authctl compiles a tiny loader against the user's package and reads the
// schema the options describe (see WriteJSON).
//
// At run time the same Auth serves Better Auth's HTTP API: Handler returns
// an http.Handler for BasePath (default "/api/auth") that speaks Better
// Auth 1.7.5's wire protocol (sign-up, sign-in, sessions, password changes)
// on the tables `authctl migrate` creates, so the official JavaScript client
// and a TypeScript Better Auth server sharing the database work with it.
// GetSession, Middleware and RequireSession give Go handlers the session.
// Open resolves the secret and opens Database.URL with the database/sql
// driver the application imports (or uses Database.DB); it refuses a
// database without the auth tables and, in production, a missing secret.
//
// Plugins run in the handler through the plugin runtime (RuntimePlugin,
// PluginRuntime): endpoints, before and after hooks and database hooks.
// core special-cases no plugin; a configured plugin without a runtime makes
// Open fail, naming it, unless Options.SessionsOnly limits the handler to
// reading and revoking sessions.
//
// core imports only the standard library, golang.org/x (scrypt, NFKC) and
// package schema — never a database driver — because every config load
// compiles it.
package core
