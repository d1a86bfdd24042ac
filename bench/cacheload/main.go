// Command cacheload measures the server's memory under a flood of distinct
// /v1/diff requests, the load that once grew the answer caches without
// bound. It starts `quhua serve` as a separate process on 127.0.0.1 (a
// free port), sends -conns connections of /v1/diff requests, each for a
// date pair not asked before, for -duration, samples the server's resident
// set size from /proc every -interval and prints the baseline, the peak
// and the requests answered.
//
//	go run ./bench/cacheload                      # builds ./cmd/quhua, 60 s, 4 connections
//	go run ./bench/cacheload -bin /tmp/quhua -duration 30s
//
// The server is always a child process on loopback, and every run is
// bounded in time (-duration, at most 10 minutes). Linux only (/proc).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Result is one run.
type Result struct {
	Connections int     `json:"connections"`
	Seconds     float64 `json:"seconds"`
	Requests    int64   `json:"requests"`
	Errors      int64   `json:"errors"`
	BaselineKB  int64   `json:"baseline_rss_kb"` // after start-up, before the load
	PeakKB      int64   `json:"peak_rss_kb"`     // largest sample during the load
	HWMKB       int64   `json:"hwm_rss_kb"`      // the kernel's high-water mark (VmHWM)
	FinalKB     int64   `json:"final_rss_kb"`    // at the end of the load
	BodyBytes   int64   `json:"body_bytes"`      // answer bytes received
}

const maxDuration = 10 * time.Minute

