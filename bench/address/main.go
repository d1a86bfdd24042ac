// Command address compares quhua's address parser with an established one,
// the npm package address-parse, on the same inputs in one run: the
// evaluation set of testdata/address. It reports each parser's throughput
// on one core, its accuracy against the expected codes, and how often the
// two agree.
//
// Run it from the repository root (it installs address-parse with npm into
// bench/address/node_modules, which git ignores):
//
//	go run ./bench/address
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/internal/evalset"
)

type nodeOut struct {
	Version string  `json:"version"`
	Parsed  int     `json:"parsed"`
	Seconds float64 `json:"seconds"`
	CPU     float64 `json:"cpu_seconds"`
	Results []struct {
		Code string `json:"code"`
	} `json:"results"`
}

// normalize maps address-parse's codes onto division codes: the
// municipalities' 市辖区 placeholders (110100) stand for the municipality.
func normalize(code string) string {
	if len(code) == 6 && strings.HasSuffix(code, "0100") {
		switch code[:2] {
		case "11", "12", "31", "50":
			return code[:2] + "0000"
		}
	}
	return code
}

func main() {
	evalPath := flag.String("eval", "testdata/address/eval.tsv", "evaluation set")
	dir := flag.String("dir", "bench/address", "directory of package.json and parse.js")
	rounds := flag.Int("rounds", 2000, "times each parser goes over the set for timing")
	flag.Parse()
	if err := run(*evalPath, *dir, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "bench/address:", err)
		os.Exit(1)
	}
}

func run(evalPath, dir string, rounds int) error {
	items, err := evalset.Load(evalPath)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "address-parse")); err != nil {
		cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm install: %w", err)
		}
	}
	inputs := make([]string, len(items))
	for i, it := range items {
		inputs[i] = it.Input
	}

	// quhua, one goroutine (one core).
	at := quhua.MustParseDate("2024")
	t0 := time.Now()
	p := address.New(quhua.Default())
	build := time.Since(t0)
	ours := make([]string, len(items))
	for i, s := range inputs {
		r := p.Parse(s, at)
		if c := r.Code(); c != 0 {
			ours[i] = c.String()
		}
	}
	runtime.GC()
	t0 = time.Now()
	c0 := cpuSeconds()
	for range rounds {
		for _, s := range inputs {
			p.Parse(s, at)
		}
	}
	goSec := time.Since(t0).Seconds()
	goCPU := cpuSeconds() - c0
	goN := rounds * len(inputs)

	// address-parse, in node, same inputs.
	tmp, err := os.CreateTemp("", "address-inputs-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := json.NewEncoder(tmp).Encode(inputs); err != nil {
		return err
	}
	tmp.Close()
	nodeRounds := max(1, rounds/20)
	cmd := exec.Command("node", filepath.Join(dir, "parse.js"), tmp.Name(), fmt.Sprint(nodeRounds))
	cmd.Dir = "."
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("node parse.js: %w", err)
	}
	var node nodeOut
	if err := json.Unmarshal(out, &node); err != nil {
		return fmt.Errorf("node parse.js output: %w", err)
	}
	if len(node.Results) != len(items) {
		return fmt.Errorf("node parse.js returned %d results for %d inputs", len(node.Results), len(items))
	}

	var agree, okOurs, okTheirs, countyN, countyOurs, countyTheirs int
	var disagreements []string
	for i, it := range items {
		theirs := normalize(node.Results[i].Code)
		if ours[i] == theirs {
			agree++
		} else {
			disagreements = append(disagreements, fmt.Sprintf("  %q: quhua %q, address-parse %q (as given: %q), expected %q",
				oneLine(it.Input), ours[i], theirs, node.Results[i].Code, it.Deepest()))
		}
		if ours[i] == it.Deepest() {
			okOurs++
		}
		if theirs == it.Deepest() {
			okTheirs++
		}
		if it.County != "" {
			countyN++
			if ours[i] == it.County {
				countyOurs++
			}
			if theirs == it.County {
				countyTheirs++
			}
		}
	}
	n := len(items)
	pct := func(a, b int) string { return fmt.Sprintf("%d/%d (%.1f%%)", a, b, 100*float64(a)/float64(b)) }
	fmt.Printf("address parsers on %s: %d addresses, one core (%s %s/%s)\n\n", evalPath, n, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("%-22s %14s %14s %16s %16s\n", "parser", "addresses/s", "per CPU-second", "deepest correct", "county correct")
	fmt.Printf("%-22s %14.0f %14.0f %16s %16s\n", "quhua address", float64(goN)/goSec, float64(goN)/goCPU, pct(okOurs, n), pct(countyOurs, countyN))
	fmt.Printf("%-22s %14.0f %14.0f %16s %16s\n", "address-parse "+node.Version, float64(node.Parsed)/node.Seconds, float64(node.Parsed)/node.CPU, pct(okTheirs, n), pct(countyTheirs, countyN))
	fmt.Println("(addresses/s is wall-clock time on one goroutine or thread; per CPU-second divides by the CPU time the process used, which holds steadier on a busy machine)")
	fmt.Printf("\nagreement on the deepest code: %s\n", pct(agree, n))
	fmt.Printf("quhua dictionary build: %v (%d names)\n", build.Round(time.Millisecond), p.Words())
	if len(disagreements) > 0 {
		fmt.Println("\ndisagreements:")
		for _, d := range disagreements {
			fmt.Println(d)
		}
	}
	return nil
}

// cpuSeconds is the CPU time (user and system) this process has used.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}
