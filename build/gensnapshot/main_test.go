package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

const (
	dataDir = "../../data/areacodes"
	corr    = "../../data/corrections.txt"
	release = "../../data/RELEASE"
)

// TestRecordedChangeValidated: a change file that breaks a rule stops the
// build, naming the file and the rule, as an authored change would be
// refused.
func TestRecordedChangeValidated(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"reused.json", `{"title":"t","date":"2026-03-01","documents":[{"title":"t"}],"operations":[{"type":"establish","code":"220381","name":"公主岭市"}]}`, "reuse"},
		{"range.json", `{"title":"t","date":"2026-03-01","documents":[{"title":"t"}],"operations":[{"type":"establish","code":"653199","name":"某县"}]}`, "code-range"},
		{"nodoc.json", `{"title":"t","date":"2026-03-01","documents":[],"operations":[{"type":"establish","code":"653133","name":"某县"}]}`, "document"},
		{"unknown.json", `{"title":"t","date":"2026-03-01","documnts":[]}`, "unknown field"},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, tc.name), []byte(tc.body), 0o644)
		_, err := Build(dataDir, corr, release, dir)
		if err == nil || !strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want the file and %q", tc.name, err, tc.want)
		}
	}
}

func TestReleaseFile(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"release 2026a\nnote x\n", ""},
		{"release 2026\n", "release: want"},
		{"release 2026a\nrelease 2026b\n", "release: want one line"},
		{"note x\n", "no \"release NAME\" line"},
		{"release 2026a\nversion 3\n", ":2: unknown line"},
		{"release 2026a\nprovisional 2025\n", ""},
		{"release 2026a\nprovisional 2030\n", ":2: provisional: want one line \"provisional YEAR\" naming a yearly list 1981–2025"},
		{"release 2026a\nprovisional x\n", ":2: provisional: want"},
		{"release 2026a\nprovisional 2025\nprovisional 2024\n", ":3: provisional: want one"},
	} {
		f := filepath.Join(t.TempDir(), "RELEASE")
		os.WriteFile(f, []byte(tc.body), 0o644)
		_, err := Build(dataDir, corr, f, "")
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%q: err = %v, want %q", tc.body, err, tc.want)
		}
	}
}

// TestSnapshotMatchesBuild compiles the data afresh (the upstream data set,
// the corrections, the release file and the recorded changes) and compares
// it, record by record, with the snapshot embedded in the library; then
// byte for byte with its encoding.
func TestSnapshotMatchesBuild(t *testing.T) {
	fresh, err := Build(dataDir, corr, release, "../../data/changes")
	if err != nil {
		t.Fatal(err)
	}
	emb := quhua.Default().Data()
	if len(fresh.Records) != len(emb.Records) || len(fresh.Events) != len(emb.Events) || len(fresh.Links) != len(emb.Links) {
		t.Fatalf("fresh import has %d records, %d events, %d links; the snapshot %d, %d, %d: run go generate",
			len(fresh.Records), len(fresh.Events), len(fresh.Links), len(emb.Records), len(emb.Events), len(emb.Links))
	}
	bad := 0
	for i := range fresh.Records {
		if f, e := fresh.Records[i], emb.Records[i]; f != e {
			t.Errorf("record %d: fresh %+v, snapshot %+v", i, f, e)
			if bad++; bad > 10 {
				t.FailNow()
			}
		}
	}
	for i := range fresh.Links {
		if f, e := fresh.Links[i], emb.Links[i]; f != e {
			t.Errorf("link %d: fresh %+v, snapshot %+v", i, f, e)
			if bad++; bad > 10 {
				t.FailNow()
			}
		}
	}
	b, err := os.ReadFile("../../snapshot.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(snapshot.Encode(fresh), b) {
		t.Error("snapshot.bin differs from a fresh build: run go generate")
	}
}

// The provisional list's events, the records they created and their links
// are marked provisional; without the line, only the unconfirmed links
// are marked.
func TestProvisionalMarks(t *testing.T) {
	f := filepath.Join(t.TempDir(), "RELEASE")
	os.WriteFile(f, []byte("release 2026a\nnote n\n"), 0o644)
	d, err := Build(dataDir, corr, f, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Marks {
		if m.Certainty != snapshot.CertUnconfirmed || m.Of != snapshot.MarkLink || d.Links[m.Index].Flags&snapshot.Unconfirmed == 0 {
			t.Fatalf("without a provisional list: mark %+v", m)
		}
	}
	os.WriteFile(f, []byte("release 2026a\nnote n\nprovisional 2025\n"), 0o644)
	d, err = Build(dataDir, corr, f, "")
	if err != nil {
		t.Fatal(err)
	}
	prov := 0
	for _, m := range d.Marks {
		if m.Certainty == snapshot.CertProvisional {
			prov++
			if m.Reason != "n" || m.Source != "data/RELEASE" {
				t.Errorf("mark %+v", m)
			}
			if m.Of == snapshot.MarkEvent && d.Events[m.Index].Year != 2025 {
				t.Errorf("event of list %d marked provisional", d.Events[m.Index].Year)
			}
		}
	}
	if prov == 0 {
		t.Error("no provisional marks")
	}
}
