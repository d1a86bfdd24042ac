package quhua_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

func d(s string) quhua.Date { return quhua.MustParseDate(s) }

func TestLookupParents(t *testing.T) {
	reg := quhua.Default()
	tests := []struct {
		code               quhua.Code
		at                 string
		name, legal, admin string
		delegated          bool
	}{
		{220381, "2019", "公主岭市", "吉林省", "四平市", true},
		{220184, "2024", "公主岭市", "吉林省", "长春市", true},
		{220104, "2024", "朝阳区", "长春市", "长春市", false},
		{229001, "1989", "公主岭市", "吉林省", "吉林省", false},
		{429021, "2024", "神农架林区", "湖北省", "湖北省", false},
		{222426, "2024", "安图县", "延边朝鲜族自治州", "延边朝鲜族自治州", false},
		{232721, "2024", "呼玛县", "黑龙江省", "大兴安岭地区", true},
		{220100, "2024", "长春市", "吉林省", "吉林省", false},
	}
	for _, tt := range tests {
		div, ok := reg.At(d(tt.at)).Lookup(tt.code)
		if !ok {
			t.Errorf("%s at %s: not found", tt.code, tt.at)
			continue
		}
		if div.Name != tt.name || div.Legal.Name != tt.legal || div.Admin.Name != tt.admin || div.Delegated() != tt.delegated {
			t.Errorf("%s at %s: %s legal %s admin %s delegated %v; want %s %s %s %v", tt.code, tt.at,
				div.Name, div.Legal.Name, div.Admin.Name, div.Delegated(), tt.name, tt.legal, tt.admin, tt.delegated)
		}
	}
	if _, ok := reg.At(d("2024")).Lookup(220381); ok {
		t.Error("220381 should not be in force in 2024")
	}
	if _, ok := reg.At(d("2020-06-04")).Lookup(220381); !ok {
		t.Error("220381 should be in force on 2020-06-04")
	}
	if _, ok := reg.At(d("2020-06-05")).Lookup(220184); !ok {
		t.Error("220184 should be in force from 2020-06-05")
	}
}

