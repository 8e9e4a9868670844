// Package initcmd scaffolds auth into an existing Go module: the logic of
// `authctl init`, without any command-line parsing.
//
// The flow is plan, render, write. [Inspect] reads the project (go.mod, the
// framework it already requires, an internal/ folder, an existing auth
// config, .env). [NewPlan] checks the [Choices] against it and renders every
// file in memory; nothing touches the disk until every file rendered and
// every check passed. [Plan.Write] then stages every file, .env included,
// beside its target and renames them into place, all or nothing.
// [Plan.Commands] are the go commands that add the requirements afterwards
// (a replace directive first when authctl comes from a checkout).
//
// What a scaffold holds, with defaults:
//
//   - DIR/auth.go (DIR: "lib", or "internal/auth" when the project has an
//     internal/ folder): var Auth = core.New(...) with the chosen database
//     constructor and plugins, reading BETTER_AUTH_SECRET, BETTER_AUTH_URL
//     and DATABASE_URL from the environment, email and password sign-in on,
//     BasePath "/api/auth".
//   - DIR/authhttp/mount.go: Mount(router) error for net/http, chi, gin,
//     echo or fiber, which opens the database first (a missing DATABASE_URL
//     is a start-up error naming it), and the blank import of the
//     database/sql driver. It lives in its
//     own package so that the config package stays free of the framework and
//     the driver: authctl compiles the config package on every config change,
//     and a SQLite driver alone takes minutes to compile cold.
//   - lib/auth-client.ts (src/lib/ when src/ exists) with --client.
//   - .env: BETTER_AUTH_SECRET (a new 64-hex secret), BETTER_AUTH_URL
//     ("http://localhost:PORT" for the port the app's code listens on, else
//     3000) and DATABASE_URL ("sqlite.db", or a PostgreSQL or MySQL URL to
//     edit), each only if neither .env nor .env.local sets it; nothing
//     already in the file changes.
//
// Init never overwrites: an auth config anywhere on authctl's discovery
// path, or any file it would create, stops it before anything is written.
package initcmd
