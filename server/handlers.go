package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

type versionJSON struct {
	Software        string `json:"software"`
	DataVersion     string `json:"dataVersion"`
	UpstreamCommit  string `json:"upstreamCommit"`
	FirstYear       int    `json:"firstYear"`
	LastYear        int    `json:"lastYear"`
	Latest          string `json:"latest"`
	Records         int    `json:"records"`
	Events          int    `json:"events"`
	Release         string `json:"release"`
	Horizon         string `json:"horizon"`
	RecordedThrough string `json:"recordedThrough"`
	Note            string `json:"note,omitempty"`
}

func (s *Server) versionInfo(reg *quhua.Registry) versionJSON {
	return versionJSON{Software: s.opts.Version, DataVersion: reg.Version(), UpstreamCommit: reg.UpstreamCommit(),
		FirstYear: reg.FirstYear(), LastYear: reg.LastYear(), Latest: reg.Latest().String(),
		Records: len(reg.Records()), Events: len(reg.Events()),
		Release: reg.Version(), Horizon: reg.Horizon().String(),
		RecordedThrough: reg.RecordedThrough().Format(reg.RecordedThroughPrecision()), Note: reg.Note()}
}

func (s *Server) getVersion(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	st.version.serve(w, r, hCacheAPI)
	return nil
}

func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	s.openapi.serve(w, r, hCacheAPI)
	return nil
}

// defaultAt is the date used when a request gives none: today, or the
// registry's latest state if that lies ahead (an authored change with a
// future date).
func defaultAt(reg *quhua.Registry) quhua.Date {
	return max(cachedToday(), reg.Latest())
}

// cached serves the cached answer for k, rendering it with make on a miss.
func cached[K comparable](w http.ResponseWriter, r *http.Request, c *cache[K], k K, make func() (any, *Problem)) *Problem {
	b, ok := c.get(k)
	if !ok {
		v, p := make()
		if p != nil {
			return p
		}
		var err error
		if b, err = newBody(v); err != nil {
			return newProblem(http.StatusInternalServerError, "internal", "cannot render the answer: "+err.Error())
		}
		c.put(k, b)
	}
	b.serve(w, r, hCacheAPI)
	return nil
}

// notInForce is the problem for a code that is not in force on a date.
func notInForce(reg *quhua.Registry, c quhua.Code, at quhua.Date) *Problem {
	recs := reg.CodeRecords(c)
	e := &quhua.NotInForceError{Code: c, Date: at, Records: recs}
	p := newProblem(http.StatusNotFound, "not-in-force", e.Error())
	if len(recs) == 0 {
		p.Type = ProblemType("unknown-code")
		p.Hint = "search for the name with /v1/search?q=…"
		for _, x := range reg.Suggest(c.String(), 5) {
			p.Suggestions = append(p.Suggestions, *ref(x))
		}
	} else {
		p.Records = records(recs)
		p.Hint = "ask with a date in one of the records' intervals (?at=YYYY), or translate the code with /v1/translate/" + c.String()
	}
	return p
}

func (s *Server) getDivision(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	ca, p := codeAtRequest(r, st)
	if p != nil {
		return p
	}
	c, at := ca.code, ca.at
	markHorizon(w, st.reg, at)
	return cached(w, r, st.division, ca, func() (any, *Problem) {
		d, ok := st.reg.At(at).Lookup(c)
		if !ok {
			return nil, notInForce(st.reg, c, at)
		}
		j := division(d)
		j.BeyondHorizon = api.NewHorizon(st.reg, at)
		return j, nil
	})
}

type childrenJSON struct {
	At            string         `json:"at"`
	Parent        *divisionJSON  `json:"parent"`
	Children      []divisionJSON `json:"children"`
	BeyondHorizon *api.Horizon   `json:"beyondHorizon,omitempty"`
}

func (s *Server) getChildren(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	ca, p := codeAtRequest(r, st)
	if p != nil {
		return p
	}
	c, at := ca.code, ca.at
	markHorizon(w, st.reg, at)
	return cached(w, r, st.children, ca, func() (any, *Problem) {
		v := st.reg.At(at)
		out := childrenJSON{At: at.String(), Children: []divisionJSON{}, BeyondHorizon: api.NewHorizon(st.reg, at)}
		if c != 0 {
			d, ok := v.Lookup(c)
			if !ok {
				return nil, notInForce(st.reg, c, at)
			}
			pj := division(d)
			out.Parent = &pj
		}
		for _, d := range v.Children(c) {
			out.Children = append(out.Children, division(d))
		}
		return out, nil
	})
}

