package idcard

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// TestPeerSuites runs every case of seven established validators' test
// suites (testdata/peers/*.tsv, with their source, commit and licence)
// through Parse and Upgrade and asserts quhua's answer: valid, or the field
// of its error, and the region then. Where quhua's answer differs from what
// the peer's suite asserts, the row must say why.
func TestPeerSuites(t *testing.T) {
	reg := quhua.Default()
	files, err := filepath.Glob("testdata/peers/*.tsv")
	if err != nil || len(files) != 7 {
		t.Fatalf("want the 7 suites in testdata/peers, have %d (%v)", len(files), err)
	}
	cases, disagree := 0, 0
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		header := false
		for line := 1; sc.Scan(); line++ {
			text := sc.Text()
			if strings.HasPrefix(text, "#") {
				continue
			}
			if !header {
				if text != "call\tinput\tpeer\tquhua\tthen\twhy" {
					t.Fatalf("%s:%d: bad header %q", file, line, text)
				}
				header = true
				continue
			}
			fs := strings.Split(text, "\t")
			if len(fs) != 6 {
				t.Fatalf("%s:%d: %d fields, want 6", file, line, len(fs))
			}
			call, in, peer, want, then, why := fs[0], fs[1], fs[2], fs[3], fs[4], fs[5]
			cases++
			var got, gotThen string
			if strings.HasPrefix(strings.ToLower(call), "upgrade") {
				u, err := Upgrade(in)
				got, gotThen = u, "-"
				if err != nil {
					got = "invalid"
				}
			} else {
				got, gotThen = outcome(Parse(in, reg))
			}
			if got != want || gotThen != then {
				t.Errorf("%s:%d: %s(%s): quhua answers %s (then %s), the file says %s (then %s)", file, line, call, Mask(in), got, gotThen, want, then)
			}
			peerValid := strings.HasPrefix(peer, "valid") || len(peer) == 18 && peer == want
			region := strings.TrimPrefix(peer, "valid:")
			differs := peerValid != (want == "valid" || len(want) == 18) ||
				strings.HasPrefix(peer, "valid:") && !sameRegion(region, then)
			if differs {
				disagree++
				if why == "" {
					t.Errorf("%s:%d: %s(%s): the peer says %s, quhua %s (then %s), and the row does not say why", file, line, call, Mask(in), peer, want, then)
				}
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	t.Logf("%d cases, %d where quhua disagrees with the peer", cases, disagree)
}

// outcome is "valid" or the field of the error, and the region then.
func outcome(info *Info, err error) (string, string) {
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return e.Field, "-"
		}
		return err.Error(), "-"
	}
	if info.Then == nil {
		return "valid", "-"
	}
	return "valid", info.Then.FullName
}

// sameRegion compares a peer's region name with quhua's full name: the
// peer may leave out the prefecture (江西省德安县 for 江西省九江市德安县) or
// name a placeholder (广东省珠海市市辖区 for 广东省珠海市).
func sameRegion(peer, quhua string) bool {
	if peer == quhua || strings.TrimSuffix(peer, "市辖区") == quhua {
		return true
	}
	// Province and county, the prefecture left out: the peers' provinces
	// here have names of three characters.
	r := []rune(peer)
	if len(r) <= 3 {
		return false
	}
	return strings.HasPrefix(quhua, string(r[:3])) && strings.HasSuffix(quhua, string(r[3:]))
}
