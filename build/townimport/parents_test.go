package townimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua/snapshot"
)

// A malformed row of the legal-parents file is an error naming the file,
// the line and the field.
func TestReadLegalParentsErrors(t *testing.T) {
	header := "# comment\ncode,name,legal,certainty,source\n"
	for _, c := range []struct{ row, want string }{
		{"32087135,南马厂乡,320812,official,x", ":3: field code \"32087135\": not a 9-digit township code"},
		{"320871352,南马厂乡,3208,official,x", ":3: field legal \"3208\": not a 6-digit county-level code"},
		{"320871352,南马厂乡,320800,official,x", ":3: field legal \"320800\": not a 6-digit county-level code"},
		{"320871352,南马厂乡,340104,official,x", ":3: field legal \"340104\": not in the township's province"},
		{"320871352,南马厂乡,320812,maybe,x", ":3: field certainty \"maybe\": want official or unconfirmed"},
		{"320871352,南马厂乡,320812,official, ", ":3: field source \" \": empty: every row names its source"},
		{"320871352,,320812,official,x", ":3: field name \"\": empty"},
		{"320871352,南马厂乡,320812,official", "wrong number of fields"},
	} {
		path := filepath.Join(t.TempDir(), "legal.csv")
		if err := os.WriteFile(path, []byte(header+c.row+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadLegalParents(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), path) {
			t.Errorf("%q: error %v, want %q", c.row, err, c.want)
		}
	}
	path := filepath.Join(t.TempDir(), "legal.csv")
	os.WriteFile(path, []byte("code,name\n"), 0o644)
	if _, err := ReadLegalParents(path); err == nil {
		t.Error("a wrong header is accepted")
	}
	if rows, err := ReadLegalParents(filepath.Join(t.TempDir(), "none.csv")); err != nil || rows != nil {
		t.Errorf("a missing file: %v, %v", rows, err)
	}
}

// A row that contradicts stronger evidence, names no county of the
// registry, or matches no record under a unit fails the build, naming its
// line; a row for a record without other evidence sets its legal county.
func TestLegalParentRows(t *testing.T) {
	b, err := os.ReadFile("../../snapshot.bin")
	if err != nil {
		t.Fatal(err)
	}
	county, err := snapshot.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	dir := "../../data"
	eds, err := ReadEditions(filepath.Join(dir, "china-division"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ReadChanges(filepath.Join(dir, "areacodes", "sub-county-diff.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		row  LegalRow
		want string
	}{
		// 枚乘街道 is under 320812 by its workbook row.
		{LegalRow{Line: 7, Code: 320871004, Name: "枚乘街道", Legal: 320803, Source: "x"}, "township-legal-parents.csv:7: field legal 320803: 320871004 枚乘街道 is under 320812 by sub-county-diff.xlsx 2019!323"},
		{LegalRow{Line: 8, Code: 130171010, Name: "长江街道", Legal: 130199, Source: "x"}, "township-legal-parents.csv:8: field legal 130199: not a county-level division"},
		{LegalRow{Line: 9, Code: 130171010, Name: "黄河街道", Legal: 130104, Source: "x"}, "township-legal-parents.csv:9: field code 130171010 黄河街道: no township record"},
	} {
		_, _, err := BuildAll(eds, cs, nil, []LegalRow{c.row}, county)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("row %+v: error %v, want %q", c.row, err, c.want)
		}
	}
	d, _, err := BuildAll(eds, cs, nil, []LegalRow{{Line: 2, Code: 130171010, Name: "长江街道", Legal: 130104, Certainty: snapshot.CertOfficial, Source: "a document"}}, county)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Records {
		if r.Code == 130171010 && (r.Legal != 130104 || r.LegalNote != "a document" || r.LegalBasis != legalDocument) {
			t.Errorf("130171010: legal %d, basis %d, note %q", r.Legal, r.LegalBasis, r.LegalNote)
		}
	}
}
