// Command gentownship compiles the township level into township.bin. It
// is run by "go generate" in package township:
//
//	go run ./internal/gentownship -data ../data -out township.bin -report testdata
//
// It reads the statistics bureau's editions (data/china-division), the
// ministry's change record (data/areacodes/sub-county-diff.xlsx) and the
// county-level registry embedded in package quhua, whose events the
// townships' codes follow. Besides the snapshot it writes the replay
// report: replay.txt (per pair of editions, how many differences are
// explained by documents, by county-level events, by inference, and how
// many are not), unexplained.txt and unplaced.txt (workbook rows no pair of
// editions shows). The output depends only on the inputs. With -check it
// writes nothing and fails if any file differs from a fresh build.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/internal/genfile"
	"github.com/quhua/quhua/internal/snapshot"
	"github.com/quhua/quhua/internal/townimport"
)

func main() {
	data := flag.String("data", "../data", "the repository's data directory (holding china-division/ and areacodes/sub-county-diff.xlsx)")
	out := flag.String("out", "township.bin", "the snapshot file to write")
	report := flag.String("report", "testdata", "the directory of the replay report files")
	check := flag.Bool("check", false, "write nothing; fail if a file differs from a fresh build")
	flag.Parse()
	if err := run(*data, *out, *report, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gentownship:", err)
		os.Exit(1)
	}
}

func run(data, out, report string, check bool) error {
	d, rep, err := townimport.ImportDir(data, quhua.Default().Data())
	if err != nil {
		return err
	}
	files := map[string][]byte{
		out:                                      snapshot.Encode(d),
		filepath.Join(report, "replay.txt"):      rep.ReplayText(),
		filepath.Join(report, "unexplained.txt"): rep.UnexplainedText(),
		filepath.Join(report, "unplaced.txt"):    rep.UnplacedText(),
	}
	for _, name := range []string{out, filepath.Join(report, "replay.txt"), filepath.Join(report, "unexplained.txt"), filepath.Join(report, "unplaced.txt")} {
		b := files[name]
		if check {
			old, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			if !bytes.Equal(old, b) {
				return fmt.Errorf("%s is not reproducible from %s: %d bytes committed, %d bytes built; run go generate ./township", name, data, len(old), len(b))
			}
			continue
		}
		if err := genfile.Write(name, b); err != nil {
			return err
		}
	}
	verb := "wrote"
	if check {
		verb = "reproduced"
	}
	fmt.Printf("%s %s (%d bytes, %d records, %d events, %d links; %d of %d workbook rows placed)\n", verb, out, len(files[out]), len(d.Records), len(d.Events), len(d.Links), rep.Placed, rep.Rows)
	return nil
}
