package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	// The township level, as quhua serve has it.
	_ "github.com/quhua/quhua/township"
)

// TestTownshipPages: a county's page lists its townships, and a township
// has a page of its own with its timeline and the documents of its
// changes (范家屯镇 followed 公主岭市 to 长春市 by 国函〔2020〕84号).
func TestTownshipPages(t *testing.T) {
	ctx, base := browse(t)
	var kids, page, parent, tree string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/?towntree#/tree?at=2023"),
		chromedp.Click(chromedp.CSS(`#tree button[aria-label="展开 吉林省"]`)),
		chromedp.Click(`//button[@aria-label="展开 长春市"]`),
		chromedp.Click(`//button[@aria-label="展开 公主岭市"]`),
		chromedp.WaitVisible(`//ul[@id="tree"]//a[contains(., "范家屯镇")]`),
		into(&tree, chromedp.Text(chromedp.CSS(`#tree`))),
		chromedp.Navigate(base+"/?towns#/d/220184?at=2023"),
		chromedp.WaitVisible(`//div[@id="kids"]//a[contains(., "范家屯镇")]`),
		into(&kids, chromedp.Text(chromedp.CSS(`#kids`))),
		chromedp.Navigate(base+"/?town#/d/220381103?at=2019"),
		chromedp.WaitVisible(`//dd[@data-field="admin"][contains(., "公主岭市")]`),
		into(&page, chromedp.Text(chromedp.CSS(`main`))),
		into(&parent, chromedp.Text(chromedp.CSS(`dd[data-field="path"]`))),
		shot(t, "township"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tree, "220184103") {
		t.Errorf("the tree of 2023 does not expand 公主岭市 to 220184103 范家屯镇")
	}
	if !strings.Contains(kids, "220184103") {
		t.Errorf("公主岭市's page lacks 220184103 范家屯镇 among its townships:\n%s", kids)
	}
	for _, want := range []string{"范家屯镇", "220381103", "220184103", "国函〔2020〕84号", "时间线"} {
		if !strings.Contains(page, want) {
			t.Errorf("the township page lacks %q:\n%.1500s", want, page)
		}
	}
	if !strings.Contains(parent, "四平市") || !strings.Contains(parent, "公主岭市") {
		t.Errorf("path %q, want 吉林省 › 四平市 › 公主岭市 › 范家屯镇", parent)
	}
}
