package change_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/sqlite"
)

// The 2020 公主岭 change, checked against the registry as it stood at the
// end of 2019: a dry run shows what it retires, creates and adds to the
// crosswalk.
func ExampleValidate() {
	base, _ := quhua.Build(change.Truncate(quhua.Default().Data(), quhua.EndOfYear(2019)))
	rep := change.Validate(base, &change.ChangeSet{
		Title:      "变更公主岭市代管关系",
		Date:       "2020-06-05",
		Documents:  []change.Document{{Number: "国函〔2020〕84号", Date: "2020-06-05"}},
		Operations: []change.Operation{{Type: change.OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220100"}},
	})
	fmt.Println("valid:", rep.Valid)
	for _, r := range rep.Retired {
		fmt.Println("retired", r.Code, r.Name, r.Parent)
	}
	for _, r := range rep.Created {
		fmt.Println("created", r.Code, r.Name, r.Parent)
	}
	for _, x := range rep.Crosswalk {
		fmt.Println("crosswalk", x.FromCode, "→", x.ToCode, x.Status)
	}
	// Output:
	// valid: true
	// retired 220381 公主岭市 吉林省四平市
	// created 220184 公主岭市 吉林省长春市
	// crosswalk 220381 → 220184 recoded
}

// A change set that breaks rules gets every violation at once.
func ExampleValidate_violations() {
	rep := change.Validate(quhua.Default(), &change.ChangeSet{
		Title:     "设立县级市",
		Date:      "2025-01-10",
		Documents: []change.Document{{Number: "民函〔2025〕1号"}},
		Operations: []change.Operation{
			{Type: change.OpEstablish, Code: "220150", Name: "新城市"},
			{Type: change.OpEstablish, Code: "220381", Name: "岭南市"},
		},
	})
	for _, v := range rep.Violations {
		fmt.Println(v)
	}
	// Output:
	// operations[1]: reuse: 220381 was 公主岭市 (1990–2020-06-05) and is retired; a retired code is never given to another area (cite a known exception with reuse_reason)
	// operations[0]: code-range: a 县级市 under 地级市 长春市 takes a code 220181–99, not 220150
}

// Every event of the registry can be written as a change set.
func ExampleFromEvent() {
	reg := quhua.Default()
	for _, e := range reg.EventsIn(quhua.MustParseDate("2020-06-04"), quhua.MustParseDate("2020-06-05")) {
		cs := change.FromEvent(reg, e)
		if cs.Documents[0].Number == "国函〔2020〕84号" {
			op := cs.Operations[0]
			fmt.Println(cs.Date, op.Type, op.Code, op.NewCode, op.Parent)
		}
	}
	// Output:
	// 2020-06-05 admin-parent 220381 220184 220100
}

// The workflow on a local store: li drafts and submits, wang approves and
// applies, and the service's registry is the new release.
func ExampleService() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "quhua-example")
	defer os.RemoveAll(dir)
	st, _ := sqlite.OpenDir(ctx, filepath.Join(dir, "data"))
	defer st.Close()
	change.SetBase(ctx, st, "2019")
	svc, _ := change.New(ctx, st, change.WithReplay())       // a store on a cut base replays history
	li := change.Principal{User: "li", Role: store.Approver} // may approve, but not her own changes
	wang := change.Principal{User: "wang", Role: store.Approver}

	c, _ := svc.Draft(ctx, li, &change.ChangeSet{
		Title:      "变更公主岭市代管关系",
		Date:       "2020-06-05",
		Documents:  []change.Document{{Number: "国函〔2020〕84号"}},
		Operations: []change.Operation{{Type: change.OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220100"}},
	})
	svc.Submit(ctx, li, c.ID)
	if _, err := svc.Approve(ctx, li, c.ID); err != nil {
		fmt.Println(err)
	}
	svc.Approve(ctx, wang, c.ID)
	rel, _ := svc.Apply(ctx, wang, c.ID)
	d, _ := svc.Registry().At(quhua.MustParseDate("2020")).Lookup(220184)
	fmt.Println(rel.Version, d.FullName())
	// Output:
	// li drafted change 1 and cannot approve it: the approver of a change is not its author
	// 2019+1 吉林省长春市公主岭市
}
