package web_test

import (
	"encoding/json"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/quhua/quhua/changeset"
)

// zhTemplateIDs reads the message IDs that static/zh.js has a Chinese
// template for: the keys of violationTemplates.
func zhTemplateIDs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("static/zh.js")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	const start = "export const violationTemplates = {\n"
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatal("static/zh.js has no violationTemplates")
	}
	body := s[i+len(start):]
	body = body[:strings.Index(body, "\n};\n")]
	var ids []string
	for _, line := range strings.Split(body, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		m := regexp.MustCompile(`^  '([a-z0-9-]+)': (\(\)|p) => `).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("static/zh.js: violationTemplates: cannot read %q (one template a line: 'id': p => …)", line)
		}
		ids = append(ids, m[1])
	}
	return ids
}

// TestViolationTemplatesComplete: the Chinese UI has a template for every
// message ID a violation can carry, and none for an ID that does not exist.
func TestViolationTemplatesComplete(t *testing.T) {
	zh := zhTemplateIDs(t)
	en := changeset.MessageTemplates()
	for _, id := range slices.Sorted(maps.Keys(en)) {
		if !slices.Contains(zh, id) {
			t.Errorf("static/zh.js has no Chinese for message %s (%q)", id, en[id])
		}
	}
	for _, id := range zh {
		if _, ok := en[id]; !ok {
			t.Errorf("static/zh.js translates message %s, which changeset does not have", id)
		}
	}
	if n := len(zh); n != len(slices.Compact(slices.Sorted(slices.Values(zh)))) {
		t.Errorf("static/zh.js has a message ID twice")
	}
}

// prose are the parameters that hold English sentences (the JSON
// decoder's or the registry builder's): a Chinese template must not show
// them.
var prose = map[string]bool{"detail": true}

// allowed are the words of the format a Chinese explanation may show: the
// format's name, the date pattern and a field's key.
var allowed = regexp.MustCompile(`JSON|YYYY|reuse_reason`)

