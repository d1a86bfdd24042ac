package recode

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// endless is an input that never ends.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	if e.n == 0 {
		e.n++
		return copy(p, "id,code\n"), nil
	}
	line := "1,220381\n"
	n := 0
	for n+len(line) <= len(p) {
		n += copy(p[n:], line)
	}
	return n, nil
}

// TestCancel: a cancelled run stops and says so; it does not report
// success with a partial output.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	o := Options{Column: "code", From: quhua.EndOfYear(2019), Progress: func(n int64) {
		if n > 8<<20 {
			cancel()
		}
	}}
	_, err := Run(ctx, &endless{}, io.Discard, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		return 0, errors.New("disk on fire")
	}
	f.n++
	return copy(p, "id,code\n1,220381\n"), nil
}

func TestReadError(t *testing.T) {
	_, err := Run(context.Background(), &failingReader{}, io.Discard, Options{Column: "code", From: quhua.EndOfYear(2019)})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v", err)
	}
}
