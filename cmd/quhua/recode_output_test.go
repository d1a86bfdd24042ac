package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRecodeOutputKilled runs the real command (the test binary installed
// as quhua by TestMain) with its input on a pipe the test holds open,
// waits until the output has started to be written, and stops it with
// SIGKILL or SIGINT. The old output file must be untouched; SIGKILL may
// leave one temporary file, SIGINT none.
func TestRecodeOutputKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	bin, err := exec.LookPath("quhua")
	if err != nil {
		t.Fatal(err)
	}
	// 4 MiB of rows: more than the output buffer, so part of the output
	// reaches the temporary file before the input ends.
	var rows bytes.Buffer
	rows.WriteString("id,code\n")
	for rows.Len() < 4<<20 {
		rows.WriteString("1,220381\n2,320611\n3,220102\n")
	}
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.csv")
			old := []byte("the old output\n")
			if err := os.WriteFile(out, old, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "recode", "--column", "code", "--from", "2019", "-q", "-o", out)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			if _, err := stdin.Write(rows.Bytes()); err != nil {
				t.Fatal(err)
			}
			tmp := waitForOutput(t, dir, len(old), done)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if sig == syscall.SIGINT {
				// The input ends as it does when the producer of a
				// pipeline gets the same Ctrl-C.
				stdin.Close()
			}
			var werr error
			select {
			case werr = <-done:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the command did not stop")
			}
			stdin.Close()
			if werr == nil {
				t.Fatalf("the command succeeded after %v", sig)
			}
			got, err := os.ReadFile(out)
			if err != nil || !bytes.Equal(got, old) {
				t.Errorf("after %v the output is %d bytes (%v), want the old file", sig, len(got), err)
			}
			left := temps(t, dir)
			switch sig {
			case syscall.SIGKILL:
				if len(left) > 1 || len(left) == 1 && left[0] != tmp {
					t.Errorf("after SIGKILL: files %v", left)
				}
			case syscall.SIGINT:
				if len(left) != 0 {
					t.Errorf("after SIGINT a temporary file is left: %v", left)
				}
				if !strings.Contains(stderr.String(), "interrupted; "+out+" was left as it was") {
					t.Errorf("stderr: %s", stderr.String())
				}
				if ee, ok := werr.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
					t.Errorf("exit: %v, want status 130", werr)
				}
			}
		})
	}
}

// temps lists the files of dir other than out.csv.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		if e.Name() != "out.csv" {
			names = append(names, e.Name())
		}
	}
	return names
}

// waitForOutput waits until output has been written: a temporary output
// file in dir holds data (its name is returned), or out.csv no longer has
// the old size. It fails if the command ends first.
func waitForOutput(t *testing.T, dir string, oldSize int, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if st, err := os.Stat(filepath.Join(dir, "out.csv")); err == nil && st.Size() != int64(oldSize) {
			return ""
		}
		for _, name := range temps(t, dir) {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.Size() > 0 && strings.HasPrefix(name, ".out.csv.tmp-") {
				return name
			}
		}
		select {
		case err := <-done:
			t.Fatalf("the command ended before writing: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("no temporary output file appeared")
	return ""
}

// TestRecodeOutputIsStdin: standard input redirected from the output file
// is refused too (quhua recode -o x.csv < x.csv).
func TestRecodeOutputIsStdin(t *testing.T) {
	bin, err := exec.LookPath("quhua")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.csv")
	data := []byte("id,code\n1,220381\n")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(bin, "recode", "--column", "code", "--from", "2019", "-o", path)
	cmd.Stdin = f
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "is the input file (standard input)") {
		t.Errorf("err = %v, output:\n%s", err, out)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Errorf("the input was changed: %q", got)
	}
}
