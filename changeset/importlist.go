package changeset

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/quhua/quhua"
)

// ListEntry is one row of an official code list.
type ListEntry struct {
	Code quhua.Code
	Name string
	// Where is the row's place in its file: "FILE:LINE", or
	// "FILE: row N" in a spreadsheet.
	Where string
}

// ListError reports every malformed row of a list.
type ListError struct {
	Problems []string // each "FILE:LINE: message"
}

func (e *ListError) Error() string {
	const max = 20
	var b strings.Builder
	fmt.Fprintf(&b, "%d malformed row(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == max {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-max)
			break
		}
		b.WriteString("\n  " + p)
	}
	return b.String()
}

// ReadList reads an official code list: the plain form, one "CODE NAME"
// a line (white space, a tab or a comma between them; lines starting with
// # are comments), or the spreadsheet form the Ministry publishes (.xlsx:
// in each row of the first sheet, the first cell holding a 6-digit code
// and the next non-empty cell as the name; other rows, such as titles and
// notes, are skipped). name is used in error messages and to tell the
// forms apart (a zip file is a spreadsheet).
func ReadList(name string, data []byte) ([]ListEntry, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		rows, err := xlsxRows(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return listFromRows(name, rows)
	}
	var entries []ListEntry
	le := &ListError{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, n)
		code, rest, ok := strings.Cut(strings.Replace(line, ",", " ", 1), " ")
		if !ok {
			code, rest, ok = strings.Cut(line, "\t")
		}
		rest = strings.TrimFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
		if !ok || rest == "" {
			le.Problems = append(le.Problems, where+": want CODE NAME, e.g. 220184 公主岭市")
			continue
		}
		c, err := quhua.ParseCode(strings.TrimSpace(code))
		if err != nil {
			le.Problems = append(le.Problems, where+": "+err.Error())
			continue
		}
		if c.Township() {
			le.Problems = append(le.Problems, fmt.Sprintf("%s: %s is a township code: a list of county-level-and-above divisions has 6-digit codes", where, c))
			continue
		}
		if strings.ContainsFunc(rest, unicode.IsSpace) {
			le.Problems = append(le.Problems, fmt.Sprintf("%s: name %q contains white space", where, rest))
			continue
		}
		entries = append(entries, ListEntry{Code: c, Name: rest, Where: where})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return checkList(entries, le)
}

func listFromRows(name string, rows [][]string) ([]ListEntry, error) {
	var entries []ListEntry
	le := &ListError{}
	for i, row := range rows {
		where := fmt.Sprintf("%s: row %d", name, i+1)
		for j, cell := range row {
			cell = strings.TrimSpace(cell)
			if len(cell) != 6 || strings.Trim(cell, "0123456789") != "" {
				continue
			}
			c, _ := quhua.ParseCode(cell)
			nm := ""
			for _, next := range row[j+1:] {
				if nm = strings.Join(strings.Fields(next), ""); nm != "" {
					break
				}
			}
			if nm == "" {
				le.Problems = append(le.Problems, where+": code "+cell+" has no name")
			} else {
				entries = append(entries, ListEntry{Code: c, Name: nm, Where: where})
			}
			break
		}
	}
	if len(entries) == 0 && len(le.Problems) == 0 {
		return nil, fmt.Errorf("%s: no row holds a 6-digit code", name)
	}
	return checkList(entries, le)
}

func checkList(entries []ListEntry, le *ListError) ([]ListEntry, error) {
	seen := map[quhua.Code]string{}
	for _, e := range entries {
		if w, ok := seen[e.Code]; ok {
			le.Problems = append(le.Problems, fmt.Sprintf("%s: code %s is listed twice (also at %s)", e.Where, e.Code, w))
		}
		seen[e.Code] = e.Where
	}
	if len(le.Problems) > 0 {
		return nil, le
	}
	return entries, nil
}

