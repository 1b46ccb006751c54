//go:build unix

package experiment

import "syscall"

// freeDisk is the space free to an unprivileged user on dir's file system.
func freeDisk(dir string) (uint64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return st.Bavail * uint64(st.Bsize), true
}
