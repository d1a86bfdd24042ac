package pinyin

// Match says how a romanised query matches a name, best first.
type Match uint8

// The ways a query matches.
const (
	MatchNone Match = iota
	// MatchExact: the query is the full pinyin or that of the specific part,
	// spaces, apostrophes and case aside (gongzhuling, "gong zhu ling",
	// "Gongzhuling Shi", "Lu'an", luan).
	MatchExact
	// MatchInitials: the query is the initials of the specific part (gzl).
	MatchInitials
	// MatchSyllables: each syllable of the specific part is given in full or by
	// its first letters, in order (gongzl, gzling, gongzhul).
	MatchSyllables
	// MatchPrefix: the query begins the specific part that way, as typed so far
	// (gongzh, gzh).
	MatchPrefix
)

// MatchKey reports how a query key (Key of a query IsQuery accepts)
// matches a name whose full pinyin and specific part have the keys
// fullKey and specKey, the initials initials and the syllables syl.
func MatchKey(key, fullKey, specKey, initials string, syl []string) Match {
	switch {
	case key == "":
		return MatchNone
	case key == fullKey || key == specKey:
		return MatchExact
	case key == initials:
		return MatchInitials
	case specKey == "" || key[0] != specKey[0]:
		return MatchNone
	}
	if full, ok := matchSyllables(key, syl); ok {
		if full {
			return MatchSyllables
		}
		return MatchPrefix
	}
	return MatchNone
}

// matchSyllables reports whether key spells syl in order, each syllable by
// a non-empty prefix of it; full is true when every syllable is spelled,
// false when key ends inside the sequence.
func matchSyllables(key string, syl []string) (full, ok bool) {
	if key == "" {
		return len(syl) == 0, true
	}
	if len(syl) == 0 {
		return false, false
	}
	s := syl[0]
	for k := min(len(s), len(key)); k >= 1; k-- {
		if key[:k] != s[:k] {
			continue
		}
		if k == len(key) {
			// The key ends here: the whole sequence when this was the last
			// syllable, else a prefix of it.
			return len(syl) == 1, true
		}
		if f, ok := matchSyllables(key[k:], syl[1:]); ok {
			return f, true
		}
	}
	return false, false
}
