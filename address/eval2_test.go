package address

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"

	"github.com/quhua/quhua/internal/evalset"
)

// The second evaluation set is frozen: built once by bench/address/label2
// from the source kept beside it, before any tuning, and never edited.
// Its checksums pin it; a change to either file fails here.
const (
	eval2Sum   = "173d373a8b676acc03f1e3ba946ba9f010eabb25bc9decd7a7bf5cbb511a0fbe"
	source2    = "../testdata/address/source/wuhan2020map-data_20200211030250.json"
	source2Sum = "37dd38df95362c0fc3a230a43d1dd5a97d176f50872432ba93bdc129a71c2efc"
)

func TestEval2Frozen(t *testing.T) {
	for path, want := range map[string]string{"../testdata/address/eval2.tsv": eval2Sum, source2: source2Sum} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: sha256 %s, want %s: the frozen set or its source was changed", path, got, want)
		}
	}
}

// TestEval2 measures accuracy per level on the second set, which the parser
// was never tuned on, and fails when a level drops below what the parser
// reached when the set was frozen.
func TestEval2(t *testing.T) {
	items, err := evalset.Load("../testdata/address/eval2.tsv")
	if err != nil {
		t.Fatal(err)
	}
	p := Default()
	var ok [3]int
	full := 0
	for _, it := range items {
		r := p.Parse(it.Input, evalAt)
		got := [3]string{codeOf(r.Province), codeOf(r.Prefecture), codeOf(r.County)}
		want := [3]string{it.Province, it.Prefecture, it.County}
		for l := range 3 {
			if got[l] == want[l] {
				ok[l]++
			}
		}
		if got == want {
			full++
		}
	}
	n := len(items)
	pct := func(a int) float64 { return 100 * float64(a) / float64(n) }
	t.Logf("second set, %d addresses: fully right %d (%.1f%%); province %d (%.1f%%), prefecture %d (%.1f%%), county %d (%.1f%%)",
		n, full, pct(full), ok[0], pct(ok[0]), ok[1], pct(ok[1]), ok[2], pct(ok[2]))
	if n != eval2Rows {
		t.Errorf("the second set has %d rows, want %d", n, eval2Rows)
	}
	floor := [4]int{eval2Floor[0], eval2Floor[1], eval2Floor[2], eval2Floor[3]}
	for l, name := range []string{"province", "prefecture", "county"} {
		if ok[l] < floor[l] {
			t.Errorf("%s right on %d rows, below the %d reached before", name, ok[l], floor[l])
		}
	}
	if full < floor[3] {
		t.Errorf("fully right on %d rows, below the %d reached before", full, floor[3])
	}
}

// eval2Rows is the size of the frozen set; eval2Floor the rows right at
// province, prefecture and county level and fully right, as last measured.
const eval2Rows = 1969

var eval2Floor = [4]int{1929, 1945, 1923, 1923}
