package problem

import "testing"

func TestTypeSlug(t *testing.T) {
	if got := Type("invalid-date"); got != "urn:quhua:problem:invalid-date" {
		t.Errorf("Type = %q", got)
	}
	for typ, want := range map[string]string{
		Type("conflict"): "conflict", "about:blank": "", "https://quhua.example/problems/x": "",
	} {
		if got := Slug(typ); got != want {
			t.Errorf("Slug(%q) = %q, want %q", typ, got, want)
		}
	}
}
