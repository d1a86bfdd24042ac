// Command gensnapshot compiles the upstream data set, the project's
// corrections, its release file and the changes it records after upstream
// into the embedded snapshot. It is run by "go generate" in the repository
// root:
//
//	go run ./build/gensnapshot -data data/areacodes -corrections data/corrections.txt \
//		-release data/RELEASE -changes data/changes -out snapshot.bin
//
// The changes in -changes (*.json, in the change-set format of package
// changeset) are applied in order of their file names, each validated by the
// rules every authored change must satisfy; an invalid one stops the
// build, naming the file and the rule.
//
// The output depends only on its inputs: no clock, no map order, no paths.
// With -check it writes nothing and fails if the file at -out differs from
// what it would write, which is how CI proves the snapshot reproducible.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/quhua/quhua/build/genfile"
	"github.com/quhua/quhua/build/upstream"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/snapshot"
)

func main() {
	data := flag.String("data", "data/areacodes", "the upstream data set (holding data/ and diff/)")
	corr := flag.String("corrections", "data/corrections.txt", "the project's corrections file")
	release := flag.String("release", "data/RELEASE", "the release file: the data release's name and note")
	changes := flag.String("changes", "data/changes", "the folder of changes the project records after upstream (*.json)")
	out := genfile.Flags("snapshot.bin")
	flag.Parse()
	genfile.Main("gensnapshot", func() error { return run(*data, *corr, *release, *changes, out) })
}

func run(data, corr, release, changes string, out *genfile.Output) error {
	d, err := Build(data, corr, release, changes)
	if err != nil {
		return err
	}
	b := snapshot.Encode(d)
	if err := out.Emit(out.Path, b); err != nil {
		return err
	}
	fmt.Printf("%s %s from %s (%d bytes, %d records, %d events, %d links)\n", out.Verb(), out.Path, data, len(b), len(d.Records), len(d.Events), len(d.Links))
	return nil
}

// Build compiles the data: the upstream import, then the release file's
// name and note, then the recorded changes in order of their file names.
func Build(data, corr, release, changes string) (*snapshot.Data, error) {
	d, err := upstream.ImportDir(data, corr)
	if err != nil {
		return nil, err
	}
	provisional := 0
	if release != "" {
		if provisional, err = readRelease(d, release); err != nil {
			return nil, err
		}
	}
	if changes == "" {
		markCertainty(d, provisional)
		return d, nil
	}
	ents, err := os.ReadDir(changes)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(changes, n))
		if err != nil {
			return nil, err
		}
		// Events cite the file as the repository names it, whatever
		// path the generator was given.
		ref := "data/changes/" + n
		cs, err := changeset.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		if d, err = changeset.Record(d, cs, ref); err != nil {
			return nil, err
		}
	}
	markCertainty(d, provisional)
	return d, nil
}

// markCertainty gives the snapshot its certainty marks: every link
// enabled without an official notice (upstream's "!", a change file's
// unconfirmed link) is unconfirmed, citing where it is stated; the events
// of the provisional list (the release file's "provisional YEAR"), the
// records they created and their links are provisional, citing the
// release file and its note.
func markCertainty(d *snapshot.Data, provisional int) {
	d.Marks = nil
	prov := make([]bool, len(d.Events))
	for i, e := range d.Events {
		// Only upstream's own list is provisional; a change the project
		// records cites its documents.
		if provisional != 0 && int(e.Year) == provisional && !strings.HasPrefix(e.Ref, "data/changes/") && !e.Authored {
			prov[i] = true
			d.Marks = append(d.Marks, provisionalMark(d, snapshot.MarkEvent, i, provisional))
		}
	}
	for i, r := range d.Records {
		if r.FromEvent >= 0 && prov[r.FromEvent] {
			d.Marks = append(d.Marks, provisionalMark(d, snapshot.MarkRecord, i, provisional))
		}
	}
	for i, l := range d.Links {
		e := d.Events[l.Event]
		switch {
		case l.Flags&snapshot.Unconfirmed != 0 && strings.HasPrefix(e.Ref, "data/changes/"):
			d.Marks = append(d.Marks, snapshot.Mark{Of: snapshot.MarkLink, Index: int32(i), Certainty: snapshot.CertUnconfirmed,
				Reason: "the change file marks this link unconfirmed: no official text the project could read states it (its note says what is confirmed)", Source: e.Ref})
		case l.Flags&snapshot.Unconfirmed != 0:
			d.Marks = append(d.Marks, snapshot.Mark{Of: snapshot.MarkLink, Index: int32(i), Certainty: snapshot.CertUnconfirmed,
				Reason: "upstream marks this link \"!\": enabled although no official notice confirms it", Source: e.Ref})
		case prov[l.Event]:
			d.Marks = append(d.Marks, provisionalMark(d, snapshot.MarkLink, i, provisional))
		}
	}
	d.SortMarks()
}

func provisionalMark(d *snapshot.Data, of uint8, i, year int) snapshot.Mark {
	reason := fmt.Sprintf("from the provisional %d list", year)
	if d.Note != "" {
		reason = d.Note // the release note says why the list is provisional
	}
	return snapshot.Mark{Of: of, Index: int32(i), Certainty: snapshot.CertProvisional, Reason: reason, Source: "data/RELEASE"}
}

// readRelease reads the release file: "release NAME", "note TEXT" and
// "provisional YEAR" lines, "#" comments and blank lines. It returns the
// provisional list's year, 0 if there is none.
func readRelease(d *snapshot.Data, file string) (int, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	name := ""
	provisional := 0
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, _ := strings.Cut(line, " ")
		val = strings.TrimSpace(val)
		switch {
		case key == "release" && name == "" && validRelease(val):
			name = val
		case key == "release":
			return 0, fmt.Errorf("%s:%d: release: want one line \"release YYYYx\" (a year and a lower-case letter, e.g. 2026a), got %q", file, i+1, line)
		case key == "note" && val != "" && d.Note == "":
			d.Note = val
		case key == "note":
			return 0, fmt.Errorf("%s:%d: note: want one non-empty \"note TEXT\" line", file, i+1)
		case key == "provisional" && provisional == 0:
			y, err := strconv.Atoi(val)
			if err != nil || y < d.FirstYear || y > d.LastYear {
				return 0, fmt.Errorf("%s:%d: provisional: want one line \"provisional YEAR\" naming a yearly list %d–%d, got %q", file, i+1, d.FirstYear, d.LastYear, line)
			}
			provisional = y
		case key == "provisional":
			return 0, fmt.Errorf("%s:%d: provisional: want one \"provisional YEAR\" line", file, i+1)
		default:
			return 0, fmt.Errorf("%s:%d: unknown line %q (want \"release NAME\", \"note TEXT\" or \"provisional YEAR\")", file, i+1, line)
		}
	}
	if name == "" {
		return 0, fmt.Errorf("%s: no \"release NAME\" line", file)
	}
	d.DataVersion = name
	return provisional, nil
}

// validRelease reports whether s names a release: four digits and one
// lower-case letter.
func validRelease(s string) bool {
	if len(s) != 5 || s[4] < 'a' || s[4] > 'z' {
		return false
	}
	for _, c := range s[:4] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
