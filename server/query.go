package server

import (
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/quhua/quhua"
)

// queryValue returns the first value of query parameter name in the raw
// query, unescaped. Unlike url.Values it builds no map, which matters on
// the hot path of lookups. A value that cannot be unescaped is returned
// raw, and then fails the parameter's own parsing with a clear message.
func queryValue(raw, name string) string {
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(kv, "=")
		if strings.ContainsAny(k, "%+") {
			if u, err := url.QueryUnescape(k); err == nil {
				k = u
			}
		}
		if k != name {
			continue
		}
		if strings.ContainsAny(v, "%+") {
			if u, err := url.QueryUnescape(v); err == nil {
				return u
			}
		}
		return v
	}
	return ""
}

// today caches quhua.Today for a few seconds: computing it allocates, and
// every request without a date needs it.
var today struct {
	date    atomic.Int32
	expires atomic.Int64
}

func cachedToday() quhua.Date {
	now := time.Now().UnixNano()
	if now < today.expires.Load() {
		return quhua.Date(today.date.Load())
	}
	d := quhua.Today()
	today.date.Store(int32(d))
	today.expires.Store(now + int64(5*time.Second))
	return d
}
