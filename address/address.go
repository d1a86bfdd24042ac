// Package address parses free-text Chinese addresses into the divisions
// they name — province, prefecture and county, with codes and kinds — as of
// a date, and returns the rest of the text (street, number, building).
//
//	p, err := address.New(quhua.Default())
//	r := p.Parse("长春市朝阳区西安大路289号", quhua.Today())
//	// r.Province 吉林省, r.Prefecture 长春市, r.County 220104 朝阳区,
//	// r.Rest 西安大路289号
//
// The parser knows every name of every date, in full and short forms
// (广西壮族自治区 and 广西, 延边朝鲜族自治州 and 延边州, 吉林省 and 吉林). A
// name valid on the requested date wins; a historical name or parent
// (四平市公主岭市, written in 2019) is carried to the date through the
// registry's lineage, and the result says so in Notes. Missing levels are
// filled in from the lower ones. A name shared by several divisions
// (朝阳区) is settled by the other names in the text; when nothing settles
// it, Candidates lists them all.
//
// Every result says what it knows: Level is the deepest level reached,
// Confidence is certain, inferred (with the reason) or ambiguous (with the
// candidates), AsWritten gives the records the names denote as written
// (宝安区 for 宝安区观澜街道, although 观澜街道 lies in 龙华区 today and the
// answer is 龙华区), and Conflict holds both readings of a text that names
// two incompatible addresses. With the township level (package township),
// the township after a county since split chooses the successor, and a
// township alone gives its county.
//
// A Parser is built once per registry and is safe for concurrent use.
// Parsing takes time linear in the input and, for the usual address,
// allocates nothing.
package address

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/internal/acmatch"
)

// Parser parses addresses against one registry.
type Parser struct {
	reg   *quhua.Registry
	m     *acmatch.Matcher
	cands [][]cand
	zones map[zoneKey]*place
	links map[quhua.Code][]quhua.Code // prefecture codes joined by lineage
	// parents finds the province and prefecture records of a date.
	parents *parentIndex
	// counties holds each county's townships; nil without the township
	// level.
	counties map[quhua.Code]*countyTowns
	// townShort maps township short names (范家屯 for 范家屯镇) to their
	// records, read only in context (see townShortName).
	townShort map[uint64][]shortName // by the first two characters
	lineage   sync.Map               // transKey → *quhua.Translation from a record's start
	// translations caches carrying historical records to dates.
	translations sync.Map // transKey → *quhua.Translation
	notes        sync.Map // noteKey → string
	nameds       sync.Map // record ID → *Named
	cached       atomic.Int64
}

// maxCached bounds the entries of the caches, which are keyed by date: a
// server asked about many dates must not grow without end.
const maxCached = 1 << 16

// remember stores v under k in m unless the caches are full.
func (p *Parser) remember(m *sync.Map, k, v any) {
	if p.cached.Load() < maxCached {
		if _, loaded := m.LoadOrStore(k, v); !loaded {
			p.cached.Add(1)
		}
	}
}

type transKey struct {
	id int
	at quhua.Date
}

// New builds a parser for the registry: a dictionary of all names of all
// dates and its automaton. It takes some tens of milliseconds; build one
// and share it. It fails when the registry lacks a division that the
// package's table of conventional short forms names (a registry loaded
// from other data than quhua's own), naming the table's line.
func New(reg *quhua.Registry) (*Parser, error) {
	words, cands, zones, err := buildDict(reg)
	if err != nil {
		return nil, err
	}
	m, err := acmatch.New(words)
	if err != nil {
		return nil, fmt.Errorf("address: %w", err)
	}
	counties, short := townIndex(reg)
	return &Parser{reg: reg, m: m, cands: cands, zones: zones, links: prefectureLinks(reg), parents: newParentIndex(reg),
		counties: counties, townShort: short}, nil
}

var (
	defaultOnce   sync.Once
	defaultParser *Parser
)

// Default returns the parser for quhua.Default(), built on first use.
// The built-in registry holds every division the package's tables name
// (its tests check this), so Default does not fail.
func Default() *Parser {
	defaultOnce.Do(func() {
		p, err := New(quhua.Default())
		if err != nil {
			panic(err) // the embedded registry and tables disagree: a build error
		}
		defaultParser = p
	})
	return defaultParser
}

// Registry returns the registry the parser resolves names in.
func (p *Parser) Registry() *quhua.Registry { return p.reg }

// Words returns the number of names in the parser's dictionary.
func (p *Parser) Words() int { return p.m.Len() }

