package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/quhua/quhua"
)

// TestPickerValuesUnique: in every picker format, with every option that
// changes the tree, no two siblings share a value, and no JSON object has
// a key twice (element's codeToText, vant's lists, china-area-data).
func TestPickerValuesUnique(t *testing.T) {
	type variant struct {
		name string
		o    PickerOptions
	}
	var variants []variant
	for _, m := range []Middle{MiddlePlaceholder, MiddleNone} {
		for _, short := range []bool{false, true} {
			variants = append(variants, variant{fmt.Sprintf("middle=%s short=%v", m, short),
				PickerOptions{Middle: m, ShortCodes: short}})
		}
	}
	variants = append(variants, variant{"cascader keys", PickerOptions{ValueKey: "code", LabelKey: "name", ChildrenKey: "items", ShortCodes: true}})
	for _, at := range []string{"2024", "1990"} {
		for _, f := range PickerFormats {
			for _, v := range variants {
				if f == Vant && v.o.Middle == MiddleNone {
					continue // refused: Vant's Area needs three columns
				}
				o := v.o
				o.At = quhua.MustParseDate(at)
				var b bytes.Buffer
				if err := WritePicker(&b, quhua.Default(), f, o); err != nil {
					t.Errorf("%s %s %s: %v", at, f, v.name, err)
					continue
				}
				valueKey := "value"
				if o.ValueKey != "" && f == Cascader {
					valueKey = o.ValueKey
				}
				n, err := checkUnique(json.NewDecoder(&b), valueKey, "$")
				if err != nil {
					t.Errorf("%s %s %s: %v", at, f, v.name, err)
				} else if n < 3000 {
					t.Errorf("%s %s %s: only %d values checked", at, f, v.name, n)
				}
			}
		}
	}
}

// checkUnique reads one JSON value and fails on a key repeated in an
// object or a value (valueKey) repeated among the objects of an array;
// it returns how many keys and values it checked.
func checkUnique(dec *json.Decoder, valueKey, path string) (int, error) {
	tok, err := dec.Token()
	if err != nil {
		return 0, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return 0, nil
	}
	n := 0
	switch d {
	case '{':
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return n, err
			}
			k := kt.(string)
			if seen[k] {
				return n, fmt.Errorf("%s: key %q twice", path, k)
			}
			seen[k] = true
			n++
			m, err := checkUnique(dec, valueKey, path+"."+k)
			n += m
			if err != nil {
				return n, err
			}
		}
	case '[':
		seen := map[string]bool{}
		for i := 0; dec.More(); i++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return n, err
			}
			var obj map[string]json.RawMessage
			if json.Unmarshal(raw, &obj) == nil {
				if v, ok := obj[valueKey]; ok {
					var s string
					json.Unmarshal(v, &s)
					if seen[s] {
						return n, fmt.Errorf("%s[%d]: value %s shared with a sibling", path, i, s)
					}
					seen[s] = true
					n++
				}
			}
			m, err := checkUnique(json.NewDecoder(bytes.NewReader(raw)), valueKey, fmt.Sprintf("%s[%d]", path, i))
			n += m
			if err != nil {
				return n, err
			}
		}
	}
	if _, err := dec.Token(); err != nil && err != io.EOF {
		return n, err
	}
	return n, nil
}
