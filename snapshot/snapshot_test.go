package snapshot_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/quhua/quhua/snapshot"
)

func TestRoundTrip(t *testing.T) {
	d := &snapshot.Data{
		DataVersion: "2024", UpstreamCommit: "x", FirstYear: 1981, LastYear: 2024,
		Records: []snapshot.Record{{Code: 220381, Name: "公主岭市", Kind: 13, From: 19900101, To: 20200605, FromEvent: -1, ToEvent: 0},
			{Code: 220184, Name: "公主岭市", Kind: 13, From: 20200605, FromEvent: 0, ToEvent: -1}},
		Events: []snapshot.Event{{Date: 20200605, Year: 2020, Docs: []snapshot.Doc{{Number: "国函〔2020〕84号", Date: 20200605}}, Ref: "r"}},
		Links:  []snapshot.Link{{From: 0, To: 1, Event: 0}},
	}
	b := snapshot.Encode(d)
	d2, err := snapshot.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(snapshot.Encode(d2), b) {
		t.Fatal("round trip changed the bytes")
	}
	// Decode's strings do not share the caller's bytes; DecodeReadOnly's do.
	num := bytes.Index(b, []byte("国函"))
	dr, err := snapshot.DecodeReadOnly(b)
	if err != nil {
		t.Fatal(err)
	}
	b[num+len("国函")] = '#' // "〔" begins with a byte that no Number character here has
	if d2.Events[0].Docs[0].Number != "国函〔2020〕84号" {
		t.Errorf("Decode's data changed with the caller's bytes: %q", d2.Events[0].Docs[0].Number)
	}
	if !strings.HasPrefix(dr.Events[0].Docs[0].Number, "国函#") {
		t.Errorf("DecodeReadOnly's data do not share the bytes: %q", dr.Events[0].Docs[0].Number)
	}
	b = snapshot.Encode(d)
	if _, err := snapshot.DecodeReadOnly([]byte("QUHUA")); !errors.Is(err, snapshot.ErrFormat) {
		t.Errorf("DecodeReadOnly without the header: %v", err)
	}
	// Marks: a section of their own, absent when there are none.
	d.Marks = []snapshot.Mark{{Of: snapshot.MarkLink, Index: 0, Certainty: snapshot.CertUnconfirmed, Reason: "no notice", Source: "diff"}, {Of: snapshot.MarkRecord, Index: 1, Certainty: snapshot.CertProvisional, Reason: "list"}}
	if _, err := snapshot.Decode(snapshot.Encode(d)); err == nil {
		t.Error("marks out of order accepted")
	}
	d.SortMarks()
	bm := snapshot.Encode(d)
	dm, err := snapshot.Decode(bm)
	if err != nil {
		t.Fatal(err)
	}
	if len(dm.Marks) != 2 || dm.Marks[0].Of != snapshot.MarkRecord || dm.Marks[1].Reason != "no notice" || dm.Marks[1].Source != "diff" {
		t.Fatalf("marks after the round trip: %+v", dm.Marks)
	}
	if !bytes.Equal(bm[:len(b)], b) {
		t.Error("the marks section changed the bytes before it")
	}
	d.Marks = append(d.Marks, snapshot.Mark{Of: snapshot.MarkEvent, Index: 5, Certainty: snapshot.CertUnconfirmed})
	if _, err := snapshot.Decode(snapshot.Encode(d)); !errors.Is(err, snapshot.ErrFormat) {
		t.Errorf("mark on a missing event: %v", err)
	}
	d.Marks = nil
	bad := *d
	bad.Links = []snapshot.Link{{From: 0, To: 7, Event: 0}}
	if _, err := snapshot.Decode(snapshot.Encode(&bad)); !errors.Is(err, snapshot.ErrFormat) {
		t.Errorf("link to a missing record: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	// The real snapshot is large for a fuzzer to mutate; its head and a
	// small complete encoding make better seeds.
	if b, err := os.ReadFile("../../snapshot.bin"); err == nil {
		f.Add(b[:2048])
	}
	f.Add(snapshot.Encode(&snapshot.Data{DataVersion: "1", FirstYear: 1981, LastYear: 1982,
		Records: []snapshot.Record{{Code: 110000, Name: "北京市", FromEvent: -1, ToEvent: 0, To: 19820101}, {Code: 110000, Name: "京", From: 19820101, FromEvent: 0, ToEvent: -1}},
		Events:  []snapshot.Event{{Date: 19820101, Docs: []snapshot.Doc{{Number: "n", Title: "t"}}}},
		Links:   []snapshot.Link{{From: 0, To: 1}}}))
	f.Add(snapshot.Encode(townshipData()))
	f.Add([]byte(snapshot.Magic))
	f.Add([]byte(snapshot.Magic + "\x00\x00\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := snapshot.Decode(b)
		// Reading in place decides and answers alike.
		dr, errr := snapshot.DecodeReadOnly(bytes.Clone(b))
		if (err == nil) != (errr == nil) || err != nil && err.Error() != errr.Error() {
			t.Fatalf("Decode: %v; DecodeReadOnly: %v", err, errr)
		}
		if err == nil && !bytes.Equal(snapshot.Encode(dr), b) {
			t.Fatal("DecodeReadOnly's data encode differently")
		}
		if err != nil {
			if !errors.Is(err, snapshot.ErrFormat) {
				t.Fatalf("error not wrapping ErrFormat: %v", err)
			}
			return
		}
		if !bytes.Equal(snapshot.Encode(d), b) {
			t.Fatal("decoded data encodes differently")
		}
	})
}

// TestNumberForms: every number has one byte form, its shortest; longer
// forms and numbers beyond 64 bits are refused, naming the field.
func TestNumberForms(t *testing.T) {
	head := snapshot.Magic + "\x00\x00\x00" // empty version, commit and note
	for _, c := range []struct {
		first string // the first year's bytes
		err   string // "" if accepted
	}{
		{"\x00", ""},
		{"\xbd\x0f", ""}, // 1981
		{"\xbd\x8f\x00", "bad number for first year at byte 20"},                             // 1981 padded
		{"\x80\x00", "bad number for first year at byte 20"},                                 // 0 padded
		{"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", "bad number for first year at byte 20"}, // beyond 64 bits
		{"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "first year 18446744073709551615 out of range at byte 20"},
		{"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "bad number for first year at byte 20"}, // eleven bytes
		{"\xbd", "bad number for first year at byte 20"},                                         // truncated
	} {
		b := []byte(head + c.first + "\x00\x00\x00\x00")
		_, err := snapshot.Decode(b)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("% x: %v", c.first, err)
		case c.err != "" && (err == nil || !errors.Is(err, snapshot.ErrFormat) || err.Error() != "malformed snapshot: "+c.err):
			t.Errorf("% x: got %v, want %s", c.first, err, c.err)
		}
	}
}

// TestRecordErrors: a malformed record is refused with the field it
// breaks and where.
func TestRecordErrors(t *testing.T) {
	head := snapshot.Magic + "\x00\x00\x00\x00\x00\x01" // no version, commit, note, years; one record
	ok := "\x81\x02\x01x\x00\x00\x00\x00\x00\x01\x01"   // 257 "x", kind 0, from 0 day, to 0 day, no events
	tail := "\x00\x00"                                  // no events, no links
	if _, err := snapshot.Decode([]byte(head + ok + tail)); err != nil {
		t.Fatalf("valid record: %v", err)
	}
	for _, c := range []struct{ rec, err string }{
		{"\x80\xa8\xd6\xb9\x07\x01x\x00\x00\x00\x00\x00\x01\x01", "code 2000000000 out of range at byte 23"},
		{"\x81\x02\x05x", "truncated name at byte 26"},
		{"\x81\x02\x01x\x80\x02\x00\x00\x00\x00\x01\x01", "kind 256 out of range at byte 27"},
		{"\x81\x02\x01x\x00\x01\x00\x00\x00\x01\x01", "from date -1 out of range at byte 28"},
		{"\x81\x02\x01x\x00\x00\x04\x00\x00\x01\x01", "from precision 4 out of range at byte 29"},
		{"\x81\x02\x01x\x00\x00\x00\x80\x84\xaf\x5f\x00\x01\x01", "to date 100000000 out of range at byte 30"},
		{"\x81\x02\x01x\x00\x00\x00\x00\x07\x01\x01", "to precision 7 out of range at byte 31"},
		{"\x81\x02\x01x\x00\x00\x00\x00\x00\x03\x01", "from event -2 out of range at byte 32"},
		{"\x81\x02\x01x\x00\x00\x00\x00\x00\x01\x80\x80\x80\x80\x10", "to event 2147483648 out of range at byte 33"},
		{"\x81\x02\x01x\x00\x00\x00\x00\x00\x01\x81\x00", "bad number for to event at byte 33"},
	} {
		_, err := snapshot.Decode([]byte(head + c.rec + tail))
		if err == nil || !errors.Is(err, snapshot.ErrFormat) || err.Error() != "malformed snapshot: "+c.err {
			t.Errorf("% x: got %v, want %s", c.rec, err, c.err)
		}
	}
}

// townshipData is a small snapshot with every township field set.
func townshipData() *snapshot.Data {
	return &snapshot.Data{DataVersion: "1", FirstYear: 2015, LastYear: 2023,
		Records: []snapshot.Record{
			{Code: 320871001, Name: "x街道", FromEvent: -1, ToEvent: 0, To: 20170101, TownshipRecord: snapshot.TownshipRecord{Legal: 320812, Unit: "320871 淮安经济技术开发区"}},
			{Code: 511781215, Name: "y镇", From: 20170101, FromPrec: snapshot.PrecInterval, FromEvent: 0, ToEvent: -1, TownshipRecord: snapshot.TownshipRecord{System: snapshot.SystemCivil, Counterpart: 511781106}},
		},
		Events: []snapshot.Event{{Date: 20170101, Prec: snapshot.PrecInterval, Ref: "t", TownshipEvent: snapshot.TownshipEvent{After: 20161031, Unconfirmed: true}}},
		Links:  []snapshot.Link{{From: 0, To: 1, Flags: snapshot.Inferred}},
	}
}

// TestTownshipFields: the township section's fields survive the round
// trip, and a malformed one is refused naming the field.
func TestTownshipFields(t *testing.T) {
	d := townshipData()
	b := snapshot.Encode(d)
	got, err := snapshot.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Records {
		if got.Records[i].TownshipRecord != d.Records[i].TownshipRecord {
			t.Errorf("record %d: %+v, want %+v", i, got.Records[i].TownshipRecord, d.Records[i].TownshipRecord)
		}
	}
	if got.Events[0].TownshipEvent != d.Events[0].TownshipEvent {
		t.Errorf("event: %+v", got.Events[0].TownshipEvent)
	}
	// The record entries follow the event entries; each breakage below
	// is one field of the second record entry.
	unit := bytes.LastIndex(b, []byte("\x01\x01\xf2\xd1\x84\xf4\x01\x00\x00")) // index 1, civil, counterpart 511781106, no legal, no unit
	if unit < 0 {
		t.Fatal("second township record entry not found")
	}
	for _, c := range []struct {
		at   int
		with string
		err  string
	}{
		{0, "\x00", "township record indexes out of order"},
		{0, "\x02", "township record index 2 out of range"},
		{1, "\x02", "code system 2 out of range"},
		{7, "\xc0\x84\x3d", "legal parent 1000000 out of range"},
		{8, "\x05", "truncated statistical unit"},
	} {
		bad := append(append(bytes.Clone(b[:unit+c.at]), c.with...), b[unit+c.at+1:]...)
		_, err := snapshot.Decode(bad)
		if err == nil || !errors.Is(err, snapshot.ErrFormat) || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s at %d: got %v, want %s", c.with, c.at, err, c.err)
		}
	}
}
