// Package server is quhua's HTTP JSON API and the web UI that goes with it.
//
// Most programs need two calls:
//
//	srv, err := server.New(server.Options{Registry: quhua.Default})
//	err = srv.ListenAndServe(ctx, "127.0.0.1:8080")
//
// The API lives under /v1 and is described by the OpenAPI 3.1 document at
// /v1/openapi.json. Answers are JSON; errors are problem details (RFC 9457,
// application/problem+json) with a detail that says what was wrong. Answers
// carry ETags and cache headers, larger ones are gzip-compressed, and the
// server exposes /healthz, /readyz and Prometheus metrics at /metrics.
//
// The registry is asked for on every request through Options.Registry, so a
// registry that grows by applied changes is picked up at once; rendered
// answers are cached per registry, within Options.CacheBytes, and dropped
// when it is replaced.
//
// ID numbers are personal data: every log record, problem document and
// answer passes through idcard.Redact, so that no run of 15 or more digits
// leaves the server unmasked. Problem types are urn:quhua:problem:SLUG, the
// scheme the change API shares. Dates follow quhua.ParseDate's grammar.
//
// Other packages add endpoints through Options.Extra: each Mount brings a
// handler for a path prefix and the OpenAPI paths that document it.
//
// # The change API
//
// NewChangeHandler serves the workflow of package change under /v1
// (changes, releases, the feed, webhooks, tokens, the audit log), mounted
// with ChangePrefixes and documented by ChangeOpenAPI; Client is the same
// workflow seen from the command line through a server. The handler limits
// requests per client address and per token (ChangeLimits) and answers 429
// with Retry-After beyond them. Refusals of HTTP requests are audited as
// one entry per client and minute with their count (see
// change.Service.FlushRefusals), so that a flood of bad tokens cannot
// flood the audit log.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/web"
)

// Options configure a Server. Only Registry is required.
type Options struct {
	// Registry returns the registry to answer from. It is called on every
	// request and must be cheap; return the same pointer until the data
	// changes.
	Registry func() *quhua.Registry
	// Extra are further endpoints mounted beside the built-in ones.
	Extra []Mount
	// CORSOrigins are the origins allowed to call the API from a browser;
	// "*" allows any. Empty: no CORS headers.
	CORSOrigins []string
	// MaxBodyBytes bounds request bodies, those of the mounts included
	// (default 1 MiB).
	MaxBodyBytes int64
	// CacheBytes bounds the memory of the rendered answers kept for
	// reuse (default DefaultCacheBytes). It is shared out among the
	// endpoints; an answer larger than an eighth of its endpoint's share
	// is never kept.
	CacheBytes int64
	// Logger receives structured logs (default slog.Default()).
	Logger *slog.Logger
	// AccessLog logs every request at Info level; otherwise requests are
	// logged at Debug level and server errors at Error level. ID numbers
	// in the logged URLs (and in every other log record) are masked.
	AccessLog bool
	// Version is the software version reported by /v1/version.
	Version string
	// NoUI leaves out the embedded web UI.
	NoUI bool
	// WriteTimeout bounds the time to write an answer (default
	// WriteTimeout); see Mount.Streaming for answers that stay open.
	WriteTimeout time.Duration
	// Ready, if set, is consulted by /readyz in addition to the server's
	// own state (e.g. a store that must be reachable).
	Ready func(context.Context) error
	// Heavy bounds the exports and diffs in progress (see HeavyLimits).
	Heavy HeavyLimits
}

// Mount is a handler for the paths under one or more prefixes (e.g.
// "/v1/changes"), together with the OpenAPI fragment that documents it.
type Mount struct {
	// Name identifies the mount in errors and in the names of its OpenAPI
	// components where they collide with others (NAME.Component).
	Name string
	// Prefixes are path prefixes; requests for a prefix and everything
	// below it go to Handler.
	Prefixes []string
	// Handler serves them.
	Handler http.Handler
	// Streaming are the prefixes (among Prefixes) whose answers may stay
	// open longer than WriteTimeout, such as a long-polled or followed
	// event feed: their write deadline is lifted.
	Streaming []string
	// OpenAPIPaths maps paths (as in an OpenAPI "paths" object) to path
	// item objects. They are merged into /v1/openapi.json.
	OpenAPIPaths map[string]any
	// OpenAPIComponents is an OpenAPI "components" object (schemas,
	// responses, securitySchemes …) that the paths refer to.
	OpenAPIComponents map[string]any
}

// Server is the HTTP API and UI. Create it with New.
type Server struct {
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	metrics *metrics
	state   atomic.Pointer[state]
	stateMu sync.Mutex
	openapi *body
	closing atomic.Bool
	started time.Time
	// heavyLim bounds the exports and diffs in progress.
	heavyLim *heavyLimiter
}

