package prompt

import (
	"errors"
	"io"
	"os"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
	"github.com/mattn/go-isatty"
)

// ErrNoTTY is returned when a prompt is needed but stdin or stdout is not a
// terminal.
var ErrNoTTY = errors.New("stdin and stdout must be terminals to ask")

// ErrInterrupted is returned when the user pressed Ctrl-C at a prompt.
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
	p := &surveyPrompter{errOut: errOut}
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
	in     *os.File
	out    *os.File
	draw   *os.File // where questions are drawn: errOut, or out
	errOut io.Writer
}

func (p *surveyPrompter) CanPrompt() bool { return p.in != nil && p.out != nil }

func (p *surveyPrompter) opts() []survey.AskOpt {
	return []survey.AskOpt{survey.WithStdio(p.in, p.draw, p.errOut)}
}

func (p *surveyPrompter) ask(q survey.Prompt, answer any) error {
	if !p.CanPrompt() {
		return ErrNoTTY
	}
	err := survey.AskOne(q, answer, p.opts()...)
	if errors.Is(err, terminal.InterruptErr) {
		return ErrInterrupted
	}
	return err
}

func (p *surveyPrompter) Confirm(message string, def bool) (bool, error) {
	var ok bool
	err := p.ask(&survey.Confirm{Message: message, Default: def}, &ok)
	return ok, err
}

func (p *surveyPrompter) Select(message string, options []string, def string) (string, error) {
	var s string
	q := &survey.Select{Message: message, Options: options}
	if def != "" {
		q.Default = def
	}
	err := p.ask(q, &s)
	return s, err
}

func (p *surveyPrompter) MultiSelect(message string, options []string, defs []string) ([]string, error) {
	var s []string
	q := &survey.MultiSelect{Message: message, Options: options}
	if len(defs) > 0 {
		q.Default = defs
	}
	err := p.ask(q, &s)
	return s, err
}
