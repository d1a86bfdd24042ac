package address

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/quhua/quhua"
)

// countyTowns are the townships of one county, of every date, in flat
// lists ordered by the names' first bytes, whose run for a text a lookup
// finds by binary search and reads in order: by full name, and by short
// name (longest first within a run).
type countyTowns struct {
	fullKey  []uint32 // fullKey[i] is full[i].key: the lists searched
	full     []townName
	shortKey []uint64 // shortKey[i] is short[i].key
	short    []shortName
}

// townName is a township's full name with its records, oldest first.
type townName struct {
	key uint32 // the name's first four bytes (see headKey)
	// suf is the index in townSuffixes of the name's ending when townNames
	// can return the name: the suffix occurs first at its end, after at
	// least one byte, within townNames' reach; otherwise -1.
	suf  int8
	name string
	recs []*quhua.Record
}

// townIndex maps each county to its townships, and each township short
// name to its records, for registries with the township level.
func townIndex(reg *quhua.Registry) (map[quhua.Code]*countyTowns, map[uint64][]shortName) {
	if !reg.HasTownships() {
		return nil, nil
	}
	counties := map[quhua.Code]*countyTowns{}
	full := map[quhua.Code]map[string]int{} // county → name → index in full
	countyShort := map[quhua.Code]map[string][]*quhua.Record{}
	byName := map[string][]*quhua.Record{}
	for _, r := range reg.Records() {
		if r.Level() != quhua.Township {
			continue
		}
		c := r.Code.CountyCode()
		ct := counties[c]
		if ct == nil {
			ct = &countyTowns{}
			counties[c] = ct
			full[c] = map[string]int{}
			countyShort[c] = map[string][]*quhua.Record{}
		}
		i, ok := full[c][r.Name]
		if !ok {
			i = len(ct.full)
			full[c][r.Name] = i
			key, _ := headKey(r.Name)
			ct.full = append(ct.full, townName{key: key, suf: findableSuffix(r.Name), name: r.Name})
		}
		ct.full[i].recs = append(ct.full[i].recs, r)
		if s := townShortName(r.Name); s != "" {
			byName[s] = append(byName[s], r)
			countyShort[c][s] = append(countyShort[c][s], r)
		}
	}
	short := map[uint64][]shortName{}
	for s, recs := range byName {
		if k, ok := pairKey(s); ok {
			short[k] = append(short[k], shortName{k, s, recs})
		}
	}
	for _, ns := range short {
		sortShort(ns)
	}
	for c, ct := range counties {
		for s, recs := range countyShort[c] {
			if k, ok := pairKey(s); ok {
				ct.short = append(ct.short, shortName{k, s, recs})
			}
		}
		sortShort(ct.short)
		slices.SortStableFunc(ct.short, func(a, b shortName) int { return cmp.Compare(a.key, b.key) })
		slices.SortStableFunc(ct.full, func(a, b townName) int { return cmp.Compare(a.key, b.key) })
		for _, e := range ct.full {
			ct.fullKey = append(ct.fullKey, e.key)
		}
		for _, e := range ct.short {
			ct.shortKey = append(ct.shortKey, e.key)
		}
	}
	return counties, short
}

// sortShort orders short names longest first, then by name.
func sortShort(ns []shortName) {
	sort.Slice(ns, func(i, j int) bool {
		if len(ns[i].name) != len(ns[j].name) {
			return len(ns[i].name) > len(ns[j].name)
		}
		return ns[i].name < ns[j].name
	})
}

// headKey is the first four bytes of s, which a township name found by
// townNames always has (a character, then its ending of three bytes or
// more).
func headKey(s string) (uint32, bool) {
	if len(s) < 4 {
		return 0, false
	}
	return binary.LittleEndian.Uint32([]byte(s[:4])), true
}

