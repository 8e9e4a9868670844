package configload

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill cmd's process when authctl dies,
// however it dies (SIGKILL, OOM killer), so that a loader stuck in a
// config's package initialisation, or a go command building one, is never
// left running as an orphan. Children the go command starts itself
// (compile, link) are not covered: they finish their step and exit.
//
// The signal is tied to the thread that started the process; Go does not
// end its threads while the process lives (unless a goroutine exits while
// locked to one, which authctl never does).
func dieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