func main() {
	bin := flag.String("bin", "", "quhua binary to start; empty: build ./cmd/quhua into a temporary folder")
	duration := flag.Duration("duration", 60*time.Second, "length of the load (at most 10m)")
	conns := flag.Int("conns", 4, "concurrent connections")
	interval := flag.Duration("interval", 100*time.Millisecond, "RSS sampling interval")
	gzip := flag.Bool("gzip", true, "send Accept-Encoding: gzip, as browsers and most clients do")
	seed := flag.Uint64("seed", 1, "seed of the date pairs")
	jsonOut := flag.String("json", "", "also write the result as JSON to this file")
	flag.Parse()
	res, err := run(context.Background(), *bin, *duration, *conns, *interval, *gzip, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cacheload: error:", err)
		os.Exit(1)
	}
	fmt.Printf("connections %d, %.1f s, %d requests (%d errors), %.1f MB of answers\n",
		res.Connections, res.Seconds, res.Requests, res.Errors, float64(res.BodyBytes)/1e6)
	fmt.Printf("server RSS: baseline %.1f MB, peak %.1f MB (VmHWM %.1f MB), at the end %.1f MB\n",
		mb(res.BaselineKB), mb(res.PeakKB), mb(res.HWMKB), mb(res.FinalKB))
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "cacheload: error:", err)
			os.Exit(1)
		}
	}
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func run(ctx context.Context, bin string, duration time.Duration, conns int, interval time.Duration, gzip bool, seed uint64) (Result, error) {
	if duration <= 0 || duration > maxDuration {
		return Result{}, fmt.Errorf("-duration %s: give a duration between 0 and %s", duration, maxDuration)
	}
	if conns < 1 || conns > 256 {
		return Result{}, fmt.Errorf("-conns %d: give 1 to 256 connections", conns)
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		return Result{}, errors.New("/proc is needed to read the server's memory (Linux only)")
	}
	if bin == "" {
		dir, err := os.MkdirTemp("", "cacheload")
		if err != nil {
			return Result{}, err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "quhua")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/quhua")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return Result{}, fmt.Errorf("building ./cmd/quhua (run from the repository's root, or give -bin): %w", err)
		}
	}
	srv, addr, err := startServer(ctx, bin)
	if err != nil {
		return Result{}, err
	}
	defer srv.stop()
	time.Sleep(500 * time.Millisecond) // let start-up allocations settle
	base, _, err := rss(srv.cmd.Process.Pid)
	if err != nil {
		return Result{}, err
	}
	res := Result{Connections: conns, BaselineKB: base}

	tr := &http.Transport{MaxConnsPerHost: conns, MaxIdleConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	pairs := newPairs(seed)
	var reqs, errs, bytes atomic.Int64
	var firstErr atomic.Value
	lctx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lctx.Err() == nil {
				from, to := pairs.next()
				req, _ := http.NewRequestWithContext(lctx, http.MethodGet, "http://"+addr+"/v1/diff?from="+from+"&to="+to, nil)
				if gzip {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				resp, err := client.Do(req)
				if err != nil {
					if lctx.Err() == nil {
						errs.Add(1)
						firstErr.CompareAndSwap(nil, err)
					}
					continue
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				bytes.Add(n)
				if lctx.Err() != nil {
					break
				}
				reqs.Add(1)
				if err != nil || resp.StatusCode != http.StatusOK {
					errs.Add(1)
					if err == nil {
						err = fmt.Errorf("GET %s: %s", req.URL, resp.Status)
					}
					firstErr.CompareAndSwap(nil, err)
				}
			}
		}()
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
sample:
	for {
		select {
		case <-lctx.Done():
			break sample
		case <-tick.C:
			cur, _, err := rss(srv.cmd.Process.Pid)
			if err != nil {
				cancel()
				wg.Wait()
				return Result{}, fmt.Errorf("the server stopped during the load: %w", err)
			}
			res.PeakKB = max(res.PeakKB, cur)
		}
	}
	wg.Wait()
	res.Seconds = time.Since(start).Seconds()
	res.FinalKB, res.HWMKB, err = rss(srv.cmd.Process.Pid)
	if err != nil {
		return Result{}, fmt.Errorf("the server stopped during the load: %w", err)
	}
	res.PeakKB = max(res.PeakKB, res.FinalKB)
	res.Requests, res.Errors, res.BodyBytes = reqs.Load(), errs.Load(), bytes.Load()
	if res.Requests == 0 {
		if e, ok := firstErr.Load().(error); ok {
			return res, fmt.Errorf("no request succeeded: %w", e)
		}
		return res, errors.New("no request was answered")
	}
	if e, ok := firstErr.Load().(error); ok {
		fmt.Fprintln(os.Stderr, "cacheload: first error:", e)
	}
	return res, nil
}

// server is the child process.
type server struct {
	cmd  *exec.Cmd
	done chan error
}

// startServer starts `BIN serve` on a free loopback port, without the
// change store and the UI, and returns its address once it listens.
func startServer(ctx context.Context, bin string) (*server, string, error) {
	cmd := exec.CommandContext(ctx, bin, "serve", "--no-store", "--no-ui", "--addr", "127.0.0.1:0", "--log-level", "error")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("starting %s: %w", bin, err)
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "serving on "); ok {
				addrc <- u
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case u := <-addrc:
		pu, err := url.Parse(strings.TrimSpace(u))
		if err != nil {
			s.stop()
			return nil, "", fmt.Errorf("the server printed %q: %w", u, err)
		}
		host, _, _ := net.SplitHostPort(pu.Host)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			s.stop()
			return nil, "", fmt.Errorf("the server listens on %s, not on loopback", pu.Host)
		}
		return s, pu.Host, nil
	case err := <-s.done:
		return nil, "", fmt.Errorf("the server exited before listening: %v", err)
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, "", errors.New("the server did not listen within 30 s")
	}
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// rss reads the resident set size and its high-water mark, in kB, from
// /proc/PID/status.
func rss(pid int) (cur, hwm int64, err error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status: %s: %v", pid, line, err)
		}
		if k == "VmRSS" {
			cur = n
		} else {
			hwm = n
		}
	}
	if cur == 0 {
		return 0, 0, fmt.Errorf("/proc/%d/status has no VmRSS", pid)
	}
	return cur, hwm, nil
}

// pairs hands out date pairs never given before: from a day in 1981–1995,
// to a day in 2010–2024, so that each answer spans decades of events (the
// large answers that filled the caches).
type pairs struct {
	mu   sync.Mutex
	rng  *rand.Rand
	seen map[[2]time.Time]bool
}

func newPairs(seed uint64) *pairs {
	return &pairs{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), seen: map[[2]time.Time]bool{}}
}

var (
	fromStart = time.Date(1981, 1, 1, 0, 0, 0, 0, time.UTC)
	toStart   = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	span      = 15 * 365
)

func (p *pairs) next() (string, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		k := [2]time.Time{fromStart.AddDate(0, 0, p.rng.IntN(span)), toStart.AddDate(0, 0, p.rng.IntN(span))}
		if !p.seen[k] {
			p.seen[k] = true
			return k[0].Format(time.DateOnly), k[1].Format(time.DateOnly)
		}
	}
}
