//go:build linux

package teststack

import "syscall"

// processAttrs puts the server in its own process group (so Stop kills the group) and
// has the kernel kill it if the test binary dies without running its cleanups.
func processAttrs() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
