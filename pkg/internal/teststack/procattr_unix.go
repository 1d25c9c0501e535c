//go:build unix && !linux

package teststack

import "syscall"

// processAttrs puts the server in its own process group, so Stop kills the group.
func processAttrs() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