// TestViolationTemplatesChinese renders every Chinese template, in the
// browser, with sample parameters (every key of a parameter that holds
// one), and checks that the result is Chinese: no English words but the
// parameters' own values (codes, names), and no parameter left undefined.
func TestViolationTemplatesChinese(t *testing.T) {
	ctx, base := browse(t)
	type sample struct {
		ID     string            `json:"id"`
		Params map[string]string `json:"params"`
	}
	var samples []sample
	words := changeset.ParamWords()
	for _, id := range slices.Sorted(maps.Keys(changeset.MessageTemplates())) {
		params := map[string]string{}
		var enums []string
		for i, p := range changeset.TemplateParams(id) {
			switch {
			case prose[p]:
				params[p] = "invalid character looking for beginning of value"
			case words[p] != nil:
				enums = append(enums, p)
			default:
				params[p] = "〔" + string(rune('甲'+i)) + "〕"
			}
		}
		if len(enums) == 0 {
			samples = append(samples, sample{id, params})
		}
		for _, p := range enums {
			for _, k := range slices.Sorted(maps.Keys(words[p])) {
				s := sample{id, maps.Clone(params)}
				s.Params[p] = k
				for _, q := range enums {
					if q != p {
						s.Params[q] = slices.Sorted(maps.Keys(words[q]))[0]
					}
				}
				samples = append(samples, s)
			}
		}
	}
	in, _ := json.Marshal(samples)
	var out []string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`main`)),
		into(&out, chromedp.Evaluate[[]string](`import('/zh.js').then(zh => `+string(in)+`.map(s => {
			const z = zh.violationZh({id: s.id, params: s.params, message: 'UNTRANSLATED'});
			return z.text === null ? 'UNTRANSLATED' : z.text;
		}).concat([JSON.stringify(zh.violationZh({id: 'no-such-id', params: {}, message: 'the English'}))]))`, chromedp.EvalAwaitPromise)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(samples)+1 {
		t.Fatalf("%d renderings of %d samples", len(out), len(samples))
	}
	// An id without a template gives back the server's English.
	if unknown := out[len(samples)]; unknown != `{"text":null,"original":"the English"}` {
		t.Errorf("an unknown id gives %s", unknown)
	}
	for i, s := range samples {
		text := out[i]
		for p, v := range s.Params {
			if !prose[p] && words[p] == nil {
				text = strings.ReplaceAll(text, v, "")
			}
		}
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s %v renders as %q", s.ID, s.Params, out[i])
		}
		noEnglish(t, s.ID+" "+string(must(json.Marshal(s.Params))), allowed.ReplaceAllString(text, ""))
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestViolationChinese: at desktop and phone sizes, the change form
// explains in Chinese, beside the rule's Chinese title, a code outside the
// range for its kind, a field of the wrong JSON type (the server's parse
// error) and JSON that does not parse (the browser's).
func TestViolationChinese(t *testing.T) {
	w := newWorkflow(t)
	ctx, base := browseWith(t, w.mount(t), nil)
	js := `{"title": "设立新县", "date": "2020-06-05", "documents": [{"number": "测试〔2020〕9号"}], "operations": [{"type": "establish", "code": "220184", "name": "新县"}]}`
	wrongType := "{\"title\": \"设立新县\", \"date\": \"2020-06-05\", \"year\": \"2020\",\n\"documents\": [{\"number\": \"测试〔2020〕9号\"}], \"operations\": []}"
	notJSON := "{\"title\": \"设立新县\",\n\"date\": }"
	for _, size := range sizes {
		var rangeMsg, typeMsg, syntaxMsg string
		err := chromedp.Do(ctx, size.view,
			chromedp.Navigate(base+"/?viol-"+size.name+"#/changes"),
			signIn(w.tokens["li"]),
			chromedp.WaitVisible(chromedp.CSS(`#new-change`)),
			chromedp.Click(chromedp.CSS(`#new-change`)),
			chromedp.WaitVisible(chromedp.CSS(`#json`)),
			setInput(`#json`, js),
			chromedp.WaitVisible(`//p[@class="v"][code[.="code-range"]]`),
			into(&rangeMsg, chromedp.Text(`//p[@class="v"][code[.="code-range"]]/span[contains(@class, "msg")]`)),
			shot(t, "violation-zh-"+size.name),
			setInput(`#json`, wrongType),
			chromedp.WaitVisible(`//p[@class="v"][code[.="shape"]][span[contains(., "第 1 行")]]`),
			into(&typeMsg, chromedp.Text(`//p[@class="v"][code[.="shape"]]/span[contains(@class, "msg")]`)),
			setInput(`#json`, notJSON),
			chromedp.WaitVisible(`//p[@id="json-msg"]/span[@class="err"]`),
			into(&syntaxMsg, chromedp.Text(`#json-msg`)),
			shot(t, "violation-zh-parse-"+size.name),
			chromedp.Click(chromedp.CSS(`#signout`)),
			chromedp.WaitVisible(chromedp.CSS(`#signin-link`)),
		)
		if err != nil {
			t.Fatalf("%s: %v", size.name, err)
		}
		if !strings.Contains(rangeMsg, "地级市长春市下的县应使用代码 220121—80，而不是 220184") {
			t.Errorf("%s: the code-range violation reads %q", size.name, rangeMsg)
		}
		noEnglish(t, size.name+" code-range violation", rangeMsg)
		if !strings.Contains(typeMsg, "第 1 行：字段 year 应为整数，而不是文字") {
			t.Errorf("%s: the wrong JSON type reads %q", size.name, typeMsg)
		}
		noEnglish(t, size.name+" wrong JSON type", strings.ReplaceAll(typeMsg, "year", ""))
		if !strings.HasPrefix(syntaxMsg, "JSON 有误：语法错误") {
			t.Errorf("%s: JSON that does not parse reads %q", size.name, syntaxMsg)
		}
		noEnglish(t, size.name+" JSON syntax", allowed.ReplaceAllString(syntaxMsg, ""))
	}
}
