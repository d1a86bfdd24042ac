// Command dataupdate adopts a newer checkout of the upstream data set
// (yescallop/areacodes) into data/areacodes, and prints what changed, so
// that a data update is one reviewed commit:
//
//	go run ./build/dataupdate -from ../areacodes -commit 2da87e7648f0da7e10dea39e8a613107ed3fe273
//	go generate . && go test ./...
//
// It takes the upstream files it knows (data/YYYY.txt, diff/YYYY-ZZZZ.diff,
// result.csv, codes.json, plate-codes.csv, sub-county-diff.xlsx, errata.md,
// diff-notes.md, README.md, LICENSE) from -from, byte for byte; a folder
// holding only some of them (newer files only) updates just those. Before
// writing anything it imports the result with the project's corrections
// and stops, writing nothing, if the importer finds a problem. Then it
// copies the files, writes UPSTREAM_COMMIT and SHA256SUMS, and prints the
// files added and changed, the codes added and removed in the newest list,
// and the events and documents added or removed. With -n it only prints.
package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/quhua/quhua/build/genfile"
	"github.com/quhua/quhua/build/upstream"
	"github.com/quhua/quhua/snapshot"
)

// upstreamFile matches the files of the upstream data set that the
// project keeps.
var upstreamFile = regexp.MustCompile(`^(data/\d{4}\.txt|diff/\d{4}-\d{4}\.diff|result\.csv|codes\.json|plate-codes\.csv|sub-county-diff\.xlsx|errata\.md|diff-notes\.md|README\.md|LICENSE)$`)

var commitRE = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

func main() {
	from := flag.String("from", "", "a checkout of the upstream data set, or a folder with some of its newer files (required)")
	commit := flag.String("commit", "", "the upstream commit the files come from (required)")
	to := flag.String("to", "data/areacodes", "the project's copy of the upstream data set")
	corr := flag.String("corrections", "data/corrections.txt", "the project's corrections file")
	dry := flag.Bool("n", false, "print what would change; write nothing")
	exclude := flag.String("exclude", "", "comma-separated files of -from not to take (e.g. README.md when -from is not a checkout of upstream)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./build/dataupdate -from DIR -commit HASH [-to data/areacodes] [-exclude FILES] [-n]\n\n"+
			"Adopts newer upstream files into the project's copy and prints what changed.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *from == "" || *commit == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if !commitRE.MatchString(*commit) {
		fmt.Fprintf(os.Stderr, "dataupdate: -commit %q is not a git commit hash (7 to 40 lower-case hex digits)\n", *commit)
		os.Exit(2)
	}
	skip := map[string]bool{}
	for _, n := range strings.Split(*exclude, ",") {
		if n = strings.TrimSpace(n); n != "" {
			skip[n] = true
		}
	}
	if err := run(os.Stdout, *from, *to, *corr, *commit, skip, *dry); err != nil {
		fmt.Fprintln(os.Stderr, "dataupdate:", err)
		os.Exit(1)
	}
}

// file is one upstream file: its path inside the data set and its bytes.
type file struct {
	name string
	data []byte
}

func run(w io.Writer, from, to, corrPath, commit string, skip map[string]bool, dry bool) error {
	all, ignored, err := readUpstream(from)
	if err != nil {
		return err
	}
	var incoming []file
	for _, f := range all {
		if skip[f.name] {
			ignored = append(ignored, f.name)
			continue
		}
		incoming = append(incoming, f)
	}
	if len(incoming) == 0 {
		return fmt.Errorf("%s holds no upstream file (data/YYYY.txt, diff/*.diff, result.csv …)", from)
	}
	corr, err := os.ReadFile(corrPath)
	if err != nil {
		return err
	}
	current, _, err := readUpstream(to)
	if err != nil {
		return err
	}
	merged := map[string][]byte{}
	for _, f := range current {
		merged[f.name] = f.data
	}
	var added, changed []string
	unchanged := 0
	for _, f := range incoming {
		old, ok := merged[f.name]
		switch {
		case !ok:
			added = append(added, f.name)
		case !bytes.Equal(old, f.data):
			changed = append(changed, f.name)
		default:
			unchanged++
		}
		merged[f.name] = f.data
	}
	before, err := upstream.Import(os.DirFS(to), upstream.Options{Corrections: corr, CorrectionsFile: corrPath})
	if err != nil {
		return fmt.Errorf("the current copy in %s does not import: %w", to, err)
	}
	mem := fstest.MapFS{}
	for n, b := range merged {
		mem[n] = &fstest.MapFile{Data: b, Mode: 0o444}
	}
	after, err := upstream.Import(mem, upstream.Options{Corrections: corr, CorrectionsFile: corrPath})
	if err != nil {
		return fmt.Errorf("the updated data does not import; nothing was written:\n%w", err)
	}

	fmt.Fprintf(w, "upstream commit %s from %s\n", commit, from)
	fmt.Fprintf(w, "files: %d added, %d changed, %d unchanged\n", len(added), len(changed), unchanged)
	for _, n := range added {
		fmt.Fprintf(w, "  added    %s\n", n)
	}
	for _, n := range changed {
		fmt.Fprintf(w, "  changed  %s\n", n)
	}
	for _, n := range ignored {
		fmt.Fprintf(w, "  ignored  %s\n", n)
	}
	report(w, before, after)

	if dry {
		fmt.Fprintln(w, "\n-n: nothing written")
		return nil
	}
	for _, n := range append(added, changed...) {
		if err := genfile.Write(filepath.Join(to, filepath.FromSlash(n)), merged[n]); err != nil {
			return err
		}
	}
	if err := genfile.Write(filepath.Join(to, "UPSTREAM_COMMIT"), []byte(commit+"\n")); err != nil {
		return err
	}
	sums, err := checksums(to)
	if err != nil {
		return err
	}
	if err := genfile.Write(filepath.Join(to, "SHA256SUMS"), sums); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwrote %s (UPSTREAM_COMMIT, SHA256SUMS updated). Next: say in %s which files come from %s, then\n\tgo generate . && go test ./...\n",
		to, filepath.Join(to, "PROVENANCE.md"), commit)
	return nil
}

