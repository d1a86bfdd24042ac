package acmatch

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/coregx/ahocorasick"
)

// naive is the definition: at each position from the left, the longest
// word starting there; skip past it.
func naive(words []string, text string) []Match {
	var out []Match
	for i := 0; i < len(text); {
		best := -1
		for j, w := range words {
			if strings.HasPrefix(text[i:], w) && (best < 0 || len(w) > len(words[best])) {
				best = j
			}
		}
		if best < 0 {
			i++
			continue
		}
		out = append(out, Match{Pattern: best, Start: i, End: i + len(words[best])})
		i += len(words[best])
	}
	return out
}

var words = []string{"吉林", "吉林省", "吉林市", "长春", "长春市", "朝阳区", "朝阳", "林省长", "阳区西", "北京市", "京市"}

func TestFindAll(t *testing.T) {
	m, err := New(words)
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewLibrary(words)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"", "吉林长春市朝阳区", "吉林省长春市", "吉林省吉林市", "北京市朝阳区西大街", "xx吉林", "吉", "朝阳区西",
		"吉林省长春", "\xff吉林\xe5", "长春长春市长春",
	} {
		want := naive(words, text)
		if got := m.FindAll(text, nil); !slices.Equal(got, want) {
			t.Errorf("Matcher.FindAll(%q) = %v, want %v", text, got, want)
		}
		if got := l.FindAll(text, nil); !slices.Equal(got, want) {
			t.Errorf("Library.FindAll(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alpha := []string{"a", "b", "c", "吉", "林"}
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alpha[r.IntN(len(alpha))])
		}
		return b.String()
	}
	for range 300 {
		var ws []string
		for range 1 + r.IntN(8) {
			ws = append(ws, gen(1+r.IntN(4)))
		}
		m, err := New(ws)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := NewLibrary(ws)
		for range 20 {
			text := gen(r.IntN(30))
			want := naive(ws, text)
			if got := m.FindAll(text, nil); !slices.Equal(got, want) {
				t.Fatalf("words %q text %q: Matcher %v, want %v", ws, text, got, want)
			}
			if got := l.FindAll(text, nil); !slices.Equal(got, want) {
				t.Fatalf("words %q text %q: Library %v, want %v", ws, text, got, want)
			}
		}
	}
}

func TestNextFrom(t *testing.T) {
	m, _ := New(words)
	text := "吉林省长春市"
	got, ok := m.Next(text, 3) // inside 吉林省: 林省长 starts at 3
	if !ok || got.Start != 3 || words[got.Pattern] != "林省长" {
		t.Errorf("Next from 3 = %v %v", got, ok)
	}
	if _, ok := m.Next(text, len(text)); ok {
		t.Error("Next at end found a match")
	}
}

func TestEmptyPattern(t *testing.T) {
	if _, err := New([]string{"a", ""}); !errors.Is(err, ErrEmptyPattern) {
		t.Errorf("New: err = %v", err)
	}
	if _, err := NewLibrary([]string{""}); !errors.Is(err, ErrEmptyPattern) {
		t.Errorf("NewLibrary: err = %v", err)
	}
}

// TestLibraryLeftmostLongest records why Library does not use the
// library's own leftmost-longest search: it does not return the leftmost
// match. If this starts failing, the library has been fixed.
func TestLibraryLeftmostLongest(t *testing.T) {
	ac, err := ahocorasick.NewBuilder().SetMatchKind(ahocorasick.LeftmostLongest).
		AddStrings([]string{"吉林", "长春市"}).Build()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := ac.Find([]byte("吉林长春市"), 0)
	if !ok || m.Start == 0 {
		t.Logf("library now finds the leftmost match: %v", m)
	}
}

func FuzzMatcher(f *testing.F) {
	f.Add("吉林长春市朝阳区", "吉林")
	f.Add("abcabc", "bca")
	f.Fuzz(func(t *testing.T, text, w string) {
		if w == "" || len(text) > 200 || len(w) > 12 {
			return
		}
		ws := append([]string{w, w[:len(w)/2+1]}, words...)
		m, err := New(ws)
		if err != nil {
			t.Fatal(err)
		}
		want := naive(ws, text)
		// Duplicated words report the first index in both.
		if got := m.FindAll(text, nil); !slices.Equal(got, want) {
			t.Fatalf("FindAll(%q) = %v, want %v", text, got, want)
		}
	})
}

func benchWords() ([]string, []string) {
	// A dictionary and texts shaped like the address parser's.
	var ws []string
	for _, a := range []string{"吉林", "长春", "四平", "公主岭", "朝阳", "南关", "宽城", "北京", "海淀", "广西", "南宁", "延边", "延吉", "珲春", "梅河口"} {
		for _, s := range []string{"", "市", "省", "区", "县"} {
			ws = append(ws, a+s)
		}
	}
	texts := []string{
		"吉林省长春市朝阳区西安大路289号(与春阳街交汇处)",
		"北京市海淀区中关村大街1号",
		"吉林省四平市公主岭市范家屯镇",
		"广西南宁市青秀区民族大道100号",
	}
	return ws, texts
}

func BenchmarkMatcher(b *testing.B) {
	ws, texts := benchWords()
	m, _ := New(ws)
	buf := make([]Match, 0, 16)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = m.FindAll(texts[i%len(texts)], buf[:0])
	}
}

func BenchmarkLibrary(b *testing.B) {
	ws, texts := benchWords()
	l, _ := NewLibrary(ws)
	buf := make([]Match, 0, 16)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = l.FindAll(texts[i%len(texts)], buf[:0])
	}
}
