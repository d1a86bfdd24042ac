package township_test

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/build/townimport"
	"github.com/quhua/quhua/snapshot"
	"github.com/quhua/quhua/township"
)

func reg(t testing.TB) *quhua.Registry {
	t.Helper()
	r, err := township.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !r.HasTownships() {
		t.Fatal("the default registry has no townships although package township is imported")
	}
	return r
}

// 范家屯镇 in 2019: under 公主岭市, which 四平市 administered (代管).
func TestLookupFanjiatun2019(t *testing.T) {
	d, ok := reg(t).At(quhua.EndOfYear(2019)).Lookup(220381103)
	if !ok {
		t.Fatal("220381103 not in force at the end of 2019")
	}
	if d.Name != "范家屯镇" || d.Kind != quhua.KindTown || d.Level() != quhua.Township {
		t.Fatalf("got %s %s %s", d.Name, d.Kind, d.Level())
	}
	if d.Admin == nil || d.Admin.Code != 220381 || d.Admin.Name != "公主岭市" {
		t.Fatalf("parent %v, want 220381 公主岭市", d.Admin)
	}
	county, _ := d.Registry().At(d.At).Lookup(220381)
	if !county.Delegated() || county.Admin.Name != "四平市" {
		t.Fatalf("公主岭市 in 2019: admin %v, delegated %v; want 四平市 代管", county.Admin, county.Delegated())
	}
	if got := d.FullName(); got != "吉林省四平市公主岭市范家屯镇" {
		t.Fatalf("full name %q", got)
	}
}

// 220381103 → 220184103, same area, through the county's event of 2020.
func TestTranslateFanjiatun(t *testing.T) {
	tr, err := reg(t).Translate(220381103, quhua.EndOfYear(2019), quhua.EndOfYear(2023))
	if err != nil {
		t.Fatal(err)
	}
	m := tr.Main()
	if len(m) != 1 || m[0].Record.Code != 220184103 || m[0].Relation != quhua.Same || m[0].Inferred {
		t.Fatalf("targets %+v", tr.Targets)
	}
	if tr.Status() != quhua.Recoded {
		t.Fatalf("status %s", tr.Status())
	}
	var docs []string
	for _, e := range m[0].Events {
		for _, d := range e.Documents {
			docs = append(docs, d.Number)
		}
	}
	if !slices.Contains(docs, "国函〔2020〕84号") {
		t.Fatalf("documents %q, want 国函〔2020〕84号", docs)
	}
	for _, l := range m[0].Record.Predecessors() {
		if !l.Derived {
			t.Fatalf("link %s → %s is not marked derived", l.From, l.To)
		}
	}
}

// The county's townships at a date: 公主岭市's in 2023 (10 街道, 18 镇, 2 乡;
// the bureau's six 4xx units are not divisions).
func TestChildrenOfCounty(t *testing.T) {
	ch := reg(t).At(quhua.NewDate(2023, 6, 30)).Children(220184)
	kinds := map[quhua.Kind]int{}
	for _, c := range ch {
		kinds[c.Kind]++
		if c.Admin.Code != 220184 {
			t.Errorf("%s: parent %s", c.Record, c.Admin)
		}
	}
	if len(ch) != 30 || kinds[quhua.KindSubdistrict] != 10 || kinds[quhua.KindTown] != 18 || kinds[quhua.KindTownship] != 2 {
		t.Fatalf("%d children %v", len(ch), kinds)
	}
}

