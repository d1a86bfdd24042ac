package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// sizes are the windows the reading pages are checked in.
var sizes = []struct {
	name string
	view chromedp.Action[chromedp.Void]
}{
	{"desktop", chromedp.EmulateViewport(1280, 900)},
	{"phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile)},
}

var english = regexp.MustCompile(`[A-Za-z]{3,}`)

// noEnglish fails if a Chinese page shows English words.
func noEnglish(t *testing.T, page, text string) {
	t.Helper()
	if w := english.FindAllString(text, 5); len(w) > 0 {
		t.Errorf("%s shows English words %q in:\n%.600s", page, w, text)
	}
}

// TestReadingFixes checks, at desktop and phone sizes, what a walk through
// the pages found: document sources as links, error pages without a
// literal null, Chinese throughout, the timeline's year labels apart, and
// search results that tell the two 朝阳区 apart.
func TestReadingFixes(t *testing.T) {
	ctx, base := browse(t)
	for _, size := range sizes {
		n := 0
		// open loads a page afresh (the query makes each load a new document).
		open := func(frag string) chromedp.Action[chromedp.Void] {
			n++
			return chromedp.Navigate(fmt.Sprintf("%s/?%s-%d%s", base, size.name, n, frag))
		}
		name := func(s string) string { return s + "-" + size.name }
		if err := chromedp.Do(ctx, size.view); err != nil {
			t.Fatal(err)
		}

		// Document sources: Markdown links become links, only http(s) ones.
		var src string
		var links []map[string]string
		err := chromedp.Do(ctx,
			open("#/year/2022"),
			chromedp.WaitVisible(chromedp.CSS(`main a.ext`)),
			into(&src, chromedp.Text(chromedp.CSS(`main`))),
			into(&links, chromedp.Evaluate[[]map[string]string](`[...document.querySelectorAll('main a.ext')].map(a => ({text: a.textContent, href: a.href}))`)),
			shot(t, name("sources")),
		)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(src, "](") || strings.Contains(src, "[黑龙江") {
			t.Errorf("%s: the 2022 page shows raw Markdown", size.name)
		}
		found := false
		for _, l := range links {
			if !strings.HasPrefix(l["href"], "https://") && !strings.HasPrefix(l["href"], "http://") {
				t.Errorf("%s: a source links to %q", size.name, l["href"])
			}
			if l["text"] == "黑龙江省民政厅网站" && strings.HasPrefix(l["href"], "https://mzt.hlj.gov.cn/") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no link 黑龙江省民政厅网站 among %v", size.name, links)
		}

		// Error pages: Chinese, no null, no hint at the JSON API.
		for _, c := range []struct{ frag, want string }{
			{"#/nope", "没有这个页面"},
			{"#/d/999999", "999999 不是任何时期的行政区划代码"},
			{"#/diff?from=abc&to=2020", "日期格式不对"},
		} {
			var text string
			err := chromedp.Do(ctx,
				open(c.frag),
				chromedp.WaitVisible(chromedp.CSS(`main .err`)),
				into(&text, chromedp.Text(chromedp.CSS(`main`))),
				shot(t, name("error-"+strings.Trim(regexp.MustCompile(`\W+`).ReplaceAllString(c.frag, "-"), "-"))),
			)
			if err != nil {
				t.Fatal(err)
			}
			noJunk(t, size.name+" "+c.frag, text)
			noEnglish(t, size.name+" "+c.frag, strings.ReplaceAll(text, c.frag, "")) // the address asked for is echoed
			if !strings.Contains(text, c.want) || strings.Contains(text, "/v1/") {
				t.Errorf("%s %s: %q, want %q and no API address", size.name, c.frag, text, c.want)
			}
		}

		// The tools speak Chinese: relations and notes.
		var idOut, addrOut string
		err = chromedp.Do(ctx,
			open("#/tools"),
			chromedp.SendKeys(chromedp.CSS(`#idno`), "220381199001011235\n"),
			chromedp.WaitVisible(chromedp.CSS(`#id-out dl`)),
			into(&idOut, chromedp.Text(chromedp.CSS(`#id-out`))),
			chromedp.SendKeys(chromedp.CSS(`#addr`), "吉林省四平市公主岭市范家屯镇\n"),
			chromedp.WaitVisible(chromedp.CSS(`#addr-out dl`)),
			into(&addrOut, chromedp.Text(chromedp.CSS(`#addr-out`))),
			shot(t, name("tools-chinese")),
		)
		if err != nil {
			t.Fatal(err)
		}
		noEnglish(t, size.name+" ID number", idOut)
		noEnglish(t, size.name+" address", addrOut)
		// 公主岭市 was recoded in 2020, and in 2005 gave part of its area
		// to 朝阳区: both of today's divisions are partial (部分区域).
		for _, want := range []string{"公主岭市 220184 吉林省长春市公主岭市（2020-06-05–）部分区域", "朝阳区 220104", "按该日的区划解读"} {
			if !strings.Contains(idOut, want) {
				t.Errorf("%s: the ID number's answer lacks %s: %q", size.name, want, idOut)
			}
		}
		if !strings.Contains(addrOut, "吉林省四平市公主岭市（220381）的有效期为") || !strings.Contains(addrOut, "国函〔2020〕84号") {
			t.Errorf("%s: the address note: %q", size.name, addrOut)
		}

		// How sure an address answer is, the divisions as written, the
		// other readings and a conflict, in Chinese.
		for _, c := range []struct {
			in, ready string
			want      []string
		}{
			{"广东省深圳市宝安区观澜街道", `#addr-out .written`, []string{"把握\n推断：按所写的 观澜街道 选定承继的区划", "识别到\n乡级", "原文所写的区划", "县级 宝安区 440306 （有效期 1992-11-11–）",
				"龙华区 440309", "440306 宝安区（1992-11-11–）与 观澜街道 写在一起"}},
			{"北京市朝阳区建国路1号 上海市浦东新区世纪大道1号", `#addr-out .conflict`, []string{"把握\n不确定：文本写了两个互不相容的地址", "地址矛盾",
				"北京市朝阳区建国路1号 北京市 110000 朝阳区 110105", "上海市浦东新区世纪大道1号 上海市 310000 浦东新区 310115", "两种读法都列在“地址矛盾”中"}},
			{"朝阳", `#addr-out .alternatives`, []string{"把握\n推断：只写了一个名称，按地级市读取", "其他读法", "吉林省长春市朝阳区", "辽宁省朝阳市朝阳县"}},
			{"广东省深圳市南山区科技园 广东省深圳市南山区科技园", `#addr-out .conf[data-kind=certain]`, []string{"把握\n确定", "同一地址写了两遍，按一遍读取"}},
		} {
			var text string
			err := chromedp.Do(ctx,
				clearAddress(),
				chromedp.SendKeys(chromedp.CSS(`#addr`), c.in+"\n"),
				chromedp.WaitVisible(chromedp.CSS(c.ready)),
				into(&text, chromedp.Text(chromedp.CSS(`#addr-out`))),
				shot(t, name("tools-certainty-"+strconv.Itoa(len(c.in)))),
			)
			if err != nil {
				t.Fatal(err)
			}
			noJunk(t, size.name+" "+c.in, text)
			noEnglish(t, size.name+" "+c.in, text)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s %s: the answer lacks %q:\n%s", size.name, c.in, w, text)
				}
			}
		}

		// The timeline's year labels do not run into each other.
		var overlaps, labels int
		err = chromedp.Do(ctx,
			open("#/d/220381?at=2019"),
			chromedp.WaitVisible(chromedp.CSS(`#asof dd[data-field=admin]`)),
			into(&labels, chromedp.Evaluate[int](`[...document.querySelectorAll('.tl .axis span')].filter(e => e.getClientRects().length).length`)),
			into(&overlaps, chromedp.Evaluate[int](`(() => {
				const r = [...document.querySelectorAll('.tl .axis span')].filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect());
				let n = 0;
				for (let i = 1; i < r.length; i++) if (r[i].left < r[i - 1].right + 4) n++;
				return n;
			})()`)),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.Evaluate[bool](`document.querySelector('.tl').scrollIntoView(), true`)(ctx, tg)
				return err
			}),
			viewShot(t, name("timeline")),
		)
		if err != nil {
			t.Fatal(err)
		}
		if labels < 3 || overlaps > 0 {
			t.Errorf("%s: %d year labels on the timeline, %d run into the one before", size.name, labels, overlaps)
		}

		// Search results show the full names.
		var options []string
		var hidden int
		err = chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.CSS(`#q`), "朝阳区"),
			chromedp.WaitVisible(chromedp.CSS(`#suggest li[role=option] .full`)),
			into(&options, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#suggest li[role=option]')].map(li => li.innerText.replace(/\s+/g, ' '))`)),
			into(&hidden, chromedp.Evaluate[int](`[...document.querySelectorAll('#suggest li[role=option] .full')].filter(e => {
				const r = e.getBoundingClientRect();
				return !e.getClientRects().length || r.width === 0 || r.right > innerWidth + 1;
			}).length`)),
			viewShot(t, name("search-chaoyang")),
		)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(options, "\n")
		if !strings.Contains(all, "北京市朝阳区") || !strings.Contains(all, "吉林省长春市朝阳区") || hidden > 0 {
			t.Errorf("%s: search 朝阳区 shows %q; %d full names hidden or cut", size.name, options, hidden)
		}
	}

	// richText builds links from data safely: only http(s) URLs become
	// links, and markup in the text stays text.
	var got struct {
		Links []string `json:"links"`
		Text  string   `json:"text"`
		Elems int      `json:"elems"`
	}
	err := chromedp.Do(ctx, into(&got, chromedp.Evaluate[struct {
		Links []string `json:"links"`
		Text  string   `json:"text"`
		Elems int      `json:"elems"`
	}](`import('/core.js').then(m => {
		const d = document.createElement('div');
		d.append(...m.richText('[a](javascript:alert(1)) [b](https://example.org/p_(1)) <img src=x onerror=alert(1)> [c](http://example.org/) [d](data:text/html,x) https://example.net/x'));
		return {links: [...d.querySelectorAll('a')].map(a => a.textContent + ' ' + a.getAttribute('href')), text: d.textContent, elems: d.querySelectorAll('*').length};
	})`, chromedp.EvalAwaitPromise)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"b https://example.org/p_(1)", "c http://example.org/", "https://example.net/x https://example.net/x"}
	if strings.Join(got.Links, "|") != strings.Join(want, "|") || got.Elems != 3 || !strings.Contains(got.Text, "<img src=x") || !strings.Contains(got.Text, "[a](javascript:alert(1))") {
		t.Errorf("richText: links %q, %d elements, text %q; want links %q", got.Links, got.Elems, got.Text, want)
	}
}

