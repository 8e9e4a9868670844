package configload

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// runTimeout bounds the loader. Evaluating a config must be offline and
// quick; a config that dials a database at init would otherwise hang.
const runTimeout = 30 * time.Second

// errStart marks a loader that could not be started at all (deleted
// under us, not executable, built for another OS). Load then rebuilds.
var errStart = errors.New("cannot start the loader")

// run executes the loader in the project dir with env and decodes the
// manifest it prints.
func run(ctx context.Context, bin string, t target, cfgRel string, env []string, timeout time.Duration) (core.Manifest, error) {
	if timeout <= 0 {
		timeout = runTimeout
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(rctx, bin)
	cmd.Dir = t.dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	cmd.WaitDelay = 2 * time.Second
	dieWithParent(cmd)
	err := cmd.Run()
	switch {
	case ctx.Err() != nil:
		return core.Manifest{}, ctx.Err()
	case rctx.Err() != nil:
		return core.Manifest{}, fmt.Errorf("your auth config (%s) did not finish loading within %s; loading must not wait on a database, the network or input: move such work out of package initialisation", cfgRel, timeout)
	case err != nil:
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return core.Manifest{}, fmt.Errorf("%w: %v", errStart, err)
		}
		return core.Manifest{}, exitError(t, cfgRel, ee.ExitCode(), stderr.String())
	}
	line := manifestLine(stdout.Bytes())
	if line == nil {
		// The loader prints the manifest before it returns from main, so
		// a clean exit without one was the config's own code exiting.
		return core.Manifest{}, exitError(t, cfgRel, 0, stderr.String())
	}
	return decodeManifest(line, cfgRel)
}

// manifestLine returns the last line of the loader's stdout that holds a
// manifest (a JSON object with a formatVersion), or nil. The config's own
// init code may print before it, and a goroutine of its may print after.
func manifestLine(stdout []byte) []byte {
	lines := bytes.Split(bytes.TrimRight(stdout, "\r\n"), []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		l := bytes.TrimRight(lines[i], "\r")
		var head struct {
			FormatVersion *int `json:"formatVersion"`
		}
		if json.Unmarshal(l, &head) == nil && head.FormatVersion != nil {
			return l
		}
	}
	return nil
}

// exitError explains a loader that exited non-zero: a panic (exit 3 when
// the loader recovered it, 2 when the runtime did, during init), the
// loader's own error, or the user's code exiting (log.Fatal and friends).
func exitError(t target, cfgRel string, code int, stderr string) error {
	if r, ok := parseCrash(stderr, t); ok {
		what := "panicked"
		if r.fatal {
			what = "crashed"
		}
		if r.pos != "" {
			return fmt.Errorf("your auth config %s while loading: %s (%s)", what, r.value, r.pos)
		}
		return fmt.Errorf("your auth config %s while loading: %s", what, r.value)
	}
	if code == loaderExitError {
		if i := strings.LastIndex(stderr, loaderErrPrefix); i >= 0 {
			msg := strings.TrimSpace(stderr[i+len(loaderErrPrefix):])
			return fmt.Errorf("reading %s from %s: %s", t.export, cfgRel, firstLines(msg, 5))
		}
	}
	msg := lastLines(stderr, 5)
	if code == 0 {
		// Only os.Exit ends a Go program with status 0 before main
		// returns; the loader's main returns after the manifest.
		why := fmt.Sprintf("your auth config (%s) exited with status 0 while loading, before authctl could read %s: code run during package initialisation called os.Exit; a config must not exit", cfgRel, t.export)
		if msg == "" {
			return errors.New(why + " (it printed nothing on stderr)")
		}
		return fmt.Errorf("%s:\n%s", why, msg)
	}
	if msg == "" {
		return fmt.Errorf("your auth config (%s) exited with status %d while loading, printing nothing", cfgRel, code)
	}
	return fmt.Errorf("your auth config (%s) exited with status %d while loading:\n%s", cfgRel, code, msg)
}

