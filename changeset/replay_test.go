package changeset

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// listAt returns the code list in force on d, as the yearly files give it.
func listAt(reg *quhua.Registry, d quhua.Date) string {
	var b strings.Builder
	for _, x := range reg.At(d).All() {
		fmt.Fprintf(&b, "%s %s %s\n", x.Code, x.Name, x.Kind)
	}
	return b.String()
}

// replayYear truncates the embedded registry at the end of year y-1,
// re-enters every upstream event of year y as a change set, validating
// each against the release before it, and applies them.
func replayYear(t *testing.T, y int, validate bool) (*quhua.Registry, int, int) {
	t.Helper()
	up := quhua.Default()
	start := quhua.EndOfYear(y - 1)
	base := Truncate(up.Data(), start)
	cur, err := quhua.Build(base)
	if err != nil {
		t.Fatal(err)
	}
	var applied []Applied
	friendly, total := 0, 0
	for i, e := range up.EventsIn(start, quhua.EndOfYear(y)) {
		cs := FromEvent(up, e)
		for _, op := range cs.Operations {
			total++
			if op.Type != OpReorganize {
				friendly++
			}
		}
		if validate {
			rep := Validate(cur, cs)
			if !rep.Valid {
				t.Errorf("%d: event %s (%s): %v", y, e.Date, e.Ref, rep.Violations)
			}
		}
		applied = append(applied, Applied{ID: int64(i + 1), Set: cs})
		if validate {
			cur, err = Build(base, fmt.Sprintf("%d+%d", y-1, i+1), applied)
			if err != nil {
				t.Fatalf("%d: event %s (%s): %v", y, e.Date, e.Ref, err)
			}
		}
	}
	cur, err = Build(base, fmt.Sprintf("%d+%d", y-1, len(applied)), applied)
	if err != nil {
		if !validate {
			t.Logf("%d: %v", y, err)
			return nil, 0, 0
		}
		t.Fatalf("%d: %v", y, err)
	}
	return cur, friendly, total
}

func TestReplay2020(t *testing.T) {
	up := quhua.Default()
	reg, friendly, total := replayYear(t, 2020, true)
	end := quhua.EndOfYear(2020)
	if got, want := listAt(reg, end), listAt(up, end); got != want {
		t.Fatalf("replayed 2020 list differs from upstream:\n%s", firstDiff(got, want))
	}
	t.Logf("2020: %d operations, %d of them rename/recode/merge/…", total, friendly)
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(g), len(w))
}

// TestReplayEveryYear re-enters the events of every year on the registry
// truncated at the end of the year before and compares the lists.
func TestReplayEveryYear(t *testing.T) {
	up := quhua.Default()
	for y := up.FirstYear() + 1; y <= up.LastYear(); y++ {
		reg, _, _ := replayYear(t, y, false)
		if reg == nil {
			t.Errorf("%d: the year's events cannot be replayed", y)
			continue
		}
		end := quhua.EndOfYear(y)
		if got, want := listAt(reg, end), listAt(up, end); got != want {
			t.Errorf("replayed %d list differs from upstream:\n%s", y, firstDiff(got, want))
		}
	}
}

// TestBuildDeterministic: the same change sets on the same base give the
// same bytes.
func TestBuildDeterministic(t *testing.T) {
	up := quhua.Default()
	base := Truncate(up.Data(), quhua.EndOfYear(2019))
	var applied []Applied
	for i, e := range up.EventsOfYear(2020) {
		applied = append(applied, Applied{ID: int64(i + 1), Set: FromEvent(up, e)})
	}
	a, err := Build(base, "2019+1", applied)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(base, "2019+1", applied)
	if !bytes.Equal(a.Snapshot(), b.Snapshot()) {
		t.Error("two builds differ")
	}
	// And the snapshot loads back as the same registry.
	c, err := quhua.Load(bytes.NewReader(a.Snapshot()))
	if err != nil || listAt(c, quhua.EndOfYear(2020)) != listAt(a, quhua.EndOfYear(2020)) || c.Version() != "2019+1" {
		t.Errorf("reloaded snapshot: %v", err)
	}
}
