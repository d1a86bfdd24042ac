package acmatch

import (
	"slices"

	"github.com/coregx/ahocorasick"
)

// Library is a Matcher built on github.com/coregx/ahocorasick. That
// library's own leftmost-longest search returns the longest match anywhere
// rather than the leftmost one (see TestLibraryLeftmostLongest), so Library
// asks it for all overlapping matches and selects the leftmost-longest
// ones itself. It is kept to cross-check Matcher and for the benchmarks.
type Library struct {
	patterns []string
	ac       *ahocorasick.Automaton
}

// NewLibrary builds a Library matcher for the words.
func NewLibrary(patterns []string) (*Library, error) {
	for i, p := range patterns {
		if p == "" {
			return nil, &emptyError{i}
		}
	}
	ac, err := ahocorasick.NewBuilder().AddStrings(patterns).Build()
	if err != nil {
		return nil, err
	}
	return &Library{patterns: patterns, ac: ac}, nil
}

type emptyError struct{ i int }

func (e *emptyError) Error() string { return ErrEmptyPattern.Error() }
func (e *emptyError) Unwrap() error { return ErrEmptyPattern }

// FindAll appends to dst the non-overlapping leftmost-longest matches in
// text, in order, and returns the extended slice.
func (l *Library) FindAll(text string, dst []Match) []Match {
	all := l.ac.FindAllOverlapping([]byte(text))
	slices.SortFunc(all, func(a, b ahocorasick.Match) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return b.End - a.End
		}
		return a.PatternID - b.PatternID
	})
	end := 0
	for _, m := range all {
		if m.Start < end {
			continue
		}
		dst = append(dst, Match{Pattern: m.PatternID, Start: m.Start, End: m.End})
		end = m.End
	}
	return dst
}