// findableSuffix returns the index in townSuffixes of the ending of a
// township name, when townNames finds the name at the head of a text that
// begins with it, or -1.
func findableSuffix(name string) int8 {
	for i, suf := range townSuffixes {
		if strings.HasSuffix(name, suf) {
			if j := strings.Index(name, suf); j > 0 && j == len(name)-len(suf) && len(name) <= maxTownName+len("街道") {
				return int8(i)
			}
			return -1
		}
	}
	return -1
}

// townShortName is the short form of a township's name: the name without
// its ending 街道, 镇, 乡 or 苏木 (范家屯 for 范家屯镇), when at least two
// characters remain, or "". A short form is read only in context: right
// after the township's county, or under a province or prefecture the
// text names, and never before 路, 街, 大道 … (范家屯路).
func townShortName(name string) string {
	for _, suf := range townSuffixes {
		if base, ok := strings.CutSuffix(name, suf); ok {
			if utf8.RuneCountInString(base) >= 2 {
				return base
			}
			return ""
		}
	}
	return ""
}

// lastTownshipList is the cut-off date of the last township list
// published, township.Horizon (package address does not import package
// township, which holds the township data; a test checks they agree).
const lastTownshipList quhua.Date = 20230630

// townListAt is the date whose township list answers for at: at itself,
// or the last list for later dates.
func townListAt(at quhua.Date) quhua.Date {
	return min(at, lastTownshipList)
}

// shortTowns finds the township in force on at whose short name s
// begins with and that lies under the division code within (a province,
// prefecture or county code): it returns it when there is exactly one,
// the number found, and the length of the short name in bytes; the
// longest short name found wins.
//
// Under a county, ct holds the county's townships (the lists of
// p.counties).
func (p *Parser) shortTowns(s string, within quhua.Code, ct *countyTowns, at quhua.Date) (*quhua.Record, int, int) {
	k, ok := pairKey(s)
	if !ok {
		return nil, 0, 0
	}
	// Without the county, the short form must stand alone: at the end,
	// before punctuation or a space, or before a village's word.
	alone := within.Level() != quhua.County
	list := townListAt(at)
	names := p.townShort[k]
	var keys []uint64
	if !alone {
		// The county's own short names, with its records only.
		if ct == nil {
			return nil, 0, 0
		}
		names, keys = ct.short, ct.shortKey
	}
	if keys != nil {
		// The run of names of key k.
		i, _ := slices.BinarySearch(keys, k)
		j := i
		for j < len(keys) && keys[j] == k {
			j++
		}
		names = names[i:j]
	}
	for i := range names { // longest first
		sn := &names[i]
		if !strings.HasPrefix(s, sn.name) {
			continue
		}
		e := len(sn.name)
		rest := s[e:]
		switch lastRune(sn.name) {
		case '路', '街', '道', '巷', '里':
			// 湖南路 is the street, whatever 湖南路街道 is named after.
			continue
		}
		if zoneAfter(rest) || alone && (!standsAlone(rest) || landmark(lastRune(sn.name))) {
			continue
		}
		if streetAfter(rest) || strings.HasPrefix(rest, "镇") || strings.HasPrefix(rest, "乡") || strings.HasPrefix(rest, "街道") {
			continue
		}
		var one *quhua.Record
		n := 0
		for _, r := range sn.recs {
			if r.InForce(list) && under(r.Code, within) {
				one = r
				n++
			}
		}
		if n > 0 {
			if n > 1 {
				one = nil
			}
			return one, n, e
		}
	}
	return nil, 0, 0
}

// shortName is a township short name with the records that have it.
type shortName struct {
	key  uint64 // pairKey of name
	name string
	recs []*quhua.Record
}

// pairKey is the key of the first two characters of s, which must be of
// three bytes each (all short names' are).
func pairKey(s string) (uint64, bool) {
	if len(s) < 6 || s[0] < 0xE0 || s[0] >= 0xF0 || s[3] < 0xE0 || s[3] >= 0xF0 {
		return 0, false
	}
	return uint64(s[0])<<40 | uint64(s[1])<<32 | uint64(s[2])<<24 | uint64(s[3])<<16 | uint64(s[4])<<8 | uint64(s[5]), true
}

