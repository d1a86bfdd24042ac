package main

import (
	"os"
	"testing"
	"time"
)

func TestPairsDistinct(t *testing.T) {
	p := newPairs(1)
	seen := map[[2]string]bool{}
	for range 10000 {
		from, to := p.next()
		if seen[[2]string{from, to}] {
			t.Fatalf("%s %s given twice", from, to)
		}
		seen[[2]string{from, to}] = true
		if from >= "1996" || from < "1981" || to < "2010" || to >= "2025" {
			t.Fatalf("pair %s %s out of range", from, to)
		}
	}
}

func TestRSS(t *testing.T) {
	cur, hwm, err := rss(os.Getpid())
	if err != nil {
		t.Skip(err)
	}
	if cur <= 0 || hwm < cur {
		t.Errorf("VmRSS %d kB, VmHWM %d kB", cur, hwm)
	}
}

func TestBounds(t *testing.T) {
	if _, err := run(t.Context(), "/nonexistent", 11*time.Minute, 4, time.Second, true, 1); err == nil {
		t.Error("a run of 11 minutes was accepted")
	}
	if _, err := run(t.Context(), "/nonexistent", time.Second, 0, time.Second, true, 1); err == nil {
		t.Error("0 connections were accepted")
	}
}
