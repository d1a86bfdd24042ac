package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/recode"
	"github.com/quhua/quhua/township"
	"github.com/spf13/pflag"
)

// TestTownshipWeights: 江干区 330104 (2019) went to 上城区 330102 and 钱塘区
// 330114 in 2021; of its ten townships of 2019, eight went to 上城区 and
// two (白杨街道, 下沙街道) to 钱塘区. (Here, where the registry has the
// township level.)
func TestTownshipWeights(t *testing.T) {
	reg := quhua.Default()
	to := quhua.EndOfYear(2024)
	w, err := recode.TownshipWeights(reg, quhua.EndOfYear(2019), false, to)
	if err != nil {
		t.Fatal(err)
	}
	if h := recode.TownshipHorizon(reg); h != township.Horizon {
		t.Errorf("TownshipHorizon %s, township.Horizon %s", h, township.Horizon)
	}
	ws := w[330104]
	if math.Abs(ws[330102]-0.8) > 1e-9 || math.Abs(ws[330114]-0.2) > 1e-9 || len(ws) != 2 {
		t.Errorf("weights of 330104: %v, want 330102: 0.8, 330114: 0.2", ws)
	}
	for src, ws := range w {
		sum := 0.0
		for _, x := range ws {
			sum += x
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("weights of %s add up to %v", src, sum)
		}
	}
	// Flag values persist between runs in one process: put recode's back.
	t.Cleanup(func() {
		cmd, _, _ := rootCmd.Find([]string{"recode"})
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				sv.Replace(nil)
			} else {
				f.Value.Set(f.DefValue)
			}
			f.Changed = false
		})
	})
	in := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(in, []byte("code,value\n330104,100\n220381,7\n"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"recode", in, "--column", "code", "--from", "2019", "--to", "2024", "--aggregate", "value", "--weights", "townships", "-q"}, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	for _, want := range []string{"330102,上城区,division,1,80", "330114,钱塘区,division,1,20", "220184,公主岭市,division,1,7"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("aggregate with township weights lacks %q:\n%s", want, out.String())
		}
	}
}
