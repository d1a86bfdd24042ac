package server

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"strconv"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

// Large answers (an export, a diff across decades) are written to the
// client in bounded pieces as they are rendered, compressed on the way
// when the client accepts gzip, and never held whole in memory: eight
// clients fetching the 28 MB township export cost the server tens of
// kilobytes each, not twice the answer. Their ETag is derived from the
// registry's version and what the request asks, since the answer is a
// function of both; a client that has it gets 304 without a rendering.

// streamETag is the ETag of a streamed answer to the request key on
// st's registry.
func streamETag(st *state, key string) string {
	h := fnv.New64a()
	h.Write([]byte(st.version.etag[0]))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return `"s` + strconv.FormatUint(h.Sum64(), 36) + `"`
}

// streamAnswer serves the answer that write renders, in pieces, with the
// headers body.serve sets (ctype as its Content-Type; a download named
// filename when filename is not empty). An error before the first piece
// leaves the client was sent is answered as a problem; one after it
// aborts the connection, so that the client sees a cut transfer, never a
// short answer that looks whole.
func (s *Server) streamAnswer(w http.ResponseWriter, r *http.Request, st *state, key, ctype, filename string, write func(io.Writer) error) *Problem {
	h := w.Header()
	etag := streamETag(st, key)
	h["Etag"] = []string{etag}
	if _, ok := h["Vary"]; ok {
		h.Add("Vary", "Accept-Encoding")
	} else {
		h["Vary"] = hVary
	}
	h["X-Content-Type-Options"] = hNosniff
	h["Cache-Control"] = hCacheAPI
	if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h["Content-Type"] = []string{ctype}
	if filename != "" {
		h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return nil
	}
	lw := &lazyWriter{w: w, gzip: acceptsGzip(r)}
	err := write(lw)
	if err == nil {
		err = lw.Close()
	}
	if err == nil {
		return nil
	}
	if !lw.started {
		h.Del("Content-Disposition")
		return newProblem(http.StatusInternalServerError, "internal", "cannot write the answer: "+err.Error())
	}
	s.log.Error("answer cut", "path", r.URL.Path, "error", err.Error())
	panic(http.ErrAbortHandler)
}

// lazyWriter sends the status and headers with the first piece of the
// body, so that an error before it can still be answered as a problem.
type lazyWriter struct {
	w       http.ResponseWriter
	gzip    bool
	zw      *gzip.Writer
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		if l.gzip {
			l.w.Header()["Content-Encoding"] = hGzip
			l.zw = gzPool.Get().(*gzip.Writer)
			l.zw.Reset(l.w)
		}
		l.w.WriteHeader(http.StatusOK)
	}
	if l.zw != nil {
		return l.zw.Write(p)
	}
	return l.w.Write(p)
}

// Close ends the answer: an empty one is sent now, a compressed one gets
// its gzip trailer.
func (l *lazyWriter) Close() error {
	if !l.started {
		l.started = true
		l.w.WriteHeader(http.StatusOK)
		return nil
	}
	if l.zw == nil {
		return nil
	}
	err := l.zw.Close()
	l.zw.Reset(nil)
	gzPool.Put(l.zw)
	l.zw = nil
	return err
}

// jsonArray writes the elements of a slice as a JSON array, one element
// rendered at a time, byte for byte as json.Marshal renders the slice
// (nil as null); ID numbers are masked in each element as in every answer.
func jsonArray[T any](w io.Writer, xs []T) error {
	if xs == nil {
		_, err := io.WriteString(w, "null")
		return err
	}
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for i := range xs {
		b, err := json.Marshal(&xs[i])
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		if _, err := w.Write(redactBytes(b)); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]")
	return err
}

// streamDiffItems is the number of events and records beyond which a diff
// is streamed rather than rendered whole and cached: a few hundred
// kilobytes of JSON. Random pairs of dates far apart give a different,
// megabytes-large answer almost every time, which a cache would only
// churn.
const streamDiffItems = 1500

// streamDiff serves a large diff as getDiff renders it, in pieces.
func (s *Server) streamDiff(w http.ResponseWriter, r *http.Request, st *state, from, to quhua.Date, lv int, d *quhua.DiffResult) *Problem {
	markHorizon(w, st.reg, to)
	prefix, err := json.Marshal(struct {
		From          string       `json:"from"`
		To            string       `json:"to"`
		BeyondHorizon *api.Horizon `json:"beyondHorizon,omitempty"`
	}{from.String(), to.String(), api.NewHorizon(st.reg, to)})
	if err != nil {
		return newProblem(http.StatusInternalServerError, "internal", "cannot render the answer: "+err.Error())
	}
	prefix[len(prefix)-1] = ','
	key := fmt.Sprintf("diff\x00%d\x00%d\x00%d", from, to, lv)
	return s.streamAnswer(w, r, st, key, hJSON[0], "", func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 32<<10)
		bw.Write(prefix)
		bw.WriteString(`"events":`)
		if err := jsonArray(bw, events(d.Events, true)); err != nil {
			return err
		}
		bw.WriteString(`,"removed":`)
		if err := jsonArray(bw, records(d.Removed)); err != nil {
			return err
		}
		bw.WriteString(`,"added":`)
		if err := jsonArray(bw, records(d.Added)); err != nil {
			return err
		}
		bw.WriteString("}\n")
		return bw.Flush()
	})
}
