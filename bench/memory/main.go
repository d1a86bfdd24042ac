// Command memory measures the server's memory under heavy answers: it
// starts quhua serve as a child process on 127.0.0.1, runs a mixed load
// for a bounded time, and reports the server's peak resident memory (RSS,
// sampled from /proc every 50 ms, and the kernel's high-water mark
// VmHWM) and the requests per second of each kind, with their statuses.
//
// The mix (issue 22): random diffs between two dates (3.5 MB of JSON
// each, a different span almost every time), the 28 MB township export
// fetched by 8 clients at once, and cache-busting lookups and searches
// (a new date or query every time).
//
//	go build -o /tmp/quhua ./cmd/quhua
//	go run ./bench/memory -bin /tmp/quhua                  # 60 s
//	go run ./bench/memory -bin /tmp/quhua -- --memory-limit 0
//
// Arguments after -- go to quhua serve. It needs Linux (/proc). Only
// loopback is used, and every run is bounded in time (-duration) and in
// requests (-max-requests).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// kind is one part of the mix.
type kind struct {
	name    string
	clients int
	next    func(r *rand.Rand) string
	// counts by status
	mu     sync.Mutex
	status map[int]int64
	bytes  atomic.Int64
	errs   atomic.Int64
}

// Result is what a run reports.
type Result struct {
	Seconds     float64                     `json:"seconds"`
	PeakRSSMB   float64                     `json:"peak_rss_mb"`
	HWMMB       float64                     `json:"vm_hwm_mb"`
	Requests    int64                       `json:"requests"`
	RPS         float64                     `json:"rps"`
	Kinds       map[string]map[string]int64 `json:"kinds"`
	ServeArgs   []string                    `json:"serve_args"`
	MemoryLimit string                      `json:"memory_limit,omitempty"`
}

func main() {
	bin := flag.String("bin", "quhua", "the quhua binary to serve with")
	duration := flag.Duration("duration", 60*time.Second, "length of the run")
	maxReq := flag.Int64("max-requests", 2_000_000, "most requests in the run")
	exports := flag.Int("exports", 8, "clients fetching the township export at once")
	diffs := flag.Int("diffs", 4, "clients asking random diffs")
	lookups := flag.Int("lookups", 8, "clients sending cache-busting lookups and searches")
	jsonOut := flag.String("json", "", "also write the result as JSON to this file")
	flag.Parse()
	res, err := run(*bin, flag.Args(), *duration, *maxReq, *exports, *diffs, *lookups)
	if err != nil {
		fmt.Fprintln(os.Stderr, "memory:", err)
		os.Exit(1)
	}
	fmt.Printf("%.0f s, %d requests, %.1f requests/s; peak RSS %.1f MB (VmHWM %.1f MB)\n", res.Seconds, res.Requests, res.RPS, res.PeakRSSMB, res.HWMMB)
	names := make([]string, 0, len(res.Kinds))
	for n := range res.Kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Printf("  %-8s", n)
		keys := make([]string, 0, len(res.Kinds[n]))
		for k := range res.Kinds[n] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Printf(" %s=%d", k, res.Kinds[n][k])
		}
		fmt.Println()
	}
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "memory:", err)
			os.Exit(1)
		}
	}
}

