package townimport

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// The rules below link what two consecutive editions show and neither a
// document, a county-level event nor the same code or the same name under
// the same county explains: a township record that ends and one that
// starts in the same pair of editions, whose names agree by the rule's
// measure within the rule's area. Each rule links only a unique pair: one
// record that ends and one that starts with the same key in that area and
// pair; two candidates on either side and the rule links neither. The
// rules run in the order of Rules, each on what the ones before left.
//
// A link a rule makes is inferred (snapshot.Inferred): its event is dated
// by the interval between the two editions' cut-offs, never a day, and its
// Ref names the two records and the rule, and says that no document
// states it. It says the later record succeeds the earlier one, not that
// their areas are the same: no source says so.
//
// Documents win. A rule links only records whose boundary no workbook row,
// county-level event or earlier inference explains, and it leaves alone a
// record that a workbook row of a sheet near the pair names (by its code,
// or by its name's core under its county): that row is the document's to
// place, even where the row could not be placed on that record.

// Rule is one inference rule, as the report counts it.
type Rule struct {
	Name string // short name, in the report and the events' Ref
	// Statement is the evidence the rule reads, in the events' Ref.
	Statement string
	area      func(code uint32) uint32
	key       func(name string) string
	// other: the two records must be under different counties (the same
	// county's exact name is the older same-name rule's).
	other bool
	// match, if set, pairs records by it instead of equal keys.
	match func(a, b string) bool
	// moved: the two records' counties must be linked by a county-level
	// event of movesNear (the area is that pair of counties).
	moved bool
}

func countyOf(code uint32) uint32     { return code / 1000 }
func prefectureOf(code uint32) uint32 { return code / 100000 }
func provinceOf(code uint32) uint32   { return code / 10000000 }

// Rules are the inference rules, in the order they run.
var Rules = []Rule{
	{Name: "kind", Statement: "same county, same name but its kind (镇, 乡, 街道 …), new code: a conversion such as 镇→街道 or 乡→镇 recoded",
		area: countyOf, key: core},
	{Name: "county-event", Statement: "the same name once the bureau's spelling is undone (Stem), under the two counties a county-level event links, dated between the two cut-offs or within the edition before (the bureau shows some recodes an edition late: 542421 那曲县 → 540602 色尼区, 2017-07-18, first in the 2018 edition)",
		area: countyOf, key: Stem, match: func(a, b string) bool { return Stem(a) == Stem(b) }, moved: true},
	{Name: "prefecture", Statement: "same name under another county of the same prefecture, in the same pair: a move between counties or into or out of a statistics-only unit, new code",
		area: prefectureOf, key: func(s string) string { return s }, other: true},
	{Name: "prefecture-kind", Statement: "same name but its kind under another county of the same prefecture, in the same pair: a move with a conversion, new code",
		area: prefectureOf, key: core, other: true},
	{Name: "province", Statement: "same name under another prefecture of the same province, in the same pair: a province-administered county (139001 → 130181 style) or a move across prefectures, new code",
		area: provinceOf, key: func(s string) string { return s }, other: true},
	{Name: "spelling", Statement: "same county, the same name once the bureau's spelling is undone (Stem: a unit's name prefixed, 办事处, 社区公共服务站, an ethnic kind, 片区 or 地区 written for the kind)",
		area: countyOf, key: Stem},
	{Name: "spelling-prefecture", Statement: "another county of the same prefecture, the same name once the bureau's spelling is undone (Stem)",
		area: prefectureOf, key: Stem, other: true},
	{Name: "part", Statement: "same county, the name of one (without its kind) is part of the other's (a split or a merge that keeps one name, or a name the bureau shortens or lengthens)",
		area: countyOf, key: Stem, match: partOf},
	{Name: "slip", Statement: "same county, the stems of the two names (Stem) have the same length of at least three characters and differ in one, or in characters the editions garbled (祖市殿镇, 祖师殿镇): a slip of the pen or of the encoding",
		area: countyOf, key: Stem, match: slipOf},
}

// partOf reports whether the stem of one name is found in the other.
func partOf(a, b string) bool {
	return strings.Contains(b, Stem(a)) || strings.Contains(a, Stem(b))
}

// slipOf reports whether the stems of two names differ by one character
// (three at least) or only where one of them holds a character that is
// no Chinese character (the editions' encoding slips: 桴\ue000镇).
func slipOf(a, b string) bool {
	x, y := []rune(Stem(a)), []rune(Stem(b))
	if len(x) != len(y) || len(x) < 2 {
		return false
	}
	diff, garbled := 0, true
	for i := range x {
		if x[i] != y[i] {
			diff++
			if unicode.Is(unicode.Han, x[i]) && unicode.Is(unicode.Han, y[i]) {
				garbled = false
			}
		}
	}
	return diff == 1 && len(x) >= 3 || diff >= 1 && garbled
}

