package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/township"
)

// TestNewcomerPages walks, at desktop and phone sizes, what a first-time
// user trips on: an exact code in the search box, pages for now without a
// horizon notice, a placeholder code and a former code explained, a
// township's timeline from its evidence with the township horizon noted,
// timeline labels never cut, a bad date shown beside the diff form, the
// chart's last year whole and the year page's headings in order.
func TestNewcomerPages(t *testing.T) {
	ctx, base := browse(t)
	today := quhua.Default().Now().String()
	for _, size := range sizes {
		n := 0
		open := func(frag string) chromedp.Action[chromedp.Void] {
			n++
			return chromedp.Navigate(fmt.Sprintf("%s/?new-%s-%d%s", base, size.name, n, frag))
		}
		if err := chromedp.Do(ctx, size.view); err != nil {
			t.Fatal(err)
		}
		// The search box's own example: the county-level code comes first.
		var first string
		err := chromedp.Do(ctx, open("#/"), chromedp.WaitVisible(chromedp.CSS(`#q`)),
			chromedp.SendKeys(chromedp.CSS(`#q`), "220381"),
			chromedp.WaitVisible(chromedp.CSS(`#suggest li[role=option]`)),
			into(&first, chromedp.Text(chromedp.CSS(`#suggest li[role=option]`))),
			chromedp.SendKeys(chromedp.CSS(`#q`), kb.Enter),
			chromedp.WaitVisible(chromedp.CSS(`#asof dl`)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(first, "220381") || !strings.Contains(first, "公主岭市") {
			t.Errorf("%s: first suggestion for 220381 is %q, want 220381 公主岭市", size.name, first)
		}
		var h1 string
		if err := chromedp.Do(ctx, into(&h1, chromedp.Text(chromedp.CSS(`main h1`)))); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(h1, "公主岭市") {
			t.Errorf("%s: Enter on 220381 opened %q", size.name, h1)
		}

		// A division page for now: today's state, no horizon notice.
		var asof string
		var notice bool
		err = chromedp.Do(ctx, open("#/d/220184"), chromedp.WaitVisible(chromedp.CSS(`#asof dl`)),
			into(&asof, chromedp.Text(chromedp.CSS(`#asof h2`))),
			into(&notice, chromedp.Evaluate[bool](`!document.getElementById('horizon-notice').hidden`)))
		if err != nil {
			t.Fatal(err)
		}
		var card string
		if err := chromedp.Do(ctx, into(&card, chromedp.Text(chromedp.CSS(`#asof`)))); err != nil {
			t.Fatal(err)
		}
		noJunk(t, "#/d/220184 "+size.name, card)
		if want := "现在（" + today + "）"; !strings.Contains(asof, want) {
			t.Errorf("%s: #/d/220184 shows %q, want the state of now %s", size.name, asof, want)
		}
		if notice {
			t.Errorf("%s: #/d/220184 (now) shows the horizon notice", size.name)
		}
		// A chosen date after the newest recorded change: the notice.
		err = chromedp.Do(ctx, open("#/diff?from=2019&to=2030"), chromedp.WaitVisible(chromedp.CSS(`#horizon-notice`)))
		if err != nil {
			t.Fatalf("%s: no notice for a diff to 2030: %v", size.name, err)
		}

		// Timeline labels: whole or none, never cut.
		var cut []string
		err = chromedp.Do(ctx, open("#/d/220184"), chromedp.WaitVisible(chromedp.CSS(`.tl .seg`)),
			into(&cut, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.tl .seg')].filter(s => s.scrollWidth > s.clientWidth + 1 || (s.textContent && !(s.labels || []).includes(s.textContent))).map(s => s.textContent)`)),
			shot(t, "timeline-"+size.name))
		if err != nil {
			t.Fatal(err)
		}
		if len(cut) > 0 {
			t.Errorf("%s: timeline labels cut: %q", size.name, cut)
		}

		// A placeholder code says what it is, as quhua lookup does.
		var ph string
		err = chromedp.Do(ctx, open("#/d/110100"), chromedp.WaitVisible(chromedp.CSS(`#placeholder-note`)),
			into(&ph, chromedp.Text(chromedp.CSS(`main`))))
		if err != nil {
			t.Fatalf("%s: #/d/110100: %v", size.name, err)
		}
		if !strings.Contains(ph, "占位代码") || !strings.Contains(ph, "北京市") || strings.Contains(ph, "街道") {
			t.Errorf("%s: #/d/110100 says %q", size.name, ph)
		}
		// A former code opens its division and says so.
		var earlier string
		err = chromedp.Do(ctx, open("#/d/220319"), chromedp.WaitVisible(chromedp.CSS(`#earlier-code`)),
			into(&earlier, chromedp.Text(chromedp.CSS(`#earlier-code`))))
		if err != nil {
			t.Fatalf("%s: #/d/220319: %v", size.name, err)
		}
		if !strings.Contains(earlier, "220319") || !strings.Contains(earlier, "220184") || !strings.Contains(earlier, "1985") {
			t.Errorf("%s: #/d/220319 says %q", size.name, earlier)
		}

		// A township: the timeline starts at the first township list,
		// after a mark; shown for now, it says the level ends in 2023.
		var start float64
		var tlNote, thNote string
		err = chromedp.Do(ctx, open("#/d/220184103"), chromedp.WaitVisible(chromedp.CSS(`#township-horizon`)),
			into(&start, chromedp.Evaluate[float64](`parseFloat(document.querySelector('.tl .lane .seg:not(.earlier)').style.left)`)),
			into(&tlNote, chromedp.Text(chromedp.CSS(`#tl-earlier`))),
			into(&thNote, chromedp.Text(chromedp.CSS(`#township-horizon`))))
		if err != nil {
			t.Fatalf("%s: #/d/220184103: %v", size.name, err)
		}
		// 2015-09-30 on an axis from 1981: about three quarters along.
		if start < 60 {
			t.Errorf("%s: the township timeline starts at %.1f%%, before the first township list", size.name, start)
		}
		var townCard string
		if err := chromedp.Do(ctx, into(&townCard, chromedp.Text(chromedp.CSS(`#asof`)))); err != nil {
			t.Fatal(err)
		}
		noJunk(t, "#/d/220184103 "+size.name, townCard)
		if !strings.Contains(tlNote, "2015-09-30") || !strings.Contains(thNote, township.Horizon.String()) {
			t.Errorf("%s: township notes %q, %q", size.name, tlNote, thNote)
		}

		// A bad date on the diff page: the error beside the form.
		var form, errText string
		err = chromedp.Do(ctx, open("#/diff?from=20x9&to=2020"), chromedp.WaitVisible(chromedp.CSS(`#diff-error .err`)),
			into(&form, chromedp.Evaluate[string](`document.querySelector('#from').value + '|' + document.querySelector('#from').getAttribute('aria-invalid')`)),
			into(&errText, chromedp.Text(chromedp.CSS(`#diff-error`))))
		if err != nil {
			t.Fatalf("%s: bad diff date: %v", size.name, err)
		}
		if form != "20x9|true" || errText == "" {
			t.Errorf("%s: bad diff date: form %q, error %q", size.name, form, errText)
		}

		// The home chart's year labels lie inside the chart.
		var clipped []string
		err = chromedp.Do(ctx, open("#/"), chromedp.WaitVisible(chromedp.CSS(`#chart-county svg`)),
			into(&clipped, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.chart svg')].flatMap(svg => { const b = svg.getBoundingClientRect();
				return [...svg.querySelectorAll('text')].filter(t => { const r = t.getBoundingClientRect(); return r.right > b.right + 0.5 || r.left < b.left - 0.5; }).map(t => t.textContent); })`)))
		if err != nil {
			t.Fatal(err)
		}
		if len(clipped) > 0 {
			t.Errorf("%s: chart labels cut at the edge: %q", size.name, clipped)
		}

		// The year page: h1, then h2 for each event, no level skipped.
		var levels []int
		err = chromedp.Do(ctx, open("#/year/2019"), chromedp.WaitVisible(chromedp.CSS(`section.ev`)),
			into(&levels, chromedp.Evaluate[[]int](`[...document.querySelectorAll('main h1, main h2, main h3, main h4')].map(e => Number(e.tagName[1]))`)))
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(levels); i++ {
			if levels[i] > levels[i-1]+1 {
				t.Errorf("%s: the year page's headings jump from h%d to h%d", size.name, levels[i-1], levels[i])
				break
			}
		}
	}
}

// TestSearchSuggestionsAccessible runs axe-core on the search suggestions
// (with the 旧 badges of codes no longer in force) at both sizes.
func TestSearchSuggestionsAccessible(t *testing.T) {
	src := axeSource(t)
	ctx, base := browse(t)
	for _, size := range sizes {
		var found []string
		err := chromedp.Do(ctx, size.view, chromedp.Navigate(base+"/?axe-suggest-"+size.name+"#/"), chromedp.WaitVisible(chromedp.CSS(`#q`)),
			chromedp.SendKeys(chromedp.CSS(`#q`), "220381"),
			chromedp.WaitVisible(chromedp.CSS(`#suggest .old`)),
			into(&found, chromedp.Evaluate[[]string](src+`;axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
				.filter(v => v.impact === 'serious' || v.impact === 'critical')
				.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')))`, chromedp.EvalAwaitPromise)))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range found {
			t.Errorf("%s search suggestions: %s", size.name, v)
		}
	}
}

// TestAuditPhone: the audit log fits a phone's width (the table scrolls
// within its box, its first column stays in view) and the nav link to it
// does not wrap; at desktop size too.
func TestAuditPhone(t *testing.T) {
	w := newWorkflow(t)
	ctx, base := browseWith(t, w.mount(t), nil)
	for _, size := range sizes {
		var m map[string]float64
		err := chromedp.Do(ctx, size.view, chromedp.Navigate(base+"/?audit-"+size.name+"#/audit"),
			signIn(w.tokens["root"]),
			chromedp.WaitVisible(chromedp.CSS(`#audit tbody tr`)),
			into(&m, chromedp.Evaluate[map[string]float64](`(() => {
				const nav = document.getElementById('nav-audit').getBoundingClientRect();
				const lh = parseFloat(getComputedStyle(document.getElementById('nav-audit')).lineHeight) || 24;
				const first = document.querySelector('#audit tbody td');
				return {page: document.documentElement.scrollWidth, view: window.innerWidth, navH: nav.height, lh,
					firstLeft: first.getBoundingClientRect().left, sticky: getComputedStyle(first).position === 'sticky' ? 1 : 0};
			})()`)),
			shot(t, "audit-"+size.name))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#signout`)), chromedp.WaitVisible(chromedp.CSS(`#signin-link`))); err != nil {
			t.Fatal(err)
		}
		if m["page"] > m["view"]+1 {
			t.Errorf("%s: the audit page is %.0f px wide in a %.0f px window", size.name, m["page"], m["view"])
		}
		if m["navH"] > 1.8*m["lh"] {
			t.Errorf("%s: the nav link 审计 wraps (%.0f px high, line %.0f px)", size.name, m["navH"], m["lh"])
		}
		if m["sticky"] != 1 {
			t.Errorf("%s: the audit table's first column is not sticky", size.name)
		}
	}
}