// Find by name, with the county as context, and every candidate when the
// name alone is ambiguous.
func TestFindTownship(t *testing.T) {
	v := reg(t).At(quhua.NewDate(2023, 6, 30))
	if got := v.Find("范家屯镇"); len(got) != 1 || got[0].Code != 220184103 {
		t.Fatalf("范家屯镇: %v", got)
	}
	all := v.Find("龙华街道")
	if len(all) < 3 {
		t.Fatalf("龙华街道: %d candidates, want several", len(all))
	}
	var codes []quhua.Code
	for _, d := range all {
		codes = append(codes, d.Code)
	}
	if !slices.Contains(codes, 440309003) {
		t.Fatalf("龙华街道 candidates %v lack 440309003", codes)
	}
	for _, q := range []string{"龙华区龙华街道", "深圳市龙华区龙华街道", "广东省深圳市龙华区龙华街道"} {
		got := v.Find(q)
		if len(got) != 1 || got[0].Code != 440309003 {
			t.Errorf("%s: %v", q, got)
		}
	}
	if got := v.FindUnder("龙华街道", 440309); len(got) != 1 || got[0].Code != 440309003 {
		t.Errorf("FindUnder 440309: %v", got)
	}
}

// The replay property: at each edition's cut-off the registry's townships
// are the edition's, except where a document dates the change otherwise
// (the document wins): then the record's boundary on the other side of the
// cut-off belongs to an event with a document.
func TestReplayEditions(t *testing.T) {
	r := reg(t)
	eds, err := townimport.ReadEditions("../data/china-division")
	if err != nil {
		t.Fatal(err)
	}
	documented := func(e *quhua.Event) bool { return e != nil && len(e.Documents) > 0 }
	disagree := 0
	for _, ed := range eds {
		v := r.At(quhua.Date(ed.Cutoff))
		got := map[uint32]*quhua.Record{}
		for _, rec := range r.Records() {
			if rec.Level() == quhua.Township && rec.InForce(v.Date()) && rec.System == quhua.Statistics {
				got[uint32(rec.Code)] = rec
			}
		}
		for c, name := range ed.Units {
			if g := got[c]; g != nil && g.Name == name {
				continue
			}
			// The edition's record is not in force: a document ended it
			// before the cut-off or starts it after.
			disagree++
			var rec *quhua.Record
			for _, x := range r.CodeRecords(quhua.Code(c)) {
				if x.Name == name && x.System == quhua.Statistics {
					rec = x
				}
			}
			switch {
			case rec == nil:
				t.Errorf("edition %d: %09d %s is in no record", ed.Year, c, name)
			case rec.To != 0 && rec.To <= v.Date() && !documented(rec.Retired),
				rec.From > v.Date() && !documented(rec.Created):
				t.Errorf("edition %d: %09d %s (%s) is not in force on %s and no document says so", ed.Year, c, name, rec.Interval(), v.Date())
			}
		}
		for c, rec := range got {
			if ed.Units[c] == rec.Name {
				continue
			}
			disagree++
			if !documented(rec.Created) && !documented(rec.Retired) {
				t.Errorf("edition %d: %09d %s (%s) is in force on %s, not in the edition, and no document says so", ed.Year, c, rec.Name, rec.Interval(), v.Date())
			}
		}
	}
	t.Logf("%d differences between the editions and the registry at the cut-offs, each dated by a document", disagree)
}

func readLines(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			out[l] = true
		}
	}
	return out
}