// placeholder reports whether a list row is not a division: a placeholder
// (110100 市辖区, 220101 市辖区, 429000 省直辖县级行政区划) or a
// statistical-only code of a development zone (see quhua.Registry.Identify),
// which the registry does not hold.
func placeholder(reg *quhua.Registry, at quhua.Date, e ListEntry) bool {
	if e.Code.Level() == quhua.Prefecture && (e.Name == "市辖区" || e.Name == "县" || strings.HasSuffix(e.Name, "直辖县级行政区划")) {
		return true
	}
	switch reg.Identify(e.Code, at).Class {
	case quhua.ClassPlaceholder:
		return e.Name == "市辖区"
	case quhua.ClassStatistical:
		for _, w := range []string{"开发区", "管理区", "园区", "管委会", "示范区", "高新区"} {
			if strings.Contains(e.Name, w) {
				return true
			}
		}
	}
	return false
}

// ListDiff is how a list differs from the registry.
type ListDiff struct {
	Date    string `json:"date"`
	Listed  int    `json:"listed"`
	Skipped int    `json:"skipped"` // placeholders and statistical-only codes
	New     []Unit `json:"new"`
	Retired []Unit `json:"retired"`
	Renamed []Unit `json:"renamed"` // with the new name
	Recoded []Unit `json:"recoded"` // new code and name, from Unit of the same name retired
}

// ImportList compares a list of the divisions in force on date with reg
// and drafts the change set of what differs: renamed codes (rename), codes
// that left and came back under one name in the same province (recode),
// new codes (establish) and codes gone (abolish). It is a draft for a
// person to complete: lineage (which units gave area to a new one, where
// an abolished one went) and the documents.
func ImportList(reg *quhua.Registry, entries []ListEntry, date quhua.Date, prec quhua.Precision, source string) (*ChangeSet, *ListDiff) {
	v := reg.At(date)
	diff := &ListDiff{Date: date.Format(prec)}
	listed := map[quhua.Code]string{}
	for _, e := range entries {
		if placeholder(reg, date, e) {
			diff.Skipped++
			continue
		}
		listed[e.Code] = e.Name
		diff.Listed++
	}
	var added, gone []Unit
	for _, e := range entries {
		if placeholder(reg, date, e) {
			continue
		}
		r, ok := v.Record(e.Code)
		switch {
		case !ok:
			added = append(added, Unit{Code: e.Code.String(), Name: e.Name})
		case r.Name != e.Name:
			diff.Renamed = append(diff.Renamed, Unit{Code: e.Code.String(), Name: e.Name})
		}
	}
	for _, d := range v.All() {
		if d.Level() == quhua.Township {
			continue // the list is of county-level-and-above codes
		}
		if _, ok := listed[d.Code]; !ok {
			gone = append(gone, Unit{Code: d.Code.String(), Name: d.Name})
		}
	}
	cs := &ChangeSet{
		Title:     fmt.Sprintf("%s年县级以上行政区划代码的变更", date.Format(quhua.Year)),
		Date:      date.Format(prec),
		Documents: []Document{{Title: fmt.Sprintf("中华人民共和国县级以上行政区划代码（%s）", date.Format(quhua.Year)), Source: source}},
		Note: "Drafted from the list " + source + ": add the decisions (文号) of each change, and the lineage — " +
			"which units gave area to the new ones (establish.from, or merge and split), and where abolished units went.",
	}
	var ops []Operation
	// A code gone and a new code with the same name in the same province:
	// one unit recoded (as 公主岭市 220381 → 220184).
	used := map[string]bool{}
	for _, g := range gone {
		gc, _ := quhua.ParseCode(g.Code)
		var match []Unit
		for _, a := range added {
			ac, _ := quhua.ParseCode(a.Code)
			if a.Name == g.Name && ac.Province() == gc.Province() && ac.Level() == gc.Level() && !used[a.Code] {
				match = append(match, a)
			}
		}
		if len(match) == 1 {
			used[match[0].Code], used[g.Code] = true, true
			diff.Recoded = append(diff.Recoded, Unit{Code: g.Code + ">" + match[0].Code, Name: g.Name})
			ops = append(ops, Operation{Type: OpRecode, Code: g.Code, NewCode: match[0].Code})
		}
	}
	for _, r := range diff.Renamed {
		ops = append(ops, Operation{Type: OpRename, Code: r.Code, Name: r.Name})
	}
	for _, a := range added {
		if !used[a.Code] {
			diff.New = append(diff.New, a)
			ops = append(ops, Operation{Type: OpEstablish, Code: a.Code, Name: a.Name})
		}
	}
	for _, g := range gone {
		if !used[g.Code] {
			diff.Retired = append(diff.Retired, g)
			ops = append(ops, Operation{Type: OpAbolish, Code: g.Code})
		}
	}
	slices.SortStableFunc(ops, func(a, b Operation) int { return strings.Compare(a.Code, b.Code) })
	cs.Operations = ops
	return cs, diff
}