func run(bin string, serveArgs []string, duration time.Duration, maxReq int64, exports, diffs, lookups int) (*Result, error) {
	// Each client of the mix is a client address of its own, named in
	// X-Forwarded-For by the loopback "proxy", so that the per-client
	// bound of heavy requests does not stand in for the overall one.
	args := append([]string{"serve", "--no-store", "--no-ui", "--addr", "127.0.0.1:0", "--log-level", "warn", "--trusted-proxy", "127.0.0.1/32"}, serveArgs...)
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	base, err := waitForAddress(out)
	if err != nil {
		return nil, err
	}
	if u, err := url.Parse(base); err != nil || !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("the server's address %q is not on loopback", base)
	}
	go io.Copy(io.Discard, out)
	pid := cmd.Process.Pid

	years := []int{1982, 1985, 1990, 1995, 2000, 2005, 2010, 2015, 2019, 2023}
	date := func(r *rand.Rand) string {
		return fmt.Sprintf("%d-%02d-%02d", 1981+r.IntN(45), 1+r.IntN(12), 1+r.IntN(28))
	}
	codes := []string{"110105", "220381", "220184", "320611", "360727", "440305", "510107", "650102", "110000", "220100"}
	names := []string{"公主岭", "朝阳", "海淀", "龙南", "南山", "武侯", "天山", "长春", "四平", "南京"}
	kinds := []*kind{
		{name: "export", clients: exports, next: func(r *rand.Rand) string {
			return "/v1/export/divisions?level=township&format=json&at=" + strconv.Itoa(years[len(years)-1])
		}},
		{name: "diff", clients: diffs, next: func(r *rand.Rand) string {
			return "/v1/diff?from=" + date(r) + "&to=" + date(r)
		}},
		{name: "lookup", clients: lookups, next: func(r *rand.Rand) string {
			if r.IntN(2) == 0 {
				return "/v1/divisions/" + codes[r.IntN(len(codes))] + "?at=" + date(r)
			}
			return "/v1/search?q=" + url.QueryEscape(names[r.IntN(len(names))]) + "&at=" + date(r) + "&limit=" + strconv.Itoa(1+r.IntN(50))
		}},
	}
	for _, k := range kinds {
		k.status = map[int]int64{}
	}

	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	var peak atomic.Int64
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if kb, ok := statusKB(pid, "VmRSS"); ok && kb > peak.Load() {
				peak.Store(kb)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	var total atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for ki, k := range kinds {
		for c := range k.clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(ki), uint64(c)))
				client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: r.IntN(2) == 0}}
				for ctx.Err() == nil && total.Add(1) <= maxReq {
					req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+k.next(r), nil)
					req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.18.%d.%d", ki, c+1))
					resp, err := client.Do(req)
					if err != nil {
						if ctx.Err() == nil {
							k.errs.Add(1)
						}
						continue
					}
					n, err := io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err != nil && ctx.Err() != nil {
						continue // cut by the end of the run
					}
					k.bytes.Add(n)
					k.mu.Lock()
					k.status[resp.StatusCode]++
					k.mu.Unlock()
					if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
						// A polite client waits as told (at most a second here).
						wait := time.Second
						if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s < 1 {
							wait = 100 * time.Millisecond
						}
						select {
						case <-ctx.Done():
						case <-time.After(wait):
						}
					}
				}
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	cancel()
	<-sampled
	hwm, _ := statusKB(pid, "VmHWM")
	res := &Result{Seconds: elapsed.Seconds(), PeakRSSMB: float64(peak.Load()) / 1024, HWMMB: float64(hwm) / 1024,
		Kinds: map[string]map[string]int64{}, ServeArgs: args}
	for _, k := range kinds {
		m := map[string]int64{"errors": k.errs.Load(), "MB": k.bytes.Load() >> 20}
		var n int64
		for s, c := range k.status {
			m[strconv.Itoa(s)] = c
			n += c
		}
		m["per_s"] = int64(float64(n)/elapsed.Seconds() + 0.5)
		res.Kinds[k.name] = m
		res.Requests += n
	}
	res.RPS = float64(res.Requests) / elapsed.Seconds()
	return res, nil
}

// waitForAddress reads the server's standard output until it prints the
// address it listens on.
func waitForAddress(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	deadline := time.After(60 * time.Second)
	found := make(chan string, 1)
	go func() {
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "http://"); i >= 0 {
				found <- strings.Fields(sc.Text()[i:])[0]
				return
			}
		}
		close(found)
	}()
	select {
	case a, ok := <-found:
		if !ok {
			return "", fmt.Errorf("the server ended without printing its address")
		}
		return strings.TrimSuffix(a, "/"), nil
	case <-deadline:
		return "", fmt.Errorf("the server printed no address within a minute")
	}
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// statusKB reads a "Name: N kB" line of /proc/PID/status.
func statusKB(pid int, name string) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
