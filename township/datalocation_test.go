package township_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/township"
)

// The changes after the last edition that data_location shows are dated
// by the interval between two of its snapshots and flagged unconfirmed,
// and none of them is dated before the last edition's cut-off.
func TestDataLocationUnconfirmed(t *testing.T) {
	r := reg(t)
	n := 0
	var example *quhua.Record
	for _, e := range r.Events() {
		if !e.Unconfirmed {
			continue
		}
		n++
		if e.Precision != quhua.Interval || e.After < township.Horizon || !strings.Contains(e.Ref, "data_location") {
			t.Errorf("unconfirmed event %d: %s %s, ref %q", e.ID, e.Precision, e.When(), e.Ref)
		}
		if len(e.Documents) > 0 {
			t.Errorf("unconfirmed event %d has documents", e.ID)
		}
		for _, c := range e.Created {
			if example == nil && c.Current() {
				example = c
			}
		}
	}
	if n < 10 {
		t.Fatalf("%d unconfirmed township events, want the changes data_location shows after 2023-06-30", n)
	}
	if example == nil {
		t.Fatal("no township created by an unconfirmed change is in force")
	}
	t.Logf("%d unconfirmed events; e.g. %s since %s", n, example, example.Created.When())
	complete, unconfirmed := r.TownshipHorizon()
	if complete != township.Horizon || unconfirmed <= complete {
		t.Fatalf("township horizon %s, unconfirmed through %s", complete, unconfirmed)
	}
	if got := r.TownshipHorizonText(); !strings.Contains(got, "statistics editions to 2023-06-30") || !strings.Contains(got, "unconfirmed changes to "+unconfirmed.String()) {
		t.Fatalf("horizon text %q", got)
	}
	// The county level's horizon does not move with them.
	if r.RecordedThrough() == unconfirmed && r.Horizon() < unconfirmed {
		t.Fatalf("county-level recorded-through %s follows the township's unconfirmed changes", r.RecordedThrough())
	}
}

// The copy of data_location in the repository is the one its SHA256SUMS
// names, file by file.
func TestDataLocationChecksums(t *testing.T) {
	dir := "../data/data_location"
	b, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 500 {
		t.Fatalf("SHA256SUMS lists %d files", len(lines))
	}
	listed := map[string]bool{}
	for i, l := range lines {
		sum, name, ok := strings.Cut(l, "  ")
		if !ok {
			t.Fatalf("SHA256SUMS:%d: malformed line %q", i+1, l)
		}
		name = strings.TrimPrefix(name, "./")
		listed[name] = true
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("SHA256SUMS:%d: %v", i+1, err)
			continue
		}
		h := sha256.Sum256(data)
		if hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: checksum differs from SHA256SUMS:%d", name, i+1)
		}
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			if rel != "SHA256SUMS" && !listed[rel] {
				t.Errorf("%s is not in SHA256SUMS", rel)
			}
		}
		return nil
	})
}
