package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/idcard"
)

// TestIDFormatsNeverLeaveCLI is the command line's half of the property
// test of the masking: for every form of generated valid numbers
// (idcard.Formats), no output or error of the commands that take text
// shows the number's birth date or six of its digits in a row beyond the
// region code (idcard.Shows). id itself answers with the birth date, which
// is its point: there only the echo of the number counts.
func TestIDFormatsNeverLeaveCLI(t *testing.T) {
	reg := quhua.Default()
	var numbers []string
	for _, g := range []struct {
		code  quhua.Code
		birth string
		sex   byte
	}{{220102, "1990-03-07", 'M'}, {440305, "2001-11-30", 'F'}} {
		ns, err := idcard.Generate(reg, g.code, quhua.MustParseDate(g.birth), g.sex, 0, 20)
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, ns[0])
		for _, n := range ns {
			if n[17] == 'X' {
				numbers = append(numbers, n)
				break
			}
		}
	}
	numbers = append(numbers, "220381920304042")
	for i, n := range numbers {
		forms := idcard.Formats(n)
		for fi, f := range forms {
			bad := f[:len(f)-1] + string("1"[0]^(f[len(f)-1]&1)) // a wrong check character
			for _, args := range [][]string{
				{"id", f, "--json=false"}, {"id", f, "--json"}, {"id", bad, "--json=false"}, {"id", bad, "--json"},
				{"id", f, "--issued", "2030", "--json=false"},
				{"history", f}, {"translate", f, "--from", "2019", "--to", "2024"},
				{"parse", "吉林省长春市南关区" + f}, {"parse", f}, {"tree", f}, {"lookup", f},
			} {
				if slow[args[0]] && (i > 0 || fi%3 != 0) {
					// A text that is not a code is searched for as a name
					// (0.1–0.3 s): a third of the first number's forms do.
					continue
				}
				var out, errb bytes.Buffer
				run(args, &out, &errb)
				text := out.String() + "\n" + errb.String()
				if args[0] == "id" {
					text = withoutBirth(text, n)
				}
				text = strings.ReplaceAll(text, quhua.Today().String(), "") // the default date
				if part, ok := idcard.Shows(text, n); ok {
					t.Errorf("quhua %s %s: shows %s:\n%s", args[0], idcard.Redact(strings.Join(args[1:], " ")), idcard.Mask(part), idcard.Redact(text))
				}
			}
		}
		// Standard input: every form, one per line, and mistyped ones.
		var in strings.Builder
		for _, f := range forms {
			in.WriteString(f + "\n" + f[:len(f)-1] + "\n\n")
		}
		for _, js := range []string{"--json=false", "--json"} {
			var out, errb bytes.Buffer
			rootCmd.SetIn(strings.NewReader(in.String()))
			run([]string{"id", "-", js}, &out, &errb)
			rootCmd.SetIn(nil)
			if got := strings.Count(out.String(), "\n"); got != 3*len(forms) {
				t.Errorf("id - %s: %d lines of output for %d lines", js, got, 3*len(forms))
			}
			if part, ok := idcard.Shows(withoutBirth(out.String()+errb.String(), n), n); ok {
				t.Errorf("id - %s: shows %s", js, idcard.Mask(part))
			}
		}
	}
}

// slow are the commands that search a text for a name.
var slow = map[string]bool{"lookup": true, "history": true, "translate": true, "tree": true}

// withoutBirth removes the decoded birth date (YYYY-MM-DD) from an
// answer of id.
func withoutBirth(s, n string) string {
	if len(n) == 15 {
		n, _ = idcard.Upgrade(n)
	}
	return strings.ReplaceAll(s, n[6:10]+"-"+n[10:12]+"-"+n[12:14], "")
}
