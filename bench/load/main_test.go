package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunBrief runs every scenario for a moment against an in-process
// server: the generator works and its requests all succeed.
func TestRunBrief(t *testing.T) {
	out := filepath.Join(t.TempDir(), "load.json")
	if err := run("", 150*time.Millisecond, 0, 20000, "1,4", "lookup,search,history", out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), `"scenario"`) != 6 || !strings.Contains(string(b), `"errors": 0`) || strings.Contains(string(b), `"errors": 1`) {
		t.Fatalf("results: %s", b)
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:80", "[::1]:80", "localhost:80"} {
		if err := checkLoopback(addr); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
	for _, addr := range []string{"10.0.0.1:80", "192.168.1.1:80", "8.8.8.8:53", "nohost"} {
		if err := checkLoopback(addr); err == nil {
			t.Errorf("%s accepted as a target", addr)
		}
	}
}