// xlsxRows returns the cell texts of the first sheet of an .xlsx file,
// row by row, each row's cells in column order (empty strings for gaps).
func xlsxRows(data []byte) ([][]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a spreadsheet: %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	read := func(name string) ([]byte, error) {
		f, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("spreadsheet lacks %s", name)
		}
		if f.UncompressedSize64 > 256<<20 {
			return nil, fmt.Errorf("%s is too large", name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(io.LimitReader(rc, 256<<20))
	}
	sheet := "xl/worksheets/sheet1.xml"
	if wb, err := read("xl/workbook.xml"); err == nil {
		var w struct {
			Sheets []struct {
				ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			} `xml:"sheets>sheet"`
		}
		if rels, err := read("xl/_rels/workbook.xml.rels"); err == nil && xml.Unmarshal(wb, &w) == nil && len(w.Sheets) > 0 {
			var r struct {
				Rels []struct {
					ID     string `xml:"Id,attr"`
					Target string `xml:"Target,attr"`
				} `xml:"Relationship"`
			}
			if xml.Unmarshal(rels, &r) == nil {
				for _, rel := range r.Rels {
					if rel.ID == w.Sheets[0].ID {
						t := strings.TrimPrefix(rel.Target, "/")
						if !strings.HasPrefix(t, "xl/") {
							t = path.Join("xl", t)
						}
						sheet = t
					}
				}
			}
		}
	}
	var shared []string
	if ss, err := read("xl/sharedStrings.xml"); err == nil {
		var sst struct {
			SI []struct {
				T string `xml:"t"`
				R []struct {
					T string `xml:"t"`
				} `xml:"r"`
			} `xml:"si"`
		}
		if err := xml.Unmarshal(ss, &sst); err != nil {
			return nil, fmt.Errorf("sharedStrings.xml: %w", err)
		}
		for _, si := range sst.SI {
			s := si.T
			for _, r := range si.R {
				s += r.T
			}
			shared = append(shared, s)
		}
	}
	sb, err := read(sheet)
	if err != nil {
		return nil, err
	}
	var ws struct {
		Rows []struct {
			Cells []struct {
				Ref    string `xml:"r,attr"`
				Type   string `xml:"t,attr"`
				V      string `xml:"v"`
				Inline string `xml:"is>t"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(sb, &ws); err != nil {
		return nil, fmt.Errorf("%s: %w", sheet, err)
	}
	var rows [][]string
	for _, r := range ws.Rows {
		var row []string
		for _, c := range r.Cells {
			val := c.V
			switch c.Type {
			case "s":
				i, err := strconv.Atoi(strings.TrimSpace(c.V))
				if err != nil || i < 0 || i >= len(shared) {
					return nil, fmt.Errorf("%s: cell %s refers to a missing shared string %q", sheet, c.Ref, c.V)
				}
				val = shared[i]
			case "inlineStr":
				val = c.Inline
			}
			if col := column(c.Ref); col >= len(row) && col < 1<<10 {
				row = append(row, make([]string, col-len(row))...)
			}
			row = append(row, val)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, errors.New("the first sheet is empty")
	}
	return rows, nil
}

// column returns the zero-based column of a cell reference like "C12".
func column(ref string) int {
	n := 0
	for _, r := range ref {
		if r < 'A' || r > 'Z' {
			break
		}
		n = n*26 + int(r-'A'+1)
	}
	return n - 1
}
