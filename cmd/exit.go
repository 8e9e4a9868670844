package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/authctl/authctl/prompt"
)

// Exit codes. They are documented in the README; this is the only place
// that maps errors to them.
const (
	ExitOK          = 0   // success, or in sync
	ExitError       = 1   // any error, including bad flags and input
	ExitDrift       = 2   // --check found differences or pending changes
	ExitUnsafe      = 3   // refused as unsafe (would lose or corrupt data)
	ExitInterrupted = 130 // interrupted by Ctrl-C or SIGTERM
)

// ErrDrift reports that --check found a difference. Its details have
// already been printed.
var ErrDrift = errors.New("out of date")

// ErrUnsafe wraps refusals of changes that would corrupt or lose data.
var ErrUnsafe = errors.New("refused as unsafe")

// errSilent marks an error whose message was already printed.
type errSilent struct{ err error }

func (e errSilent) Error() string { return e.err.Error() }
func (e errSilent) Unwrap() error { return e.err }

// silent returns err marked as already reported.
func silent(err error) error { return errSilent{err} }

// exitCode maps an error to the process exit code.
func exitCode(ctx context.Context, err error) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, prompt.ErrInterrupted), errors.Is(err, context.Canceled), ctx.Err() != nil:
		return ExitInterrupted
	case errors.Is(err, ErrDrift):
		return ExitDrift
	case errors.Is(err, ErrUnsafe):
		return ExitUnsafe
	default:
		return ExitError
	}
}

// needYes is the error for a confirmation that cannot be asked.
func needYes(what string) error {
	return fmt.Errorf("%s needs confirmation, but stdin or stdout is not a terminal; pass --yes to proceed", what)
}
