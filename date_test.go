package quhua

import (
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		prec Precision
		err  string
	}{
		{"2020", "2020-12-31", Year, ""},
		{"2020-06", "2020-06-30", Month, ""},
		{"2020-02", "2020-02-29", Month, ""},
		{"2020-06-05", "2020-06-05", Day, ""},
		{"1949", "1949-12-31", Year, ""},
		{"2020/6/5", "", 0, `separate year, month and day with "-"`},
		{"2019/06/05", "", 0, `separate year, month and day with "-"`},
		{"2020.06.05", "", 0, `separate year, month and day with "-"`},
		{"20200605", "", 0, "write 20200605 as 2020-06-05"},
		{"20190605", "", 0, "write 20190605 as 2019-06-05"},
		{" 2019 ", "", 0, "spaces"},
		{"2019 ", "", 0, "spaces"},
		{"2019-06-05\n", "", 0, "spaces"},
		{"+2019", "", 0, "no sign"},
		{"-2019", "", 0, "no sign"},
		{"2019-6-5", "", 0, "two digits each"},
		{"2019-06-5", "", 0, "two digits each"},
		{"02019", "", 0, "four digits"},
		{"2019-", "", 0, "empty part"},
		{"2019-+6", "", 0, "not a number"},
		{"today", "", 0, "not a number"},
		{"2019年6月", "", 0, `separate year, month and day with "-"`},
		{"１９９０", "", 0, "not a number"},
		{"2020-13-01", "", 0, "month 13 is not between 1 and 12"},
		{"2021-02-29", "", 0, "day 29 is not between 1 and 28"},
		{"2020-00", "", 0, "month 0"},
		{"20", "", 0, "four digits"},
		{"1800", "", 0, "between 1949"},
		{"2020-06-05-01", "", 0, "too many parts"},
		{"2020--05", "", 0, "malformed"},
		{"abcd", "", 0, "not a number"},
		{"+202", "", 0, "no sign"},
		{"", "", 0, "empty"},
	}
	for _, tt := range tests {
		d, p, err := ParseDate(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || d.String() != tt.want || p != tt.prec {
			t.Errorf("ParseDate(%q) = %s, %s, %v; want %s, %s", tt.in, d, p, err, tt.want, tt.prec)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2020", "2020-06", "2020-06-05", "20200605", "2020/6/5", "2020-13-01", "today", "-1", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, p, err := ParseDate(s)
		if err != nil {
			return
		}
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = %d, not a valid day", s, d)
		}
		// The formatted date parses back to itself.
		d2, _, err := ParseDate(d.Format(p))
		if err != nil || d2 != d {
			t.Fatalf("%q → %s → %s, %v", s, d.Format(p), d2, err)
		}
	})
}

func TestParseCode(t *testing.T) {
	for _, s := range []string{"22038", "2203811", "22038x", "２２０３８１", "", "-22038"} {
		if _, err := ParseCode(s); err == nil {
			t.Errorf("ParseCode(%q) accepted", s)
		}
	}
	c, err := ParseCode("220381")
	if err != nil || c != 220381 || c.String() != "220381" || c.PrefectureCode() != 220300 || c.ProvinceCode() != 220000 || c.Level() != County {
		t.Errorf("ParseCode(220381) = %v, %v", c, err)
	}
	if Code(110000).Level() != Province || Code(110100).Level() != Prefecture || Code(0).Level() != Nation || !Code(429021).ProvinceGoverned() {
		t.Error("code levels")
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		code Code
		name string
		want Kind
	}{
		{110000, "北京市", KindMunicipality},
		{220000, "吉林省", KindProvince},
		{450000, "广西壮族自治区", KindAutonomousReg},
		{810000, "香港特别行政区", KindSAR},
		{220100, "长春市", KindPrefCity},
		{222400, "延边朝鲜族自治州", KindAutonomousPref},
		{232700, "大兴安岭地区", KindPrefecture},
		{152900, "阿拉善盟", KindLeague},
		{442100, "海南行政区", KindAdminRegion},
		{220104, "朝阳区", KindDistrict},
		{220122, "农安县", KindCounty},
		{220184, "公主岭市", KindCountyCity},
		{222426, "安图县", KindCounty},
		{152921, "阿拉善左旗", KindBanner},
		{150727, "鄂温克族自治旗", KindAutonomousBanner},
		{130826, "丰宁满族自治县", KindAutonomousCounty},
		{520203, "六枝特区", KindSpecialDistrict},
		{429021, "神农架林区", KindForestryDistrict},
		{140109, "万柏林区", KindDistrict},
		{460321, "西沙群岛", KindOther},
	}
	for _, tt := range tests {
		if got := KindOf(tt.code, tt.name); got != tt.want {
			t.Errorf("KindOf(%s, %s) = %s, want %s", tt.code, tt.name, got, tt.want)
		}
	}
	if ShortName("公主岭市") != "公主岭" || ShortName("广西壮族自治区") != "广西" || ShortName("沙市") != "沙市" {
		t.Error("ShortName")
	}
}
