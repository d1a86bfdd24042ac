package store

import (
	"strings"
	"testing"
)

func TestNormalizeUser(t *testing.T) {
	for _, tt := range []struct {
		in, want, err string
	}{
		{"wang2", "wang2", ""},
		{"  WANG2 ", "wang2", ""},
		{"ｗａｎｇ２", "wang2", ""},     // full-width
		{"ＷＡＮＧ２", "wang2", ""},     // full-width capitals
		{"Straße", "strasse", ""},  // full case folding, not lower-casing
		{"ΣΊΣΥΦΟΣ", "σίσυφοσ", ""}, // Greek alone is a script; final sigma folds
		{"王wang", "王wang", ""},     // Latin with Han is highly restrictive
		{"李明", "李明", ""},
		{"wаng2", "", "mixes the Latin script"},           // Cyrillic а (U+0430)
		{"wang2\u0430", "", "Cyrillic"},                   // Cyrillic at the end
		{"wοng2", "", "mixes the Latin script"},           // Greek ο (U+03BF)
		{"w\u200dang2", "", "invisible character U+200D"}, // zero-width joiner
		{"w\u200bang2", "", "invisible character U+200B"}, // zero-width space
		{"wang\u00ad2", "", "invisible character U+00AD"}, // soft hyphen
		{"wang\ufe0f2", "", "invisible character U+FE0F"}, // variation selector
		{"wang\u31642", "", "invisible character"},        // Hangul filler (NFKC: U+1160)
		{"wang\u00a02", "", ""},                           // NFKC makes the no-break space a space
		{"wang\t2", "", "control character"},
		{"", "", "empty"},
		{"\u200b", "", "invisible"},
	} {
		got, err := NormalizeUser(tt.in)
		switch {
		case tt.err == "" && tt.want == "" && err == nil:
			// accepted; the normal form is not what the case tests
		case tt.err == "" && err != nil && tt.want != "":
			t.Errorf("NormalizeUser(%q): %v", tt.in, err)
		case tt.err == "" && tt.want != "" && got != tt.want:
			t.Errorf("NormalizeUser(%q) = %q, want %q", tt.in, got, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("NormalizeUser(%q) = %q, %v; want an error with %q", tt.in, got, err, tt.err)
		}
	}
}

func TestUserIdentity(t *testing.T) {
	same := [][2]string{
		{"wang2", "WANG2"},
		{"wang2", "ｗａｎｇ２"},
		{"рарау", "papay"},   // Cyrillic alone, every letter a look-alike
		{"mary", "rnary"},    // rn looks like m
		{"admin1", "admin1"}, // digit one
		{"adminl", "admin1"}, // ell and one
	}
	for _, p := range same {
		if !SameUser(p[0], p[1]) {
			a, _ := UserIdentity(p[0])
			b, _ := UserIdentity(p[1])
			t.Errorf("SameUser(%q, %q) = false (identities %q, %q)", p[0], p[1], a, b)
		}
	}
	for _, p := range [][2]string{{"wang2", "wang3"}, {"li", "liu"}, {"李明", "李朋"}} {
		if SameUser(p[0], p[1]) {
			t.Errorf("SameUser(%q, %q) = true", p[0], p[1])
		}
	}
	// Greek capitals look like Latin ones, their small letters do not: a
	// new name is checked as it was written.
	if !LooksLike("ΒΕΗ", "beh") || !LooksLike("ΚΑΤΕ", "kate") || LooksLike("ΒΕΗ", "bet") {
		t.Error("LooksLike misses Greek capitals, or finds too much")
	}
	if _, err := UserIdentity("wаng2"); err == nil {
		t.Error("a mixed-script name has an identity")
	}
}
