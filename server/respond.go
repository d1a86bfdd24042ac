package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/quhua/quhua/api"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/idcard"
)

// body is a rendered JSON answer with its ETag and, for larger answers,
// its gzip form. Bodies of immutable answers are cached and served as they
// are, so a cached request costs a map look-up and a write.
type body struct {
	json []byte
	gz   []byte // nil when the answer is too small to be worth compressing
	etag []string
	// Content-Length values of json and gz.
	jsonLen, gzLen []string
	// ctype is the Content-Type of a body that is not JSON (an export).
	ctype []string
}

// minGzip is the smallest body worth compressing: below it the gzip header
// and the CPU cost outweigh the saving.
const minGzip = 1024

var gzPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// newBody renders v as JSON and prepares its ETag and gzip form.
func newBody(v any) (*body, error) {
	return newAnswer(v, nil)
}

// newAnswer is newBody for an API answer: an object gets the registry's
// horizon as its first field, "horizon", the Quhua-Horizon header's value
// (horizon holds it, as the header does).
func newAnswer(v any, horizon []string) (*body, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	b = withHorizon(b, horizon)
	b = append(b, '\n')
	return bodyOf(b), nil
}

// withHorizon puts "horizon":horizon[0] first in the JSON object b
// (api.WithHorizon).
func withHorizon(b []byte, horizon []string) []byte {
	if len(horizon) == 0 {
		return b
	}
	return api.WithHorizon(b, horizon[0])
}

func bodyOf(b []byte) *body {
	bd := restBody(b)
	if len(b) >= minGzip {
		var buf bytes.Buffer
		zw := gzPool.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(b)
		zw.Close()
		gzPool.Put(zw)
		bd.gz = buf.Bytes()
		bd.gzLen = []string{strconv.Itoa(len(bd.gz))}
	}
	return bd
}

// restBody is b with its ETag but without a gzip form: a part of an answer
// that serveParts completes.
func restBody(b []byte) *body {
	b = redactBytes(b)
	h := fnv.New64a()
	h.Write(b)
	return &body{json: b, etag: []string{`"` + strconv.FormatUint(h.Sum64(), 36) + `"`}, jsonLen: []string{strconv.Itoa(len(b))}}
}

// Shared header values: assigning a shared slice costs no allocation.
var (
	hJSON     = []string{"application/json; charset=utf-8"}
	hProblem  = []string{"application/problem+json; charset=utf-8"}
	hGzip     = []string{"gzip"}
	hVary     = []string{"Accept-Encoding"}
	hNoStore  = []string{"no-store"}
	hNosniff  = []string{"nosniff"}
	hCacheAPI = []string{"public, max-age=300, stale-while-revalidate=3600"}
)

// serve writes b, honouring If-None-Match and Accept-Encoding.
func (b *body) serve(w http.ResponseWriter, r *http.Request, cache []string) {
	h := w.Header()
	h["Content-Type"] = hJSON
	if b.ctype != nil {
		h["Content-Type"] = b.ctype
	}
	h["Etag"] = b.etag
	if _, ok := h["Vary"]; ok {
		h.Add("Vary", "Accept-Encoding")
	} else {
		h["Vary"] = hVary
	}
	h["X-Content-Type-Options"] = hNosniff
	if cache != nil {
		h["Cache-Control"] = cache
	}
	if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagMatch(inm, b.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	out, n := b.json, b.jsonLen
	if b.gz != nil && acceptsGzip(r) {
		h["Content-Encoding"] = hGzip
		out, n = b.gz, b.gzLen
	}
	h["Content-Length"] = n
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(out)
	}
}

