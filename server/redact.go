package server

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode"
	"unsafe"

	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/idcard"
)

// ID numbers are personal data: the server never writes one out in full.
// idcard.Redact masks every ID number in every form /v1/id accepts
// (idcard.Normalize: full-width digits, spaces, hyphens, full stops, one
// digit per space), plain or percent-encoded, in what leaves the server: every log record (through
// redactHandler, whatever logs it), every problem document and every
// answer (newBody, restBody).

// redact masks ID numbers in s.
func redact(s string) string { return idcard.Redact(s) }

// redactBytes masks ID numbers in b, returning b itself when it has none.
func redactBytes(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	// Read b in place: Redact returns its argument itself when it finds
	// no number, and b is not changed while it runs.
	s := unsafe.String(unsafe.SliceData(b), len(b))
	r := redact(s)
	if unsafe.StringData(r) == unsafe.StringData(s) {
		return b
	}
	return []byte(r)
}

// redactAddress hides what an address result may show of an ID number
// that its input holds: Redact masks the input, but the parser may have
// cut the number apart (its region code read as a county, the rest left
// over), so the leftover parts lose every digit.
func redactAddress(res *address.Result) {
	if redact(res.Input) == res.Input {
		return
	}
	res.Rest, res.Phone = hideDigits(res.Rest), hideDigits(res.Phone)
}

// hideDigits replaces every digit of s (ASCII or full-width) with '*'.
func hideDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '*'
		}
		return r
	}, s)
}

// redactHandler is a slog.Handler that masks ID numbers in the message and
// in every attribute before passing the record on.
type redactHandler struct{ h slog.Handler }

func (r redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return r.h.Enabled(ctx, l) }

func (r redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

func (r redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = redactAttr(a)
	}
	return redactHandler{r.h.WithAttrs(red)}
}

func (r redactHandler) WithGroup(name string) slog.Handler {
	return redactHandler{r.h.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, redact(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, x := range g {
			red[i] = redactAttr(x)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		// Errors, stringers and other values that show an ID number are
		// logged as their masked text.
		s := fmt.Sprint(v.Any())
		if r := redact(s); r != s {
			return slog.String(a.Key, r)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
