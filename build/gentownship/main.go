// Command gentownship compiles the township level into township.bin. It
// is run by "go generate" in package township:
//
//	go run ../build/gentownship -data ../data -out township.bin -report testdata
//
// It reads the statistics bureau's editions (data/china-division), the
// ministry's change record (data/areacodes/sub-county-diff.xlsx) and the
// county-level registry embedded in package quhua, whose events the
// townships' codes follow. Besides the snapshot it writes the replay
// report: replay.txt (per pair of editions, how many differences are
// explained by documents, by county-level events, by inference, and how
// many are not), unexplained.txt and unplaced.txt (workbook rows no pair of
// editions shows) and legal.txt (the townships under statistics-only units,
// each with its legal county and the evidence, or why it is not known).
// The output depends only on the inputs. With -check it writes nothing and
// fails if any file differs from a fresh build.
package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/build/genfile"
	"github.com/quhua/quhua/build/townimport"
	"github.com/quhua/quhua/snapshot"
)

func main() {
	data := flag.String("data", "../data", "the repository's data directory (holding china-division/ and areacodes/sub-county-diff.xlsx)")
	out := genfile.Flags("township.bin")
	report := flag.String("report", "testdata", "the directory of the replay report files")
	flag.Parse()
	genfile.Main("gentownship", func() error { return run(*data, *report, out) })
}

func run(data, report string, o *genfile.Output) error {
	out := o.Path
	d, rep, err := townimport.ImportDir(data, quhua.Default().Data())
	if err != nil {
		return err
	}
	files := map[string][]byte{
		out:                                      snapshot.Encode(d),
		filepath.Join(report, "replay.txt"):      rep.ReplayText(),
		filepath.Join(report, "unexplained.txt"): rep.UnexplainedText(),
		filepath.Join(report, "unplaced.txt"):    rep.UnplacedText(),
		filepath.Join(report, "legal.txt"):       townimport.LegalText(d),
	}
	for _, name := range []string{out, filepath.Join(report, "replay.txt"), filepath.Join(report, "unexplained.txt"), filepath.Join(report, "unplaced.txt"), filepath.Join(report, "legal.txt")} {
		if err := o.Emit(name, files[name]); err != nil {
			return err
		}
	}
	fmt.Printf("%s %s (%d bytes, %d records, %d events, %d links; %d of %d workbook rows placed)\n", o.Verb(), out, len(files[out]), len(d.Records), len(d.Events), len(d.Links), rep.Placed, rep.Rows)
	return nil
}