// readUpstream reads the upstream files below dir, and names the other
// files it found (outside hidden folders).
func readUpstream(dir string) ([]file, []string, error) {
	var files []file
	var ignored []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !upstreamFile.MatchString(rel) {
			if rel != "SHA256SUMS" && rel != "UPSTREAM_COMMIT" && rel != "PROVENANCE.md" {
				ignored = append(ignored, rel)
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files = append(files, file{rel, b})
		return nil
	})
	return files, ignored, err
}

// report prints the codes, records, events and documents that differ.
func report(w io.Writer, before, after *snapshot.Data) {
	fmt.Fprintf(w, "yearly lists: %d–%d → %d–%d\n", before.FirstYear, before.LastYear, after.FirstYear, after.LastYear)
	oldCodes, newCodes := inForce(before), inForce(after)
	var plus, minus []string
	for c, n := range newCodes {
		if oldCodes[c] != n {
			plus = append(plus, fmt.Sprintf("%06d %s", c, n))
		}
	}
	for c, n := range oldCodes {
		if newCodes[c] != n {
			minus = append(minus, fmt.Sprintf("%06d %s", c, n))
		}
	}
	slices.Sort(plus)
	slices.Sort(minus)
	fmt.Fprintf(w, "codes in force in the newest list (%d → %d): %d → %d, %d added, %d removed\n",
		before.LastYear, after.LastYear, len(oldCodes), len(newCodes), len(plus), len(minus))
	for _, s := range plus {
		fmt.Fprintf(w, "  + %s\n", s)
	}
	for _, s := range minus {
		fmt.Fprintf(w, "  - %s\n", s)
	}
	oldRecs, newRecs := recordKeys(before), recordKeys(after)
	ra, rr := diffKeys(oldRecs, newRecs)
	fmt.Fprintf(w, "records: %d → %d (%d new or changed, %d gone or changed)\n", len(before.Records), len(after.Records), len(ra), len(rr))
	oldEv, newEv := eventKeys(before), eventKeys(after)
	ea, er := diffKeys(oldEv, newEv)
	fmt.Fprintf(w, "events: %d → %d (%d added, %d removed or changed)\n", len(before.Events), len(after.Events), len(ea), len(er))
	for _, k := range ea {
		fmt.Fprintf(w, "  + %s\n", newEv[k])
	}
	for _, k := range er {
		fmt.Fprintf(w, "  - %s\n", oldEv[k])
	}
	oldDocs, newDocs := docKeys(before), docKeys(after)
	da, dr := diffKeys(oldDocs, newDocs)
	fmt.Fprintf(w, "documents: %d → %d (%d added, %d removed)\n", len(oldDocs), len(newDocs), len(da), len(dr))
	for _, k := range da {
		fmt.Fprintf(w, "  + %s\n", newDocs[k])
	}
	for _, k := range dr {
		fmt.Fprintf(w, "  - %s\n", oldDocs[k])
	}
}

// inForce returns the codes and names of the records still in force.
func inForce(d *snapshot.Data) map[uint32]string {
	m := map[uint32]string{}
	for _, r := range d.Records {
		if r.To == 0 {
			m[r.Code] = r.Name
		}
	}
	return m
}

func recordKeys(d *snapshot.Data) map[string]string {
	m := map[string]string{}
	for _, r := range d.Records {
		k := fmt.Sprintf("%06d %s %d–%d", r.Code, r.Name, r.From, r.To)
		m[k] = k
	}
	return m
}

// eventKeys keys events by date and documents (not by the line they are
// on, which moves when a file is edited above them).
func eventKeys(d *snapshot.Data) map[string]string {
	m := map[string]string{}
	for i, e := range d.Events {
		var docs []string
		for _, doc := range e.Docs {
			docs = append(docs, strings.TrimSpace(doc.Number+" "+doc.Title))
		}
		k := fmt.Sprintf("%d %s", e.Date, strings.Join(docs, "; "))
		if _, dup := m[k]; dup {
			k += fmt.Sprintf(" #%d", i)
		}
		m[k] = fmt.Sprintf("%s %s (%s)", fmtDate(e.Date), strings.Join(docs, "; "), e.Ref)
	}
	return m
}

func docKeys(d *snapshot.Data) map[string]string {
	m := map[string]string{}
	for _, e := range d.Events {
		for _, doc := range e.Docs {
			k := doc.Number + "|" + doc.Title
			m[k] = strings.TrimSpace(fmt.Sprintf("%s %s %s", doc.Number, doc.Title, fmtDate(doc.Date)))
		}
	}
	return m
}

func fmtDate(d int32) string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100)
}

// diffKeys returns the keys only in b (added) and only in a (removed),
// sorted.
func diffKeys(a, b map[string]string) (added, removed []string) {
	for k := range b {
		if _, ok := a[k]; !ok {
			added = append(added, k)
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			removed = append(removed, k)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}

// checksums returns SHA256SUMS for every file below dir but itself, in
// the format of sha256sum, sorted by path.
func checksums(dir string) ([]byte, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel = filepath.ToSlash(rel); rel != "SHA256SUMS" {
			names = append(names, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var b bytes.Buffer
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), n)
	}
	return b.Bytes(), nil
}
