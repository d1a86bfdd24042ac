package townimport

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/quhua/quhua/snapshot"
)

// ImportDir reads the editions and the change record under dir (the
// repository's data directory) and compiles the township level.
func ImportDir(dir string, county *snapshot.Data) (*snapshot.Data, *Report, error) {
	eds, err := ReadEditions(filepath.Join(dir, "china-division"))
	if err != nil {
		return nil, nil, err
	}
	cs, err := ReadChanges(filepath.Join(dir, "areacodes", "sub-county-diff.xlsx"))
	if err != nil {
		return nil, nil, err
	}
	snaps, err := ReadDataLocation(filepath.Join(dir, "data_location"))
	if err != nil {
		return nil, nil, err
	}
	legal, err := ReadLegalParents(filepath.Join(dir, "corrections", "township-legal-parents.csv"))
	if err != nil {
		return nil, nil, err
	}
	return BuildAll(eds, cs, snaps, legal, county)
}

// ReplayText is the replay measurement as a table, one line per pair of
// editions.
func (r *Report) ReplayText() []byte {
	var b bytes.Buffer
	b.WriteString("# Township replay: edition Y plus the recorded, county-level and inferred changes gives edition Y+1.\n")
	b.WriteString("# differences = township records that end or start between the two editions (a rename counts twice).\n")
	b.WriteString("# Written by build/gentownship; do not edit.\n")
	fmt.Fprintf(&b, "%-9s %11s %10s %6s %8s %11s\n", "editions", "differences", "documented", "county", "inferred", "unexplained")
	var t Pair
	for _, p := range r.Pairs {
		fmt.Fprintf(&b, "%d→%d %11d %10d %6d %8d %11d\n", p.From, p.To, p.Differences, p.Documented, p.County, p.Inferred, p.Unexplained)
		t.Differences += p.Differences
		t.Documented += p.Documented
		t.County += p.County
		t.Inferred += p.Inferred
		t.Unexplained += p.Unexplained
	}
	fmt.Fprintf(&b, "%-9s %11d %10d %6d %8d %11d\n", "total", t.Differences, t.Documented, t.County, t.Inferred, t.Unexplained)
	fmt.Fprintf(&b, "# workbook rows: %d read, %d placed (%d in a pair of editions, %d by their document alone, dated by the sheet's year), %d not placed (unplaced.txt)\n",
		r.Rows, r.Placed, r.Placed-r.ByDocument, r.ByDocument, len(r.Unplaced))
	for _, rc := range r.ByRule {
		fmt.Fprintf(&b, "# inference rule %s: %d ends and starts explained (%s)\n", rc.Rule.Name, rc.Lines, rc.Rule.Statement)
	}
	dl := r.DataLocation
	fmt.Fprintf(&b, "# after the last edition, data_location (unofficial): %d records ended or started, unconfirmed, through %s; %d it shows that the editions or the workbook already give; %d dropped codes that no record in force bears\n",
		dl.Changes, fmtDate(dl.Last), dl.Confirmed, dl.Unmatched)
	fmt.Fprintf(&b, "# township records ended on (or by) the day their county ended, or gave the part holding them to another county, by a county-level event, where the editions or a document's year placed their end later: %d; of their successors, %d under a county the county-level event does not name (same name), %d of another name or kind that no record bridges from that day (they keep the start the editions date)\n", r.Followed, r.FollowedLinks[0], r.FollowedLinks[1])
	fmt.Fprintf(&b, "# township records under statistics-only units: %d, legal county found for %d, not found for %d (their legal parent is not known)\n",
		r.Units, r.Units-r.UnitsUnresolved, r.UnitsUnresolved)
	return b.Bytes()
}

// UnexplainedText lists the differences nothing explains, one a line.
func (r *Report) UnexplainedText() []byte {
	var b bytes.Buffer
	b.WriteString("# Township records that start or end between two editions with no recorded, county-level or inferred change.\n")
	b.WriteString("# Written by build/gentownship; the tests fail if a line is added or there are more than 1504.\n")
	b.WriteString("# After the tab, the evidence examined: the workbook's rows of the sheets near the pair, the code in the other edition,\n")
	b.WriteString("# the civil-affairs code, the county-level events of the pair, data_location, and the records of the other side whose names agree by the rules' measures.\n")
	for _, l := range r.Unexplained {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// UnplacedText lists the workbook rows no pair of editions shows.
func (r *Report) UnplacedText() []byte {
	var b bytes.Buffer
	b.WriteString("# Rows of sub-county-diff.xlsx that neither a pair of consecutive editions nor their document places, with the reason.\n")
	b.WriteString("# Written by build/gentownship; the tests fail if a line is added.\n")
	for _, u := range r.Unplaced {
		c := u.Change
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Cite(), code9(c.OldCode)+" "+c.OldName, c.Reason, code9(c.NewCode)+" "+c.NewName, c.Document, u.Reason)
	}
	return b.Bytes()
}

func code9(c uint32) string {
	if c == 0 {
		return "-"
	}
	return fmt.Sprintf("%09d", c)
}
