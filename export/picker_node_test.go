package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// The picker exports are loaded the way each package's own data is
// loaded, by node, from the packages that .ci/npm-packages.sh installs
// in .npm-test/ (or $QUHUA_NPM_TEST). Locally the test skips without node or the packages;
// under CI=true it fails.

const loadScript = `
const path = require('path');
const {createRequire} = require('module');
const req = createRequire(path.join(process.argv[1], 'package.json'));
const ours = JSON.parse(require('fs').readFileSync(process.argv[2], "utf8"));
const out = {};

// Key signatures and value lengths of cascader nodes, by depth.
function cascader(nodes, keys) {
  const sig = new Set(), lens = {};
  const walk = (ns, d) => ns.forEach(n => {
    sig.add(Object.keys(n).filter(k => n[k] !== undefined).join(','));
    const v = n[keys.value];
    if (typeof v !== 'string' || typeof n[keys.label] !== 'string') sig.add('non-string value or label');
    (lens[d] = lens[d] || new Set()).add(v.length);
    if (n[keys.children] !== undefined) {
      if (!Array.isArray(n[keys.children])) sig.add('children not an array');
      else walk(n[keys.children], d + 1);
    }
  });
  walk(nodes, 0);
  const l = {};
  for (const d in lens) l[d] = [...lens[d]].sort((a, b) => a - b);
  return {sig: [...sig].sort(), lens: l};
}
function codes(nodes, keys) {
  const out = [];
  const walk = ns => ns.forEach(n => { out.push(n[keys.value]); if (n[keys.children]) walk(n[keys.children]); });
  walk(nodes);
  return out;
}
function flatMaps(m) { // {code: {code: name}} or {code: name}
  const sig = new Set();
  for (const [k, v] of Object.entries(m)) {
    if (!/^[0-9]+$/.test(k)) sig.add('non-code key');
    sig.add(typeof v === 'object' ? 'object' : typeof v);
  }
  return [...sig].sort();
}
function describe(kind, data) {
  switch (kind) {
  case 'element': {
    const k = {value: 'value', label: 'label', children: 'children'};
    const ctt = data.codeToText;
    return {top: Object.keys(data).filter(x => x === 'regionData' || x === 'codeToText').sort(),
      shape: cascader(data.regionData, k), codes: codes(data.regionData, k),
      codeToText: {n: Object.keys(ctt).length, sig: flatMaps(ctt),
        consistent: codes(data.regionData, k).every(c => typeof ctt[c] === 'string')}};
  }
  case 'vant': {
    const top = Object.keys(data).sort();
    const p = data.province_list, c = data.city_list, t = data.county_list;
    // Vant's Area component groups cities under provinces by their first two
    // digits and counties under cities by their first four.
    const orphanCities = Object.keys(c).filter(x => !p[x.slice(0, 2) + '0000']);
    const orphanCounties = Object.keys(t).filter(x => !c[x.slice(0, 4) + '00']);
    return {top, shape: {sig: [flatMaps(p), flatMaps(c), flatMaps(t)].map(s => s.join('|')).filter((v, i, a) => a.indexOf(v) === i)},
      codes: [...Object.keys(p), ...Object.keys(c), ...Object.keys(t)], orphanCities, orphanCounties};
  }
  case 'vant-cascader': {
    const k = {value: 'value', label: 'text', children: 'children'};
    return {shape: cascader(data, k), codes: codes(data, k)};
  }
  case 'china-area-data': {
    const sig = new Set();
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'object') sig.add('non-object');
      for (const x of flatMaps(v)) sig.add(x);
    }
    const all = [];
    for (const [k, v] of Object.entries(data)) for (const c of Object.keys(v)) all.push(c);
    // Every parent key but "86" is a child of another key.
    const children = new Set(all);
    const unreachable = Object.keys(data).filter(k => k !== '86' && !children.has(k));
    return {top: ['86' in data], shape: {sig: [...sig].sort()}, codes: all, unreachable};
  }
  }
}
const kind = process.argv[3];
let pkg;
switch (kind) {
case 'element': pkg = req('element-china-area-data'); break;
case 'vant': pkg = req('@vant/area-data').areaList; break;
case 'vant-cascader': pkg = req('@vant/area-data').useCascaderAreaData(); break;
case 'china-area-data': pkg = req('china-area-data'); break;
}
const version = {element: 'element-china-area-data', vant: '@vant/area-data', 'vant-cascader': '@vant/area-data', 'china-area-data': 'china-area-data'}[kind];
out.version = JSON.parse(require('fs').readFileSync(path.join(process.argv[1], 'node_modules', version, 'package.json'), 'utf8')).version;
out.pkg = describe(kind, pkg);
out.ours = describe(kind, ours);
process.stdout.write(JSON.stringify(out));
`

type described struct {
	Top   any `json:"top"`
	Shape struct {
		Sig  []string         `json:"sig"`
		Lens map[string][]int `json:"lens"`
	} `json:"shape"`
	Codes          []string `json:"codes"`
	CodeToText     any      `json:"codeToText"`
	OrphanCities   []string `json:"orphanCities"`
	OrphanCounties []string `json:"orphanCounties"`
	Unreachable    []string `json:"unreachable"`
}

type loaded struct {
	Version string    `json:"version"`
	Pkg     described `json:"pkg"`
	Ours    described `json:"ours"`
}

