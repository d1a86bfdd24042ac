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

// peakHeap streams n rows through Run and returns the largest heap seen.
func peakHeap(t *testing.T, n int) (peak, input uint64) {
	t.Helper()
	var ms runtime.MemStats
	calls := 0
	o := Options{Column: "code", From: quhua.EndOfYear(2019), Progress: func(int64) {
		calls++
		if calls%16 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}}
	runtime.GC()
	rep, err := Run(context.Background(), &rowsReader{n: n}, io.Discard, o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RowsWritten != int64(n) {
		t.Fatalf("%d rows written, want %d", rep.RowsWritten, n)
	}
	return peak, uint64(rep.Bytes)
}

// TestBoundedMemory: the heap does not grow with the input. Four times the
// rows must not need much more heap; and without the race detector (which
// changes how much the heap holds) the peak stays under a fixed bound.
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("150 MB of input")
	}
	small, _ := peakHeap(t, 2_000_000)
	large, in := peakHeap(t, 8_000_000)
	t.Logf("peak heap %d MB over %d MB of input (%d MB over a quarter of it)", large>>20, in>>20, small>>20)
	if large > small+small/2+64<<20 {
		t.Errorf("peak heap grows with the input: %d MB for 2M rows, %d MB for 8M rows", small>>20, large>>20)
	}
	if !raceEnabled && large > 160<<20 {
		t.Errorf("peak heap %d MB, want at most 160 MB", large>>20)
	}
}
