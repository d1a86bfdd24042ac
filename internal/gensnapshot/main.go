// Command gensnapshot compiles the upstream data set into the embedded
// snapshot. It is run by "go generate" in the repository root:
//
//	go run ./internal/gensnapshot -data ../shared/data/areacodes -out snapshot.bin
//
// The output depends only on its inputs: no clock, no map order, no paths.
// With -check it writes nothing and fails if the file at -out differs from
// what it would write, which is how CI proves the snapshot reproducible.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/quhua/quhua/internal/snapshot"
	"github.com/quhua/quhua/internal/upstream"
)

func main() {
	data := flag.String("data", "../shared/data/areacodes", "the upstream data set (holding data/ and diff/)")
	corr := flag.String("corrections", "data/corrections.txt", "the project's corrections file")
	out := flag.String("out", "snapshot.bin", "the snapshot file to write")
	check := flag.Bool("check", false, "write nothing; fail if -out differs from a fresh build")
	flag.Parse()
	if err := run(*data, *corr, *out, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gensnapshot:", err)
		os.Exit(1)
	}
}

func run(data, corr, out string, check bool) error {
	d, err := upstream.ImportDir(data, corr)
	if err != nil {
		return err
	}
	b := snapshot.Encode(d)
	if check {
		old, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		if !bytes.Equal(old, b) {
			return fmt.Errorf("%s is not reproducible from %s: %d bytes committed, %d bytes built; run go generate", out, data, len(old), len(b))
		}
		fmt.Printf("%s is reproducible from %s (%d bytes, %d records, %d events, %d links)\n", out, data, len(b), len(d.Records), len(d.Events), len(d.Links))
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".snapshot-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Printf("wrote %s (%d bytes, %d records, %d events, %d links)\n", out, len(b), len(d.Records), len(d.Events), len(d.Links))
	return nil
}
