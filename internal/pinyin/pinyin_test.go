package pinyin

import (
	"slices"
	"testing"
)

func TestWordOf(t *testing.T) {
	for _, c := range []struct {
		syl  []string
		want string
	}{
		{[]string{"lu", "an"}, "Lu'an"},
		{[]string{"dong", "e"}, "Dong'e"},
		{[]string{"xi", "an"}, "Xi'an"},
		{[]string{"an", "qing"}, "Anqing"},
		{[]string{"lv", "liang"}, "Lüliang"},
		{[]string{"lue", "yang"}, "Lüeyang"},
		{[]string{"gong", "zhu", "ling"}, "Gongzhuling"},
	} {
		if got := WordOf(c.syl); got != c.want {
			t.Errorf("WordOf(%v) = %q, want %q", c.syl, got, c.want)
		}
	}
}

func TestSplit(t *testing.T) {
	for name, want := range map[string]Parts{
		"公主岭市":       {Specific: "公主岭", Generic: "市"},
		"湘西土家族苗族自治州": {Specific: "湘西", Ethnic: []string{"土家族", "苗族"}, Generic: "自治州"},
		"东乡族自治县":     {Specific: "东乡族", Generic: "自治县"},
		"神农架林区":      {Specific: "神农架", Generic: "林区"},
		"万柏林区":       {Specific: "万柏林", Generic: "区"},
		"浦东新区":       {Specific: "浦东", Generic: "新区"},
		"清新区":        {Specific: "清新", Generic: "区"},
		"西沙群岛":       {Specific: "西沙", Generic: "群岛"},
		// Townships follow the same word rule as counties.
		"河南街道":  {Specific: "河南", Generic: "街道"},
		"范家屯镇":  {Specific: "范家屯", Generic: "镇"},
		"兴隆满族乡": {Specific: "兴隆", Ethnic: []string{"满族"}, Generic: "乡"},
		"巴彦苏木":  {Specific: "巴彦", Generic: "苏木"},
	} {
		got := Split(name)
		if got.Specific != want.Specific || got.Generic != want.Generic || !slices.Equal(got.Ethnic, want.Ethnic) {
			t.Errorf("Split(%s) = %+v, want %+v", name, got, want)
		}
	}
}

func TestFormat(t *testing.T) {
	full, ini := Format([]string{"she"}, nil, []string{"xian"})
	if full != "Shexian" || ini != "s" {
		t.Errorf("歙县: %q %q", full, ini)
	}
	full, ini = Format([]string{"xiang", "gang"}, nil, GenericSyllables("特别行政区"))
	if full != "Xianggang Tebie Xingzhengqu" || ini != "xg" {
		t.Errorf("香港特别行政区: %q %q", full, ini)
	}
	full, ini = Format(nil, nil, []string{"kuang", "qu"})
	if full != "Kuangqu" || ini != "kq" {
		t.Errorf("矿区: %q %q", full, ini)
	}
}

func TestKeyAndIsQuery(t *testing.T) {
	for in, want := range map[string]string{"Lu'an": "luan", "gong zhu ling": "gongzhuling", "Lüliang": "luliang", "lvliang": "luliang", "Dong’e": "donge"} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{"gzl": true, "Lu'an": true, "gong zhu ling": true, "公主岭": false, "220381": false, "  ": false, "gzl市": false} {
		if got := IsQuery(in); got != want {
			t.Errorf("IsQuery(%q) = %v, want %v", in, got, want)
		}
	}
}
