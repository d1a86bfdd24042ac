package changeset

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// listOf writes the registry's list for a date in the plain form.
func listOf(reg *quhua.Registry, d quhua.Date) []byte {
	var b bytes.Buffer
	b.WriteString("# 2020年中华人民共和国县级以上行政区划代码\n")
	for _, x := range reg.At(d).All() {
		fmt.Fprintf(&b, "%s %s\n", x.Code, x.Name)
		if x.Code == 110000 {
			b.WriteString("110100 市辖区\n") // a placeholder row
		}
		if x.Code == 220100 {
			b.WriteString("220101 市辖区\n220171 长春经济技术开发区\n") // placeholder, statistical
		}
	}
	return b.Bytes()
}

func TestImportList(t *testing.T) {
	up := quhua.Default()
	base, err := quhua.Build(Truncate(up.Data(), quhua.EndOfYear(2019)))
	if err != nil {
		t.Fatal(err)
	}
	end := quhua.EndOfYear(2020)
	entries, err := ReadList("2020.txt", listOf(up, end))
	if err != nil {
		t.Fatal(err)
	}
	cs, diff := ImportList(base, entries, end, quhua.Year, "2020.txt")
	if diff.Skipped != 3 {
		t.Errorf("skipped %d placeholders, want 3", diff.Skipped)
	}
	found := false
	for _, r := range diff.Recoded {
		if r.Code == "220381>220184" {
			found = true
		}
	}
	if !found {
		t.Errorf("公主岭市 not seen as recoded: %+v", diff.Recoded)
	}
	// The draft, applied as it is, gives the 2020 list.
	reg, err := Build(base.Data(), "2019+1", []Applied{{ID: 1, Set: cs}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := listAt(reg, end), listAt(up, end); got != want {
		t.Errorf("the imported draft does not give the 2020 list:\n%s", firstDiff(got, want))
	}
	t.Logf("%d listed: %d new, %d retired, %d renamed, %d recoded", diff.Listed, len(diff.New), len(diff.Retired), len(diff.Renamed), len(diff.Recoded))
}

func TestReadListErrors(t *testing.T) {
	in := "110000 北京市\n11000 错\n220184\n220184 公主岭市\n220184 公主岭市\n220185 公主 岭市\n"
	_, err := ReadList("list.txt", []byte(in))
	if err == nil {
		t.Fatal("malformed list accepted")
	}
	for _, want := range []string{"list.txt:2: invalid code", "list.txt:3: want CODE NAME", "list.txt:5: code 220184 is listed twice (also at list.txt:4)", "list.txt:6: name"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	es, err := ReadList("ok.csv", []byte("\ufeff110000,北京市\n220184\t公主岭市\n"))
	if err != nil || len(es) != 2 || es[1].Name != "公主岭市" {
		t.Errorf("csv/tsv: %+v, %v", es, err)
	}
}

// xlsx builds a minimal spreadsheet with shared and inline strings.
func xlsx(t testing.TB, rows [][2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	put("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="代码" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/data.xml"/></Relationships>`)
	var ss, sheet strings.Builder
	ss.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>行政区划代码</t></si>`)
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="B1" t="s"><v>0</v></c></row>`)
	for i, r := range rows {
		fmt.Fprintf(&ss, `<si><r><t>%s</t></r></si>`, r[1])
		fmt.Fprintf(&sheet, `<row r="%d"><c r="B%d"><v>%s</v></c><c r="D%d" t="s"><v>%d</v></c></row>`, i+2, i+2, r[0], i+2, i+1)
	}
	ss.WriteString(`</sst>`)
	sheet.WriteString(`</sheetData></worksheet>`)
	put("xl/sharedStrings.xml", ss.String())
	put("xl/worksheets/data.xml", sheet.String())
	zw.Close()
	return buf.Bytes()
}

func TestReadListXLSX(t *testing.T) {
	es, err := ReadList("2020.xlsx", xlsx(t, [][2]string{{"220000", "吉林省"}, {"220100", "长春市"}, {"220184", "公主岭市"}}))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || es[2].Code != 220184 || es[2].Name != "公主岭市" || es[2].Where != "2020.xlsx: row 4" {
		t.Errorf("entries %+v", es)
	}
	if _, err := ReadList("bad.xlsx", []byte("PK\x03\x04junk")); err == nil {
		t.Error("a broken spreadsheet was accepted")
	}
}

func FuzzReadList(f *testing.F) {
	f.Add([]byte("110000 北京市\n220184 公主岭市\n"))
	f.Add([]byte("# c\n\n110000,北京市\n"))
	f.Add(xlsx(f, [][2]string{{"220184", "公主岭市"}}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := ReadList("f", b)
		if err == nil {
			for _, e := range es {
				if e.Name == "" || e.Code > 999999 {
					t.Fatalf("bad entry %+v", e)
				}
			}
		}
	})
}
