package change_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/sqlite"
)

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

	c, _ := svc.Draft(ctx, li, &changeset.ChangeSet{
		Title:      "变更公主岭市代管关系",
		Date:       "2020-06-05",
		Documents:  []changeset.Document{{Number: "国函〔2020〕84号"}},
		Operations: []changeset.Operation{{Type: changeset.OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220100"}},
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
