package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// atomicFile is an output file written under a temporary name in the
// destination's folder and renamed over the destination only when
// complete: until Commit, an existing file of that name is untouched, and
// a crash leaves at most the temporary file (named .NAME.tmp-XXXXXXXX),
// never a partial file under the final name. The writer holds a lock on
// its temporary file; the next write of the same destination removes the
// temporary files no process holds (those of killed runs).
type atomicFile struct {
	*os.File
	path string // the destination (symbolic links resolved)
	// direct: the destination is not a regular file (a device such as
	// /dev/null, or a named pipe) and is written in place.
	direct bool
	done   bool // committed or aborted
}

// createAtomic starts writing path. An existing regular file keeps its
// permissions; a new one gets 0666 less the umask, as os.Create does.
func createAtomic(path string) (*atomicFile, error) {
	dest := path
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.Mode().IsRegular():
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &atomicFile{File: f, path: path, direct: true}, nil
	case err == nil:
		// Replace the file a symbolic link points to, not the link.
		if dest, err = filepath.EvalSymlinks(path); err != nil {
			return nil, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	dir, base := filepath.Split(dest)
	if dir == "" {
		dir = "."
	}
	removeStaleTemps(dir, base)
	for range 16 {
		var r [4]byte
		rand.Read(r[:])
		name := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(r[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !lockTemp(f, name) {
			f.Close()
			continue
		}
		if st != nil {
			if err := f.Chmod(st.Mode().Perm()); err != nil {
				f.Close()
				os.Remove(name)
				return nil, err
			}
		}
		return &atomicFile{File: f, path: dest}, nil
	}
	return nil, fmt.Errorf("cannot create a temporary file next to %s", path)
}

// Commit makes the written data durable and puts it under the final name.
// On error the temporary file is removed and the destination untouched.
func (a *atomicFile) Commit() error {
	if a.done {
		return errors.New("output already closed")
	}
	a.done = true
	if a.direct {
		return a.File.Close()
	}
	tmp := a.Name()
	err := a.Sync()
	if cerr := a.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, a.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	// The rename is durable once the folder is synced; not every file
	// system allows syncing a folder, and the data is safe either way.
	if d, err := os.Open(filepath.Dir(a.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort removes the temporary file and leaves the destination as it was.
func (a *atomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.File.Close()
	if !a.direct {
		os.Remove(a.Name())
	}
}

// sameFile reports whether the paths a and b name the same file: through
// links (os.SameFile) when both exist, by their cleaned absolute paths
// otherwise.
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	pa, errA := filepath.Abs(a)
	pb, errB := filepath.Abs(b)
	return errA == nil && errB == nil && pa == pb
}

// isTempName reports whether name is a temporary file createAtomic makes
// for the destination base: "." + base + ".tmp-" and 8 hexadecimal digits.
func isTempName(name, base string) bool {
	pre := "." + base + ".tmp-"
	if len(name) != len(pre)+8 || name[:len(pre)] != pre {
		return false
	}
	_, err := hex.DecodeString(name[len(pre):])
	return err == nil
}

// globEscape escapes the characters filepath.Match treats specially.
func globEscape(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}
