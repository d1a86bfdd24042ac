package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
)

// TestReleaseFooter: at desktop and phone sizes, the footer names the new
// release as soon as one is applied, without a reload: after 发布生效 on a
// change's page, and when the releases page sees the release on the event
// feed.
func TestReleaseFooter(t *testing.T) {
	w := newWorkflow(t)
	ctx, base := browseWith(t, w.mount(t), nil)
	bg := context.Background()
	li := change.Principal{User: "li", Role: store.Editor}
	wang := change.Principal{User: "wang", Role: store.Approver}
	// approved drafts, submits and approves a rename of code.
	n := 0
	approved := func(code, name string) int64 {
		t.Helper()
		n++
		cs, err := changeset.Parse(fmt.Appendf(nil, `{"title": "%s更名", "date": "2020-07-%02d", "documents": [{"number": "测试〔2020〕%d号"}],
			"operations": [{"type": "rename", "code": "%s", "name": "%s"}]}`, name, n, n, code, name))
		if err != nil {
			t.Fatal(err)
		}
		c, err := w.svc.Draft(bg, li, cs)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Submit(bg, li, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Approve(bg, wang, c.ID); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	footer := func(rel string) string { return fmt.Sprintf(`//span[@id="version"][contains(., "发布 %s；")]`, rel) }
	releases := 0
	for i, size := range sizes {
		byPage := approved("1101"+fmt.Sprintf("%02d", 5+2*i), fmt.Sprintf("试名%d区", 2*i))
		byFeed := approved("1101"+fmt.Sprintf("%02d", 6+2*i), fmt.Sprintf("试名%d区", 2*i+1))
		var before, afterApply string
		err := chromedp.Do(ctx, size.view,
			chromedp.Navigate(fmt.Sprintf("%s/?footer-%s#/changes/%d", base, size.name, byPage)),
			signIn(w.tokens["wang"]),
			chromedp.WaitVisible(chromedp.CSS(`#do-apply`)),
			chromedp.WaitVisible(`//span[@id="version"][contains(., "数据版本")]`),
			into(&before, chromedp.Text(chromedp.CSS(`#version`))),
			chromedp.Click(chromedp.CSS(`#do-apply`)),
			chromedp.WaitVisible(`//span[@id="state"][.="已生效"]`),
			chromedp.WaitVisible(footer(fmt.Sprintf("2019+%d", releases+1))),
			into(&afterApply, chromedp.Text(chromedp.CSS(`#version`))),
			shot(t, "release-footer-"+size.name),
		)
		if err != nil {
			t.Fatalf("%s: %v", size.name, err)
		}
		releases++
		if strings.Contains(before, fmt.Sprintf("2019+%d；", releases)) {
			t.Errorf("%s: the footer names release 2019+%d before it is applied: %q", size.name, releases, before)
		}
		// On the releases page, a release applied elsewhere arrives on
		// the feed, and the footer follows.
		err = chromedp.Do(ctx,
			chromedp.Navigate(base+"/#/releases"),
			chromedp.WaitVisible(`//p[@id="feed-status"][contains(., "已连接")]`),
		)
		if err != nil {
			t.Fatalf("%s: %v", size.name, err)
		}
		rel, err := w.svc.Apply(bg, wang, byFeed)
		if err != nil {
			t.Fatal(err)
		}
		releases++
		if want := fmt.Sprintf("2019+%d", releases); rel.Version != want {
			t.Fatalf("release %q, want %s", rel.Version, want)
		}
		err = chromedp.Do(ctx,
			chromedp.WaitVisible(footer(rel.Version)),
			chromedp.Click(chromedp.CSS(`#signout`)),
			chromedp.WaitVisible(chromedp.CSS(`#signin-link`)),
		)
		if err != nil {
			t.Fatalf("%s: the footer after %s arrived on the feed: %v", size.name, rel.Version, err)
		}
	}
}
