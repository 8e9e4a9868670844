package configload

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// genDir is where the loader's main package appears to live inside the
// user's module. It exists only in the -overlay: being inside the module
// is what lets it import the config package through the user's own go.mod,
// replaces and go.sum, and being virtual means nothing is written into the
// project and nothing is left behind if authctl is killed.
const genDir = "authctl_loader_gen"

// newTempDir creates the miss's scratch dir (inside the user's GOTMPDIR,
// if set, which exists for machines whose /tmp is unusable) and returns
// env with GOTMPDIR pointing into it. The go command dies on an interrupt
// without removing its $WORK dir, so its work dirs go where Load's own
// RemoveAll will find them.
func newTempDir(env []string) (dir string, goEnv []string, err error) {
	dir, err = os.MkdirTemp(getenv(env, "GOTMPDIR"), "authctl-loader-")
	if err != nil {
		return "", nil, fmt.Errorf("creating a temp dir for the loader: %w", err)
	}
	work := filepath.Join(dir, "gotmp")
	if err := os.Mkdir(work, 0o700); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("creating a temp dir for the loader: %w", err)
	}
	return dir, withEnv(env, "GOTMPDIR", work), nil
}

// build compiles the loader for t into the cache under key and returns its
// path. The binary is linked to a unique temp name and renamed into place,
// so concurrent authctl runs never see a half-written loader.
func build(ctx context.Context, t target, goBin, tmp string, cache loaderCache, key string) (string, error) {
	src, err := loaderSource(t.pkgPath, t.export)
	if err != nil {
		return "", err
	}
	mainGo := filepath.Join(tmp, "main.go")
	if err := os.WriteFile(mainGo, src, 0o644); err != nil {
		return "", fmt.Errorf("writing the loader: %w", err)
	}
	ov, err := json.Marshal(map[string]map[string]string{
		"Replace": {filepath.Join(t.modRoot, genDir, "main.go"): mainGo},
	})
	if err != nil {
		return "", err
	}
	ovPath := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		return "", fmt.Errorf("writing the loader overlay: %w", err)
	}
	// Private: whoever can write here chooses what authctl executes.
	if err := os.MkdirAll(cache.dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the loader cache: %w", err)
	}
	out := cache.bin(key) + ".tmp-" + randHex()
	defer os.Remove(out) // a no-op once renamed

	// -buildvcs=false is a flag, not GOFLAGS: the user's GOFLAGS still
	// apply. VCS stamping would run git for a binary nobody ships, and it
	// fails in checkouts git refuses to read (e.g. "dubious ownership").
	args := []string{"build", "-overlay", ovPath, "-buildvcs=false"}
	if !strings.Contains(getenv(t.env, "GOFLAGS"), "-ldflags") {
		// No DWARF: the loader is run, never debugged, and the linker
		// spends a quarter of the build and much of its memory on it.
		// Panics keep file:line (that is the pclntab, not DWARF). A
		// user's own -ldflags in GOFLAGS wins: a flag here would
		// replace it, -X settings and all.
		args = append(args, "-ldflags=-w")
	}
	cmd := exec.CommandContext(ctx, goBin, append(args, "-o", out, "./"+genDir)...)
	cmd.Dir = t.modRoot
	// The go command trusts PWD for the paths it prints when it names the
	// same directory, which keeps symlinked project paths as the user
	// typed them.
	cmd.Env = withEnv(t.env, "PWD", t.modRoot)
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	interruptOnCancel(cmd)
	dieWithParent(cmd)
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", buildError(t, stderr.String(), err, mainGo)
	}
	dst := cache.bin(key)
	if err := os.Rename(out, dst); err != nil {
		return "", fmt.Errorf("storing the loader in the cache: %w", err)
	}
	return dst, nil
}

// buildPackage runs `go build` on the config package alone and returns
// what the go command printed when it failed.
func buildPackage(ctx context.Context, t target, goBin string) (string, error) {
	cmd := exec.CommandContext(ctx, goBin, "build", "-buildvcs=false", t.pattern())
	cmd.Dir = t.modRoot
	cmd.Env = withEnv(t.env, "PWD", t.modRoot)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	interruptOnCancel(cmd)
	dieWithParent(cmd)
	err := cmd.Run()
	if err != nil && ctx.Err() != nil {
		return "", ctx.Err()
	}
	return out.String(), err
}

// compile builds the config package alone and returns the compiler's
// errors, or nil when it compiles.
func compile(ctx context.Context, t target, goBin string) error {
	out, err := buildPackage(ctx, t, goBin)
	if err == nil || ctx.Err() != nil {
		return err
	}
	return buildError(t, out, err, "")
}

// moduleError builds the config package alone and returns what the go
// command says is wrong: errNoRequire when the module does not require
// authctl, a *goCommandError with its message and the fix otherwise. It
// returns nil when the package builds.
func moduleError(ctx context.Context, t target, goBin string) error {
	out, err := buildPackage(ctx, t, goBin)
	if err == nil || ctx.Err() != nil {
		return err
	}
	msg := strings.TrimSpace(out)
	if msg == "" {
		msg = err.Error()
	}
	if missingCore(msg) {
		return errNoRequire
	}
	return newGoCommandError(t, "build", msg)
}

// interruptOnCancel makes cancellation send the interrupt a Ctrl-C would,
// with a kill only after WaitDelay. The go command does not remove its
// $WORK dir on either, which is why newTempDir points GOTMPDIR into a
// directory Load always removes.
func interruptOnCancel(cmd *exec.Cmd) {
	if runtime.GOOS != "windows" {
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	}
	cmd.WaitDelay = 5 * time.Second
}

// buildError explains a failed `go build`. go/packages has already
// type-checked the config, so this is rare: a link error, a cgo failure,
// a vendor or go.sum inconsistency, or a core whose API differs from the
// one this authctl generates calls to. genFile is the generated main.go
// (the compiler names the overlay's source file), "" when not building it.
func buildError(t target, out string, err error, genFile string) error {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "# ") {
			continue
		}
		if strings.Contains(l, modulePath) && strings.Contains(l, "no required module provides") {
			return errNoRequire
		}
		if m := posRE.FindStringSubmatch(l); m != nil && genFile != "" {
			if f := resolveRel(t.modRoot, m[1]); f == genFile || f == filepath.Join(t.modRoot, genDir, "main.go") {
				return fmt.Errorf("the auth library in your project does not match this authctl (%s); align versions (%s)", m[3], alignHint(0))
			}
		}
		lines = append(lines, relLine(l, t.modRoot, t.dir))
	}
	if len(lines) == 0 {
		lines = []string{err.Error()}
	}
	return &compileError{pkg: t.pkgPath, lines: lines}
}

func randHex() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics instead)
	return hex.EncodeToString(b[:])
}
