package server

import (
	"fmt"
	"io"
	"net/http"

	"github.com/quhua/quhua/export"
)

// getExportDivisions serves GET /v1/export/divisions: every division in
// force on a date as a table (package export), as a download.
func (s *Server) getExportDivisions(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	at, p := parseDateParam(r, "at", defaultAt(st.reg), st.reg.FirstYear())
	if p != nil {
		return p
	}
	markHorizon(w, st.reg, at)
	f, err := export.ParseFormat(or(queryValue(r.URL.RawQuery, "format"), "csv"))
	if err != nil {
		return paramProblem("format", err.Error())
	}
	q := export.Query{At: at}
	if q.Levels, err = export.ParseLevels(queryValue(r.URL.RawQuery, "level")); err != nil {
		return paramProblem("level", err.Error())
	}
	if u := queryValue(r.URL.RawQuery, "under"); u != "" {
		c, p := parseCodeParam("under", u)
		if p != nil {
			return p
		}
		if _, ok := st.reg.At(at).Record(c); !ok {
			return notInForce(st.reg, c, at)
		}
		q.Under = c
	}
	// Streamed (see streamAnswer): the township export is 28 MB of JSON.
	key := fmt.Sprintf("divisions\x00%s\x00%s\x00%v\x00%s", at, f, q.Levels, q.Under)
	return s.streamAnswer(w, r, st, key, f.ContentType(), fmt.Sprintf("divisions-%s.%s", at, f), func(w io.Writer) error {
		rows, err := export.Divisions(st.reg, q)
		if err != nil {
			return err
		}
		return export.Write(w, f, rows, export.Options{})
	})
}

// getExportPicker serves GET /v1/export/picker: the divisions of a date in
// the JSON a cascading picker loads.
func (s *Server) getExportPicker(w http.ResponseWriter, r *http.Request, st *state) *Problem {
	if p := methods(r, http.MethodGet); p != nil {
		return p
	}
	at, p := parseDateParam(r, "at", defaultAt(st.reg), st.reg.FirstYear())
	if p != nil {
		return p
	}
	markHorizon(w, st.reg, at)
	raw := r.URL.RawQuery
	fs := queryValue(raw, "format")
	if fs == "" {
		p := newProblem(http.StatusBadRequest, "missing-parameter", `query parameter "format" is required`)
		p.Param, p.Hint = "format", "add ?format=element (or vant, vant-cascader, china-area-data, cascader)"
		return p
	}
	f, err := export.ParsePickerFormat(fs)
	if err != nil {
		return paramProblem("format", err.Error())
	}
	o := export.PickerOptions{At: at, Middle: export.Middle(queryValue(raw, "middle")), Outlying: export.Outlying(queryValue(raw, "outlying")),
		ValueKey: queryValue(raw, "valueKey"), LabelKey: queryValue(raw, "labelKey"), ChildrenKey: queryValue(raw, "childrenKey"),
		ShortCodes: queryValue(raw, "shortCodes") == "true"}
	if err := export.CheckPickerOptions(f, o); err != nil {
		return paramProblem("format", err.Error())
	}
	key := fmt.Sprintf("picker\x00%s\x00%s\x00%+v", at, f, o)
	return s.streamAnswer(w, r, st, key, "application/json", fmt.Sprintf("picker-%s-%s.json", f, at), func(w io.Writer) error {
		return export.WritePicker(w, st.reg, f, o)
	})
}

func paramProblem(name, detail string) *Problem {
	p := newProblem(http.StatusBadRequest, "invalid-parameter", name+": "+detail)
	p.Param = name
	return p
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
