// Package address parses free-text Chinese addresses into the divisions
// they name — province, prefecture and county, with codes and kinds — as of
// a date, and returns the rest of the text (street, number, building).
//
//	p := address.New(quhua.Default())
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
// A Parser is built once per registry and is safe for concurrent use.
// Parsing takes time linear in the input and, for the usual address,
// allocates nothing.
package address

import (
	"encoding/json"
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
	towns map[townKey][]*quhua.Record // nil without the township level
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
// and share it.
func New(reg *quhua.Registry) *Parser {
	words, cands, zones := buildDict(reg)
	m, err := acmatch.New(words)
	if err != nil {
		// Names in the registry are never empty.
		panic("address: " + err.Error())
	}
	return &Parser{reg: reg, m: m, cands: cands, zones: zones, towns: townIndex(reg)}
}

var (
	defaultOnce   sync.Once
	defaultParser *Parser
)

// Default returns the parser for quhua.Default(), built on first use.
func Default() *Parser {
	defaultOnce.Do(func() { defaultParser = New(quhua.Default()) })
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

// MarshalJSON writes the result with its date as YYYY-MM-DD.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return json.Marshal(struct {
		At string `json:"at"`
		plain
	}{r.At.String(), plain(r)})
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
