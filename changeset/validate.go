package changeset

import (
	"fmt"
	"slices"
	"strings"

	"github.com/quhua/quhua"
)

// Report is the result of validating a change set: the rules it breaks
// and, when it can be applied, a dry run of what it does.
type Report struct {
	// Base is the version of the registry validated against.
	Base string `json:"base"`
	Date string `json:"date,omitempty"`
	// Interval gives both ends of a date known only as an interval (the
	// change set's after and date): the change happened after the first
	// and by the second.
	Interval   []string   `json:"interval,omitempty"`
	Valid      bool       `json:"valid"`
	Violations Violations `json:"violations"`
	// Retired and Created are the records the change ends and starts.
	Retired []Row `json:"retired"`
	Created []Row `json:"created"`
	// Crosswalk are the rows the change adds to the crosswalk from the
	// day before to the effective date.
	Crosswalk []CrosswalkRow `json:"crosswalk"`
	// Before and After are the parents the change touches, with their
	// children, on the day before and on the effective date.
	Before []Node `json:"before"`
	After  []Node `json:"after"`

	next *quhua.Registry
}

// Next returns the registry with the change applied, when the report is
// valid (nil otherwise): the base the next change of a release is
// validated on.
func (r *Report) Next() *quhua.Registry { return r.next }

// Row is a record in a report.
type Row struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Parent string `json:"parent,omitempty"` // the administering parent's full name
}

// CrosswalkRow says where a code of the day before goes.
type CrosswalkRow struct {
	FromCode string `json:"from_code"`
	FromName string `json:"from_name"`
	ToCode   string `json:"to_code"`
	ToName   string `json:"to_name"`
	Relation string `json:"relation"` // same, superset, subset, overlap
	Status   string `json:"status"`   // exact, renamed, recoded, merged, split, partial, abolished
}

// Node is a division with its children, for the before/after trees.
type Node struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Children []Row  `json:"children"`
}

func rowOf(v quhua.View, r *quhua.Record) Row {
	row := Row{Code: r.Code.String(), Name: r.Name, Kind: r.Kind.String()}
	if d, ok := v.Lookup(r.Code); ok && d.Record == r && d.Admin != nil {
		row.Parent = v.Date().String()
		if p, ok := v.Lookup(d.Admin.Code); ok {
			row.Parent = p.FullName()
		}
	}
	return row
}

// Validate checks a change set against reg (the release it would be
// applied to) and the registry's invariants, and reports every violation
// at once. When there are none, the report includes a dry run.
func Validate(reg *quhua.Registry, cs *ChangeSet) *Report {
	rep := &Report{Base: reg.Version(), Date: cs.Date}
	if cs.After != "" {
		rep.Interval = []string{cs.After, cs.Date}
	}
	p, vs := compile(cs)
	rep.Violations = vs
	// Every violation at once: a broken title or document does not stop
	// the checks of the operations, which need only the date and the
	// operations themselves.
	for _, v := range vs {
		if v.Rule == RuleDate || v.Field == "" || strings.HasPrefix(v.Field, "operations") {
			return rep
		}
	}
	rep.Violations = append(rep.Violations, checkCodes(reg, p)...)
	d := clone(reg.Data())
	d.DataVersion = reg.Version() + "+draft"
	if avs := apply(d, p, "draft"); len(avs) > 0 {
		rep.Violations = append(rep.Violations, avs...)
		return rep
	}
	sortEvents(d)
	next, err := quhua.Build(d)
	if err != nil {
		rep.Violations = append(rep.Violations, NewViolation(RuleOverlap, "", "build-failed", "detail", err.Error()))
		return rep
	}
	rep.Violations = append(rep.Violations, checkResult(reg, next, p)...)
	if len(rep.Violations) > 0 {
		return rep
	}
	rep.Valid, rep.next = true, next
	dryRun(rep, reg, next, p)
	return rep
}

