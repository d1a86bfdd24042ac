package address

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/quhua/quhua"
)

func TestZZProbe2(t *testing.T) {
	p := Default()
	for _, s := range []string{"云南省思茅地区思茅区", "思茅地区景谷县", "普洱市景谷县", "贵州省黔东南州凯里市雷山县", "凯里市雷山县丹江镇", "凯里市", "新疆伊犁哈萨克自治州塔城地区乌苏市", "伊犁州阿勒泰地区布尔津县",
		"南京市江宁区百家湖新区花园", "江苏省南京市鼓楼区湖南路", "四川省成都市锦江区吉林路"} {
		r := p.Parse(s, quhua.MustParseDate("2024"))
		b, _ := json.Marshal(r)
		fmt.Println(string(b))
	}
}
