package address_test

import (
	"fmt"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
)

func Example() {
	p, err := address.New(quhua.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	r := p.Parse("长春市朝阳区西安大路289号(与春阳街交汇处)", quhua.MustParseDate("2024"))
	fmt.Println(r.Province.Name, r.Prefecture.Name, r.County.Name, r.County.Code)
	fmt.Println(r.Rest)
	// Output:
	// 吉林省 长春市 朝阳区 220104
	// 西安大路289号(与春阳街交汇处)
}

func ExampleParser_Parse_history() {
	p := address.Default()
	for _, at := range []string{"2019", "2024"} {
		r := p.Parse("吉林省四平市公主岭市范家屯镇", quhua.MustParseDate(at))
		fmt.Println(at, r.Prefecture.Name, r.County.Code, len(r.Notes))
	}
	// Output:
	// 2019 四平市 220381 0
	// 2024 长春市 220184 1
}

func ExampleParser_Parse_ambiguous() {
	r := address.Default().Parse("朝阳区建国路", quhua.MustParseDate("2024"))
	for _, c := range r.Candidates {
		fmt.Println(c.Code, c.FullName)
	}
	// Output:
	// 110105 北京市朝阳区
	// 220104 吉林省长春市朝阳区
}
