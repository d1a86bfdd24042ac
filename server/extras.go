package server

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"unicode/utf8"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/idcard"
	"github.com/quhua/quhua/plate"
)

// Endpoints that read messy input: addresses, ID numbers, licence plates,
// and codes found in the wild.

// addressParser returns the state's address parser, built on first use
// (it takes some tens of milliseconds), or a problem when the registry
// cannot carry one.
func (st *state) addressParser() (*address.Parser, *Problem) {
	st.addrOnce.Do(func() { st.addr, st.addrErr = address.New(st.reg) })
	if st.addrErr != nil {
		return nil, newProblem(http.StatusInternalServerError, "address-parser", st.addrErr.Error())
	}
	return st.addr, nil
}

// maxAddressRunes bounds one address; maxAddresses one batch.
const (
	maxAddressRunes = 512
	maxAddresses    = 1000
)

func (s *Server) getAddress(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if r.Method == http.MethodPost {
		return s.postAddress(w, r, st)
	}
	if p := methods(r, http.MethodGet, http.MethodPost); p != nil {
		return p
	}
	q := queryValue(r.URL.RawQuery, "q")
	if q == "" {
		p := newProblem(http.StatusBadRequest, "missing-parameter", `query parameter "q" is required`)
		p.Param, p.Hint = "q", "add ?q=吉林省公主岭市范家屯镇…"
		return p
	}
	if n := utf8.RuneCountInString(q); n > maxAddressRunes {
		p := newProblem(http.StatusBadRequest, "invalid-parameter", fmt.Sprintf("q: the address has %d characters; at most %d are read", n, maxAddressRunes))
		p.Param = "q"
		return p
	}
	at, p := parseDateParam(r, "at", defaultAt(st.reg), st.reg.FirstYear())
	if p != nil {
		return p
	}
	ap, p := st.addressParser()
	if p != nil {
		return p
	}
	markHorizon(w, st.reg, at)
	res := ap.Parse(q, at)
	redactAddress(&res)
	writeDynamic(w, r, res, hCacheAPI)
	return nil
}

type addressRequest struct {
	Addresses []string `json:"addresses"`
	At        string   `json:"at"`
}

type addressBatchJSON struct {
	At      string           `json:"at"`
	Results []address.Result `json:"results"`
}

func (s *Server) postAddress(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	var req addressRequest
	if p := s.decodeJSON(w, r, &req); p != nil {
		return p
	}
	if len(req.Addresses) > maxAddresses {
		p := newProblem(http.StatusRequestEntityTooLarge, "too-many-addresses", fmt.Sprintf("addresses: %d addresses; at most %d per request", len(req.Addresses), maxAddresses))
		p.Param = "addresses"
		return p
	}
	for i, a := range req.Addresses {
		if n := utf8.RuneCountInString(a); n > maxAddressRunes {
			p := newProblem(http.StatusUnprocessableEntity, "invalid-field", fmt.Sprintf("addresses[%d]: %d characters; at most %d are read", i, n, maxAddressRunes))
			p.Param = "addresses"
			return p
		}
	}
	at := defaultAt(st.reg)
	if req.At != "" {
		var p *Problem
		if at, p = parseDate("at", req.At, st.reg.FirstYear()); p != nil {
			p.Status, p.Title = http.StatusUnprocessableEntity, http.StatusText(http.StatusUnprocessableEntity)
			return p
		}
	}
	ap, p := st.addressParser()
	if p != nil {
		return p
	}
	res := ap.ParseMany(req.Addresses, at)
	for i := range res {
		redactAddress(&res[i])
	}
	if res == nil {
		res = []address.Result{}
	}
	writeDynamic(w, r, addressBatchJSON{At: at.String(), Results: res}, hNoStore)
	return nil
}

type idRequest struct {
	Number string `json:"number"`
	// Issued is the date of issue, if known (see idcard.ParseAt).
	Issued string `json:"issued"`
}

// postID decodes an ID number. It takes the number in a POST body, never
// in the URL, so that numbers stay out of access logs and caches.
func (s *Server) postID(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodPost); p != nil {
		p.Hint = `send the number in a JSON body, {"number":"…"}, so that it stays out of URLs and logs`
		return p
	}
	var req idRequest
	if p := s.decodeJSON(w, r, &req); p != nil {
		return p
	}
	if req.Number == "" {
		p := newProblem(http.StatusUnprocessableEntity, "missing-field", `field "number" is required`)
		p.Param = "number"
		return p
	}
	var issued quhua.Date
	if req.Issued != "" {
		var p *Problem
		if issued, p = parseDate("issued", req.Issued, quhua.MinYear); p != nil {
			p.Status, p.Title = http.StatusUnprocessableEntity, http.StatusText(http.StatusUnprocessableEntity)
			return p
		}
	}
	info, err := idcard.ParseAt(req.Number, st.reg, issued)
	if err != nil {
		// The error shows the number masked.
		p := newProblem(http.StatusUnprocessableEntity, "invalid-id-number", err.Error())
		p.Param = "number"
		if info != nil {
			// The check and the date are valid: say so, so that a
			// caller can accept an unknown region knowingly.
			p.Verdicts = &info.Verdicts
		}
		return p
	}
	// The answer shows the number masked (info.Masked), never in full.
	info.Number = ""
	writeDynamic(w, r, info, hNoStore)
	return nil
}

type plateJSON struct {
	Prefix  string        `json:"prefix"`
	Matches []plate.Match `json:"matches"`
}

func (s *Server) getPlate(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	q := r.PathValue("prefix")
	ms, err := plate.Lookup(q)
	switch {
	case errors.Is(err, plate.ErrNotFound):
		return newProblem(http.StatusNotFound, "unknown-plate", err.Error())
	case err != nil:
		p := newProblem(http.StatusBadRequest, "invalid-plate", err.Error())
		p.Param, p.Hint = "prefix", "a province character and a letter, e.g. 吉A"
		return p
	}
	writeDynamic(w, r, plateJSON{Prefix: q, Matches: ms}, hCacheAPI)
	return nil
}

type identifyJSON struct {
	Code    string       `json:"code"`
	At      string       `json:"at"`
	Class   string       `json:"class"`
	Note    string       `json:"note"`
	Record  *recordJSON  `json:"record"`
	Records []recordJSON `json:"records"`
}

// getIdentify classifies a code found in data: a division, one of another
// date, or one of the codes that circulate without being divisions.
func (s *Server) getIdentify(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	ca, p := codeAtRequest(r, st)
	if p != nil {
		return p
	}
	c, at := ca.code, ca.at
	return cached(w, r, st.identify, ca, func() (any, *Problem) {
		info := st.reg.Identify(c, at)
		cls, _ := info.Class.MarshalText()
		out := identifyJSON{Code: c.String(), At: at.String(), Class: string(cls), Note: info.Note, Records: records(info.Records)}
		if info.Record != nil {
			rj := record(info.Record)
			out.Record = &rj
		}
		return out, nil
	})
}

// extraState is the part of a state for these endpoints.
type extraState struct {
	addrOnce sync.Once
	addr     *address.Parser
	addrErr  error
	identify *cache[codeAt]
}
