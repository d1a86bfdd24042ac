package crosswalk_test

import (
	"fmt"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/crosswalk"
)

// The rows of the crosswalk 2019 → 2024 for 公主岭市 and 港闸区.
func ExampleBuild() {
	rows := crosswalk.Build(quhua.Default(), quhua.MustParseDate("2019"), quhua.MustParseDate("2024"))
	for _, r := range rows {
		if r.FromCode == "220381" || r.FromCode == "320611" {
			fmt.Println(r.FromCode, r.FromName, r.Status, r.ToCode, r.ToName, r.Relation, r.Partial, r.Candidates)
		}
	}
	// Output:
	// 220381 公主岭市 recoded 220184 公主岭市 same false 1
	// 320611 港闸区 merged 320613 崇川区 superset false 1
}
