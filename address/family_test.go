package address

import (
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// The examples below are public addresses: rows of the evaluation set
// (testdata/address/SOURCES.md names the sources) or the attestations
// cited in data/aliases.tsv and data/places.tsv.

type want struct {
	in                         string
	province, prefecture, code string // code: the county (or "" for none)
}

func check(t *testing.T, p *Parser, w want) Result {
	t.Helper()
	r := p.Parse(w.in, evalAt)
	got := [3]string{codeOf(r.Province), codeOf(r.Prefecture), codeOf(r.County)}
	if got != [3]string{w.province, w.prefecture, w.code} {
		t.Errorf("Parse(%q) = %v, want %v (candidates %v, notes %q)", w.in, got, [3]string{w.province, w.prefecture, w.code}, r.Candidates, r.Notes)
	}
	return r
}

// TestFamilyShortForms: conventional short forms from the alias table
// and the rules.
func TestFamilyShortForms(t *testing.T) {
	p := Default()
	for _, w := range []want{
		{"包头市昆区110国道前口子村", "150000", "150200", "150203"},            // alias (cpca-addr)
		{"湖北省宜昌市长阳县长阳大道438号", "420000", "420500", "420528"},         // 长阳土家族自治县 (cpca-addr)
		{"湖南省永州市江华县江华大道龙华集团", "430000", "431100", "431129"},         // 江华瑶族自治县 (cpca-addr)
		{"深圳市龙华新区清湖村和平东路66号四季大厦1-8楼", "440000", "440300", "440309"}, // alias (royhoo)
		{"达茂旗百灵庙镇", "150000", "150200", "150223"},                   // aliases.tsv: 旗政府驻百灵庙镇
		{"莫旗尼尔基镇", "150000", "150700", "150722"},                    // aliases.tsv: 政府驻地 尼尔基镇
		{"新疆巴州库尔勒市", "650000", "652800", "652801"},                  // aliases.tsv: 首府库尔勒市
		{"科左中旗保康镇", "150000", "150500", "150521"},                   // rule: 科尔沁左翼中旗
		{"察右前旗土贵乌拉镇", "150000", "150900", "150926"},                 // rule: 察哈尔右翼前旗
		{"阿左旗巴彦浩特镇", "150000", "152900", "152921"},                  // rule: 阿拉善左旗
	} {
		check(t, p, w)
	}
	// 巴州 alone is both 巴音郭楞蒙古自治州 (alias) and 巴中市巴州区 (short
	// name): offered as candidates, not decided.
	if r := p.Parse("巴州", evalAt); !r.Ambiguous() {
		t.Errorf("巴州: want candidates, got %s", r.Code())
	}
}

func TestBannerAbbrev(t *testing.T) {
	for name, want := range map[string]string{
		"科尔沁左翼中旗": "科左中旗", "察哈尔右翼前旗": "察右前旗", "阿拉善左旗": "阿左旗",
		"鄂托克前旗": "鄂前旗", "乌拉特中旗": "乌中旗", "新巴尔虎右旗": "新右旗",
	} {
		if got := bannerAbbrev(name); len(got) != 1 || got[0] != want {
			t.Errorf("bannerAbbrev(%s) = %v, want %s", name, got, want)
		}
	}
	for _, name := range []string{"四子王旗", "扎鲁特旗", "达尔罕茂明安联合旗", "长阳土家族自治县"} {
		if got := bannerAbbrev(name); got != nil {
			t.Errorf("bannerAbbrev(%s) = %v, want none", name, got)
		}
	}
}

// TestFamilyPlaces: zones inside their prefecture, never as a county;
// places of Taiwan and Hong Kong under their province-level unit, with no
// code of their own.
func TestFamilyPlaces(t *testing.T) {
	p := Default()
	r := check(t, p, want{"济南高新区万科金域中心A栋1705", "370000", "370100", ""}) // cpca-addr
	if r.Place.Code != 370176 || r.Place.Kind != "functional zone" || r.Place.Matched != "济南高新区" || r.Rest != "万科金域中心A栋1705" {
		t.Errorf("济南高新区: place %+v rest %q", r.Place, r.Rest)
	}
	r = check(t, p, want{"青岛市高新区聚贤桥路2号通产智能大厦", "370000", "370200", ""}) // cpca-addr
	if r.Place.Name != "青岛高新技术产业开发区" || r.Place.Matched != "高新区" {
		t.Errorf("青岛市高新区: place %+v", r.Place)
	}
	r = check(t, p, want{"高雄市大寮區進學路151號", "710000", "", ""}) // twpost
	if r.Place != (Place{Name: "高雄市", Kind: "municipality", Matched: "高雄市"}) || r.Rest != "大寮區進學路151號" {
		t.Errorf("高雄市: place %+v rest %q", r.Place, r.Rest)
	}
	// 新北市 is Taiwan's, not 常州市新北区 (address from a public site's
	// contact page: 新北市板橋區倉後街26號).
	r = check(t, p, want{"新北市板橋區倉後街26號", "710000", "", ""})
	if r.Place.Name != "新北市" {
		t.Errorf("新北市: place %+v", r.Place)
	}
	// 香港 with a district (the District Councils' list).
	r = check(t, p, want{"香港油尖旺区弥敦道", "810000", "", ""})
	if r.Place.Name != "油尖旺区" || r.Place.Kind != "district" {
		t.Errorf("油尖旺区: place %+v", r.Place)
	}
	// 东区 is also 攀枝花市东区: under 香港 it is Hong Kong's.
	if r := p.Parse("香港东区", evalAt); r.Place.Name != "东区" || r.Province.Code != 810000 {
		t.Errorf("香港东区: %+v", r)
	}
	if r := p.Parse("四川省攀枝花市东区", evalAt); r.County.Code != 510402 || !r.Place.IsZero() {
		t.Errorf("攀枝花市东区: %+v", r)
	}
}

// TestFamilyWordsWithNames: streets, landmarks and organisations named
// after places, and towns named after counties elsewhere.
func TestFamilyWordsWithNames(t *testing.T) {
	p := Default()
	for _, w := range []want{
		{"上海市南京西路1468号中欣大厦", "310000", "", ""},                  // cpca-addr
		{"青岛市市南区山东路2号甲华仁国际大厦27楼", "370000", "370200", "370202"}, // cpca-addr
		{"威海路696号", "", "", ""},                                 // cpca-addr
		{"北京市朝阳门外大街18号丰联广场", "110000", "", ""},                  // cpca-addr
		{"敕勒川大街东方君座D座11层", "", "", ""},                          // cpca-addr
		{"华亭镇嘉行公路2969号", "", "", ""},                            // cpca-addr
		{"三亚市吉阳镇吉阳大道68号（京润珍珠馆旁）一汽大众4S店", "460000", "460200", "460203"},
		{"吉林大路与吉林街交汇处众诚连锁办公楼", "", "", ""}, // cpca-addr
	} {
		check(t, p, w)
	}
	// A bare city name: the prefecture-level city, the districts and
	// counties of that name as alternatives.
	r := check(t, p, want{"湖南长沙", "430000", "430100", ""}) // cpca-addr
	if len(r.Alternatives) != 1 || r.Alternatives[0].Code != 430121 {
		t.Errorf("湖南长沙: alternatives %v", r.Alternatives)
	}
	r = check(t, p, want{"朝阳", "210000", "211300", ""})
	codes := map[quhua.Code]bool{}
	for _, a := range r.Alternatives {
		codes[a.Code] = true
	}
	if !codes[110105] || !codes[220104] || !codes[211321] || r.Ambiguous() {
		t.Errorf("朝阳: alternatives %v", r.Alternatives)
	}
}

// TestFamilyHistorical: a historical name is answered as the division on
// the date, and the part says which one the text named.
func TestFamilyHistorical(t *testing.T) {
	p := Default()
	r := check(t, p, want{"上海市 闸北区天目中路428号28楼c", "310000", "", "310106"}) // cpca-addr
	if n := r.County.Named; n == nil || n.Code != 310108 || n.Name != "闸北区" || r.County.Matched != "闸北区" {
		t.Errorf("闸北区: named %+v, matched %q", n, r.County.Matched)
	}
	r = check(t, p, want{"青岛市四方区重庆南路161号", "370000", "370200", "370203"}) // cpca-addr
	if n := r.County.Named; n == nil || n.Name != "四方区" {
		t.Errorf("四方区: named %+v", n)
	}
	// On a date the name was in force, nothing is carried.
	r = p.Parse("青岛市四方区重庆南路161号", quhua.EndOfYear(2010))
	if r.County.Code != 370205 || r.County.Named != nil {
		t.Errorf("四方区 in 2010: %+v", r.County)
	}
}

// TestFamilyAbolishedShortForms: a former unit's short name inside
// ordinary words is not read as that unit.
func TestFamilyAbolishedShortForms(t *testing.T) {
	p := Default()
	for _, w := range []want{
		{"昆明市五华区江东耀龙康城8幢2单元802室（北市区公交车场对面）", "530000", "530100", "530102"}, // cpca-addr
		{"上海市嘉定区菊园新区菊城路33号", "310000", "", "310114"},                       // cpca-addr
		{"七里河区彭家坪高新区248号", "620000", "620100", "620103"},                   // cpca-addr
		{"上海市 浦东新区 张江高新科技园区 李冰路227号", "310000", "", "310115"},              // cpca-addr
		{"臺灣省臺北市", "710000", "", ""},                                       // 北市 (保定市北市区) inside 台北市
	} {
		check(t, p, w)
	}
	// With its old parent named, the short form of a unit that no longer
	// exists is read, and carried to its successor.
	r := check(t, p, want{"杭州半山", "330000", "330100", "330105"})
	if r.County.Named == nil || r.County.Named.Name != "半山区" {
		t.Errorf("杭州半山: %+v", r.County)
	}
	// Without support it is not: 半山 inside a longer word.
	if r := p.Parse("半山腰公园", evalAt); r.Found() {
		t.Errorf("半山腰公园: found %s", r.Code())
	}
}

// TestDataErrors: a malformed line of a data file is reported with file
// and line.
func TestDataErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"alias fields", errOf(readAliases("a.tsv", "# c\n昆区\t150203\t昆都仑区\n")), "a.tsv:2: 3 fields, want 4"},
		{"alias code", errOf(readAliases("a.tsv", "昆区\t15020\t昆都仑区\tsrc\n")), "a.tsv:1: code \"15020\""},
		{"alias source", errOf(readAliases("a.tsv", "昆区\t150203\t昆都仑区\t\n")), "a.tsv:1: alias, name and source must not be empty"},
		{"place level", errOf(readPlaces("p.tsv", "810100\t中西区\tdistrict\t\tsrc\n")), "p.tsv:1: 810100 is not a province-level code"},
		{"zone code", errOf(readZones("z.tsv", "130101\t某区\t2016\t2023\n")), "z.tsv:1: 130101 is not a statistical zone code"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, c.err, c.want)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }

// TestParseNoAlloc: a plain address allocates nothing.
func TestParseNoAlloc(t *testing.T) {
	p := Default()
	for _, s := range []string{"长春市朝阳区西安大路289号", "广东省深圳市南山区科技园南路", "浙江省杭州市余杭区径山镇小古城村"} {
		p.Parse(s, evalAt)
		if n := testing.AllocsPerRun(100, func() { p.Parse(s, evalAt) }); n != 0 {
			t.Errorf("Parse(%q): %v allocations", s, n)
		}
	}
}
