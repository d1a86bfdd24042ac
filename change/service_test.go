package change

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/sqlite"
)

var (
	li   = Principal{User: "li", Role: store.Editor}
	wang = Principal{User: "wang", Role: store.Approver}
	zhao = Principal{User: "zhao", Role: store.Approver}
)

func gongzhuling() *changeset.ChangeSet {
	return &changeset.ChangeSet{
		Title:      "变更公主岭市代管关系",
		Date:       "2020-06-05",
		Documents:  []changeset.Document{{Number: "国函〔2020〕84号", Title: "国务院关于同意吉林省变更县级公主岭市代管关系的批复（节选）", Date: "2020-06-05"}},
		Operations: []changeset.Operation{{Type: changeset.OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220100"}},
	}
}

// newService opens a service on a fresh SQLite store whose base is the
// registry as of base ("" for the embedded data as it is).
func newService(t *testing.T, base string, opts ...Option) *Service {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenDir(ctx, filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if base != "" {
		if err := SetBase(ctx, st, base); err != nil {
			t.Fatal(err)
		}
		// A store on a cut base replays history.
		opts = append([]Option{WithReplay()}, opts...)
	}
	svc, err := New(ctx, st, opts...)
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
func through(t *testing.T, svc *Service, cs *changeset.ChangeSet) *Release {
	t.Helper()
	ctx := context.Background()
	c := must(svc.Draft(ctx, li, cs))
	must(svc.Submit(ctx, li, c.ID))
	must(svc.Approve(ctx, wang, c.ID))
	return must(svc.Apply(ctx, wang, c.ID))
}

// answers describes what lookup, history and translate say about a code.
func answers(reg *quhua.Registry, code quhua.Code) string {
	var b strings.Builder
	for _, at := range []string{"2019", "2020-06-04", "2020-06-05", "2020", "2024"} {
		d := quhua.MustParseDate(at)
		if x, ok := reg.At(d).Lookup(code); ok {
			fmt.Fprintf(&b, "lookup %s: %s %s %s legal=%s admin=%s %s %s\n", at, x.Code, x.Name, x.Kind, x.Legal, x.Admin, x.FullName(), x.Interval())
		} else {
			fmt.Fprintf(&b, "lookup %s: none\n", at)
		}
	}
	for _, r := range reg.CodeRecords(code) {
		tl := reg.History(r)
		for _, p := range tl.Periods {
			fmt.Fprintf(&b, "history period %s %s %s admin=%s\n", p.Code, p.Name, p.Interval(), p.Admin)
		}
		for _, s := range tl.Steps {
			fmt.Fprintf(&b, "history step %s %s %s %s %v\n", s.Event.Date.Format(s.Event.Precision), s.Role, s.Record, s.Op.Type, s.Event.Documents[0].Number)
		}
	}
	for _, span := range [][2]string{{"2019", "2020"}, {"2019", "2024"}, {"2024", "2019"}, {"2020-06-04", "2020-06-05"}} {
		from, to := quhua.MustParseDate(span[0]), quhua.MustParseDate(span[1])
		tr, err := reg.Translate(code, from, to)
		if err != nil {
			fmt.Fprintf(&b, "translate %s→%s: %v\n", span[0], span[1], err)
			continue
		}
		fmt.Fprintf(&b, "translate %s→%s: %s", span[0], span[1], tr.Status())
		for _, tg := range tr.Targets {
			fmt.Fprintf(&b, " %s %s %s %v", tg.Record, tg.Relation, tg.Status(tr.Source), tg.Partial)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestGongzhuling is the acceptance test: the 2020 公主岭 change, drafted
// on the registry as of 2019, approved by a second user and applied,
// answers as the upstream 2020 data does.
func TestGongzhuling(t *testing.T) {
	svc := newService(t, "2019")
	if v := svc.Version(); v != "2019" {
		t.Fatalf("base version %q", v)
	}
	if _, ok := svc.Registry().At(quhua.MustParseDate("2020-07-01")).Lookup(220184); ok {
		t.Fatal("220184 exists before the change")
	}
	rel := through(t, svc, gongzhuling())
	if rel.Version != "2019+1" || svc.Version() != "2019+1" {
		t.Errorf("release %q, current %q", rel.Version, svc.Version())
	}
	// The upstream registry cut at the end of 2020 (no later changes).
	up, err := quhua.Build(changeset.Truncate(quhua.Default().Data(), quhua.EndOfYear(2020)))
	if err != nil {
		t.Fatal(err)
	}
	// The authored registry lacks the other 2020 changes: compare
	// 公主岭's own answers and the tree of 长春市 and 四平市.
	for _, code := range []quhua.Code{220381, 220184} {
		got, want := answers(svc.Registry(), code), answers(up, code)
		if got != want {
			t.Errorf("%s: answers differ\n got:\n%s\nwant:\n%s", code, got, want)
		}
	}
	for _, p := range []quhua.Code{220100, 220300} {
		d := quhua.MustParseDate("2020")
		var got, want []string
		for _, c := range svc.Registry().At(d).Children(p) {
			got = append(got, c.String())
		}
		for _, c := range up.At(d).Children(p) {
			want = append(want, c.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("children of %s: got %v, want %v", p, got, want)
		}
	}
	// A restarted service rebuilds the same release from the store.
	svc2, err := New(context.Background(), svc.Store())
	if err != nil {
		t.Fatal(err)
	}
	if svc2.Version() != "2019+1" || answers(svc2.Registry(), 220184) != answers(up, 220184) {
		t.Error("the reopened store does not give the same release")
	}
	ev := svc.Registry().Events()
	last := ev[len(ev)-1]
	if !last.Authored || last.Documents[0].Number != "国函〔2020〕84号" {
		t.Errorf("last event %+v", last)
	}
}

func violated(t *testing.T, rep *changeset.Report, rule string) {
	t.Helper()
	for _, v := range rep.Violations {
		if v.Rule == rule {
			return
		}
	}
	t.Errorf("want a %s violation, got %v", rule, rep.Violations)
}

func TestInvalidChanges(t *testing.T) {
	reg := quhua.Default()
	doc := []changeset.Document{{Number: "测试〔2025〕1号", Title: "测试"}}
	cases := []struct {
		name string
		ops  []changeset.Operation
		rule string
	}{
		{"reuse of a retired code", []changeset.Operation{{Type: changeset.OpEstablish, Code: "220381", Name: "新城市"}}, changeset.RuleReuse},
		{"county-level city outside 81–99", []changeset.Operation{{Type: changeset.OpEstablish, Code: "220150", Name: "新城市"}}, changeset.RuleRange},
		{"district outside 01–20", []changeset.Operation{{Type: changeset.OpEstablish, Code: "220150", Name: "新城区"}}, changeset.RuleRange},
		{"missing parent", []changeset.Operation{{Type: changeset.OpEstablish, Code: "229901", Name: "新城区"}}, changeset.RuleParent},
		{"duplicate sibling name", []changeset.Operation{{Type: changeset.OpRename, Code: "220102", Name: "朝阳区"}}, changeset.RuleSibling},
		{"retired without successor", []changeset.Operation{{Type: changeset.OpReorganize, Retire: []string{"220102"}}}, changeset.RuleSuccessor},
		{"code in force", []changeset.Operation{{Type: changeset.OpEstablish, Code: "220102", Name: "新区"}}, changeset.RuleOverlap},
		{"not in force", []changeset.Operation{{Type: changeset.OpRename, Code: "229999", Name: "某县"}}, changeset.RuleInForce},
		{"wrong parent", []changeset.Operation{{Type: changeset.OpAdminParent, Code: "220184", NewCode: "220189", Parent: "220300"}}, changeset.RuleParent},
		{"kind and level disagree", []changeset.Operation{{Type: changeset.OpEstablish, Code: "220190", Name: "新州"}}, changeset.RuleKind},
		{"bad code", []changeset.Operation{{Type: changeset.OpRename, Code: "22010", Name: "x区"}}, changeset.RuleCode},
		{"unknown type", []changeset.Operation{{Type: "move"}}, changeset.RuleShape},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := changeset.Validate(reg, &changeset.ChangeSet{Title: c.name, Date: "2025-01-10", Documents: doc, Operations: c.ops})
			if rep.Valid {
				t.Fatal("accepted")
			}
			violated(t, rep, c.rule)
		})
	}
	// All problems at once.
	rep := changeset.Validate(reg, &changeset.ChangeSet{Operations: []changeset.Operation{{Type: changeset.OpRename, Code: "x"}}})
	if len(rep.Violations) < 5 {
		t.Errorf("want every problem reported, got %v", rep.Violations)
	}
	for _, v := range rep.Violations {
		if v.Field == "" && v.Rule != changeset.RuleSuccessor {
			t.Errorf("violation without a field: %v", v)
		}
	}
}

func TestWorkflowRules(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "")
	c := must(svc.Draft(ctx, li, &changeset.ChangeSet{Title: "撤县设市", Date: "2025-03-01", Documents: []changeset.Document{{Number: "民函〔2025〕1号"}},
		Operations: []changeset.Operation{{Type: changeset.OpRecode, Code: "220122", NewCode: "220185", Name: "农安市"}}}))
	// Viewers cannot draft; nobody approves a draft; the author cannot approve.
	if _, err := svc.Draft(ctx, Principal{User: "v", Role: store.Viewer}, gongzhuling()); ErrorKindOf(err) != Forbidden {
		t.Errorf("viewer drafting: %v", err)
	}
	if _, err := svc.Approve(ctx, wang, c.ID); ErrorKindOf(err) != Conflict {
		t.Errorf("approving a draft: %v", err)
	}
	must(svc.Submit(ctx, li, c.ID))
	author := Principal{User: "li", Role: store.Admin}
	if _, err := svc.Approve(ctx, author, c.ID); ErrorKindOf(err) != Forbidden || !strings.Contains(err.Error(), "not its author") {
		t.Errorf("author approving: %v", err)
	}
	if _, err := svc.Approve(ctx, li, c.ID); ErrorKindOf(err) != Forbidden {
		t.Errorf("editor approving: %v", err)
	}
	must(svc.Approve(ctx, wang, c.ID))
	// A second change drafted on the same release touches the same code.
	c2 := must(svc.Draft(ctx, li, &changeset.ChangeSet{Title: "更名", Date: "2025-04-01", Documents: []changeset.Document{{Number: "民函〔2025〕2号"}},
		Operations: []changeset.Operation{{Type: changeset.OpRename, Code: "220122", Name: "农安新县"}}}))
	must(svc.Submit(ctx, li, c2.ID))
	must(svc.Approve(ctx, zhao, c2.ID))
	rel := must(svc.Apply(ctx, wang, c.ID))
	if rel.Version != "2026a+1" {
		t.Errorf("version %s", rel.Version)
	}
	_, err := svc.Apply(ctx, wang, c2.ID)
	if ErrorKindOf(err) != Conflict {
		t.Fatalf("stale change applied: %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || len(e.Violations) == 0 {
		t.Errorf("conflict without the rule: %v", err)
	}
	if got := must(svc.Get(ctx, li, c2.ID)); got.State != store.Approved {
		t.Errorf("stale change is now %s", got.State)
	}
	must(svc.Withdraw(ctx, li, c2.ID))
	// Audit: every step, and the refusals.
	log := must(svc.AuditLog(ctx, Principal{User: "root", Role: store.Admin}, 0, 0))
	var actions []string
	for _, a := range log {
		actions = append(actions, a.Action)
	}
	for _, want := range []string{"change.new", "change.submit", "refused.change.approve", "change.approve", "change.apply", "change.withdraw"} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit log lacks %s: %v", want, actions)
		}
	}
	reg := svc.Registry()
	if x, ok := reg.At(quhua.MustParseDate("2025-03-01")).Lookup(220185); !ok || x.Name != "农安市" || x.Admin.Code != 220100 {
		t.Errorf("农安市 after the release: %+v %v", x, ok)
	}
}

// TestWebhooks: a receiver that fails its first deliveries still gets
// every event, exactly once after dropping duplicate IDs, in order, and
// applying never waits for it.
func TestWebhooks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc := newService(t, "2019", WithWebhookTiming(20*time.Millisecond, 10*time.Millisecond, 100*time.Millisecond),
		WithWebhookAllowPrivate(true)) // the receiver is on loopback
	var mu sync.Mutex
	var got []string
	seen := map[string]bool{}
	calls := 0
	const secret = "s3cret-of-at-least-32-bytes-long!"
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		var body strings.Builder
		b := make([]byte, 1<<16)
		n, _ := r.Body.Read(b)
		body.Write(b[:n])
		var ts int64
		fmt.Sscan(r.Header.Get("X-Quhua-Timestamp"), &ts)
		if err := VerifySignature(secret, ts, []byte(body.String()), r.Header.Get("X-Quhua-Signature")); err != nil {
			t.Errorf("%s: %v", r.Header.Get("X-Quhua-Event-Id"), err)
		}
		if calls <= 3 || calls%4 == 0 { // fail the first three and then now and then
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		id := r.Header.Get("X-Quhua-Event-Id")
		if !seen[id] {
			seen[id] = true
			got = append(got, id)
		}
	}))
	defer recv.Close()
	root := Principal{User: "root", Role: store.Admin}
	must(svc.AddWebhook(ctx, root, recv.URL, secret))
	go svc.RunWebhooks(ctx)
	start := time.Now()
	through(t, svc, gongzhuling())
	if time.Since(start) > 5*time.Second {
		t.Error("applying waited for the receiver")
	}
	feed, err := svc.Store().Feed(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, ev := range feed {
		want = append(want, itemOf(ev).ID)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		done := len(got) >= len(want)
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got, want) {
		t.Errorf("received %v, want %v (in order)", got, want)
	}
	if calls <= len(want) {
		t.Errorf("the receiver never failed (%d calls)", calls)
	}
}

func TestOrphans(t *testing.T) {
	doc := []changeset.Document{{Number: "测试〔2025〕1号"}}
	// Abolishing 四平市 alone leaves its counties without a parent.
	rep := changeset.Validate(quhua.Default(), &changeset.ChangeSet{Title: "撤销四平市", Date: "2025-01-10", Documents: doc,
		Operations: []changeset.Operation{{Type: changeset.OpAbolish, Code: "220300"}}})
	violated(t, rep, changeset.RuleOrphan)
	// Renaming it keeps them.
	rep = changeset.Validate(quhua.Default(), &changeset.ChangeSet{Title: "四平市更名", Date: "2025-01-10", Documents: doc,
		Operations: []changeset.Operation{{Type: changeset.OpRename, Code: "220300", Name: "四平新市"}}})
	if !rep.Valid {
		t.Errorf("rename of a prefecture: %v", rep.Violations)
	}
}

func TestSetBaseOnce(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "")
	must(svc.Draft(ctx, li, gongzhuling()))
	if err := SetBase(ctx, svc.Store(), "2019"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("moving the base of a store with changes: %v", err)
	}
	svc2 := newService(t, "2019")
	if err := SetBase(ctx, svc2.Store(), "2020-06-04"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("changing a set base: %v", err)
	}
	if err := SetBase(ctx, svc2.Store(), "2019-12-31"); err != nil {
		t.Errorf("the same base written as a day: %v", err)
	}
	if err := SetBase(ctx, svc2.Store(), "2019"); err != nil {
		t.Errorf("setting the same base again: %v", err)
	}
	if err := SetBase(ctx, svc2.Store(), "20x9"); err == nil {
		t.Error("a malformed base was accepted")
	}
}
