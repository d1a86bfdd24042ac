// Package web is quhua's web UI: hand-written HTML, CSS and JavaScript,
// embedded in the binary, with no build step and nothing loaded from
// elsewhere. It speaks to the JSON API under /v1 of package server.
//
// The UI is Chinese first: the API's English (relations, notes, problem
// details, workflow states) is translated in the page (static/zh.js). Its
// pages are addressed by the URL fragment:
//
//	#/                      search, the chart of kinds per year
//	#/d/220381              a division's page: its whole story
//	#/tree?at=2019          the tree on a date, with a year slider
//	#/year/2020             the change log of a year
//	#/diff?from=2019&to=2020  what changed between two dates
//	#/tools                 addresses, ID numbers, licence plates
//	#/signin                sign in with a change-API token
//	#/changes               the changes by state; #/changes/new drafts one
//	#/changes/1             one change: dry run and the workflow's steps
//	#/releases              the releases and the live event feed
//	#/audit                 the audit log (admin)
//
// The change pages (static/changes.js) keep the token in sessionStorage
// only and send it in the Authorization header, never in a URL; signing out
// clears the session storage. The event feed is read with fetch and a
// streaming reader, since EventSource cannot send that header.
//
// Data is never parsed as HTML: elements are built from nodes, and the
// Markdown links of document sources become <a> elements only for http and
// https URLs (richText in static/core.js).
//
// Other features add to the UI through the extensions object of
// static/core.js rather than by editing the pages: routes (e.g. township
// pages), divisionSections (parts appended to a division's page) and
// downloads (links in the downloads area of the tree, diff and division
// pages, e.g. exports). The footer shows /v1/version's release, horizon and
// recordedThrough when the server reports them, and an answer carrying a
// beyondHorizon object shows a notice above the page.
//
// The browser tests (Chromium through chromedp) save screenshots in
// screenshots/; the accessibility check runs axe-core from
// testdata/axe/node_modules (installed by .ci/run with npm, or $QUHUA_AXE).
package web

import (
	"bytes"
	"embed"
	"hash/fnv"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed static
var static embed.FS

// FS returns the UI's files.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded directory exists by construction
	}
	return sub
}

type asset struct {
	body  []byte
	ctype string
	etag  string
}

var (
	assetsOnce sync.Once
	assets     map[string]*asset
)

func load() {
	assets = map[string]*asset{}
	fsys := FS()
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h := fnv.New64a()
		h.Write(b)
		assets["/"+p] = &asset{body: b, ctype: contentType(p), etag: `"` + strconv.FormatUint(h.Sum64(), 36) + `"`}
		return nil
	})
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".json", ".webmanifest":
		return "application/manifest+json"
	}
	return "application/octet-stream"
}

// Handler serves the UI: / is the single page, the other files are its
// assets. Unknown paths get 404.
func Handler() http.Handler {
	assetsOnce.Do(load)
	start := time.Now()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if p == "/" || p == "" {
			p = "/index.html"
		}
		a, ok := assets[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.ctype)
		h.Set("ETag", a.etag)
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if p == "/index.html" {
			h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
		}
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && len(a.body) > 1024 {
			serveGzip(w, r, p, a, start)
			return
		}
		http.ServeContent(w, r, p, start, bytes.NewReader(a.body))
	})
}
