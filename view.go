package quhua

import (
	"sort"
	"strings"
)

// View is the registry as of one date. It is a small value; make as many as
// you like.
type View struct {
	reg  *Registry
	date Date
}

// At returns the registry as of date d.
func (reg *Registry) At(d Date) View { return View{reg: reg, date: d} }

// Date returns the view's date.
func (v View) Date() Date { return v.date }

// Registry returns the registry the view belongs to.
func (v View) Registry() *Registry { return v.reg }

// Record returns the record with code c in force on the view's date.
func (v View) Record(c Code) (*Record, bool) {
	rs := v.reg.codeRecords(c)
	if n := len(rs); n > 0 && rs[n-1].System != Statistics {
		// A township code that is also a civil-affairs code: the
		// statistics bureau's reading first (see Registry.Readings).
		i := 0
		for i < n && rs[i].System == Statistics {
			i++
		}
		if r, ok := recordAt(rs[:i], v.date); ok {
			return r, true
		}
		return recordAt(rs[i:], v.date)
	}
	return recordAt(rs, v.date)
}

// recordAt returns the record of rs (of one code and system, oldest
// first) in force on d.
func recordAt(rs []*Record, d Date) (*Record, bool) {
	for i := len(rs) - 1; i >= 0; i-- {
		r := rs[i]
		if r.From <= d {
			if r.To == 0 || d < r.To {
				return r, true
			}
			return nil, false
		}
	}
	return nil, false
}

// Lookup returns the division with code c on the view's date, with its
// parents.
func (v View) Lookup(c Code) (Division, bool) {
	r, ok := v.Record(c)
	if !ok {
		return Division{}, false
	}
	return v.division(r), true
}

// Division is a record seen on a date: with its legal parent (隶属) and its
// administering parent (代管) on that date.
type Division struct {
	*Record
	// At is the date the division is seen on.
	At Date
	// Legal is the parent the division legally belongs to (隶属): the
	// province for county-level cities, for prefectures and for county-level
	// units of a 地区 or 盟; the prefecture-level city or autonomous
	// prefecture otherwise. Nil for provinces (their parent is the nation).
	Legal *Record
	// Admin is the parent that administers the division: the prefecture its
	// code sits under (which administers county-level cities on the
	// province's behalf, 代管), else the legal parent. Units coded XX90XX
	// are governed directly by their province.
	Admin *Record
}

// Delegated reports whether the division is administered on the province's
// behalf (代管) by a parent other than its legal one.
func (d Division) Delegated() bool {
	return d.Admin != nil && d.Legal != nil && d.Admin != d.Legal
}

