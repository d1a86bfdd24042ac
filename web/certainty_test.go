package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Facts that are not official carry a badge: 两江新区 of the provisional
// 2025 list is 暂定, the establishment of 和安县 (upstream's "!") 未经证实,
// each with its reason for screen readers.
func TestCertaintyBadges(t *testing.T) {
	ctx, base := browse(t)
	var head, year string
	var badges []string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/?cert#/d/500157"),
		chromedp.WaitVisible(chromedp.CSS(`main h1 .cert`)),
		into(&head, chromedp.Text(chromedp.CSS(`main h1`))),
		chromedp.Navigate(base+"/?cert2#/year/2024"),
		chromedp.WaitVisible(chromedp.CSS(`main .ops .cert`)),
		into(&year, chromedp.Text(chromedp.CSS(`main`))),
		into(&badges, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main .cert')].map(b => b.className + ' ' + b.textContent)`)),
		shot(t, "certainty"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(head, "两江新区") || !strings.Contains(head, "暂定") || !strings.Contains(head, "provisional") {
		t.Errorf("500157 heading: %q", head)
	}
	found := false
	for _, b := range badges {
		found = found || strings.HasPrefix(b, "chip cert unconfirmed 未经证实") && strings.Contains(b, "diff/2023-2024.diff")
	}
	if !found {
		t.Errorf("no unconfirmed badge with its source on the 2024 page: %v", badges)
	}
}
