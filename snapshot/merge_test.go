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
