// Command load measures the HTTP API's throughput and latency on this
// machine: requests per second and p50/p99 latency for division lookups,
// searches and histories, at 1, 16 and 256 concurrent connections.
//
//	go run ./bench/load                  # serves in-process on 127.0.0.1
//	go run ./bench/load -addr 127.0.0.1:8080 -duration 10s
//
// The client is a minimal HTTP/1.1 keep-alive client over raw TCP (as wrk
// is), so that the load generator spends little of the CPU it shares with
// the server. Every run is bounded in time (-duration per measurement) and
// in requests (-max-requests per measurement), and only loopback
// addresses are accepted as targets.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/server"
)

// Result is one measurement.
type Result struct {
	Scenario    string        `json:"scenario"`
	Connections int           `json:"connections"`
	Requests    int64         `json:"requests"`
	Errors      int64         `json:"errors"`
	Seconds     float64       `json:"seconds"`
	RPS         float64       `json:"rps"`
	P50         time.Duration `json:"p50_ns"`
	P99         time.Duration `json:"p99_ns"`
	Max         time.Duration `json:"max_ns"`
}

func main() {
	addr := flag.String("addr", "", "server to load (host:port on loopback); empty: start one in this process")
	duration := flag.Duration("duration", 5*time.Second, "length of each measurement")
	warmup := flag.Duration("warmup", 500*time.Millisecond, "warm-up before each measurement")
	maxReq := flag.Int64("max-requests", 3_000_000, "most requests in one measurement")
	connsFlag := flag.String("conns", "1,16,256", "connection counts to measure, comma-separated")
	scenFlag := flag.String("scenarios", "lookup,search,history", "scenarios to run: lookup, search, history")
	jsonOut := flag.String("json", "", "also write the results as JSON to this file")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of this process (server included when in-process) to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "load: error:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*addr, *duration, *warmup, *maxReq, *connsFlag, *scenFlag, *jsonOut); err != nil {
		fmt.Fprintln(os.Stderr, "load: error:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(addr string, duration, warmup time.Duration, maxReq int64, connsFlag, scenFlag, jsonOut string) error {
	if duration <= 0 || duration > 5*time.Minute {
		return errors.New("-duration must be between 0 and 5m")
	}
	var conns []int
	for _, s := range strings.Split(connsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1024 {
			return fmt.Errorf("-conns: %q is not a number between 1 and 1024", s)
		}
		conns = append(conns, n)
	}
	reg := quhua.Default()
	scenarios := map[string][]string{
		"lookup":  lookupPaths(reg),
		"search":  searchPaths(reg),
		"history": historyPaths(reg),
	}
	if addr == "" {
		srv, err := server.New(server.Options{Registry: quhua.Default, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			return err
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go srv.Serve(ctx, l)
		addr = l.Addr().String()
		fmt.Printf("server: in-process on %s\n", addr)
	} else if err := checkLoopback(addr); err != nil {
		return err
	}
	fmt.Printf("machine: %d CPUs, %s %s/%s; %s per measurement\n\n", runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, duration)
	fmt.Printf("%-8s %6s %10s %10s %10s %10s %8s\n", "scenario", "conns", "requests", "req/s", "p50", "p99", "errors")
	var results []Result
	for _, name := range strings.Split(scenFlag, ",") {
		paths, ok := scenarios[strings.TrimSpace(name)]
		if !ok {
			return fmt.Errorf("-scenarios: unknown scenario %q", name)
		}
		for _, c := range conns {
			if warmup > 0 {
				if _, err := measure(addr, name, paths, c, warmup, maxReq); err != nil {
					return err
				}
			}
			r, err := measure(addr, name, paths, c, duration, maxReq)
			if err != nil {
				return err
			}
			results = append(results, r)
			fmt.Printf("%-8s %6d %10d %10.0f %10s %10s %8d\n", r.Scenario, r.Connections, r.Requests, r.RPS,
				r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Errors)
		}
	}
	if jsonOut != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		if err := os.WriteFile(jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// checkLoopback refuses targets off this machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr: %v", err)
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return fmt.Errorf("-addr: %v", err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("-addr: %s is not a loopback address; load tests run against this machine only", host)
		}
	}
	return nil
}

// lookupPaths are division lookups: every county-level code in force at
// the end of 2019, each on a year when it was in force.
func lookupPaths(reg *quhua.Registry) []string {
	var out []string
	for _, d := range reg.At(quhua.EndOfYear(2019)).All() {
		y := 2000 + int(d.Code)%25
		if !d.InForce(quhua.EndOfYear(y)) {
			y = 2019
		}
		out = append(out, fmt.Sprintf("/v1/divisions/%s?at=%d", d.Code, y))
	}
	return out
}

// searchPaths are what people type: the first one, two and three
// characters of names, and codes' first digits.
func searchPaths(reg *quhua.Registry) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range reg.Records() {
		rs := []rune(r.Name)
		for n := 1; n <= 3 && n <= len(rs); n++ {
			q := string(rs[:n])
			if !seen[q] {
				seen[q] = true
				out = append(out, "/v1/search?q="+urlEscape(q))
			}
		}
		if q := r.Code.String()[:4]; !seen[q] {
			seen[q] = true
			out = append(out, "/v1/search?q="+q)
		}
	}
	return out
}

// historyPaths are the timelines of every current county-level division.
func historyPaths(reg *quhua.Registry) []string {
	var out []string
	for _, d := range reg.At(reg.Latest()).All() {
		if d.Level() == quhua.County {
			out = append(out, "/v1/divisions/"+d.Code.String()+"/history")
		}
	}
	return out
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// measure runs conns connections, each sending requests one after another
// (HTTP/1.1 keep-alive), for d or until maxReq requests in all.
func measure(addr, name string, paths []string, conns int, d time.Duration, maxReq int64) (Result, error) {
	reqs := make([][]byte, len(paths))
	for i, p := range paths {
		reqs[i] = []byte("GET " + p + " HTTP/1.1\r\nHost: " + addr + "\r\nUser-Agent: quhua-load\r\n\r\n")
	}
	var (
		total, errs atomic.Int64
		wg          sync.WaitGroup
		mu          sync.Mutex
		lat         []time.Duration
		firstErr    error
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			mine := make([]time.Duration, 0, 1024)
			defer func() {
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
			c, err := net.Dial("tcp", addr)
			if err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
				return
			}
			defer c.Close()
			br := bufio.NewReaderSize(c, 64<<10)
			i := w * 7919
			for time.Now().Before(deadline) && total.Add(1) <= maxReq {
				req := reqs[i%len(reqs)]
				i++
				t0 := time.Now()
				if _, err := c.Write(req); err != nil {
					errs.Add(1)
					return
				}
				status, err := readResponse(br)
				mine = append(mine, time.Since(t0))
				if err != nil {
					errs.Add(1)
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				if status != 200 {
					errs.Add(1)
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	if firstErr != nil && len(lat) == 0 {
		return Result{}, firstErr
	}
	slices.Sort(lat)
	r := Result{Scenario: name, Connections: conns, Requests: int64(len(lat)), Errors: errs.Load(), Seconds: elapsed}
	if n := len(lat); n > 0 {
		r.RPS = float64(n) / elapsed
		r.P50, r.P99, r.Max = lat[n*50/100], lat[min(n-1, n*99/100)], lat[n-1]
	}
	return r, nil
}

// readResponse reads one response with a Content-Length body and returns
// its status.
func readResponse(br *bufio.Reader) (int, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	length := -1
	for {
		line, err = br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(line) <= 2 {
			break
		}
		if len(line) > 16 && (line[0] == 'C' || line[0] == 'c') && bytes.EqualFold(line[:15], []byte("Content-Length:")) {
			length, err = strconv.Atoi(string(bytes.TrimSpace(line[15:])))
			if err != nil {
				return 0, fmt.Errorf("malformed Content-Length %q", line)
			}
		}
	}
	if length < 0 {
		return 0, errors.New("response without Content-Length")
	}
	_, err = br.Discard(length)
	return status, err
}