var (
	// A unit's or the county's name written before the township's:
	// 芦台开发区海北镇, 嵊州市经济开发区浦口街道, 召陵区邓襄镇, 逊克县克林镇.
	unitPrefix  = regexp.MustCompile(`^.{2,12}?(?:经济技术开发区|经济开发区|开发区|管理区|经开区|高新区|示范区|新区|园区)(.{2,}(?:镇|乡|街道|办事处))$`)
	placePrefix = regexp.MustCompile(`^.{2,4}?[区县市旗](.{2,}(?:镇|乡|街道))$`)
	// A note in brackets: 塘河街道（城南新区）, 八角街道（烟台开发区）.
	bracket = regexp.MustCompile(`[（(][^）)]*[）)]`)
	// An ethnic township's kind: 联兴满族乡, 小圩壮族乡, 团结瑶族乡.
	ethnic = regexp.MustCompile(`^(.{2,}?)(?:满|回|壮|瑶|苗|侗|彝|藏|白|土家|蒙古|朝鲜|畲|黎|傣|哈尼|布依|水|仡佬|锡伯|达斡尔|鄂伦春|鄂温克|维吾尔|哈萨克|柯尔克孜|撒拉|东乡|保安|裕固|土|羌|纳西|傈僳|拉祜|佤|景颇|布朗|怒|普米|独龙|阿昌|德昂|基诺|毛南|仫佬|京|赫哲|俄罗斯|塔吉克|乌孜别克|门巴|珞巴)族(?:乡|镇|苏木)$`)
)

// The bureau's endings of a township name that are no part of it, longest
// first: 富强社区公共服务站, 大浪办事处, 高刘街道办事处街道, 城北办街道事处.
var spellingSuffixes = []string{"社区公共服务站街道", "社区公共服务站", "公共服务站街道", "公共服务站", "社会事务管理中心", "行政事务管理中心",
	"社区工作委员会", "管理委员会", "片区管委会", "片区街道", "管委会", "办事处街道", "办街道事处", "街办事处", "办事处乡", "办事处", "社区街道", "社区地区", "社区", "地区", "街办"}

// Stem is a township's name without what the bureau writes around it:
// a note in brackets, the endings of spellingSuffixes, a unit's or
// county's name before it, an ethnic kind, then its kind (core). 芦台开发区海北镇,
// 海北镇 and 海北街道 have the stem 海北; 大浪办事处 and 大浪街道 大浪;
// 联兴满族乡 and 联兴镇 联兴. A stem is never shorter than two characters:
// where stripping would leave less, the name is kept.
func Stem(name string) string {
	if s, ok := stems.Load(name); ok {
		return s.(string)
	}
	s := stem(name)
	stems.Store(name, s)
	return s
}

var stems sync.Map // name → Stem(name)

func stem(name string) string {
	n := name
	if s := bracket.ReplaceAllString(n, ""); len([]rune(s)) >= 2 {
		n = s
	}
	for changed := true; changed; {
		changed = false
		for _, s := range spellingSuffixes {
			if rest, ok := strings.CutSuffix(n, s); ok && len([]rune(rest)) >= 2 {
				n, changed = rest, true
				break
			}
		}
	}
	if m := unitPrefix.FindStringSubmatch(n); m != nil {
		n = m[1]
	} else if m := placePrefix.FindStringSubmatch(n); m != nil {
		n = m[1]
	}
	if m := ethnic.FindStringSubmatch(n); m != nil {
		n = m[1]
	}
	if c := core(n); len([]rune(c)) >= 2 {
		n = c
	}
	return n
}

// RuleLink is a link an inference rule made, for the report and the
// tests.
type RuleLink struct {
	Rule     string
	From, To int // edition years of the pair
	Old, New uint32
	OldName  string
	NewName  string
}

// RuleCount is how many report lines (record ends and starts) a rule
// explained.
type RuleCount struct {
	Rule  Rule
	Lines int
}

// nearRows returns the workbook rows of the sheets whose changes pair k
// may show (candidatePairs).
func (b *builder) nearRows(k int) []Change {
	var out []Change
	for _, c := range b.changes {
		if slices.Contains(b.candidatePairs(c.Sheet), k) {
			out = append(out, c)
		}
	}
	return out
}

