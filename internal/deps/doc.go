// Package deps pins modules that only tests and not-yet-imported packages
// use, so that `go mod tidy` keeps them at the reviewed versions. Its
// imports are in deps.go, behind the deps build tag, which keeps them out
// of every build; this file has no tag so the package always has its
// documentation.
package deps
