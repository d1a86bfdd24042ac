// Package changeset is the format of authored changes: it parses,
// validates, compiles and applies change sets, and turns an official code
// list into one (ReadList, ImportList). It is pure: it keeps nothing, serves
// nothing and runs no workflow (packages change and server do), so that the
// generators under build/ use it without linking a store or HTTP.
//
// A change set is one event of the same type the importer produces: an
// effective date, the documents that decided it, and operations (rename,
// recode, change of administering or legal parent, establish, abolish,
// merge, split, transfer of part of an area, or a general reorganisation).
// Parse reads one, strictly (unknown fields and malformed dates are
// errors naming the field). Validate checks a change set against the
// registry's invariants and reports every violation at once, with a dry run
// of what it would do. FromEvent writes an upstream event as a change set.
//
// # Violations
//
// A violation names the rule broken, the field at fault and its
// explanation as a stable message ID with parameters (codes, names,
// dates): Message is the English of it, filled in from the ID's template
// (MessageTemplates), so that a client explains the violation in its own
// language from ID and Params, as the web UI does in Chinese.
//
// # Releases
//
// Build applies change sets in order on a base (the embedded data, or the
// data as it stood at a date: see Truncate) and returns the registry of
// the release; Record adds one change set to snapshot data, as the
// generator does for data/changes. Building is deterministic: the same
// change sets applied in the same order on the same base give the same
// records, events and links, the authored events placed among the
// upstream ones by date and marked Authored. Replaying history is exact:
// the upstream events of 2020, re-entered as change sets on the data of
// 2019, give back the upstream list of 2020 (the package's tests do so
// for every year but 1983, whose files link April events to districts
// created in December).
package changeset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// ChangeSet is a drafted change: one event with its operations.
type ChangeSet struct {
	// Title says what the change does, e.g. 变更公主岭市代管关系.
	Title string `json:"title"`
	// Date is the effective date: YYYY-MM-DD, or YYYY-MM or YYYY when
	// the day is not known.
	Date string `json:"date"`
	// After, for a change known only to have happened within an interval
	// (two editions of the township lists show it), is the interval's
	// start: the change happened after After and by Date, both
	// YYYY-MM-DD, and the event's precision is "interval".
	After string `json:"after,omitempty"`
	// Year is the yearly list in which the change first shows; zero means
	// the year of Date.
	Year int `json:"year,omitempty"`
	// Documents are the decisions (文号, title, date, source).
	Documents  []Document  `json:"documents"`
	Operations []Operation `json:"operations"`
	// Note is free text for the reviewers.
	Note string `json:"note,omitempty"`
}

// Document is a decision that a change carries out.
type Document struct {
	Number string `json:"number,omitempty"` // 文号, e.g. 国函〔2020〕84号
	Title  string `json:"title,omitempty"`
	Date   string `json:"date,omitempty"`
	Source string `json:"source,omitempty"` // citation, e.g. the gazette issue
}

// Operation types.
const (
	OpRename      = "rename"       // code, name
	OpRecode      = "recode"       // code, new_code [, name]
	OpAdminParent = "admin-parent" // code, new_code, parent [, name]: change of 代管
	OpLegalParent = "legal-parent" // code, new_code, parent [, name]: change of 隶属
	OpEstablish   = "establish"    // code, name [, from: units that give area and go on]
	OpAbolish     = "abolish"      // code
	OpMerge       = "merge"        // from, code [, name: when the merged unit is new]
	OpSplit       = "split"        // code, targets (name empty: an existing unit that goes on)
	OpTransfer    = "transfer"     // from, targets: part of an area moves, all go on
	OpReorganize  = "reorganize"   // retire, create, links: anything else
)

// OpTypes lists the operation types.
var OpTypes = []string{OpRename, OpRecode, OpAdminParent, OpLegalParent, OpEstablish, OpAbolish, OpMerge, OpSplit, OpTransfer, OpReorganize}

