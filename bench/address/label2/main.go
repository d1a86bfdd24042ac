// Command label2 builds the second address evaluation set,
// testdata/address/eval2.tsv, from the hospital list kept unchanged in
// testdata/address/source (see testdata/address/SOURCES.md): each
// hospital's published address, filed by the list's compilers under a
// province and a city (and, for some, a county).
//
// The expected codes come from the filing, checked against the text by one
// fixed rule, never by a parser:
//
//   - the county is the county-level division of the filed city, in force
//     on the list's date, whose full name the text contains; the row is
//     left out when the text contains the full names of several, the full
//     name of a county elsewhere, or only a county's short form (the rule
//     cannot tell 昌平 the district from 昌平路), or when the compilers'
//     own county disagrees;
//   - the prefecture is the filed city when a county was found or the
//     text contains the city's full name (empty for the municipalities and
//     for county-level cities directly under a province);
//   - the province is the filed province when anything was found or the
//     text contains its full name; a row naming none of these is left out;
//   - the codes are carried to 2024, like the first set's; a row whose
//     county was split since is left out.
//
// Run from the repository root: go run ./bench/address/label2
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/quhua/quhua"
)

const (
	src  = "testdata/address/source/wuhan2020map-data_20200211030250.json"
	out  = "testdata/address/eval2.tsv"
	key  = "wuhan2020map"
	list = "2020-02-11"
)

type file struct {
	ProvinceList []struct {
		Code     int `json:"code"`
		CityList []struct {
			Code         int `json:"code"`
			HospitalList []struct {
				County  string `json:"county"`
				Address string `json:"address"`
			} `json:"hospitalList"`
		} `json:"cityList"`
	} `json:"provinceList"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "label2:", err)
		os.Exit(1)
	}
}

func run() error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var f file
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	reg := quhua.Default()
	at := quhua.MustParseDate(list)
	to := quhua.MustParseDate("2024")
	v := reg.At(at)
	var counties []*quhua.Record
	for _, r := range reg.Records() {
		if r.InForce(at) && r.Level() == quhua.County {
			counties = append(counties, r)
		}
	}
	name := func(c quhua.Code) string {
		r, ok := v.Record(c)
		if !ok {
			return ""
		}
		return r.Name
	}
	// later carries a code in force on the list's date to 2024.
	later := func(c quhua.Code) (string, bool) {
		t, err := reg.Translate(c, at, to)
		if err != nil {
			return "", false
		}
		m := t.Main()
		if len(m) != 1 {
			return "", false
		}
		return m[0].Record.Code.String(), true
	}
	drops := map[string]int{}
	seen := map[string]bool{}
	var rows []string
	total := 0
	for _, p := range f.ProvinceList {
		for _, c := range p.CityList {
			for _, h := range c.HospitalList {
				total++
				text := strings.TrimSpace(h.Address)
				if text == "" {
					drops["no address"]++
					continue
				}
				if seen[text] {
					drops["same address as an earlier row"]++
					continue
				}
				seen[text] = true
				row, why := label(text, quhua.Code(p.Code), quhua.Code(c.Code), h.County, counties, name, later)
				if why != "" {
					drops[why]++
					continue
				}
				rows = append(rows, row)
			}
		}
	}
	var w strings.Builder
	w.WriteString("# input\tprovince\tprefecture\tcounty\tsource (see SOURCES.md)\tfamilies (- : not classified); expected codes as of 2024, built by bench/address/label2; frozen: never edit by hand\n")
	for _, r := range rows {
		w.WriteString(r)
	}
	if err := os.WriteFile(out, []byte(w.String()), 0o644); err != nil {
		return err
	}
	fmt.Printf("%d hospitals, %d rows kept\n", total, len(rows))
	var ks []string
	for k := range drops {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		fmt.Printf("left out: %s: %d\n", k, drops[k])
	}
	return nil
}

func short(name string, suffixes ...string) string {
	for _, s := range suffixes {
		if t, ok := strings.CutSuffix(name, s); ok && len([]rune(t)) >= 2 {
			return t
		}
	}
	return ""
}

func label(text string, prov, city quhua.Code, filed string, counties []*quhua.Record,
	name func(quhua.Code) string, later func(quhua.Code) (string, bool)) (string, string) {
	if strings.ContainsAny(text, "\t\n") {
		return "", "tab or line break in the address"
	}
	municipality := prov == 110000 || prov == 120000 || prov == 310000 || prov == 500000
	inCity := func(r *quhua.Record) bool {
		if city.Level() == quhua.County {
			return r.Code == city
		}
		if municipality {
			return r.Code.ProvinceCode() == prov
		}
		return r.Code.PrefectureCode() == city
	}
	var full, elsewhere, shortOnly []*quhua.Record
	for _, r := range counties {
		switch {
		case strings.Contains(text, r.Name):
			if inCity(r) {
				full = append(full, r)
			} else {
				elsewhere = append(elsewhere, r)
			}
		case inCity(r):
			if s := short(r.Name, "区", "县", "市", "旗"); s != "" && strings.Contains(text, s) {
				shortOnly = append(shortOnly, r)
			}
		}
	}
	// A county elsewhere whose name is also one in the city (朝阳区) is
	// the city's.
	var other []*quhua.Record
	for _, e := range elsewhere {
		same := false
		for _, r := range full {
			if r.Name == e.Name || strings.Contains(r.Name, e.Name) {
				same = true
			}
		}
		if !same {
			other = append(other, e)
		}
	}
	if len(other) > 0 {
		return "", "names a county outside the filed city"
	}
	if len(full) > 1 {
		return "", "names several counties of the filed city"
	}
	var pv, pf, ct string
	if len(full) == 1 {
		r := full[0]
		if filed != "" && !strings.HasPrefix(r.Name, filed) && !strings.HasPrefix(filed, r.Name) {
			return "", "the compilers' county differs from the one the text names"
		}
		c, ok := later(r.Code)
		if !ok {
			return "", "county split or ended since"
		}
		ct = c
	} else if len(shortOnly) > 0 {
		return "", "names a county of the filed city by a short form only"
	}
	cityName := name(city)
	switch {
	case municipality || city.Level() == quhua.County:
	case ct != "" || (cityName != "" && strings.Contains(text, cityName)):
		c, ok := later(city)
		if !ok {
			return "", "city changed since"
		}
		pf = c
	case cityName != "" && short(cityName, "市", "地区", "盟") != "" && strings.Contains(text, short(cityName, "市", "地区", "盟")):
		return "", "names the filed city by a short form only"
	}
	provName := name(prov)
	if ct != "" || pf != "" || (provName != "" && strings.Contains(text, provName)) {
		pv = prov.String()
	} else {
		return "", "names no division of the filing by its full name"
	}
	if ct != "" && ct[:2] != pv[:2] || pf != "" && pf[:2] != pv[:2] {
		return "", "codes of two provinces"
	}
	return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t-\n", text, pv, pf, ct, key), ""
}
