package server

import (
	"bytes"
	"fmt"
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
	rows, err := export.Divisions(st.reg, q)
	if err != nil {
		return newProblem(http.StatusInternalServerError, "internal", err.Error())
	}
	var b bytes.Buffer
	if err := export.Write(&b, f, rows, export.Options{}); err != nil {
		return newProblem(http.StatusInternalServerError, "internal", "cannot write the export: "+err.Error())
	}
	serveDownload(w, r, b.Bytes(), f.ContentType(), fmt.Sprintf("divisions-%s.%s", at, f))
	return nil
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
	var b bytes.Buffer
	if err := export.WritePicker(&b, st.reg, f, o); err != nil {
		return newProblem(http.StatusInternalServerError, "internal", "cannot write the picker: "+err.Error())
	}
	serveDownload(w, r, b.Bytes(), "application/json", fmt.Sprintf("picker-%s-%s.json", f, at))
	return nil
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

// serveDownload serves an export with its media type, an ETag and a file
// name for the browser to save it under.
func serveDownload(w http.ResponseWriter, r *http.Request, data []byte, ctype, filename string) {
	b := bodyOf(data)
	b.ctype = []string{ctype}
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	b.serve(w, r, hCacheAPI)
}
