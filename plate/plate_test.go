package plate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		in, prefix string
		code       quhua.Code
		name       string
		office     bool
	}{
		{"吉A", "吉A", 220100, "长春市", false},
		{"吉a12345", "吉A", 220100, "长春市", false},
		{" 吉Ａ·12345", "吉A", 220100, "长春市", false},
		{"京N", "京N", 110000, "北京市", false},
		{"黑L", "黑L", 230100, "哈尔滨市", false},
		{"粤Y", "粤Y", 440600, "佛山市", false},
		{"冀O", "冀O", 130000, "河北省", true},
		{"鄂M", "鄂M", 429004, "仙桃市", false},
	}
	for _, tt := range tests {
		ms, err := Lookup(tt.in)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.in, err)
			continue
		}
		if len(ms) != 1 || ms[0].Prefix != tt.prefix || ms[0].Code != tt.code || ms[0].Name != tt.name || ms[0].Office != tt.office {
			t.Errorf("Lookup(%q) = %+v, want %s %d %s", tt.in, ms, tt.prefix, tt.code, tt.name)
		}
	}
}

func TestLookupProvince(t *testing.T) {
	ms, err := Lookup("吉")
	if err != nil || len(ms) < 9 || ms[0].Prefix != "吉A" {
		t.Errorf("Lookup(吉) = %v, %v", ms, err)
	}
}

func TestLookupErrors(t *testing.T) {
	for in, want := range map[string]error{
		"":     ErrSyntax,
		"A吉":   ErrSyntax,
		"吉1":   ErrSyntax,
		"吉I":   ErrNotFound,
		"京I":   ErrNotFound, // [A-Z] leaves out I and O
		"京O":   ErrNotFound,
		"沪I":   ErrNotFound,
		"中A":   ErrNotFound,
		"\xff": ErrSyntax,
	} {
		if _, err := Lookup(in); !errors.Is(err, want) {
			t.Errorf("Lookup(%q): err = %v, want %v", in, err, want)
		}
	}
}

// TestEveryRow checks every line of the upstream list has its letters in
// the table.
func TestEveryRow(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "data", "areacodes", "plate-codes.csv"))
	if err != nil {
		t.Fatalf("the upstream list is part of the repository: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if got := len(table); got != len(lines)-1 {
		t.Errorf("table has %d entries, upstream %d rows", got, len(lines)-1)
	}
	for _, e := range table {
		if e.code == 0 || e.name == "" || e.letters == "" {
			t.Errorf("entry %q %q unresolved", e.pattern, e.region)
		}
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"吉A", "京[A-Z]", "吉", "", "粤Ｙ12345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms, err := Lookup(s)
		if err == nil && len(ms) == 0 {
			t.Fatal("no error and no match")
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lookup("吉A12345"); err != nil {
			b.Fatal(err)
		}
	}
}
