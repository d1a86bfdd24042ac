package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

func picker(t *testing.T, f PickerFormat, o PickerOptions) []byte {
	t.Helper()
	if o.At == 0 {
		o.At = quhua.MustParseDate("2024")
	}
	var b bytes.Buffer
	if err := WritePicker(&b, quhua.Default(), f, o); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b.Bytes()) {
		t.Fatalf("%s: not JSON", f)
	}
	return b.Bytes()
}

type elemNode struct {
	Value    string     `json:"value"`
	Label    string     `json:"label"`
	Children []elemNode `json:"children"`
}

func find(ns []elemNode, v string) *elemNode {
	for i := range ns {
		if ns[i].Value == v {
			return &ns[i]
		}
	}
	return nil
}

func TestPickerElement(t *testing.T) {
	var e struct {
		RegionData []elemNode        `json:"regionData"`
		CodeToText map[string]string `json:"codeToText"`
	}
	if err := json.Unmarshal(picker(t, Element, PickerOptions{}), &e); err != nil {
		t.Fatal(err)
	}
	bj := find(e.RegionData, "11")
	if bj == nil || len(bj.Children) != 1 || bj.Children[0].Value != "1101" || bj.Children[0].Label != "市辖区" || find(bj.Children[0].Children, "110105") == nil {
		t.Fatalf("北京: %+v", bj)
	}
	hb := find(e.RegionData, "42")
	if g := find(hb.Children, "4290"); g == nil || g.Label != "省直辖县级行政区划" || find(g.Children, "429004") == nil {
		t.Errorf("湖北's 省直辖: %+v", g)
	}
	// 公主岭市 (220184) under 长春市 since 2020; 东莞市 has no counties.
	if jl := find(e.RegionData, "22"); find(find(jl.Children, "2201").Children, "220184") == nil {
		t.Error("220184 not under 2201")
	}
	if dg := find(find(e.RegionData, "44").Children, "4419"); dg == nil || len(dg.Children) != 0 {
		t.Errorf("东莞市: %+v", dg)
	}
	if hk := find(e.RegionData, "81"); hk == nil || len(hk.Children) != 0 {
		t.Errorf("香港 with outlying leaf: %+v", hk)
	}
	if e.CodeToText["2201"] != "长春市" || e.CodeToText["220184"] != "公主岭市" || e.CodeToText["1101"] != "市辖区" {
		t.Errorf("codeToText: %v %v %v", e.CodeToText["2201"], e.CodeToText["220184"], e.CodeToText["1101"])
	}
	// At 2019 公主岭市 was 220381, under 四平市.
	if err := json.Unmarshal(picker(t, Element, PickerOptions{At: quhua.MustParseDate("2019"), Outlying: OutlyingOmit}), &e); err != nil {
		t.Fatal(err)
	}
	if jl := find(e.RegionData, "22"); find(find(jl.Children, "2203").Children, "220381") == nil {
		t.Error("2019: 220381 not under 2203")
	}
	if find(e.RegionData, "81") != nil {
		t.Error("outlying omit kept 香港")
	}
}

func TestPickerVant(t *testing.T) {
	var v map[string]map[string]string
	if err := json.Unmarshal(picker(t, Vant, PickerOptions{}), &v); err != nil {
		t.Fatal(err)
	}
	if v["city_list"]["110100"] != "北京市" || v["city_list"]["429000"] != "省直辖县" || v["city_list"]["500200"] != "县" {
		t.Errorf("placeholders: %q %q %q", v["city_list"]["110100"], v["city_list"]["429000"], v["city_list"]["500200"])
	}
	for c := range v["county_list"] {
		if _, ok := v["city_list"][c[:4]+"00"]; !ok {
			t.Errorf("county %s has no city for Vant's Area to put it under", c)
		}
	}
	var vc []struct {
		Text     string `json:"text"`
		Value    string `json:"value"`
		Children []any  `json:"children"`
	}
	b := picker(t, VantCascader, PickerOptions{})
	if err := json.Unmarshal(b, &vc); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(`[{"text":"北京市","value":"110000","children":[{"text":"北京市","value":"110100"`)) {
		t.Errorf("vant cascader starts %.100s", b)
	}
}

func TestPickerChinaAreaData(t *testing.T) {
	var m map[string]map[string]string
	if err := json.Unmarshal(picker(t, ChinaAreaData, PickerOptions{}), &m); err != nil {
		t.Fatal(err)
	}
	if m["86"]["220000"] != "吉林省" || m["220100"]["220184"] != "公主岭市" || m["110000"]["110100"] != "市辖区" || m["110100"]["110101"] != "东城区" {
		t.Errorf("china-area-data: %v %v", m["86"]["220000"], m["220100"]["220184"])
	}
	if _, ok := m["810000"]; ok {
		t.Error("香港 has children")
	}
}

func TestPickerCascader(t *testing.T) {
	b := picker(t, Cascader, PickerOptions{ValueKey: "id", LabelKey: "name", ChildrenKey: "items"})
	if !bytes.HasPrefix(b, []byte(`[{"id":"110000","name":"北京市","items":[{"id":"110101","name":"东城区"}`)) {
		t.Errorf("cascader starts %.100s", b)
	}
	b = picker(t, Cascader, PickerOptions{ShortCodes: true, Middle: MiddlePlaceholder})
	if !bytes.HasPrefix(b, []byte(`[{"value":"11","label":"北京市","children":[{"value":"1101","label":"市辖区","children":[{"value":"110101"`)) {
		t.Errorf("cascader with short codes starts %.100s", b)
	}
	for _, o := range []PickerOptions{{ValueKey: "x", LabelKey: "x"}, {Middle: "fill"}, {Outlying: "invent"}} {
		if err := WritePicker(&bytes.Buffer{}, quhua.Default(), Cascader, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := ParsePickerFormat("antd"); err == nil || !strings.Contains(err.Error(), "antd") {
		t.Errorf("ParsePickerFormat: %v", err)
	}
}
