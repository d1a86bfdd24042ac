package plate_test

import (
	"fmt"

	"github.com/quhua/quhua/plate"
)

func ExampleLookup() {
	ms, err := plate.Lookup("吉A")
	if err != nil {
		panic(err)
	}
	fmt.Println(ms[0].Code, ms[0].Name, ms[0].Region)
	// Output: 220100 长春市 吉林省长春市
}