// frameRE matches a traceback's file line: "\t/abs/file.go:12 +0x1d".
var frameRE = regexp.MustCompile(`^\t(.+\.go):(\d+)(?: \+0x[0-9a-f]+)?$`)

// crash is a Go runtime report: a panic ("panic: v") or a fatal error
// ("fatal error: all goroutines are asleep - deadlock!").
type crash struct {
	value string
	pos   string // first frame in the user's module, relative to Dir
	fatal bool
}

// parseCrash finds the runtime's report in stderr, and the first frame in
// the user's module: the line to fix, rather than one inside core or the
// runtime.
func parseCrash(stderr string, t target) (crash, bool) {
	var c crash
	i := strings.LastIndex("\n"+stderr, "\npanic: ")
	if j := strings.LastIndex("\n"+stderr, "\nfatal error: "); j > i {
		i, c.fatal = j, true
	}
	if i < 0 {
		return c, false
	}
	first, rest, _ := strings.Cut(stderr[i:], "\n")
	_, c.value, _ = strings.Cut(first, ": ")
	// Go appends these when a panic was recovered and re-raised.
	c.value = strings.TrimSuffix(c.value, " [recovered]")
	c.value = strings.TrimSuffix(c.value, " [recovered, repanicked]")
	gen := filepath.Join(t.modRoot, genDir) + string(filepath.Separator)
	sc := bufio.NewScanner(strings.NewReader(rest))
	for sc.Scan() {
		m := frameRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		file := filepath.FromSlash(m[1])
		if strings.HasPrefix(file, gen) || !within(t.modRoot, file) {
			continue
		}
		c.pos = relPos(file, t.modRoot, t.dir) + ":" + m[2]
		break
	}
	return c, true
}

// within reports whether file is inside dir.
func within(dir, file string) bool {
	r, err := filepath.Rel(dir, file)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// decodeManifest decodes the manifest line found by manifestLine. The
// version is read first so a manifest from a newer core is refused before
// its shape can confuse the decoder. Errors never quote the output: it
// holds the database URL.
func decodeManifest(line []byte, cfgRel string) (core.Manifest, error) {
	var head struct {
		FormatVersion int `json:"formatVersion"`
	}
	if err := json.Unmarshal(line, &head); err != nil {
		return core.Manifest{}, fmt.Errorf("decoding the manifest of your auth config: %w", err)
	}
	if head.FormatVersion != core.ManifestVersion {
		return core.Manifest{}, fmt.Errorf("the auth library in your project speaks manifest format %d, this authctl understands %d; align versions (%s)",
			head.FormatVersion, core.ManifestVersion, alignHint(head.FormatVersion))
	}
	var m core.Manifest
	if err := json.Unmarshal(line, &m); err != nil {
		return core.Manifest{}, fmt.Errorf("decoding the manifest of your auth config: %w", err)
	}
	if m.Error != "" {
		return m, fmt.Errorf("invalid auth config (%s): %s", cfgRel, m.Error)
	}
	if m.Schema == nil {
		return m, fmt.Errorf("the manifest of your auth config (%s) has no schema", cfgRel)
	}
	return m, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// alignHint names the version to pin: this authctl's own when the build
// records it; otherwise (a development build) the direction to move.
func alignHint(project int) string {
	v := selfVersion()
	switch {
	case v != "":
		return "go get " + modulePath + "@" + v
	case project > core.ManifestVersion:
		return "install a newer authctl, or go get " + modulePath + " at the version of this authctl"
	default:
		return "go get " + modulePath + "@latest"
	}
}

func selfVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	mods := append([]*debug.Module{&bi.Main}, bi.Deps...)
	for _, m := range mods {
		if m.Path == modulePath && m.Version != "" && m.Version != "(devel)" {
			return m.Version
		}
	}
	return ""
}