// denotes reports whether a row's side (code, name, the row's county)
// denotes record r: its code is r's code or counterpart and its name (if
// given) has r's stem, or its name has r's stem under r's county. A code
// alone is not enough: the ministry's codes and the bureau's differ, and
// the same code may denote another township in the other system.
func denotes(code uint32, name string, county uint32, r *rec) bool {
	same := name != "" && Stem(Normalize(name)) == Stem(r.name)
	if code != 0 && (code == r.code || code == r.counterpart) && (name == "" || same) {
		return true
	}
	cty := county
	if code != 0 {
		cty = code / 1000
	}
	return same && (cty == r.code/1000 || county == r.code/1000)
}

// contradicts reports whether a workbook row says otherwise than a link
// from o to n: it names o on its old side (denotes) and on its new side
// no township, or one whose name has not n's stem (o abolished, or merged
// into another); or it names n on its new side and nothing on its old
// side (n created from nothing). A row that names n with another old side
// does not contradict: a merge has several old sides. The new side is
// compared by name alone: the row gives the ministry's codes, which
// differ from the bureau's where a county was recoded, as where these
// rules apply.
func contradicts(c Change, o, n *rec) bool {
	county := c.NewCode / 1000
	if county == 0 {
		county = c.OldCode / 1000
	}
	like := func(code uint32, name string, r *rec) bool {
		if name == "" {
			return code != 0 && (code == r.code || code == r.counterpart)
		}
		return Stem(Normalize(name)) == Stem(r.name)
	}
	if denotes(c.OldCode, c.OldName, county, o) && !like(c.NewCode, c.NewName, n) {
		return true
	}
	return c.OldCode == 0 && c.OldName == "" && denotes(c.NewCode, c.NewName, county, n)
}

// byRules applies Rules to the records still unexplained after inferred.
func (b *builder) byRules() {
	counts := make([]int, len(Rules))
	for k := 1; k < len(b.eds); k++ {
		rows := b.nearRowsCached(k)
		agrees := func(o, n int) bool {
			for _, c := range rows {
				if contradicts(c, b.recs[o], b.recs[n]) {
					return false
				}
			}
			return true
		}
		for ri, rule := range Rules {
			var ends, starts []int
			for i, r := range b.recs {
				if r.workbook {
					continue
				}
				if r.toK == k && r.toEv < 0 {
					ends = append(ends, i)
				}
				if r.fromK == k && r.fromEv < 0 {
					starts = append(starts, i)
				}
			}
			type ak struct {
				area uint32
				key  string
			}
			group := func(is []int) map[ak][]int {
				m := map[ak][]int{}
				for _, i := range is {
					r := b.recs[i]
					kk := ak{rule.area(r.code), rule.key(r.name)}
					m[kk] = append(m[kk], i)
				}
				return m
			}
			var pairs [][2]int
			if rule.match != nil {
				pairs = b.matchPairs(rule, k, ends, starts)
			} else {
				se := group(starts)
				ee := group(ends)
				for _, o := range ends {
					r := b.recs[o]
					kk := ak{rule.area(r.code), rule.key(r.name)}
					if len(ee[kk]) != 1 || len(se[kk]) != 1 {
						continue
					}
					n := se[kk][0]
					if rule.other && countyOf(b.recs[n].code) == countyOf(r.code) {
						continue
					}
					pairs = append(pairs, [2]int{o, n})
				}
			}
			slices.SortFunc(pairs, func(x, y [2]int) int { return int(b.recs[x[0]].code) - int(b.recs[y[0]].code) })
			evs := map[[2]uint32]int{}
			for _, p := range pairs {
				if !agrees(p[0], p[1]) {
					continue
				}
				o, n := b.recs[p[0]], b.recs[p[1]]
				kk := [2]uint32{o.code / 1000, n.code / 1000}
				id, ok := evs[kk]
				if !ok {
					id = len(b.events)
					evs[kk] = id
					b.events = append(b.events, &event{date: b.eds[k].Cutoff, prec: quhua.Interval, after: b.eds[k-1].Cutoff, year: b.eds[k].Year, countyEvent: -1, cat: Inferred,
						ref: fmt.Sprintf("inferred from editions %d and %d (cut-off %s), rule %s: %s; no document states it, and no source says the area is the same",
							b.eds[k-1].Year, b.eds[k].Year, fmtDate(b.eds[k].Cutoff), rule.Name, rule.Statement)})
				}
				ev := b.events[id]
				ev.ref += fmt.Sprintf("; %09d %s → %09d %s", o.code, o.name, n.code, n.name)
				ev.links = append(ev.links, link{from: p[0], to: p[1], flags: snapshot.Inferred})
				o.toEv, o.endCat = id, Inferred
				n.fromEv, n.startCat = id, Inferred
				counts[ri] += 2
				b.rep.RuleLinks = append(b.rep.RuleLinks, RuleLink{Rule: rule.Name, From: b.eds[k-1].Year, To: b.eds[k].Year, Old: o.code, New: n.code, OldName: o.name, NewName: n.name})
			}
		}
	}
	for i, r := range Rules {
		b.rep.ByRule = append(b.rep.ByRule, RuleCount{Rule: r, Lines: counts[i]})
	}
}

