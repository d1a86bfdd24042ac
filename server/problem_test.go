package server

import "testing"

func TestProblemTypeSlug(t *testing.T) {
	if got := ProblemType("invalid-date"); got != "urn:quhua:problem:invalid-date" {
		t.Errorf("ProblemType = %q", got)
	}
	for typ, want := range map[string]string{
		ProblemType("conflict"): "conflict", "about:blank": "", "https://quhua.example/problems/x": "",
	} {
		if got := ProblemSlug(typ); got != want {
			t.Errorf("ProblemSlug(%q) = %q, want %q", typ, got, want)
		}
	}
}
