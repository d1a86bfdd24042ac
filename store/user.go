package store

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// NormalizeUser returns the canonical form of a user name: surrounding
// white space trimmed, Unicode NFKC (so full-width "ＷＡＮＧ" is "WANG"),
// case-folded (Unicode full case folding, so "STRASSE" and "straße" are
// one name), and NFKC again (folding can undo it). Names that normalise
// alike are one user: "wang ", "WANG" and "wang" may never approve each
// other's changes.
//
// A name is refused (with an error naming the character) when it is
// empty, longer than 200 bytes, holds a control character or an invisible
// one (format characters such as the zero-width joiner, variation
// selectors, other default-ignorable code points), or mixes scripts
// beyond what UTS #39 calls highly restrictive: one script, or Latin with
// Han and the Japanese kana, with Han and Bopomofo, or with Han and
// Hangul. So "wаng2" with a Cyrillic а is refused, while "王wang" is a
// name.
func NormalizeUser(name string) (string, error) {
	n := strings.TrimSpace(norm.NFKC.String(name))
	n = norm.NFKC.String(cases.Fold().String(n))
	if n == "" {
		return "", fmt.Errorf("user name %q is empty", name)
	}
	for _, r := range n {
		switch {
		case unicode.IsControl(r) || r == '\uFFFD':
			return "", fmt.Errorf("user name %q has the control character %U", name, r)
		case invisible(r):
			return "", fmt.Errorf("user name %q has the invisible character %U", name, r)
		}
	}
	if len(n) > 200 {
		return "", fmt.Errorf("user name %q is longer than 200 bytes", name)
	}
	if err := checkScripts(name, n); err != nil {
		return "", err
	}
	return n, nil
}

// invisible reports whether r shows nothing or changes only the look of
// its neighbours: format characters (zero-width space, joiner and
// non-joiner, bidirectional marks), variation selectors and the other
// default-ignorable code points (Hangul fillers and the like), and
// white space other than the plain space.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		(unicode.IsSpace(r) && r != ' ')
}

// scriptNames are the scripts a user name may be written in, with their
// tables; characters of any other script are refused.
var scriptNames = func() map[string]*unicode.RangeTable {
	m := make(map[string]*unicode.RangeTable, len(unicode.Scripts))
	for name, t := range unicode.Scripts {
		if name != "Common" && name != "Inherited" {
			m[name] = t
		}
	}
	return m
}()

// scriptOf returns the script of r, or "" for Common and Inherited
// characters (digits, punctuation, combining marks), which go with any.
func scriptOf(r rune) string {
	for _, fast := range []string{"Latin", "Han", "Cyrillic", "Greek"} {
		if unicode.Is(scriptNames[fast], r) {
			return fast
		}
	}
	for name, t := range scriptNames {
		if unicode.Is(t, r) {
			return name
		}
	}
	return ""
}

// highlyRestrictive are the sets of scripts UTS #39 (section 5.2) allows
// together in one identifier at the "highly restrictive" level.
var highlyRestrictive = []map[string]bool{
	{"Latin": true, "Han": true, "Hiragana": true, "Katakana": true},
	{"Latin": true, "Han": true, "Bopomofo": true},
	{"Latin": true, "Han": true, "Hangul": true},
}

// checkScripts refuses a name (raw as given, n normalised) that mixes
// scripts beyond the highly restrictive level.
func checkScripts(raw, n string) error {
	var seen []string
	first := map[string]rune{}
	for _, r := range n {
		s := scriptOf(r)
		if s == "" || first[s] != 0 {
			continue
		}
		first[s] = r
		seen = append(seen, s)
	}
	if len(seen) <= 1 {
		return nil
	}
	for _, allowed := range highlyRestrictive {
		ok := true
		for _, s := range seen {
			ok = ok && allowed[s]
		}
		if ok {
			return nil
		}
	}
	return fmt.Errorf("user name %q mixes the %s script (%q, %U) with the %s script (%q, %U); a name is written in one script",
		raw, seen[0], first[seen[0]], first[seen[0]], seen[1], first[seen[1]], first[seen[1]])
}

// UserIdentity returns the identity a user name stands for: the Unicode
// UTS #39 confusable skeleton of its normalised form (see NormalizeUser).
// Two names with one identity look alike ("paypal" and "раураl" in
// Cyrillic, "rn" and "m") and are one person to every rule that compares
// users: an author never approves a change under a look-alike name. A name
// that does not normalise has no identity (the error says why).
func UserIdentity(name string) (string, error) {
	n, err := NormalizeUser(name)
	if err != nil {
		return "", err
	}
	return skeleton(n), nil
}

// skeleton is the confusable skeleton of s, case-folded and taken again,
// so that capitals that look like other capitals (Greek "ΒΕΗ" and Latin
// "BEH") meet as well as small letters do.
func skeleton(s string) string {
	s = confusables.Skeleton(norm.NFKC.String(s))
	return confusables.Skeleton(norm.NFKC.String(cases.Fold().String(s)))
}

// LooksLike reports whether the name as given (before normalising) and
// the normalised name other look alike: whether the skeleton of either
// form of name is other's identity. A new name is checked with it against
// every existing one, since normalising loses how a name was written
// ("ΒΕΗ" is stored as "βεη").
func LooksLike(name, other string) bool {
	oid, err := UserIdentity(other)
	if err != nil {
		return false
	}
	if id, err := UserIdentity(name); err == nil && id == oid {
		return true
	}
	return skeleton(strings.TrimSpace(name)) == oid
}

// SameUser reports whether two user names stand for one identity (see
// UserIdentity). Names that do not normalise are the same user only when
// they are equal.
func SameUser(a, b string) bool {
	ia, err1 := UserIdentity(a)
	ib, err2 := UserIdentity(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return ia == ib
}