// Operation is one operation of a change set. Which fields it uses depends
// on Type (see the Op constants).
type Operation struct {
	Type    string   `json:"type"`
	Code    string   `json:"code,omitempty"`
	NewCode string   `json:"new_code,omitempty"`
	Name    string   `json:"name,omitempty"`
	Parent  string   `json:"parent,omitempty"`
	From    []string `json:"from,omitempty"`
	Targets []Unit   `json:"targets,omitempty"`
	Retire  []string `json:"retire,omitempty"`
	Create  []Unit   `json:"create,omitempty"`
	Links   []Link   `json:"links,omitempty"`
	// ReuseReason allows a created record to take a code that was retired
	// before, citing why (a known historical exception).
	ReuseReason string `json:"reuse_reason,omitempty"`
}

// Unit is a code with a name; an empty name means the unit in force.
type Unit struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
}

// Link says that area of the unit with code From (before the change) went
// to the unit with code To (after it).
type Link struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Transfer: the source goes on and gives part of its area.
	Transfer    bool `json:"transfer,omitempty"`
	Unconfirmed bool `json:"unconfirmed,omitempty"`
	Derived     bool `json:"derived,omitempty"`
	OwnArea     bool `json:"own_area,omitempty"`
}

// Parse decodes a change set from JSON, strictly: unknown fields are
// errors, so a misspelt field is never silently dropped. Its errors are
// *ParseError.
func Parse(b []byte) (*ChangeSet, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var cs ChangeSet
	if err := dec.Decode(&cs); err != nil {
		return nil, &ParseError{jsonError(b, err, dec.InputOffset())}
	}
	if dec.More() {
		return nil, &ParseError{NewViolation(RuleShape, "", "parse-trailing")}
	}
	return &cs, nil
}

// ParseError is a change set that is not JSON of the format; its
// Violation (rule shape, an ID parse-…) says where and why.
type ParseError struct {
	Violation Violation
}

func (e *ParseError) Error() string { return "change set: " + e.Violation.Message }

// jsonError explains a JSON error, with the line: at the error's offset,
// or where the decoder stopped.
func jsonError(b []byte, err error, stopped int64) Violation {
	if errors.Is(err, io.EOF) {
		return NewViolation(RuleShape, "", "parse-empty")
	}
	off := stopped
	f, unknown := strings.CutPrefix(err.Error(), "json: unknown field ")
	if unknown {
		if i := bytes.Index(b, []byte(f)); i >= 0 {
			off = int64(i)
		}
	}
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	off = max(0, min(off, int64(len(b))))
	line := strconv.Itoa(1 + bytes.Count(b[:off], []byte("\n")))
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		// The decoder's message names Go types (Go struct field
		// ChangeSet.date of type string): say it in the format's terms.
		got, _, _ := strings.Cut(te.Value, " ")
		return NewViolation(RuleShape, te.Field, "parse-type", "line", line, "field", or(te.Field, "(the change set)"), "want", jsonKind(te.Type), "got", got)
	case unknown:
		name, _ := strconv.Unquote(f)
		return NewViolation(RuleShape, "", "parse-unknown-field", "line", line, "name", name)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return NewViolation(RuleShape, "", "parse-incomplete", "line", line)
	}
	return NewViolation(RuleShape, "", "parse-syntax", "line", line, "detail", err.Error())
}

// jsonKind names the JSON value a Go type takes, as a key of
// paramWords["want"].
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Map, reflect.Struct:
		return "object"
	}
	return "other"
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// JSON returns the change set as indented JSON.
func (cs *ChangeSet) JSON() []byte {
	b, _ := json.MarshalIndent(cs, "", "  ")
	return b
}

// Violation is one broken rule.
type Violation struct {
	// Rule names the invariant, e.g. "code-range", "reuse", "parent".
	Rule string `json:"rule"`
	// Field locates the problem in the change set, e.g.
	// "operations[0].new_code".
	Field string `json:"field,omitempty"`
	// ID names the explanation, e.g. "code-range" or "parent-admin-other":
	// stable, one of MessageTemplates, for a client to explain the
	// violation in its own words from ID and Params.
	ID string `json:"id"`
	// Params are the explanation's parameters by name (codes, names,
	// dates, kinds), e.g. {"code": "220184", "low": "21", "high": "80"}.
	Params map[string]string `json:"params,omitempty"`
	// Message is the explanation in English, the template of ID filled
	// in with Params.
	Message string `json:"message"`
}

