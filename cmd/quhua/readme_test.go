package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's generated samples from the command's real output")

// sampleBlock is a README sample the test generates: the marker names the
// command, the block holds "$ quhua …" and what the command prints.
var sampleBlock = regexp.MustCompile("(?s)<!-- sample: (quhua [^\n]*?) -->\n```console\n.*?```\n<!-- /sample -->")

// TestReadmeSamples runs the command of every marked sample in README.md
// and fails when the README shows other output than the command prints
// now. go test ./cmd/quhua -run TestReadmeSamples -update-readme rewrites
// the samples; text outside the marked blocks is never touched.
func TestReadmeSamples(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var failed []string
	out := sampleBlock.ReplaceAllFunc(readme, func(block []byte) []byte {
		n++
		cmdline := string(sampleBlock.FindSubmatch(block)[1])
		var stdout, stderr bytes.Buffer
		if code := run(strings.Fields(cmdline)[1:], &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit status %d: %s", cmdline, code, stderr.String())
		}
		if stderr.Len() > 0 {
			t.Errorf("%s: prints on standard error, which a sample would hide: %s", cmdline, stderr.String())
		}
		want := "<!-- sample: " + cmdline + " -->\n```console\n$ " + cmdline + "\n" + stdout.String() + "```\n<!-- /sample -->"
		if string(block) != want {
			failed = append(failed, cmdline)
		}
		return []byte(want)
	})
	if n == 0 {
		t.Fatal("README.md has no <!-- sample: quhua … --> blocks")
	}
	if len(failed) == 0 {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("README.md: rewrote the samples of %s", strings.Join(failed, "; "))
		return
	}
	t.Errorf("README.md's samples of %s differ from the real output: run go test ./cmd/quhua -run TestReadmeSamples -update-readme",
		strings.Join(failed, "; "))
}
