package idcard

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

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

func TestLongInput(t *testing.T) {
	s := strings.Repeat("1", 1<<22)
	t0 := time.Now()
	_, err := Parse(s, quhua.Default())
	if err == nil || time.Since(t0) > time.Second {
		t.Errorf("long input: %v in %v", err, time.Since(t0))
	}
	if len(err.Error()) > 200 {
		t.Errorf("error echoes the input: %d bytes", len(err.Error()))
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
