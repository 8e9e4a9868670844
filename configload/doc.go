// Package configload finds a project's auth config (auth.go) and evaluates
// it, returning the core.Manifest that the config's core.Auth describes.
//
// A Go config cannot be interpreted: it has to be compiled against the
// user's module, with the user's go.mod, replaces and toolchain. Load
// therefore generates a tiny loader program (main.go calling
// core.WriteJSON on the config variable), builds it with the user's `go`
// command through an -overlay so that nothing is written into the project,
// runs it, and decodes the JSON it prints.
//
// Most configs are a literal, though, and those are read without the go
// command (static.go, static_eval.go; Options.Loader, --loader): the
// static reader evaluates the config package's syntax into real values of
// this binary's core and core/plugins (reflection, plus a table of the
// types, constants and constructors a config may name) and calls the same
// core.New and core.WriteJSON the loader calls. It answers only when it is
// sure the loader would print the same line: the package holds only var
// and const declarations it understands, imports only core, core/plugins,
// os and time, nothing would fail to compile, and the module builds
// against the core this binary holds. Otherwise Load compiles, as below.
// static_test.go holds the differential tests.
//
// Building costs about a second warm, so loaders are cached under
// <CacheDir>/loaders/<key>. The key hashes everything that can change the
// loader binary: the sources and go.mod/go.sum of the module and of every
// local replace or workspace module, the go binary's identity and the build
// environment. Computing it only reads files, so a cache hit never starts
// the go command; a hit costs a directory walk plus one exec.
//
// When no go binary is on PATH a build is impossible, but a loader built
// earlier from the same sources is still right (the sources are hashed), so
// Load falls back to the last loader built for those sources. That keeps
// authctl usable in a go-less container that reuses a warm cache.
//
// The .env and .env.local files shape only the loader's run (the config
// reads them at init, as the application would); the go command builds
// with Options.Env alone, so a GOFLAGS line in .env changes nothing.
//
// Discovery (Find, FindExport) parses the candidates' packages and takes
// the first that declares the variable, so a project's own auth.go does
// not stand in for the config.
//
// On Linux the loader and the go build it needs are started with
// Pdeathsig, so they die with authctl even when it is SIGKILLed. Not
// covered: the `go list` that go/packages starts while type-checking (it
// ends on its own), the go command's own compile and link children, and
// other platforms, where a loader outlives a killed authctl until its
// config's initialisation ends.
//
// Known limits: files embedded with //go:embed are not part of the key (the
// walk hashes only Go build inputs: .go, assembly, cgo sources, go.mod,
// go.sum, go.work, vendor/modules.txt), and a panic during package
// initialisation cannot be recovered in Go, so Load reads the runtime's
// traceback instead of the loader's own report in that case.
package configload