// Part is one division named by an address.
type Part struct {
	Code quhua.Code `json:"code"`
	Name string     `json:"name"`
	Kind quhua.Kind `json:"kind"`
	// Matched is the text that named the division, as written (before
	// folding), empty when the level was inferred from a lower one.
	Matched string `json:"matched,omitempty"`
	// Named is the division the text named when that is not the one in
	// force on the date: a former name or code, or a unit since merged
	// (襄樊市 written for 襄阳市). Code and Name are then the division on
	// the date, Named what the text said, so both readings are kept.
	// The value is shared between results: do not modify it.
	Named *Named `json:"named,omitempty"`
}

// Named is a division as the text named it, not in force on the date.
type Named struct {
	Code quhua.Code `json:"code"`
	Name string     `json:"name"`
	Kind quhua.Kind `json:"kind"`
	// InForce is the record's validity interval.
	InForce string `json:"in_force"`
}

// Place is a place an address names that is not a GB/T 2260 division: a
// functional zone (开发区, 高新区; Code is then the statistics bureau's
// XXXX7X code, the zone lies inside Prefecture and County stays empty), or
// a district of Hong Kong, a parish of Macau, a county or city of Taiwan
// (Code is 0: the registry has no code for them; Province holds 香港, 澳门
// or 台湾).
type Place struct {
	Code    quhua.Code `json:"code,omitempty"`
	Name    string     `json:"name"`
	Kind    string     `json:"kind"`
	Matched string     `json:"matched,omitempty"`
}

// IsZero reports whether no place was found.
func (p Place) IsZero() bool { return p.Name == "" }

// IsZero reports whether the part is empty (the level was not found).
func (p Part) IsZero() bool { return p.Code == 0 }

// Candidate is one of several divisions an address may denote.
type Candidate struct {
	Code     quhua.Code `json:"code"`
	Name     string     `json:"name"`
	Kind     quhua.Kind `json:"kind"`
	FullName string     `json:"fullName"`
}