// dateViolation is the violation of a date in field that quhua.ParseDate
// refused with err.
func dateViolation(rule, field, s string, err error) Violation {
	return parseProblem(rule, field, err, func() (string, []string) { return dateProblem(s) }, "date-invalid", s)
}

func (v Violation) String() string {
	if v.Field != "" {
		return v.Field + ": " + v.Rule + ": " + v.Message
	}
	return v.Rule + ": " + v.Message
}

// Violations is a list of broken rules; as an error it lists them all.
type Violations []Violation

func (vs Violations) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d rule(s) broken", len(vs))
	for _, v := range vs {
		b.WriteString("\n  ")
		b.WriteString(v.String())
	}
	return b.String()
}

// Rules broken by change sets.
const (
	RuleShape     = "shape"      // a required field is missing or malformed
	RuleDate      = "date"       // the date cannot be parsed
	RuleDocument  = "document"   // no document, or a malformed one
	RuleCode      = "code"       // not a 6-digit code
	RuleKind      = "kind"       // the name's kind does not fit the code's level
	RuleRange     = "code-range" // the code is outside the range for its kind
	RuleReuse     = "reuse"      // a retired code used again
	RuleInForce   = "in-force"   // a unit that should be in force is not
	RuleOverlap   = "overlap"    // two records of one code would overlap
	RuleParent    = "parent"     // a parent missing, of the wrong level, or not the one asked for
	RuleSibling   = "sibling-name"
	RuleSuccessor = "successor" // a retired unit with neither successors nor abolition
	RuleOrphan    = "orphan"    // a retired parent leaves children without a parent
	RuleStale     = "stale"     // another release changed what the change touches
)

// plan is a change set compiled to what it does to the records.
type plan struct {
	date     quhua.Date
	prec     quhua.Precision
	after    quhua.Date // the start of an interval date (prec Interval)
	year     int
	docs     []snapshot.Doc
	retire   []quhua.Code
	create   []newRecord
	links    []planLink
	abolish  map[quhua.Code]bool
	reuse    map[quhua.Code]bool
	parentOf []parentCheck
}

type newRecord struct {
	code  quhua.Code
	name  string
	field string
}

type planLink struct {
	from, to quhua.Code
	flags    uint8
	field    string
}

type parentCheck struct {
	code, parent quhua.Code
	legal        bool
	field        string
}

