// Package acmatch finds dictionary words in text with leftmost-longest
// semantics: scanning from the left, the match that starts first wins, and
// of those starting at the same byte the longest. Positions are byte
// offsets, so a match of a UTF-8 word in UTF-8 text is a valid substring.
//
// A Matcher is built once from the dictionary and is immutable, hence safe
// for concurrent use. Matching allocates nothing.
//
// The matcher is an Aho–Corasick automaton compiled to a full DFA over byte
// classes. Library wraps github.com/coregx/ahocorasick behind the same
// methods; the benchmarks of this package compare the two, and the tests
// check that they agree.
package acmatch

import (
	"errors"
	"fmt"
)

// Match is one occurrence of a dictionary word: Pattern is its index in the
// dictionary, text[Start:End] the word.
type Match struct {
	Pattern    int
	Start, End int
}

// Matcher finds the words of a fixed dictionary in text.
type Matcher struct {
	patterns []string
	classes  [256]uint16
	nclass   int
	// trans[s*nclass+c] is the next state.
	trans []uint32
	// out[s] is the longest pattern ending at state s, or -1.
	out []int32
	// next[s] is the state whose output is the next shorter pattern ending
	// here (the dictionary suffix link), or 0 for none.
	next   []uint32
	depth  []int32
	maxLen int
}

// ErrEmptyPattern is returned by New for an empty word.
var ErrEmptyPattern = errors.New("acmatch: empty pattern")

// New builds a matcher for the words. Duplicates are allowed; the first
// index of a duplicated word is reported.
func New(patterns []string) (*Matcher, error) {
	m := &Matcher{patterns: patterns}
	// Byte classes: each byte used by some word gets its own class; all
	// others share class 0.
	var used [256]bool
	for i, p := range patterns {
		if p == "" {
			return nil, fmt.Errorf("%w (index %d)", ErrEmptyPattern, i)
		}
		for j := 0; j < len(p); j++ {
			used[p[j]] = true
		}
		m.maxLen = max(m.maxLen, len(p))
	}
	m.nclass = 1
	for b := range 256 {
		if used[b] {
			m.classes[b] = uint16(m.nclass)
			m.nclass++
		}
	}
	nc := m.nclass
	// Trie.
	m.trans = make([]uint32, nc) // state 0: root
	m.out = []int32{-1}
	m.depth = []int32{0}
	for i, p := range patterns {
		s := uint32(0)
		for j := 0; j < len(p); j++ {
			c := int(m.classes[p[j]])
			t := m.trans[int(s)*nc+c]
			if t == 0 {
				t = uint32(len(m.out))
				m.trans = append(m.trans, make([]uint32, nc)...)
				m.out = append(m.out, -1)
				m.depth = append(m.depth, int32(j+1))
				m.trans[int(s)*nc+c] = t
			}
			s = t
		}
		if m.out[s] < 0 {
			m.out[s] = int32(i)
		}
	}
	// Failure links by breadth-first search, turning the trie into a DFA.
	n := len(m.out)
	fail := make([]uint32, n)
	m.next = make([]uint32, n)
	queue := make([]uint32, 0, n)
	for c := 0; c < nc; c++ {
		if t := m.trans[c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := fail[s]
		if m.out[f] >= 0 {
			m.next[s] = f
		} else {
			m.next[s] = m.next[f]
		}
		for c := 0; c < nc; c++ {
			t := m.trans[int(s)*nc+c]
			// Before this loop the row holds only trie edges: a nonzero
			// entry is a child.
			if t != 0 {
				fail[t] = m.trans[int(f)*nc+c]
				queue = append(queue, t)
			} else {
				m.trans[int(s)*nc+c] = m.trans[int(f)*nc+c]
			}
		}
	}
	if uint64(n)*uint64(nc) >= matchFlag {
		return nil, fmt.Errorf("acmatch: dictionary too large (%d states × %d byte classes)", n, nc)
	}
	// Premultiply state numbers by the row length and flag the entries
	// leading to a state where a word ends, so the scan's common path is
	// one load per byte.
	for i, t := range m.trans {
		x := t * uint32(nc)
		if m.out[t] >= 0 || m.next[t] != 0 {
			x |= matchFlag
		}
		m.trans[i] = x
	}
	return m, nil
}

const matchFlag = 1 << 31

// Len returns the number of words.
func (m *Matcher) Len() int { return len(m.patterns) }

// Pattern returns word i.
func (m *Matcher) Pattern(i int) string { return m.patterns[i] }

// MaxLen returns the length in bytes of the longest word.
func (m *Matcher) MaxLen() int { return m.maxLen }

// States returns the number of automaton states (a measure of its size).
func (m *Matcher) States() int { return len(m.out) }

// Next returns the leftmost-longest match that starts at or after byte
// from. It reads at most the longest word's length past the match's end,
// so repeated calls from each match's End take linear time overall.
func (m *Matcher) Next(text string, from int) (Match, bool) {
	if from < 0 {
		from = 0
	}
	// Locals, so the loops keep them in registers.
	trans, classes := m.trans, &m.classes
	var s uint32 // premultiplied
	// Up to the first byte where a word ends: one load per byte.
	i := from
	for ; i < len(text); i++ {
		raw := trans[s+uint32(classes[text[i]])]
		if raw&matchFlag != 0 {
			s = raw &^ matchFlag
			break
		}
		s = raw
	}
	if i >= len(text) {
		return Match{Pattern: -1}, false
	}
	nc := uint32(m.nclass)
	// The longest word ending there is the candidate. The scan began at
	// from in the root state, so no word found starts before from.
	o := s / nc
	if m.out[o] < 0 {
		o = m.next[o]
	}
	best := Match{Pattern: int(m.out[o]), Start: i + 1 - int(m.depth[o]), End: i + 1}
	// Read on while a word starting at or before the candidate's start
	// may still end: one that starts earlier, or at the same byte and
	// longer.
	for i++; i < len(text); i++ {
		raw := trans[s+uint32(classes[text[i]])]
		s = raw &^ matchFlag
		st := s / nc
		if best.Start < i+1-int(m.depth[st]) {
			return best, true
		}
		if raw&matchFlag == 0 {
			continue
		}
		o := st
		if m.out[o] < 0 {
			o = m.next[o]
		}
		// The longest word ending here starts earliest; it beats the
		// candidate if it starts before it, or at the same byte (being
		// longer, as it ends later).
		if st := i + 1 - int(m.depth[o]); st <= best.Start {
			best = Match{Pattern: int(m.out[o]), Start: st, End: i + 1}
		}
	}
	return best, true
}

// FindAll appends to dst the non-overlapping leftmost-longest matches in
// text, in order, and returns the extended slice.
func (m *Matcher) FindAll(text string, dst []Match) []Match {
	for pos := 0; ; {
		mt, ok := m.Next(text, pos)
		if !ok {
			return dst
		}
		dst = append(dst, mt)
		pos = mt.End
	}
}
