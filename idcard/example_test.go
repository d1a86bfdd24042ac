package idcard_test

import (
	"fmt"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/idcard"
)

func ExampleParse() {
	// The worked example of GB 11643-1999.
	info, err := idcard.Parse("11010519491231002X", quhua.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Masked, info.Birth, info.Sex, info.Then.FullName)
	// Output: 110105********002X 1949-12-31 female 北京市朝阳区
}

func ExampleParse_error() {
	_, err := idcard.Parse("110105194912310021", quhua.Default())
	fmt.Println(err)
	// Output: ID number 110105********0021: check: check character is 1, the first 17 digits give X
}

func ExampleUpgrade() {
	n, err := idcard.Upgrade("220381920304042")
	fmt.Println(idcard.Mask(n), len(n), err)
	// Output: 220381********0421 18 <nil>
}
