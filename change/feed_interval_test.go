package change

import (
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/changeset"
)

// TestReleaseNoticeInterval: a change dated by an interval is announced
// with both ends, after and date.
func TestReleaseNoticeInterval(t *testing.T) {
	base := changeset.Truncate(quhua.Default().Data(), quhua.EndOfYear(2019))
	prev, err := quhua.Build(base)
	if err != nil {
		t.Fatal(err)
	}
	cs := &changeset.ChangeSet{Title: "变更公主岭市代管关系", Date: "2020-06-05", After: "2019-10-31",
		Documents:  []changeset.Document{{Number: "国函〔2020〕84号"}},
		Operations: []changeset.Operation{{Type: changeset.OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220100"}}}
	applied := []changeset.Applied{{ID: 1, Set: cs}}
	next, err := changeset.Build(base, "2019+1", applied)
	if err != nil {
		t.Fatal(err)
	}
	n := releaseBody(prev, next, "2019+1", "2019", applied)
	if len(n.Changes) != 1 || n.Changes[0].After != "2019-10-31" || n.Changes[0].Date != "2020-06-05" {
		t.Errorf("release notice changes %+v, want after 2019-10-31 and date 2020-06-05", n.Changes)
	}
	if len(n.Crosswalk) != 1 || n.Crosswalk[0].ToCode != "220184" {
		t.Errorf("release notice crosswalk %+v", n.Crosswalk)
	}
}
