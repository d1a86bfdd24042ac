package snapshot

import "testing"

func TestMergeFoldsCountyEvent(t *testing.T) {
	base := &Data{FirstYear: 1981, LastYear: 2024,
		Records: []Record{
			{Code: 220381, Name: "公主岭市", From: 0, To: 20200605, FromEvent: -1, ToEvent: 1},
			{Code: 220184, Name: "公主岭市", From: 20200605, FromEvent: 1, ToEvent: -1},
		},
		Events: []Event{{Date: 20100101, Ref: "a"}, {Date: 20200605, Ref: "diff/2019-2020.diff:31", Docs: []Doc{{Number: "国函〔2020〕84号"}}}},
		Links:  []Link{{From: 0, To: 1, Event: 1}},
	}
	level := &Data{
		Records: []Record{
			{Code: 220381103, Name: "范家屯镇", To: 20200605, FromEvent: -1, ToEvent: 1},
			{Code: 220184103, Name: "范家屯镇", From: 20200605, FromEvent: 1, ToEvent: -1},
			{Code: 220184001, Name: "x街道", From: 20210101, FromEvent: 2, ToEvent: -1},
		},
		Events: []Event{{Date: 20160731, Ref: "t"}, {Date: 20200605, Ref: CountyEventRef + "diff/2019-2020.diff:31"}, {Date: 20210101, Ref: "u"}},
		Links:  []Link{{From: 0, To: 1, Event: 1, Flags: Derived}},
	}
	d, err := Merge(base, level)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Check(); err != nil {
		t.Fatalf("merged data fail the check: %v", err)
	}
	if len(d.Events) != 4 {
		t.Fatalf("%d events, want 4 (the derived one folded)", len(d.Events))
	}
	for i := 1; i < len(d.Events); i++ {
		if d.Events[i].Date < d.Events[i-1].Date {
			t.Fatal("events out of order")
		}
	}
	county := d.Records[1].FromEvent
	if d.Records[3].FromEvent != county || d.Records[2].ToEvent != county || d.Links[1].Event != county {
		t.Fatalf("township records and link not in the county event %d: %+v %+v", county, d.Records, d.Links)
	}
	if d.Links[1].From != 2 || d.Links[1].To != 3 {
		t.Fatalf("township link not re-indexed: %+v", d.Links[1])
	}
	if d.Records[4].FromEvent != 3 {
		t.Fatalf("later township event at %d", d.Records[4].FromEvent)
	}
}

// The marks of both inputs follow their facts through the merge: records
// shifted, events interleaved, links re-sorted by event.
func TestMergeMarks(t *testing.T) {
	base := &Data{FirstYear: 1981, LastYear: 2024,
		Records: []Record{{Code: 653126, Name: "叶城县", FromEvent: -1, ToEvent: -1}, {Code: 653132, Name: "岑岭县", From: 20260326, FromEvent: 1, ToEvent: -1}},
		Events:  []Event{{Date: 20100101, Ref: "a"}, {Date: 20260326, Ref: "b"}},
		Links:   []Link{{From: 0, To: 1, Event: 1, Flags: Transfer | Unconfirmed}},
		Marks:   []Mark{{Of: MarkEvent, Index: 1, Certainty: CertProvisional, Reason: "p"}, {Of: MarkLink, Index: 0, Certainty: CertUnconfirmed, Reason: "u"}},
	}
	level := &Data{
		Records: []Record{{Code: 653126100, Name: "x镇", FromEvent: -1, ToEvent: 0, To: 20150101}, {Code: 653126101, Name: "y镇", From: 20150101, FromEvent: 0, ToEvent: -1}},
		Events:  []Event{{Date: 20150101, Ref: "t"}},
		Links:   []Link{{From: 0, To: 1, Event: 0}},
		Marks:   []Mark{{Of: MarkRecord, Index: 1, Certainty: CertUnconfirmed, Reason: "one unofficial source"}, {Of: MarkLink, Index: 0, Certainty: CertUnconfirmed, Reason: "t"}},
	}
	d, err := Merge(base, level)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Check(); err != nil {
		t.Fatalf("merged data fail the check: %v", err)
	}
	for _, m := range d.Marks {
		switch m.Reason {
		case "p":
			if m.Of != MarkEvent || d.Events[m.Index].Ref != "b" {
				t.Errorf("event mark on %+v", d.Events[m.Index])
			}
		case "u":
			if l := d.Links[m.Index]; m.Of != MarkLink || d.Records[l.To].Name != "岑岭县" {
				t.Errorf("link mark on %+v", l)
			}
		case "t":
			if l := d.Links[m.Index]; m.Of != MarkLink || d.Records[l.To].Name != "y镇" {
				t.Errorf("township link mark on %+v", l)
			}
		case "one unofficial source":
			if m.Of != MarkRecord || d.Records[m.Index].Name != "y镇" {
				t.Errorf("record mark on %+v", d.Records[m.Index])
			}
		}
	}
	if len(d.Marks) != 4 {
		t.Fatalf("%d marks, want 4", len(d.Marks))
	}
}
