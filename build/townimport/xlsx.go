package townimport

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Change is one row of sub-county-diff.xlsx, with its merged cells filled
// in: a township-level change between two codes, or an establishment (no
// old code) or abolition (no new code).
type Change struct {
	Sheet    int    // the sheet's year, 2014–2023
	Row      int    // 1-based spreadsheet row
	Province string // 省份 (empty in the 2015 sheet, which has no such column)
	OldCode  uint32 // 原区划代码, 0 if none
	OldName  string // 原名称
	Reason   string // 变更原因, as written (spaces trimmed)
	Type     Stated // Reason mapped onto an operation type
	NewCode  uint32 // 现区划代码, 0 if none
	NewName  string // 现名称
	// A few rows give a code without its name or a name without its code
	// (the two sit on neighbouring rows in some blocks); the importer
	// completes them from the editions.
	Document string // 批准文件, empty if none is given
}

// Cite returns where the row stands in the workbook, e.g. "sub-county-diff.xlsx 2019!12".
func (c Change) Cite() string { return fmt.Sprintf("sub-county-diff.xlsx %d!%d", c.Sheet, c.Row) }

// Stated is the operation a row's 变更原因 states.
type Stated uint8

// The stated operations.
const (
	StRename    Stated = iota + 1 // 更名
	StRecode                      // 区划代码变更: the code changes, the unit stays
	StConvert                     // 撤乡设镇, 撤镇设街道 …: a unit of one kind becomes one of another
	StMerge                       // 合并, 并入其他建制, 撤乡、镇设镇 …: several units become one
	StSplit                       // 撤镇设街道、镇: one unit becomes several
	StEstablish                   // 新设街道 …
	StAbolish                     // 撤销 …
	StTransfer                    // 隶属关系变更, 划归管辖: the unit moves to another county
	StAdjust                      // 调整, 区划调整: boundaries redrawn
	// StUnstated: the cell is empty (a few blocks leave 变更原因 blank);
	// the operation is read from the codes alone.
	StUnstated
)

var statedNames = [...]string{"", "rename", "recode", "convert", "merge", "split", "establish", "abolish", "transfer", "adjust", "unstated"}

func (s Stated) String() string {
	if int(s) < len(statedNames) {
		return statedNames[s]
	}
	return "Stated(" + strconv.Itoa(int(s)) + ")"
}

// reasons maps every 变更原因 the workbook uses onto a stated operation. A
// reason missing here is an error: the importer never guesses.
var reasons = map[string]Stated{
	"更名": StRename, "名称变更": StRename, "变更名称": StRename,
	"区划代码变更": StRecode, "区划代码调整": StRecode, "名称、区划代码变更": StRecode,
	"撤乡设镇": StConvert, "撤乡建镇": StConvert, "撤镇设街道": StConvert, "撤镇建街道": StConvert,
	"撤乡设街道": StConvert, "撤乡建街道": StConvert, "撤街道设镇": StConvert, "撤街道建镇": StConvert,
	"撤销街道设镇": StConvert, "撤销街道建镇": StConvert, "撤乡设乡": StConvert, "撤镇设镇": StConvert,
	"撤街道设街道": StConvert, "撤镇建镇": StConvert, "撤镇建新镇": StConvert, "撤销镇新设镇": StConvert,
	"撤销乡新设乡": StConvert, "撤销设街道": StConvert, "撤销设镇": StConvert, "撤销建街道": StConvert,
	"撤乡建街道、更名": StConvert,
	"合并":       StMerge, "合并乡": StMerge, "合并建制": StMerge, "合并建街道": StMerge, "合并建镇": StMerge,
	"合并街道": StMerge, "合并调整": StMerge, "合并镇": StMerge, "并入其他建制": StMerge, "并镇": StMerge,
	"撤乡并镇": StMerge, "撤并": StMerge, "撤销合并": StMerge, "乡镇合并": StMerge, "街道合并": StMerge,
	"撤乡、镇设镇": StMerge, "撤乡、街道设街道": StMerge, "撤乡、镇设乡": StMerge, "撤乡、镇设街道": StMerge,
	"撤镇、街道设街道": StMerge, "撤镇、街道设镇": StMerge, "撤镇乡设街道": StMerge, "撤乡镇建街道": StMerge,
	"撤销乡、镇新设镇": StMerge, "撤销乡、镇设街道": StMerge, "撤销乡、镇设镇": StMerge, "撤街道、镇、乡": StMerge,
	"撤镇设街道、镇": StSplit, "撤镇设镇、街道": StSplit,
	"新设街道": StEstablish, "新设镇": StEstablish, "新设乡": StEstablish, "新设苏木": StEstablish,
	"新增乡": StEstablish, "新增街道": StEstablish, "新增建制": StEstablish, "新建乡": StEstablish,
	"新建乡镇": StEstablish, "新建街道": StEstablish, "新建镇": StEstablish, "设街道": StEstablish,
	"撤销": StAbolish, "撤销乡": StAbolish, "撤销街道": StAbolish, "撤销镇": StAbolish, "撤镇": StAbolish,
	"撤乡": StAbolish, "撤销建制": StAbolish, "撤街道设社区工作站": StAbolish, "撤镇设市": StAbolish,
	"隶属关系变更": StTransfer, "划归管辖": StTransfer, "整建制划归": StTransfer, "归属调整": StTransfer,
	"调整": StAdjust, "区划调整": StAdjust, "区划变更": StAdjust,
}

