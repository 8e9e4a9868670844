package prompt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// A cancelled context (main cancels it on SIGINT and SIGTERM) ends a
// question that survey is blocked reading: every kind of prompt returns
// ErrInterrupted at once and leaves the terminal in the mode it found.
func TestContextEndsPrompt(t *testing.T) {
	for name, ask := range map[string]func(Prompter) error{
		"confirm":     func(p Prompter) error { _, err := p.Confirm("sure?", false); return err },
		"select":      func(p Prompter) error { _, err := p.Select("pick", []string{"a", "b"}, "a"); return err },
		"multiselect": func(p Prompter) error { _, err := p.MultiSelect("pick", []string{"a", "b"}, nil); return err },
	} {
		t.Run(name, func(t *testing.T) {
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Skipf("no pseudo-terminal: %v", err)
			}
			defer ptmx.Close()
			defer tty.Close()
			var screen bytes.Buffer
			drained := make(chan struct{})
			go func() { io.Copy(&screen, ptmx); close(drained) }()
			before, err := term.GetState(int(tty.Fd()))
			if err != nil {
				t.Fatal(err)
			}

			ctx, cancel := context.WithCancel(context.Background())
			p := NewContext(ctx, tty, tty, tty)
			done := make(chan error, 1)
			go func() { done <- ask(p) }()
			time.Sleep(300 * time.Millisecond) // survey is now reading the terminal
			select {
			case err := <-done:
				t.Fatalf("the prompt returned before any answer or signal: %v", err)
			default:
			}
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, ErrInterrupted) {
					t.Fatalf("err = %v, want ErrInterrupted", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the prompt ignored the cancelled context")
			}
			after, err := term.GetState(int(tty.Fd()))
			if err != nil {
				t.Fatal(err)
			}
			if !sameState(before, after) {
				t.Error("the terminal was left in raw mode")
			}
		})
	}
}

// A context cancelled before the question is asked asks nothing.
func TestCancelledContextAsksNothing(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewContext(ctx, tty, tty, tty).Confirm("sure?", true); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v", err)
	}
}

// sameState compares two terminal modes (term.State holds the termios).
func sameState(a, b *term.State) bool {
	return a != nil && b != nil && *a == *b
}
