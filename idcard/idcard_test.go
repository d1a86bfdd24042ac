package idcard

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// number builds a valid 18-digit number (synthetic, for tests).
func number(region, birth, seq string) string {
	s := region + birth + seq
	c, err := CheckChar(s)
	if err != nil {
		panic(err)
	}
	return s + string(c)
}

func TestCheckChar(t *testing.T) {
	// The worked example of GB 11643-1999.
	c, err := CheckChar("11010519491231002")
	if err != nil || c != 'X' {
		t.Errorf("CheckChar = %c, %v; want X", c, err)
	}
}

func TestParse(t *testing.T) {
	reg := quhua.Default()
	tests := []struct {
		name, number  string
		sex           string
		then          quhua.Code
		thenName      string
		now           quhua.Code
		class         quhua.CodeClass
		note, warning string
		converted     bool
	}{
		{"standard example", "11010519491231002X", "female", 110105, "朝阳区", 110105, quhua.ClassDivision, "", "", false},
		{"retired code, then and now", number("220381", "20010203", "123"), "male", 220381, "公主岭市", 220184, quhua.ClassDivision, "", "", false},
		{"raw 1990–1994 variant", number("229001", "19920304", "042"), "female", 220381, "公主岭市", 220184, quhua.ClassRawVariant, "raw 1990", "", false},
		{"placeholder 市辖区", number("220101", "19800101", "011"), "male", 220100, "长春市", 220100, quhua.ClassPlaceholder, "placeholder", "", false},
		{"municipality placeholder", number("110100", "19700101", "011"), "male", 110000, "北京市", 110000, quhua.ClassPlaceholder, "placeholder", "", false},
		{"bare prefecture code", number("220300", "19750101", "021"), "male", 220300, "四平市", 220300, quhua.ClassDivision, "", "", false},
		{"code created after birth", number("220184", "20000101", "021"), "male", 220184, "公主岭市", 220184, quhua.ClassDivision, "after the birth date", "", false},
		{"retired shortly before birth", number("220381", "20210101", "021"), "male", 220381, "公主岭市", 220184, quhua.ClassDivision, "", "late registration", false},
		{"15 digits", "220381920304042", "female", 220381, "公主岭市", 220184, quhua.ClassDivision, "", "", true},
		{"spaces and lower-case x", "110105 19491231 002x", "female", 110105, "朝阳区", 110105, quhua.ClassDivision, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Parse(tt.number, reg)
			if err != nil {
				t.Fatal(err)
			}
			if info.Sex != tt.sex || info.Then == nil || info.Then.Code != tt.then || info.Then.Name != tt.thenName ||
				len(info.Now) == 0 || info.Now[0].Code != tt.now || info.Class != tt.class || info.Converted != tt.converted {
				t.Errorf("got sex %s then %+v now %+v class %s converted %v", info.Sex, info.Then, info.Now, info.Class, info.Converted)
			}
			if tt.note != "" && !strings.Contains(strings.Join(info.Notes, "\n"), tt.note) {
				t.Errorf("notes %q lack %q", info.Notes, tt.note)
			}
			if tt.warning != "" && !strings.Contains(strings.Join(info.Warnings, "\n"), tt.warning) {
				t.Errorf("warnings %q lack %q", info.Warnings, tt.warning)
			}
			if tt.warning == "" && len(info.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", info.Warnings)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	reg := quhua.Default()
	good := number("220381", "20010203", "123")
	bad := good[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", good[17])+1)%11])
	tests := []struct {
		in    string
		kind  error
		field string
	}{
		{"", ErrFormat, "length"},
		{"12345", ErrFormat, "length"},
		{bad, ErrCheck, "check"},
		{"2203812001020312A", ErrFormat, "length"},
		{good[:10] + "A" + good[11:], ErrFormat, "characters"},
		{number("220381", "20011301", "123"), ErrBirth, "birth"},
		{number("220381", "20010230", "123"), ErrBirth, "birth"},
		{number("220381", "29990101", "123"), ErrBirth, "birth"},
		{number("999999", "20010101", "123"), ErrRegion, "region"},
		{number("220381", "19700101", "123"), ErrRegion, "region"}, // before the code existed? no: decoded later
		{number("220319", "20100101", "123"), ErrRegion, "region"}, // retired 1988, long before birth
	}
	for _, tt := range tests {
		_, err := Parse(tt.in, reg)
		if tt.in == number("220381", "19700101", "123") {
			// A code created after the birth date decodes (issued later).
			if err != nil {
				t.Errorf("Parse(220381, born 1970): %v", err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, tt.kind) || e.Field != tt.field {
			t.Errorf("Parse(%s): err = %v, want %v in %s", Mask(tt.in), err, tt.kind, tt.field)
			continue
		}
		// Never the full number in an error.
		if len(tt.in) >= 15 && strings.Contains(err.Error(), tt.in[6:14]) {
			t.Errorf("error shows the birth date digits: %v", err)
		}
	}
}

func TestJSON(t *testing.T) {
	info, err := Parse(number("220381", "20010203", "123"), quhua.Default())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"birth":"2001-02-03"`, `"sex":"male"`, `"then":{"code":"220381","name":"公主岭市"`, `"status":"partial"`, `"masked":"220381********`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"11010519491231002X": "110105********002X",
		"123":                "***",
		"":                   "",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLongInput: a 4 MiB input is refused as too long, with an error that
// does not echo it. How long that takes is BenchmarkParseLongInput's
// concern (linear in the input), not a wall-clock test's.
func TestLongInput(t *testing.T) {
	for _, s := range []string{strings.Repeat("1", 1<<22), strings.Repeat("１ ", 1<<20)} {
		_, err := Parse(s, quhua.Default())
		if !errors.Is(err, ErrFormat) {
			t.Fatalf("long input: %v, want ErrFormat", err)
		}
		if len(err.Error()) > 200 {
			t.Errorf("error echoes the input: %d bytes", len(err.Error()))
		}
	}
}

// BenchmarkParseLongInput measures Parse and Redact on inputs of 1 KiB
// and 4 MiB: the time per byte stays the same (both are linear).
func BenchmarkParseLongInput(b *testing.B) {
	reg := quhua.Default()
	for _, n := range []int{1 << 10, 1 << 22} {
		s := strings.Repeat("1", n)
		b.Run(fmt.Sprintf("Parse/%d", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				Parse(s, reg)
			}
		})
		b.Run(fmt.Sprintf("Redact/%d", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				Redact(s)
			}
		})
	}
}

var longDigits = regexp.MustCompile(`[0-9]{8}`)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "220381920304042", "2290011992030404", "", "x", "220101198001010115"} {
		f.Add(s)
	}
	reg := quhua.Default()
	f.Fuzz(func(t *testing.T, s string) {
		info, err := Parse(s, reg)
		if err != nil {
			// Errors are *Error; besides the masked number they hold no
			// long run of digits from the input.
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			rest := strings.Replace(err.Error(), e.Masked, "", 1)
			if longDigits.MatchString(rest) {
				t.Fatalf("error may echo the number: %v", err)
			}
			return
		}
		if len(info.Number) != 18 || info.Then == nil {
			t.Fatalf("bad info for %q: %+v", s, info)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	reg := quhua.Default()
	ns := []string{"11010519491231002X", number("220381", "20010203", "123"), number("229001", "19920304", "042")}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(ns[i%len(ns)], reg); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseAt(t *testing.T) {
	reg := quhua.Default()
	// Born 2001 under 220381; a number issued in 2022 would use 220184,
	// but one written with 220381 and issued in 2022 is late: a warning.
	info, err := ParseAt(number("220184", "20010203", "123"), reg, quhua.MustParseDate("2022"))
	if err != nil || info.Then.Code != 220184 || info.At != quhua.MustParseDate("2022") || len(info.Notes) != 0 {
		t.Errorf("ParseAt 220184 issued 2022: %+v, %v", info, err)
	}
	info, err = ParseAt(number("220381", "20010203", "123"), reg, quhua.MustParseDate("2022"))
	if err != nil || info.Then.Code != 220381 || !strings.Contains(strings.Join(info.Warnings, ""), "before the date of issue") {
		t.Errorf("ParseAt 220381 issued 2022: %+v, %v", info, err)
	}
}

// TestElsewhen: a code that stood for another unit at other dates says so,
// and so does one that the list of December 1980 names otherwise.
func TestElsewhen(t *testing.T) {
	reg := quhua.Default()
	info, err := Parse(number("120110", "19801201", "007"), reg)
	if err != nil {
		t.Fatal(err)
	}
	if info.Then.Name != "东郊区" || len(info.Elsewhen) != 1 || info.Elsewhen[0].Name != "东丽区" {
		t.Errorf("120110 born 1980: then %+v, elsewhen %+v", info.Then, info.Elsewhen)
	}
	info, err = Parse(number("132621", "19800101", "001"), reg)
	if err != nil {
		t.Fatal(err)
	}
	if info.Then.Name != "青龙县" || len(info.Elsewhen) != 1 || info.Elsewhen[0].Name != "承德县" ||
		!strings.Contains(strings.Join(info.Notes, "\n"), "list of December 1980, 132621 stood for 河北省承德地区承德县") {
		t.Errorf("132621 born 1980: then %+v, elsewhen %+v, notes %q", info.Then, info.Elsewhen, info.Notes)
	}
}

// TestPermits: the residence permits of Hong Kong, Macau and Taiwan
// residents are recognised and checked like ID numbers.
func TestPermits(t *testing.T) {
	reg := quhua.Default()
	for _, tt := range []struct {
		n, doc string
		then   quhua.Code
	}{
		{"830000199201300022", DocPermitTaiwan, 0},
		{"810000199408230021", DocPermitHongKong, 810000},
		{number("820000", "20000101", "002"), DocPermitMacau, 820000},
	} {
		info, err := Parse(tt.n, reg)
		if err != nil {
			t.Fatalf("%s: %v", Mask(tt.n), err)
		}
		if !info.Permit || info.Document != tt.doc || info.At < PermitsFrom || (tt.then == 0) != (info.Then == nil) ||
			info.Then != nil && info.Then.Code != tt.then || info.Verdicts != (Verdicts{"valid", "valid", "valid"}) {
			t.Errorf("%s: %+v", Mask(tt.n), info)
		}
	}
	bad := "830000199201300023"
	if _, err := Parse(bad, reg); !errors.Is(err, ErrCheck) {
		t.Errorf("%s: %v, want ErrCheck", Mask(bad), err)
	}
	if _, err := ParseAt("830000199201300022", reg, quhua.MustParseDate("2017")); !errors.Is(err, ErrIssued) {
		t.Errorf("permit issued 2017: %v, want ErrIssued", err)
	}
}

// TestVerdicts: a number whose region alone fails comes back with its
// verdicts; a 15-digit number under a code of after 1999-07-01 is
// inconsistent.
func TestVerdicts(t *testing.T) {
	reg := quhua.Default()
	info, err := Parse(number("999999", "19900101", "001"), reg)
	if !errors.Is(err, ErrRegion) || info == nil || info.Verdicts != (Verdicts{"valid", "valid", "unknown"}) {
		t.Errorf("999999: %+v, %v", info, err)
	}
	info, err = Parse("500154930113588", reg)
	if !errors.Is(err, ErrRegion) || info == nil || info.Verdicts.Region != "inconsistent" || !strings.Contains(err.Error(), "GB 11643-1999") {
		t.Errorf("500154 in 15 digits: %+v, %v", info, err)
	}
	if _, err := Parse(number("110105", "19491231", "002")[:17]+"0", reg); !errors.Is(err, ErrCheck) {
		t.Errorf("wrong check: %v", err)
	}
}

// TestIssued: impossible dates of issue are errors; a year that has begun
// is not in the future.
func TestIssued(t *testing.T) {
	reg := quhua.Default()
	n := number("110101", "19900307", "867")
	for _, tt := range []struct {
		issued string
		ok     bool
	}{{"2030", false}, {"1980", false}, {"1990-03", true}, {"1990-02", false}, {quhua.Today().String()[:4], true}, {"2020-06-05", true}} {
		_, err := ParseAt(n, reg, quhua.MustParseDate(tt.issued))
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, ErrIssued) {
			t.Errorf("issued %s: %v", tt.issued, err)
		}
	}
}

// TestLevels: then and now carry province, prefecture and county apart.
func TestLevels(t *testing.T) {
	info, err := Parse(number("220381", "20010203", "123"), quhua.Default())
	if err != nil {
		t.Fatal(err)
	}
	th, now := info.Then, info.Now[0]
	if th.Province == nil || th.Province.Code != 220000 || th.Prefecture == nil || th.Prefecture.Name != "四平市" || th.County == nil || th.County.Code != 220381 {
		t.Errorf("then levels: %+v %+v %+v", th.Province, th.Prefecture, th.County)
	}
	if now.Prefecture == nil || now.Prefecture.Name != "长春市" || now.County == nil || now.County.Code != 220184 {
		t.Errorf("now levels: %+v %+v", now.Prefecture, now.County)
	}
}

// TestGenerate: generated numbers pass, have the sex asked for, and the
// region must be in force.
func TestGenerate(t *testing.T) {
	reg := quhua.Default()
	ns, err := Generate(reg, 220184, quhua.MustParseDate("2021-01-02"), 'F', 0, MaxGenerate)
	if err != nil || len(ns) != MaxGenerate {
		t.Fatalf("%d numbers, %v", len(ns), err)
	}
	seen := map[string]bool{}
	for _, n := range ns {
		info, err := Parse(n, reg)
		if err != nil || info.Sex != "female" || seen[n] {
			t.Fatalf("%s: %+v %v", Mask(n), info, err)
		}
		seen[n] = true
	}
	if _, err := Generate(reg, 220184, quhua.MustParseDate("2001-02-03"), 'M', 0, 1); !errors.Is(err, ErrRegion) {
		t.Errorf("220184 in 2001: %v", err)
	}
	if _, err := Generate(reg, 220184, quhua.MustParseDate("2001-02-03"), 'M', quhua.MustParseDate("2022"), 1); err != nil {
		t.Errorf("220184 issued 2022: %v", err)
	}
	if _, err := Generate(reg, 220184, quhua.MustParseDate("2001-02-03"), 'X', 0, 1); err == nil {
		t.Error("sex X accepted")
	}
}

// TestFullWidthLength: lengths are counted in characters.
func TestFullWidthLength(t *testing.T) {
	reg := quhua.Default()
	if _, err := Parse("11010519491231002Ｘ", reg); err != nil {
		t.Errorf("full-width X: %v", err)
	}
	_, err := Parse("１１０１０５１９４９１２３１００２", reg)
	if err == nil || !strings.Contains(err.Error(), "17 characters") {
		t.Errorf("17 full-width digits: %v", err)
	}
	_, err = Parse("11010519491231002丫", reg)
	if err == nil || !strings.Contains(err.Error(), "character 18") {
		t.Errorf("a Chinese character: %v", err)
	}
}
