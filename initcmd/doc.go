// Package initcmd scaffolds auth into an existing Go module: the logic of
// `authctl init`, without any command-line parsing.
//
// The flow is plan, render, write. [Inspect] reads the project (go.mod, the
// framework it already requires, an internal/ folder, an existing auth
// config, .env). [NewPlan] checks the [Choices] against it and renders every
// file in memory; nothing touches the disk until every file rendered and
// every check passed. [Plan.Write] then stages all files beside their
// targets, renames them into place, and appends the missing keys to .env.
// [Plan.GoGet] adds the requirements afterwards.
//
// What a scaffold holds, with defaults:
//
//   - DIR/auth.go (DIR: "lib", or "internal/auth" when the project has an
//     internal/ folder): var Auth = core.New(...) with the chosen database
//     constructor and plugins, reading BETTER_AUTH_SECRET, BETTER_AUTH_URL
//     and DATABASE_URL from the environment, email and password sign-in on,
//     BasePath "/api/auth".
//   - DIR/authhttp/mount.go: Mount(router) for net/http, chi, gin, echo or
//     fiber, and the blank import of the database/sql driver. It lives in its
//     own package so that the config package stays free of the framework and
//     the driver: authctl compiles the config package on every config change,
//     and a SQLite driver alone takes minutes to compile cold.
//   - lib/auth-client.ts (src/lib/ when src/ exists) with --client.
//   - .env: BETTER_AUTH_SECRET (a new 64-hex secret), BETTER_AUTH_URL
//     ("http://localhost:3000") and, for SQLite, DATABASE_URL ("sqlite.db"),
//     each only if neither .env nor .env.local sets it; nothing already in
//     the file changes.
//
// Init never overwrites: an auth config anywhere on authctl's discovery
// path, or any file it would create, stops it before anything is written.
package initcmd
