package towntest

import (
	"testing"

	"github.com/quhua/quhua"
)

// FuzzParseTownships parses arbitrary text with the township level: no
// panic, a rest no longer than the input, and a conflict only with two
// readings.
func FuzzParseTownships(f *testing.F) {
	for _, s := range []string{"深圳市宝安区观澜街道桂花路1号", "吉林省范家屯", "杭州市江干区笕桥街道", "北京市朝阳区建国路1号 上海市浦东新区世纪大道1号",
		"广东省深圳市南山区科技园 广东省深圳市南山区科技园", "公主岭市范家屯", "凯里市雷山县丹江镇", "\xe5\xb8", "范家屯镇范家屯镇"} {
		f.Add(s)
	}
	p := parser()
	f.Fuzz(func(t *testing.T, s string) {
		r := p.Parse(s, quhua.MustParseDate("2024"))
		if len(r.Rest) > len(s) {
			t.Fatalf("rest %q longer than input %q", r.Rest, s)
		}
		if r.Conflict != nil && len(r.Conflict.Readings) != 2 {
			t.Fatalf("conflict with %d readings", len(r.Conflict.Readings))
		}
		if r.Found() && r.Confidence.IsZero() {
			t.Fatalf("%q: found but no confidence", s)
		}
	})
}
