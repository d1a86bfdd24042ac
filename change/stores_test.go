package change

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/postgres"
	"github.com/quhua/quhua/store/sqlite"
	"github.com/quhua/quhua/store/storetest"
)

// backends returns the stores to run a test on: a fresh SQLite file and,
// when the test database is set (see storetest.MaybePostgresSchema), a
// fresh PostgreSQL schema. Each is named by a location that open accepts.
func backends(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": filepath.Join(t.TempDir(), "data", sqlite.FileName)}
	if loc, ok := storetest.MaybePostgresSchema(t); ok {
		out["postgres"] = loc
	}
	return out
}

func open(ctx context.Context, loc string) (store.Store, error) {
	if strings.HasPrefix(loc, "postgres://") {
		return postgres.Open(ctx, loc)
	}
	return sqlite.OpenDir(ctx, filepath.Dir(loc))
}

// TestAcceptanceOnBothStores runs the 公主岭 workflow on SQLite and on
// PostgreSQL.
func TestAcceptanceOnBothStores(t *testing.T) {
	for name, loc := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := SetBase(ctx, st, "2019"); err != nil {
				t.Fatal(err)
			}
			svc, err := New(ctx, st, WithReplay())
			if err != nil {
				t.Fatal(err)
			}
			through(t, svc, gongzhuling())
			// A second replica on the same store sees the release after
			// Refresh.
			st2, err := open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			defer st2.Close()
			other, err := New(ctx, st2, WithReplay())
			if err != nil {
				t.Fatal(err)
			}
			if other.Version() != "2019+1" {
				t.Errorf("replica at %s", other.Version())
			}
			c := must(svc.Draft(ctx, li, &changeset.ChangeSet{Title: "更名", Date: "2021-01-05", Documents: []changeset.Document{{Number: "测试〔2021〕1号"}},
				Operations: []changeset.Operation{{Type: changeset.OpRename, Code: "220184", Name: "公主岭新市"}}}))
			must(svc.Submit(ctx, li, c.ID))
			must(other.Approve(ctx, wang, c.ID))
			must(other.Apply(ctx, wang, c.ID))
			if changed, err := svc.Refresh(ctx); err != nil || !changed || svc.Version() != "2019+2" {
				t.Errorf("Refresh = %v, %v; version %s", changed, err, svc.Version())
			}
		})
	}
}

const (
	envCrashLoc   = "QUHUA_CHANGE_CRASH_LOC"
	envCrashPoint = "QUHUA_CHANGE_CRASH_POINT"
	crashMarker   = "QUHUA-APPLY-HOOK-REACHED"
)

