package quhua_test

import (
	"bytes"
	"errors"
	"flag"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// FuzzLoad: Load takes any bytes without panicking, and a registry it
// accepts writes a snapshot that loads back to the same snapshot. The
// seeds are the embedded snapshot, whole and cut short, and the part of it
// about 吉林省 (province 22), small enough for the fuzzer to mutate.
func FuzzLoad(f *testing.F) {
	real := quhua.Default().Snapshot()
	cuts := []int{len(real), len(real) - 1, len(real) / 2, 64, 8, 0}
	if fz := flag.Lookup("test.fuzz"); fz != nil && fz.Value.String() != "" {
		// Fuzzing: the fuzzer makes no headway on half a megabyte, so it
		// starts from the small seeds only (go test still runs them all).
		cuts = []int{64, 8, 0}
	}
	for _, n := range cuts {
		f.Add(real[:n])
	}
	jilin := province(quhua.Default().Data(), 22)
	if _, err := quhua.Load(bytes.NewReader(jilin)); err != nil {
		f.Fatalf("the 吉林省 part of the embedded data does not load: %v", err)
	}
	f.Add(jilin)
	f.Fuzz(func(t *testing.T, b []byte) {
		reg, err := quhua.Load(bytes.NewReader(b))
		if err != nil {
			if reg != nil {
				t.Fatal("a registry with an error")
			}
			return
		}
		again := reg.Snapshot()
		reg2, err := quhua.Load(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("the snapshot of a loaded registry does not load: %v", err)
		}
		if !bytes.Equal(reg2.Snapshot(), again) {
			t.Fatal("the snapshot changes when loaded and written again")
		}
	})
}

// FuzzParseCode: ParseCode accepts exactly six or nine ASCII digits (nine
// not starting with 0), gives back a code that prints as its input, and
// refuses anything else with a CodeError quoting the input. The seeds are
// every code of the embedded registry, township codes and near misses.
func FuzzParseCode(f *testing.F) {
	seen := map[quhua.Code]bool{}
	for _, r := range quhua.Default().Records() {
		if !seen[r.Code] {
			seen[r.Code] = true
			f.Add(r.Code.String())
		}
	}
	for _, s := range []string{"220184103", "110101001", "000000", "000000001", "22038", "2203811", "22O381", "２２０３８１", " 220381", "-22038", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := quhua.ParseCode(s)
		if err != nil {
			var ce *quhua.CodeError
			if !errors.As(err, &ce) || ce.Input != s {
				t.Fatalf("ParseCode(%q): %v, not a CodeError quoting the input", s, err)
			}
			return
		}
		if len(s) != 6 && len(s) != 9 {
			t.Fatalf("ParseCode(%q) accepted %d bytes", s, len(s))
		}
		if c.String() != s {
			t.Fatalf("ParseCode(%q) = %v, which prints as %q", s, c, c.String())
		}
	})
}

// province returns the snapshot of the records of one province, with the
// events and links among them only.
func province(d *snapshot.Data, prov uint32) []byte {
	out := &snapshot.Data{DataVersion: d.DataVersion, UpstreamCommit: d.UpstreamCommit, Note: d.Note, FirstYear: d.FirstYear, LastYear: d.LastYear}
	recs := map[int32]int32{}
	for i, r := range d.Records {
		c := r.Code
		if c >= 1e6 {
			c /= 1000
		}
		if c/10000 == prov {
			recs[int32(i)] = int32(len(out.Records))
			out.Records = append(out.Records, r)
		}
	}
	evs := map[int32]int32{}
	event := func(e int32) int32 {
		if e < 0 {
			return -1
		}
		if n, ok := evs[e]; ok {
			return n
		}
		evs[e] = int32(len(out.Events))
		out.Events = append(out.Events, d.Events[e])
		return evs[e]
	}
	// Events in their order in the data, as the generator writes them.
	used := map[int32]bool{}
	for i := range recs {
		used[d.Records[i].FromEvent], used[d.Records[i].ToEvent] = true, true
	}
	for _, l := range d.Links {
		if _, ok := recs[l.From]; ok {
			if _, ok := recs[l.To]; ok {
				used[l.Event] = true
			}
		}
	}
	for e := range d.Events {
		if used[int32(e)] {
			event(int32(e))
		}
	}
	for i := range out.Records {
		out.Records[i].FromEvent = event(out.Records[i].FromEvent)
		out.Records[i].ToEvent = event(out.Records[i].ToEvent)
	}
	for _, l := range d.Links {
		from, ok1 := recs[l.From]
		to, ok2 := recs[l.To]
		if ok1 && ok2 {
			l.From, l.To, l.Event = from, to, event(l.Event)
			out.Links = append(out.Links, l)
		}
	}
	return snapshot.Encode(out)
}
