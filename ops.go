package quhua

import (
	"slices"
	"strconv"
)

// OpType classifies an operation of an event.
type OpType uint8

const (
	// OpSameArea: one record replaced by one with the same area — a rename,
	// a recode, a change of (administering) parent, or several at once.
	OpSameArea OpType = iota
	// OpMerge: several units (or parts) became one.
	OpMerge
	// OpSplit: one unit was divided among several.
	OpSplit
	// OpTransfer: part of an area moved between units that both go on.
	OpTransfer
	// OpEstablish: a new unit, from nothing or carved out of units that go on.
	OpEstablish
	// OpAbolish: a unit ended with no successor.
	OpAbolish
	// OpReorganize: areas redistributed among several units at once.
	OpReorganize
)

var opNames = [...]string{"same-area", "merge", "split", "transfer", "establish", "abolish", "reorganize"}
var opNamesZH = [...]string{"同域变更", "合并", "拆分", "部分区域划转", "设立", "撤销", "区划调整"}

// String returns the English name of the operation type.
func (t OpType) String() string {
	if int(t) < len(opNames) {
		return opNames[t]
	}
	return "OpType(" + strconv.Itoa(int(t)) + ")"
}

// Chinese returns the Chinese name of the operation type.
func (t OpType) Chinese() string {
	if int(t) < len(opNamesZH) {
		return opNamesZH[t]
	}
	return t.String()
}

// MarshalText implements encoding.TextMarshaler.
func (t OpType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Operation is one connected part of an event: the records before, the
// records after, and the links between them. Records that go on through
// the event (a transfer of part of their area) appear on both sides.
type Operation struct {
	Type   OpType
	Before []*Record
	After  []*Record
	Links  []*Link
}

// Renamed reports, for a same-area operation, whether the name changed.
func (op Operation) Renamed() bool {
	return op.Type == OpSameArea && op.Before[0].Name != op.After[0].Name
}

// Recoded reports, for a same-area operation, whether the code changed.
func (op Operation) Recoded() bool {
	return op.Type == OpSameArea && op.Before[0].Code != op.After[0].Code
}

// Reparented reports, for a same-area operation, whether the administering
// or legal parent changed (as for 公主岭市 in 2020: 四平市 → 长春市).
func (op Operation) Reparented() bool {
	if op.Type != OpSameArea {
		return false
	}
	b, a := op.Before[0], op.After[0]
	reg := b.reg
	pb := reg.At(b.lastDay()).parentOf(b)
	pa := reg.At(a.From).parentOf(a)
	return !sameDivision(pb.admin, pa.admin) || !sameDivision(pb.legal, pa.legal)
}

// sameDivision compares parents by code and name: a parent that was itself
// re-recorded (e.g. renamed) counts as different.
func sameDivision(a, b *Record) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Code == b.Code && a.Name == b.Name
}

// Operations splits the event into its operations: the connected groups of
// its links, with the records it created or retired without links as
// establishments and abolitions. The result is computed once and shared:
// callers must not modify it.
func (e *Event) Operations() []Operation {
	if e.reg == nil {
		return e.operations()
	}
	e.reg.opsOnce[e.ID].Do(func() { e.reg.ops[e.ID] = e.operations() })
	return e.reg.ops[e.ID]
}

func (e *Event) operations() []Operation {
	parent := map[*Record]*Record{}
	var find func(r *Record) *Record
	find = func(r *Record) *Record {
		p, ok := parent[r]
		if !ok {
			parent[r] = r
			return r
		}
		if p == r {
			return r
		}
		root := find(p)
		parent[r] = root
		return root
	}
	union := func(a, b *Record) { parent[find(a)] = find(b) }
	for _, l := range e.Links {
		union(l.From, l.To)
	}
	for _, r := range e.Created {
		find(r)
	}
	for _, r := range e.Retired {
		find(r)
	}
	groups := map[*Record]*Operation{}
	var order []*Record
	get := func(r *Record) *Operation {
		root := find(r)
		op, ok := groups[root]
		if !ok {
			op = &Operation{}
			groups[root] = op
			order = append(order, root)
		}
		return op
	}
	for _, l := range e.Links {
		op := get(l.From)
		op.Links = append(op.Links, l)
		op.Before = appendOnce(op.Before, l.From)
		op.After = appendOnce(op.After, l.To)
	}
	for _, r := range e.Created {
		get(r).After = appendOnce(get(r).After, r)
	}
	for _, r := range e.Retired {
		get(r).Before = appendOnce(get(r).Before, r)
	}
	ops := make([]Operation, 0, len(order))
	for _, root := range order {
		op := groups[root]
		// A record that goes on through the event stands on both sides.
		for _, r := range op.Before {
			if r.Retired != e {
				op.After = appendOnce(op.After, r)
			}
		}
		for _, r := range op.After {
			if r.Created != e {
				op.Before = appendOnce(op.Before, r)
			}
		}
		sortRecords(op.Before)
		sortRecords(op.After)
		op.Type = classify(e, op)
		ops = append(ops, *op)
	}
	slices.SortStableFunc(ops, func(a, b Operation) int { return int(firstCode(a)) - int(firstCode(b)) })
	return ops
}

func firstCode(op Operation) Code {
	if len(op.Before) > 0 {
		return op.Before[0].Code
	}
	return op.After[0].Code
}

func appendOnce(rs []*Record, r *Record) []*Record {
	if slices.Contains(rs, r) {
		return rs
	}
	return append(rs, r)
}

func classify(e *Event, op *Operation) OpType {
	var retired, created, goingOn int
	for _, r := range op.Before {
		if r.Retired == e {
			retired++
		} else {
			goingOn++
		}
	}
	for _, r := range op.After {
		if r.Created == e {
			created++
		}
	}
	switch {
	case len(op.Links) == 0 && created > 0:
		return OpEstablish
	case len(op.Links) == 0:
		return OpAbolish
	case retired == 1 && created == 1 && goingOn == 0:
		return OpSameArea
	case retired == 0 && created == 0:
		return OpTransfer
	case retired == 0:
		return OpEstablish
	case created == 1 && retired >= 1 || created == 0 && retired >= 2:
		return OpMerge
	case retired == 1 && created == 0:
		if goingOn == 1 {
			return OpMerge
		}
		return OpSplit
	case retired == 1 && created >= 2:
		return OpSplit
	}
	return OpReorganize
}