// checkCodes checks the plan against the registry before the change: the
// codes it creates and the units it retires.
func checkCodes(reg *quhua.Registry, p *plan) Violations {
	var vs Violations
	add := func(rule, field, id string, params ...string) {
		vs = append(vs, NewViolation(rule, field, id, params...))
	}
	prev := p.date.AddDays(-1)
	before := reg.At(prev)
	retiring := map[quhua.Code]bool{}
	for _, c := range p.retire {
		retiring[c] = true
	}
	linked := map[quhua.Code]bool{}
	for _, l := range p.links {
		linked[l.from] = true
	}
	for _, c := range p.retire {
		if !linked[c] && !p.abolish[c] {
			add(RuleSuccessor, "operations", "no-successor", "code", c.String())
		}
		if p.abolish[c] && linked[c] {
			add(RuleSuccessor, "operations", "abolished-gives", "code", c.String())
		}
	}
	for _, n := range p.create {
		for _, r := range reg.CodeRecords(n.code) {
			switch {
			case r.InForce(prev) && !retiring[n.code]:
				add(RuleOverlap, n.field, "code-in-force", "code", n.code.String(), "name", r.Name, "interval", r.Interval())
			case r.From > prev:
				add(RuleOverlap, n.field, "code-later-record", "code", n.code.String(), "name", r.Name, "interval", r.Interval())
			case r.To != 0 && r.To <= prev && !p.reuse[n.code] && !retiring[n.code]:
				add(RuleReuse, n.field, "code-reused", "code", n.code.String(), "name", r.Name, "interval", r.Interval())
			}
		}
		name := n.name
		if name == "" {
			if r, ok := before.Record(firstFrom(p, n.code)); ok {
				name = r.Name
			}
		}
		k := quhua.KindOf(n.code, name)
		switch {
		case n.code.Suffix() == 0 && quhua.LevelOf(n.code) == quhua.County:
			add(RuleCode, n.field, "code-not-division", "code", n.code.String())
		case k == quhua.KindOther:
			add(RuleKind, n.field, "kind-unknown", "name", name)
		case k.Level() != quhua.LevelOf(n.code):
			add(RuleKind, n.field, "kind-level", "code", n.code.String(), "name", name, "kind", k.String(), "kind_level", k.Level().String(), "code_level", quhua.LevelOf(n.code).String())
		}
	}
	return vs
}

// municipality reports whether code is under a 直辖市.
func municipality(c quhua.Code) bool {
	switch c.Province() {
	case 11, 12, 31, 50:
		return true
	}
	return false
}

// countyRange returns the allowed suffixes for a county-level kind under a
// prefecture of kind pk (GB/T 2260: under a 地级市, 01–20 districts, 21–80
// counties, 81–99 county-level cities; under a 地区, 自治州 or 盟, 01–20
// county-level cities, 21–80 counties).
func countyRange(k, pk quhua.Kind) (lo, hi int, ok bool) {
	city := pk == quhua.KindPrefCity
	switch k {
	case quhua.KindDistrict:
		if city {
			return 1, 20, true
		}
	case quhua.KindCountyCity:
		if city {
			return 81, 99, true
		}
		return 1, 20, true
	case quhua.KindCounty, quhua.KindAutonomousCounty, quhua.KindBanner, quhua.KindAutonomousBanner, quhua.KindSpecialDistrict, quhua.KindForestryDistrict:
		return 21, 80, true
	}
	return 0, 0, false
}

// checkResult checks the registry after the change.
func checkResult(reg, next *quhua.Registry, p *plan) Violations {
	var vs Violations
	add := func(rule, field, id string, params ...string) {
		vs = append(vs, NewViolation(rule, field, id, params...))
	}
	v := next.At(p.date)
	before := reg.At(p.date.AddDays(-1))
	for _, n := range p.create {
		r, ok := v.Record(n.code)
		if !ok {
			continue
		}
		// Parents exist, with the right level.
		if r.Level() != quhua.Province {
			prov, ok := v.Record(n.code.ProvinceCode())
			if !ok {
				add(RuleParent, n.field, "province-not-force", "province", n.code.ProvinceCode().String(), "code", n.code.String(), "name", r.Name, "date", p.date.String())
				continue
			}
			_ = prov
		}
		if r.Level() == quhua.County && !n.code.ProvinceGoverned() && !municipality(n.code) {
			pref, ok := v.Record(n.code.PrefectureCode())
			if !ok {
				add(RuleParent, n.field, "prefecture-not-force", "prefecture", n.code.PrefectureCode().String(), "code", n.code.String(), "name", r.Name, "date", p.date.String())
			} else if lo, hi, ok := countyRange(r.Kind, pref.Kind); ok && (n.code.Suffix() < lo || n.code.Suffix() > hi) {
				add(RuleRange, n.field, "code-range", "kind", r.Kind.String(), "parent_kind", pref.Kind.String(), "parent_name", pref.Name,
					"prefix", n.code.PrefectureCode().String()[:4], "low", fmt.Sprintf("%02d", lo), "high", fmt.Sprintf("%02d", hi), "code", n.code.String())
			}
		}
		// Sibling names are unique.
		d, _ := v.Lookup(n.code)
		var parent quhua.Code
		if d.Admin != nil {
			parent = d.Admin.Code
		}
		for _, s := range v.Children(parent) {
			if s.Record != r && s.Name == r.Name {
				add(RuleSibling, n.field, "sibling-name", "code", n.code.String(), "name", r.Name, "sibling", s.Code.String(), "sibling_name", s.Name)
			}
		}
	}
	for _, pc := range p.parentOf {
		d, ok := v.Lookup(pc.code)
		if !ok {
			continue
		}
		got, none, other := d.Admin, "parent-admin-none", "parent-admin-other"
		if pc.legal {
			got, none, other = d.Legal, "parent-legal-none", "parent-legal-other"
		}
		pr, ok := v.Record(pc.parent)
		switch {
		case !ok:
			add(RuleParent, pc.field, "parent-not-force", "parent", pc.parent.String(), "date", p.date.String())
		case quhua.LevelOf(pc.parent) >= d.Level():
			add(RuleParent, pc.field, "parent-level", "parent", pc.parent.String(), "parent_name", pr.Name, "parent_level", pr.Level().String(), "level", d.Level().String(), "name", d.Name)
		case got == nil:
			add(RuleParent, pc.field, none, "code", pc.code.String(), "name", d.Name, "parent", pc.parent.String(), "parent_name", pr.Name)
		case got.Code != pc.parent:
			add(RuleParent, pc.field, other, "code", pc.code.String(), "name", d.Name, "actual", got.Code.String(), "actual_name", got.Name,
				"parent", pc.parent.String(), "parent_name", pr.Name)
		}
	}
	// A retired parent must not leave children behind: a parent that
	// goes on under the same code (renamed) keeps them.
	for _, c := range p.retire {
		if quhua.LevelOf(c) == quhua.County {
			continue
		}
		if _, ok := v.Record(c); ok {
			continue
		}
		for _, ch := range before.Children(c) {
			if _, ok := v.Record(ch.Code); ok {
				add(RuleOrphan, "operations", "orphan", "code", c.String(), "child", ch.Code.String(), "child_name", ch.Name)
			}
		}
	}
	return vs
}

