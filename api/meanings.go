package api

import "github.com/quhua/quhua"

// Meaning is one division a code stood for (quhua.Meaning), with its
// records (schema Meaning).
type Meaning struct {
	Interval      string `json:"interval"`
	From          string `json:"from,omitempty"`
	FromPrecision string `json:"fromPrecision,omitempty"`
	To            string `json:"to,omitempty"`
	ToPrecision   string `json:"toPrecision,omitempty"`
	// FromInterval and ToInterval give both ends of a date of precision
	// "interval": the change happened after the first and by the second.
	FromInterval []string `json:"fromInterval,omitempty"`
	ToInterval   []string `json:"toInterval,omitempty"`
	Names        []string `json:"names"`
	Records      []Record `json:"records"`
}

// Meanings is every meaning a code has had, oldest first (schema
// Meanings): GET /v1/codes/{code}/meanings, quhua lookup CODE --all --json.
type Meanings struct {
	Code     string    `json:"code"`
	Reused   bool      `json:"reused"`
	Meanings []Meaning `json:"meanings"`
}

// NewMeanings returns the JSON form of the meanings ms of code c.
func NewMeanings(c quhua.Code, ms []quhua.Meaning) Meanings {
	out := Meanings{Code: c.String(), Reused: len(ms) > 1, Meanings: []Meaning{}}
	for _, m := range ms {
		j := Meaning{Interval: m.Interval(), Names: m.Names(), Records: NewRecords(m.Records)}
		if f := m.First(); f.From != 0 {
			j.From, j.FromPrecision = f.From.String(), f.FromPrec.String()
			if f.FromPrec == quhua.Interval && f.Created != nil {
				j.FromInterval = []string{f.Created.After.String(), f.Created.Date.String()}
			}
		}
		if l := m.Last(); l.To != 0 {
			j.To, j.ToPrecision = l.To.String(), l.ToPrec.String()
			if l.ToPrec == quhua.Interval && l.Retired != nil {
				j.ToInterval = []string{l.Retired.After.String(), l.Retired.Date.String()}
			}
		}
		out.Meanings = append(out.Meanings, j)
	}
	return out
}
