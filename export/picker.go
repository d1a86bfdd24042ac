package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/quhua/quhua"
)

// PickerFormat is a JSON shape that a cascading picker loads.
type PickerFormat string

// The picker formats.
const (
	// Element is element-china-area-data's data: {"regionData": [{value,
	// label, children}], "codeToText": {code: name}}, with 2-, 4- and
	// 6-digit values (11, 1101, 110101).
	Element PickerFormat = "element"
	// Vant is @vant/area-data's areaList: {province_list, city_list,
	// county_list}, each {code: name}, for Vant's Area component.
	Vant PickerFormat = "vant"
	// VantCascader is what @vant/area-data's useCascaderAreaData() returns
	// for Vant's Cascader: [{text, value, children}] with 6-digit values.
	VantCascader PickerFormat = "vant-cascader"
	// ChinaAreaData is china-area-data's data.json: {"86": {province code:
	// name}, parent code: {child code: name}}.
	ChinaAreaData PickerFormat = "china-area-data"
	// Cascader is the generic cascader options of antd, Element Plus and
	// uni-app: [{value, label, children}], field names configurable.
	Cascader PickerFormat = "cascader"
)

// PickerFormats lists the picker formats.
var PickerFormats = []PickerFormat{Element, Vant, VantCascader, ChinaAreaData, Cascader}

