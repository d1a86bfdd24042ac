package changeset

import (
	"fmt"
	"slices"
	"strings"

	"github.com/quhua/quhua"
)

// FromEvent writes an event of reg as a change set: the operations
// a person would have drafted (rename, recode, merge …), or a general
// reorganisation where no simpler operation says exactly the same. Applied
// to the registry as it stood the day before, the change set makes the
// same records and links as the event.
//
// The date keeps the event's precision: a day, a month or a year (2014,
// where only the workbook sheet's year is known), or for an interval both
// ends, After (the earlier edition's cut-off) and Date (the later one's),
// so that the change set claims no more than the event's evidence.
func FromEvent(reg *quhua.Registry, e *quhua.Event) *ChangeSet {
	cs := &ChangeSet{Date: e.Date.Format(e.Precision), Year: e.Year}
	if e.Precision == quhua.Interval {
		cs.After = e.After.String()
	}
	if cs.Year == e.Date.Year() {
		cs.Year = 0
	}
	for _, d := range e.Documents {
		cs.Documents = append(cs.Documents, Document{Number: d.Number, Title: d.Title, Date: d.Date.Format(d.Precision), Source: d.Source})
	}
	if len(e.Documents) > 0 {
		cs.Title = e.Documents[0].Title
	}
	if cs.Title == "" {
		cs.Title = "change of " + e.When()
	}
	for _, op := range e.Operations() {
		cs.Operations = append(cs.Operations, opsOf(reg, e, op)...)
	}
	return cs
}

// When formats the change set's date for people: the date as written, or
// with After both ends of the interval, 2019-10-31–2020-06-30 (the change
// happened after the first and by the second).
func (cs *ChangeSet) When() string {
	if cs.After != "" {
		return cs.After + "–" + cs.Date
	}
	return cs.Date
}

func codes(rs []*quhua.Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code.String())
	}
	return out
}

// opsOf returns the simplest operations that say exactly what op does.
func opsOf(reg *quhua.Registry, e *quhua.Event, op quhua.Operation) []Operation {
	var retired, created, goingOn []*quhua.Record
	for _, r := range op.Before {
		if r.Retired == e {
			retired = append(retired, r)
		} else {
			goingOn = append(goingOn, r)
		}
	}
	for _, r := range op.After {
		if r.Created == e {
			created = append(created, r)
		}
	}
	var candidates [][]Operation
	switch op.Type {
	case quhua.OpSameArea:
		b, a := op.Before[0], op.After[0]
		switch {
		case b.Code == a.Code:
			candidates = append(candidates, []Operation{{Type: OpRename, Code: b.Code.String(), Name: a.Name}})
		default:
			name := ""
			if a.Name != b.Name {
				name = a.Name
			}
			if op.Reparented() {
				v := reg.At(a.From)
				if d, ok := v.Lookup(a.Code); ok && d.Admin != nil {
					candidates = append(candidates, []Operation{{Type: OpAdminParent, Code: b.Code.String(), NewCode: a.Code.String(), Parent: d.Admin.Code.String(), Name: name}})
				}
			}
			candidates = append(candidates, []Operation{{Type: OpRecode, Code: b.Code.String(), NewCode: a.Code.String(), Name: name}})
		}
	case quhua.OpMerge:
		if len(created) == 1 {
			candidates = append(candidates, []Operation{{Type: OpMerge, From: codes(retired), Code: created[0].Code.String(), Name: created[0].Name}})
		} else if len(goingOn) == 1 {
			candidates = append(candidates, []Operation{{Type: OpMerge, From: codes(retired), Code: goingOn[0].Code.String()}})
		}
	case quhua.OpSplit:
		if len(retired) == 1 {
			var ts []Unit
			for _, r := range op.After {
				u := Unit{Code: r.Code.String()}
				if r.Created == e {
					u.Name = r.Name
				}
				ts = append(ts, u)
			}
			candidates = append(candidates, []Operation{{Type: OpSplit, Code: retired[0].Code.String(), Targets: ts}})
		}
	case quhua.OpTransfer:
		var from, to []string
		for _, l := range op.Links {
			if !slices.Contains(from, l.From.Code.String()) {
				from = append(from, l.From.Code.String())
			}
			if !slices.Contains(to, l.To.Code.String()) {
				to = append(to, l.To.Code.String())
			}
		}
		var ts []Unit
		for _, c := range to {
			ts = append(ts, Unit{Code: c})
		}
		candidates = append(candidates, []Operation{{Type: OpTransfer, From: from, Targets: ts}})
	case quhua.OpEstablish:
		var ops []Operation
		for _, r := range created {
			o := Operation{Type: OpEstablish, Code: r.Code.String(), Name: r.Name}
			for _, l := range op.Links {
				if l.To == r {
					o.From = append(o.From, l.From.Code.String())
				}
			}
			ops = append(ops, o)
		}
		candidates = append(candidates, ops)
	case quhua.OpAbolish:
		var ops []Operation
		for _, r := range retired {
			ops = append(ops, Operation{Type: OpAbolish, Code: r.Code.String()})
		}
		candidates = append(candidates, ops)
	}
	want := planKey(e, op)
	for _, c := range candidates {
		p, vs := compile(&ChangeSet{Title: "t", Date: "2000", Documents: []Document{{Title: "t"}}, Operations: c})
		if len(vs) == 0 && keyOf(p, names(op)) == want {
			return c
		}
	}
	// A general reorganisation says it all.
	r := Operation{Type: OpReorganize, Retire: codes(retired)}
	for _, x := range created {
		r.Create = append(r.Create, Unit{Code: x.Code.String(), Name: x.Name})
	}
	for _, l := range op.Links {
		r.Links = append(r.Links, Link{From: l.From.Code.String(), To: l.To.Code.String(), Transfer: l.Transfer, Unconfirmed: l.Unconfirmed, Derived: l.Derived, OwnArea: l.OwnArea})
	}
	return []Operation{r}
}

func names(op quhua.Operation) map[quhua.Code]string {
	m := map[quhua.Code]string{}
	for _, r := range op.Before {
		m[r.Code] = r.Name
	}
	return m
}

// planKey describes what op does, for comparison with a compiled plan.
func planKey(e *quhua.Event, op quhua.Operation) string {
	var parts []string
	for _, r := range op.Before {
		if r.Retired == e {
			parts = append(parts, "-"+r.Code.String())
		}
	}
	for _, r := range op.After {
		if r.Created == e {
			parts = append(parts, "+"+r.Code.String()+r.Name)
		}
	}
	for _, l := range op.Links {
		var f uint8
		for i, b := range []bool{l.Transfer, l.Unconfirmed, l.Derived, l.OwnArea} {
			if b {
				f |= 1 << i
			}
		}
		parts = append(parts, fmt.Sprintf("%s>%s/%d", l.From.Code, l.To.Code, f))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

func keyOf(p *plan, oldNames map[quhua.Code]string) string {
	var parts []string
	for _, c := range p.retire {
		parts = append(parts, "-"+c.String())
	}
	for _, n := range p.create {
		name := n.name
		if name == "" {
			name = oldNames[firstFrom(p, n.code)]
		}
		parts = append(parts, "+"+n.code.String()+name)
	}
	for _, l := range p.links {
		parts = append(parts, fmt.Sprintf("%s>%s/%d", l.from, l.to, l.flags))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}