// Result is what Parse found in an address.
type Result struct {
	// Input is the text parsed.
	Input string `json:"input"`
	// At is the date the divisions are given for.
	At         quhua.Date `json:"-"`
	Province   Part       `json:"province,omitzero"`
	Prefecture Part       `json:"prefecture,omitzero"`
	County     Part       `json:"county,omitzero"`
	// Place is a functional zone, or a place of Hong Kong, Macau or
	// Taiwan, named below the divisions.
	Place Place `json:"place,omitzero"`
	// Township is the township (街道, 镇, 乡 …) the text names after its
	// county, in a registry with the township level (package township).
	// A township also settles a county name shared by several (龙华区龙华街道
	// is 深圳's 龙华区), and a text that names only a township lists the
	// townships of that name as candidates. For dates after
	// township.Horizon (2023-06-30) it is the township as of that
	// list, the last one published.
	Township Part `json:"township,omitzero"`
	// Rest is the text after the last division name, without leading
	// separators and without a trailing phone number or postcode.
	Rest     string `json:"rest"`
	Phone    string `json:"phone,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	// Candidates lists the divisions the address may denote when the
	// text does not decide between them (then the parts hold only what
	// all candidates share).
	Candidates []Candidate `json:"candidates,omitempty"`
	// Alternatives lists the other readings of a bare name that the
	// parser did not choose (朝阳 is read as 朝阳市; 北京市朝阳区 …).
	Alternatives []Candidate `json:"alternatives,omitempty"`
	// Notes explain historical names and other corrections.
	Notes []string `json:"notes,omitempty"`
	// Confidence says how sure the answer is: certain, inferred (with the
	// reason) or ambiguous (with the candidates). It is zero when nothing
	// was found.
	Confidence Confidence `json:"confidence,omitzero"`
	// Conflict is set when the text names two incompatible addresses
	// (北京市朝阳区… 上海市浦东新区…): both readings are kept, the parts
	// hold the first, and Confidence is ambiguous.
	Conflict *Conflict `json:"conflict,omitempty"`

	// written holds the records the text named, per level (province,
	// prefecture, county, township), as written: a former name or a
	// county since split stays as the text gave it (see AsWritten).
	written [4]*quhua.Record
	// reason explains an inference made while parsing (a successor chosen
	// by the township, a county read from a township alone).
	reason string
}

// Confidence kinds.
const (
	// Certain: the text names the divisions of the answer, in force on
	// the date, and nothing else fits.
	Certain = "certain"
	// Inferred: the answer goes beyond the names: carried from a former
	// name, a successor chosen by the township the text names, a county
	// read from a township, a bare name read as the city of that name.
	Inferred = "inferred"
	// Ambiguous: the text does not decide between several divisions, or
	// names two incompatible addresses.
	Ambiguous = "ambiguous"
)

// Confidence is how sure an answer is.
type Confidence struct {
	// Kind is Certain, Inferred or Ambiguous.
	Kind string `json:"kind"`
	// Reason says what was inferred, or why the answer is ambiguous
	// ("successor chosen by 观澜街道").
	Reason string `json:"reason,omitempty"`
	// Candidates are the divisions an ambiguous text may denote (the same
	// as Result.Candidates).
	Candidates []Candidate `json:"candidates,omitempty"`
}

// IsZero reports whether no confidence is given (nothing was found).
func (c Confidence) IsZero() bool { return c.Kind == "" }

// Conflict holds the readings of a text that names two incompatible
// addresses.
type Conflict struct {
	Readings []Reading `json:"readings"`
}

// Reading is one of the addresses a conflicting text names.
type Reading struct {
	// Text is the part of the input the reading comes from.
	Text       string `json:"text"`
	Province   Part   `json:"province,omitzero"`
	Prefecture Part   `json:"prefecture,omitzero"`
	County     Part   `json:"county,omitzero"`
}

// Written is a division as the text names it: its record (code, name,
// kind and validity interval), which need not be in force on the date.
type Written struct {
	// Level is province, prefecture, county or township.
	Level   string     `json:"level"`
	Code    quhua.Code `json:"code"`
	Name    string     `json:"name"`
	Kind    quhua.Kind `json:"kind"`
	InForce string     `json:"in_force"`
	// Current reports whether the record is in force on the result's date.
	Current bool `json:"current"`
}

var levelKeys = [4]string{"province", "prefecture", "county", "township"}

// AsWritten returns the divisions as the text names them, from the top:
// the records the names denote (宝安区 440306 for 宝安区观澜街道, although
// on the date the answer is 龙华区; 思茅地区 532700, in force until 2003),
// with their validity intervals. Levels only inferred are not listed; when
// the text is ambiguous only the levels all readings share are.
func (r *Result) AsWritten() []Written {
	var out []Written
	for l, rec := range r.written {
		if rec != nil {
			out = append(out, Written{Level: levelKeys[l], Code: rec.Code, Name: rec.Name, Kind: rec.Kind,
				InForce: rec.Interval(), Current: rec.InForce(r.At)})
		}
	}
	return out
}

// Level returns the deepest level the answer reaches: "township",
// "county", "prefecture" or "province", or "" when nothing was found. A
// functional zone or a place of Hong Kong, Macau or Taiwan counts at the
// level of the division above it.
func (r *Result) Level() string {
	switch {
	case !r.Township.IsZero():
		return "township"
	case !r.County.IsZero():
		return "county"
	case !r.Prefecture.IsZero():
		return "prefecture"
	case !r.Province.IsZero():
		return "province"
	}
	return ""
}

// Found reports whether any division was found.
func (r *Result) Found() bool {
	return !r.Province.IsZero() || !r.Prefecture.IsZero() || !r.County.IsZero() || !r.Township.IsZero() || !r.Place.IsZero() || len(r.Candidates) > 0
}

// Code returns the code of the deepest division found at county level or
// above, or 0 (see Township for the township).
func (r *Result) Code() quhua.Code {
	switch {
	case !r.County.IsZero():
		return r.County.Code
	case !r.Prefecture.IsZero():
		return r.Prefecture.Code
	}
	return r.Province.Code
}

// Ambiguous reports whether the text did not decide between several
// divisions.
func (r *Result) Ambiguous() bool { return len(r.Candidates) > 1 }

// MarshalJSON writes the result with its date as YYYY-MM-DD, its level
// and the divisions as written (asWritten).
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return json.Marshal(struct {
		At    string `json:"at"`
		Level string `json:"level,omitempty"`
		plain
		AsWritten []Written `json:"asWritten,omitempty"`
	}{r.At.String(), r.Level(), plain(r), r.AsWritten()})
}

// ParseMany parses the texts on all cores and returns the results in order.
func (p *Parser) ParseMany(texts []string, at quhua.Date) []Result {
	out := make([]Result, len(texts))
	workers := runtime.GOMAXPROCS(0)
	const chunk = 256
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				lo := int(next)
				next += chunk
				mu.Unlock()
				if lo >= len(texts) {
					return
				}
				hi := min(lo+chunk, len(texts))
				for i := lo; i < hi; i++ {
					out[i] = p.Parse(texts[i], at)
				}
			}
		}()
	}
	wg.Wait()
	return out
}