// landmark reports whether a name ending in r may be a landmark's
// (朝阳门, 朝阳门街道 named after it): such a short form is read only after
// its county.
func landmark(r rune) bool {
	switch r {
	case '门', '桥', '站', '场', '园', '湖', '口':
		return true
	}
	return false
}

// zoneAfter reports whether s starts with the rest of a zone's or an
// estate's name (王江泾开发区, 曲江新区, 漕河泾工业园).
func zoneAfter(s string) bool {
	return hasPrefix(s, "开发区", "新区", "经济", "工业", "园区", "高新", "科技", "产业", "新城", "花园", "小区")
}

// standsAlone reports whether a short township name before s stands
// alone: at the end, before punctuation, a space or a digit, or before
// 村, 社区, 屯 or 居委会.
func standsAlone(s string) bool {
	if s == "" {
		return true
	}
	r := firstRune(s)
	return isLeadNoise(r) || r >= '0' && r <= '9' || hasPrefix(s, "村", "社区", "居委会", "屯")
}

// under reports whether code c lies under the division code within.
func under(c, within quhua.Code) bool {
	switch {
	case within == 0:
		return true
	case within.Level() == quhua.Province:
		return c.CountyCode().ProvinceCode() == within
	case within.Level() == quhua.Prefecture:
		return c.CountyCode().PrefectureCode() == within
	}
	return c.CountyCode() == within
}

// townSuffixes end township names: the name at the head of an address's
// rest is found by the first of them.
var townSuffixes = [...]string{"街道", "镇", "乡", "苏木"}

// townNames returns the candidate township names at the head of s: for
// each suffix of townSuffixes in turn, the text up to its first
// occurrence, unless that is at the start. It reads no further than the
// longest names.
func townNames(s string) (names [len(townSuffixes)]string, n int) {
	head := s[:min(len(s), maxTownName+len("街道"))]
	for _, suf := range townSuffixes {
		if i := strings.Index(head, suf); i > 0 {
			names[n] = head[:i+len(suf)]
			n++
		}
	}
	return names, n
}

// maxTownName is the reach of townNames: eight characters of three bytes,
// the longest names, before the suffix.
const maxTownName = 8 * 3

// town returns the township of county ct that s begins with, in force
// on at (or the latest record of its name): of the names townNames finds,
// the first the county has. Such a name is a prefix of s that is one of
// the county's names whose suffix first occurs at its end (see
// townName.suf), so the county's list is read without townNames.
func (ct *countyTowns) town(s string, at quhua.Date) *quhua.Record {
	key, ok := headKey(s)
	if ct == nil || !ok {
		return nil
	}
	var rs []*quhua.Record
	best := int8(len(townSuffixes))
	i, _ := slices.BinarySearch(ct.fullKey, key)
	for ; i < len(ct.fullKey) && ct.fullKey[i] == key; i++ {
		if e := &ct.full[i]; e.suf >= 0 && e.suf < best && strings.HasPrefix(s, e.name) {
			rs, best = e.recs, e.suf
		}
	}
	if rs == nil {
		// Short names (范家屯 for 范家屯镇) are read by shortTowns, in context.
		return nil
	}
	for _, r := range rs {
		if r.InForce(at) {
			return r
		}
	}
	return rs[len(rs)-1]
}

