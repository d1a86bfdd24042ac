// Command address compares quhua's address parser with two established
// ones, the npm packages address-parse and zh-address-parse, on the same
// inputs in one run: both evaluation sets of testdata/address, the first
// (eval.tsv) and the second, frozen one (eval2.tsv). For each set it
// reports each parser's throughput on one core and its accuracy against
// the expected codes per level (province, prefecture, county, all three)
// and, on the first set, per family of difficulty and where each peer
// disagrees with quhua (the second set's rows are never printed: it is
// not to be tuned on). A peer that answers with names only (a city with no
// county) is mapped to the code the names denote on the date; its levels
// are those of its deepest code.
//
// Run it from the repository root (it installs the npm packages into
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
		Code     string `json:"code"`
		Province string `json:"province"`
		City     string `json:"city"`
		Error    string `json:"error"`
	} `json:"results"`
}

// peers are the npm parsers compared, run by parse.js.
var peers = []string{"address-parse", "zh-address-parse"}

// normalize maps a peer's code onto division codes: the municipalities'
// 市辖区 placeholders (110100) stand for the municipality.
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
	evalPaths := flag.String("eval", "testdata/address/eval.tsv,testdata/address/eval2.tsv", "evaluation sets, comma-separated")
	dir := flag.String("dir", "bench/address", "directory of package.json and parse.js")
	rounds := flag.Int("rounds", 2000, "times quhua goes over the set for timing (the npm parsers: rounds/20)")
	flag.Parse()
	for i, path := range strings.Split(*evalPaths, ",") {
		if i > 0 {
			fmt.Println()
		}
		if err := run(path, *dir, *rounds); err != nil {
			fmt.Fprintln(os.Stderr, "bench/address:", err)
			os.Exit(1)
		}
	}
}

// parserRun is one parser's answers (the deepest code per address) and
// timing.
type parserRun struct {
	name        string
	codes       []string
	levels      [][3]string // province, prefecture, county
	n           int
	wall, cpu   float64
	errors      int
	description string
}

