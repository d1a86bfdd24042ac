package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"sync"
	"time"
)

var (
	gzMu    sync.Mutex
	gzCache = map[string][]byte{}
)

// serveGzip serves the asset compressed; assets are compressed once.
func serveGzip(w http.ResponseWriter, r *http.Request, p string, a *asset, mod time.Time) {
	gzMu.Lock()
	z, ok := gzCache[p]
	if !ok {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(a.body)
		zw.Close()
		z = buf.Bytes()
		gzCache[p] = z
	}
	gzMu.Unlock()
	h := w.Header()
	h.Set("Content-Encoding", "gzip")
	h.Set("Vary", "Accept-Encoding")
	h.Set("ETag", a.etag[:len(a.etag)-1]+`-gz"`)
	http.ServeContent(w, r, p, mod, bytes.NewReader(z))
}