func npmDir(t *testing.T) (string, string) {
	t.Helper()
	node, err := exec.LookPath("node")
	dir := os.Getenv("QUHUA_NPM_TEST")
	if dir == "" {
		dir, _ = filepath.Abs("../.npm-test")
	}
	_, serr := os.Stat(filepath.Join(dir, "node_modules", "@vant", "area-data"))
	if err != nil || serr != nil {
		msg := "node or the picker packages are missing in " + dir + `: run eval "$(bash .ci/npm-packages.sh)" to compare the picker exports with the packages' data`
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return node, dir
}

// vintages are the dates the packages' data describe, by their own
// account: element-china-area-data 6.1.0 the statistics bureau's 2023
// edition, china-area-data 5 its 2019-10-31 list; @vant/area-data does not
// say and is compared with every year end.
var vintages = map[PickerFormat]string{Element: "2023", ChinaAreaData: "2019-10-31"}

func TestPickersLoadLikePackages(t *testing.T) {
	node, dir := npmDir(t)
	reg := quhua.Default()
	for _, f := range []PickerFormat{Element, Vant, VantCascader, ChinaAreaData} {
		t.Run(string(f), func(t *testing.T) {
			at := quhua.MustParseDate(or(vintages[f], "2024"))
			o := PickerOptions{At: at}
			if f == Element {
				o.Outlying = OutlyingOmit // as the package does
			}
			var b bytes.Buffer
			if err := WritePicker(&b, reg, f, o); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "ours.json")
			if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, "-e", loadScript, dir, file, string(f))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, stderr.Bytes())
			}
			var l loaded
			if err := json.Unmarshal(out, &l); err != nil {
				t.Fatal(err)
			}
			// Shape: every key signature of ours is one the package has, and
			// the value lengths at each depth are the package's.
			for _, s := range l.Ours.Shape.Sig {
				if !slices.Contains(l.Pkg.Shape.Sig, s) {
					t.Errorf("shape %q is not the package's (%v)", s, l.Pkg.Shape.Sig)
				}
			}
			for d, lens := range l.Ours.Shape.Lens {
				for _, n := range lens {
					if !slices.Contains(l.Pkg.Shape.Lens[d], n) {
						t.Errorf("depth %s: %d-digit values; the package has %v", d, n, l.Pkg.Shape.Lens[d])
					}
				}
			}
			if fmt.Sprint(l.Ours.Top) != fmt.Sprint(l.Pkg.Top) {
				t.Errorf("top level %v, the package's %v", l.Ours.Top, l.Pkg.Top)
			}
			if len(l.Ours.OrphanCities)+len(l.Ours.OrphanCounties)+len(l.Ours.Unreachable) > 0 {
				t.Errorf("nodes the component cannot place: %v %v %v", l.Ours.OrphanCities, l.Ours.OrphanCounties, l.Ours.Unreachable)
			}
			if m, ok := l.Ours.CodeToText.(map[string]any); ok && m["consistent"] != true {
				t.Errorf("codeToText lacks codes of regionData")
			}
			compareCodes(t, reg, f, l)
		})
	}
}

// gb6 makes a package's code a 6-digit GB/T 2260 code ("" for township
// codes and the like).
func gb6(c string) string {
	switch len(c) {
	case 2:
		return c + "0000"
	case 4:
		return c + "00"
	case 6:
		return c
	}
	return ""
}

// compareCodes compares the package's set of GB codes with the divisions
// in force at the package's vintage (or the best-matching year end) and
// logs the differences, classified by quhua's Identify.
func compareCodes(t *testing.T, reg *quhua.Registry, f PickerFormat, l loaded) {
	pkg := map[string]bool{}
	other := 0
	for _, c := range l.Pkg.Codes {
		if g := gb6(c); g != "" {
			pkg[g] = true
		} else {
			other++
		}
	}
	inForce := func(d quhua.Date) map[string]bool {
		m := map[string]bool{}
		for _, d := range reg.At(d).All() {
			m[d.Code.String()] = true
		}
		return m
	}
	at := vintages[f]
	if at == "" {
		best := -1
		for y := 2015; y <= reg.LastYear(); y++ {
			m := inForce(quhua.EndOfYear(y))
			n := 0
			for c := range pkg {
				if !m[c] {
					n++
				}
			}
			for c := range m {
				if !pkg[c] {
					n++
				}
			}
			if best < 0 || n < best {
				best, at = n, fmt.Sprint(y)
			}
		}
	}
	date := quhua.MustParseDate(at)
	ours := inForce(date)
	var onlyPkg, onlyOurs []string
	for c := range pkg {
		if !ours[c] {
			onlyPkg = append(onlyPkg, c)
		}
	}
	for c := range ours {
		if !pkg[c] {
			onlyOurs = append(onlyOurs, c)
		}
	}
	sort.Strings(onlyPkg)
	sort.Strings(onlyOurs)
	classes := map[string][]string{}
	for _, c := range onlyPkg {
		code, _ := quhua.ParseCode(c)
		info := reg.Identify(code, date)
		classes[info.Class.String()] = append(classes[info.Class.String()], c)
	}
	var cls []string
	for k, v := range classes {
		cls = append(cls, fmt.Sprintf("%s %d", k, len(v)))
	}
	sort.Strings(cls)
	t.Logf("%s %s vs quhua on %s: package %d GB-form codes (+%d other codes), quhua %d divisions; only in the package %d (%s); only in quhua %d",
		f, l.Version, date, len(pkg), other, len(ours), len(onlyPkg), strings.Join(cls, ", "), len(onlyOurs))
	for _, k := range []string{"unknown", "statistical", "placeholder", "not-in-force", "raw-variant", "division"} {
		if len(classes[k]) > 0 {
			t.Logf("  only in the package, %s: %s", k, strings.Join(classes[k], " "))
		}
	}
	if len(onlyOurs) > 0 {
		t.Logf("  only in quhua: %s", strings.Join(onlyOurs, " "))
	}
}
