package cmd

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	extraCmds["pty"] = cmdPty
}

// ptyTimeout bounds each expect and the wait for the program to exit.
const ptyTimeout = 60 * time.Second

// ansi matches the escape sequences survey draws with, and carriage
// returns, so that expectations match the text a user reads.
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]|\r`)

// pty [-exit=N] KEYS prog args... runs prog on a pseudo-terminal (stdin,
// stdout and stderr) and drives it with the file KEYS, one step a line:
//
//	expect REGEXP   wait until the screen output, after the previous
//	                match, matches REGEXP (escape sequences removed)
//	send "TEXT"     type TEXT, a Go string literal ("\x1b[B" is ↓, "\r" ⏎)
//	signal NAME     send prog the signal NAME (INT or TERM), as kill does
//
// Blank lines and lines starting with # are skipped. It then waits for
// prog to exit with N (default 0) and prints the whole output, escape
// sequences removed, as its stdout. Cursor position queries (ESC[6n) are
// answered as a terminal would.
func cmdPty(ts *testscript.TestScript, neg bool, args []string) {
	want := 0
	if len(args) > 0 && strings.HasPrefix(args[0], "-exit=") {
		n, err := strconv.Atoi(strings.TrimPrefix(args[0], "-exit="))
		if err != nil {
			ts.Fatalf("pty: bad %s", args[0])
		}
		want, args = n, args[1:]
	}
	if neg || len(args) < 2 {
		ts.Fatalf("usage: pty [-exit=N] KEYS prog args...")
	}
	steps := ts.ReadFile(args[0])
	// The script's PATH, not the test process's.
	cmd := exec.Command(lookPathIn(ts.Getenv("PATH"), args[1]), args[2:]...)
	cmd.Args[0] = args[1]
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = append(ptyEnv(ts), "PWD="+cmd.Dir)
	term, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 100})
	ts.Check(err)
	defer term.Close()

	scr := &screen{term: term, changed: make(chan struct{}, 1)}
	go scr.read()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	sc := bufio.NewScanner(strings.NewReader(steps))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		verb, arg, _ := strings.Cut(text, " ")
		switch verb {
		case "expect":
			re, err := regexp.Compile(arg)
			if err != nil {
				ts.Fatalf("%s:%d: %v", args[0], line, err)
			}
			if err := scr.expect(re, done); err != nil {
				ts.Logf("screen so far:\n%s", scr.text())
				ts.Fatalf("%s:%d: expect %s: %v", args[0], line, arg, err)
			}
		case "send":
			s, err := strconv.Unquote(arg)
			if err != nil {
				ts.Fatalf("%s:%d: send needs a Go string literal: %v", args[0], line, err)
			}
			// Give the prompt a moment to switch the terminal to raw mode
			// after drawing itself; input typed earlier would be echoed
			// and line-buffered by the terminal.
			time.Sleep(150 * time.Millisecond)
			if _, err := io.WriteString(term, s); err != nil {
				ts.Fatalf("%s:%d: send: %v", args[0], line, err)
			}
		case "signal":
			sig, ok := map[string]os.Signal{"INT": syscall.SIGINT, "TERM": syscall.SIGTERM}[arg]
			if !ok {
				ts.Fatalf("%s:%d: signal: unknown signal %q (use INT or TERM)", args[0], line, arg)
			}
			// As after send: let the prompt settle into its read first.
			time.Sleep(150 * time.Millisecond)
			if err := cmd.Process.Signal(sig); err != nil {
				ts.Fatalf("%s:%d: signal: %v", args[0], line, err)
			}
		default:
			ts.Fatalf("%s:%d: unknown step %q", args[0], line, verb)
		}
	}
	var werr error
	select {
	case werr = <-done:
	case <-time.After(ptyTimeout):
		cmd.Process.Kill()
		werr = <-done
		ts.Logf("screen:\n%s", scr.text())
		ts.Fatalf("pty: %s did not exit within %v", args[1], ptyTimeout)
	}
	scr.drain()
	got := 0
	var ee *exec.ExitError
	if errors.As(werr, &ee) {
		got = ee.ExitCode()
	} else if werr != nil {
		ts.Fatalf("pty: %v", werr)
	}
	fmt.Fprint(ts.Stdout(), scr.text())
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// screen collects what the program writes to the terminal.
type screen struct {
	term    *os.File
	mu      sync.Mutex
	raw     bytes.Buffer
	pos     int // in text(): where the next expect starts
	eof     bool
	changed chan struct{}
}

func (s *screen) read() {
	buf := make([]byte, 4096)
	for {
		n, err := s.term.Read(buf)
		if n > 0 {
			s.mu.Lock()
			before := s.raw.Len()
			s.raw.Write(buf[:n])
			// Answer cursor position queries. Survey asks after moving to
			// the bottom-right corner to learn the size, so answer that
			// with the size and anything else with the top-left corner.
			from := max(before-16, 0)
			all := s.raw.Bytes()
			for i := bytes.Index(all[from:], []byte("\x1b[6n")); i >= 0; {
				at := from + i
				reply := "\x1b[1;1R"
				if bytes.Contains(all[max(at-16, 0):at], []byte("999;999")) {
					reply = "\x1b[24;100R"
				}
				if at+4 > before { // not answered yet
					io.WriteString(s.term, reply)
				}
				from = at + 4
				i = bytes.Index(all[from:], []byte("\x1b[6n"))
			}
			s.mu.Unlock()
			select {
			case s.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			s.mu.Lock()
			s.eof = true
			s.mu.Unlock()
			select {
			case s.changed <- struct{}{}:
			default:
			}
			return
		}
	}
}

// text is the output so far with escape sequences removed.
func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.ReplaceAllString(s.raw.String(), "")
}

func (s *screen) expect(re *regexp.Regexp, done <-chan error) error {
	deadline := time.After(ptyTimeout)
	for {
		// eof first: output read before the end is then in t.
		s.mu.Lock()
		eof := s.eof
		s.mu.Unlock()
		t := s.text()
		if loc := re.FindStringIndex(t[s.pos:]); loc != nil {
			s.pos += loc[1]
			return nil
		}
		if eof {
			return errors.New("the program closed the terminal")
		}
		select {
		case <-s.changed:
		case <-deadline:
			return fmt.Errorf("not seen within %v", ptyTimeout)
		}
	}
}

// drain waits briefly for the last output after the program exited.
func (s *screen) drain() {
	for range 20 {
		s.mu.Lock()
		eof := s.eof
		s.mu.Unlock()
		if eof {
			return
		}
		select {
		case <-s.changed:
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// ptyEnv is the script's environment for a program started outside
// ts.Exec: the variables the scripts and the go command rely on.
func ptyEnv(ts *testscript.TestScript) []string {
	env := []string{"TERM=xterm"}
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "WORK", "GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT", "GOFLAGS",
		"GOPROXY", "GOTOOLCHAIN", "AUTHCTL_CACHE_DIR", "REPO", "NO_COLOR"} {
		if v := ts.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

func lookPathIn(path, name string) string {
	for _, dir := range strings.Split(path, string(os.PathListSeparator)) {
		p := dir + string(os.PathSeparator) + name
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return name
}
