package cmd

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/authctl/authctl/initcmd"
	"golang.org/x/mod/modfile"
)

// sourceDir returns the checkout of authctl this binary was built from, or
// "" when it is a release or the checkout cannot be found.
//
// github.com/authctl/authctl is not on the public module proxy, so a
// project can only require it from a checkout, through a replace
// directive; init adds one pointing here. A binary counts as built from a
// checkout when it is a development build of this module (no release
// version: `go build`, `go run` or `go install` in the clone) whose source
// paths are recorded (no -trimpath) and still lead to that module's go.mod.
func sourceDir() string {
	if releaseVersion(Version()) != "" {
		return ""
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Path != initcmd.AuthctlModule {
		return ""
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "" // -trimpath
	}
	dir := filepath.Dir(filepath.Dir(file)) // this file is in cmd/
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil || modfile.ModulePath(data) != initcmd.AuthctlModule {
		return ""
	}
	return dir
}
