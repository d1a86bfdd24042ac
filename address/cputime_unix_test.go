//go:build unix

package address

import "syscall"

// cpuSeconds is the CPU time (user and system) the process has used. On a
// machine shared with other work it measures the parser steadier than the
// wall clock does.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