// Reasons returns the stated operation of a 变更原因, and whether it is known.
func Reasons(reason string) (Stated, bool) {
	s, ok := reasons[clean(reason)]
	return s, ok
}

// clean trims spaces, including no-break and ideographic spaces.
func clean(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000'
	})
}

// columns a sheet must have; 省份 is optional (the 2015 sheet has none).
var columns = []string{"序号", "原区划代码", "原名称", "变更原因", "现区划代码", "现名称", "批准文件"}

// ReadChanges reads every change row of the workbook at path. Merged cells
// (省份, 变更原因, 批准文件 and others spanning rows) are filled into every
// cell they cover; each sheet's title rows are skipped up to its header row;
// the notes after the table (注：…) end it. A row with an unknown 变更原因,
// a malformed code, or no code at all is an error naming sheet and row.
func ReadChanges(path string) ([]Change, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	var out []Change
	for _, sheet := range f.GetSheetList() {
		cs, err := readSheet(f, sheet)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

func readSheet(f *excelize.File, sheet string) ([]Change, error) {
	year, err := strconv.Atoi(sheet)
	if err != nil || year < 1980 || year > 2100 {
		return nil, fmt.Errorf("sheet %q: the sheet name is not a year", sheet)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", sheet, err)
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", sheet, err)
	}
	// Fill merged ranges: every cell they cover takes the top-left value.
	for _, m := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("sheet %s: bad merged range %s:%s", sheet, m.GetStartAxis(), m.GetEndAxis())
		}
		v := m.GetCellValue()
		for r := r1; r <= r2; r++ {
			for len(rows) < r {
				rows = append(rows, nil)
			}
			for c := c1; c <= c2; c++ {
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], "")
				}
				rows[r-1][c-1] = v
			}
		}
	}
	header := -1
	col := map[string]int{}
	for i, r := range rows {
		for j, c := range r {
			if clean(c) == "原区划代码" {
				header = i
			}
			_ = j
		}
		if header >= 0 {
			for j, c := range r {
				col[clean(c)] = j
			}
			break
		}
	}
	if header < 0 {
		return nil, fmt.Errorf("sheet %s: no header row with 原区划代码", sheet)
	}
	for _, name := range columns {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("sheet %s row %d: header has no column %s", sheet, header+1, name)
		}
	}
	provCol, hasProv := col["省份"]
	cell := func(r []string, j int) string {
		if j < len(r) {
			return clean(r[j])
		}
		return ""
	}
	var out []Change
	var errs []error
	for i := header + 1; i < len(rows); i++ {
		r := rows[i]
		first := cell(r, col["序号"])
		if strings.HasPrefix(first, "注") || strings.HasPrefix(first, "2.") {
			break // the notes under the table
		}
		ch := Change{Sheet: year, Row: i + 1,
			OldName: cell(r, col["原名称"]), NewName: cell(r, col["现名称"]),
			Reason: cell(r, col["变更原因"]), Document: cell(r, col["批准文件"])}
		if hasProv {
			ch.Province = cell(r, provCol)
		}
		oc, nc := cell(r, col["原区划代码"]), cell(r, col["现区划代码"])
		if oc == "" && nc == "" && ch.OldName == "" && ch.NewName == "" {
			continue // an empty row
		}
		where := fmt.Sprintf("sheet %s row %d", sheet, i+1)
		if ch.OldCode, err = parseCode(oc); err != nil {
			errs = append(errs, fmt.Errorf("%s: 原区划代码: %v", where, err))
			continue
		}
		// A few 2014 rows write "并入拉马乡" (merged into 拉马乡) in place of
		// the new code: the unit it went to, by name.
		if rest, ok := strings.CutPrefix(nc, "并入"); ok {
			nc = ""
			if ch.NewName == "" {
				ch.NewName = rest
			}
		}
		if ch.NewCode, err = parseCode(nc); err != nil {
			errs = append(errs, fmt.Errorf("%s: 现区划代码: %v", where, err))
			continue
		}
		if ch.OldCode == 0 && ch.NewCode == 0 {
			errs = append(errs, fmt.Errorf("%s: neither 原区划代码 nor 现区划代码 is given (%q → %q)", where, ch.OldName, ch.NewName))
			continue
		}
		st, ok := reasons[ch.Reason]
		if ch.Reason == "" {
			st, ok = StUnstated, true
		}
		if !ok {
			errs = append(errs, fmt.Errorf("%s: 变更原因 %q is not mapped onto an operation type", where, ch.Reason))
			continue
		}
		ch.Type = st
		out = append(out, ch)
	}
	return out, errors.Join(errs...)
}

func parseCode(s string) (uint32, error) {
	if s == "" {
		return 0, nil
	}
	if len(s) != 9 {
		return 0, fmt.Errorf("%q is not a 9-digit code", s)
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is not a 9-digit code", s)
	}
	return uint32(n), nil
}
