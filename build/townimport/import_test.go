package townimport

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// importRepo compiles the township level from the repository's data, as
// the generator does.
func importRepo(t testing.TB) (*snapshot.Data, *Report) {
	t.Helper()
	b, err := os.ReadFile("../../snapshot.bin")
	if err != nil {
		t.Fatal(err)
	}
	county, err := snapshot.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	d, rep, err := ImportDir("../../data", county)
	if err != nil {
		t.Fatal(err)
	}
	return d, rep
}

// The import reproduces the committed township.bin and report files byte
// for byte, and its data keep the rules of the model: no event that only
// two editions show is dated to the day, every interval has both ends,
// unconfirmed events only after the last edition.
func TestImportReproducible(t *testing.T) {
	d, rep := importRepo(t)
	for name, got := range map[string][]byte{
		"../../township/township.bin":             snapshot.Encode(d),
		"../../township/testdata/replay.txt":      rep.ReplayText(),
		"../../township/testdata/unexplained.txt": rep.UnexplainedText(),
		"../../township/testdata/unplaced.txt":    rep.UnplacedText(),
		"../../township/testdata/legal.txt":       LegalText(d),
	} {
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a fresh import (%d bytes committed, %d built): run go generate ./township", name, len(want), len(got))
		}
	}
	for i, e := range d.Events {
		documented := len(e.Docs) > 0
		switch {
		case e.Prec == uint8(quhua.Day) && !documented:
			t.Errorf("event %d (%s) has day precision without a document", i, e.Ref)
		case e.Prec == uint8(quhua.Interval) && (e.After == 0 || e.After >= e.Date):
			t.Errorf("event %d: interval %d..%d", i, e.After, e.Date)
		case e.Unconfirmed && e.After < Editions[len(Editions)-1].Cutoff:
			t.Errorf("event %d: unconfirmed before the last edition", i)
		}
		if e.Prec == uint8(quhua.Day) && strings.Contains(e.Ref, "inferred from editions") {
			t.Errorf("event %d: an inference dated to the day", i)
		}
	}
	if rep.Placed < rep.Rows*98/100 {
		t.Errorf("%d of %d rows placed", rep.Placed, rep.Rows)
	}
	if rep.DataLocation.Changes == 0 || rep.Units == 0 {
		t.Errorf("data_location changes %d, units %d", rep.DataLocation.Changes, rep.Units)
	}
}

// The name-variant rule: a kind written twice, a name cut short; nothing
// else.
func TestVariantOf(t *testing.T) {
	for _, c := range []struct {
		workbook, bureau string
		want             bool
	}{
		{"五宪镇", "五宪乡镇", true},
		{"五里牌乡", "五里乡", true},
		{"五里牌街道", "五里街道", true},
		{"五宪镇", "五宪镇", false},  // the same name is no variant
		{"五里牌乡", "五里镇", false}, // kinds differ
		{"大兴镇", "兴镇", false},   // not a prefix
		{"甲乡", "甲", false},     // no kind
		{"五里牌乡", "五乡", false},  // fewer than two characters left
	} {
		if got := VariantOf(c.workbook, c.bureau); got != c.want {
			t.Errorf("VariantOf(%s, %s) = %v, want %v", c.workbook, c.bureau, got, c.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		" 东华门街道办事处 ": "东华门街道",
		"双庄街道办":      "双庄街道",
		"杨庄镇\u3000":  "杨庄镇",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Bad input to the data_location reader is an error naming the file and
// the problem.
func TestReadDataLocationErrors(t *testing.T) {
	for _, c := range []struct {
		name, list, file, content, want string
	}{
		{"fields", "a\tb\n", "", "", "SNAPSHOTS.tsv:2: 2 fields"},
		{"date", "d\tc\t2024-2-1\tx\n", "", "", "is not YYYY-MM-DD"},
		{"code", "d\tc\t2024-02-01\tx\n", "d/code/110101.json", `{"11010100":"甲街道"}`, "not 9 digits"},
		{"province", "d\tc\t2024-02-01\tx\n", "d/code/110101.json", `{"120101001":"甲街道"}`, "not in the province"},
		{"name", "d\tc\t2024-02-01\tx\n", "d/code/110101.json", `{"110101001":" "}`, "has no name"},
		{"json", "d\tc\t2024-02-01\tx\n", "d/code/110101.json", `{"110101001":`, "110101.json"},
		{"file", "d\tc\t2024-02-01\tx\n", "d/code/abc.json", `{}`, "not a county file"},
	} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "SNAPSHOTS.tsv"), "# header\n"+c.list)
		if c.file != "" {
			writeFile(t, filepath.Join(dir, c.file), c.content)
		}
		_, err := ReadDataLocation(dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// Bad editions are errors naming file and line.
func TestReadEditionsErrors(t *testing.T) {
	for _, c := range []struct {
		name, streets, want string
	}{
		{"header", "a,b,c,d,e\n", "header"},
		{"digits", "code,name,areaCode,provinceCode,cityCode\n1101010,甲街道,110101,11,1101\n", "has not 9 digits"},
		{"county", "code,name,areaCode,provinceCode,cityCode\n110101001,甲街道,110102,11,1101\n", "not under its code's first six digits"},
		{"name", "code,name,areaCode,provinceCode,cityCode\n110101001,,110101,11,1101\n", "has no name"},
		{"twice", "code,name,areaCode,provinceCode,cityCode\n110101001,甲街道,110101,11,1101\n110101001,乙街道,110101,11,1101\n", "listed twice"},
	} {
		ed := &Edition{Units: map[uint32]string{}, Counties: map[uint32]string{}}
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "areas.csv"), "code,name,cityCode,provinceCode\n110101,东城区,1101,11\n")
		writeFile(t, filepath.Join(dir, "streets.csv"), c.streets)
		err := ed.readCSV(dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// FuzzReadChanges: any bytes given as a workbook yield changes or an
// error, never a panic; each change has a code and a known stated type.
func FuzzReadChanges(f *testing.F) {
	for _, name := range []string{"../../data/areacodes/sub-county-diff.xlsx"} {
		if b, err := os.ReadFile(name); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := ReadChangesFrom(bytes.NewReader(b), "fuzz.xlsx")
		if err != nil {
			return
		}
		for _, c := range cs {
			if c.OldCode == 0 && c.NewCode == 0 {
				t.Fatalf("%s: a change with no code", c.Cite())
			}
			if c.Type < StRename || c.Type > StUnstated {
				t.Fatalf("%s: stated type %d", c.Cite(), c.Type)
			}
		}
	})
}
