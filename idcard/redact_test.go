package idcard

import (
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"":                                     "",
		"no digits":                            "no digits",
		"code 220381, year 2019":               "code 220381, year 2019",
		"12345678901234":                       "12345678901234", // 14 digits: not an ID number
		"220381199001011234":                   "220381********1234",
		"22038119900101123X":                   "220381********123X",
		"/v1/id?number=22038119900101123x&a=1": "/v1/id?number=220381********123x&a=1",
		"220381900101123":                      "220381*****1123",
		"a220381199001011234b220381900101123c": "a220381********1234b220381*****1123c",
		"%32%32%30%33%38%31199001011234":       "%32%32%30%33%38%31********1234",
		"q=220381%3199001011234":               "q=220381********1234",
		"12345678901234567890123456789":        "123456*******************6789",
		"ID number 220381********1234: check":  "ID number 220381********1234: check",
	} {
		got := Redact(in)
		if got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
		if strings.Contains(got, "19900101") {
			t.Errorf("Redact(%q) = %q shows the birth date", in, got)
		}
	}
}

func TestRedactNoAlloc(t *testing.T) {
	s := "/v1/divisions/220381?at=2019-06-05"
	if n := testing.AllocsPerRun(100, func() { Redact(s) }); n != 0 {
		t.Errorf("Redact of a clean string allocates %v times", n)
	}
}

// TestErrorsHideBirthDigits: an error about the birth date does not quote
// the digits the mask hides.
func TestErrorsHideBirthDigits(t *testing.T) {
	reg := quhua.Default()
	for _, tt := range []struct{ birth, hidden string }{
		{"20011301", "13"},   // no month 13
		{"20010230", "30"},   // no 30 February
		{"18400101", "1840"}, // too early
	} {
		n := number("220381", tt.birth, "123")
		_, err := Parse(n, reg)
		if err == nil {
			t.Fatalf("Parse(%s): no error", Mask(n))
		}
		rest := strings.Replace(err.Error(), Mask(n), "", 1)
		if strings.Contains(rest, tt.hidden) {
			t.Errorf("Parse(%s): %q quotes the hidden %s", Mask(n), err, tt.hidden)
		}
	}
}

// BenchmarkRedactAnswer measures Redact on a JSON answer without numbers
// (the common case: it passes through) and with one.
func BenchmarkRedactAnswer(b *testing.B) {
	row := `{"code":"220381","name":"公主岭市","kind":"县级市","valid":"1985-01-01–2020-06-05","fullName":"吉林省四平市公主岭市"},`
	clean := strings.Repeat(row, 4096)
	dirty := clean + `"q":"220381-19900307-4512"`
	for _, c := range []struct{ name, s string }{{"clean", clean}, {"number", dirty}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.s)))
			b.ReportAllocs()
			for b.Loop() {
				Redact(c.s)
			}
		})
	}
}

// FuzzRedact: Redact never fails, and what it returns holds no run of
// MinRedactDigits digits; a number in any of its forms comes out masked.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{"220381199001011234", "220381-19900101-1234", "２２０３８１ １９９００１０１ １２３４", "%32%32%30", "a\\u3000b", "2 2 0 3 8 1 1 9 9 0 0 1 0 1 1 2 3 4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Redact(s)
		n := 0
		for i := 0; i < len(r); i++ {
			if r[i] >= '0' && r[i] <= '9' {
				if n++; n >= MinRedactDigits {
					t.Fatalf("Redact(%q) = %q keeps a run of %d digits", s, r, n)
				}
			} else {
				n = 0
			}
		}
	})
}
