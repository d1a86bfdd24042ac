package townimport

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeBook writes a workbook with one sheet of rows and merged ranges.
func writeBook(t *testing.T, sheet string, rows [][]any, merges [][2]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range merges {
		if err := f.MergeCell(sheet, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

var header = []any{"序号", "省份", "原区划代码", "原名称", "变更原因", "现区划代码", "现名称", "批准文件"}

func TestReadChangesFillsMergedCells(t *testing.T) {
	path := writeBook(t, "2019", [][]any{
		{"2019年中华人民共和国县以下行政区划变更情况"},
		{"（12月份）"},
		header,
		{"1", "吉林", "220381201", "甲乡", "撤乡设镇", "220381120", "甲镇", "吉政函〔2019〕1号"},
		{"2", "", "220381202", "乙乡", "", "220381121", "乙镇", ""},
		{"3", "", "", "", "新设街道", "220381011", "丙街道", "吉政函〔2019〕2号"},
		{"注：1.本表由统计人员编制。"},
	}, [][2]string{{"B4", "B6"}, {"E4", "E5"}, {"H4", "H5"}})
	cs, err := ReadChanges(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 {
		t.Fatalf("%d rows, want 3 (title, header and notes skipped)", len(cs))
	}
	c := cs[1]
	if c.Province != "吉林" || c.Reason != "撤乡设镇" || c.Type != StConvert || c.Document != "吉政函〔2019〕1号" || c.Row != 5 {
		t.Fatalf("merged cells not filled down: %+v", c)
	}
	if cs[2].Type != StEstablish || cs[2].OldCode != 0 || cs[2].NewCode != 220381011 {
		t.Fatalf("establishment row: %+v", cs[2])
	}
}

func TestReadChangesUnmappedReason(t *testing.T) {
	path := writeBook(t, "2020", [][]any{
		header,
		{"1", "吉林", "220381201", "甲乡", "改为特区", "220381120", "甲镇", "x"},
	}, nil)
	_, err := ReadChanges(path)
	if err == nil || !strings.Contains(err.Error(), "sheet 2020 row 2") || !strings.Contains(err.Error(), "改为特区") {
		t.Fatalf("error %v, want one naming sheet 2020 row 2 and the reason", err)
	}
}

func TestReadChangesBadCode(t *testing.T) {
	path := writeBook(t, "2021", [][]any{
		header,
		{"1", "吉林", "22038120", "甲乡", "更名", "220381120", "甲镇", "x"},
	}, nil)
	_, err := ReadChanges(path)
	if err == nil || !strings.Contains(err.Error(), "sheet 2021 row 2: 原区划代码") {
		t.Fatalf("error %v", err)
	}
}

func TestReadChangesNoHeader(t *testing.T) {
	path := writeBook(t, "2021", [][]any{{"标题"}}, nil)
	if _, err := ReadChanges(path); err == nil || !strings.Contains(err.Error(), "no header row") {
		t.Fatalf("error %v", err)
	}
}

func TestReasonsCoverWorkbook(t *testing.T) {
	cs, err := ReadChanges("../../data/areacodes/sub-county-diff.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 7600 {
		t.Fatalf("%d rows", len(cs))
	}
}
