// Package prompt asks the user questions on a terminal, and refuses to when
// there is none.
//
// Every prompt goes through Prompter. The survey-backed implementation
// checks that both stdin and stdout are terminals before calling survey:
// without one, survey writes escape codes to stdout and fails with EOF, and
// a CI job could hang or exit 0 having done nothing. Callers gate prompts
// with Prompter.CanPrompt and fail fast, naming --yes, when it is false.
package prompt