func (s *Server) getHistory(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	c, p := parseCodeParam("code", r.PathValue("code"))
	if p != nil {
		return p
	}
	recs := st.reg.CodeRecords(c)
	if len(recs) == 0 {
		return notInForce(st.reg, c, defaultAt(st.reg))
	}
	rec := recs[len(recs)-1]
	if queryValue(r.URL.RawQuery, "at") != "" {
		at, p := parseDateParam(r, "at", 0, st.reg.FirstYear())
		if p != nil {
			return p
		}
		// The record in force on the date, else the last one before it
		// (a code read just after it ended), else the first.
		rec = recs[0]
		for _, x := range recs {
			if x.From <= at {
				rec = x
			}
		}
	}
	return cached(w, r, st.history, rec.ID, func() (any, *Problem) {
		return history(st.reg, rec), nil
	})
}

// getMeanings answers every meaning a code has had, with its intervals
// (a code reused for another division has several).
func (s *Server) getMeanings(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	c, p := parseCodeParam("code", r.PathValue("code"))
	if p != nil {
		return p
	}
	ms := st.reg.Meanings(c)
	if len(ms) == 0 {
		return notInForce(st.reg, c, defaultAt(st.reg))
	}
	b, err := newBody(api.NewMeanings(c, ms))
	if err != nil {
		return newProblem(http.StatusInternalServerError, "internal", "cannot render the answer: "+err.Error())
	}
	b.serve(w, r, hCacheAPI)
	return nil
}

// Search limits.
const (
	defaultSearchLimit = 10
	maxSearchLimit     = 100
	maxQueryRunes      = 64
)

func (s *Server) getSearch(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	q := queryValue(r.URL.RawQuery, "q")
	if len([]rune(q)) > maxQueryRunes {
		p := newProblem(http.StatusBadRequest, "invalid-parameter", fmt.Sprintf("q: the query has %d characters; at most %d are searched", len([]rune(q)), maxQueryRunes))
		p.Param = "q"
		return p
	}
	at, p := parseDateParam(r, "at", defaultAt(st.reg), st.reg.FirstYear())
	if p != nil {
		return p
	}
	limit, p := parseIntParam(r, "limit", defaultSearchLimit, 1, maxSearchLimit)
	if p != nil {
		return p
	}
	key := q + "\x00" + strconv.Itoa(int(at)) + "\x00" + strconv.Itoa(limit)
	return cached(w, r, st.searches, key, func() (any, *Problem) {
		return st.search.search(q, at, limit), nil
	})
}

func (s *Server) getTranslate(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	c, p := parseCodeParam("code", r.PathValue("code"))
	if p != nil {
		return p
	}
	from, p := parseDateParam(r, "from", 0, st.reg.FirstYear())
	if p != nil {
		return p
	}
	to, p := parseDateParam(r, "to", defaultAt(st.reg), st.reg.FirstYear())
	if p != nil {
		return p
	}
	markHorizon(w, st.reg, from, to)
	return cached(w, r, st.translate, [3]int32{int32(c), int32(from), int32(to)}, func() (any, *Problem) {
		t, err := st.reg.Translate(c, from, to)
		if err != nil {
			return nil, notInForce(st.reg, c, from)
		}
		j := translation(t)
		j.BeyondHorizon = api.NewHorizon(st.reg, max(from, to))
		return j, nil
	})
}

// translateRequest is the body of POST /v1/translate.
type translateRequest struct {
	Codes []string `json:"codes"`
	From  string   `json:"from"`
	To    string   `json:"to"`
}

type translateResult struct {
	Code        string           `json:"code"`
	Status      string           `json:"status"`
	Translation *translationJSON `json:"translation,omitempty"`
	Error       string           `json:"error,omitempty"`
}

type translateBatchJSON struct {
	From          string            `json:"from"`
	To            string            `json:"to"`
	Results       []translateResult `json:"results"`
	BeyondHorizon *api.Horizon      `json:"beyondHorizon,omitempty"`
}

// maxBatch bounds the codes of one batch translation.
const maxBatch = 10000

