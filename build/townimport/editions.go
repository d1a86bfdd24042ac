package townimport

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Edition is one yearly township list of the statistics bureau.
type Edition struct {
	Year   int
	Cutoff int32 // the edition's cut-off date (截止), YYYYMMDD
	// Units maps each 9-digit code to its name (normalised, see Normalize).
	Units map[uint32]string
	// Counties maps each county-level code of the edition's areas list to
	// its name (the bureau's list, which includes development zones).
	Counties map[uint32]string
}

// Editions lists the editions and their cut-off dates, from the data
// set's README. No edition after 2023 exists: the bureau stopped
// publishing the codes in 2024.
var Editions = []struct {
	Year   int
	Cutoff int32
}{
	{2015, 20150930}, {2016, 20160731}, {2017, 20171031}, {2018, 20181031}, {2019, 20191031},
	{2020, 20200630}, {2021, 20211031}, {2022, 20221031}, {2023, 20230630},
}

// Included reports whether a 9-digit code is a township-level division:
// its last three digits are 001–399 (街道 001–099, 镇 100–199, 乡, 民族乡
// and 苏木 200–399). Codes 4xx–5xx are units "similar to a township"
// (farms, development zones …), which are not divisions, and 000 marks the
// data set's synthetic 金门县 row.
func Included(code uint32) bool {
	s := code % 1000
	return s >= 1 && s <= 399
}

// Normalize returns the name as the registry keeps it: spaces trimmed and
// 街道办事处 written 街道 (the bureau dropped 办事处 from most names in
// 2019, a change of spelling, not of the division).
func Normalize(name string) string {
	name = clean(name)
	if s, ok := strings.CutSuffix(name, "街道办事处"); ok {
		return s + "街道"
	}
	return name
}

// ReadEditions reads every edition under dir (dir/2015 … dir/2023).
// Names written with "?" where the bureau's pages lost a character are
// repaired from another edition that spells the same code's name in full.
func ReadEditions(dir string) ([]*Edition, error) {
	var out []*Edition
	for _, e := range Editions {
		ed := &Edition{Year: e.Year, Cutoff: e.Cutoff, Units: map[uint32]string{}, Counties: map[uint32]string{}}
		var err error
		if e.Year == 2015 {
			err = ed.readJSON(filepath.Join(dir, "2015"))
		} else {
			err = ed.readCSV(filepath.Join(dir, strconv.Itoa(e.Year)))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ed)
	}
	repairQuestionMarks(out)
	return out, nil
}

func (ed *Edition) add(file string, line int, code, name, county string) error {
	where := fmt.Sprintf("%s:%d", file, line)
	if len(code) == 12 {
		// The 2015 layout writes township codes with 12 digits; the
		// township code is the first nine (one row, 653130103001
		// 三岔口镇, ends in 001 instead of 000).
		code = code[:9]
	}
	if len(code) != 9 {
		return fmt.Errorf("%s: code %q has not 9 digits", where, code)
	}
	n, err := strconv.ParseUint(code, 10, 32)
	if err != nil {
		return fmt.Errorf("%s: code %q is not a number", where, code)
	}
	if county != code[:6] {
		return fmt.Errorf("%s: township %s lies under county %s, not under its code's first six digits", where, code, county)
	}
	if !Included(uint32(n)) {
		return nil
	}
	name = Normalize(name)
	if name == "" {
		return fmt.Errorf("%s: township %s has no name", where, code)
	}
	if _, dup := ed.Units[uint32(n)]; dup {
		return fmt.Errorf("%s: township code %s listed twice", where, code)
	}
	ed.Units[uint32(n)] = name
	return nil
}

func (ed *Edition) readCSV(dir string) error {
	areas := filepath.Join(dir, "areas.csv")
	if err := readCSV(areas, []string{"code", "name", "cityCode", "provinceCode"}, func(line int, r []string) error {
		n, err := strconv.ParseUint(r[0], 10, 32)
		if err != nil || len(r[0]) != 6 {
			return fmt.Errorf("%s:%d: county code %q has not 6 digits", areas, line, r[0])
		}
		ed.Counties[uint32(n)] = r[1]
		return nil
	}); err != nil {
		return err
	}
	streets := filepath.Join(dir, "streets.csv")
	return readCSV(streets, []string{"code", "name", "areaCode", "provinceCode", "cityCode"}, func(line int, r []string) error {
		return ed.add(streets, line, r[0], r[1], r[2])
	})
}

func readCSV(path string, header []string, row func(line int, r []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = len(header)
	h, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if !slices.Equal(h, header) {
		return fmt.Errorf("%s:1: header %q, want %q", path, h, header)
	}
	for {
		r, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		if err := row(line, r); err != nil {
			return err
		}
	}
}

func (ed *Edition) readJSON(dir string) error {
	type unit struct {
		Code   string `json:"code"`
		Name   string `json:"name"`
		Parent string `json:"parent_code"`
	}
	load := func(name string) ([]unit, string, error) {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, path, err
		}
		var us []unit
		if err := json.Unmarshal(b, &us); err != nil {
			return nil, path, fmt.Errorf("%s: %w", path, err)
		}
		return us, path, nil
	}
	areas, path, err := load("areas.json")
	if err != nil {
		return err
	}
	for i, a := range areas {
		n, err := strconv.ParseUint(a.Code, 10, 32)
		if err != nil || len(a.Code) != 6 {
			return fmt.Errorf("%s: element %d: county code %q has not 6 digits", path, i, a.Code)
		}
		ed.Counties[uint32(n)] = a.Name
	}
	streets, path, err := load("streets.json")
	if err != nil {
		return err
	}
	for i, s := range streets {
		if err := ed.add(path, i+1, s.Code, s.Name, s.Parent); err != nil {
			return err
		}
	}
	return nil
}

// repairQuestionMarks replaces names holding "?" (a character the bureau's
// pages could not encode) by the same code's name in another edition that
// matches it everywhere else.
func repairQuestionMarks(eds []*Edition) {
	for _, ed := range eds {
		for code, name := range ed.Units {
			if !strings.Contains(name, "?") {
				continue
			}
			for _, other := range eds {
				if full, ok := other.Units[code]; ok && !strings.Contains(full, "?") && wildcardMatch(name, full) {
					ed.Units[code] = full
					break
				}
			}
		}
	}
}

func wildcardMatch(pattern, s string) bool {
	p, r := []rune(pattern), []rune(s)
	if len(p) != len(r) {
		return false
	}
	for i := range p {
		if p[i] != '?' && p[i] != r[i] {
			return false
		}
	}
	return true
}
