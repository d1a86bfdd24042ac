package address

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

func parser(t testing.TB) *Parser {
	t.Helper()
	return Default()
}

func date(s string) quhua.Date { return quhua.MustParseDate(s) }

// The acceptance examples and more.
func TestParse(t *testing.T) {
	p := parser(t)
	today := quhua.Today()
	tests := []struct {
		in, at                   string
		prov, pref, county, rest string
		note                     string // a substring of some note
	}{
		{"长春市朝阳区西安大路289号(与春阳街交汇处)", "", "220000", "220100", "220104", "西安大路289号(与春阳街交汇处)", ""},
		{"北京市朝阳区建国路", "", "110000", "", "110105", "建国路", ""},
		{"吉林省四平市公主岭市范家屯镇", "2019", "220000", "220300", "220381", "范家屯镇", ""},
		{"吉林省四平市公主岭市范家屯镇", "", "220000", "220100", "220184", "范家屯镇", "国函〔2020〕84号"},
		{"吉林四平公主岭市范家屯镇", "2019", "220000", "220300", "220381", "范家屯镇", ""},
		{"长春市公主岭市", "2019", "220000", "220300", "220381", "", "220184"},
		{"广西壮族自治区南宁市青秀区", "", "450000", "450100", "450103", "", ""},
		{"广西南宁市青秀区民族大道", "", "450000", "450100", "450103", "民族大道", ""},
		{"延边州延吉市", "", "220000", "222400", "222401", "", ""},
		{"延边朝鲜族自治州珲春市", "", "220000", "222400", "222404", "", ""},
		{"吉林省吉林市船营区", "", "220000", "220200", "220204", "", ""},
		{"吉林长春", "", "220000", "220100", "", "", ""},
		{"长白县", "", "220000", "220600", "220623", "", ""},
		{"  北 京 市　朝阳区  建国路 ", "", "110000", "", "110105", "建国路", ""},
		{"地址：吉林省长春市朝阳区西安大路289号，电话13912345678，邮编130012", "", "220000", "220100", "220104", "西安大路289号，电话，邮编", ""},
		{"新疆维吾尔自治区乌鲁木齐市天山区", "", "650000", "650100", "650102", "", ""},
		{"上海市浦东新区世纪大道", "", "310000", "", "310115", "世纪大道", ""},
		{"人民大街", "", "", "", "", "人民大街", ""},
		{"济南市中区经七路", "", "370000", "370100", "370103", "经七路", ""},
		{"青岛市南京路", "", "370000", "370200", "", "南京路", ""},
		{"台州路桥区", "", "330000", "331000", "331004", "", ""},
		{"哈尔滨道里区", "", "230000", "230100", "230102", "", ""},
		{"吉安市井冈山大道170号", "", "360000", "360800", "", "井冈山大道170号", ""},
		{"长春市吉林大路与吉林街交汇处", "", "220000", "220100", "", "吉林大路与吉林街交汇处", ""},
		{"湖北省襄樊市襄城区", "", "420000", "420600", "420602", "", "former name"},
		{"上海市南汇区中港镇", "", "310000", "", "310115", "中港镇", "merged"},
		{"", "", "", "", "", "", ""},
	}
	for _, tt := range tests {
		at := today
		if tt.at != "" {
			at = date(tt.at)
		}
		r := p.Parse(tt.in, at)
		code := func(x Part) string {
			if x.IsZero() {
				return ""
			}
			return x.Code.String()
		}
		if code(r.Province) != tt.prov || code(r.Prefecture) != tt.pref || code(r.County) != tt.county || r.Rest != tt.rest {
			t.Errorf("Parse(%q, %s) = %s/%s/%s rest %q, want %s/%s/%s rest %q (notes %q, candidates %v)", tt.in, at,
				code(r.Province), code(r.Prefecture), code(r.County), r.Rest, tt.prov, tt.pref, tt.county, tt.rest, r.Notes, r.Candidates)
		}
		if tt.note != "" && !strings.Contains(strings.Join(r.Notes, "\n"), tt.note) {
			t.Errorf("Parse(%q, %s): notes %q lack %q", tt.in, at, r.Notes, tt.note)
		}
	}
}

func TestPhonePostcode(t *testing.T) {
	r := Default().Parse("吉林省长春市朝阳区西安大路289号 130012 0431-88886666", 0)
	if r.Postcode != "130012" || r.Phone != "0431-88886666" || r.Rest != "西安大路289号" {
		t.Errorf("got rest %q phone %q postcode %q", r.Rest, r.Phone, r.Postcode)
	}
	r = Default().Parse("北京市朝阳区建国路１３９１２３４５６７８", 0)
	if r.Phone != "13912345678" || r.Rest != "建国路" {
		t.Errorf("full-width: rest %q phone %q", r.Rest, r.Phone)
	}
}

