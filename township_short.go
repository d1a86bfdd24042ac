package quhua

import "strings"

// townshipKinds end township names, longest first.
var townshipKinds = []string{"民族苏木", "民族乡", "街道", "苏木", "镇", "乡"}

// TownshipShortName returns a township's name without its kind, as people
// write it: 范家屯镇 → 范家屯, 龙华街道 → 龙华. A name that would keep fewer
// than two characters is returned whole (城关镇 → 城关, but 东乡 stays).
func TownshipShortName(name string) string {
	for _, k := range townshipKinds {
		if s, ok := strings.CutSuffix(name, k); ok {
			if len([]rune(s)) >= 2 {
				return s
			}
			return name
		}
	}
	return name
}

// townshipsShort returns the township records (of every date) whose short
// name is q; the index is built on first use.
func (reg *Registry) townshipsShort(q string) []*Record {
	if !reg.townships {
		return nil
	}
	reg.tsOnce.Do(func() {
		reg.townShort = map[string][]*Record{}
		for _, r := range reg.sorted[reg.townFirst:] {
			if s := TownshipShortName(r.Name); s != r.Name {
				reg.townShort[s] = append(reg.townShort[s], r)
			}
		}
	})
	return reg.townShort[q]
}

// TownshipAtHead returns the township in force on the view's date under
// the division with code under (a county, or a prefecture: its counties'
// townships) whose name or short name begins s, if exactly one does: the
// address parser's reading of 范家屯 in 公主岭市范家屯 as 范家屯镇. Nil if
// none or several do.
func (v View) TownshipAtHead(under Code, s string) *Record {
	if !v.reg.townships || s == "" {
		return nil
	}
	lo, hi := under*1000, under*1000+1000
	if LevelOf(under) == Prefecture {
		lo, hi = under*100000, under*100000+100000
	}
	var found *Record
	for _, r := range v.reg.sorted[v.reg.townFirst:] {
		if r.Code < lo || r.Code >= hi || !r.InForce(v.date) {
			continue
		}
		short := TownshipShortName(r.Name)
		if short == r.Name || !strings.HasPrefix(s, short) || strings.HasPrefix(s, r.Name) {
			continue
		}
		if found != nil && found != r {
			return nil
		}
		found = r
	}
	return found
}
