package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
)

// TestTimelineDates: a township's timeline dates a change seen only
// between two editions by both ends (130425107 大街镇, first in the edition
// of 2016-07-31) and one the workbook gives by its year only (232723105
// 古莲镇, 2014), never by a day.
func TestTimelineDates(t *testing.T) {
	ctx, base := browse(t)
	var interval, year string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/?iv#/d/130425107"),
		chromedp.WaitVisible(`//ol[contains(@class, "steps")]//span[@class="when"]`),
		into(&interval, chromedp.Text(chromedp.CSS(`ol.steps`))),
		chromedp.Navigate(base+"/?yr#/d/232723105?at=2015"),
		chromedp.WaitVisible(`//ol[contains(@class, "steps")]//span[@class="when"]`),
		into(&year, chromedp.Text(chromedp.CSS(`ol.steps`))),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(interval, "2015-09-30至2016-07-31之间") {
		t.Errorf("130425107's timeline lacks the interval 2015-09-30至2016-07-31之间:\n%s", interval)
	}
	if strings.Contains(strings.ReplaceAll(interval, "至2016-07-31", ""), "2016-07-31") {
		t.Errorf("130425107's timeline gives the edition's cut-off as a day:\n%s", interval)
	}
	if !strings.Contains(year, "2014年") || strings.Contains(year, "2014-12-31") {
		t.Errorf("232723105's timeline: want 2014年, never 2014-12-31:\n%s", year)
	}
}

// TestChangeIntervalDate: a drafted change dated by an interval (after)
// shows both ends in the list and on its page, and its form keeps after.
func TestChangeIntervalDate(t *testing.T) {
	w := newWorkflow(t)
	ctx, base := browseWith(t, w.mount(t), nil)
	cs, err := changeset.Parse([]byte(`{"title": "变更公主岭市代管关系", "date": "2020-06-05", "after": "2019-10-31",
		"documents": [{"number": "国函〔2020〕84号", "title": "国务院关于同意吉林省变更县级公主岭市代管关系的批复"}],
		"operations": [{"type": "admin-parent", "code": "220381", "new_code": "220184", "parent": "220100"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := w.svc.Draft(context.Background(), change.Principal{User: "li", Role: store.Editor}, cs)
	if err != nil {
		t.Fatal(err)
	}
	var list, facts, after, jsonText string
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/#/changes"),
		signIn(w.tokens["li"]),
		chromedp.WaitVisible(`//table[contains(@class, "list")]//tr[@data-id]`),
		into(&list, chromedp.Text(chromedp.CSS(`table.list`))),
		chromedp.Navigate(base+"/#/changes/"+strconv.FormatInt(c.ID, 10)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
		into(&facts, chromedp.Text(chromedp.CSS(`dl.facts`))),
		chromedp.Navigate(base+"/#/changes/"+strconv.FormatInt(c.ID, 10)+"/edit"),
		chromedp.WaitVisible(chromedp.CSS(`#f-after`)),
		into(&after, chromedp.Value(chromedp.CSS(`#f-after`))),
		into(&jsonText, chromedp.Value(chromedp.CSS(`#json`))),
	)
	if err != nil {
		t.Fatal(err)
	}
	const want = "2019-10-31至2020-06-05之间"
	if !strings.Contains(list, want) {
		t.Errorf("the list of changes lacks %s:\n%s", want, list)
	}
	if !strings.Contains(facts, want) {
		t.Errorf("the change's page lacks %s:\n%s", want, facts)
	}
	if after != "2019-10-31" || !strings.Contains(jsonText, `"after": "2019-10-31"`) {
		t.Errorf("the form's after %q, JSON:\n%s", after, jsonText)
	}
}
