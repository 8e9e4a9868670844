package prompt

import (
	"bytes"
	"os"
	"testing"

	"github.com/creack/pty"
)

// Questions are drawn on stderr when it is a terminal, so stdout keeps
// only data; with stderr redirected they fall back to stdout.
func TestDrawsOnStderr(t *testing.T) {
	term := func() *os.File {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Skipf("no pseudo-terminal: %v", err)
		}
		t.Cleanup(func() { ptmx.Close(); tty.Close() })
		return tty
	}
	in, out, errOut := term(), term(), term()
	if p := New(in, out, errOut).(*surveyPrompter); p.draw != errOut {
		t.Errorf("with a terminal stderr, questions are drawn on %v, want stderr", p.draw.Name())
	}
	if p := New(in, out, &bytes.Buffer{}).(*surveyPrompter); p.draw != out {
		t.Errorf("with stderr redirected, questions are drawn on %v, want stdout", p.draw.Name())
	}
	if p := New(in, &bytes.Buffer{}, errOut); p.CanPrompt() {
		t.Error("CanPrompt with stdout redirected")
	}
}