// New returns a server for the options.
func New(opts Options) (*Server, error) {
	if opts.Registry == nil {
		return nil, errors.New("server: Options.Registry is required")
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = DefaultCacheBytes
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = WriteTimeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if _, ok := opts.Logger.Handler().(maskHandler); !ok {
		opts.Logger = slog.New(maskHandler{opts.Logger.Handler()})
	}
	if opts.Version == "" {
		opts.Version = "devel"
	}
	s := &Server{opts: opts, log: opts.Logger, mux: http.NewServeMux(), started: time.Now()}
	s.heavyLim = newHeavyLimiter(opts.Heavy)
	s.metrics = newMetrics()
	s.metrics.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "quhua_registry_records", Help: "Records in the registry being served.",
	}, func() float64 { return float64(len(s.opts.Registry().Records())) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "quhua_cache_bytes", Help: "Bytes of rendered answers kept for reuse.",
		}, func() float64 {
			if st := s.state.Load(); st != nil {
				_, n := st.cacheStats()
				return float64(n)
			}
			return 0
		}))
	oa, err := s.buildOpenAPI()
	if err != nil {
		return nil, err
	}
	s.openapi = oa
	s.routes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// Handler returns the server's root handler, with every middleware.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() {
	s.handle("/v1/version", s.getVersion)
	s.handle("/v1/openapi.json", s.getOpenAPI)
	s.handle("/v1/divisions/{code}", s.getDivision)
	s.handle("/v1/divisions/{code}/children", s.getChildren)
	s.handle("/v1/divisions/{code}/history", s.getHistory)
	s.handle("/v1/codes/{code}/meanings", s.getMeanings)
	s.handle("/v1/search", s.getSearch)
	s.handle("/v1/export/divisions", s.getExportDivisions)
	s.handle("/v1/export/picker", s.getExportPicker)
	s.handle("/v1/translate/{code}", s.getTranslate)
	s.handle("/v1/translate", s.postTranslate)
	s.handle("/v1/diff", s.getDiff)
	s.handle("/v1/events", s.getEvents)
	s.handle("/v1/events/{id}", s.getEvent)
	s.handle("/v1/stats/kinds", s.getKindStats)
	s.handle("/v1/identify/{code}", s.getIdentify)
	s.handle("/v1/address", s.getAddress)
	s.handle("/v1/id", s.postID)
	s.handle("/v1/plate/{prefix}", s.getPlate)
	for _, m := range s.opts.Extra {
		for _, p := range m.Prefixes {
			p = strings.TrimSuffix(p, "/")
			h := s.boundBody(m.Handler)
			if slices.Contains(m.Streaming, p) {
				inner := h
				h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if err := http.NewResponseController(w).SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
						s.log.Warn("cannot lift the write deadline", "path", r.URL.Path, "err", err)
					}
					inner.ServeHTTP(w, r)
				})
			}
			h = s.instrument(p+"/", h)
			s.mux.Handle(p, h)
			s.mux.Handle(p+"/", h)
		}
	}
	s.mux.Handle("/v1/", s.instrument("/v1/", http.HandlerFunc(s.unknownRoute)))
	s.mux.Handle("/healthz", s.instrument("/healthz", getOnly(http.HandlerFunc(s.healthz))))
	s.mux.Handle("/readyz", s.instrument("/readyz", getOnly(http.HandlerFunc(s.readyz))))
	s.mux.Handle("/metrics", s.instrument("/metrics", getOnly(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))))
	if s.opts.NoUI {
		s.mux.Handle("/", s.instrument("/", http.HandlerFunc(s.unknownRoute)))
	} else {
		s.mux.Handle("/", s.instrument("/", web.Handler()))
	}
}

// apiFunc is an API handler: it writes its answer or returns a problem.
type apiFunc func(w http.ResponseWriter, r *http.Request, st *state) *Problem

func (s *Server) handle(pattern string, f apiFunc) {
	if heavyRoutes[pattern] {
		f = s.heavy(f)
	}
	s.mux.Handle(pattern, s.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := s.current()
		w.Header()["Quhua-Horizon"] = st.horizon
		if p := f(w, r, st); p != nil {
			writeProblem(w, r, p)
		}
	})))
}

// markHorizon sets the Quhua-Beyond-Horizon header when the latest of
// the answer's dates lies after the registry's horizon.
func markHorizon(w http.ResponseWriter, reg *quhua.Registry, dates ...quhua.Date) {
	d := slices.Max(dates)
	if reg.BeyondHorizon(d) {
		w.Header().Set("Quhua-Beyond-Horizon", d.String())
	}
}

// boundBody bounds request bodies for a mount as for the built-in
// endpoints (Options.MaxBodyBytes): reading past it fails with
// *http.MaxBytesError, which the mount answers (413).
func (s *Server) boundBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		}
		h.ServeHTTP(w, r)
	})
}

