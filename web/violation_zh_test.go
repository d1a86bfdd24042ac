package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestViolationChinese: at desktop and phone sizes, the change form
// explains a broken code range in Chinese, beside the rule's Chinese title.
func TestViolationChinese(t *testing.T) {
	w := newWorkflow(t)
	ctx, base := browseWith(t, w.mount(t), nil)
	js := `{"title": "设立新县", "date": "2020-06-05", "documents": [{"number": "测试〔2020〕9号"}], "operations": [{"type": "establish", "code": "220184", "name": "新县"}]}`
	for _, size := range sizes {
		var msg string
		err := chromedp.Do(ctx, size.view,
			chromedp.Navigate(base+"/?viol-"+size.name+"#/changes"),
			signIn(w.tokens["li"]),
			chromedp.WaitVisible(chromedp.CSS(`#new-change`)),
			chromedp.Click(chromedp.CSS(`#new-change`)),
			chromedp.WaitVisible(chromedp.CSS(`#json`)),
			setInput(`#json`, js),
			chromedp.WaitVisible(`//p[@class="v"][code[.="code-range"]]`),
			into(&msg, chromedp.Text(`//p[@class="v"][code[.="code-range"]]/span[@class="msg"]`)),
			shot(t, "violation-zh-"+size.name),
			chromedp.Click(chromedp.CSS(`#signout`)),
			chromedp.WaitVisible(chromedp.CSS(`#signin-link`)),
		)
		if err != nil {
			t.Fatalf("%s: %v", size.name, err)
		}
		if !strings.Contains(msg, "地级市长春市下的县应使用代码 220121—80，而不是 220184") {
			t.Errorf("%s: the code-range violation reads %q", size.name, msg)
		}
		noEnglish(t, size.name+" code-range violation", msg)
	}
}
