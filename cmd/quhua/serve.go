package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/server"
)

var serveFlags struct {
	addr      string
	cors      []string
	accessLog bool
	logJSON   bool
	logLevel  string
	noUI      bool
	maxBody   int64
	cacheSize int64
	noStore   bool
	// The change API's rate limits, trusted proxies and webhook policy.
	changeRate, tokenRate   float64
	changeBurst, tokenBurst int
	trustedProxies          []string
	webhookAllowPrivate     bool
	// Memory: the soft limit and the bounds of heavy requests.
	memoryLimit                     string
	heavyConcurrent, heavyPerClient int
}

var serveCmd = &cobra.Command{
	Use:   "serve",
	Short: "Serve the HTTP API and the web UI",
	Long: `serve answers the JSON API under /v1 and serves the web UI, from the
registry embedded in the binary.

The API is described by the OpenAPI 3.1 document at /v1/openapi.json:
divisions by code on a date with both parents, children, search as you type,
a division's history, translation of codes between dates, the diff between
two dates, the change log of a year with its documents, counts of kinds per
year and the version. Errors are application/problem+json.

Dates are written YYYY, YYYY-MM or YYYY-MM-DD. ID numbers are never
returned or logged in full (every run of 15 or more digits is masked).
--cache-bytes bounds the memory of rendered answers kept for reuse;
--max-body bounds request bodies, change sets included.

Memory: serve sets a soft memory limit for the Go runtime (--memory-limit,
default $GOMEMLIMIT, else 256MiB), so that the collector's headroom stays
bounded. Large answers (exports, diffs across decades) are streamed in pieces,
never held whole; at most --heavy-concurrent of them are answered at once
(others wait up to 2 seconds, then get 503 with Retry-After), and one client
may have --heavy-per-client in progress (more get 429 with Retry-After).

Operations: /healthz (alive), /readyz (ready to serve; unready while
shutting down), /metrics (Prometheus), GET or HEAD only. Logs are structured (log/slog) on
standard error. SIGINT or SIGTERM shut the server down gracefully: requests
in flight get 15 seconds to finish.

Changes: by default the server opens the local change store (an SQLite file,
quhua.db in --data-dir; or --db with a file or a postgres:// URL), serves the
registry with every applied change, and mounts the change workflow: /v1/changes,
/v1/releases, /v1/feed (the event feed), /v1/webhooks, /v1/tokens and
/v1/audit, which need a token (quhua change token create NAME --role editor),
sent as "Authorization: Bearer TOKEN".
--no-store serves the embedded data alone, read-only.

Replicas: several servers may share one --db postgres://… store. Applies are
serialised in the database (of two conflicting ones, one gets 409); each
replica learns of a release applied by another at once through PostgreSQL's
LISTEN/NOTIFY, and polls the releases every 10 seconds as well, so all serve
it without a restart; each webhook delivery is sent by one replica. Connect
as a database role that does not own the tables (see the README).

The change API is rate-limited: by default 10 requests per second per client
address and per token, in bursts of up to 50 (--change-rate, --change-burst,
--change-token-rate, --change-token-burst; a rate of 0 turns a limit off).
Over the limit the answer is 429 Too Many Requests with Retry-After. The
client address is the connection's; behind a reverse proxy, name it with
--trusted-proxy so that its X-Forwarded-For header is believed (the right-most
address in it that is not a trusted proxy). Refused requests (401, 403, 429)
are counted in the audit log, one entry per client and minute.

Webhooks are never delivered to private, loopback, link-local, multicast or
cloud metadata addresses (checked on the address each delivery connects to)
unless --webhook-allow-private is given, e.g. for receivers on the operator's
own network.

The address to open is printed on standard output once the server listens.`,
	Example: `  # Serve on 127.0.0.1:8080 and open the printed address in a browser
  quhua serve

  # Another port, every interface, API callable from any web origin
  quhua serve --addr :9000 --cors '*'

  # Then, for example:
  curl 'http://127.0.0.1:8080/v1/divisions/220381?at=2019'
  curl 'http://127.0.0.1:8080/v1/search?q=公主岭'
  curl 'http://127.0.0.1:8080/v1/divisions/220184/history'`,
	Args: cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		var level slog.Level
		if err := level.UnmarshalText([]byte(serveFlags.logLevel)); err != nil {
			return badRequest("use --log-level debug, info, warn or error", fmt.Errorf("--log-level: %w", err))
		}
		hopts := &slog.HandlerOptions{Level: level}
		var h slog.Handler = slog.NewTextHandler(cmd.ErrOrStderr(), hopts)
		if serveFlags.logJSON {
			h = slog.NewJSONHandler(cmd.ErrOrStderr(), hopts)
		}
		log := slog.New(h)
		memLimit, memFrom, err := applyMemoryLimit(serveFlags.memoryLimit)
		if err != nil {
			return badRequest("give a size such as --memory-limit 512MiB, or off", fmt.Errorf("--memory-limit: %w", err))
		}
		log.Info("memory limit", "bytes", memLimit, "from", memFrom)
		opts := server.Options{
			Registry:     registry,
			CORSOrigins:  serveFlags.cors,
			MaxBodyBytes: serveFlags.maxBody,
			CacheBytes:   serveFlags.cacheSize,
			Logger:       log,
			AccessLog:    serveFlags.accessLog,
			Version:      serveVersion(),
			NoUI:         serveFlags.noUI,
			Heavy:        server.HeavyLimits{Concurrent: serveFlags.heavyConcurrent, PerClient: serveFlags.heavyPerClient},
		}
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if !serveFlags.noStore {
			for _, l := range []struct {
				name  string
				rate  float64
				burst int
			}{{"--change-rate", serveFlags.changeRate, serveFlags.changeBurst}, {"--change-token-rate", serveFlags.tokenRate, serveFlags.tokenBurst}} {
				if l.rate < 0 || math.IsNaN(l.rate) || math.IsInf(l.rate, 0) {
					return badRequest("give requests per second, or 0 for no limit", fmt.Errorf("%s %v: not a rate", l.name, l.rate))
				}
				if l.rate > 0 && l.burst < 1 {
					return badRequest("a burst is at least 1 request", fmt.Errorf("the burst of %s is %d", l.name, l.burst))
				}
			}
			proxies, err := server.ParseProxies(serveFlags.trustedProxies)
			if err != nil {
				return badRequest("give --trusted-proxy addresses or CIDR prefixes, e.g. --trusted-proxy 10.0.0.0/8", err)
			}
			// A server never replays: on a store cut at an old base it
			// refuses to apply (409) rather than serve a registry that
			// hides the later events.
			svc, closeStore, err := openService(ctx, change.WithWebhookAllowPrivate(serveFlags.webhookAllowPrivate))
			if err != nil {
				return fmt.Errorf("change store: %w", err)
			}
			defer closeStore()
			if b := svc.CutBase(); b != "" {
				log.Warn("the change store is a replay store cut at an old base: it serves the registry as of that date with its releases, and refuses to apply changes", "base", b)
			}
			// Refusals are counted per minute: write the last counts.
			defer svc.FlushRefusals(context.Background())
			m, err := changeMount(svc, server.WithChangeLimits(server.ChangeLimits{
				ClientRate: serveFlags.changeRate, ClientBurst: serveFlags.changeBurst,
				TokenRate: serveFlags.tokenRate, TokenBurst: serveFlags.tokenBurst,
				TrustedProxies: proxies, MaxTracked: server.DefaultChangeLimits.MaxTracked,
			}), server.ChangeMaxBody(serveFlags.maxBody))
			if err != nil {
				return err
			}
			opts.Registry = svc.Registry
			opts.Extra = append(opts.Extra, m)
			// Other replicas may apply changes to a shared store.
			go svc.Watch(ctx, 10*time.Second)
			go svc.RunWebhooks(ctx)
		}
		heavyProxies, err := server.ParseProxies(serveFlags.trustedProxies)
		if err != nil {
			return badRequest("give --trusted-proxy addresses or CIDR prefixes, e.g. --trusted-proxy 10.0.0.0/8", err)
		}
		opts.Heavy.TrustedProxies = heavyProxies
		srv, err := server.New(opts)
		if err != nil {
			return err
		}
		l, err := net.Listen("tcp", serveFlags.addr)
		if err != nil {
			return badRequest("choose another address with --addr, e.g. --addr 127.0.0.1:8081", err)
		}
		reg := opts.Registry()
		// The address is printed once, on standard output, below.
		log.Info("serving", "data", reg.Version(), "records", len(reg.Records()), "store", !serveFlags.noStore)
		fmt.Fprintf(cmd.OutOrStdout(), "quhua: serving on %s\n", serveURL(l.Addr()))
		return srv.Serve(ctx, l)
	},
}

