package web_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/server"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/open"
)

// workflow is the change workflow on a real SQLite store that authors on
// the registry as it stood at the end of 2019, with one token per person.
type workflow struct {
	svc    *change.Service
	tokens map[string]string // by name: root (admin), li (editor), li-approver, wang (approver)
}

func newWorkflow(t *testing.T) *workflow {
	ctx := context.Background()
	st, err := open.Store(ctx, filepath.Join(t.TempDir(), "quhua.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := change.SetBase(ctx, st, "2019"); err != nil {
		t.Fatal(err)
	}
	// A scratch store on an old base replays history: applying there is
	// allowed only with WithReplay (a store serving the registry refuses).
	svc, err := change.New(ctx, st, change.WithReplay())
	if err != nil {
		t.Fatal(err)
	}
	w := &workflow{svc: svc, tokens: map[string]string{}}
	root, err := svc.CreateToken(ctx, change.Principal{}, "root", store.Admin)
	if err != nil {
		t.Fatal(err)
	}
	w.tokens["root"] = root
	admin := change.Principal{User: "root", Role: store.Admin}
	for _, x := range []struct {
		name, user string
		role       store.Role
	}{{"li", "li", store.Editor}, {"li-approver", "li", store.Approver}, {"wang", "wang", store.Approver}} {
		if w.tokens[x.name], err = svc.CreateToken(ctx, admin, x.user, x.role); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// mount serves the workflow beside the API, as quhua serve does.
func (w *workflow) mount(t *testing.T) func(*server.Options) {
	paths, comps, err := server.ParseOpenAPIFragment(server.ChangeOpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var prefixes []string
	for _, p := range server.ChangePrefixes {
		if p = strings.TrimSuffix(p, "/"); !slices.Contains(prefixes, p) {
			prefixes = append(prefixes, p)
		}
	}
	return func(o *server.Options) {
		o.Registry = w.svc.Registry
		o.Extra = []server.Mount{{Name: "change", Prefixes: prefixes, Streaming: []string{"/v1/feed"},
			Handler: server.NewChangeHandler(w.svc), OpenAPIPaths: paths, OpenAPIComponents: comps}}
	}
}

// requests records the URL of every request the browser sends.
type requests struct {
	mu   sync.Mutex
	urls []string
}

func (r *requests) listen(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok {
		r.mu.Lock()
		r.urls = append(r.urls, e.Request.URL)
		r.mu.Unlock()
	}
}

func (r *requests) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.urls)
}

// signIn enters a token in the sign-in form the page shows and waits until
// the session bar names the user.
func signIn(tok string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(`#token`)),
		chromedp.SendKeys(chromedp.CSS(`#token`), tok+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#signout`)),
	)
}

// setInput sets an input's value as a person would and tells the page.
func setInput(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SetValue(chromedp.CSS(sel), value),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`document.querySelector(`+jsString(sel)+`).dispatchEvent(new Event('input', {bubbles: true}))`)(ctx, tg)
			return err
		}),
	)
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

