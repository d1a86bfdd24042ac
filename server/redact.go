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
// maskHandler, whatever logs it), every problem document and every
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

// maskHandler is the slog.Handler of every server log: it masks ID numbers
// (redact) and credentials (maskCredentials, and the values of secret
// attribute keys) in the message and in every attribute before passing the
// record on.
type maskHandler struct{ h slog.Handler }

// maskLog masks what a log record may not show: credentials, then ID numbers.
func maskLog(s string) string { return redact(maskCredentials(s)) }

func (m maskHandler) Enabled(ctx context.Context, l slog.Level) bool { return m.h.Enabled(ctx, l) }

func (m maskHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, maskLog(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a))
		return true
	})
	return m.h.Handle(ctx, out)
}

func (m maskHandler) WithAttrs(as []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(as))
	for i, a := range as {
		masked[i] = maskAttr(a)
	}
	return maskHandler{m.h.WithAttrs(masked)}
}

func (m maskHandler) WithGroup(name string) slog.Handler {
	return maskHandler{m.h.WithGroup(name)}
}

func maskAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if secretAttrKeys[strings.ToLower(a.Key)] && v.Kind() != slog.KindGroup {
		return slog.String(a.Key, redactedSecret)
	}
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, maskLog(v.String()))
	case slog.KindGroup:
		g := v.Group()
		masked := make([]any, len(g))
		for i, x := range g {
			masked[i] = maskAttr(x)
		}
		return slog.Group(a.Key, masked...)
	case slog.KindAny:
		// Errors, headers, stringers and other values that show an ID
		// number or a credential are logged as their masked text.
		s := fmt.Sprint(v.Any())
		if m := maskLog(s); m != s {
			return slog.String(a.Key, m)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