// TestCrashChild is the child of TestCrashDuringApply: it applies the
// approved change and waits to be killed in the middle.
func TestCrashChild(t *testing.T) {
	loc := os.Getenv(envCrashLoc)
	if loc == "" {
		t.Skip("only run as a child of TestCrashDuringApply")
	}
	ctx := context.Background()
	st, err := open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(ctx, st, WithReplay(), WithApplyHook(func(p string) {
		if p == os.Getenv(envCrashPoint) {
			fmt.Println(crashMarker)
			os.Stdout.Sync()
			time.Sleep(time.Minute)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.Apply(ctx, wang, 1)
	t.Fatalf("apply returned (%v) instead of being killed", err)
}

// TestCrashDuringApply kills a process with SIGKILL in the middle of
// applying a change, at each point of the apply transaction (after the
// release row, after the change's update, just before the commit), with
// each store (PostgreSQL too: under CI=true it must be there), and checks
// that the store is as before; applying again then works and survives a
// restart.
func TestCrashDuringApply(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for name, loc := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			SetBase(ctx, st, "2019")
			svc, err := New(ctx, st, WithReplay())
			if err != nil {
				t.Fatal(err)
			}
			c := must(svc.Draft(ctx, li, gongzhuling()))
			must(svc.Submit(ctx, li, c.ID))
			must(svc.Approve(ctx, wang, c.ID))
			before := must(st.Feed(ctx, 0, 100))
			st.Close()

			for _, point := range []string{"release-inserted", "change-applied", "before-commit"} {
				storetest.KillChildAt(t, "TestCrashChild", crashMarker, envCrashLoc+"="+loc, envCrashPoint+"="+point)

				st, err = open(ctx, loc)
				if err != nil {
					t.Fatal(err)
				}
				svc, err = New(ctx, st, WithReplay())
				if err != nil {
					t.Fatal(err)
				}
				got := must(svc.Get(ctx, li, c.ID))
				feed, err := st.Feed(ctx, 0, 100)
				if svc.Version() != "2019" || got.State != store.Approved || err != nil || len(feed) != len(before) {
					t.Fatalf("after the kill at %s: release %s, change %s, %d feed events (%v); want 2019, approved and %d", point, svc.Version(), got.State, len(feed), err, len(before))
				}
				st.Close()
			}
			st, err = open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			svc, err = New(ctx, st, WithReplay())
			if err != nil {
				t.Fatal(err)
			}
			must(svc.Apply(ctx, wang, c.ID))
			st.Close()
			st, _ = open(ctx, loc)
			svc, err = New(ctx, st, WithReplay())
			if err != nil || svc.Version() != "2019+1" {
				t.Fatalf("after applying again and reopening: %v, %v", svc, err)
			}
		})
	}
}

// TestConcurrentApply: two services on one store (two replicas) apply
// different changes at once. Whatever the timing, no update is lost: each
// apply succeeds or fails with a conflict, and retrying the loser works.
func TestConcurrentApply(t *testing.T) {
	for name, loc := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var svcs [2]*Service
			for i := range svcs {
				st, err := open(ctx, loc)
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				SetBase(ctx, st, "2019")
				if svcs[i], err = New(ctx, st, WithReplay()); err != nil {
					t.Fatal(err)
				}
			}
			sets := []*changeset.ChangeSet{gongzhuling(), {Title: "撤销龙南县设立县级龙南市", Date: "2020-06-12", Documents: []changeset.Document{{Number: "民函〔2020〕61号"}},
				Operations: []changeset.Operation{{Type: changeset.OpRecode, Code: "360727", NewCode: "360783", Name: "龙南市"}}}}
			var ids [2]int64
			for i, cs := range sets {
				c := must(svcs[i].Draft(ctx, li, cs))
				must(svcs[i].Submit(ctx, li, c.ID))
				must(svcs[i].Approve(ctx, wang, c.ID))
				ids[i] = c.ID
			}
			var errs [2]error
			done := make(chan int)
			for i := range svcs {
				go func() {
					_, errs[i] = svcs[i].Apply(ctx, wang, ids[i])
					done <- i
				}()
			}
			<-done
			<-done
			for i, err := range errs {
				if err != nil {
					if ErrorKindOf(err) != Conflict {
						t.Fatalf("apply %d: %v, want success or a conflict", i, err)
					}
					must(svcs[i].Apply(ctx, wang, ids[i]))
				}
			}
			rels := must(svcs[0].Releases(ctx, li))
			var applied []int64
			for _, r := range rels {
				applied = append(applied, r.Changes...)
			}
			if len(rels) != 2 || len(applied) != 2 || applied[0] == applied[1] {
				t.Errorf("releases %+v", rels)
			}
			svcs[0].Refresh(ctx)
			reg := svcs[0].Registry()
			d := must2(reg.At(quhua.EndOfYear(2020)).Lookup(360783))
			e := must2(reg.At(quhua.EndOfYear(2020)).Lookup(220184))
			if d.Name != "龙南市" || e.Name != "公主岭市" {
				t.Errorf("after both: %v %v", d, e)
			}
		})
	}
}

func must2[T any](v T, ok bool) T {
	if !ok {
		panic("not found")
	}
	return v
}
