package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/server"
)

// chromium finds the browser: $QUHUA_CHROMIUM (set by .ci/chromium.sh),
// else Debian's chromium on PATH.
func chromium(t *testing.T) string {
	if p := os.Getenv("QUHUA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("Chromium is not installed: run .ci/chromium.sh (apt-get install chromium) or set QUHUA_CHROMIUM to the browser's path")
	return ""
}

// screenshots is where the tests save what they saw; the directory is
// ignored by git.
func screenshots(t *testing.T) string {
	dir := os.Getenv("QUHUA_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browse starts the server and a headless Chromium and returns a browser
// context and the server's base URL.
func browse(t *testing.T) (context.Context, string) {
	return browseWith(t, nil, nil)
}

// browseWith is browse with a change to the server's options (e.g. the
// change workflow mounted) and a listener of the browser's events (e.g.
// the requests it sends).
func browseWith(t *testing.T, configure func(*server.Options), listen func(ev any)) (context.Context, string) {
	exe := chromium(t)
	so := server.Options{Registry: quhua.Default, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if configure != nil {
		configure(&so)
	}
	srv, err := server.New(so)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	var copts []chromedp.ContextOption
	if listen != nil {
		copts = append(copts, chromedp.WithListener(listen))
	}
	ctx, cancel2 := chromedp.NewContext(actx, copts...)
	t.Cleanup(cancel2)
	// The first run starts the browser, under the context without timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	// A bound on the whole test, inside go test's own -timeout so that a
	// stuck page fails with what it waited for.
	deadline := time.Now().Add(5 * time.Minute)
	if d, ok := t.Deadline(); ok && d.Add(-15*time.Second).After(deadline) {
		deadline = d.Add(-15 * time.Second)
	}
	ctx, cancel3 := context.WithDeadline(ctx, deadline)
	t.Cleanup(cancel3)
	return ctx, hs.URL
}

// into runs an action that gives a value and stores the value in *p.
func into[T any](p *T, a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		v, err := a(ctx, tg)
		*p = v
		return chromedp.Void{}, err
	}
}

// shot saves a screenshot of the whole page as a PNG.
func shot(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return saveShot(t, name, chromedp.FullScreenshot(100))
}

// viewShot saves a screenshot of what the window shows.
func viewShot(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return saveShot(t, name, chromedp.CaptureScreenshot())
}

func saveShot(t *testing.T, name string, take chromedp.Action[[]byte]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := take(ctx, tg)
		if err != nil {
			return err
		}
		p := filepath.Join(screenshots(t), name+".png")
		t.Logf("screenshot %s", p)
		return os.WriteFile(p, buf, 0o644)
	})
}

// TestGongzhulingStory is the story a person follows: search for 公主岭 as
// they type, open its page, move the year slider back to 2019 with the
// keyboard and see 四平市 as the administering parent and the old code.
func TestGongzhulingStory(t *testing.T) {
	ctx, base := browse(t)
	var hits, code, admin, legal, steps, year string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#chart-county svg`)),
		shot(t, "home"),
		chromedp.SendKeys(chromedp.CSS(`#q`), "公主岭"),
		chromedp.WaitVisible(chromedp.CSS(`#suggest li[role=option]`)),
		into(&hits, chromedp.Text(chromedp.CSS(`#suggest`))),
		shot(t, "search"),
		chromedp.SendKeys(chromedp.CSS(`#q`), kb.ArrowDown+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#asof dd[data-field=admin]`)),
		into(&admin, chromedp.Text(chromedp.CSS(`#asof dd[data-field=admin]`))),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hits, "220184") || !strings.Contains(hits, "吉林省长春市公主岭市") {
		t.Errorf("search hits: %q", hits)
	}
	if !strings.Contains(admin, "长春市") {
		t.Errorf("today's administering parent: %q, want 长春市", admin)
	}
	// The slider starts at the newest state (a year after the last list
	// when changes are recorded after it): step back from where it is.
	var start string
	if err := chromedp.Do(ctx, into(&start, chromedp.Value(chromedp.CSS(`#year`)))); err != nil {
		t.Fatal(err)
	}
	y, err := strconv.Atoi(start)
	if err != nil || y < 2019 {
		t.Fatalf("the year slider starts at %q", start)
	}
	var keys []chromedp.Action[chromedp.Void]
	for range y - 2019 {
		keys = append(keys, chromedp.KeyEvent(kb.ArrowLeft))
	}
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`#year`)),
		chromedp.Steps(keys...),
		chromedp.WaitVisible(`//h2[contains(., "2019年底的状态")]`),
		into(&year, chromedp.Text(chromedp.CSS(`#year-out`))),
		into(&code, chromedp.Text(chromedp.CSS(`#asof dd[data-field=code]`))),
		into(&admin, chromedp.Text(chromedp.CSS(`#asof dd[data-field=admin]`))),
		into(&legal, chromedp.Text(chromedp.CSS(`#asof dd[data-field=legal]`))),
		into(&steps, chromedp.Text(chromedp.CSS(`ol.steps`))),
		shot(t, "division-2019"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if year != "2019年" || code != "220381" || !strings.Contains(admin, "四平市") || !strings.Contains(legal, "吉林省") {
		t.Errorf("2019: year %q code %q admin %q legal %q; want 220381 administered by 四平市 under 吉林省", year, code, admin, legal)
	}
	noJunk(t, "division steps", steps)
	for _, want := range []string{"国函〔2020〕84号", "1985-02-04", "（85）国函字17号", "代码变更"} {
		if !strings.Contains(steps, want) {
			t.Errorf("the timeline lacks %s", want)
		}
	}
}

