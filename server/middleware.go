package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus metrics, in a registry of its own so
// that several servers (as in tests) do not collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inflight prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "quhua_http_requests_total", Help: "HTTP requests by route, method and status code.",
	}, []string{"route", "method", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "quhua_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	m.inflight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "quhua_http_requests_in_flight", Help: "HTTP requests being answered.",
	})
	m.reg.MustRegister(m.requests, m.duration, m.inflight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// routeMetrics holds one route's metric children, so that a request does
// not look them up by label.
type routeMetrics struct {
	route    string
	duration prometheus.Observer
	mu       sync.RWMutex
	counts   map[[2]int]prometheus.Counter // method index, status
	all      *prometheus.CounterVec
}

var methodNames = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

func (rm *routeMetrics) count(method string, status int) {
	mi := slices.Index(methodNames, method)
	if mi < 0 {
		method, mi = "OTHER", len(methodNames)
	}
	k := [2]int{mi, status}
	rm.mu.RLock()
	c, ok := rm.counts[k]
	rm.mu.RUnlock()
	if !ok {
		c = rm.all.WithLabelValues(rm.route, method, strconv.Itoa(status))
		rm.mu.Lock()
		rm.counts[k] = c
		rm.mu.Unlock()
	}
	c.Inc()
}

// statusWriter records the status code and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

// Flush lets streaming handlers (an event feed) flush through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var swPool = sync.Pool{New: func() any { return new(statusWriter) }}

// instrument wraps a route's handler with metrics, logging and recovery.
func (s *Server) instrument(route string, h http.Handler) http.Handler {
	rm := &routeMetrics{route: route, duration: s.metrics.duration.WithLabelValues(route),
		counts: map[[2]int]prometheus.Counter{}, all: s.metrics.requests}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inflight.Inc()
		sw := swPool.Get().(*statusWriter)
		*sw = statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "route", route, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeProblem(sw, r, newProblem(http.StatusInternalServerError, "internal", "the server failed to answer; the error is logged"))
				}
			}
			d := time.Since(start)
			s.metrics.inflight.Dec()
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			rm.duration.Observe(d.Seconds())
			rm.count(r.Method, status)
			level := slog.LevelDebug
			if s.opts.AccessLog {
				level = slog.LevelInfo
			}
			if status >= 500 {
				level = slog.LevelError
			}
			if status == http.StatusServiceUnavailable && sw.Header().Get("Retry-After") != "" {
				level = slog.LevelWarn // load shed on purpose, not a failure
			}
			if s.log.Enabled(r.Context(), level) {
				s.log.LogAttrs(r.Context(), level, "request", slog.String("method", r.Method),
					slog.String("path", r.URL.RequestURI()), slog.String("route", route), slog.Int("status", status),
					slog.Int("bytes", sw.size), slog.Duration("duration", d), slog.String("remote", r.RemoteAddr))
			}
			*sw = statusWriter{}
			swPool.Put(sw)
		}()
		h.ServeHTTP(sw, r)
	})
}

// middleware wraps the whole mux: CORS and preflight requests.
func (s *Server) middleware(h http.Handler) http.Handler {
	origins := s.opts.CORSOrigins
	any := slices.Contains(origins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(origins) > 0 && strings.HasPrefix(r.URL.Path, "/v1/") {
			if o := r.Header.Get("Origin"); o != "" && (any || slices.Contains(origins, o)) {
				hd := w.Header()
				if any {
					hd.Set("Access-Control-Allow-Origin", "*")
				} else {
					hd.Set("Access-Control-Allow-Origin", o)
					hd.Add("Vary", "Origin")
				}
				hd.Set("Access-Control-Expose-Headers", "ETag, Content-Length, Location, Quhua-Horizon, Quhua-Beyond-Horizon")
				if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
					hd.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
					hd.Set("Access-Control-Allow-Headers", "Content-Type, If-None-Match, Authorization")
					hd.Set("Access-Control-Max-Age", "600")
					w.WriteHeader(http.StatusNoContent)
					return
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}