// matchPairs links, within the rule's area, an ending record and a
// starting one whose names the rule's match pairs, each being the other's
// only such candidate.
func (b *builder) matchPairs(rule Rule, k int, ends, starts []int) [][2]int {
	moved := map[[2]uint32]bool{}
	if rule.moved {
		for _, mv := range b.movesNear(k) {
			moved[mv] = true
		}
	}
	in := func(a, c *rec) bool {
		if rule.moved {
			return moved[[2]uint32{countyOf(a.code), countyOf(c.code)}] && rule.match(a.name, c.name)
		}
		return rule.area(a.code) == rule.area(c.code) && rule.match(a.name, c.name)
	}
	var out [][2]int
	for _, o := range ends {
		var cands []int
		for _, n := range starts {
			if in(b.recs[o], b.recs[n]) {
				cands = append(cands, n)
			}
		}
		if len(cands) != 1 {
			continue
		}
		back := 0
		for _, o2 := range ends {
			if in(b.recs[o2], b.recs[cands[0]]) {
				back++
			}
		}
		if back == 1 {
			out = append(out, [2]int{o, cands[0]})
		}
	}
	return out
}

// evidence says what was examined for a record whose start (or end, with
// end) at pair k nothing explains: the workbook's rows near the pair that
// name it, its code in the other edition, its counterpart, the
// county-level events of the pair, data_location, and the records of the
// other side of the pair whose names agree by the rules' measures.
func (b *builder) evidence(r *rec, end bool, k int) string {
	var ev []string
	// The workbook.
	county := r.code / 1000
	var rows []string
	for _, c := range b.nearRowsCached(k) {
		cty := c.NewCode / 1000
		if cty == 0 {
			cty = c.OldCode / 1000
		}
		if denotes(c.OldCode, c.OldName, cty, r) || denotes(c.NewCode, c.NewName, cty, r) {
			rows = append(rows, fmt.Sprintf("%d!%d", c.Sheet, c.Row))
		}
	}
	lo, hi := b.eds[k].Year-3, b.eds[k].Year+1
	if len(rows) == 0 {
		ev = append(ev, fmt.Sprintf("workbook sheets %d–%d: no row names %09d or %s under %06d", lo, hi, r.code, core(r.name), county))
	} else {
		ev = append(ev, fmt.Sprintf("workbook rows %s name it, none places this record in this pair", strings.Join(rows, " ")))
	}
	// The same code in the other edition.
	other := k
	if !end {
		other = k - 1
	}
	if n, ok := b.eds[other].Units[r.code]; ok {
		ev = append(ev, fmt.Sprintf("the %d edition lists %09d as %s, explained otherwise", b.eds[other].Year, r.code, n))
	} else {
		ev = append(ev, fmt.Sprintf("the %d edition does not list %09d", b.eds[other].Year, r.code))
	}
	if r.counterpart != 0 {
		ev = append(ev, fmt.Sprintf("civil-affairs code %09d", r.counterpart))
	} else {
		ev = append(ev, "no civil-affairs code known")
	}
	// County-level events of the pair moving its county.
	var moves []string
	for _, mv := range b.movesNear(k) {
		if mv[0] == county || mv[1] == county {
			moves = append(moves, fmt.Sprintf("%06d→%06d", mv[0], mv[1]))
		}
	}
	if len(moves) == 0 {
		ev = append(ev, fmt.Sprintf("no county-level event moves %06d from %s to %s", county, fmtDate(b.eds[max(k-2, 0)].Cutoff), fmtDate(b.eds[k].Cutoff)))
	} else {
		ev = append(ev, fmt.Sprintf("county-level events %s: no township of the same name on the other side", strings.Join(moves, " ")))
	}
	// data_location, the unofficial source after the last edition.
	switch {
	case len(b.snaps) == 0:
		ev = append(ev, "data_location not read")
	case b.snaps[0].Date > b.eds[k].Cutoff:
		ev = append(ev, fmt.Sprintf("data_location begins on %s, after the cut-off", fmtDate(b.snaps[0].Date)))
	default:
		var seen []string
		for _, sn := range b.snaps {
			if sn.Date > b.eds[k].Cutoff {
				break
			}
			if n, ok := sn.Files[county][r.code]; ok {
				seen = append(seen, fmt.Sprintf("%s lists %09d %s", sn.Dir, r.code, n))
			}
		}
		if len(seen) == 0 {
			ev = append(ev, fmt.Sprintf("no data_location snapshot up to the cut-off lists %09d", r.code))
		} else {
			ev = append(ev, "data_location "+strings.Join(seen, ", "))
		}
	}
	// The other side of the pair, by the rules' measures.
	st := Stem(r.name)
	side := "started"
	if !end {
		side = "ended"
	}
	var same []string
	for _, i := range b.pairRecs(k, !end) {
		o := b.recs[i]
		if provinceOf(o.code) != provinceOf(r.code) {
			continue
		}
		if Stem(o.name) != st && (countyOf(o.code) != county || !partOf(o.name, r.name) && !slipOf(o.name, r.name)) {
			continue
		}
		if len(same) == 4 {
			same = append(same, "…")
			break
		}
		bound := o.fromEv
		if !end {
			bound = o.toEv
		}
		if bound >= 0 && b.events[bound].cat != Unexplained {
			same = append(same, fmt.Sprintf("%09d %s (already %s)", o.code, o.name, b.events[bound].cat))
			continue
		}
		same = append(same, fmt.Sprintf("%09d %s (unexplained: %s)", o.code, o.name, b.whyNot(r, o, end, k)))
	}
	if len(same) == 0 {
		ev = append(ev, fmt.Sprintf("no record %s in the province with the stem %s, none in %06d with a name part of it or one character off", side, st, county))
	} else {
		ev = append(ev, fmt.Sprintf("%s in the province with the stem %s or, in %06d, a name part of it or one character off: %s", side, st, county, strings.Join(same, ", ")))
	}
	return strings.Join(ev, "; ")
}

