package address

import (
	"fmt"
	"strings"
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
	span    [3][2]int32
	deepest int8
	n       int8  // names matched
	hist    int8  // records not in force on the date
	full    int8  // names written in full
	gap     int32 // how far the historical records lie from the date
}

func (h *hyp) consistent(c cand) bool {
	code := c.rec.Code
	if r := h.recs[0]; r != nil && code.ProvinceCode() != r.Code {
		return false
	}
	if r := h.recs[1]; r != nil && (c.level < 2 || code.PrefectureCode() != r.Code) {
		return false
	}
	return true
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
func (p *Parser) Parse(text string, at quhua.Date) Result {
	if at == 0 {
		at = quhua.Today()
	}
	res := Result{Input: text, At: at}
	src, squeezed := squeeze(text)

	var buf [2][maxHyps]hyp
	cur, nxt := buf[0][:1], buf[1][:0]
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
		street := streetAfter(src[m.End:])
		if street {
			// Unless a name follows (台州路桥区: 路桥 is a district).
			// (Looking no further than the longest name keeps this linear.)
			if n, ok := p.m.Next(src[:min(len(src), m.End+p.m.MaxLen())], m.End); ok && n.Start == m.End {
				street = false
			}
		}
		nxt = nxt[:0]
		for i := range cur {
			h := &cur[i]
			for _, c := range p.cands[m.Pattern] {
				if !c.full && (!adjacent || street || overlap) {
					continue
				}
				if c.level <= h.deepest {
					if h.recs[c.level] == c.rec {
						nxt = addHyp(nxt, *h) // the same name written twice
					}
					continue
				}
				if !h.consistent(c) {
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
				nxt = addHyp(nxt, e)
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
		done := true
		for i := range cur {
			if cur[i].deepest < 2 {
				done = false
				break
			}
		}
		if done {
			break
		}
	}

	var restAt int
	if !started {
		restAt = 0
	} else if squeezed {
		restAt = unsqueeze(text, lastEnd)
	} else {
		restAt = lastEnd
	}
	res.Rest, res.Phone, res.Postcode = splitRest(text[restAt:])
	if !started {
		p.settleTownship(&res, res.Rest, at)
		return res
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
	if len(best) == 1 || sameDeepest(best) || p.sameTarget(best, at) {
		p.resolve(&res, src, &best[0], at)
		p.settleTownship(&res, text, at)
		return res
	}
	p.ambiguous(&res, best, at)
	p.settleTownship(&res, text, at)
	return res
}

// addHyp adds h, keeping the best maxHyps readings.
func addHyp(hs []hyp, h hyp) []hyp {
	if len(hs) < maxHyps {
		return append(hs, h)
	}
	w := 0
	for i := range hs {
		if hs[i].cmp(&hs[w]) < 0 {
			w = i
		}
	}
	if h.cmp(&hs[w]) > 0 {
		hs[w] = h
	}
	return hs
}

// sameTarget reports whether all readings lead to the same single division
// on the date (several historical records of one division).
func (p *Parser) sameTarget(hs []hyp, at quhua.Date) bool {
	var want *quhua.Record
	for i := range hs {
		r := hs[i].recs[hs[i].deepest]
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
		if hs[i].recs[hs[i].deepest] != hs[0].recs[hs[0].deepest] {
			return false
		}
	}
	return true
}

// resolve fills the parts from one reading.
func (p *Parser) resolve(res *Result, src string, h *hyp, at quhua.Date) {
	r := h.recs[h.deepest]
	if r.InForce(at) {
		p.fill(res, r, at)
		for l := range 3 {
			if x := h.recs[l]; x != nil {
				part := res.part(l)
				if part.Code == x.Code {
					part.Matched = src[h.span[l][0]:h.span[l][1]]
				}
				if !x.InForce(at) {
					res.Notes = append(res.Notes, p.formerNote(x, part, at))
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
			res.part(int(lvl)).Matched = src[h.span[lvl][0]:h.span[lvl][1]]
		}
		for l := range h.deepest {
			if x := h.recs[l]; x != nil {
				if part := res.part(int(l)); part.Code == x.Code && x.InForce(at) {
					part.Matched = src[h.span[l][0]:h.span[l][1]]
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
	seen := map[quhua.Code]bool{}
	for i := range hs {
		r := hs[i].recs[hs[i].deepest]
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
	v := p.reg.At(at)
	switch levelIndex(r) {
	case 2:
		res.County = part(r)
		if !r.Code.ProvinceGoverned() {
			if x, ok := v.Record(r.Code.PrefectureCode()); ok {
				res.Prefecture = part(x)
			}
		}
		if x, ok := v.Record(r.Code.ProvinceCode()); ok {
			res.Province = part(x)
		}
	case 1:
		res.Prefecture = part(r)
		if x, ok := v.Record(r.Code.ProvinceCode()); ok {
			res.Province = part(x)
		}
	case 0:
		res.Province = part(r)
	}
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
			fmt.Fprintf(&b, "; %s %s", e.Date.Format(e.Precision), e.Documents[0].Title)
			if e.Documents[0].Number != "" {
				fmt.Fprintf(&b, " (%s)", e.Documents[0].Number)
			}
		} else {
			fmt.Fprintf(&b, "; change of %s", e.Date.Format(e.Precision))
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

// squeeze removes white space (ASCII, no-break and ideographic spaces) so
// that "吉林省 长春市" and "北 京 市" match. With no white space it returns
// text itself; see unsqueeze for mapping positions back.
func squeeze(text string) (string, bool) {
	i := 0
	for i < len(text) && !maybeSpace[text[i]] {
		i++
	}
	if i == len(text) {
		return text, false
	}
	b := make([]byte, i, len(text))
	copy(b, text[:i])
	found := false
	for i < len(text) {
		c := text[i]
		if maybeSpace[c] {
			if n := spaceLen(text, i); n > 0 {
				i += n
				found = true
				continue
			}
		}
		b = append(b, c)
		i++
	}
	if !found {
		return text, false
	}
	return string(b), true
}

// unsqueeze maps byte offset n of squeeze(text) back to text: just after
// the n-th kept byte.
func unsqueeze(text string, n int) int {
	if n == 0 {
		return 0
	}
	kept := 0
	for i := 0; i < len(text); {
		if maybeSpace[text[i]] {
			if k := spaceLen(text, i); k > 0 {
				i += k
				continue
			}
		}
		kept++
		i++
		if kept == n {
			return i
		}
	}
	return len(text)
}

// maybeSpace marks the first bytes of white space.
var maybeSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true, 0xC2: true, 0xE3: true}

func spaceLen(s string, i int) int {
	switch c := s[i]; {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
		return 1
	case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0:
		return 2
	case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80:
		return 3
	}
	return 0
}

// streetAfter reports whether s starts with a street suffix (路, 大道, 街,
// 巷, 胡同, 东路…, 大路, 公路): after a place name it names a street.
func streetAfter(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	switch r {
	case '路', '街', '巷':
		return true
	case '大':
		r2, _ := utf8.DecodeRuneInString(s[n:])
		return r2 == '道' || r2 == '街' || r2 == '路'
	case '东', '西', '南', '北', '中':
		r2, _ := utf8.DecodeRuneInString(s[n:])
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
	s = strings.TrimLeftFunc(s, isLeadNoise)
	// Digit runs to cut out, as [start, end) pairs.
	var cut [2][2]int
	ncut := 0
	for i := 0; i < len(s) && ncut < len(cut); {
		if !isDigitAt(s, i) {
			i++
			continue
		}
		j, n := digitRun(s, i)
		if n < 3 {
			i = j
			continue
		}
		run := s[i:j]
		lead := ascii(run[:min(3, len(run))])[0]
		next, _ := utf8.DecodeRuneInString(s[j:])
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		unit := isUnit(next) || prev == '-' || prev == '－' || prev == '第'
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
		return strings.TrimRightFunc(s, isSpace), "", ""
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
	return isSpace(r) || strings.ContainsRune(",，、:：;；-—/|.。·)）", r)
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