// changeMount mounts the change workflow's endpoints with their OpenAPI
// fragment.
func changeMount(svc *change.Service, opts ...server.ChangeOption) (server.Mount, error) {
	paths, comps, err := server.ParseOpenAPIFragment(server.ChangeOpenAPI())
	if err != nil {
		return server.Mount{}, fmt.Errorf("change: %w", err)
	}
	var prefixes []string
	for _, p := range server.ChangePrefixes {
		if p = strings.TrimSuffix(p, "/"); !slices.Contains(prefixes, p) {
			prefixes = append(prefixes, p)
		}
	}
	return server.Mount{
		Name:              "change",
		Prefixes:          prefixes,
		Streaming:         []string{"/v1/feed"},
		Handler:           server.NewChangeHandler(svc, opts...),
		OpenAPIPaths:      paths,
		OpenAPIComponents: comps,
	}, nil
}

// serveURL is the address to open in a browser for a listening address.
func serveURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// serveVersion is the module version from the build information.
func serveVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "devel"
}

func init() {
	f := serveCmd.Flags()
	f.StringVar(&serveFlags.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; :8080 for every interface)")
	f.StringSliceVar(&serveFlags.cors, "cors", nil, "web origins allowed to call the API (repeat or comma-separate; '*' for any)")
	f.BoolVar(&serveFlags.accessLog, "access-log", false, "log every request at info level")
	f.BoolVar(&serveFlags.logJSON, "log-json", false, "write logs as JSON lines instead of text")
	f.StringVar(&serveFlags.logLevel, "log-level", "info", "least level logged: debug, info, warn, error")
	f.BoolVar(&serveFlags.noUI, "no-ui", false, "serve the API only, without the web UI")
	f.Int64Var(&serveFlags.maxBody, "max-body", 1<<20, "largest request body accepted, in bytes")
	f.Int64Var(&serveFlags.cacheSize, "cache-bytes", server.DefaultCacheBytes, "memory for rendered answers kept for reuse, in bytes")
	f.BoolVar(&serveFlags.noStore, "no-store", false, "serve the embedded data only, without the change store and workflow")
	d := server.DefaultChangeLimits
	f.Float64Var(&serveFlags.changeRate, "change-rate", d.ClientRate, "change API: requests per second allowed to one client address (0: no limit)")
	f.IntVar(&serveFlags.changeBurst, "change-burst", d.ClientBurst, "change API: requests one client address may send at once")
	f.Float64Var(&serveFlags.tokenRate, "change-token-rate", d.TokenRate, "change API: requests per second allowed to one token (0: no limit)")
	f.IntVar(&serveFlags.tokenBurst, "change-token-burst", d.TokenBurst, "change API: requests one token may send at once")
	f.StringSliceVar(&serveFlags.trustedProxies, "trusted-proxy", nil, "reverse proxies (addresses or CIDR prefixes) whose X-Forwarded-For names the client")
	f.StringVar(&serveFlags.memoryLimit, "memory-limit", "", "soft memory limit of the Go runtime (e.g. 512MiB; off for none; default $GOMEMLIMIT, else 256MiB)")
	f.IntVar(&serveFlags.heavyConcurrent, "heavy-concurrent", 0, "exports and diffs answered at once; more wait, then get 503 (default: one per CPU, at least 2; -1: no bound)")
	f.IntVar(&serveFlags.heavyPerClient, "heavy-per-client", 0, "exports and diffs one client address may have in progress; more get 429 (default 2; -1: no bound)")
	f.BoolVar(&serveFlags.webhookAllowPrivate, "webhook-allow-private", false, "deliver webhooks to private, loopback, link-local and metadata addresses too")
	f.StringVar(&sf.dataDir, "data-dir", "", "directory of the local change store (default $QUHUA_DATA, else ~/.local/share/quhua)")
	f.StringVar(&sf.db, "db", "", "change store: a postgres:// URL or an SQLite file (default DATA-DIR/quhua.db)")
	rootCmd.AddCommand(serveCmd)
}