// settleTownship adds the township level to a result: the township the
// rest of the text names under the county found; among candidate
// counties, the one that has such a township; with no division found, the
// townships the text begins with, as candidates.
func (p *Parser) settleTownship(res *Result, text string, at quhua.Date) {
	if p.counties == nil {
		return
	}
	switch {
	case !res.County.IsZero():
		ct := p.counties[res.County.Code]
		if t := ct.town(res.Rest, at); t != nil {
			p.setTown(res, t, at)
		} else if !p.successorTown(res, at) {
			if t, _, n := p.shortTowns(res.Rest, res.County.Code, ct, at); t != nil {
				p.setTown(res, t, at)
				res.Township.Matched = res.Rest[:n]
				res.Rest = trimTownSep(res.Rest[n:])
			}
		}
	case len(res.Candidates) == 0 && res.Place.IsZero() && (!res.Prefecture.IsZero() || !res.Province.IsZero()):
		// A township under the province or prefecture the text names,
		// with no county between (吉林省范家屯镇).
		within := res.Province.Code
		if !res.Prefecture.IsZero() {
			within = res.Prefecture.Code
		}
		list := townListAt(at)
		names, nn := townNames(res.Rest)
		for _, name := range names[:nn] {
			var hit []*quhua.Record
			for _, r := range p.reg.NameRecords(name) {
				if r.Level() == quhua.Township && r.InForce(list) && under(r.Code, within) {
					hit = append(hit, r)
				}
			}
			if len(hit) == 1 {
				p.townCounty(res, hit[0], hit[0].Name, at)
				return
			}
			if len(hit) > 1 {
				return
			}
		}
		if t, _, n := p.shortTowns(res.Rest, within, nil, at); t != nil {
			p.townCounty(res, t, res.Rest[:n], at)
		}
	case len(res.Candidates) > 1:
		var hit *quhua.Record
		n := 0
		for _, c := range res.Candidates {
			if c.Code.Level() != quhua.County {
				continue
			}
			if t := p.counties[c.Code].town(res.Rest, at); t != nil {
				hit = t
				n++
			}
		}
		if n == 1 {
			county, ok := p.reg.At(at).Record(hit.Code.CountyCode())
			if !ok {
				return
			}
			matched := ""
			for _, c := range res.Candidates {
				if c.Code == county.Code {
					matched = c.Name
				}
			}
			res.Candidates = nil
			p.fill(res, county, at)
			if w := res.written[2]; w != nil && !w.InForce(at) {
				// A county since split (江干区笕桥街道): the successor
				// that holds the township; the county as written stays.
				res.County.Named = p.named(w)
				p.setTown(res, hit, at)
				res.reason = "successor chosen by " + hit.Name
				return
			}
			res.written[2] = county
			if res.County.Code == county.Code && strings.Contains(text, matched) {
				res.County.Matched = matched
			}
			p.setTown(res, hit, at)
			res.reason = "county chosen among those of its name by the township " + hit.Name
		}
	case !res.Found():
		names, nn := townNames(strings.TrimSpace(text))
		for _, name := range names[:nn] {
			var cands []Candidate
			for _, r := range p.reg.NameRecords(name) {
				if r.Level() == quhua.Township && r.InForce(at) {
					cands = append(cands, p.candidate(r, at))
				}
			}
			if len(cands) == 0 {
				continue
			}
			if len(cands) == 1 {
				r, _ := p.reg.At(at).Record(cands[0].Code)
				if county, ok := p.reg.At(at).Record(r.Code.CountyCode()); ok {
					p.fill(res, county, at)
				}
				p.setTown(res, r, at)
				res.Rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), name))
				res.reason = "county read from the township " + r.Name + ", the only one of its name"
				return
			}
			res.Candidates = cands
			res.Rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), name))
			return
		}
	}
}

func (p *Parser) setTown(res *Result, t *quhua.Record, at quhua.Date) {
	res.written[3] = t
	res.Township = Part{Code: t.Code, Name: t.Name, Kind: t.Kind, Matched: t.Name}
	res.Rest = trimTownSep(strings.TrimPrefix(res.Rest, t.Name))
	if !t.InForce(at) {
		res.Notes = append(res.Notes, t.Code.String()+" "+t.Name+" ("+t.Interval()+") was not in force on "+at.String())
	}
}