func (s *Server) postTranslate(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodPost); p != nil {
		return p
	}
	var req translateRequest
	if p := s.decodeJSON(w, r, &req); p != nil {
		return p
	}
	if len(req.Codes) > maxBatch {
		p := newProblem(http.StatusRequestEntityTooLarge, "too-many-codes", fmt.Sprintf("codes: %d codes; at most %d per request", len(req.Codes), maxBatch))
		p.Param = "codes"
		return p
	}
	if req.From == "" {
		p := newProblem(http.StatusUnprocessableEntity, "missing-field", `field "from" is required`)
		p.Param, p.Hint = "from", `send {"codes":["220381"],"from":"2019","to":"2024"}`
		return p
	}
	from, p := parseDate("from", req.From, st.reg.FirstYear())
	if p != nil {
		p.Status, p.Title = http.StatusUnprocessableEntity, http.StatusText(http.StatusUnprocessableEntity)
		return p
	}
	to := defaultAt(st.reg)
	if req.To != "" {
		if to, p = parseDate("to", req.To, st.reg.FirstYear()); p != nil {
			p.Status, p.Title = http.StatusUnprocessableEntity, http.StatusText(http.StatusUnprocessableEntity)
			return p
		}
	}
	markHorizon(w, st.reg, from, to)
	out := translateBatchJSON{From: from.String(), To: to.String(), Results: make([]translateResult, len(req.Codes)),
		BeyondHorizon: api.NewHorizon(st.reg, max(from, to))}
	for i, cs := range req.Codes {
		res := translateResult{Code: cs}
		c, err := quhua.ParseCode(cs)
		if err != nil {
			res.Status, res.Error = string(quhua.Unknown), err.Error()
		} else if t, err := st.reg.Translate(c, from, to); err != nil {
			res.Status, res.Error = string(quhua.Unknown), err.Error()
		} else {
			tj := translation(t)
			res.Status, res.Translation = tj.Status, &tj
		}
		out.Results[i] = res
	}
	writeDynamic(w, r, out, hNoStore)
	return nil
}

// decodeJSON reads a JSON request body into v, within the size limit.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) *Problem {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		p := newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type", fmt.Sprintf("the body is %s; send application/json", ct))
		return p
	}
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			err = errors.New("more than one JSON value in the body")
		}
	}
	if err == nil {
		return nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return newProblem(http.StatusRequestEntityTooLarge, "body-too-large", fmt.Sprintf("the request body is larger than %d bytes", mbe.Limit))
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	detail := "malformed JSON: " + err.Error()
	switch {
	case errors.Is(err, io.EOF):
		detail = "the request body is empty; send a JSON object"
	case errors.As(err, &se):
		detail = fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		detail = fmt.Sprintf("malformed JSON: field %q: %s where %s was expected", te.Field, te.Value, te.Type)
	case errors.Is(err, io.ErrUnexpectedEOF):
		detail = "malformed JSON: the body ends in the middle of a value"
	}
	return newProblem(http.StatusBadRequest, "malformed-json", detail)
}

func (s *Server) getDiff(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	from, p := parseDateParam(r, "from", 0, st.reg.FirstYear())
	if p != nil {
		return p
	}
	to, p := parseDateParam(r, "to", defaultAt(st.reg), st.reg.FirstYear())
	if p != nil {
		return p
	}
	lv, keep, p := parseLevelParam(r)
	if p != nil {
		return p
	}
	if to < from {
		from, to = to, from
	}
	// The events and records of the answer are cached by what determines
	// them, not by the dates: every pair of dates between the same two
	// change points shares one entry. Only the dates are rendered anew.
	span := st.diffKey(from, to)
	k := [3]int{span[0], span[1], lv}
	rest, ok := st.diff.get(k)
	if !ok {
		d := st.reg.Diff(from, to)
		d.Filter(keep)
		if len(d.Events)+len(d.Removed)+len(d.Added) > streamDiffItems {
			return s.streamDiff(w, r, st, from, to, lv, d)
		}
		b, err := json.Marshal(diffRestJSON{Events: events(d.Events, true), Removed: records(d.Removed), Added: records(d.Added)})
		if err != nil {
			return newProblem(http.StatusInternalServerError, "internal", "cannot render the answer: "+err.Error())
		}
		rest = restBody(b)
		st.diff.put(k, rest)
	}
	markHorizon(w, st.reg, to)
	prefix, err := json.Marshal(struct {
		From          string       `json:"from"`
		To            string       `json:"to"`
		BeyondHorizon *api.Horizon `json:"beyondHorizon,omitempty"`
	}{from.String(), to.String(), api.NewHorizon(st.reg, to)})
	if err != nil {
		return newProblem(http.StatusInternalServerError, "internal", "cannot render the answer: "+err.Error())
	}
	// {"from":…,"to":…} and {"events":…} make {"from":…,"to":…,"events":…}.
	prefix[len(prefix)-1] = ','
	etag := `"` + strings.Trim(rest.etag[0], `"`) + "-" + strconv.Itoa(int(from)) + "-" + strconv.Itoa(int(to)) + `"`
	serveParts(w, r, etag, hCacheAPI, prefix, rest.json[1:])
	return nil
}