// dryRun fills in what the change does.
func dryRun(rep *Report, reg, next *quhua.Registry, p *plan) {
	prev := p.date.AddDays(-1)
	vb, va := next.At(prev), next.At(p.date)
	var ev *quhua.Event
	for _, e := range next.EventsIn(prev, p.date) {
		if e.Ref == "draft" {
			ev = e
		}
	}
	if ev == nil {
		return
	}
	for _, r := range ev.Retired {
		rep.Retired = append(rep.Retired, rowOf(vb, r))
	}
	for _, r := range ev.Created {
		rep.Created = append(rep.Created, rowOf(va, r))
	}
	rep.Crosswalk = EventCrosswalk(next, ev)
	parents := map[quhua.Code]bool{}
	for _, r := range append(slices.Clone(ev.Retired), ev.Created...) {
		for _, v := range []quhua.View{vb, va} {
			if d, ok := v.Lookup(r.Code); ok && d.Record == r {
				var pc quhua.Code
				if d.Admin != nil {
					pc = d.Admin.Code
				}
				parents[pc] = true
			}
		}
	}
	var codes []quhua.Code
	for c := range parents {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		rep.Before = append(rep.Before, nodeOf(vb, c))
		rep.After = append(rep.After, nodeOf(va, c))
	}
}

func nodeOf(v quhua.View, c quhua.Code) Node {
	n := Node{Code: c.String(), Name: "中华人民共和国"}
	if c != 0 {
		if d, ok := v.Lookup(c); ok {
			n.Name = d.FullName()
		} else {
			n.Name = "(not in force)"
		}
	}
	for _, ch := range v.Children(c) {
		n.Children = append(n.Children, Row{Code: ch.Code.String(), Name: ch.Name, Kind: ch.Kind.String()})
	}
	return n
}

func statusKey(s quhua.Status) string { return string(s) }

// EventCrosswalk returns the crosswalk rows an event adds: for each unit
// that ends or gives area in it, where that unit's area went.
func EventCrosswalk(reg *quhua.Registry, ev *quhua.Event) []CrosswalkRow {
	prev := ev.Date.AddDays(-1)
	var sources []*quhua.Record
	for _, l := range ev.Links {
		if !slices.Contains(sources, l.From) {
			sources = append(sources, l.From)
		}
	}
	for _, r := range ev.Retired {
		if !slices.Contains(sources, r) {
			sources = append(sources, r)
		}
	}
	rows := []CrosswalkRow{}
	for _, r := range sources {
		t := reg.TranslateRecord(r, prev, ev.Date)
		if len(t.Targets) == 0 {
			rows = append(rows, CrosswalkRow{FromCode: r.Code.String(), FromName: r.Name, Status: statusKey(t.Status())})
		}
		for _, tg := range t.Targets {
			if tg.Record == r {
				continue
			}
			rows = append(rows, CrosswalkRow{FromCode: r.Code.String(), FromName: r.Name, ToCode: tg.Record.Code.String(), ToName: tg.Record.Name,
				Relation: tg.Relation.String(), Status: statusKey(tg.Status(r))})
		}
	}
	return rows
}
