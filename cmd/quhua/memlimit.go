package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// defaultMemoryLimit is quhua serve's soft memory limit when neither
// --memory-limit nor $GOMEMLIMIT sets one: the embedded registry and its
// indexes live in about 150 MB, and the limit keeps the collector's
// headroom above them bounded (see bench/memory).
const defaultMemoryLimit = 256 << 20

// parseSize reads a size in bytes: a number with an optional unit B, KB,
// MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), as
// $GOMEMLIMIT takes it; "off" or 0 means no limit (-1).
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if strings.EqualFold(t, "off") || t == "0" {
		return -1, nil
	}
	units := []struct {
		suf string
		n   float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if len(t) > len(u.suf) && strings.EqualFold(t[len(t)-len(u.suf):], u.suf) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suf)]), u.n
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) || f*mult > math.MaxInt64 {
		return 0, fmt.Errorf("%q is not a size (e.g. 256MiB, 1GiB, off)", s)
	}
	if f*mult == 0 {
		return -1, nil
	}
	return int64(f * mult), nil
}

// applyMemoryLimit sets the runtime's soft memory limit from the flag
// value ("" for the default: $GOMEMLIMIT if set, else
// defaultMemoryLimit) and returns the limit in force (-1 for none) and
// where it came from.
func applyMemoryLimit(flag string) (int64, string, error) {
	if flag == "" {
		if env := os.Getenv("GOMEMLIMIT"); env != "" {
			// The runtime has read it already.
			return debug.SetMemoryLimit(-1), "$GOMEMLIMIT", nil
		}
		debug.SetMemoryLimit(defaultMemoryLimit)
		return defaultMemoryLimit, "default", nil
	}
	n, err := parseSize(flag)
	if err != nil {
		return 0, "", err
	}
	if n < 0 {
		debug.SetMemoryLimit(math.MaxInt64)
		return -1, "--memory-limit", nil
	}
	debug.SetMemoryLimit(n)
	return n, "--memory-limit", nil
}