// whyNot says why no rule linked two unexplained records of pair k whose
// names agree (r ends and o starts, or the other way round without end):
// a workbook row says otherwise, or the stem is not unique in their area.
func (b *builder) whyNot(r, o *rec, end bool, k int) string {
	old, new := r, o
	if !end {
		old, new = o, r
	}
	for _, c := range b.nearRowsCached(k) {
		if contradicts(c, old, new) {
			return fmt.Sprintf("%d!%d says otherwise", c.Sheet, c.Row)
		}
	}
	area, where := provinceOf, "province"
	switch {
	case countyOf(r.code) == countyOf(o.code):
		area, where = countyOf, "county"
	case prefectureOf(r.code) == prefectureOf(o.code):
		area, where = prefectureOf, "prefecture"
	}
	st := Stem(r.name)
	ends, starts := 0, 0
	for _, ends0 := range []bool{true, false} {
		for _, i := range b.pairRecs(k, ends0) {
			x := b.recs[i]
			if area(x.code) != area(r.code) || Stem(x.name) != st {
				continue
			}
			if ends0 && (x.toEv < 0 || b.events[x.toEv].cat == Unexplained) {
				ends++
			}
			if !ends0 && (x.fromEv < 0 || b.events[x.fromEv].cat == Unexplained) {
				starts++
			}
		}
	}
	if ends != 1 || starts != 1 {
		return fmt.Sprintf("%d ended and %d started unexplained with the stem %s in the %s, no unique pair", ends, starts, st, where)
	}
	return "no rule's measure pairs their names in their area"
}

// movesNear returns the county-level moves (countyMoves) of the events
// dated after the cut-off of the edition before the pair's earlier one
// and up to the later one's: those of the pair, and those the bureau may
// show an edition late.
func (b *builder) movesNear(k int) [][2]uint32 {
	lo, hi := b.eds[max(k-2, 0)].Cutoff, b.eds[k].Cutoff
	var out [][2]uint32
	for e, ce := range b.county.Events {
		if ce.Date > lo && ce.Date <= hi {
			out = append(out, b.countyMoves(e)...)
		}
	}
	return out
}

// pairRecs returns the edition records that start (or end, with ends)
// at pair k.
func (b *builder) pairRecs(k int, ends bool) []int {
	var out []int
	for i, r := range b.recs {
		if !r.workbook && (ends && r.toK == k || !ends && r.fromK == k) {
			out = append(out, i)
		}
	}
	return out
}

func (b *builder) nearRowsCached(k int) []Change {
	if b.near == nil {
		b.near = map[int][]Change{}
	}
	if rs, ok := b.near[k]; ok {
		return rs
	}
	b.near[k] = b.nearRows(k)
	return b.near[k]
}