// TestChangeAuthoring drafts the 2020 公主岭 transfer through the form on a
// store based on 2019, sees the dry run and submits it; the author's own
// approval is refused with the server's reason; a second person approves
// and applies it, the releases page shows the event live, and the
// division's page shows the applied change. No request carries the token
// in its URL, and signing out clears the session storage.
func TestChangeAuthoring(t *testing.T) {
	w := newWorkflow(t)
	var reqs requests
	ctx, base := browseWith(t, w.mount(t), reqs.listen)

	// li, an editor, signs in where the changes are listed and drafts.
	var codeViol, picked, parentPicked, jsonText, title, dry string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/#/changes"),
		signIn(w.tokens["li"]),
		chromedp.WaitVisible(chromedp.CSS(`#new-change`)),
		chromedp.Click(chromedp.CSS(`#new-change`)),
		chromedp.WaitVisible(chromedp.CSS(`#op0-type`)),
		chromedp.SetValue(chromedp.CSS(`#op0-type`), "admin-parent"),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`document.querySelector('#op0-type').dispatchEvent(new Event('change'))`)(ctx, tg)
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS(`#f-operations-0-parent`)),
		// The unit and its new parent are picked from the registry as one types.
		chromedp.SendKeys(chromedp.CSS(`#f-operations-0-code`), "公主岭"),
		chromedp.WaitVisible(chromedp.CSS(`#f-operations-0-code-list li[data-code="220381"]`)),
		chromedp.Click(chromedp.CSS(`#f-operations-0-code-list li[data-code="220381"]`)),
		chromedp.WaitVisible(`//span[@id="p-f-operations-0-code"][contains(., "四平市")]`),
		into(&picked, chromedp.Text(chromedp.CSS(`#p-f-operations-0-code`))),
		// A malformed new code is flagged next to its field, with the rule.
		chromedp.SendKeys(chromedp.CSS(`#f-operations-0-new_code`), "22018x"),
		// (The empty field's "missing code" violation of rule shape shows
		// first: wait for the malformed code's, of rule code.)
		chromedp.WaitVisible(`//*[@id="v-f-operations-0-new_code"][.//*[contains(@class, "v")]][contains(., "code")]`),
		into(&codeViol, chromedp.Text(chromedp.CSS(`#v-f-operations-0-new_code`))),
		shot(t, "change-form-violation"),
		setInput(`#f-operations-0-new_code`, "220184"),
		chromedp.SendKeys(chromedp.CSS(`#f-operations-0-parent`), "长春"),
		chromedp.WaitVisible(chromedp.CSS(`#f-operations-0-parent-list li[data-code="220100"]`)),
		chromedp.Click(chromedp.CSS(`#f-operations-0-parent-list li[data-code="220100"]`)),
		into(&parentPicked, chromedp.Value(chromedp.CSS(`#f-operations-0-parent`))),
		chromedp.SendKeys(chromedp.CSS(`#f-date`), "2020-06-05"),
		chromedp.SendKeys(chromedp.CSS(`#f-documents-0-number`), "国函〔2020〕84号"),
		chromedp.SendKeys(chromedp.CSS(`#f-documents-0-title`), "国务院关于同意吉林省变更县级公主岭市代管关系的批复"),
		chromedp.SendKeys(chromedp.CSS(`#f-documents-0-date`), "2020-06-05"),
		// The title is written in the JSON view: the form follows.
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`(() => { const j = document.querySelector('#json');
				j.value = j.value.replace('"title": ""', '"title": "变更公主岭市代管关系"');
				return j.dispatchEvent(new Event('input', {bubbles: true})); })()`)(ctx, tg)
			return err
		}),
		into(&title, chromedp.Value(chromedp.CSS(`#f-title`))),
		chromedp.WaitVisible(chromedp.CSS(`#verdict.ok`)),
		chromedp.WaitVisible(`//table[@id="crosswalk"]//td[.="220184"]`),
		into(&dry, chromedp.Text(chromedp.CSS(`#dryrun`))),
		into(&jsonText, chromedp.Value(chromedp.CSS(`#json`))),
		shot(t, "change-form"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(picked, "220381") || parentPicked != "220100" {
		t.Errorf("picked %q and parent %q, want 220381 吉林省四平市公主岭市 and 220100", picked, parentPicked)
	}
	if !strings.Contains(codeViol, "code") || !strings.Contains(codeViol, "代码") {
		t.Errorf("the malformed new code's violation: %q, want the rule code", codeViol)
	}
	if title != "变更公主岭市代管关系" {
		t.Errorf("the form's title after editing the JSON: %q", title)
	}
	for _, want := range []string{`"type": "admin-parent"`, `"code": "220381"`, `"new_code": "220184"`, `"parent": "220100"`, `"number": "国函〔2020〕84号"`} {
		if !strings.Contains(jsonText, want) {
			t.Errorf("the JSON view lacks %s:\n%s", want, jsonText)
		}
	}
	for _, want := range []string{"通过校验", "变更前", "变更后", "停用的代码", "新设的代码", "220381", "220184", "代码变更"} {
		if !strings.Contains(dry, want) {
			t.Errorf("the dry run lacks %s:\n%s", want, dry)
		}
	}

	// Saved, the draft offers li the submission but not the approval.
	var approveOffered bool
	var state string
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#save`)),
		chromedp.WaitVisible(chromedp.CSS(`#do-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#verdict`)),
		into(&approveOffered, chromedp.Evaluate[bool](`!!document.querySelector('#do-approve')`)),
		chromedp.Click(chromedp.CSS(`#do-submit`)),
		chromedp.WaitVisible(`//span[@id="state"][.="待审批"]`),
		into(&state, chromedp.Text(chromedp.CSS(`#action-msg`))),
		shot(t, "change-submitted"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if approveOffered {
		t.Error("an editor is offered the approval")
	}
	if !strings.Contains(state, "已提交") {
		t.Errorf("after submitting: %q", state)
	}

	// Signing out clears the session storage.
	var stored int
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#signout`)),
		chromedp.WaitVisible(chromedp.CSS(`#signin-link`)),
		into(&stored, chromedp.Evaluate[int](`sessionStorage.length + localStorage.length`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if stored != 0 {
		t.Errorf("after signing out the storage holds %d items", stored)
	}

	// li also holds the approver role: the server refuses the author's own
	// approval, and the page says why.
	var refusal string
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/#/changes/1"),
		signIn(w.tokens["li-approver"]),
		chromedp.WaitVisible(chromedp.CSS(`#do-approve`)),
		chromedp.Click(chromedp.CSS(`#do-approve`)),
		chromedp.WaitVisible(chromedp.CSS(`#action-msg .err`)),
		into(&refusal, chromedp.Text(chromedp.CSS(`#action-msg`))),
		shot(t, "change-own-approval-refused"),
		chromedp.Click(chromedp.CSS(`#signout`)),
		chromedp.WaitVisible(chromedp.CSS(`#signin-link`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(refusal, "li 起草了变更 1，不能批准它") {
		t.Errorf("the refusal of the author's approval: %q", refusal)
	}

	// Meanwhile li drafts and submits another change to 公主岭市, on the
	// same base: once the first is applied, it is stale.
	bg := context.Background()
	liP := change.Principal{User: "li", Role: store.Editor}
	draft := func(js string) int64 {
		t.Helper()
		cs, err := changeset.Parse([]byte(js))
		if err != nil {
			t.Fatal(err)
		}
		c, err := w.svc.Draft(bg, liP, cs)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Submit(bg, liP, c.ID); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	stale := draft(`{"title": "公主岭市更名", "date": "2020-08-01", "documents": [{"number": "测试〔2020〕2号"}],
		"operations": [{"type": "rename", "code": "220381", "name": "岭城市"}]}`)

	// wang approves and applies.
	var verdict string
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/#/changes/1"),
		signIn(w.tokens["wang"]),
		chromedp.WaitVisible(chromedp.CSS(`#do-approve`)),
		chromedp.Click(chromedp.CSS(`#do-approve`)),
		chromedp.WaitVisible(`//span[@id="state"][.="已批准"]`),
		// An approved change's verdict names the next step, not 可以提交.
		chromedp.WaitVisible(chromedp.CSS(`#verdict`)),
		into(&verdict, chromedp.Text(chromedp.CSS(`#verdict`))),
		chromedp.WaitVisible(chromedp.CSS(`#do-apply`)),
		chromedp.Click(chromedp.CSS(`#do-apply`)),
		chromedp.WaitVisible(`//span[@id="state"][.="已生效"]`),
		shot(t, "change-applied"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(verdict, "可以提交") || !strings.Contains(verdict, "已批准") {
		t.Errorf("the approved change's verdict: %q", verdict)
	}

	// Approving the stale change is refused, with the rule it breaks.
	var staleMsg string
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/#/changes/%d", base, stale)),
		chromedp.WaitVisible(chromedp.CSS(`#do-approve`)),
		chromedp.Click(chromedp.CSS(`#do-approve`)),
		chromedp.WaitVisible(chromedp.CSS(`#action-msg .err`)),
		into(&staleMsg, chromedp.Text(chromedp.CSS(`#action-msg`))),
		shot(t, "change-stale-refused"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(staleMsg, fmt.Sprintf("变更 %d 未通过对版本 2019+1 的校验", stale)) || !strings.Contains(staleMsg, "基础版本已过时") || !strings.Contains(staleMsg, "stale") {
		t.Errorf("the refusal of a stale change: %q", staleMsg)
	}

	// The division's page shows the applied change.
	var steps, admin string
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/#/d/220184"),
		chromedp.WaitVisible(chromedp.CSS(`#asof dd[data-field=admin]`)),
		into(&admin, chromedp.Text(chromedp.CSS(`#asof dd[data-field=admin]`))),
		into(&steps, chromedp.Text(chromedp.CSS(`ol.steps`))),
		shot(t, "change-division-after"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(admin, "长春市") || !strings.Contains(steps, "国函〔2020〕84号") || !strings.Contains(steps, "2020-06-05") {
		t.Errorf("220184 after the release: administered by %q; steps %q", admin, steps)
	}

	// The releases page lists 2019+1 and shows the feed's events as they come.
	var releases string
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/#/releases"),
		chromedp.WaitVisible(chromedp.CSS(`#feed li[data-type="release.applied"]`)),
		chromedp.WaitVisible(`//p[@id="feed-status"][contains(., "已连接")]`),
		into(&releases, chromedp.Text(chromedp.CSS(`#releases`))),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(releases, "2019+1") || !strings.Contains(releases, "wang") || !strings.Contains(releases, "2019（基础数据）") {
		t.Errorf("releases: %q", releases)
	}
	live := draft(`{"title": "朝阳区更名", "date": "2020-07-01", "documents": [{"number": "测试〔2020〕1号"}],
		"operations": [{"type": "rename", "code": "110105", "name": "朝阳新区"}]}`)
	var feed string
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(fmt.Sprintf(`//ol[@id="feed"]/li[@data-type="change.submitted"]//a[.="变更 %d"]`, live)),
		into(&feed, chromedp.Text(chromedp.CSS(`#feed`))),
		shot(t, "releases"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(feed, "变更待审批") || !strings.Contains(feed, "发布新版本") {
		t.Errorf("feed: %q", feed)
	}

	// The audit log is the admin's: wang is not offered it; root reads it.
	// Refused HTTP requests are counted per client and minute: write the
	// minute's count now rather than when it is over.
	if err := w.svc.FlushRefusals(context.Background()); err != nil {
		t.Fatal(err)
	}
	var auditHidden bool
	var audit string
	err = chromedp.Do(ctx,
		into(&auditHidden, chromedp.Evaluate[bool](`document.querySelector('#nav-audit').hidden`)),
		chromedp.Click(chromedp.CSS(`#signout`)),
		chromedp.WaitVisible(chromedp.CSS(`#signin-link`)),
		chromedp.Navigate(base+"/#/audit"),
		signIn(w.tokens["root"]),
		chromedp.WaitVisible(chromedp.CSS(`#audit tbody tr`)),
		into(&audit, chromedp.Text(chromedp.CSS(`#audit`))),
		shot(t, "audit"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !auditHidden {
		t.Error("an approver is offered the audit log")
	}
	for _, want := range []string{"refused", "403 ×", "change.approve", "author approving own change", "change.submit"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log lacks %s", want)
		}
	}

	// No request carried a token in its URL.
	urls := reqs.all()
	if !slices.ContainsFunc(urls, func(u string) bool { return strings.Contains(u, "/v1/whoami") }) {
		t.Fatalf("the browser's requests were not recorded: %q", urls)
	}
	for _, u := range urls {
		for name, tok := range w.tokens {
			if strings.Contains(u, tok) || strings.Contains(u, strings.TrimPrefix(tok, "qh_")) {
				t.Errorf("a request carries %s's token in its URL: %s", name, u)
			}
		}
		if strings.Contains(strings.ToLower(u), "token=") {
			t.Errorf("a request URL names a token: %s", u)
		}
	}
}
