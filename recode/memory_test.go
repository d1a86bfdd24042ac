package recode

import (
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/quhua/quhua"
)

// rowsReader produces a CSV of n rows without holding it in memory.
type rowsReader struct {
	n, i   int
	header bool
}

func (r *rowsReader) Read(p []byte) (int, error) {
	if !r.header {
		r.header = true
		return copy(p, "id,code,value\n"), nil
	}
	const line = "12345,220381,67890\n"
	k := 0
	for r.i < r.n && k+len(line) <= len(p) {
		k += copy(p[k:], line)
		r.i++
	}
	if k == 0 {
		return 0, io.EOF
	}
	return k, nil
}

// TestBoundedMemory: the heap stays bounded while 150 MB stream through.
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("150 MB of input")
	}
	var peak uint64
	var ms runtime.MemStats
	calls := 0
	o := Options{Column: "code", From: quhua.EndOfYear(2019), Progress: func(int64) {
		calls++
		if calls%16 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}}
	rep, err := Run(context.Background(), &rowsReader{n: 8_000_000}, io.Discard, o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RowsWritten != 8_000_000 {
		t.Fatalf("%d rows", rep.RowsWritten)
	}
	t.Logf("peak heap %d MB over %d MB of input", peak>>20, rep.Bytes>>20)
	if peak > 160<<20 {
		t.Errorf("peak heap %d MB", peak>>20)
	}
}
