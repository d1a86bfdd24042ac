package recode_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/recode"
)

// A table keyed by codes of 2019 carried to the divisions of 2024: every
// row is kept, with the target code, name, relation and a note (and the row
// as read, for a malformed row).
func ExampleRun() {
	in := strings.NewReader("id,code,value\n1,220381,10\n2,320611,5\n3,220102,1\n")
	rep, err := recode.Run(context.Background(), in, os.Stdout, recode.Options{
		Column: "code",
		From:   quhua.MustParseDate("2019"),
		To:     quhua.MustParseDate("2024"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.RowsWritten, "rows,", rep.Relations[recode.Recoded], "recoded")
	// Output:
	// id,code,value,quhua_code,quhua_name,quhua_relation,quhua_note,quhua_raw
	// 1,220381,10,220184,公主岭市,recoded,220381 公主岭市 → 220184 公主岭市 (2020-06-05),
	// 2,320611,5,320613,崇川区,merged,320611 港闸区 merged into 320613 崇川区 (2020-06-05),
	// 3,220102,1,220102,南关区,exact,,
	// 3 rows, 1 recoded
}

// Numeric columns rolled up to the prefectures of the target date:
// 公主岭市 moved from 四平市 to 长春市 in 2020.
func ExampleRun_aggregate() {
	in := strings.NewReader("code,population\n220381,100\n220102,50\n220302,30\n")
	_, err := recode.Run(context.Background(), in, os.Stdout, recode.Options{
		Column:    "code",
		From:      quhua.MustParseDate("2019"),
		To:        quhua.MustParseDate("2024"),
		Aggregate: []string{"population"},
		Level:     quhua.Prefecture,
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// quhua_code,quhua_name,quhua_relation,quhua_rows,population
	// 220100,长春市,division,2,150
	// 220300,四平市,division,1,30
}

// A Mapper answers for single values, as Run does for each row.
func ExampleMapper_Code() {
	m := recode.NewMapper(quhua.Default(), recode.MapperOptions{FromAuto: true})
	for _, c := range []quhua.Code{220381, 229001, 110100} {
		res := m.Code(c)
		fmt.Println(c, res.Relation, res.Codes, res.Names)
	}
	// Output:
	// 220381 recoded 220184 公主岭市
	// 229001 partial 220184 公主岭市
	// 110100 placeholder 110000 北京市
}
