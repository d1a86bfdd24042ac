package changeset

import (
	"testing"

	"github.com/quhua/quhua"
)

func BenchmarkValidate(b *testing.B) {
	base, _ := quhua.Build(Truncate(quhua.Default().Data(), quhua.EndOfYear(2019)))
	cs := gongzhuling()
	b.ReportAllocs()
	for b.Loop() {
		if !Validate(base, cs).Valid {
			b.Fatal("invalid")
		}
	}
}

// BenchmarkBuildRelease builds a release with every 2020 event re-entered.
func BenchmarkBuildRelease(b *testing.B) {
	up := quhua.Default()
	base := Truncate(up.Data(), quhua.EndOfYear(2019))
	var applied []Applied
	for i, e := range up.EventsOfYear(2020) {
		applied = append(applied, Applied{ID: int64(i + 1), Set: FromEvent(up, e)})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(base, "2019+1", applied); err != nil {
			b.Fatal(err)
		}
	}
}
