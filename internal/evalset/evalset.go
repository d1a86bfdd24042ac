// Package evalset reads the address evaluation set,
// testdata/address/eval.tsv: one address a line with its expected
// province, prefecture and county codes and its source. The address tests
// and the side-by-side benchmark read it through this one reader.
package evalset

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Item is one address of the set with the codes expected for it (as of
// 2024); a code is "" where the address does not reach that level.
type Item struct {
	Input                string
	Province, Prefecture string
	County               string
	Source               string
	// Families are the kinds of difficulty the address shows (see
	// testdata/address/SOURCES.md): "1" short forms, "2" variant
	// characters, "3" places beyond GB/T 2260, "4" words containing place
	// names, "5" historical names, "7" old short names that are ordinary
	// words; "0" none of these; "-" not classified (the second set, whose
	// rows are kept unread).
	Families []string
}

// Deepest returns the most precise expected code, "" if none.
func (it Item) Deepest() string {
	for _, c := range []string{it.County, it.Prefecture, it.Province} {
		if c != "" {
			return c
		}
	}
	return ""
}

// Load reads the set at path. Lines starting with "#" and empty lines are
// skipped; "\n" in an input stands for a line break.
func Load(path string) ([]Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var items []Item
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 6 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 6", path, line, len(fs))
		}
		fams := strings.Split(fs[5], ",")
		for _, f := range fams {
			switch f {
			case "0", "1", "2", "3", "4", "5", "7", "-":
			default:
				return nil, fmt.Errorf("%s:%d: family %q, want 0, 1, 2, 3, 4, 5, 7 or - (not classified)", path, line, f)
			}
		}
		for i, c := range fs[1:4] {
			if c != "" && (len(c) != 6 || strings.Trim(c, "0123456789") != "") {
				return nil, fmt.Errorf("%s:%d: field %d: code %q is not six digits", path, line, i+2, c)
			}
		}
		items = append(items, Item{Input: strings.ReplaceAll(fs[0], `\n`, "\n"),
			Province: fs[1], Prefecture: fs[2], County: fs[3], Source: fs[4], Families: fams})
	}
	return items, sc.Err()
}