// ParsePickerFormat checks a picker format name.
func ParsePickerFormat(s string) (PickerFormat, error) {
	f := PickerFormat(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(PickerFormats, f) {
		return f, nil
	}
	return "", fmt.Errorf("unknown picker format %q (want element, vant, vant-cascader, china-area-data or cascader)", s)
}

// Middle says how to fill the prefecture level that pickers with three
// columns need where GB/T 2260 has none: the districts and counties of the
// municipalities (北京, 天津, 上海, 重庆) and the county-level units that a
// province governs directly (省直辖: 429004 仙桃市, 469001 五指山市 …).
type Middle string

const (
	// MiddlePlaceholder groups such units under a node whose code is the
	// prefix their codes share (1101 or 110100, 5002 or 500200, 4290 or
	// 429000) and whose name is the one the picker package uses: 市辖区 or
	// the municipality's name, 县, 省直辖县级行政区划 or 省直辖县. These nodes
	// are not divisions: GB/T 2260 lists used such codes as placeholders
	// (quhua lookup 110100 says so), and quhua never presents them as
	// divisions.
	MiddlePlaceholder Middle = "placeholder"
	// MiddleNone puts such units directly under their province, so that the
	// tree has two levels there. Vant's Area component cannot show them.
	MiddleNone Middle = "none"
)

// Outlying says how to treat 710000 台湾省, 810000 香港特别行政区 and
// 820000 澳门特别行政区, which GB/T 2260 lists without subdivisions.
type Outlying string

const (
	// OutlyingLeaf lists them as provinces without children (the default).
	// Picker packages that list their districts invent codes for them;
	// quhua does not.
	OutlyingLeaf Outlying = "leaf"
	// OutlyingOmit leaves them out, as element-china-area-data does.
	OutlyingOmit Outlying = "omit"
)

// PickerOptions tune a picker export.
type PickerOptions struct {
	// At is the date.
	At quhua.Date
	// Middle fills the missing prefecture level (default placeholder, for
	// the cascader format none).
	Middle Middle
	// Outlying treats Taiwan, Hong Kong and Macau (default leaf).
	Outlying Outlying
	// ValueKey, LabelKey and ChildrenKey name the fields of the cascader
	// format (default value, label, children).
	ValueKey, LabelKey, ChildrenKey string
	// ShortCodes writes the cascader format's values as element does: 2
	// digits for provinces, 4 for prefectures, 6 for counties.
	ShortCodes bool
}

// node is a picker node: a division, or a placeholder for a missing level.
type node struct {
	code        quhua.Code
	name        string
	placeholder bool
	children    []*node
}

func isOutlying(c quhua.Code) bool { return c == 710000 || c == 810000 || c == 820000 }

func isMunicipality(c quhua.Code) bool {
	switch c.Province() {
	case 11, 12, 31, 50:
		return true
	}
	return false
}

// tree builds the three-level tree of the divisions in force on o.At.
// names gives a placeholder's name from the province and the placeholder's
// code.
func tree(reg *quhua.Registry, o PickerOptions, names func(prov *node, code quhua.Code) string) []*node {
	v := reg.At(o.At)
	var out []*node
	for _, p := range v.Children(0) {
		if isOutlying(p.Code) && o.Outlying == OutlyingOmit {
			continue
		}
		pn := &node{code: p.Code, name: p.Name}
		var groups map[quhua.Code]*node
		for _, c := range v.Children(p.Code) {
			cn := &node{code: c.Code, name: c.Name}
			if c.Level() == quhua.Prefecture {
				for _, cc := range v.Children(c.Code) {
					cn.children = append(cn.children, &node{code: cc.Code, name: cc.Name})
				}
				pn.children = append(pn.children, cn)
				continue
			}
			mc := c.Code.PrefectureCode()
			if o.Middle == MiddleNone || mc == p.Code {
				// A unit whose code shares only the province's prefix
				// (海南's 460001 通什市 of 1990) has no placeholder
				// code of its own: the province's would repeat.
				pn.children = append(pn.children, cn)
				continue
			}
			if groups == nil {
				groups = map[quhua.Code]*node{}
			}
			g, ok := groups[mc]
			if !ok {
				g = &node{code: mc, name: names(pn, mc), placeholder: true}
				groups[mc] = g
				pn.children = append(pn.children, g)
			}
			g.children = append(g.children, cn)
		}
		slices.SortStableFunc(pn.children, func(a, b *node) int { return int(a.code) - int(b.code) })
		out = append(out, pn)
	}
	return out
}

// Placeholder names as the packages write them.
func elementName(prov *node, c quhua.Code) string {
	switch {
	case c.Middle() == 90:
		return "省直辖县级行政区划"
	case isMunicipality(c) && c.Middle() == 2:
		return "县"
	case isMunicipality(c):
		return "市辖区"
	}
	return prov.name
}

func vantName(prov *node, c quhua.Code) string {
	switch {
	case c.Middle() == 90:
		return "省直辖县"
	case isMunicipality(c) && c.Middle() == 2:
		return "县"
	}
	return prov.name
}

// shortCode writes a code as element does: 11, 1101, 110101. The length
// follows the node's own level, not its depth: a county listed directly
// under its province (MiddleNone) keeps its six digits, so that siblings
// never share a value.
func shortCode(n *node, depth int) string {
	s := n.code.String()
	switch {
	case depth == 0:
		return s[:2]
	case depth == 1 && n.code.Suffix() == 0:
		return s[:4]
	}
	return s
}

func (o *PickerOptions) defaults(f PickerFormat) {
	if o.Middle == "" {
		o.Middle = MiddlePlaceholder
		if f == Cascader {
			o.Middle = MiddleNone
		}
	}
	if o.Outlying == "" {
		o.Outlying = OutlyingLeaf
	}
}

// CheckPickerOptions reports options that WritePicker would refuse.
func CheckPickerOptions(f PickerFormat, o PickerOptions) error {
	o.defaults(f)
	if !slices.Contains(PickerFormats, f) {
		return fmt.Errorf("unknown picker format %q", f)
	}
	if o.Middle != MiddlePlaceholder && o.Middle != MiddleNone {
		return fmt.Errorf("unknown middle %q (want placeholder or none)", o.Middle)
	}
	if o.Outlying != OutlyingLeaf && o.Outlying != OutlyingOmit {
		return fmt.Errorf("unknown outlying %q (want leaf or omit)", o.Outlying)
	}
	if f == Cascader {
		vk, lk, ck := or(o.ValueKey, "value"), or(o.LabelKey, "label"), or(o.ChildrenKey, "children")
		if vk == lk || vk == ck || lk == ck {
			return fmt.Errorf("the cascader's field names must differ: value %q, label %q, children %q", vk, lk, ck)
		}
	}
	return nil
}

// WritePicker writes the divisions in force on o.At in a picker format.
func WritePicker(w io.Writer, reg *quhua.Registry, f PickerFormat, o PickerOptions) error {
	if err := CheckPickerOptions(f, o); err != nil {
		return err
	}
	o.defaults(f)
	var b bytes.Buffer
	switch f {
	case Element:
		t := tree(reg, o, elementName)
		b.WriteString(`{"regionData":`)
		writeCascader(&b, t, 0, "value", "label", "children", true)
		b.WriteString(`,"codeToText":{`)
		first := true
		var walk func(ns []*node, depth int)
		walk = func(ns []*node, depth int) {
			for _, n := range ns {
				if !first {
					b.WriteByte(',')
				}
				first = false
				writeString(&b, shortCode(n, depth))
				b.WriteByte(':')
				writeString(&b, n.name)
				walk(n.children, depth+1)
			}
		}
		walk(t, 0)
		b.WriteString("}}")
	case VantCascader:
		writeCascader(&b, tree(reg, o, vantName), 0, "text", "value", "children", false)
	case Cascader:
		vk, lk, ck := or(o.ValueKey, "value"), or(o.LabelKey, "label"), or(o.ChildrenKey, "children")
		writeCascader(&b, tree(reg, o, elementName), 0, vk, lk, ck, o.ShortCodes)
	case Vant:
		t := tree(reg, o, vantName)
		lists := [3][]*node{}
		var walk func(ns []*node, depth int)
		walk = func(ns []*node, depth int) {
			for _, n := range ns {
				d := depth
				if d == 1 && n.code.Suffix() != 0 {
					d = 2 // a county directly under its province (MiddleNone)
				}
				lists[d] = append(lists[d], n)
				walk(n.children, depth+1)
			}
		}
		walk(t, 0)
		for i, key := range []string{"province_list", "city_list", "county_list"} {
			if i == 0 {
				b.WriteByte('{')
			} else {
				b.WriteByte(',')
			}
			writeString(&b, key)
			b.WriteString(":{")
			slices.SortStableFunc(lists[i], func(a, b *node) int { return int(a.code) - int(b.code) })
			for j, n := range lists[i] {
				if j > 0 {
					b.WriteByte(',')
				}
				writeString(&b, n.code.String())
				b.WriteByte(':')
				writeString(&b, n.name)
			}
			b.WriteByte('}')
		}
		b.WriteByte('}')
	case ChinaAreaData:
		t := tree(reg, o, elementName)
		b.WriteString(`{"86":{`)
		for i, n := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(&b, n.code.String())
			b.WriteByte(':')
			writeString(&b, n.name)
		}
		b.WriteByte('}')
		var walk func(ns []*node)
		walk = func(ns []*node) {
			for _, n := range ns {
				if len(n.children) == 0 {
					continue
				}
				b.WriteByte(',')
				writeString(&b, n.code.String())
				b.WriteString(":{")
				for i, c := range n.children {
					if i > 0 {
						b.WriteByte(',')
					}
					writeString(&b, c.code.String())
					b.WriteByte(':')
					writeString(&b, c.name)
				}
				b.WriteByte('}')
				walk(n.children)
			}
		}
		walk(t)
		b.WriteByte('}')
	default:
		return fmt.Errorf("export: unknown picker format %q", f)
	}
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// writeCascader writes nodes as [{valueKey, labelKey, childrenKey}], leaves
// without children. Vant's cascader writes the label (text) first.
func writeCascader(b *bytes.Buffer, ns []*node, depth int, k1, k2, ck string, short bool) {
	labelFirst := k1 == "text"
	b.WriteByte('[')
	for i, n := range ns {
		if i > 0 {
			b.WriteByte(',')
		}
		val := n.code.String()
		if short {
			val = shortCode(n, depth)
		}
		b.WriteByte('{')
		if labelFirst {
			writeString(b, k1)
			b.WriteByte(':')
			writeString(b, n.name)
			b.WriteByte(',')
			writeString(b, k2)
			b.WriteByte(':')
			writeString(b, val)
		} else {
			writeString(b, k1)
			b.WriteByte(':')
			writeString(b, val)
			b.WriteByte(',')
			writeString(b, k2)
			b.WriteByte(':')
			writeString(b, n.name)
		}
		if len(n.children) > 0 {
			b.WriteByte(',')
			writeString(b, ck)
			b.WriteByte(':')
			writeCascader(b, n.children, depth+1, k1, k2, ck, short)
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
}

func writeString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // names and codes: no HTML-sensitive characters
	b.Write(q)
}
