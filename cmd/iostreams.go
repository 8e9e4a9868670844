package cmd

import (
	"io"
	"os"

	"github.com/authctl/authctl/prompt"
)

// IOStreams are the standard streams a command uses, with what is known
// about them. Data goes to Out; progress, prompts and warnings to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// ErrTTY reports whether ErrOut is a terminal (colour is used only then).
	ErrTTY bool
	// NoColor disables colour (--no-color, NO_COLOR).
	NoColor bool
}

// System returns the process's streams.
func System() *IOStreams {
	// no-color.org: set and not empty.
	noColor := os.Getenv("NO_COLOR") != ""
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		ErrTTY:  prompt.IsTerminal(os.Stderr),
		NoColor: noColor,
	}
}

// Color wraps s in an ANSI colour code when ErrOut is a colour terminal.
func (s *IOStreams) Color(code, text string) string {
	if s.NoColor || !s.ErrTTY {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Success, Warn and Faint colour text for ErrOut.
func (s *IOStreams) Success(text string) string { return s.Color("32", text) }
func (s *IOStreams) Warn(text string) string    { return s.Color("33", text) }
func (s *IOStreams) Faint(text string) string   { return s.Color("2", text) }
