package change

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/changeset"
)

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(g), len(w))
}

// TestReplay2020Workflow re-enters every upstream event of 2020 through the
// whole workflow — drafted, submitted, approved by a second user, applied
// as a release each — on the registry as of 2019, and compares the result
// with the upstream 2020 list.
func TestReplay2020Workflow(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "2019")
	up := quhua.Default()
	var ids []int64
	for _, e := range up.EventsOfYear(2020) {
		c := must(svc.Draft(ctx, li, changeset.FromEvent(up, e)))
		must(svc.Submit(ctx, li, c.ID))
		must(svc.Approve(ctx, wang, c.ID))
		ids = append(ids, c.ID)
	}
	// Half in one release, the rest one release each.
	must(svc.Apply(ctx, wang, ids[:len(ids)/2]...))
	for _, id := range ids[len(ids)/2:] {
		must(svc.Apply(ctx, wang, id))
	}
	end := quhua.EndOfYear(2020)
	if got, want := listAt(svc.Registry(), end), listAt(up, end); got != want {
		t.Fatalf("2020 list after the workflow differs from upstream:\n%s", firstDiff(got, want))
	}
	rels := must(svc.Releases(ctx, li))
	if n := len(ids) - len(ids)/2 + 1; len(rels) != n || svc.Version() != fmt.Sprintf("2019+%d", n) {
		t.Errorf("%d releases, version %s", len(rels), svc.Version())
	}
}

// listAt renders the registry on d, one "code name kind" line per record.
func listAt(reg *quhua.Registry, d quhua.Date) string {
	var b strings.Builder
	for _, x := range reg.At(d).All() {
		fmt.Fprintf(&b, "%s %s %s\n", x.Code, x.Name, x.Kind)
	}
	return b.String()
}
