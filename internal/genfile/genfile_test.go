package genfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.bin")
	os.WriteFile(name, []byte("old"), 0o600)
	if err := Write(name, []byte("new")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(name)
	fi, _ := os.Stat(name)
	if string(b) != "new" || fi.Mode().Perm() != 0o644 {
		t.Errorf("got %q, mode %v", b, fi.Mode().Perm())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("%d files in the folder, want 1 (no temporary file left)", len(ents))
	}
	// A folder that does not exist: an error, nothing written.
	if err := Write(filepath.Join(dir, "no", "such"), []byte("x")); err == nil {
		t.Error("no error for a missing folder")
	}
}