func TestFind(t *testing.T) {
	v := quhua.Default().At(d("2024"))
	tests := []struct {
		q    string
		want []quhua.Code
	}{
		{"公主岭市", []quhua.Code{220184}},
		{"公主岭", []quhua.Code{220184}},
		{"吉林省长春市公主岭市", []quhua.Code{220184}},
		{"长春公主岭", []quhua.Code{220184}},
		{"吉林公主岭市", []quhua.Code{220184}},
		{"朝阳区", []quhua.Code{110105, 220104}},
		{"长春市朝阳区", []quhua.Code{220104}},
		{"北京朝阳区", []quhua.Code{110105}},
		{"吉林", []quhua.Code{220000, 220200}},
		{"220184", []quhua.Code{220184}},
		{"四平市公主岭市", nil},
		{"没有这个地方", nil},
		{"", nil},
	}
	for _, tt := range tests {
		var got []quhua.Code
		for _, x := range v.Find(tt.q) {
			got = append(got, x.Code)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	if got := quhua.Default().At(d("2019")).Find("四平市公主岭市"); len(got) != 1 || got[0].Code != 220381 {
		t.Errorf("Find(四平市公主岭市) at 2019 = %v", got)
	}
}

func TestChildren(t *testing.T) {
	reg := quhua.Default()
	var codes []quhua.Code
	for _, c := range reg.At(d("2024")).Children(220100) {
		codes = append(codes, c.Code)
	}
	want := []quhua.Code{220102, 220103, 220104, 220105, 220106, 220112, 220113, 220122, 220182, 220183, 220184}
	if !slices.Equal(codes, want) {
		t.Errorf("children of 长春市 in 2024: %v, want %v", codes, want)
	}
	if n := len(reg.At(d("2024")).Children(0)); n != 34 {
		t.Errorf("%d provinces in 2024, want 34", n)
	}
	// Province-governed units are children of their province.
	found := false
	for _, c := range reg.At(d("2024")).Children(420000) {
		found = found || c.Code == 429021
	}
	if !found {
		t.Error("神农架林区 should be a child of 湖北省")
	}
}

func TestIdentify(t *testing.T) {
	reg := quhua.Default()
	tests := []struct {
		code  quhua.Code
		at    string
		class quhua.CodeClass
		rec   quhua.Code
	}{
		{220381, "2019", quhua.ClassDivision, 220381},
		{220381, "2024", quhua.ClassNotInForce, 220381},
		{229001, "1992", quhua.ClassRawVariant, 220381},
		{229001, "1989", quhua.ClassDivision, 229001},
		{220101, "2024", quhua.ClassPlaceholder, 220100},
		{110100, "2024", quhua.ClassPlaceholder, 110000},
		{110200, "1990", quhua.ClassPlaceholder, 110000},
		{220171, "2024", quhua.ClassStatistical, 220100},
		{999999, "2024", quhua.ClassUnknown, 0},
	}
	for _, tt := range tests {
		info := reg.Identify(tt.code, d(tt.at))
		var rec quhua.Code
		if info.Record != nil {
			rec = info.Record.Code
		}
		if info.Class != tt.class || rec != tt.rec {
			t.Errorf("Identify(%s, %s) = %s %v (%s), want %s %v", tt.code, tt.at, info.Class, rec, info.Note, tt.class, tt.rec)
		}
	}
}

func TestDiff(t *testing.T) {
	reg := quhua.Default()
	res := reg.Diff(d("2019"), d("2020"))
	found := false
	for _, e := range res.Events {
		for _, doc := range e.Documents {
			if doc.Number == "国函〔2020〕84号" {
				found = e.Date.String() == "2020-06-05"
			}
		}
	}
	if !found {
		t.Error("diff 2019 2020 lacks 国函〔2020〕84号 on 2020-06-05")
	}
	if !slices.ContainsFunc(res.Removed, func(r *quhua.Record) bool { return r.Code == 220381 }) ||
		!slices.ContainsFunc(res.Added, func(r *quhua.Record) bool { return r.Code == 220184 }) {
		t.Error("diff 2019 2020 should remove 220381 and add 220184")
	}
	if r2 := reg.Diff(d("2020"), d("2019")); len(r2.Events) != len(res.Events) {
		t.Error("Diff should accept dates in either order")
	}
}

func TestLoadRoundTrip(t *testing.T) {
	reg := quhua.Default()
	reg2, err := quhua.Load(bytes.NewReader(reg.Snapshot()))
	if err != nil {
		t.Fatal(err)
	}
	if len(reg2.Records()) != len(reg.Records()) || reg2.Version() != reg.Version() {
		t.Fatal("round trip lost data")
	}
}

// TestMalformedSnapshot: every truncation and many corruptions of the real
// snapshot give an error, never a panic.
func TestMalformedSnapshot(t *testing.T) {
	b := quhua.Default().Snapshot()
	for _, n := range []int{0, 1, 5, len(snapshot.Magic), len(snapshot.Magic) + 3, 100, 1000, len(b) / 2, len(b) - 1} {
		if _, err := quhua.Load(bytes.NewReader(b[:n])); !errors.Is(err, snapshot.ErrFormat) {
			t.Errorf("truncated to %d bytes: error %v, want ErrFormat", n, err)
		}
	}
	if _, err := quhua.Load(bytes.NewReader(append(bytes.Clone(b), 0))); !errors.Is(err, snapshot.ErrFormat) {
		t.Errorf("trailing byte: %v", err)
	}
	for i := len(snapshot.Magic); i < len(b); i += 4999 {
		c := bytes.Clone(b)
		c[i] ^= 0xff
		quhua.Load(bytes.NewReader(c)) // must not panic
	}
}

// TestImpliedDistrictsFirstNamed: a 1983 district that an earlier decision
// of the year already names is in force from that decision, not from the
// end of the year: 国函〔1983〕77号 (1983-04-25) transfers land "划归锦州市太和区管辖".
func TestImpliedDistrictsFirstNamed(t *testing.T) {
	reg := quhua.Default()
	if _, ok := reg.At(d("1983-04-25")).Record(210711); !ok {
		t.Error("210711 太和区 should be in force on 1983-04-25")
	}
	if _, ok := reg.At(d("1983-04-24")).Record(210711); ok {
		t.Error("210711 太和区 should not be in force before 1983-04-25")
	}
	// Districts that no earlier decision names start with the note, at
	// the end of the year.
	if r, ok := reg.At(d("1983")).Record(130102); !ok || r.From != d("1983") {
		t.Errorf("130102 长安区 should start on 1983-12-31, got %v", r)
	}
}
