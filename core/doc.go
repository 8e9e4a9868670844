// Package core is the auth library a Go application imports in its auth
// config (auth.go):
//
//	var Auth = core.New(core.Options{
//		Database:         core.SQLite("./auth.db"),
//		EmailAndPassword: core.EmailAndPassword{Enabled: true},
//		Plugins:          []core.Plugin{plugins.TwoFactor(plugins.TwoFactorOptions{})},
//	})
//
// Option names mirror Better Auth's, so its documentation carries over. The
// same value serves the application at run time and authctl at build time:
// authctl compiles a tiny loader against the user's package and reads the
// schema the options describe (see WriteJSON).
//
// core imports only the standard library and package schema, because every
// config load compiles it.
package core