// codes returns every code the plan touches.
func (p *plan) codes() []quhua.Code {
	var out []quhua.Code
	out = append(out, p.retire...)
	for _, c := range p.create {
		out = append(out, c.code)
	}
	for _, l := range p.links {
		out = append(out, l.from, l.to)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// compile turns a change set into a plan, reporting malformed fields.
// compiler compiles a change set into a plan, collecting every
// violation of its fields on the way.
type compiler struct {
	p  *plan
	vs Violations
}

func (cp *compiler) add(rule, field, id string, params ...string) {
	cp.vs = append(cp.vs, NewViolation(rule, field, id, params...))
}

// code parses the code in field, adding a violation when it is missing or
// malformed.
func (cp *compiler) code(field, s string) (quhua.Code, bool) {
	if s == "" {
		cp.add(RuleShape, field, "code-missing")
		return 0, false
	}
	c, err := quhua.ParseCode(s)
	if err != nil {
		cp.vs = append(cp.vs, parseProblem(RuleCode, field, err, func() (string, []string) { return codeProblem(s) }, "code-invalid", s))
		return 0, false
	}
	if c == 0 {
		cp.add(RuleCode, field, "code-nation")
		return 0, false
	}
	return c, true
}

// name checks the name in field, adding a violation when it is missing or
// holds white space.
func (cp *compiler) name(field, s string) bool {
	if strings.TrimSpace(s) == "" {
		cp.add(RuleShape, field, "name-missing")
		return false
	}
	if s != strings.TrimSpace(s) || strings.ContainsAny(s, " \t\r\n") {
		cp.add(RuleShape, field, "name-space", "name", s)
		return false
	}
	return true
}

func (cp *compiler) link(field string, from, to quhua.Code, flags uint8) {
	cp.p.links = append(cp.p.links, planLink{from: from, to: to, flags: flags, field: field})
}

// compile checks the fields of cs and turns it into a plan: the codes it
// retires and creates and the links between them. Its violations concern
// the fields alone; Validate checks the plan against the registry.
func compile(cs *ChangeSet) (*plan, Violations) {
	cp := &compiler{p: &plan{abolish: map[quhua.Code]bool{}, reuse: map[quhua.Code]bool{}}}
	cp.header(cs)
	for i, op := range cs.Operations {
		cp.operation(fmt.Sprintf("operations[%d]", i), op)
	}
	cp.duplicates()
	return cp.p, cp.vs
}

// header compiles the title, the dates and the documents.
func (cp *compiler) header(cs *ChangeSet) {
	p := cp.p
	if strings.TrimSpace(cs.Title) == "" {
		cp.add(RuleShape, "title", "title-missing")
	}
	if cs.Date == "" {
		cp.add(RuleDate, "date", "date-missing")
	} else if d, prec, err := quhua.ParseDate(cs.Date); err != nil {
		cp.vs = append(cp.vs, dateViolation(RuleDate, "date", cs.Date, err))
	} else {
		p.date, p.prec = d, prec
		p.year = d.Year()
	}
	if cs.After != "" {
		cp.after(cs.After)
	}
	if cs.Year != 0 {
		if cs.Year < quhua.MinYear || cs.Year > quhua.MaxYear || (p.date != 0 && cs.Year < p.date.Year()) {
			cp.add(RuleDate, "year", "year-before-date", "year", strconv.Itoa(cs.Year))
		} else {
			p.year = cs.Year
		}
	}
	if len(cs.Documents) == 0 {
		cp.add(RuleDocument, "documents", "documents-missing")
	}
	for i, doc := range cs.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		if strings.TrimSpace(doc.Number) == "" && strings.TrimSpace(doc.Title) == "" {
			cp.add(RuleDocument, f, "document-empty")
		}
		sd := snapshot.Doc{Number: doc.Number, Title: doc.Title, Source: doc.Source}
		if doc.Date != "" {
			d, prec, err := quhua.ParseDate(doc.Date)
			if err != nil {
				cp.vs = append(cp.vs, dateViolation(RuleDocument, f+".date", doc.Date, err))
			}
			sd.Date, sd.Prec = int32(d), uint8(prec)
		}
		p.docs = append(p.docs, sd)
	}
	if len(cs.Operations) == 0 {
		cp.add(RuleShape, "operations", "operations-missing")
	}
}

// after compiles the start of an interval date: a day before the date,
// itself a day.
func (cp *compiler) after(s string) {
	p := cp.p
	a, prec, err := quhua.ParseDate(s)
	switch {
	case err != nil:
		cp.vs = append(cp.vs, dateViolation(RuleDate, "after", s, err))
	case prec != quhua.Day:
		cp.add(RuleDate, "after", "after-not-day", "value", s)
	case p.date == 0:
		// The date's own violation says what is wrong.
	case p.prec != quhua.Day:
		cp.add(RuleDate, "date", "date-not-day-with-after", "value", p.date.Format(p.prec))
	case a >= p.date:
		cp.add(RuleDate, "after", "after-not-before-date", "after", a.String(), "date", p.date.String())
	default:
		p.after, p.prec = a, quhua.Interval
	}
}

// operation compiles the operation in field f.
func (cp *compiler) operation(f string, op Operation) {
	p := cp.p
	if op.ReuseReason != "" {
		for _, u := range append(append([]Unit{{Code: op.NewCode}, {Code: op.Code}}, op.Targets...), op.Create...) {
			if c, err := quhua.ParseCode(u.Code); err == nil {
				p.reuse[c] = true
			}
		}
	}
	switch op.Type {
	case OpRename:
		cp.rename(f, op)
	case OpRecode, OpAdminParent, OpLegalParent:
		cp.reparent(f, op)
	case OpEstablish:
		cp.establish(f, op)
	case OpAbolish:
		cp.abolish(f, op)
	case OpMerge:
		cp.merge(f, op)
	case OpSplit:
		cp.split(f, op)
	case OpTransfer:
		cp.transfer(f, op)
	case OpReorganize:
		cp.reorganize(f, op)
	case "":
		cp.add(RuleShape, f+".type", "op-type-missing")
	default:
		cp.add(RuleShape, f+".type", "op-type-unknown", "type", op.Type)
	}
}

// rename compiles a new name under the same code.
func (cp *compiler) rename(f string, op Operation) {
	p := cp.p
	c, ok := cp.code(f+".code", op.Code)
	if cp.name(f+".name", op.Name) && ok {
		p.retire = append(p.retire, c)
		p.create = append(p.create, newRecord{c, op.Name, f})
		cp.link(f, c, c, 0)
	}
}

// reparent compiles a new code, or a new administering or legal parent.
func (cp *compiler) reparent(f string, op Operation) {
	p := cp.p
	c, ok1 := cp.code(f+".code", op.Code)
	nc, ok2 := cp.code(f+".new_code", op.NewCode)
	if ok1 && ok2 && c == nc {
		cp.add(RuleShape, f+".new_code", "new-code-same")
		ok2 = false
	}
	if op.Type != OpRecode {
		if pc, ok := cp.code(f+".parent", op.Parent); ok && ok2 {
			p.parentOf = append(p.parentOf, parentCheck{code: nc, parent: pc, legal: op.Type == OpLegalParent, field: f + ".parent"})
		}
	}
	nm := op.Name
	if nm != "" && !cp.name(f+".name", nm) {
		ok2 = false
	}
	if ok1 && ok2 {
		p.retire = append(p.retire, c)
		p.create = append(p.create, newRecord{nc, nm, f}) // empty name: keep the old one
		cp.link(f, c, nc, 0)
	}
}

// establish compiles a new unit, carved out of the units in From.
func (cp *compiler) establish(f string, op Operation) {
	p := cp.p
	c, ok := cp.code(f+".code", op.Code)
	if cp.name(f+".name", op.Name) && ok {
		p.create = append(p.create, newRecord{c, op.Name, f})
		for j, s := range op.From {
			if src, ok := cp.code(fmt.Sprintf("%s.from[%d]", f, j), s); ok {
				flags := snapshot.Transfer
				if src != c && LevelContains(src, c) {
					flags |= snapshot.OwnArea
				}
				cp.link(f, src, c, flags)
			}
		}
	}
}

// abolish compiles a unit that ends.
func (cp *compiler) abolish(f string, op Operation) {
	p := cp.p
	if c, ok := cp.code(f+".code", op.Code); ok {
		p.retire = append(p.retire, c)
		p.abolish[c] = true
	}
}

// merge compiles units merged into one (that goes on or is new).
func (cp *compiler) merge(f string, op Operation) {
	p := cp.p
	tc, ok := cp.code(f+".code", op.Code)
	if len(op.From) == 0 {
		cp.add(RuleShape, f+".from", "merge-from-missing")
	}
	if op.Name != "" {
		if !cp.name(f+".name", op.Name) {
			ok = false
		} else if ok {
			p.create = append(p.create, newRecord{tc, op.Name, f})
		}
	}
	for j, s := range op.From {
		src, ok2 := cp.code(fmt.Sprintf("%s.from[%d]", f, j), s)
		if !ok || !ok2 {
			continue
		}
		if src == tc && op.Name == "" {
			cp.add(RuleShape, fmt.Sprintf("%s.from[%d]", f, j), "merge-target-listed", "code", src.String())
			continue
		}
		p.retire = append(p.retire, src)
		cp.link(f, src, tc, 0)
	}
}

// split compiles a unit split into targets.
func (cp *compiler) split(f string, op Operation) {
	p := cp.p
	c, ok := cp.code(f+".code", op.Code)
	if len(op.Targets) < 1 {
		cp.add(RuleShape, f+".targets", "split-targets")
	}
	if ok {
		p.retire = append(p.retire, c)
	}
	for j, u := range op.Targets {
		tf := fmt.Sprintf("%s.targets[%d]", f, j)
		tc, ok2 := cp.code(tf+".code", u.Code)
		if u.Name != "" && !cp.name(tf+".name", u.Name) {
			ok2 = false
		}
		if ok2 && u.Name != "" {
			p.create = append(p.create, newRecord{tc, u.Name, tf})
		}
		if ok && ok2 {
			cp.link(tf, c, tc, 0)
		}
	}
}

// transfer compiles part of the area of units given to others that go on.
func (cp *compiler) transfer(f string, op Operation) {
	if len(op.From) == 0 || len(op.Targets) == 0 {
		cp.add(RuleShape, f, "transfer-sides")
	}
	for j, s := range op.From {
		src, ok := cp.code(fmt.Sprintf("%s.from[%d]", f, j), s)
		for k, u := range op.Targets {
			tf := fmt.Sprintf("%s.targets[%d]", f, k)
			if u.Name != "" {
				cp.add(RuleShape, tf+".name", "transfer-name")
				continue
			}
			if tc, ok2 := cp.code(tf+".code", u.Code); ok && ok2 {
				cp.link(f, src, tc, snapshot.Transfer)
			}
		}
	}
}

// reorganize compiles records retired and created with explicit links.
func (cp *compiler) reorganize(f string, op Operation) {
	p := cp.p
	for j, s := range op.Retire {
		if c, ok := cp.code(fmt.Sprintf("%s.retire[%d]", f, j), s); ok {
			p.retire = append(p.retire, c)
		}
	}
	for j, u := range op.Create {
		cf := fmt.Sprintf("%s.create[%d]", f, j)
		c, ok := cp.code(cf+".code", u.Code)
		if cp.name(cf+".name", u.Name) && ok {
			p.create = append(p.create, newRecord{c, u.Name, cf})
		}
	}
	for j, l := range op.Links {
		lf := fmt.Sprintf("%s.links[%d]", f, j)
		from, ok1 := cp.code(lf+".from", l.From)
		to, ok2 := cp.code(lf+".to", l.To)
		if ok1 && ok2 {
			var flags uint8
			if l.Transfer {
				flags |= snapshot.Transfer
			}
			if l.Unconfirmed {
				flags |= snapshot.Unconfirmed
			}
			if l.Derived {
				flags |= snapshot.Derived
			}
			if l.OwnArea {
				flags |= snapshot.OwnArea
			}
			cp.link(lf, from, to, flags)
		}
	}
	if len(op.Retire)+len(op.Create)+len(op.Links) == 0 {
		cp.add(RuleShape, f, "reorganize-empty")
	}
}

// duplicates adds a violation for each code retired or created twice.
func (cp *compiler) duplicates() {
	p := cp.p
	seen := map[quhua.Code]bool{}
	for _, c := range p.retire {
		if seen[c] {
			cp.add(RuleShape, "operations", "retired-twice", "code", c.String())
		}
		seen[c] = true
	}
	seen = map[quhua.Code]bool{}
	for _, r := range p.create {
		if seen[r.code] {
			cp.add(RuleShape, r.field, "created-twice", "code", r.code.String())
		}
		seen[r.code] = true
	}
}

// LevelContains reports whether code a is a province or prefecture whose
// code pattern contains code b (220000 contains 220100 and 220184).
func LevelContains(a, b quhua.Code) bool {
	switch quhua.LevelOf(a) {
	case quhua.Province:
		return b.ProvinceCode() == a && b != a
	case quhua.Prefecture:
		return b.PrefectureCode() == a && b != a
	}
	return false
}

// Codes compiles cs and returns the codes it touches (retires, creates or
// links), sorted, with the violations found in its fields: what the
// workflow compares to tell whether two changes overlap.
func Codes(cs *ChangeSet) ([]quhua.Code, Violations) {
	p, vs := compile(cs)
	return p.codes(), vs
}