func TestAmbiguous(t *testing.T) {
	r := Default().Parse("朝阳区建国路", 0)
	if !r.Ambiguous() || !r.County.IsZero() || r.Rest != "建国路" {
		t.Fatalf("朝阳区: %+v", r)
	}
	var full []string
	for _, c := range r.Candidates {
		full = append(full, c.FullName)
	}
	got := strings.Join(full, " ")
	for _, want := range []string{"北京市朝阳区", "吉林省长春市朝阳区"} {
		if !strings.Contains(got, want) {
			t.Errorf("candidates %q lack %s", got, want)
		}
	}
}

func TestJSON(t *testing.T) {
	r := Default().Parse("吉林省四平市公主岭市范家屯镇", date("2019"))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"at":"2019-12-31"`, `"county":{"code":"220381","name":"公主岭市","kind":"县级市","matched":"公主岭市"}`, `"rest":"范家屯镇"`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON %s lacks %s", s, want)
		}
	}
	if strings.Contains(s, "candidates") || strings.Contains(s, "phone") {
		t.Errorf("JSON %s has empty fields", s)
	}
}

func TestParseMany(t *testing.T) {
	in := []string{"北京市朝阳区建国路", "长春市朝阳区", "广西南宁市"}
	in = append(in, make([]string, 1000)...)
	out := Default().ParseMany(in, 0)
	if len(out) != len(in) || out[0].County.Code != 110105 || out[1].County.Code != 220104 || out[2].Prefecture.Code != 450100 {
		t.Errorf("ParseMany: %v", out[:3])
	}
}

func TestStripEthnic(t *testing.T) {
	for in, want := range map[string]string{
		"延边朝鲜族":        "延边",
		"双江拉祜族佤族布朗族傣族": "双江",
		"湘西土家族苗族":      "湘西",
		"互助土族":         "互助",
		"大厂回族":         "大厂",
		"公主岭":          "公主岭",
	} {
		if got := stripEthnic(in); got != want {
			t.Errorf("stripEthnic(%s) = %s, want %s", in, got, want)
		}
	}
}

// longUnits are texts repeated to make long inputs: ordinary and
// pathological ones (a name prefix alone, digits, a bare name, a street
// named after a place followed by many numbers).
var longUnits = []string{
	"吉林省长春市朝阳区西安大路289号 13912345678 ",
	"吉", "1", "朝阳区", " ", "济南市", "北京市 公安局",
	"吉林路" + strings.Repeat("号", 50),
}

func longInput(u string, times int) string {
	n := max(1, (1<<14)/len(u))
	return "长春" + strings.Repeat(u, times*n)
}

// BenchmarkLongInput parses long texts of each unit at two sizes, 16 KiB
// and 256 KiB, and reports the time per input byte: the two figures of a
// unit must stay alike (time linear in the input). It is a benchmark, not
// a timed test, so that a busy machine cannot fail it.
func BenchmarkLongInput(b *testing.B) {
	p := Default()
	for i, u := range longUnits {
		for _, times := range []int{1, 16} {
			s := longInput(u, times)
			b.Run(fmt.Sprintf("unit%d/%dKiB", i, len(s)>>10), func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for b.Loop() {
					p.Parse(s, 0)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(s)), "ns/byte")
			})
		}
	}
}

// TestLongInputAllocs checks, without a clock, that the memory a parse
// allocates grows at most linearly with the input: 16 times the input may
// allocate at most 16 times as many bytes and objects, plus a constant.
func TestLongInputAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocations; the test runs without it")
	}
	p := Default()
	for _, u := range longUnits {
		small, large := longInput(u, 1), longInput(u, 16)
		as := testing.AllocsPerRun(3, func() { p.Parse(small, 0) })
		al := testing.AllocsPerRun(3, func() { p.Parse(large, 0) })
		if al > 16*as+16 {
			t.Errorf("unit %q: 16× input made %.0f allocations vs %.0f: more than linear", u, al, as)
		}
	}
}

func FuzzParse(f *testing.F) {
	for i, s := range []string{"长春市朝阳区西安大路289号(与春阳街交汇处)", "吉林省四平市公主岭市范家屯镇", "朝阳区", "北 京 市", "0431-88886666 130012", "\xff\xe5\x90", "吉林吉林吉林", "济南市中区", "上海市南汇区", "廣東省 廣州市 天河區", "\u2ED3春市高新区", "臺北市中山區", "ＡＢ１２３"} {
		f.Add(s, uint16(1970+i*7))
	}
	p := Default()
	f.Fuzz(func(t *testing.T, s string, year uint16) {
		at := quhua.EndOfYear(1900 + int(year)%200)
		r := p.Parse(s, at)
		if len(r.Rest) > len(s) {
			t.Fatalf("rest longer than input")
		}
		for _, part := range []Part{r.Province, r.Prefecture, r.County} {
			if !part.IsZero() && part.Name == "" {
				t.Fatalf("part without name: %+v", part)
			}
			if !strings.Contains(s, part.Matched) {
				t.Fatalf("matched %q is not in the input", part.Matched)
			}
		}
		if !strings.Contains(s, r.Place.Matched) || !strings.HasSuffix(s, r.Rest) && r.Phone == "" && r.Postcode == "" && !strings.Contains(s, r.Rest) {
			t.Fatalf("place %q or rest %q not from the input", r.Place.Matched, r.Rest)
		}
	})
}
