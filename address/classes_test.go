package address

import (
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// Tests of the classes of failure of issue 21, each by its general rule.
// The township-level classes (a county since split, a township without
// its county) are in address/towntest, which loads the township level.

// Class 2: every autonomous county and banner, autonomous prefecture and
// banner in force is found by its customary short form: the place name
// without the ethnic qualifier, with 县, 旗 or 州 (长白县, 延边州), after
// its province.
func TestClassShortFormsCoverAll(t *testing.T) {
	p := Default()
	v := quhua.Default().At(evalAt)
	kinds := map[quhua.Kind]int{}
	for _, r := range quhua.Default().Records() {
		if !r.InForce(evalAt) {
			continue
		}
		switch r.Kind {
		case quhua.KindAutonomousCounty, quhua.KindAutonomousBanner, quhua.KindAutonomousPref, quhua.KindBanner:
		default:
			continue
		}
		kinds[r.Kind]++
		prov, _ := v.Record(r.Code.ProvinceCode())
		_, short := nameForms(r.Name)
		tried := 0
		for _, s := range short {
			if !strings.HasSuffix(s, "县") && !strings.HasSuffix(s, "旗") && !strings.HasSuffix(s, "州") {
				continue
			}
			tried++
			res := p.Parse(prov.Name+s, evalAt)
			if res.Code() != r.Code {
				t.Errorf("%s%s: got %s %v, want %s %s", prov.Name, s, res.Code(), res.Candidates, r.Code, r.Name)
			}
		}
		if tried == 0 && r.Kind != quhua.KindBanner {
			t.Errorf("%s %s: no short form with 县, 旗 or 州", r.Code, r.Name)
		}
	}
	// 117 autonomous counties and 3 autonomous banners, 30 autonomous
	// prefectures, 49 banners.
	if kinds[quhua.KindAutonomousCounty]+kinds[quhua.KindAutonomousBanner] < 120 || kinds[quhua.KindAutonomousPref] < 30 || kinds[quhua.KindBanner] < 49 {
		t.Errorf("kinds in force: %v", kinds)
	}
}

// Class 2: conventional abbreviations of the alias table (sources in
// data/aliases.tsv).
func TestClassConventionalAbbreviations(t *testing.T) {
	p := Default()
	for _, w := range []want{
		{"黑龙江省大庆市杜蒙县泰康镇", "230000", "230600", "230624"},
		{"辽宁省朝阳市喀左县大城子镇", "210000", "211300", "211324"},
		{"阜蒙县阜新镇", "210000", "210900", "210921"},
		{"吉林省松原市前郭县", "220000", "220700", "220721"},
		{"莫旗尼尔基镇", "150000", "150700", "150722"},
		{"博州博乐市", "650000", "652700", "652701"},
		{"吉林省长白县", "220000", "220600", "220623"},
	} {
		check(t, p, w)
	}
}

// Class 3: an old or outer prefecture name does not block the county
// after it; when the named levels are consistent the lowest wins.
func TestClassExtraNamesBeforeCounty(t *testing.T) {
	p := Default()
	for _, w := range []want{
		// A 地区 since become a 市, before a county named after the change.
		{"云南省思茅地区思茅区", "530000", "530800", "530802"},
		{"思茅地区景谷县", "530000", "530800", "530824"},
		// An autonomous prefecture above a 地区.
		{"新疆伊犁哈萨克自治州塔城地区乌苏市", "650000", "654200", "654202"},
		{"伊犁州阿勒泰地区布尔津县", "650000", "654300", "654321"},
		// A county-level city written in the prefecture's place.
		{"贵州省黔东南州凯里市雷山县", "520000", "522600", "522634"},
		{"凯里市雷山县丹江镇", "520000", "522600", "522634"},
		// The city alone stays the city.
		{"凯里市大十字", "520000", "522600", "522601"},
	} {
		check(t, p, w)
	}
	r := p.Parse("云南省思茅地区思茅区", evalAt)
	if r.Prefecture.Named == nil || r.Prefecture.Named.Code != 532700 || r.Confidence.Kind != Inferred {
		t.Errorf("思茅地区: named %v, confidence %+v", r.Prefecture.Named, r.Confidence)
	}
}

// Class 4: division names inside other words make no false division and
// do not wipe out a correct one.
func TestClassNamesInsideWords(t *testing.T) {
	p := Default()
	for _, w := range []want{
		{"上海市山西北路100号", "310000", "", ""},
		{"四川省成都市锦江区吉林路8号", "510000", "510100", "510104"},
		{"南京市江宁区百家湖新区花园3栋", "320000", "320100", "320115"},
		{"吉林省吉林市船营区", "220000", "220200", "220204"},
		{"吉林市船营区", "220000", "220200", "220204"},
		{"青海省海南州共和县", "630000", "632500", "632521"},
		{"海南省海口市美兰区", "460000", "460100", "460108"},
	} {
		check(t, p, w)
	}
}

// Class 5: dirty text is cleaned before matching.
func TestClassDirtyText(t *testing.T) {
	p := Default()
	for _, w := range []want{
		{"廣東省廣州市天河區", "440000", "440100", "440106"},                // traditional
		{"⻄藏拉萨市城关区", "540000", "540100", "540102"},                 // radical U+2EC4 for 西
		{"⾭海省西宁市城中区", "630000", "630100", "630103"},                // Kangxi radical U+2FAD for 青
		{"ＡＢ广州市天河区１号", "440000", "440100", "440106"},               // full-width
		{"浙江-杭州-西湖区", "330000", "330100", "330106"},                // separators
		{"广东省/深圳市/南山区", "440000", "440300", "440305"},              //
		{"广东_深圳_南山区", "440000", "440300", "440305"},                //
		{"张三 13800138000 广东省深圳市南山区", "440000", "440300", "440305"}, // leading noise
	} {
		check(t, p, w)
	}
	r := p.Parse("广东省深圳市南山区科技园 广东省深圳市南山区科技园", evalAt)
	if r.County.Code != 440305 || r.Rest != "科技园" || r.Conflict != nil {
		t.Errorf("repeated address: county %s, rest %q, conflict %v", r.County.Code, r.Rest, r.Conflict)
	}
}

// Class 6: two incompatible addresses are a conflict with both readings.
func TestClassTwoAddresses(t *testing.T) {
	p := Default()
	r := p.Parse("北京市朝阳区建国路1号 上海市浦东新区世纪大道1号", evalAt)
	if r.Conflict == nil || len(r.Conflict.Readings) != 2 {
		t.Fatalf("no conflict: %+v", r)
	}
	if a, b := r.Conflict.Readings[0], r.Conflict.Readings[1]; a.County.Code != 110105 || b.County.Code != 310115 {
		t.Errorf("readings %v / %v", a.County, b.County)
	}
	if r.Confidence.Kind != Ambiguous || r.Rest != "建国路1号" {
		t.Errorf("confidence %+v, rest %q", r.Confidence, r.Rest)
	}
	// A name inside a word of the rest is no second address.
	for _, s := range []string{"深圳市南山区人民路近广州市场", "北京市朝阳区建国路1号(北京市朝阳区)"} {
		if r := p.Parse(s, evalAt); r.Conflict != nil {
			t.Errorf("%s: conflict %+v", s, r.Conflict)
		}
	}
}

// The answer fields: asWritten, level, confidence.
func TestAnswerFields(t *testing.T) {
	p := Default()
	r := p.Parse("吉林省四平市公主岭市范家屯镇", quhua.MustParseDate("2024"))
	if r.Level() != "county" || r.Confidence.Kind != Inferred {
		t.Errorf("level %q, confidence %+v", r.Level(), r.Confidence)
	}
	w := r.AsWritten()
	if len(w) != 3 || w[1].Code != 220300 || w[2].Code != 220381 || w[2].Current || w[2].InForce == "" {
		t.Errorf("asWritten %+v", w)
	}
	if r := p.Parse("长春市朝阳区西安大路289号", evalAt); r.Confidence.Kind != Certain || r.Level() != "county" {
		t.Errorf("certain: %+v %s", r.Confidence, r.Level())
	}
	if r := p.Parse("朝阳区", evalAt); r.Confidence.Kind != Ambiguous || len(r.Confidence.Candidates) < 2 {
		t.Errorf("ambiguous: %+v", r.Confidence)
	}
	if r := p.Parse("人民路1号", evalAt); !r.Confidence.IsZero() || r.Level() != "" {
		t.Errorf("nothing found: %+v %q", r.Confidence, r.Level())
	}
}
