package prompt

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// Without a terminal no prompt may run, and nothing may be written to the
// output streams (survey would write escape codes there).
func TestNoTTYNeverPrompts(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	var out, errOut bytes.Buffer
	for name, p := range map[string]Prompter{
		"buffers": New(strings.NewReader("y\n"), &out, &errOut),
		"devnull": New(devnull, &out, &errOut),
	} {
		if p.CanPrompt() {
			t.Fatalf("%s: CanPrompt = true", name)
		}
		if _, err := p.Confirm("sure?", true); !errors.Is(err, ErrNoTTY) {
			t.Fatalf("%s: Confirm err = %v", name, err)
		}
		if _, err := p.Select("pick", []string{"a", "b"}, "a"); !errors.Is(err, ErrNoTTY) {
			t.Fatalf("%s: Select err = %v", name, err)
		}
		if _, err := p.MultiSelect("pick", []string{"a", "b"}, nil); !errors.Is(err, ErrNoTTY) {
			t.Fatalf("%s: MultiSelect err = %v", name, err)
		}
	}
	if out.Len()+errOut.Len() != 0 {
		t.Fatalf("wrote %q / %q", out.String(), errOut.String())
	}
}
