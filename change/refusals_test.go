package change

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quhua/quhua/store"
)

// TestRefusalsPerMinute: refusals are written when their minute is over,
// one entry per client and minute.
func TestRefusalsPerMinute(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 8, 0, 10, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	svc := newService(t, "2019", WithClock(clock))
	c1 := WithClient(ctx, "192.0.2.1")
	c2 := WithClient(ctx, "192.0.2.2")
	for range 3 {
		svc.Authenticate(c1, "qh_bad")
	}
	svc.Authenticate(c2, "")
	svc.Require(c2, Principal{User: "li", Role: store.Editor}, store.Admin, "audit.list", "audit")
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	svc.Authenticate(c1, "qh_bad")
	must(0, svc.flushRefusals(ctx, false))
	entries, total := refusalEntries(t, svc)
	if len(entries) != 2 || total != 5 {
		t.Fatalf("after the first minute: %d entries counting %d, want 2 counting 5: %+v", len(entries), total, entries)
	}
	if e := entries[0]; e.Object != "client/192.0.2.1" || e.Actor != "(anonymous)" ||
		e.Detail != "3 requests refused 08:00–08:01 UTC: 401 ×3; auth: unknown token ×3" {
		t.Errorf("entry %+v", e)
	}
	if e := entries[1]; e.Object != "client/192.0.2.2" || e.Actor != "(anonymous), li" ||
		!strings.Contains(e.Detail, "401 ×1, 403 ×1") || !strings.Contains(e.Detail, "audit.list audit: role editor, needs admin ×1") {
		t.Errorf("entry %+v", e)
	}
	must(0, svc.FlushRefusals(ctx))
	if entries, total = refusalEntries(t, svc); len(entries) != 3 || total != 6 {
		t.Errorf("after flushing: %d entries counting %d", len(entries), total)
	}
	// Outside HTTP, a refusal is audited at once, as before.
	svc.Authenticate(ctx, "qh_bad")
	if entries, _ = refusalEntries(t, svc); len(entries) != 4 || entries[3].Action != "refused.auth" {
		t.Errorf("a refusal outside HTTP: %+v", entries)
	}
}

// refusalEntries returns the audit entries of refusals and the number of
// refused requests they count.
func refusalEntries(t *testing.T, svc *Service) ([]store.Audit, int) {
	t.Helper()
	ctx := context.Background()
	var log []store.Audit
	for {
		since := int64(0)
		if len(log) > 0 {
			since = log[len(log)-1].Seq
		}
		page, err := svc.Store().AuditLog(ctx, since, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		log = append(log, page...)
	}
	var out []store.Audit
	total := 0
	for _, a := range log {
		if a.Action == "refused" || strings.HasPrefix(a.Action, "refused.") {
			out = append(out, a)
			n := 1
			if a.Action == "refused" {
				fmt.Sscan(a.Detail, &n)
			}
			total += n
		}
	}
	return out, total
}

// TestRefusalMemory: refusals from a flood of distinct client addresses
// keep a bounded number of counts pending and make a bounded number of
// audit entries, which still count every refusal.
func TestRefusalMemory(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "2019")
	svc.refusals.maxClients = 50
	const flood = 1000
	for i := 0; i < flood; i++ {
		addr := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}).String()
		if _, err := svc.AuthenticateHeader(WithClient(ctx, addr), ""); ErrorKindOf(err) != Unauthorized {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	svc.refusals.mu.Lock()
	n := len(svc.refusals.pending)
	svc.refusals.mu.Unlock()
	if n > 2*(50+1) {
		t.Errorf("%d refusal counts pending, want at most %d", n, 2*(50+1))
	}
	must(0, svc.FlushRefusals(ctx))
	entries, total := refusalEntries(t, svc)
	if total != flood || len(entries) > 2*(50+1) {
		t.Errorf("%d entries counting %d refusals", len(entries), total)
	}
}