// getOnly answers other methods than GET and HEAD with a 405 problem
// (probes and scrapers only read).
func getOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := methods(r, http.MethodGet); p != nil {
			writeProblem(w, r, p)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) unknownRoute(w http.ResponseWriter, r *http.Request) {
	p := newProblem(http.StatusNotFound, "unknown-route", fmt.Sprintf("no endpoint at %s", r.URL.Path))
	p.Hint = "see /v1/openapi.json for the endpoints"
	writeProblem(w, r, p)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	var err error
	switch {
	case s.closing.Load():
		err = errors.New("shutting down")
	case s.opts.Ready != nil:
		err = s.opts.Ready(r.Context())
	}
	if err == nil && len(s.opts.Registry().Records()) == 0 {
		err = errors.New("registry is empty")
	}
	if err != nil {
		writeProblem(w, r, newProblem(http.StatusServiceUnavailable, "not-ready", "not ready: "+err.Error()))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ready")
}

// Timeouts of ListenAndServe's http.Server.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 120 * time.Second
	// ShutdownTimeout bounds the wait for requests in flight on shutdown.
	ShutdownTimeout = 15 * time.Second
)

// HTTPServer returns an http.Server for the handler with the package's
// timeouts and header size limit.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.handler,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Serve serves on l until ctx is done, then shuts down gracefully: /readyz
// turns unready, new connections are refused and requests in flight get
// ShutdownTimeout to finish.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := s.HTTPServer(l.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.closing.Store(true)
	s.log.Info("shutting down", "addr", l.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// ListenAndServe listens on addr and serves until ctx is done (see Serve).
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, l)
}

// state is everything derived from one registry: indexes and caches of
// rendered answers.
type state struct {
	reg *quhua.Registry
	// horizon is the value of the Quhua-Horizon header, shared by every
	// answer (assigning a shared slice costs no allocation).
	horizon  []string
	search   *searchIndex
	version  *body
	kinds    *body
	division *cache[codeAt]
	children *cache[codeAt]
	history  *cache[int]
	events   *cache[int]
	event    *cache[int]
	diff     *cache[[3]int] // the span of the dates and the level choice
	// diffPoints are the dates at which a diff's events or records can
	// change (see diffKey).
	diffOnce   sync.Once
	diffPoints []quhua.Date
	translate  *cache[[3]int32]
	searches   *cache[string]
	extraState
}

type codeAt struct {
	code quhua.Code
	at   quhua.Date
}

// codeAtRequest reads what most GET endpoints take: the code in the path
// and the date in ?at= (default: the registry's latest state).
func codeAtRequest(r *http.Request, st *state) (codeAt, *Problem) {
	if p := methods(r, http.MethodGet); p != nil {
		return codeAt{}, p
	}
	c, p := parseCodeParam("code", r.PathValue("code"))
	if p != nil {
		return codeAt{}, p
	}
	at, p := parseDateParam(r, "at", defaultAt(st.reg), st.reg.FirstYear())
	if p != nil {
		return codeAt{}, p
	}
	return codeAt{c, at}, nil
}

// cacheStats sums the entries and bytes of the state's caches.
func (st *state) cacheStats() (entries int, bytes int64) {
	for _, f := range []func() (int, int64){st.division.stats, st.children.stats, st.history.stats,
		st.events.stats, st.event.stats, st.diff.stats, st.translate.stats, st.searches.stats, st.identify.stats} {
		e, b := f()
		entries, bytes = entries+e, bytes+b
	}
	return entries, bytes
}

// current returns the state of the registry being served, building it
// when the registry has changed.
func (s *Server) current() *state {
	reg := s.opts.Registry()
	if st := s.state.Load(); st != nil && st.reg == reg {
		return st
	}
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if st := s.state.Load(); st != nil && st.reg == reg {
		return st
	}
	st := s.newState(reg)
	s.state.Store(st)
	return st
}

func (s *Server) newState(reg *quhua.Registry) *state {
	// The cache budget in sixteenths: most to the lookups, which are
	// most of the traffic.
	part := s.opts.CacheBytes / 16
	st := &state{
		reg:       reg,
		horizon:   []string{reg.Horizon().String()},
		search:    newSearchIndex(reg),
		division:  newCache[codeAt](4 * part),
		children:  newCache[codeAt](2 * part),
		history:   newCache[int](2 * part),
		events:    newCache[int](part),
		event:     newCache[int](part),
		diff:      newCache[[3]int](2 * part),
		translate: newCache[[3]int32](part),
		searches:  newCache[string](2 * part),
	}
	st.identify = newCache[codeAt](part)
	var err error
	if st.version, err = newBody(s.versionInfo(reg)); err != nil {
		panic(err) // plain structs: cannot fail
	}
	if st.kinds, err = newAnswer(kindStats(reg), st.horizon); err != nil {
		panic(err)
	}
	return st
}
