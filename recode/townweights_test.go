package recode

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/township"
)

// TestTownshipWeights: 江干区 330104 (2019) went to 上城区 330102 and 钱塘区
// 330114 in 2021; of its ten townships of 2019, eight went to 上城区 and
// two (白杨街道, 下沙街道) to 钱塘区.
func TestTownshipWeights(t *testing.T) {
	reg, err := township.Load()
	if err != nil {
		t.Fatal(err)
	}
	to := quhua.EndOfYear(2024)
	w, err := TownshipWeights(reg, quhua.EndOfYear(2019), false, to)
	if err != nil {
		t.Fatal(err)
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
	var out bytes.Buffer
	in := "code,value\n330104,100\n220381,7\n"
	if _, err := Run(context.Background(), strings.NewReader(in), &out, Options{Registry: reg, Column: "code", From: quhua.EndOfYear(2019), To: to, Aggregate: []string{"value"}, Weights: w}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"330102,上城区,division,1,80", "330114,钱塘区,division,1,20", "220184,公主岭市,division,1,7"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("aggregate with township weights lacks %q:\n%s", want, out.String())
		}
	}
}
