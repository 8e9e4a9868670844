// Package testmod fills the module cache with the Go modules that tests build
// throwaway projects against, so that `go test ./...` passes on a fresh
// machine. Those builds run with GOPROXY=off, to keep them off the network
// and fast; the modules they need are downloaded here first, once per test
// process, with the proxy the environment names.
package testmod

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// timeout bounds one download: a proxy that does not answer fails the test
// (or skips it) rather than hanging the suite.
const timeout = 10 * time.Minute

var (
	mu    sync.Mutex
	runs  = map[string]*download{}
	goBin = "go"
)

type download struct {
	once sync.Once
	err  error
}

// Download makes sure the module cache holds every module of the build
// list of the go.mod in dir (`go mod download all` there), once per process
// and directory: also the modules only the tests of its dependencies import
// (authctl's core tests import pquerna/otp, go-redis, go-oidc), which `go
// mod tidy` in a scaffold looks up. It
// first runs offline (GOPROXY=off), so that a warm cache never touches the
// network; only when that fails does it download, with the environment's
// GOPROXY (the go command's default when unset).
func Download(dir string) error { return Go(dir, "mod", "download", "all") }

// Go runs the go command with args in dir once per process (the same dir
// and args run once; later calls return the first result), offline first
// and then with the environment's proxy, like Download. It is for the
// go commands whose point is to fill the module cache, such as a go get
// in a scratch module that reads the go.mod files of a whole requirement
// graph.
func Go(dir string, args ...string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	key := abs + "\x00" + strings.Join(args, "\x00")
	mu.Lock()
	d := runs[key]
	if d == nil {
		d = &download{}
		runs[key] = d
	}
	mu.Unlock()
	d.once.Do(func() { d.err = goOfflineFirst(abs, args) })
	return d.err
}

// Require is Download for a test that cannot run without the modules: when
// they cannot be had it skips the test, saying why, or fails it when CI is
// set (a CI machine must be able to download them).
func Require(t testing.TB, dir string) {
	t.Helper()
	err := Download(dir)
	if err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal(err)
	}
	t.Skip(err)
}

func goOfflineFirst(dir string, args []string) error {
	if _, err := exec.LookPath(goBin); err != nil {
		return fmt.Errorf("the go command is not on PATH: %v", err)
	}
	if run(dir, args, "GOPROXY=off") == nil {
		return nil
	}
	var proxy []string
	if os.Getenv("GOPROXY") == "off" {
		// The offline attempt already failed; try the go command's
		// default proxy rather than failing the same way again.
		proxy = []string{"GOPROXY="}
	}
	if err := run(dir, args, proxy...); err != nil {
		return fmt.Errorf("cannot download the Go modules of %s that the test builds against (is the module proxy reachable?): %w", dir, err)
	}
	return nil
}

// run runs the go command with args in dir, with extra environment
// variables.
func run(dir string, args []string, extra ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS="+goflags(), "GOWORK=off", "GOTOOLCHAIN=local")
	cmd.Env = append(cmd.Env, extra...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return nil
}

// goflags is GOFLAGS without -mod, which `go mod download` rejects.
func goflags() string {
	var keep []string
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if !strings.HasPrefix(f, "-mod=") {
			keep = append(keep, f)
		}
	}
	return strings.Join(keep, " ")
}