// clearAddress empties the tools page's address field and answer, so that
// the next answer is waited for afresh.
func clearAddress() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`document.getElementById('addr').value = '', document.getElementById('addr-out').replaceChildren(), true`)(ctx, tg)
		return err
	})
}

// axeSource is axe-core's script: $QUHUA_AXE, or where .ci/run installs it
// with npm (testdata/axe, ignored by git). Without it the accessibility
// check is skipped, except in CI.
func axeSource(t *testing.T) string {
	p := os.Getenv("QUHUA_AXE")
	if p == "" {
		p = filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		msg := fmt.Sprintf("axe-core is not installed (%v): run `npm install --prefix web/testdata/axe axe-core@4` (as .ci/run does) or set QUHUA_AXE to axe.min.js", err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return string(b)
}

// TestAccessibility runs axe-core in the main pages, at desktop and phone
// sizes, and fails on any serious or critical violation.
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	w := newWorkflow(t)
	ctx, base := browseWith(t, w.mount(t), nil)
	// phone marks the pages also checked at the phone's size: those whose
	// layout changes there.
	pages := []struct {
		name, frag, ready string
		phone             bool
	}{
		{"home", "#/", `#chart-county svg`, true},
		{"division", "#/d/220381?at=2019", `#asof dl`, true},
		{"tree", "#/tree?at=2019", `#tree li`, false},
		{"year", "#/year/2019", `section.ev`, false},
		{"diff", "#/diff?from=2018&to=2019", `#from`, false},
		{"tools", "#/tools", `#addr`, true},
		// An address answer with its confidence, the divisions as written
		// and a conflict (typed into the tools page).
		{"tools-answer", "#/tools", `#addr-out .conflict`, true},
		{"error", "#/d/999999", `main .err`, false},
		{"signin", "#/signin", `#token`, false},
		{"changes", "#/changes", `#new-change`, true},
		{"change-form", "#/changes/new", `#dryrun h2`, true},
		{"releases", "#/releases", `#feed-status`, false},
	}
	eval := func(js string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](js+";true")(ctx, tg)
			return err
		})
	}
	for _, size := range sizes {
		// One document per size: axe is injected once and the pages are
		// reached by their fragment, as a person clicks through them.
		err := chromedp.Do(ctx, size.view, chromedp.Navigate(base+"/?a11y-"+size.name+"#/"), chromedp.WaitVisible(chromedp.CSS(`main h1`)), eval(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if size.name == "phone" && !p.phone {
				continue
			}
			var found []string
			steps := []chromedp.Action[chromedp.Void]{eval("location.hash = " + jsString(p.frag))}
			if p.name == "changes" {
				steps = append(steps, signIn(w.tokens["li"]))
			}
			if p.name == "tools-answer" {
				steps = append(steps, chromedp.WaitVisible(chromedp.CSS(`#addr`)), clearAddress(),
					chromedp.SendKeys(chromedp.CSS(`#addr`), "北京市朝阳区建国路1号 上海市浦东新区世纪大道1号\n"))
			}
			steps = append(steps,
				chromedp.WaitVisible(chromedp.CSS(p.ready)),
				into(&found, chromedp.Evaluate[[]string](`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
					.filter(v => v.impact === 'serious' || v.impact === 'critical')
					.map(v => v.id + ' (' + v.impact + '): ' + v.help + ': ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')))`, chromedp.EvalAwaitPromise)),
			)
			if size.name == "phone" {
				steps = append(steps, shot(t, "phone-"+p.name))
			}
			start := time.Now()
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatalf("%s %s: %v", size.name, p.name, err)
			}
			t.Logf("%s %s: checked in %v", size.name, p.name, time.Since(start).Round(time.Millisecond))
			for _, v := range found {
				t.Errorf("%s %s: %s", size.name, p.name, v)
			}
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#signout`)), chromedp.WaitVisible(chromedp.CSS(`#signin-link`))); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHorizon checks the footer's data release and horizon and the notice
// on an answer beyond the horizon. It runs once the server reports a
// horizon in /v1/version.
func TestHorizon(t *testing.T) {
	ctx, base := browse(t)
	var v map[string]any
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/?horizon#/"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
		into(&v, chromedp.Evaluate[map[string]any](`fetch('/v1/version').then(r => r.json())`, chromedp.EvalAwaitPromise)),
	)
	if err != nil {
		t.Fatal(err)
	}
	horizon, _ := v["horizon"].(string)
	if horizon == "" {
		t.Fatalf("/v1/version reports no horizon: %v", v)
	}
	var foot, notice string
	after := fmt.Sprint(atoi(horizon[:4]) + 1)
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(`//span[@id="version"][contains(., "数据截至")]`),
		into(&foot, chromedp.Text(chromedp.CSS(`#version`))),
		chromedp.Navigate(base+"/?horizon2#/diff?from=2019&to="+after),
		chromedp.WaitVisible(chromedp.CSS(`#horizon-notice`)),
		into(&notice, chromedp.Text(chromedp.CSS(`#horizon-notice`))),
		shot(t, "horizon"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(foot, horizon) {
		t.Errorf("footer %q lacks the horizon %s", foot, horizon)
	}
	if rel, _ := v["release"].(string); rel != "" && !strings.Contains(foot, rel) {
		t.Errorf("footer %q lacks the release %s", foot, rel)
	}
	if !strings.Contains(notice, "晚于数据完整的截止日期 "+horizon) || !strings.Contains(notice, "只收录到") {
		t.Errorf("notice beyond the horizon: %q", notice)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
