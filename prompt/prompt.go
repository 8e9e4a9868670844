package prompt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
	"github.com/mattn/go-isatty"
	"golang.org/x/term"
)

// ErrNoTTY is returned when a prompt is needed but stdin or stdout is not a
// terminal.
var ErrNoTTY = errors.New("stdin and stdout must be terminals to ask")

// ErrInterrupted is returned when the user pressed Ctrl-C at a prompt, or
// the prompter's context was cancelled (SIGINT or SIGTERM) while it asked.
var ErrInterrupted = errors.New("interrupted")

// Prompter asks questions. Implementations must never block without a
// terminal.
type Prompter interface {
	// CanPrompt reports whether questions can be asked at all.
	CanPrompt() bool
	// Confirm asks a yes/no question.
	Confirm(message string, def bool) (bool, error)
	// Select asks for one of options.
	Select(message string, options []string, def string) (string, error)
	// MultiSelect asks for any of options.
	MultiSelect(message string, options []string, defs []string) ([]string, error)
}

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool {
	return f != nil && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// New returns a Prompter on the given streams. It can prompt only when in
// and out are both terminal files. Questions are drawn on errOut when it is
// a terminal too, so that stdout carries only data; else on out.
func New(in io.Reader, out io.Writer, errOut io.Writer) Prompter {
	return NewContext(context.Background(), in, out, errOut)
}

// NewContext is New whose questions end with ErrInterrupted when ctx is
// cancelled. On a terminal, Ctrl-C reaches survey as a key, but a signal
// sent with kill (SIGINT, SIGTERM) only cancels the context the process
// installed for it, while survey stays blocked reading the terminal.
func NewContext(ctx context.Context, in io.Reader, out io.Writer, errOut io.Writer) Prompter {
	p := &surveyPrompter{ctx: ctx, errOut: errOut}
	fin, okIn := in.(*os.File)
	fout, okOut := out.(*os.File)
	if okIn && okOut && IsTerminal(fin) && IsTerminal(fout) {
		p.in, p.out, p.draw = fin, fout, fout
		if ferr, ok := errOut.(*os.File); ok && IsTerminal(ferr) {
			p.draw = ferr
		}
	}
	return p
}

// DisableColor turns colour off in every prompt (--no-color). survey reads
// NO_COLOR itself; the flag has to be passed on.
func DisableColor() { core.DisableColor = true }

type surveyPrompter struct {
	ctx    context.Context
	in     *os.File
	out    *os.File
	draw   *os.File // where questions are drawn: errOut, or out
	errOut io.Writer
}

func (p *surveyPrompter) CanPrompt() bool { return p.in != nil && p.out != nil }

func (p *surveyPrompter) opts() []survey.AskOpt {
	return []survey.AskOpt{survey.WithStdio(p.in, p.draw, p.errOut)}
}

// ask runs survey on q and returns its answer. survey reads the terminal
// in raw mode and cannot be stopped while it waits for a key, so it runs
// in a goroutine: when the context is cancelled first, ask puts the
// terminal back in the mode it found, shows the cursor survey hid, ends the
// question's line and returns ErrInterrupted. The goroutine stays blocked
// on the read; the process is about to exit.
func ask[T any](p *surveyPrompter, q survey.Prompt) (T, error) {
	var zero T
	if !p.CanPrompt() {
		return zero, ErrNoTTY
	}
	if p.ctx.Err() != nil {
		return zero, ErrInterrupted
	}
	fd := int(p.in.Fd())
	mode, modeErr := term.GetState(fd)
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		var v T
		err := survey.AskOne(q, &v, p.opts()...)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		if errors.Is(r.err, terminal.InterruptErr) {
			return zero, ErrInterrupted
		}
		return r.v, r.err
	case <-p.ctx.Done():
		if modeErr == nil {
			_ = term.Restore(fd, mode)
		}
		fmt.Fprint(p.draw, "\x1b[?25h\n")
		return zero, ErrInterrupted
	}
}

func (p *surveyPrompter) Confirm(message string, def bool) (bool, error) {
	return ask[bool](p, &survey.Confirm{Message: message, Default: def})
}

func (p *surveyPrompter) Select(message string, options []string, def string) (string, error) {
	q := &survey.Select{Message: message, Options: options}
	if def != "" {
		q.Default = def
	}
	return ask[string](p, q)
}

func (p *surveyPrompter) MultiSelect(message string, options []string, defs []string) ([]string, error) {
	q := &survey.MultiSelect{Message: message, Options: options}
	if len(defs) > 0 {
		q.Default = defs
	}
	return ask[[]string](p, q)
}