// TestPages opens the other pages and checks what they show.
func TestPages(t *testing.T) {
	ctx, base := browse(t)
	var tree, yearLog, diff, sub, pinyinHits string
	var csvHref chromedp.AttributeResult
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/#/tree?at=2019"),
		chromedp.WaitVisible(chromedp.CSS(`#tree li`)),
		into(&csvHref, chromedp.AttributeValue(chromedp.CSS(`#tree-export a[data-format=csv]`), "href")),
		chromedp.Click(chromedp.CSS(`#tree button[aria-label="展开 吉林省"]`)),
		chromedp.WaitVisible(`//a[contains(@href, "#/d/220300")]`),
		into(&tree, chromedp.Text(chromedp.CSS(`#tree`))),
		shot(t, "tree-2019"),
		chromedp.Navigate(base+"/#/year/2020"),
		chromedp.WaitVisible(chromedp.CSS(`section.ev`)),
		into(&yearLog, chromedp.Text(chromedp.CSS(`main`))),
		shot(t, "year-2020"),
		chromedp.Navigate(base+"/#/diff?from=2019&to=2020"),
		chromedp.WaitVisible(chromedp.CSS(`section.ev`)),
		into(&diff, chromedp.Text(chromedp.CSS(`main`))),
		shot(t, "diff-2019-2020"),
	)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"tree": tree, "year": yearLog, "diff": diff} {
		noJunk(t, name, text)
	}
	if !csvHref.Exists || csvHref.Value != "/v1/export/divisions?at=2019&format=csv" {
		t.Errorf("tree 2019: download link %+v", csvHref)
	}
	// Pinyin initials in the search box.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.SendKeys(chromedp.CSS(`#q`), "gzl"),
		chromedp.WaitVisible(chromedp.CSS(`#suggest li[role=option]`)),
		into(&pinyinHits, chromedp.Text(chromedp.CSS(`#suggest`))),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pinyinHits, "公主岭市") {
		t.Errorf("search gzl: %q", pinyinHits)
	}
	if !strings.Contains(tree, "四平市") || !strings.Contains(tree, "北京市") {
		t.Errorf("tree 2019: %.300q", tree)
	}
	if !strings.Contains(yearLog, "国函〔2020〕84号") {
		t.Errorf("2020 change log lacks 国函〔2020〕84号")
	}
	if !strings.Contains(diff, "220184") {
		t.Errorf("diff 2019–2020 lacks 220184")
	}
	// The tools: an address and a plate.
	var addr, plt string
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/?tools#/tools"),
		chromedp.SendKeys(chromedp.CSS(`#addr`), "吉林省公主岭市范家屯镇幸福路1号"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#addr-out dl`)),
		into(&addr, chromedp.Text(chromedp.CSS(`#addr-out`))),
		chromedp.SendKeys(chromedp.CSS(`#plate`), "吉A"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#plate-out li`)),
		into(&plt, chromedp.Text(chromedp.CSS(`#plate-out`))),
		shot(t, "tools"),
	)
	if err != nil {
		t.Fatal(err)
	}
	noJunk(t, "tools", addr+plt)
	// The township level (imported by township_test.go, as quhua serve
	// has it) reads 范家屯镇 as the township.
	if !strings.Contains(addr, "220184") || !strings.Contains(addr, "乡级\n范家屯镇 220184103") || !strings.Contains(addr, "幸福路1号") || !strings.Contains(plt, "长春市") {
		t.Errorf("tools: address %q, plate %q", addr, plt)
	}
	// A phone: the division page in a narrow viewport.
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile),
		chromedp.Navigate(base+"/?phone#/d/220381?at=2019"),
		chromedp.WaitVisible(chromedp.CSS(`#asof dd[data-field=admin]`)),
		into(&sub, chromedp.Text(chromedp.CSS(`p.sub`))),
		viewShot(t, "division-phone"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub, "怀德县 → 公主岭市") {
		t.Errorf("phone page summary: %q", sub)
	}
}

// noJunk fails if a page shows what a script bug leaves behind.
func noJunk(t *testing.T, page, text string) {
	t.Helper()
	for _, junk := range []string{"null", "undefined", "[object", "NaN"} {
		if strings.Contains(text, junk) {
			t.Errorf("%s page shows %q", page, junk)
		}
	}
}