func run(evalPath, dir string, rounds int) error {
	items, err := evalset.Load(evalPath)
	if err != nil {
		return err
	}
	for _, peer := range peers {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", peer)); err != nil {
			cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir)
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("npm install: %w", err)
			}
			break
		}
	}
	inputs := make([]string, len(items))
	for i, it := range items {
		inputs[i] = it.Input
	}

	// quhua, one goroutine (one core).
	at := quhua.MustParseDate("2024")
	t0 := time.Now()
	p, err := address.New(quhua.Default())
	if err != nil {
		return err
	}
	build := time.Since(t0)
	ours := parserRun{name: "quhua address", codes: make([]string, len(items)), levels: make([][3]string, len(items))}
	for i, s := range inputs {
		r := p.Parse(s, at)
		if c := r.Code(); c != 0 {
			ours.codes[i] = c.String()
		}
		ours.levels[i] = [3]string{codeOf(r.Province), codeOf(r.Prefecture), codeOf(r.County)}
	}
	runtime.GC()
	t0 = time.Now()
	c0 := cpuSeconds()
	for range rounds {
		for _, s := range inputs {
			p.Parse(s, at)
		}
	}
	ours.wall = time.Since(t0).Seconds()
	ours.cpu = cpuSeconds() - c0
	ours.n = rounds * len(inputs)
	runs := []parserRun{ours}

	// The npm parsers, in node, same inputs.
	tmp, err := os.CreateTemp("", "address-inputs-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := json.NewEncoder(tmp).Encode(inputs); err != nil {
		return err
	}
	tmp.Close()
	view := quhua.Default().At(at)
	for _, peer := range peers {
		node, err := runNode(dir, peer, tmp.Name(), max(1, rounds/20), len(items))
		if err != nil {
			return err
		}
		pr := parserRun{name: peer + " " + node.Version, codes: make([]string, len(items)), levels: make([][3]string, len(items)), n: node.Parsed, wall: node.Seconds, cpu: node.CPU}
		for i, r := range node.Results {
			if r.Error != "" {
				pr.errors++
			}
			pr.codes[i] = normalize(r.Code)
			if pr.codes[i] == "" {
				pr.codes[i] = byNames(view, r.Province, r.City)
			}
			pr.levels[i] = levelsOf(view, pr.codes[i])
		}
		runs = append(runs, pr)
	}

	n := len(items)
	pct := func(a, b int) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%d/%d (%.1f%%)", a, b, 100*float64(a)/float64(b))
	}
	fmt.Printf("address parsers on %s: %d addresses, one core (%s %s/%s)\n\n", evalPath, n, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("%-24s %12s %14s %16s %16s %7s\n", "parser", "addresses/s", "per CPU-second", "deepest correct", "county correct", "errors")
	families := []string{"0", "1", "2", "3", "4", "5", "7"}
	famTotal := map[string]int{}
	for _, it := range items {
		for _, f := range it.Families {
			famTotal[f]++
		}
	}
	perFamily := make([]map[string]int, len(runs))
	for k, r := range runs {
		ok, countyN, countyOK := 0, 0, 0
		perFamily[k] = map[string]int{}
		for i, it := range items {
			if r.codes[i] == it.Deepest() {
				ok++
				for _, f := range it.Families {
					perFamily[k][f]++
				}
			}
			if it.County != "" {
				countyN++
				if r.codes[i] == it.County {
					countyOK++
				}
			}
		}
		fmt.Printf("%-24s %12.0f %14.0f %16s %16s %7d\n", r.name, float64(r.n)/r.wall, float64(r.n)/r.cpu, pct(ok, n), pct(countyOK, countyN), r.errors)
	}
	fmt.Println("(addresses/s is wall-clock time on one goroutine or thread; per CPU-second divides by the CPU time the process used, which holds steadier on a busy machine; errors: inputs on which the parser threw)")
	fmt.Printf("\nrows right per level (the expected code, or empty where the address names no such level):\n%-24s %16s %16s %16s %16s\n", "parser", "province", "prefecture", "county", "all three")
	for _, r := range runs {
		var ok [4]int
		for i, it := range items {
			want := [3]string{it.Province, it.Prefecture, it.County}
			for l := range 3 {
				if r.levels[i][l] == want[l] {
					ok[l]++
				}
			}
			if r.levels[i] == want {
				ok[3]++
			}
		}
		fmt.Printf("%-24s %16s %16s %16s %16s\n", r.name, pct(ok[0], n), pct(ok[1], n), pct(ok[2], n), pct(ok[3], n))
	}
	classified := true
	for _, it := range items {
		if len(it.Families) == 1 && it.Families[0] == "-" {
			classified = false
		}
	}
	if !classified {
		fmt.Printf("\nquhua dictionary build: %v (%d names)\n", build.Round(time.Millisecond), p.Words())
		return nil
	}
	fmt.Printf("\ndeepest code correct per family (see testdata/address/SOURCES.md):\n%-24s", "parser")
	for _, f := range families {
		fmt.Printf(" %11s", "family "+f)
	}
	fmt.Println()
	for k, r := range runs {
		fmt.Printf("%-24s", r.name)
		for _, f := range families {
			fmt.Printf(" %11s", fmt.Sprintf("%d/%d", perFamily[k][f], famTotal[f]))
		}
		fmt.Println()
	}
	fmt.Printf("\nquhua dictionary build: %v (%d names)\n", build.Round(time.Millisecond), p.Words())
	for k := 1; k < len(runs); k++ {
		agree := 0
		var disagreements []string
		for i, it := range items {
			if runs[0].codes[i] == runs[k].codes[i] {
				agree++
			} else {
				disagreements = append(disagreements, fmt.Sprintf("  %q: quhua %q, %s %q, expected %q",
					oneLine(it.Input), runs[0].codes[i], runs[k].name, runs[k].codes[i], it.Deepest()))
			}
		}
		fmt.Printf("\nagreement of quhua and %s on the deepest code: %s\n", runs[k].name, pct(agree, n))
		for _, d := range disagreements {
			fmt.Println(d)
		}
	}
	return nil
}

// runNode runs parse.js for one npm parser.
func runNode(dir, peer, inputs string, rounds, n int) (*nodeOut, error) {
	cmd := exec.Command("node", filepath.Join(dir, "parse.js"), peer, inputs, fmt.Sprint(rounds))
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node parse.js %s: %w", peer, err)
	}
	var node nodeOut
	if err := json.Unmarshal(out, &node); err != nil {
		return nil, fmt.Errorf("node parse.js %s output: %w", peer, err)
	}
	if len(node.Results) != n {
		return nil, fmt.Errorf("node parse.js %s returned %d results for %d inputs", peer, len(node.Results), n)
	}
	return &node, nil
}

// byNames finds the code of a parser's answer given as names only (a
// province and a city, no county): the division the names denote on the
// date, when they denote one.
func byNames(v quhua.View, province, city string) string {
	for _, q := range []string{province + city, city, province} {
		if q == "" || q == province+city && (city == "" || city == province) {
			continue
		}
		if ds := v.Find(q); len(ds) == 1 {
			return ds[0].Code.String()
		}
		if q == province+city {
			// A municipality's city field repeats it (北京市北京市).
			continue
		}
		return ""
	}
	return ""
}

func codeOf(p address.Part) string {
	if p.IsZero() {
		return ""
	}
	return p.Code.String()
}

// levelsOf gives the province, prefecture and county of a deepest code:
// the division and its parents on the date (a municipality's district and
// a county-level city under a province have no prefecture).
func levelsOf(v quhua.View, code string) [3]string {
	var out [3]string
	c, err := quhua.ParseCode(code)
	if err != nil {
		return out
	}
	d, ok := v.Lookup(c)
	if !ok {
		return out
	}
	for _, r := range d.Path() {
		switch r.Level() {
		case quhua.Province:
			out[0] = r.Code.String()
		case quhua.Prefecture:
			out[1] = r.Code.String()
		case quhua.County:
			out[2] = r.Code.String()
		}
	}
	return out
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
