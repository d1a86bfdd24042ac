package address

import (
	"bufio"
	"embed"
	"fmt"
	"strings"

	"github.com/quhua/quhua"
)

// The data files the dictionary is built from besides the registry; see
// data/README.md.
//
//go:embed data/aliases.tsv data/places.tsv data/zones.tsv
var dataFS embed.FS

// place is something addresses name that is not a GB/T 2260 division: a
// functional zone (with the statistics bureau's code) or a district,
// parish, county or city of Hong Kong, Macau or Taiwan (with no code of
// its own, under its province-level unit).
type place struct {
	code quhua.Code // statistical code of a zone, 0 otherwise
	prov quhua.Code // province-level unit
	name string
	kind string
}

func (pl *place) zone() bool { return pl.code != 0 }

// parent is the division the place lies in: a zone's prefecture (or its
// province for a province-governed zone), else the province-level unit.
func (pl *place) parent() quhua.Code {
	if pl.zone() && !pl.code.ProvinceGoverned() {
		return pl.code.PrefectureCode()
	}
	return pl.prov
}

// alias is one line of aliases.tsv.
type alias struct {
	word   string
	code   quhua.Code
	name   string
	source string
	line   int // in the file
}

func readTSV(file, text string, want int, fn func(line int, f []string) error) error {
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != want {
			return fmt.Errorf("%s:%d: %d fields, want %d", file, n, len(f), want)
		}
		if err := fn(n, f); err != nil {
			return fmt.Errorf("%s:%d: %w", file, n, err)
		}
	}
	return sc.Err()
}

func parseCode(s string) (quhua.Code, error) {
	c, err := quhua.ParseCode(s)
	if err != nil {
		return 0, fmt.Errorf("code %q: %w", s, err)
	}
	return c, nil
}

// readAliases parses aliases.tsv.
func readAliases(file, text string) ([]alias, error) {
	var out []alias
	err := readTSV(file, text, 4, func(line int, f []string) error {
		c, err := parseCode(f[1])
		if err != nil {
			return err
		}
		if f[0] == "" || f[2] == "" || f[3] == "" {
			return fmt.Errorf("alias, name and source must not be empty")
		}
		out = append(out, alias{word: f[0], code: c, name: f[2], source: f[3], line: line})
		return nil
	})
	return out, err
}

// placeWord is a name form of a place.
type placeWord struct {
	word string
	pl   *place
	full bool
}

// readPlaces parses places.tsv: province code, name, kind, short forms,
// source.
func readPlaces(file, text string) ([]placeWord, error) {
	var out []placeWord
	err := readTSV(file, text, 5, func(line int, f []string) error {
		c, err := parseCode(f[0])
		if err != nil {
			return err
		}
		if c.Level() != quhua.Province {
			return fmt.Errorf("%s is not a province-level code", c)
		}
		if f[1] == "" || f[2] == "" || f[4] == "" {
			return fmt.Errorf("name, kind and source must not be empty")
		}
		pl := &place{prov: c, name: f[1], kind: f[2]}
		out = append(out, placeWord{f[1], pl, true})
		if f[3] != "" {
			for _, s := range strings.Split(f[3], ",") {
				out = append(out, placeWord{s, pl, false})
			}
		}
		return nil
	})
	return out, err
}

// zoneTypes are the endings of zone names with the ways addresses write
// them (长春高新技术产业开发区: 长春高新区; after 长春市: 高新区).
var zoneTypes = []struct {
	suffix string
	forms  []string
}{
	{"高新技术产业开发区", []string{"高新技术产业开发区", "高新技术开发区", "高新区"}},
	{"经济技术开发区", []string{"经济技术开发区", "经济开发区", "经开区"}},
	{"经济开发区", []string{"经济开发区", "经开区"}},
}

// readZones parses zones.tsv: code, name, first and last edition. Each
// zone is written by its full name, its name with the type shortened
// (长春高新区), and after its prefecture by the type alone (高新区).
func readZones(file, text string) ([]placeWord, error) {
	var out []placeWord
	byCode := map[quhua.Code]*place{}
	byName := map[string]*place{}
	err := readTSV(file, text, 4, func(line int, f []string) error {
		c, err := parseCode(f[0])
		if err != nil {
			return err
		}
		if c.Level() != quhua.County || c.Suffix() < 70 || c.Suffix() > 79 {
			return fmt.Errorf("%s is not a statistical zone code (XXXX7X)", c)
		}
		if f[1] == "" {
			return fmt.Errorf("empty name")
		}
		// One place per zone: a zone renamed keeps its code, a zone
		// recoded keeps its name (合肥高新技术产业开发区 340171, then 340176);
		// the latest edition's code and name stand.
		pl := byCode[c]
		if pl == nil {
			pl = byName[f[1]]
		}
		if pl == nil {
			pl = &place{prov: c.ProvinceCode(), kind: "functional zone"}
		}
		pl.code, pl.name = c, f[1]
		byCode[c], byName[f[1]] = pl, pl
		out = append(out, placeWord{f[1], pl, true})
		for _, t := range zoneTypes {
			if base, ok := strings.CutSuffix(f[1], t.suffix); ok {
				for _, form := range t.forms {
					if base != "" {
						out = append(out, placeWord{base + form, pl, true})
					}
					out = append(out, placeWord{form, pl, false})
				}
				break
			}
		}
		return nil
	})
	return out, err
}
