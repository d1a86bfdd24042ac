package server

import (
	"testing"

	"github.com/quhua/quhua"
)

// /v1/search ranks the exact pinyin spelling first.
func TestSearchPinyin(t *testing.T) {
	idx := newSearchIndex(quhua.Default())
	at := quhua.MustParseDate("2024")
	for q, want := range map[string]string{
		"luan": "341500", "Lu'an": "341500", "gzl": "220184", "gongzhuling": "220184",
		"gong zhu ling": "220184", "gongzl": "220184", "beijing": "110000",
	} {
		res := idx.search(q, at, 10)
		if len(res.Hits) == 0 || res.Hits[0].Code != want {
			t.Errorf("search(%q): first hit %v, want %s", q, res.Hits, want)
		}
	}
	if res := idx.search("luan", at, 10); res.Hits[0].Match != "exact" || len(res.Hits) < 2 || res.Hits[len(res.Hits)-1].Match != "prefix" {
		t.Errorf("search(luan): %+v", res.Hits)
	}
}

func BenchmarkSearchPinyin(b *testing.B) {
	idx := newSearchIndex(quhua.Default())
	at := quhua.MustParseDate("2024")
	for _, q := range []string{"luan", "gzl", "gongzl"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				idx.search(q, at, 10)
			}
		})
	}
}
