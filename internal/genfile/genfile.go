// Package genfile writes the files the project's generators and data
// commands produce: whole, or not at all.
package genfile

import (
	"os"
	"path/filepath"
)

// Write replaces name with data atomically: it writes a temporary file in
// the same folder, syncs it, makes it readable (0644) and renames it over
// name. On any error the temporary file is removed and name is untouched.
func Write(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
