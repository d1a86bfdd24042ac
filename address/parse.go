package address

import (
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/quhua/quhua"
)

// maxHyps bounds the readings of an address followed at once.
const maxHyps = 16

// hyp is one reading of the names seen so far: at most one record per
// level, each inside the ones above it (by code prefix: the data set's own
// rule for parents).
type hyp struct {
	recs    [3]*quhua.Record
	place   *place // the deepest level is a place, not a division
	alias   int8   // names read through the alias table
	span    [3][2]int32
	deepest int8
	n       int8  // names matched
	hist    int8  // records not in force on the date
	full    int8  // names written in full
	gap     int32 // how far the historical records lie from the date
}

func (h *hyp) consistent(c cand, links map[quhua.Code][]quhua.Code) bool {
	if pl := c.place; pl != nil {
		if r := h.recs[0]; r != nil && r.Code != pl.prov {
			return false
		}
		if !pl.zone() {
			return h.recs[1] == nil && (!c.needParent || h.recs[0] != nil)
		}
		if r := h.recs[1]; r != nil && r.Code != pl.code.PrefectureCode() {
			return false
		}
		if c.needParent {
			return h.recs[1] != nil || pl.code.ProvinceGoverned() && h.recs[0] != nil
		}
		return true
	}
	code := c.rec.Code
	if r := h.recs[0]; r != nil && code.ProvinceCode() != r.Code {
		return false
	}
	if r := h.recs[1]; r != nil && (c.level < 2 || !linked(links, r.Code, code.PrefectureCode())) {
		return false
	}
	return true
}

// linked reports whether a prefecture the text names (code a) and the
// prefecture a county's code sits under (b) are one unit at different
// dates: the same code, or codes joined by the registry's lineage (思茅地区
// 532700 became 思茅市, then 普洱市 530800, over 思茅区 530802).
func linked(links map[quhua.Code][]quhua.Code, a, b quhua.Code) bool {
	if a == b {
		return true
	}
	for _, x := range links[a] {
		if x == b {
			return true
		}
	}
	return false
}

// prefectureLinks joins the codes of every prefecture-level record that
// ended to the codes of the prefecture-level divisions it became, in both
// directions.
func prefectureLinks(reg *quhua.Registry) map[quhua.Code][]quhua.Code {
	links := map[quhua.Code][]quhua.Code{}
	add := func(a, b quhua.Code) {
		for _, x := range links[a] {
			if x == b {
				return
			}
		}
		links[a] = append(links[a], b)
	}
	latest := reg.Latest()
	for _, r := range reg.Records() {
		if r.To == 0 || r.Level() != quhua.Prefecture {
			continue
		}
		for _, t := range reg.TranslateRecord(r, r.To.AddDays(-1), latest).Main() {
			if t.Record.Level() == quhua.Prefecture && t.Record.Code != r.Code {
				add(r.Code, t.Record.Code)
				add(t.Record.Code, r.Code)
			}
		}
	}
	return links
}

// lower reports whether c, a full name of the reading's deepest level, is
// a division inside the one the reading holds at that level, written
// after it: a 地区 after the autonomous prefecture that administers it
// (伊犁哈萨克自治州塔城地区: the registry has no level between, so both
// of one province), or a county after the county-level city written in
// its prefecture's place (凯里市雷山县: 凯里市 is the seat of 黔东南州).
func lower(h *hyp, c cand, adjacent bool) bool {
	if !c.full || !adjacent || c.rec == nil || c.place != nil || int(c.level) != int(h.deepest) || h.place != nil {
		return false
	}
	x := h.recs[c.level]
	if x == nil || x == c.rec {
		return false
	}
	switch c.level {
	case 1:
		return x.Kind == quhua.KindAutonomousPref && c.rec.Kind == quhua.KindPrefecture &&
			x.Code.ProvinceCode() == c.rec.Code.ProvinceCode() && (h.recs[0] == nil || h.recs[0].Code == c.rec.Code.ProvinceCode())
	case 2:
		return x.Kind == quhua.KindCountyCity && c.rec.Code.PrefectureCode() == x.Code.PrefectureCode() &&
			!c.rec.Code.ProvinceGoverned()
	}
	return false
}

// parentOf reports whether the reading holds the division directly above
// c's record.
func (h *hyp) parentOf(c cand) bool {
	switch c.level {
	case 2:
		return h.recs[1] != nil || c.rec.Code.ProvinceGoverned() && h.recs[0] != nil
	case 1:
		return h.recs[0] != nil
	}
	return false
}

// boundaryAt reports whether a name may end at byte i of s: at the end,
// before punctuation or white space, or before another name.
func (p *Parser) boundaryAt(s string, i int) bool {
	if i == len(s) || isLeadNoise(firstRune(s[i:])) {
		return true
	}
	n, ok := p.m.Next(s[:min(len(s), i+p.m.MaxLen())], i)
	return ok && n.Start == i
}

