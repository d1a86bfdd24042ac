package quhua_test

import (
	"fmt"

	"github.com/quhua/quhua"
)

func ExampleView_Lookup() {
	reg := quhua.Default()
	d, ok := reg.At(quhua.MustParseDate("2019")).Lookup(220381)
	if !ok {
		return
	}
	fmt.Println(d.Code, d.Name, d.Kind)
	fmt.Println("legal parent:", d.Legal.Name)
	fmt.Println("administered by:", d.Admin.Name, d.Delegated())
	fmt.Println(d.FullName())
	// Output:
	// 220381 公主岭市 县级市
	// legal parent: 吉林省
	// administered by: 四平市 true
	// 吉林省四平市公主岭市
}

func ExampleView_Find() {
	v := quhua.Default().At(quhua.MustParseDate("2024"))
	for _, d := range v.Find("朝阳区") {
		fmt.Println(d.Code, d.FullName())
	}
	fmt.Println(v.Find("吉林省长春市公主岭")[0].Code)
	// Output:
	// 110105 北京市朝阳区
	// 220104 吉林省长春市朝阳区
	// 220184
}

func ExampleRegistry_Translate() {
	reg := quhua.Default()
	t, err := reg.Translate(220381, quhua.MustParseDate("2019"), quhua.MustParseDate("2024"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range t.Targets {
		fmt.Println(x.Record.Code, x.Record.Name, x.Relation.Describe(), x.Status(t.Source))
		fmt.Println(x.Events[0].Date, x.Events[0].Documents[0].Number)
	}
	// Output:
	// 220184 公主岭市 same area recoded
	// 2020-06-05 国函〔2020〕84号
}

func ExampleRegistry_History() {
	reg := quhua.Default()
	r, _ := reg.At(quhua.MustParseDate("2024")).Record(220184)
	tl := reg.History(r)
	for _, p := range tl.Periods {
		fmt.Println(p.Code, p.Name, p.Interval(), p.Admin.Name)
	}
	// Output:
	// 222121 怀德县 ≤1981–1983-10-08 四平地区
	// 220321 怀德县 1983-10-08–1985-02-04 四平市
	// 220319 公主岭市 1985-02-04–1988 四平市
	// 229001 公主岭市 1988–1990 吉林省
	// 220381 公主岭市 1990–2020-06-05 四平市
	// 220184 公主岭市 2020-06-05– 长春市
}

func ExampleRegistry_Identify() {
	reg := quhua.Default()
	info := reg.Identify(229001, quhua.MustParseDate("1992"))
	fmt.Println(info.Class, info.Record.Code, info.Record.Name)
	// Output:
	// raw-variant 220381 公主岭市
}

func ExampleParseDate() {
	for _, s := range []string{"2020", "2020-06", "2020-06-05"} {
		d, p, _ := quhua.ParseDate(s)
		fmt.Println(d, p)
	}
	// Output:
	// 2020-12-31 year
	// 2020-06-30 month
	// 2020-06-05 day
}
