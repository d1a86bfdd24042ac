//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
)

// A temporary output file is locked (flock) by the process writing it for
// as long as it is open. The lock goes with the process, however it ends:
// a temporary file nobody holds a lock on was left by a run that was
// killed, and the next run writing the same destination removes it.

// lockTemp takes the writer's lock on f, the temporary file just created
// under name, and reports whether name is still f (a cleaner running at
// the same moment in another process may have taken the unlocked file for
// a stale one).
func lockTemp(f *os.File, name string) bool {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		// A file system without locks: nothing is ever removed as stale.
		return true
	}
	fi, err1 := f.Stat()
	ni, err2 := os.Stat(name)
	return err1 == nil && err2 == nil && os.SameFile(fi, ni)
}

// removeStaleTemps removes the temporary files of base in dir
// (.BASE.tmp-XXXXXXXX) that no running process holds, and returns their
// names.
func removeStaleTemps(dir, base string) []string {
	names, err := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+".tmp-????????"))
	if err != nil {
		return nil
	}
	var removed []string
	for _, name := range names {
		if !isTempName(filepath.Base(name), base) {
			continue
		}
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			// Remove it only if the name still is the file locked.
			fi, err1 := f.Stat()
			ni, err2 := os.Lstat(name)
			if err1 == nil && err2 == nil && os.SameFile(fi, ni) && os.Remove(name) == nil {
				removed = append(removed, name)
			}
		}
		f.Close()
	}
	return removed
}
