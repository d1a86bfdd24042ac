// Package plate tells which region a Chinese vehicle licence plate's
// prefix stands for: 吉A → 吉林省长春市 (220100).
//
//	ms, err := plate.Lookup("吉A")
//	// ms[0].Code 220100, ms[0].Name 长春市
//
// The table is compiled by go generate from the upstream list
// plate-codes.csv, where a letter may be a class ([A-Z], [AL]; a range
// leaves out I and O, which are not issued as a region's letter); each
// region is resolved to a division code as of the registry's latest list.
// Some letters belong to a province's vehicle office rather than to a
// division (Office is then true and Code is the province).
package plate

//go:generate go run ../build/genplate -in ../data/areacodes/plate-codes.csv -out table.go

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quhua/quhua"
)

type entry struct {
	province rune
	letters  string
	pattern  string
	region   string
	code     quhua.Code
	name     string
	office   bool
}

// Match is one region a plate prefix stands for.
type Match struct {
	// Prefix is the province character and letter, e.g. 吉A.
	Prefix string `json:"prefix"`
	// Pattern is the upstream list's entry, e.g. 京[A-Z].
	Pattern string `json:"pattern"`
	// Region is the region as the list writes it.
	Region string `json:"region"`
	// Code and Name are the division the region is, as of the registry's
	// latest list when the table was built.
	Code quhua.Code `json:"code"`
	Name string     `json:"name"`
	// Office is true when the letter belongs to a provincial vehicle
	// office (车辆管理所) rather than to a division; Code is the province.
	Office bool `json:"office,omitempty"`
}

// ErrNotFound is wrapped by errors for prefixes the list does not have.
var ErrNotFound = errors.New("no such plate prefix")

// ErrSyntax is wrapped by errors for input that is not a plate prefix.
var ErrSyntax = errors.New("not a plate prefix")

// Lookup returns the regions for a plate prefix. It accepts a province
// character with a letter (吉A), a whole plate (吉A·12345, 吉a12345; only
// the first two characters count, full-width letters are accepted), or a
// province character alone (吉), which returns all its letters.
func Lookup(prefix string) ([]Match, error) {
	s := strings.TrimSpace(prefix)
	if s == "" {
		return nil, fmt.Errorf("%w: empty input", ErrSyntax)
	}
	prov, size := utf8.DecodeRuneInString(s)
	if prov == utf8.RuneError || !unicode.Is(unicode.Han, prov) {
		return nil, fmt.Errorf("%w: %q does not start with a province character such as 吉", ErrSyntax, prefix)
	}
	var letter byte
	if rest := strings.TrimLeft(s[size:], " ·.-"); rest != "" {
		r, _ := utf8.DecodeRuneInString(rest)
		switch {
		case r >= 'Ａ' && r <= 'Ｚ':
			r = r - 'Ａ' + 'A'
		case r >= 'ａ' && r <= 'ｚ':
			r = r - 'ａ' + 'A'
		case r >= 'a' && r <= 'z':
			r = r - 'a' + 'A'
		}
		if r < 'A' || r > 'Z' {
			return nil, fmt.Errorf("%w: %q: the character after %c must be a letter A–Z", ErrSyntax, prefix, prov)
		}
		letter = byte(r)
	}
	var out []Match
	known := false
	for _, e := range table {
		if e.province != prov {
			continue
		}
		known = true
		for i := 0; i < len(e.letters); i++ {
			if letter != 0 && e.letters[i] != letter {
				continue
			}
			out = append(out, Match{
				Prefix:  string(prov) + string(rune(e.letters[i])),
				Pattern: e.pattern, Region: e.region, Code: e.code, Name: e.name, Office: e.office,
			})
		}
	}
	if !known {
		return nil, fmt.Errorf("%w: %c is not a province character of the plate list", ErrNotFound, prov)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %c%c is not in the plate list", ErrNotFound, prov, letter)
	}
	return out, nil
}

// Provinces returns the province characters of the list in its order.
func Provinces() []string {
	var out []string
	seen := map[rune]bool{}
	for _, e := range table {
		if !seen[e.province] {
			seen[e.province] = true
			out = append(out, string(e.province))
		}
	}
	return out
}
