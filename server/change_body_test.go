package server

import (
	"strings"
	"testing"
)

// TestSmallBodiesTooLarge: the small JSON bodies of the change API (a
// webhook, a token request, the changes to apply, a rejection) are
// refused with 413 when larger than their bound, as the document says,
// not cut short and refused as malformed with 400; data after the JSON
// value is a 400.
func TestSmallBodiesTooLarge(t *testing.T) {
	a, admin := newChangeAPI(t)
	huge := `{"url": "https://hooks.example.org/q", "secret": "` + strings.Repeat("x", 63<<20) + `"}`
	a.call(t, 413, "POST", "/v1/webhooks", admin, huge)
	big := strings.Repeat(" ", 1<<17)
	a.call(t, 413, "POST", "/v1/tokens", admin, `{"user": "li", "role": "editor"}`[:1]+big+`"user": "li", "role": "editor"}`)
	a.call(t, 413, "POST", "/v1/releases", admin, `{"changes": [`+strings.Repeat("1,", 1<<16)+`1]}`)
	a.call(t, 413, "POST", "/v1/changes/1/reject", admin, `{"reason": "`+strings.Repeat("长", 1<<15)+`"}`)
	a.call(t, 400, "POST", "/v1/tokens", admin, `{"user": "li", "role": "editor"} {"user": "root"}`)
	a.call(t, 201, "POST", "/v1/tokens", admin, `{"user": "li", "role": "editor"}`+"\n")
}