// Path returns the chain from the province down to the division itself,
// following administering parents.
func (d Division) Path() []*Record {
	var path []*Record
	if d.Record == nil {
		return nil
	}
	v := d.Record.reg.At(d.At)
	for r := d.Record; r != nil; {
		path = append(path, r)
		p := v.parentOf(r)
		r = p.admin
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// FullName returns the names along the path, e.g. 吉林省长春市公主岭市.
func (d Division) FullName() string {
	var b strings.Builder
	for _, r := range d.Path() {
		b.WriteString(r.Name)
	}
	return b.String()
}

type parents struct{ legal, admin *Record }

func (v View) division(r *Record) Division {
	p := v.parentOf(r)
	return Division{Record: r, At: v.date, Legal: p.legal, Admin: p.admin}
}

// parentOf applies the data set's rule: a county's parent is the prefecture
// sharing its first four digits if one is in force, else the province; a
// prefecture's parent is its province. Legal and administering parents then
// differ for county-level cities (代管) and for units of a 地区, 盟 or 行政区
// (agencies of the province).
//
// A township's parent is the county its code lies under (220184 for
// 220184103), both legally and administratively. Townships under the
// statistics bureau's development zones (220171xxx), which are not
// county-level divisions, belong to the county the generator found for
// them (Record.LegalCounty, followed through its recodes and mergers like
// a code's county), or else have no known legal parent (Record.LegalNote
// says why); a township whose county ended belongs to the county's
// successor. A prefecture-level city without counties (东莞市) is its
// townships' parent.
func (v View) parentOf(r *Record) parents {
	switch r.Level() {
	case Province, Nation:
		return parents{}
	case Township:
		if r.LegalCounty != 0 {
			if c, ok := v.Record(r.LegalCounty); ok {
				return parents{c, c}
			}
			if c := v.countySuccessor(r.LegalCounty); c != nil {
				return parents{c, c}
			}
			if c := v.countyPredecessor(r.LegalCounty); c != nil {
				return parents{c, c}
			}
		}
		if r.Unit != "" {
			// Under a statistics-only unit whose legal county no
			// document or edition names: the legal parent is not known
			// (never the prefecture); the prefecture administers the
			// unit.
			p, _ := v.Record(r.Code.PrefectureCode())
			return parents{nil, p}
		}
		if c, ok := v.Record(r.Code.CountyCode()); ok {
			return parents{c, c}
		}
		if c := v.countySuccessor(r.Code.CountyCode()); c != nil {
			return parents{c, c}
		}
		if c := v.countyPredecessor(r.Code.CountyCode()); c != nil {
			return parents{c, c}
		}
		if p, ok := v.Record(r.Code.PrefectureCode()); ok {
			return parents{p, p}
		}
		p, _ := v.Record(r.Code.ProvinceCode())
		return parents{p, p}
	case Prefecture:
		p, _ := v.Record(r.Code.ProvinceCode())
		return parents{p, p}
	}
	prov, _ := v.Record(r.Code.ProvinceCode())
	if r.Code.ProvinceGoverned() {
		return parents{prov, prov}
	}
	pref, ok := v.Record(r.Code.PrefectureCode())
	if !ok {
		return parents{prov, prov}
	}
	switch {
	case r.Kind == KindCountyCity,
		pref.Kind == KindPrefecture, pref.Kind == KindLeague, pref.Kind == KindAdminRegion:
		return parents{prov, pref}
	}
	return parents{pref, pref}
}

// Parent returns the administering parent of the record on the view's date
// (see Division.Admin).
func (v View) Parent(r *Record) *Record { return v.parentOf(r).admin }

// Children returns the divisions whose administering parent on the view's
// date is the division with code c (the provinces for code 000000), ordered
// by code. The children of a county are its townships, in a registry with
// the township level.
func (v View) Children(c Code) []Division {
	var out []Division
	lv := LevelOf(c)
	if c == 0 {
		for _, r := range v.reg.sorted {
			if r.Level() == Province && r.InForce(v.date) {
				out = append(out, v.division(r))
			}
		}
		return out
	}
	lo, hi := c, c+10000
	switch lv {
	case Prefecture:
		hi = c + 100
	case County:
		lo, hi = c*1000, c*1000+1000
	case Township:
		return nil
	}
	i := sort.Search(len(v.reg.sorted), func(i int) bool { return v.reg.sorted[i].Code > lo })
	for ; i < len(v.reg.sorted) && v.reg.sorted[i].Code < hi; i++ {
		r := v.reg.sorted[i]
		if !r.InForce(v.date) {
			continue
		}
		if p := v.parentOf(r).admin; p != nil && p.Code == c {
			out = append(out, v.division(r))
		}
	}
	return out
}

// All returns every division in force on the view's date, ordered by code.
func (v View) All() []Division {
	var out []Division
	for _, r := range v.reg.sorted {
		if r.InForce(v.date) {
			out = append(out, v.division(r))
		}
	}
	return out
}

// Count returns the number of divisions in force on the view's date.
func (v View) Count() int {
	n := 0
	for _, r := range v.reg.sorted {
		if r.InForce(v.date) {
			n++
		}
	}
	return n
}

// countySuccessor returns the county-level division in force on the
// view's date that the county with code c became when it ended (its
// recode or merger), following up to three changes; nil if none. A
// township whose code still names an ended county (the township lists lag
// behind the county's event) belongs to it.
func (v View) countySuccessor(c Code) *Record {
	rs := v.reg.codeRecords(c)
	var r *Record
	for _, x := range rs {
		if x.To != 0 && x.To <= v.date {
			r = x
		}
	}
	for hop := 0; r != nil && hop < 3; hop++ {
		var next *Record
		for _, l := range r.Successors() {
			// A county-level city may become a prefecture-level one
			// without districts (儋州市 469003 → 460400, 2015).
			if l.Event == r.Retired && !l.Transfer && (l.To.Level() == County || l.To.Level() == Prefecture) {
				next = l.To
				break
			}
		}
		if next == nil {
			return nil
		}
		if next.InForce(v.date) {
			return next
		}
		r = next
	}
	return nil
}

// countyPredecessor returns the county-level division in force on the
// view's date that the county with code c (not yet in force) came from;
// nil if none. A township whose code already names the county of a
// recode dated later (its change dated only to a year or an interval)
// belongs to the county before it.
func (v View) countyPredecessor(c Code) *Record {
	for _, x := range v.reg.codeRecords(c) {
		if x.From <= v.date || x.Created == nil {
			continue
		}
		for _, l := range x.Predecessors() {
			if l.Event == x.Created && l.From.Level() == County && l.From.InForce(v.date) {
				return l.From
			}
		}
		return nil
	}
	return nil
}
