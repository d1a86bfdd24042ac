package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRecodeRemovesStaleTemps: a run killed with SIGKILL leaves its
// temporary output file; the next run writing the same output removes
// it, and removes no temporary file a running writer holds (here the
// test holds one as a writer does, with its lock), nor files of other
// names.
func TestRecodeRemovesStaleTemps(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	bin, err := exec.LookPath("quhua")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	old := []byte("the old output\n")
	if err := os.WriteFile(out, old, 0o644); err != nil {
		t.Fatal(err)
	}
	var rows bytes.Buffer
	rows.WriteString("id,code\n")
	for rows.Len() < 4<<20 {
		rows.WriteString("1,220381\n2,320611\n3,220102\n")
	}
	cmd := exec.Command(bin, "recode", "--column", "code", "--from", "2019", "-q", "-o", out)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if _, err := stdin.Write(rows.Bytes()); err != nil {
		t.Fatal(err)
	}
	killed := waitForOutput(t, dir, len(old), done)
	if killed == "" {
		t.Fatal("the output was written before the kill")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the command did not stop")
	}
	stdin.Close()
	if _, err := os.Stat(filepath.Join(dir, killed)); err != nil {
		t.Fatalf("the killed run left no temporary file: %v", err)
	}

	// A writer at work: its temporary file is open and locked.
	busy := filepath.Join(dir, ".out.csv.tmp-0badc0de")
	f, err := os.Create(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, ".out.csv.tmp-notmine")
	os.WriteFile(other, nil, 0o644)

	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("id,code\n1,220381\n"), 0o644)
	if b, err := exec.Command(bin, "recode", "--column", "code", "--from", "2019", "-q", "-o", out, in).CombinedOutput(); err != nil {
		t.Fatalf("recode: %v: %s", err, b)
	}
	if _, err := os.Stat(filepath.Join(dir, killed)); err == nil {
		t.Errorf("the killed run's temporary file %s is still there", killed)
	}
	for _, keep := range []string{busy, other} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(keep), err)
		}
	}
	if got, _ := os.ReadFile(out); bytes.Equal(got, old) {
		t.Error("the second run did not write its output")
	}
}
