// Package cmd is authctl's command line: cobra commands, flag wiring, the
// IO streams and prompter they use, and the one map from errors to exit
// codes. It is the only package that imports cobra; the domain packages
// (configload, generate, secret, …) take plain options and io.Writers.
//
// Each command is a factory NewCmdX(f, runF) with an options struct, in the
// shape of GitHub's gh: tests inject streams, a prompter and a runF that
// captures the parsed options.
package cmd
