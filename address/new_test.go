package address

import (
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// New fails, naming the table's line, for a registry that lacks a division
// the table of conventional short forms names; it does not panic.
func TestNewRegistryWithoutAliasTarget(t *testing.T) {
	d := *quhua.Default().Data()
	d.Records = append(d.Records[:0:0], d.Records...)
	renamed := 0
	for i := range d.Records {
		if d.Records[i].Code == 150223 {
			d.Records[i].Name = "某某旗"
			renamed++
		}
	}
	if renamed == 0 {
		t.Fatal("the registry has no 150223")
	}
	reg, err := quhua.Build(&d)
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(reg)
	if err == nil {
		t.Fatalf("New succeeded (%d words) on a registry without 150223 达尔罕茂明安联合旗", p.Words())
	}
	for _, want := range []string{"data/aliases.tsv:", "150223", "达尔罕茂明安联合旗"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}
