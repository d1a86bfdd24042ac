package townimport

import (
	"slices"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// Stem undoes the bureau's spellings seen in the editions, and nothing
// else.
func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"海北镇":            "海北",
		"芦台开发区海北镇":       "海北",
		"嵊州市经济开发区浦口街道":   "浦口",
		"召陵区邓襄镇":         "邓襄",
		"逊克县克林镇":         "克林",
		"大浪办事处":          "大浪",
		"高刘街道办事处街道":      "高刘",
		"城北办街道事处":        "城北",
		"富强社区公共服务站":      "富强",
		"联兴满族乡":          "联兴",
		"中亚北路片区街道":       "中亚北路",
		"塘河街道（城南新区）":     "塘河",
		"永顺地区":           "永顺",
		"榆次区使赵乡社会事务管理中心": "使赵",
		"城区": "城区", // nothing to strip: kept
		"东乡": "东乡", // a stem is never shorter than two characters
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestSlipOf(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"祖市殿镇", "祖师殿镇", true},
		{"桴\ue000乡", "桴焉镇", true}, // a garbled character
		{"候岭乡", "侯岭街道", false},    // two characters: too short to tell
		{"祖市殿镇", "祖市殿镇", false},   // the same stem is no slip
		{"大西韩乡", "大寺上镇", false},   // three differ
	} {
		if got := slipOf(c.a, c.b); got != c.want {
			t.Errorf("slipOf(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// The rules on the repository's data: each explains some differences,
// with links of known cases, and no link a rule makes goes against a
// workbook row: every row of the sheets near the pair (all 7,644 rows are
// walked) that names the earlier record on its old side names the later
// one on its new side, and none creates the later one from nothing.
func TestRulesOnData(t *testing.T) {
	d, rep := importRepo(t)
	total := 0
	for _, rc := range rep.ByRule {
		t.Logf("rule %-19s %5d lines", rc.Rule.Name, rc.Lines)
		total += rc.Lines
		if rc.Lines == 0 {
			t.Errorf("rule %s explains nothing", rc.Rule.Name)
		}
	}
	if len(rep.RuleLinks)*2 != total {
		t.Errorf("%d links, %d lines", len(rep.RuleLinks), total)
	}
	has := func(rule string, old, new uint32) bool {
		return slices.ContainsFunc(rep.RuleLinks, func(l RuleLink) bool { return l.Rule == rule && l.Old == old && l.New == new })
	}
	for _, c := range []struct {
		rule     string
		old, new uint32
	}{
		{"kind", 410825200, 410825002},                // 岳村乡 → 岳村街道
		{"county-event", 211121100, 211104004},        // 大洼县 → 大洼区: 大洼镇 → 大洼街道
		{"county-event", 440306011, 440309004},        // 宝安区 → 龙华区: 大浪办事处 → 大浪街道
		{"county-event", 230704011, 230719011},        // 伊春 2019: 铁兴社区 → 铁兴社区街道
		{"county-event", 542421207, 540602213},        // 那曲县 → 色尼区 (2017-07-18), shown an edition late: 尼玛乡
		{"prefecture", 410211207, 410202204},          // 水稻乡 into 龙亭区
		{"province", 139002100, 130181100},            // 辛集市 139002 → 130181: 辛集镇
		{"spelling", 230113204, 230113110},            // 联兴满族乡 → 联兴镇
		{"spelling-prefecture", 650171001, 650106007}, // 中亚北路街道 → 中亚北路片区街道
		{"part", 320871053, 320871004},                // 枚乘路办事处 → 枚乘街道
		{"slip", 431224111, 431224121},                // 祖市殿镇 → 祖师殿镇
	} {
		if !has(c.rule, c.old, c.new) {
			t.Errorf("rule %s: no link %09d → %09d", c.rule, c.old, c.new)
		}
	}
	cs, err := ReadChanges("../../data/areacodes/sub-county-diff.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, l := range rep.RuleLinks {
		o, n := &rec{code: l.Old, name: l.OldName}, &rec{code: l.New, name: l.NewName}
		for _, c := range cs {
			if c.Sheet < l.To-3 || c.Sheet > l.To+1 {
				continue
			}
			checked++
			if contradicts(c, o, n) {
				t.Errorf("rule %s links %09d %s → %09d %s in %d→%d, but %s says %09d %s → %09d %s (%s)", l.Rule, l.Old, l.OldName, l.New, l.NewName, l.From, l.To, c.Cite(), c.OldCode, c.OldName, c.NewCode, c.NewName, c.Reason)
			}
		}
	}
	t.Logf("%d links checked against %d row comparisons", len(rep.RuleLinks), checked)
	// The rules' events: inferred, an interval between two cut-offs.
	for _, e := range d.Events {
		if !strings.Contains(e.Ref, ", rule ") {
			continue
		}
		cut := map[int32]bool{}
		for _, ed := range Editions {
			cut[ed.Cutoff] = true
		}
		if e.Prec != uint8(quhua.Interval) || !cut[e.After] || !cut[e.Date] {
			t.Errorf("a rule's event is not dated by two cut-offs (precision %d, %d..%d): %s", e.Prec, e.After, e.Date, e.Ref)
		}
		if !strings.Contains(e.Ref, "no document states it") || len(e.Docs) > 0 {
			t.Errorf("a rule's event with a document or without saying none states it: %s", e.Ref)
		}
	}
}
