package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/postgres"
	"github.com/quhua/quhua/store/sqlite"
	"github.com/quhua/quhua/store/storetest"
)

// Helpers of the change API's tests: a workflow service on a throw-away
// store, the people who use it, and a webhook receiver.

var (
	li   = change.Principal{User: "li", Role: store.Editor}
	wang = change.Principal{User: "wang", Role: store.Approver}
)

// gongzhulingSet is the change of 2020 that moved 公主岭市 from 四平 to 长春.
func gongzhulingSet() *changeset.ChangeSet {
	return &changeset.ChangeSet{
		Title:      "变更公主岭市代管关系",
		Date:       "2020-06-05",
		Documents:  []changeset.Document{{Number: "国函〔2020〕84号", Title: "国务院关于同意吉林省变更县级公主岭市代管关系的批复（节选）", Date: "2020-06-05"}},
		Operations: []changeset.Operation{{Type: changeset.OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220100"}},
	}
}

// newService opens a service on a fresh SQLite store whose base is the
// registry as of base ("" for the embedded data as it is).
func newService(t *testing.T, base string, opts ...change.Option) *change.Service {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenDir(ctx, filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if base != "" {
		if err := change.SetBase(ctx, st, base); err != nil {
			t.Fatal(err)
		}
		// A store on a cut base replays history.
		opts = append([]change.Option{change.WithReplay()}, opts...)
	}
	svc, err := change.New(ctx, st, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// must returns v, or fails the test (by panicking) on an error.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// through drafts cs as li, submits it, has wang approve it and applies it.
func through(t *testing.T, svc *change.Service, cs *changeset.ChangeSet) *change.Release {
	t.Helper()
	ctx := context.Background()
	c := must(svc.Draft(ctx, li, cs))
	must(svc.Submit(ctx, li, c.ID))
	must(svc.Approve(ctx, wang, c.ID))
	return must(svc.Apply(ctx, wang, c.ID))
}

const hookSecret = "0123456789abcdef0123456789abcdef" // 32 bytes

var root = change.Principal{User: "root", Role: store.Admin}

// receiver is a webhook receiver on loopback that records deliveries.
type receiver struct {
	*httptest.Server
	mu    sync.Mutex
	ids   []string
	auths []string
}

func newReceiver(t *testing.T, secret string) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if _, err := change.VerifyRequest(secret, req); err != nil {
			t.Errorf("delivery %s: %v", req.Header.Get("X-Quhua-Event-Id"), err)
		}
		u, p, _ := req.BasicAuth()
		r.mu.Lock()
		r.ids = append(r.ids, req.Header.Get("X-Quhua-Event-Id"))
		r.auths = append(r.auths, u+":"+p)
		r.mu.Unlock()
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ids...)
}

// lastErrors returns the last errors of the undelivered deliveries.
func lastErrors(t *testing.T, svc *change.Service) []string {
	t.Helper()
	ds, err := svc.Store().DueDeliveries(context.Background(), time.Now().Add(1000*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.LastError)
	}
	return out
}

// backends returns the stores to run a test on: a fresh SQLite file and,
// when the test database is set (see storetest.MaybePostgresSchema), a
// fresh PostgreSQL schema. Each is named by a location that openLoc accepts.
func backends(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": filepath.Join(t.TempDir(), "data", sqlite.FileName)}
	if loc, ok := storetest.MaybePostgresSchema(t); ok {
		out["postgres"] = loc
	}
	return out
}

func openLoc(ctx context.Context, loc string) (store.Store, error) {
	if strings.HasPrefix(loc, "postgres://") {
		return postgres.Open(ctx, loc)
	}
	return sqlite.OpenDir(ctx, filepath.Dir(loc))
}
