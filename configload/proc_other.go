//go:build !linux

package configload

import "os/exec"

// dieWithParent is a no-op where the kernel cannot signal a child when
// its parent dies: there, a loader outlives a killed authctl until its
// own run ends.
func dieWithParent(*exec.Cmd) {}