// townCounty answers with township t and its county when the text names
// the township (as matched) under a province or prefecture but no county.
func (p *Parser) townCounty(res *Result, t *quhua.Record, matched string, at quhua.Date) {
	county, ok := p.reg.At(at).Record(t.Code.CountyCode())
	if !ok {
		return
	}
	p.fill(res, county, at)
	p.setTown(res, t, at)
	if rest, ok := strings.CutPrefix(res.Rest, matched); ok {
		res.Rest = trimTownSep(rest)
	}
	res.Township.Matched = matched
	res.reason = "county read from the township " + t.Name + ", the only one of its name there"
}

// successorTown handles a county the text names whose area the township
// after it has left (宝安区观澜街道: 观澜街道 lies in 龙华区, carved out of
// 宝安区 in 2016): when exactly one division that took area from the named
// county holds a township of that name on the date, it is the answer, the
// county as written stays in AsWritten and County.Named, and the result
// says what decided. It reports whether it answered.
func (p *Parser) successorTown(res *Result, at quhua.Date) bool {
	named := res.written[2]
	if named == nil {
		r, ok := p.reg.At(at).Record(res.County.Code)
		if !ok {
			return false
		}
		named = r
	}
	if len(named.Successors()) == 0 {
		// The county never gave area to another division.
		return false
	}
	list := townListAt(at)
	names, nn := townNames(res.Rest)
	for _, name := range names[:nn] {
		var towns []*quhua.Record
		for _, r := range p.reg.NameRecords(name) {
			if r.Level() == quhua.Township && r.InForce(list) && r.Code.CountyCode() != res.County.Code {
				towns = append(towns, r)
			}
		}
		if len(towns) == 0 {
			continue
		}
		t := p.fromStart(named, at)
		var hit *quhua.Record
		n := 0
		for _, tw := range towns {
			for _, tg := range t.Targets {
				if tg.Record.Code == tw.Code.CountyCode() && tg.Record.InForce(at) {
					hit = tw
					n++
					break
				}
			}
		}
		if n != 1 {
			return false
		}
		county, ok := p.reg.At(at).Record(hit.Code.CountyCode())
		if !ok {
			return false
		}
		prov, pref := res.Province, res.Prefecture
		p.fill(res, county, at)
		for _, x := range [][2]*Part{{&res.Province, &prov}, {&res.Prefecture, &pref}} {
			if x[0].Code == x[1].Code {
				x[0].Matched = x[1].Matched
			}
		}
		res.County.Named = p.named(named)
		p.setTown(res, hit, at)
		res.reason = "successor chosen by " + hit.Name
		res.Notes = append(res.Notes, fmt.Sprintf("%s %s (%s) is written with %s, which on %s lies in %s %s, a division that took area from it",
			named.Code, named.Name, named.Interval(), hit.Name, at, county.Code, county.Name))
		return true
	}
	return false
}

// fromStart translates r from its first day (or the first list) to at:
// the divisions its area went to over its life, whole or in part.
func (p *Parser) fromStart(r *quhua.Record, at quhua.Date) *quhua.Translation {
	k := transKey{r.ID, at}
	if t, ok := p.lineage.Load(k); ok {
		return t.(*quhua.Translation)
	}
	from := r.From
	if from == 0 {
		from = quhua.NewDate(p.reg.FirstYear(), 12, 31)
	}
	t := p.reg.TranslateRecord(r, from, at)
	p.remember(&p.lineage, k, t)
	return t
}

// trimTownSep removes the spaces, commas and enumeration commas (、)
// between a township and the rest of the text from the start of s.
func trimTownSep(s string) string {
	for {
		switch {
		case strings.HasPrefix(s, " "), strings.HasPrefix(s, ","):
			s = s[1:]
		case strings.HasPrefix(s, "，"), strings.HasPrefix(s, "、"):
			s = s[len("，"):]
		default:
			return s
		}
	}
}
