package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const repoData = "../../data/areacodes"

// copyTree copies the project's data set to a temporary folder, leaving
// out the files named in skip.
func copyTree(t *testing.T, skip ...string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(repoData, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(repoData, p)
		for _, s := range skip {
			if filepath.ToSlash(rel) == s {
				return nil
			}
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestAdopt2025 replays the adoption of the 2025 list: a copy without it,
// updated from a folder holding only the new files, says what changed and
// ends up byte for byte like the project's copy.
func TestAdopt2025(t *testing.T) {
	newFiles := []string{"data/2025.txt", "diff/2024-2025.diff"}
	to := copyTree(t, newFiles...)
	from := t.TempDir()
	for _, n := range newFiles {
		b, err := os.ReadFile(filepath.Join(repoData, n))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(from, filepath.Dir(n)), 0o755)
		os.WriteFile(filepath.Join(from, n), b, 0o644)
	}
	os.WriteFile(filepath.Join(from, "NOTES.txt"), []byte("not upstream"), 0o644)
	commit, _ := os.ReadFile(filepath.Join(repoData, "UPSTREAM_COMMIT"))
	var out bytes.Buffer
	if err := run(&out, from, to, "../../data/corrections.txt", strings.TrimSpace(string(commit)), nil, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"files: 2 added, 0 changed",
		"ignored  NOTES.txt",
		"yearly lists: 1981–2024 → 1981–2025",
		"1 added, 2 removed",
		"+ 500157 两江新区",
		"- 500105 江北区",
		"- 500112 渝北区",
		"events: 1290 → 1292 (2 added, 0 removed or changed)",
		"+ 2025-11-07 渝府发〔2025〕15号",
		"+ 肇府〔2025〕9号",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, n := range []string{"data/2025.txt", "diff/2024-2025.diff", "SHA256SUMS", "UPSTREAM_COMMIT"} {
		got, _ := os.ReadFile(filepath.Join(to, n))
		want, _ := os.ReadFile(filepath.Join(repoData, n))
		if !bytes.Equal(got, want) {
			t.Errorf("%s after the update differs from the project's copy", n)
		}
	}
}

// TestRefuseBroken: an update that does not import writes nothing and
// names the file and line.
func TestRefuseBroken(t *testing.T) {
	to := copyTree(t, "data/2025.txt", "diff/2024-2025.diff")
	before, _ := os.ReadFile(filepath.Join(to, "SHA256SUMS"))
	from := t.TempDir()
	os.MkdirAll(filepath.Join(from, "data"), 0o755)
	os.MkdirAll(filepath.Join(from, "diff"), 0o755)
	list, _ := os.ReadFile(filepath.Join(repoData, "data/2025.txt"))
	os.WriteFile(filepath.Join(from, "data/2025.txt"), list, 0o644)
	os.WriteFile(filepath.Join(from, "diff/2024-2025.diff"), []byte("-500105 江北区>不存在区\n"), 0o644)
	var out bytes.Buffer
	err := run(&out, from, to, "../../data/corrections.txt", "2da87e7", nil, false)
	if err == nil || !strings.Contains(err.Error(), "nothing was written") || !strings.Contains(err.Error(), "diff/2024-2025.diff:1") {
		t.Fatalf("err = %v, want a refusal naming diff/2024-2025.diff:1", err)
	}
	if _, err := os.Stat(filepath.Join(to, "data/2025.txt")); err == nil {
		t.Error("data/2025.txt was written although the update was refused")
	}
	after, _ := os.ReadFile(filepath.Join(to, "SHA256SUMS"))
	if !bytes.Equal(before, after) {
		t.Error("SHA256SUMS changed although the update was refused")
	}
}