func firstRune(s string) rune {
	r, _ := decodeRune(s)
	return r
}

// lastRune returns the last character of s, decoding a well-formed
// three-byte one (all of CJK) inline, as utf8.DecodeLastRuneInString
// does.
func lastRune(s string) rune {
	if n := len(s); n >= 3 {
		if c := s[n-3]; c-0xE1 < 0x0F && c != 0xED && s[n-2]&0xC0 == 0x80 && s[n-1]&0xC0 == 0x80 {
			return rune(c&0x0F)<<12 | rune(s[n-2]&0x3F)<<6 | rune(s[n-1]&0x3F)
		}
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// townAfter reports whether s starts with 镇, 乡 or 村 (and not 镇区 …).
func townAfter(s string) bool {
	r, n := decodeRune(s)
	switch r {
	case '镇', '乡', '村':
		r2, _ := decodeRune(s[n:])
		return r2 != '区' && r2 != '县' && r2 != '市'
	}
	return false
}

// nameChar reports whether r ends a street, building or place word, after
// which a short name is part of a longer name.
func nameChar(r rune) bool {
	switch r {
	case '街', '路', '道', '巷', '弄', '楼', '座', '厦', '场', '园', '城', '里', '港', '湾', '桥':
		return true
	}
	return false
}

// orgAfter reports whether s starts with the rest of an organisation's
// name after a place name (吉林大学, 深圳大学), or of a landmark named after
// a place (朝阳门, 朝阳公园).
func orgAfter(s string) bool {
	r, n := decodeRune(s)
	t := s[n:]
	switch r {
	case '大':
		return hasPrefix(t, "学", "厦")
	case '学':
		return hasPrefix(t, "院")
	case '师':
		return hasPrefix(t, "范")
	case '理':
		return hasPrefix(t, "工")
	case '工', '农':
		return hasPrefix(t, "业大学")
	case '医':
		return hasPrefix(t, "科", "院")
	case '财':
		return hasPrefix(t, "经")
	case '交':
		return hasPrefix(t, "通大学")
	case '外':
		return hasPrefix(t, "国语")
	case '中', '小':
		return hasPrefix(t, "学")
	case '公':
		return hasPrefix(t, "司", "园")
	case '集':
		return hasPrefix(t, "团")
	case '银':
		return hasPrefix(t, "行")
	case '日':
		return hasPrefix(t, "报")
	case '电':
		return hasPrefix(t, "视台")
	case '机':
		return hasPrefix(t, "场")
	case '广':
		return hasPrefix(t, "场")
	case '花':
		return hasPrefix(t, "园")
	case '门', '桥', '站':
		return true
	}
	return false
}

func hasPrefix(s string, ps ...string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// cmp orders readings: more names, fewer historical ones, more full
// names, historical records nearer the date.
func (h *hyp) cmp(o *hyp) int {
	switch {
	case h.n != o.n:
		return int(h.n) - int(o.n)
	case h.hist != o.hist:
		return int(o.hist) - int(h.hist)
	case h.full != o.full:
		return int(h.full) - int(o.full)
	}
	return int(o.gap) - int(h.gap)
}

// Parse finds the divisions an address names, as of date at (today when
// at is zero). It never fails: a text without division names gives a
// Result with no parts and the whole text as Rest.
func (p *Parser) Parse(text string, at quhua.Date) (res Result) {
	if at == 0 {
		at = quhua.Today()
	}
	p.parse(&res, text, at)
	p.second(&res, at)
	res.setConfidence()
	return res
}

// setConfidence says how sure the answer is, from what parsing found.
func (r *Result) setConfidence() {
	switch {
	case !r.Found():
	case r.Conflict != nil:
		r.Confidence = Confidence{Kind: Ambiguous, Reason: "the text names two incompatible addresses"}
	case len(r.Candidates) > 1:
		r.Confidence = Confidence{Kind: Ambiguous, Reason: "several divisions fit the names and nothing in the text decides", Candidates: r.Candidates}
	case r.reason != "":
		r.Confidence = Confidence{Kind: Inferred, Reason: r.reason}
	case r.Province.Named != nil || r.Prefecture.Named != nil || r.County.Named != nil:
		r.Confidence = Confidence{Kind: Inferred, Reason: "a name not in force on the date, carried to it through the registry's lineage"}
	case len(r.Alternatives) > 0:
		r.Confidence = Confidence{Kind: Inferred, Reason: "a bare name read as the prefecture-level city; the other divisions of that name are listed as alternatives"}
	default:
		r.Confidence = Confidence{Kind: Certain}
	}
}

// parse fills res, which must be zero, with the reading of text.
func (p *Parser) parse(res *Result, text string, at quhua.Date) {
	res.Input, res.At = text, at
	// Readings are written before they are read: the buffers come from a
	// pool rather than being zeroed on every call. So does the buffer of
	// the normalized text, which lives only as long as this call (the
	// answer is cut from text).
	buf := parseBufPool.Get().(*parseBufs)
	defer buf.put()
	src, off, b := normalizeInto(buf.text, buf.off, text, true)
	buf.text = b
	if off != nil {
		buf.off = off
	}
	cur, nxt := buf.hyps[0][:1], buf.hyps[1][:0]
	cur[0] = hyp{deepest: -1}
	started := false
	lastEnd := 0
	for from := 0; ; {
		m, ok := p.m.Next(src, from)
		if !ok {
			break
		}
		// After the first name, a name must follow the one before it
		// directly (or across punctuation), except a full name, which may
		// come after other words (北京市公安局…地址:东城区…).
		// The 市 ending a city's name may also begin a district's
		// (济南市中区 for 济南市市中区): such an overlapping match counts
		// only as a full name.
		overlap := started && m.Start < lastEnd
		if overlap && m.End <= lastEnd {
			from = lastEnd
			continue
		}
		adjacent := !started || overlap || separators(src[lastEnd:m.Start])
		// A short name followed by 路, 大道, 街… names a street
		// (吉安市井冈山大道, 吉林大路), not a division.
		// The tests below matter only to short names; a word whose
		// candidates are all full names (listed first) skips them.
		cs := p.cands[m.Pattern]
		var street, org, town, inName bool
		if len(cs) > 0 && !cs[len(cs)-1].full {
			street = streetAfter(src[m.End:])
			if street {
				// Unless a name follows (台州路桥区: 路桥 is a district).
				// (Looking no further than the longest name keeps this linear.)
				if n, ok := p.m.Next(src[:min(len(src), m.End+p.m.MaxLen())], m.End); ok && n.Start == m.End {
					street = false
				}
			}
			// A short name inside an organisation's name (吉林大学, 深圳大学)
			// is not its address.
			org = orgAfter(src[m.End:])
			town = townAfter(src[m.End:])
			inName = !started && m.Start > 0 && nameChar(lastRune(src[:m.Start]))
		}
		// A short form of a unit that no longer exists needs its parent,
		// or a boundary before and after it (the ends of the text,
		// punctuation, another name).
		bounded := -1
		nxt = nxt[:0]
		for i := range cur {
			h := &cur[i]
			for _, c := range cs {
				if c.level < 0 || !c.full && (!adjacent || street || overlap || org) {
					continue
				}
				// A short name before 镇, 乡, 村 is a town or village named
				// after a county, unless the county's parent is named
				// (华亭镇 alone is not 华亭市; 三亚市吉阳镇 is in 吉阳区).
				// A first short name right after a street or building word
				// is part of a name (敕勒川大街东方君座).
				if !c.full && c.rec != nil && (town || !started && inName) && !h.parentOf(c) {
					continue
				}
				if c.gone && !h.parentOf(c) {
					if bounded < 0 {
						bounded = 0
						before := m.Start == 0 || started && m.Start == lastEnd || isLeadNoise(lastRune(src[:m.Start]))
						if before && p.boundaryAt(src, m.End) {
							bounded = 1
						}
					}
					if bounded == 0 {
						continue
					}
				}
				if c.zoneType {
					// The zone of this type under the reading's prefecture
					// (or province, for zones the province governs).
					if h.deepest >= 2 || h.recs[0] == nil && h.recs[1] == nil {
						continue
					}
					var parent quhua.Code
					if h.recs[1] != nil {
						parent = h.recs[1].Code
					} else {
						parent = h.recs[0].Code
					}
					if c.place = p.zones[zoneKey{parent, p.m.Pattern(m.Pattern)}]; c.place == nil {
						continue
					}
				}
				if c.place != nil {
					if h.deepest >= 2 || !h.consistent(c, p.links) {
						continue
					}
					e := *h
					e.place = c.place
					e.span[2] = [2]int32{int32(m.Start), int32(m.End)}
					e.deepest = 2
					e.n++
					if c.full {
						e.full++
					}
					nxt = addHyp(nxt, &e)
					continue
				}
				if c.level <= h.deepest {
					if h.recs[c.level] == c.rec && c.rec != nil {
						nxt = addHyp(nxt, h) // the same name written twice
					} else if lower(h, c, adjacent) {
						// Two names of one level, the second inside the
						// first's area: the lowest named level wins.
						e := *h
						e.recs[c.level] = c.rec
						e.span[c.level] = [2]int32{int32(m.Start), int32(m.End)}
						e.n++
						e.full++
						if !c.rec.InForce(at) {
							e.hist++
						}
						nxt = addHyp(nxt, &e)
					}
					continue
				}
				if !h.consistent(c, p.links) {
					continue
				}
				e := *h
				e.recs[c.level] = c.rec
				e.span[c.level] = [2]int32{int32(m.Start), int32(m.End)}
				e.deepest = c.level
				e.n++
				if !c.rec.InForce(at) {
					e.hist++
					if c.rec.To != 0 && c.rec.To <= at {
						e.gap += int32(at - c.rec.To)
					} else {
						e.gap += int32(c.rec.From - at)
					}
				}
				if c.full {
					e.full++
				}
				if c.alias {
					e.alias++
				}
				nxt = addHyp(nxt, &e)
			}
		}
		if len(nxt) == 0 {
			// Not a division name here (a street named after a place, a
			// word that happens to be a name): look further. A failed
			// overlap resumes right after the last name.
			from = m.End
			if overlap {
				from = lastEnd
			}
			continue
		}
		cur, nxt = nxt, cur
		started = true
		lastEnd = m.End
		from = m.End
		if strings.HasSuffix(src[:m.End], "市") && m.End-m.Start > len("市") {
			from = m.End - len("市")
		}
		done, city := true, false
		for i := range cur {
			if cur[i].deepest < 2 {
				done = false
				break
			}
			if r := cur[i].recs[2]; r != nil && r.Kind == quhua.KindCountyCity {
				city = true
			}
		}
		if done && city {
			// A county may follow the county-level city written in its
			// prefecture's place (凯里市雷山县).
			n, ok := p.m.Next(src[:min(len(src), m.End+p.m.MaxLen())], m.End)
			done = !ok || n.Start != m.End
		}
		if done {
			break
		}
	}

	restAt := 0
	if started {
		restAt = endIn(text, off, lastEnd)
	}
	res.Rest, res.Phone, res.Postcode = splitRest(text[restAt:])
	if !started {
		p.settleTownship(res, res.Rest, at)
		return
	}

	// The best readings.
	best := cur[:1]
	for i := 1; i < len(cur); i++ {
		switch c := cur[i].cmp(&best[0]); {
		case c > 0:
			cur[0], cur[i] = cur[i], cur[0]
			best = cur[:1]
		case c == 0:
			cur[len(best)], cur[i] = cur[i], cur[len(best)]
			best = cur[:len(best)+1]
		}
	}
	o := orig{text, off}
	if best[0].place != nil {
		if samePlace(best) {
			p.resolvePlace(res, o, &best[0], at)
			return
		}
		// Several zones of one prefecture (高新区 after a city with two):
		// the prefecture.
		if parent := placeParent(best); parent != 0 {
			if r, ok := p.reg.At(at).Record(parent); ok {
				p.fill(res, r, at)
				return
			}
		}
	}
	if len(best) == 1 || sameDeepest(best) || p.sameTarget(best, at) {
		p.resolve(res, o, &best[0], at)
		p.settleTownship(res, text, at)
		return
	}
	// A bare city name: the prefecture-level city rather than a district
	// or county of the same name elsewhere (朝阳 is 朝阳市, with 北京市朝阳区
	// and 长春市朝阳区 as alternatives).
	if i := prefectureReading(best); i >= 0 {
		p.resolve(res, o, &best[i], at)
		seen := map[quhua.Code]bool{res.Code(): true}
		for j := range best {
			if r := best[j].top(); j != i && r != nil {
				for _, x := range p.inForce(r, at) {
					if !seen[x.Code] {
						seen[x.Code] = true
						res.Alternatives = append(res.Alternatives, p.candidate(x, at))
					}
				}
			}
		}
		return
	}
	p.ambiguous(res, best, at)
	p.settleTownship(res, text, at)
	return
}

// parseBufs are the buffers of one call of parse: the two reading
// buffers, and the normalized text with its offsets.
type parseBufs struct {
	hyps [2][maxHyps]hyp
	text []byte
	off  []int32
}

var parseBufPool = sync.Pool{New: func() any { return new(parseBufs) }}

// maxKept bounds the text buffer kept for the next parse, so that one
// long input does not hold its memory in the pool.
const maxKept = 1 << 14

func (b *parseBufs) put() {
	if cap(b.text) > maxKept {
		b.text, b.off = nil, nil
	}
	parseBufPool.Put(b)
}

// prefectureReading returns the index of the one reading whose deepest
// name is a prefecture when every other reading ends at a county (of
// places not inside it or inside it alike), or -1.
func prefectureReading(hs []hyp) int {
	found := -1
	for i := range hs {
		switch {
		case hs[i].place != nil || hs[i].n != hs[0].n:
			return -1
		case hs[i].deepest == 1:
			if hs[i].alias > 0 {
				// An alias shared with a division's own name decides
				// nothing (巴州).
				return -1
			}
			if found >= 0 {
				return -1
			}
			found = i
		case hs[i].deepest != 2:
			return -1
		}
	}
	return found
}

// top returns the deepest division of the reading (for a place, the
// division named above it), or nil.
func (h *hyp) top() *quhua.Record {
	for l := h.deepest; l >= 0; l-- {
		if h.recs[l] != nil {
			return h.recs[l]
		}
	}
	return nil
}

// inForce returns the divisions r is on the date: itself, or what it
// became.
func (p *Parser) inForce(r *quhua.Record, at quhua.Date) []*quhua.Record {
	if r.InForce(at) {
		return []*quhua.Record{r}
	}
	var out []*quhua.Record
	for _, t := range p.translate(r, at).Main() {
		out = append(out, t.Record)
	}
	return out
}

// placeParent returns the division all readings' places lie in, or 0.
func placeParent(hs []hyp) quhua.Code {
	var c quhua.Code
	for i := range hs {
		pl := hs[i].place
		if pl == nil {
			return 0
		}
		parent := pl.parent()
		if c != 0 && parent != c {
			return 0
		}
		c = parent
	}
	return c
}

func samePlace(hs []hyp) bool {
	for i := range hs {
		if hs[i].place != hs[0].place {
			return false
		}
	}
	return true
}

// resolvePlace fills the answer for a reading that ends at a place: the
// place, and the divisions above it.
func (p *Parser) resolvePlace(res *Result, src orig, h *hyp, at quhua.Date) {
	pl := h.place
	res.written[0], res.written[1] = h.recs[0], h.recs[1]
	res.Place = Place{Code: pl.code, Name: pl.name, Kind: pl.kind, Matched: src.cut(h.span[2])}
	v := p.reg.At(at)
	r, ok := v.Record(pl.parent())
	if !ok {
		// The parent is not in force on the date: answer from the names
		// the text gave.
		if top := h.top(); top != nil {
			sub := *h
			sub.place = nil
			sub.deepest = levelIndex(top)
			p.resolve(res, src, &sub, at)
		}
		return
	}
	p.fill(res, r, at)
	for l := range 2 {
		if x := h.recs[l]; x != nil {
			if part := res.part(l); part.Code == x.Code {
				part.Matched = src.cut(h.span[l])
			}
		}
	}
}

// addHyp adds h, keeping the best maxHyps readings.
func addHyp(hs []hyp, h *hyp) []hyp {
	if len(hs) < maxHyps {
		return append(hs, *h)
	}
	w := 0
	for i := range hs {
		if hs[i].cmp(&hs[w]) < 0 {
			w = i
		}
	}
	if h.cmp(&hs[w]) > 0 {
		hs[w] = *h
	}
	return hs
}

// sameTarget reports whether all readings lead to the same single division
// on the date (several historical records of one division).
func (p *Parser) sameTarget(hs []hyp, at quhua.Date) bool {
	var want *quhua.Record
	for i := range hs {
		r := hs[i].recs[hs[i].deepest]
		if r == nil {
			return false
		}
		if !r.InForce(at) {
			main := p.translate(r, at).Main()
			if len(main) != 1 {
				return false
			}
			r = main[0].Record
		}
		if want != nil && r != want {
			return false
		}
		want = r
	}
	return true
}

func sameDeepest(hs []hyp) bool {
	for i := 1; i < len(hs); i++ {
		if hs[i].place != nil || hs[0].place != nil || hs[i].recs[hs[i].deepest] != hs[0].recs[hs[0].deepest] {
			return false
		}
	}
	return true
}

// resolve fills the parts from one reading.
func (p *Parser) resolve(res *Result, src orig, h *hyp, at quhua.Date) {
	res.written[0], res.written[1], res.written[2] = h.recs[0], h.recs[1], h.recs[2]
	r := h.recs[h.deepest]
	if r.InForce(at) {
		p.fill(res, r, at)
		for l := range 3 {
			if x := h.recs[l]; x != nil {
				part := res.part(l)
				if part.Code == x.Code {
					part.Matched = src.cut(h.span[l])
				}
				if !x.InForce(at) {
					res.Notes = append(res.Notes, p.formerNote(x, part, at))
					if !part.IsZero() {
						part.Named = p.named(x)
					}
				}
			}
		}
		return
	}
	t := p.translate(r, at)
	main := t.Main()
	switch len(main) {
	case 0:
		res.Notes = append(res.Notes, fmt.Sprintf("%s %s (%s) was abolished with no successor by %s", r.Code, r.Name, r.Interval(), at))
		// Keep the levels above that are in force.
		for l := h.deepest - 1; l >= 0; l-- {
			if x := h.recs[l]; x != nil && x.InForce(at) {
				p.fill(res, x, at)
				break
			}
		}
	case 1:
		tgt := main[0]
		p.fill(res, tgt.Record, at)
		lvl := levelIndex(tgt.Record)
		if lvl >= 0 && lvl == h.deepest {
			res.part(int(lvl)).Matched = src.cut(h.span[lvl])
		}
		if lvl >= 0 {
			res.part(int(lvl)).Named = p.named(r)
		}
		for l := range h.deepest {
			if x := h.recs[l]; x != nil {
				if part := res.part(int(l)); part.Code == x.Code && x.InForce(at) {
					part.Matched = src.cut(h.span[l])
				}
			}
		}
		res.Notes = append(res.Notes, p.cachedNote(r, tgt, at))
	default:
		for _, tg := range main {
			res.Candidates = append(res.Candidates, p.candidate(tg.Record, at))
		}
		res.Notes = append(res.Notes, fmt.Sprintf("%s %s (%s) was split; on %s its area lies in %d divisions", r.Code, r.Name, r.Interval(), at, len(main)))
		p.fillCommon(res, at)
	}
}

// ambiguous reports every reading's division as a candidate.
func (p *Parser) ambiguous(res *Result, hs []hyp, at quhua.Date) {
	for l := range 3 {
		shared := hs[0].recs[l]
		for i := range hs {
			if hs[i].recs[l] != shared {
				shared = nil
				break
			}
		}
		res.written[l] = shared
	}
	seen := map[quhua.Code]bool{}
	for i := range hs {
		r := hs[i].top()
		if r == nil {
			continue
		}
		if r.InForce(at) {
			if !seen[r.Code] {
				seen[r.Code] = true
				res.Candidates = append(res.Candidates, p.candidate(r, at))
			}
			continue
		}
		for _, tg := range p.translate(r, at).Main() {
			if !seen[tg.Record.Code] {
				seen[tg.Record.Code] = true
				res.Candidates = append(res.Candidates, p.candidate(tg.Record, at))
			}
		}
	}
	if len(res.Candidates) == 1 {
		r, _ := p.reg.At(at).Record(res.Candidates[0].Code)
		res.Candidates = nil
		if r != nil {
			p.fill(res, r, at)
		}
		return
	}
	p.fillCommon(res, at)
}

// fillCommon sets the parts all candidates share.
func (p *Parser) fillCommon(res *Result, at quhua.Date) {
	if len(res.Candidates) == 0 {
		return
	}
	c0 := res.Candidates[0].Code
	sameProv, samePref := true, c0.Level() == quhua.County && !c0.ProvinceGoverned()
	for _, c := range res.Candidates[1:] {
		sameProv = sameProv && c.Code.ProvinceCode() == c0.ProvinceCode()
		samePref = samePref && c.Code.Level() == quhua.County && c.Code.PrefectureCode() == c0.PrefectureCode()
	}
	v := p.reg.At(at)
	if samePref {
		if r, ok := v.Record(c0.PrefectureCode()); ok {
			res.Prefecture = part(r)
		}
	}
	if sameProv {
		if r, ok := v.Record(c0.ProvinceCode()); ok {
			res.Province = part(r)
		}
	}
}

func (p *Parser) candidate(r *quhua.Record, at quhua.Date) Candidate {
	c := Candidate{Code: r.Code, Name: r.Name, Kind: r.Kind, FullName: r.Name}
	if d, ok := p.reg.At(at).Lookup(r.Code); ok {
		c.FullName = d.FullName()
	}
	return c
}

// named describes a record the text named that is not in force on the
// date.
// The answer is cached and shared between results.
func (p *Parser) named(r *quhua.Record) *Named {
	if n, ok := p.nameds.Load(r.ID); ok {
		return n.(*Named)
	}
	n := &Named{Code: r.Code, Name: r.Name, Kind: r.Kind, InForce: r.Interval()}
	p.remember(&p.nameds, r.ID, n)
	return n
}

func part(r *quhua.Record) Part { return Part{Code: r.Code, Name: r.Name, Kind: r.Kind} }

func (res *Result) part(l int) *Part {
	switch l {
	case 0:
		return &res.Province
	case 1:
		return &res.Prefecture
	}
	return &res.County
}

// fill sets the part of r's level and those above it, from r's code: the
// prefecture its code sits under (which administers it) and its province.
func (p *Parser) fill(res *Result, r *quhua.Record, at quhua.Date) {
	switch levelIndex(r) {
	case 2:
		res.County = part(r)
		if !r.Code.ProvinceGoverned() {
			if x, ok := p.parents.record(p.reg, r.Code.PrefectureCode(), at); ok {
				res.Prefecture = part(x)
			}
		}
		if x, ok := p.parents.record(p.reg, r.Code.ProvinceCode(), at); ok {
			res.Province = part(x)
		}
	case 1:
		res.Prefecture = part(r)
		if x, ok := p.parents.record(p.reg, r.Code.ProvinceCode(), at); ok {
			res.Province = part(x)
		}
	case 0:
		res.Province = part(r)
	}
}

// parentIndex holds the records of the province and prefecture codes
// (XX0000 and XXXX00), oldest first, by the code divided by 100, so that
// fill finds a division's parents on a date without the registry's map.
type parentIndex [10000][]*quhua.Record

func newParentIndex(reg *quhua.Registry) *parentIndex {
	x := new(parentIndex)
	for _, r := range reg.Records() {
		c := r.Code
		if c >= 1000000 || c%100 != 0 || x[c/100] != nil {
			continue
		}
		// A code whose last record is of the other code system is left
		// to the registry, which reads such codes its own way.
		if rs := reg.CodeRecords(c); len(rs) > 0 && rs[len(rs)-1].System == quhua.Statistics {
			x[c/100] = rs
		}
	}
	return x
}

// record is reg.At(at).Record(c) for the codes of the index: the record
// of c in force on at.
func (x *parentIndex) record(reg *quhua.Registry, c quhua.Code, at quhua.Date) (*quhua.Record, bool) {
	if c >= 1000000 || c%100 != 0 || x[c/100] == nil {
		return reg.At(at).Record(c)
	}
	// The records of one code follow each other: the last that began by
	// at is the only one that may be in force.
	rs := x[c/100]
	for i := len(rs) - 1; i >= 0; i-- {
		if r := rs[i]; r.From <= at {
			if !r.InForce(at) {
				return nil, false
			}
			return r, true
		}
	}
	return nil, false
}

func (p *Parser) translate(r *quhua.Record, at quhua.Date) *quhua.Translation {
	k := transKey{r.ID, at}
	if t, ok := p.translations.Load(k); ok {
		return t.(*quhua.Translation)
	}
	t := p.reg.TranslateRecord(r, at, at)
	p.remember(&p.translations, k, t)
	return t
}

type noteKey struct {
	from, to int
	at       quhua.Date
}

func (p *Parser) cachedNote(r *quhua.Record, tgt quhua.Target, at quhua.Date) string {
	k := noteKey{r.ID, tgt.Record.ID, at}
	if n, ok := p.notes.Load(k); ok {
		return n.(string)
	}
	n := p.carriedNote(r, tgt, at)
	p.remember(&p.notes, k, n)
	return n
}

// carriedNote explains how a name not in force on the date was carried to
// it.
func (p *Parser) carriedNote(r *quhua.Record, tgt quhua.Target, at quhua.Date) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s %s was in force %s; on %s it is %s %s (%s",
		p.pathName(r), r.Name, r.Code, r.Interval(), at, p.pathName(tgt.Record)+tgt.Record.Name, tgt.Record.Code, tgt.Status(r))
	for _, e := range tgt.Events {
		if len(e.Documents) > 0 && e.Documents[0].Title != "" {
			fmt.Fprintf(&b, "; %s %s", e.When(), e.Documents[0].Title)
			if e.Documents[0].Number != "" {
				fmt.Fprintf(&b, " (%s)", e.Documents[0].Number)
			}
		} else {
			fmt.Fprintf(&b, "; change of %s", e.When())
		}
	}
	b.WriteString(")")
	return b.String()
}

// formerNote explains an ancestor name that is no longer in force.
func (p *Parser) formerNote(x *quhua.Record, now *Part, at quhua.Date) string {
	if now.IsZero() {
		return fmt.Sprintf("%s %s was in force %s, not on %s", x.Code, x.Name, x.Interval(), at)
	}
	if now.Code == x.Code {
		return fmt.Sprintf("%s is a former name of %s %s (in force %s)", x.Name, now.Code, now.Name, x.Interval())
	}
	return fmt.Sprintf("%s %s was in force %s; on %s its place in the address is taken by %s %s", x.Code, x.Name, x.Interval(), at, now.Code, now.Name)
}

// pathName is the names of the record's administering parents on its
// own last day, e.g. 吉林省四平市 for 220381 公主岭市.
func (p *Parser) pathName(r *quhua.Record) string {
	d := r.To
	if d == 0 {
		d = quhua.Today()
	} else {
		d = d.AddDays(-1)
	}
	if d < r.From {
		d = r.From
	}
	div, ok := p.reg.At(d).Lookup(r.Code)
	if !ok {
		return ""
	}
	path := div.Path()
	var b strings.Builder
	for _, x := range path[:len(path)-1] {
		b.WriteString(x.Name)
	}
	return b.String()
}

// streetAfter reports whether s starts with a street suffix (路, 大道, 街,
// 巷, 胡同, 东路…, 大路, 公路): after a place name it names a street.
func streetAfter(s string) bool {
	r, n := decodeRune(s)
	switch r {
	case '路', '街', '巷':
		return true
	case '大':
		r2, _ := decodeRune(s[n:])
		return r2 == '道' || r2 == '街' || r2 == '路'
	case '东', '西', '南', '北', '中':
		r2, _ := decodeRune(s[n:])
		return r2 == '路' || r2 == '街'
	case '胡':
		return strings.HasPrefix(s[n:], "同")
	case '公':
		return strings.HasPrefix(s[n:], "路")
	}
	return false
}

// separators reports whether s holds only punctuation between two names.
func separators(s string) bool {
	for _, r := range s {
		switch r {
		case ',', '，', '、', ':', '：', ';', '；', '-', '—', '/', '|', '(', ')', '（', '）', '【', '】', '[', ']', '.', '。', '·':
		default:
			return false
		}
	}
	return true
}

// splitRest trims separators from the start of the detail text and moves a
// phone number or postcode out of it.
func splitRest(s string) (rest, phone, postcode string) {
	s = trimLeadNoise(s)
	// Digit runs to cut out, as [start, end) pairs.
	var cut [2][2]int
	ncut := 0
	for i := 0; i < len(s) && ncut < len(cut); {
		i = nextDigit(s, i)
		if i == len(s) {
			break
		}
		j, n := digitRun(s, i)
		if n < 3 {
			i = j
			continue
		}
		run := s[i:j]
		lead := s[i]
		if lead >= 0x80 {
			lead = s[i+2] - 0x90 + '0' // a full-width digit
		}
		next, _ := decodeRune(s[j:])
		unit := isUnit(next) || strings.HasSuffix(s[:i], "-") || strings.HasSuffix(s[:i], "－") || strings.HasSuffix(s[:i], "第")
		switch {
		case phone == "" && n == 11 && lead == '1' && !unit:
			phone = ascii(run)
			cut[ncut] = [2]int{i, j}
			ncut++
		case phone == "" && n <= 4 && lead == '0' && (next == '-' || next == '－'):
			// Landline: area code, dash, number.
			k := j + utf8.RuneLen(next)
			if e, m := digitRun(s, k); m >= 7 && m <= 8 {
				phone = ascii(run) + "-" + ascii(s[k:e])
				cut[ncut] = [2]int{i, e}
				ncut++
				j = e
			}
		case postcode == "" && n == 6 && !unit:
			postcode = ascii(run)
			cut[ncut] = [2]int{i, j}
			ncut++
		}
		i = j
	}
	if ncut == 0 {
		return trimRightSpace(s), "", ""
	}
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for _, c := range cut[:ncut] {
		b.WriteString(s[at:c[0]])
		at = c[1]
	}
	b.WriteString(s[at:])
	rest = strings.TrimFunc(b.String(), func(r rune) bool { return isSpace(r) || isLeadNoise(r) && r != ')' && r != '）' })
	return rest, phone, postcode
}

// nextDigit returns the offset of the first ASCII or full-width digit of s
// at or after i, or len(s). Only an ASCII digit or the byte EF (which
// leads the full-width digits EF BC 90–99) can start one. It skips eight
// bytes at a time while they hold no byte of 30–3F and no EF, then looks
// at the bytes one by one.
func nextDigit(s string, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		y := (x ^ 0x3030303030303030) & 0xF0F0F0F0F0F0F0F0 // a zero byte for each of 30–3F
		z := x ^ 0xEFEFEFEFEFEFEFEF                        // a zero byte for each EF
		if ((y-ones)&^y|(z-ones)&^z)&highs != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c-'0' <= 9 || c == 0xEF && isDigitAt(s, i) {
			return i
		}
	}
	return i
}

// trimLeadNoise removes the white space and punctuation isLeadNoise
// accepts from the start of s.
func trimLeadNoise(s string) string {
	for len(s) > 0 {
		c := s[0]
		if c < utf8.RuneSelf {
			if !isLeadNoise(rune(c)) {
				return s
			}
			s = s[1:]
			continue
		}
		r, n := decodeRune(s)
		if !isLeadNoise(r) {
			return s
		}
		s = s[n:]
	}
	return s
}

// trimRightSpace removes the white space isSpace accepts from the end of s.
func trimRightSpace(s string) string {
	for {
		switch {
		case s == "":
			return s
		case s[len(s)-1] < utf8.RuneSelf:
			if !isSpace(rune(s[len(s)-1])) {
				return s
			}
			s = s[:len(s)-1]
		case strings.HasSuffix(s, "\u3000"):
			s = s[:len(s)-len("\u3000")]
		case strings.HasSuffix(s, "\u00a0"):
			s = s[:len(s)-len("\u00a0")]
		default:
			return s
		}
	}
}

// isUnit reports whether a number followed by r is part of the address
// (a house, building or room number).
func isUnit(r rune) bool {
	switch r {
	case '号', '栋', '楼', '室', '单', '弄', '幢', '层', '户', '米', '巷', '座', '区', '期', '#', '-', '－', '、':
		return true
	}
	return false
}

func isDigitAt(s string, i int) bool {
	c := s[i]
	return c >= '0' && c <= '9' || c == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0'
}

func isLeadNoise(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u3000', '\u00a0',
		',', '，', '、', ':', '：', ';', '；', '-', '—', '/', '|', '.', '。', '·', ')', '）':
		return true
	}
	return false
}

// digitRun returns the end of the run of ASCII or full-width digits at i
// and its length in digits.
func digitRun(s string, i int) (end, n int) {
	for i < len(s) {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			i++
		case s[i] == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99:
			i += 3
		default:
			return i, n
		}
		n++
	}
	return i, n
}

// ascii converts full-width digits to ASCII.
func ascii(s string) string {
	if !strings.Contains(s, "\xef") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '０' && r <= '９' {
			r = r - '０' + '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}