func importReport(t *testing.T) *townimport.Report {
	t.Helper()
	b, err := os.ReadFile("../snapshot.bin") // the county level, as the generator reads it
	if err != nil {
		t.Fatal(err)
	}
	county, err := snapshot.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	_, rep, err := townimport.ImportDir("../data", county)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// The unexplained differences and unplaced rows can only go down: every
// one the importer finds must be listed in the checked-in files (by its
// pair, code and name; the evidence after the tab may change), and there
// are at most 1,504 of them, half of the 3,008 once listed. Each lists the
// evidence examined.
func TestUnexplainedOnlyGoDown(t *testing.T) {
	const most = 1504
	rep := importReport(t)
	listed := map[string]bool{}
	for l := range readLines(t, "testdata/unexplained.txt") {
		key, _, _ := strings.Cut(l, "\t")
		listed[key] = true
	}
	for _, l := range rep.Unexplained {
		key, evidence, _ := strings.Cut(l, "\t")
		if !listed[key] {
			t.Errorf("new unexplained difference, not in testdata/unexplained.txt: %s", key)
		}
		for _, what := range []string{"workbook", "edition", "civil-affairs code", "county-level event", "data_location", "stem"} {
			if !strings.Contains(evidence, what) {
				t.Errorf("%s: the evidence does not say what of the %s was examined: %q", key, what, evidence)
			}
		}
	}
	if len(rep.Unexplained) > most {
		t.Errorf("%d unexplained differences, want at most %d", len(rep.Unexplained), most)
	}
	if len(rep.Unexplained) != len(listed) {
		t.Logf("%d unexplained now, %d listed: run go generate ./township to shorten the list", len(rep.Unexplained), len(listed))
	}
	unplaced := readLines(t, "testdata/unplaced.txt")
	now := strings.Split(strings.TrimSpace(string(rep.UnplacedText())), "\n")
	n := 0
	for _, l := range now {
		if strings.HasPrefix(l, "#") {
			continue
		}
		n++
		if !unplaced[l] {
			t.Errorf("new unplaced row, not in testdata/unplaced.txt: %s", l)
		}
	}
	t.Logf("%d differences unexplained, %d of %d workbook rows unplaced", len(rep.Unexplained), n, rep.Rows)
}

// Every row of the workbook, all 7,644 of them: at least 98% placed, each
// with its lineage (TestWorkbookRowsLineage) and its document.
func TestEveryWorkbookRow(t *testing.T) {
	rep := importReport(t)
	if rep.Rows != 7644 {
		t.Fatalf("%d workbook rows read, want all 7644 of sub-county-diff.xlsx", rep.Rows)
	}
	if rep.Placed+len(rep.Unplaced) != rep.Rows {
		t.Fatalf("%d placed + %d unplaced != %d rows", rep.Placed, len(rep.Unplaced), rep.Rows)
	}
	if rep.Placed*100 < rep.Rows*98 {
		t.Fatalf("%d of %d rows placed (%.1f%%), want at least 98%%", rep.Placed, rep.Rows, 100*float64(rep.Placed)/float64(rep.Rows))
	}
	for _, u := range rep.Unplaced {
		if strings.Contains(u.Reason, "no edition shows") || u.Reason == "" {
			t.Errorf("%s: reason %q is not one a reader can check", u.Change.Cite(), u.Reason)
		}
	}
	t.Logf("%d of %d rows placed (%d by their document alone)", rep.Placed, rep.Rows, rep.ByDocument)
}

// Every placed row with both codes: the registry's lineage leads from
// 原区划代码 to 现区划代码 (or the bureau's code it was placed on) by links of
// events on the row's date, one of them carrying the row's document. The
// walk starts at every record of the old code, in either code system.
func TestWorkbookRowsLineage(t *testing.T) {
	r := reg(t)
	rep := importReport(t)
	if len(rep.Links) < 2000 {
		t.Fatalf("only %d rows with both codes placed", len(rep.Links))
	}
	for _, rl := range rep.Links {
		day := quhua.Date(rl.Date)
		want := func(x *quhua.Record) bool {
			c := uint32(x.Code)
			return c == rl.New || c == rl.Change.NewCode || uint32(x.Counterpart) == rl.Change.NewCode
		}
		found := rl.Old == rl.New
		type step struct {
			rec *quhua.Record
			doc bool
		}
		var queue []step
		for _, x := range r.CodeRecords(quhua.Code(rl.Old)) {
			queue = append(queue, step{x, rl.Change.Document == ""})
		}
		seen := map[*quhua.Record]bool{}
		for len(queue) > 0 && !found {
			st := queue[0]
			queue = queue[1:]
			if seen[st.rec] {
				continue
			}
			seen[st.rec] = true
			for _, l := range st.rec.Successors() {
				if l.Event.Date != day {
					continue
				}
				doc := st.doc || slices.ContainsFunc(l.Event.Documents, func(d quhua.Document) bool { return d.Number == rl.Change.Document })
				if want(l.To) && doc {
					found = true
					break
				}
				queue = append(queue, step{l.To, doc})
			}
		}
		if !found {
			t.Errorf("%s: no lineage from %09d to %09d on %s with %q", rl.Change.Cite(), rl.Old, rl.New, day, rl.Change.Document)
		}
	}
}

// stepDocs returns, for a history, each step's role with its documents.
func stepDocs(tl *quhua.Timeline) []string {
	var out []string
	for _, st := range tl.Steps {
		var nums []string
		for _, d := range st.Event.Documents {
			nums = append(nums, d.Number)
		}
		out = append(out, st.Role+" "+st.Record.String()+" "+strings.Join(nums, ","))
	}
	return out
}

// A township renamed in the workbook: 340323100 城关镇 → 谷阳镇, 2022.
func TestHistoryRename(t *testing.T) {
	r := reg(t)
	rec, ok := r.At(quhua.NewDate(2023, 6, 30)).Record(340323100)
	if !ok || rec.Name != "谷阳镇" {
		t.Fatalf("340323100 in 2023: %v", rec)
	}
	tl := r.History(rec)
	if len(tl.Periods) != 2 || tl.Periods[0].Name != "城关镇" {
		t.Fatalf("periods %v", tl.Periods)
	}
	steps := stepDocs(tl)
	if !slices.Contains(steps, "changed 340323100 谷阳镇 皖民地函〔2022〕114号") {
		t.Fatalf("steps %q", steps)
	}
	if st := tl.Steps[len(tl.Steps)-1]; !st.Op.Renamed() {
		t.Fatalf("last step %+v is not a rename", st.Op)
	}
}

// A township merged in the workbook: 130630209 烟煤洞乡 into 130630105
// 杨家庄镇, 2021.
func TestHistoryMerge(t *testing.T) {
	r := reg(t)
	rec := r.CodeRecords(130630209)
	if len(rec) != 1 {
		t.Fatalf("records %v", rec)
	}
	steps := stepDocs(r.History(rec[0]))
	if !slices.Contains(steps, "ended 130630209 烟煤洞乡 冀民函〔2021〕58号") {
		t.Fatalf("steps %q", steps)
	}
	tr, err := r.Translate(130630209, quhua.NewDate(2021, 1, 1), quhua.NewDate(2022, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Status() != quhua.Merged || tr.Main()[0].Record.Code != 130630105 {
		t.Fatalf("translation %s %+v", tr.Status(), tr.Targets)
	}
}

func TestDiffLevel(t *testing.T) {
	r := reg(t)
	from, to := quhua.NewDate(2019, 10, 31), quhua.NewDate(2020, 6, 30)
	tw := r.DiffLevel(from, to, quhua.Township)
	cy := r.DiffLevel(from, to, quhua.County)
	if len(tw.Added) < 1000 || len(cy.Added) == 0 || len(cy.Added) > 100 {
		t.Fatalf("township added %d, county added %d", len(tw.Added), len(cy.Added))
	}
	for _, x := range tw.Added {
		if x.Level() != quhua.Township {
			t.Fatalf("%s in the township diff", x)
		}
	}
	if !slices.ContainsFunc(tw.Added, func(x *quhua.Record) bool { return x.Code == 220184103 }) {
		t.Fatal("220184103 not added between the 2019 and 2020 editions")
	}
}

// A registry loaded from another county snapshot gets the level with With.
func TestWith(t *testing.T) {
	b, err := os.ReadFile("../snapshot.bin")
	if err != nil {
		t.Fatal(err)
	}
	county, err := quhua.Load(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if county.HasTownships() {
		t.Fatal("a county snapshot holds townships")
	}
	both, err := township.With(county)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := both.At(quhua.EndOfYear(2019)).Lookup(220381103); !ok {
		t.Fatal("no 220381103")
	}
	if _, err := township.With(both); err == nil {
		t.Fatal("adding the level twice: no error")
	}
}