// serveParts serves the answer made of parts, like body.serve: the parts
// are written one after the other, compressed on the way when the client
// accepts gzip, without being joined in memory.
func serveParts(w http.ResponseWriter, r *http.Request, etag string, cache []string, parts ...[]byte) {
	h := w.Header()
	h["Content-Type"] = hJSON
	h["Etag"] = []string{etag}
	if _, ok := h["Vary"]; ok {
		h.Add("Vary", "Accept-Encoding")
	} else {
		h["Vary"] = hVary
	}
	h["X-Content-Type-Options"] = hNosniff
	if cache != nil {
		h["Cache-Control"] = cache
	}
	if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	n := 1 // the final newline
	for _, p := range parts {
		n += len(p)
	}
	if n >= minGzip && acceptsGzip(r) {
		h["Content-Encoding"] = hGzip
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodHead {
			return
		}
		zw := gzPool.Get().(*gzip.Writer)
		zw.Reset(w)
		for _, p := range parts {
			zw.Write(p)
		}
		zw.Write(newline)
		zw.Close()
		zw.Reset(nil)
		gzPool.Put(zw)
		return
	}
	h["Content-Length"] = []string{strconv.Itoa(n)}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		for _, p := range parts {
			w.Write(p)
		}
		w.Write(newline)
	}
}

var newline = []byte{'\n'}

func etagMatch(inm []string, etag string) bool {
	for _, v := range inm {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			t = strings.TrimPrefix(t, "W/")
			if t == etag || t == "*" {
				return true
			}
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header["Accept-Encoding"] {
		for _, p := range strings.Split(v, ",") {
			name, q, _ := strings.Cut(strings.TrimSpace(p), ";")
			if strings.TrimSpace(name) == "gzip" || strings.TrimSpace(name) == "*" {
				q = strings.TrimSpace(q)
				return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
			}
		}
	}
	return false
}

// Problem is an error answer in the form of RFC 9457
// (application/problem+json), of the read API and of the change API alike:
// the one problem type of the server.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance,omitempty"`
	// Hint says how to correct the request, where one helps.
	Hint string `json:"hint,omitempty"`
	// Param names the query or path parameter at fault.
	Param string `json:"param,omitempty"`
	// Records lists the records that ever had a code asked for on a date
	// when it was not in force.
	Records []recordJSON `json:"records,omitempty"`
	// Suggestions are near matches for an unknown name.
	Suggestions []refJSON `json:"suggestions,omitempty"`
	// Verdicts judge an ID number's check character, date and region
	// apart, when only its region fails (/v1/id).
	Verdicts *idcard.Verdicts `json:"verdicts,omitempty"`
	// Violations are the rules a change set breaks (change API).
	Violations changeset.Violations `json:"violations,omitempty"`

	allow string // the Allow header of a 405
}

// newProblem returns a problem of a kind named by slug (its type is
// ProblemType(slug), the scheme shared with the change API).
func newProblem(status int, slug, detail string) *Problem {
	return &Problem{Type: ProblemType(slug), Title: http.StatusText(status), Status: status, Detail: detail}
}

func (p *Problem) Error() string { return p.Detail }

func writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	if p.Instance == "" && r != nil {
		p.Instance = r.URL.RequestURI()
	}
	b, err := json.Marshal(p)
	if err != nil {
		b = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"cannot render the error"}`)
	}
	b = append(redactBytes(b), '\n')
	h := w.Header()
	h.Del("Content-Encoding")
	h.Del("Etag")
	h["Content-Type"] = hProblem
	if p.allow != "" {
		h["Allow"] = []string{p.allow}
	}
	h["Cache-Control"] = hNoStore
	h["X-Content-Type-Options"] = hNosniff
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(p.Status)
	if r == nil || r.Method != http.MethodHead {
		w.Write(b)
	}
}

// writeDynamic renders v and serves it (for answers not worth caching).
func writeDynamic(w http.ResponseWriter, r *http.Request, v any, cache []string) {
	b, err := newAnswer(v, w.Header()["Quhua-Horizon"])
	if err != nil {
		writeProblem(w, r, newProblem(http.StatusInternalServerError, "internal", "cannot render the answer: "+err.Error()))
		return
	}
	b.serve(w, r, cache)
}