// diffRestJSON is a diff without its dates: what st.diff caches.
type diffRestJSON struct {
	Events  []eventJSON  `json:"events"`
	Removed []recordJSON `json:"removed"`
	Added   []recordJSON `json:"added"`
}

// diffKey numbers the spans between the dates at which a diff can change:
// the dates of events (a diff has the events in (from, to]) and the
// starts and ends of records (it has the records in force on one date and
// not the other). Two diffs whose from and to fall in the same spans have
// the same events and records.
func (st *state) diffKey(from, to quhua.Date) [2]int {
	st.diffOnce.Do(func() {
		var ps []quhua.Date
		for _, e := range st.reg.Events() {
			ps = append(ps, e.Date)
		}
		for _, r := range st.reg.Records() {
			ps = append(ps, r.From)
			if r.To != 0 {
				ps = append(ps, r.To)
			}
		}
		slices.Sort(ps)
		st.diffPoints = slices.Compact(ps)
	})
	span := func(d quhua.Date) int {
		i, found := slices.BinarySearch(st.diffPoints, d)
		if found {
			i++
		}
		return i // the number of points <= d
	}
	return [2]int{span(from), span(to)}
}

type yearEventsJSON struct {
	Year   int         `json:"year"`
	Events []eventJSON `json:"events"`
}

func (s *Server) getEvents(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	if queryValue(r.URL.RawQuery, "year") == "" {
		p := newProblem(http.StatusBadRequest, "missing-parameter", `query parameter "year" is required`)
		p.Param, p.Hint = "year", "add ?year=2020"
		return p
	}
	if v := queryValue(r.URL.RawQuery, "year"); len(v) != 4 || !isDigits(v) {
		p := newProblem(http.StatusBadRequest, "invalid-parameter", fmt.Sprintf("year: %q is not a year: write four digits, e.g. 2020", v))
		p.Param = "year"
		return p
	}
	y, p := parseIntParam(r, "year", 0, st.reg.FirstYear(), max(st.reg.LastYear(), quhua.Today().Year())+1)
	if p != nil {
		return p
	}
	lv, keep, p := parseLevelParam(r)
	if p != nil {
		return p
	}
	return cached(w, r, st.events, y*levelChoices+lv, func() (any, *Problem) {
		var evs []*quhua.Event
		for _, e := range st.reg.EventsOfYear(y) {
			if e.AtLevel(keep) {
				evs = append(evs, e)
			}
		}
		return yearEventsJSON{Year: y, Events: events(evs, true)}, nil
	})
}

func (s *Server) getEvent(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	v := r.PathValue("id")
	id, err := strconv.Atoi(v)
	if err != nil || id < 0 {
		p := newProblem(http.StatusBadRequest, "invalid-parameter", fmt.Sprintf("id: %q is not an event number", v))
		p.Param = "id"
		return p
	}
	return cached(w, r, st.event, id, func() (any, *Problem) {
		e := st.reg.Event(id)
		if e == nil {
			return nil, newProblem(http.StatusNotFound, "unknown-event", fmt.Sprintf("no event %d; events are numbered 0 to %d", id, len(st.reg.Events())-1))
		}
		return event(e, true), nil
	})
}

type kindCountJSON struct {
	Year   int            `json:"year"`
	Date   string         `json:"date"`
	Total  int            `json:"total"`
	Counts map[string]int `json:"counts"`
}

type kindInfoJSON struct {
	Kind  string `json:"kind"`
	Key   string `json:"key"`
	Level string `json:"level"`
}

type kindStatsJSON struct {
	Kinds []kindInfoJSON  `json:"kinds"`
	Years []kindCountJSON `json:"years"`
}

// kindStats counts the divisions of each kind in force at the end of each
// year of the registry.
func kindStats(reg *quhua.Registry) kindStatsJSON {
	out := kindStatsJSON{}
	used := map[quhua.Kind]bool{}
	for y := reg.FirstYear(); y <= reg.LastYear(); y++ {
		d := quhua.EndOfYear(y)
		kc := kindCountJSON{Year: y, Date: d.String(), Counts: map[string]int{}}
		for _, r := range reg.Records() {
			if r.InForce(d) && r.Level() != quhua.Township {
				kc.Counts[r.Kind.String()]++
				kc.Total++
				used[r.Kind] = true
			}
		}
		out.Years = append(out.Years, kc)
	}
	for _, k := range quhua.Kinds() {
		if used[k] {
			out.Kinds = append(out.Kinds, kindInfoJSON{Kind: k.String(), Key: k.Key(), Level: k.Level().Key()})
		}
	}
	return out
}

func (s *Server) getKindStats(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	st.kinds.serve(w, r, hCacheAPI)
	return nil
}
