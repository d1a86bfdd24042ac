package changeset_test

import (
	"fmt"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/changeset"
)

// The 2020 公主岭 change, checked against the registry as it stood at the
// end of 2019: a dry run shows what it retires, creates and adds to the
// crosswalk.
func ExampleValidate() {
	base, _ := quhua.Build(changeset.Truncate(quhua.Default().Data(), quhua.EndOfYear(2019)))
	rep := changeset.Validate(base, &changeset.ChangeSet{
		Title:      "变更公主岭市代管关系",
		Date:       "2020-06-05",
		Documents:  []changeset.Document{{Number: "国函〔2020〕84号", Date: "2020-06-05"}},
		Operations: []changeset.Operation{{Type: changeset.OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220100"}},
	})
	fmt.Println("valid:", rep.Valid)
	for _, r := range rep.Retired {
		fmt.Println("retired", r.Code, r.Name, r.Parent)
	}
	for _, r := range rep.Created {
		fmt.Println("created", r.Code, r.Name, r.Parent)
	}
	for _, x := range rep.Crosswalk {
		fmt.Println("crosswalk", x.FromCode, "→", x.ToCode, x.Status)
	}
	// Output:
	// valid: true
	// retired 220381 公主岭市 吉林省四平市
	// created 220184 公主岭市 吉林省长春市
	// crosswalk 220381 → 220184 recoded
}

// A change set that breaks rules gets every violation at once.
func ExampleValidate_violations() {
	rep := changeset.Validate(quhua.Default(), &changeset.ChangeSet{
		Title:     "设立县级市",
		Date:      "2025-01-10",
		Documents: []changeset.Document{{Number: "民函〔2025〕1号"}},
		Operations: []changeset.Operation{
			{Type: changeset.OpEstablish, Code: "220150", Name: "新城市"},
			{Type: changeset.OpEstablish, Code: "220381", Name: "岭南市"},
		},
	})
	for _, v := range rep.Violations {
		fmt.Println(v)
	}
	// Output:
	// operations[1]: reuse: 220381 was 公主岭市 (1990–2020-06-05) and is retired; a retired code is never given to another area (cite a known exception with reuse_reason)
	// operations[0]: code-range: a 县级市 under 地级市 长春市 takes a code 220181–99, not 220150
}

// Every event of the registry can be written as a change set.
func ExampleFromEvent() {
	reg := quhua.Default()
	for _, e := range reg.EventsIn(quhua.MustParseDate("2020-06-04"), quhua.MustParseDate("2020-06-05")) {
		cs := changeset.FromEvent(reg, e)
		if cs.Documents[0].Number == "国函〔2020〕84号" {
			op := cs.Operations[0]
			fmt.Println(cs.Date, op.Type, op.Code, op.NewCode, op.Parent)
		}
	}
	// Output:
	// 2020-06-05 admin-parent 220381 220184 220100
}

// A violation's explanation is a message ID with its parameters; Message
// is its English.
func ExampleViolation() {
	base, _ := quhua.Build(changeset.Truncate(quhua.Default().Data(), quhua.EndOfYear(2019)))
	rep := changeset.Validate(base, &changeset.ChangeSet{
		Title:      "设立新县",
		Date:       "2020-06-05",
		Documents:  []changeset.Document{{Number: "测试〔2020〕9号"}},
		Operations: []changeset.Operation{{Type: changeset.OpEstablish, Code: "220184", Name: "新县"}},
	})
	v := rep.Violations[0]
	fmt.Println(v.Rule, v.ID)
	fmt.Println(v.Params["parent_name"], v.Params["prefix"]+v.Params["low"], v.Params["high"])
	fmt.Println(v.Message)
	fmt.Println(changeset.MessageTemplates()[v.ID])
	// Output:
	// code-range code-range
	// 长春市 220121 80
	// a 县 under 地级市 长春市 takes a code 220121–80, not 220184
	// a {kind} under {parent_kind} {parent_name} takes a code {prefix}{low}–{high}, not {code}
}
