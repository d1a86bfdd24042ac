package server

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
)

//go:embed change_openapi.json
var changeOpenAPIDoc []byte

// ChangeOpenAPI returns the OpenAPI 3.1 fragment for the endpoints
// NewChangeHandler serves: a JSON object with "paths" and "components" to merge
// into the server's document.
func ChangeOpenAPI() []byte { return changeOpenAPIDoc }

// writeChangeError answers err as a problem document (see problemOf).
func writeChangeError(w http.ResponseWriter, err error) {
	p := problemOf(err)
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="quhua"`)
	}
	writeProblem(w, nil, p)
}

func writeChangeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

type changeHandler struct {
	svc *change.Service
	mux *http.ServeMux
	// maxBody bounds change set bodies (see ChangeMaxBody).
	maxBody int64
	// limits, and the buckets per client address and per token (nil:
	// no limit).
	limits          ChangeLimits
	clients, tokens *limiterSet
	// routes maps each path pattern to its handlers by method.
	routes map[string]map[string]func(w http.ResponseWriter, r *http.Request, p change.Principal) error
}

// NewChangeHandler serves the change workflow under /v1: changes, releases, the
// feed, webhooks, tokens, the audit log and whoami (the token's user and
// role). Every request needs a token
// (Authorization: Bearer …) whose role allows it; refusals are 401 or 403,
// and every error is an application/problem+json document. Requests are
// rate-limited per client address and per token (DefaultChangeLimits, or
// WithChangeLimits): over the limit the answer is 429 with Retry-After. Refusals
// are audited, counted per client and minute (see Service.FlushRefusals).
// Change set bodies are bounded (DefaultMaxBodyBytes, or ChangeMaxBody).
func NewChangeHandler(svc *change.Service, opts ...ChangeOption) http.Handler {
	h := &changeHandler{svc: svc, mux: http.NewServeMux(), limits: DefaultChangeLimits, maxBody: DefaultMaxBodyBytes,
		routes: map[string]map[string]func(http.ResponseWriter, *http.Request, change.Principal) error{}}
	for _, o := range opts {
		o(h)
	}
	h.clients = newLimiterSet(h.limits.ClientRate, h.limits.ClientBurst, h.limits.MaxTracked)
	h.tokens = newLimiterSet(h.limits.TokenRate, h.limits.TokenBurst, h.limits.MaxTracked)
	h.handle("GET /v1/changes", h.listChanges)
	h.handle("POST /v1/changes", h.newChange)
	h.handle("POST /v1/changes/validate", h.validateSet)
	h.handle("GET /v1/changes/{id}", h.getChange)
	h.handle("PUT /v1/changes/{id}", h.updateChange)
	for _, a := range changeActions {
		h.handle("POST /v1/changes/{id}/"+a, h.act(a))
	}
	h.handle("GET /v1/releases", h.releases)
	h.handle("POST /v1/releases", h.apply)
	h.handle("GET /v1/releases/{version}", h.export)
	h.handle("GET /v1/feed", h.feed)
	h.handle("GET /v1/webhooks", h.webhooks)
	h.handle("POST /v1/webhooks", h.addWebhook)
	h.handle("DELETE /v1/webhooks/{id}", h.deleteWebhook)
	h.handle("GET /v1/tokens", h.listTokens)
	h.handle("POST /v1/tokens", h.newToken)
	h.handle("DELETE /v1/tokens/{id}", h.revokeToken)
	h.handle("GET /v1/audit", h.audit)
	h.handle("GET /v1/audit/verify", h.verifyAudit)
	h.handle("GET /v1/whoami", h.whoami)
	// A path with a method it does not serve is a 405 problem.
	for _, path := range slices.Sorted(maps.Keys(h.routes)) {
		methods := h.routes[path]
		allow := slices.Sorted(maps.Keys(methods))
		if methods[http.MethodGet] != nil {
			allow = append(allow, http.MethodHead)
		}
		h.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			m := r.Method
			if m == http.MethodHead {
				m = http.MethodGet
			}
			f, ok := methods[m]
			if !ok {
				w.Header().Set("Allow", strings.Join(allow, ", "))
				writeProblem(w, nil, &Problem{Type: ProblemType("method-not-allowed"), Title: "Method Not Allowed",
					Status: http.StatusMethodNotAllowed, Detail: fmt.Sprintf("%s %s: use %s", r.Method, r.URL.Path, strings.Join(allow, ", "))})
				return
			}
			h.serve(w, r, f)
		})
	}
	// Anything else under these paths is a problem document too.
	for _, p := range ChangePrefixes {
		if strings.HasSuffix(p, "/") {
			h.mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
				writeChangeError(w, changeErrorf(change.NotFound, "no endpoint %s %s", r.Method, r.URL.Path))
			})
		}
	}
	return h
}

// ServeHTTP applies the client address's rate limit and serves the
// request, its refusals counted for that client.
func (h *changeHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	client := clientOf(r, h.limits.TrustedProxies)
	ctx := change.WithClient(r.Context(), client)
	if h.clients != nil {
		if ok, wait := h.clients.allow(client, time.Now()); !ok {
			h.svc.Refused(ctx, http.StatusTooManyRequests, "(unauthenticated)", "rate-limit", "", "client over its limit")
			tooMany(w, wait, "client address")
			return
		}
	}
	h.mux.ServeHTTP(w, r.WithContext(ctx))
}

// ChangePrefixes are the paths NewChangeHandler serves, to mount it in a server's mux:
//
//	for _, p := range server.ChangePrefixes { mux.Handle(p, h) }
var ChangePrefixes = []string{
	"/v1/changes", "/v1/changes/", "/v1/releases", "/v1/releases/", "/v1/feed",
	"/v1/webhooks", "/v1/webhooks/", "/v1/tokens", "/v1/tokens/", "/v1/audit", "/v1/audit/", "/v1/whoami",
}

// handle adds the handler of a "METHOD /path" pattern.
func (h *changeHandler) handle(pattern string, f func(w http.ResponseWriter, r *http.Request, p change.Principal) error) {
	method, path, _ := strings.Cut(pattern, " ")
	if h.routes[path] == nil {
		h.routes[path] = map[string]func(http.ResponseWriter, *http.Request, change.Principal) error{}
	}
	h.routes[path][method] = f
}

// serve authenticates the request and calls f.
func (h *changeHandler) serve(w http.ResponseWriter, r *http.Request, f func(w http.ResponseWriter, r *http.Request, p change.Principal) error) {
	authz := r.Header.Get("Authorization")
	p, err := h.svc.AuthenticateHeader(r.Context(), authz)
	if err == nil && h.tokens != nil {
		secret, _ := strings.CutPrefix(authz, "Bearer ")
		if ok, wait := h.tokens.allow(change.HashToken(strings.TrimSpace(secret)), time.Now()); !ok {
			h.svc.Refused(r.Context(), http.StatusTooManyRequests, p.User, "rate-limit", "", "token over its limit")
			tooMany(w, wait, "token")
			return
		}
	}
	if err == nil {
		err = f(w, r, p)
	}
	if err != nil {
		writeChangeError(w, err)
	}
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, changeErrorf(change.Invalid, "%s %q is not a positive number", name, r.PathValue(name))
	}
	return id, nil
}

// DefaultMaxBodyBytes is the default bound of a change set body.
const DefaultMaxBodyBytes = 1 << 20

// ChangeMaxBody bounds the body of a change set (POST /v1/changes, PUT
// /v1/changes/{id}, POST /v1/changes/validate); a larger one is refused
// with 413. quhua serve passes its --max-body.
func ChangeMaxBody(n int64) ChangeOption {
	return func(h *changeHandler) {
		if n > 0 {
			h.maxBody = n
		}
	}
}

func (h *changeHandler) readSet(w http.ResponseWriter, r *http.Request) (*changeset.ChangeSet, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, changeErrorf(change.TooLarge, "the change set is larger than %d bytes; split it, or raise the server's --max-body", mbe.Limit)
	}
	if err != nil {
		return nil, changeErrorf(change.Invalid, "reading the body: %v", err)
	}
	cs, err := changeset.Parse(b)
	var pe *changeset.ParseError
	if errors.As(err, &pe) {
		return nil, &change.Error{Kind: change.Invalid, Msg: err.Error(), Violations: changeset.Violations{pe.Violation}}
	}
	if err != nil {
		return nil, changeErrorf(change.Invalid, "%v", err)
	}
	return cs, nil
}

func (h *changeHandler) listChanges(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	cs, err := h.svc.List(r.Context(), p, r.URL.Query().Get("state"))
	if err == nil {
		writeChangeJSON(w, http.StatusOK, cs)
	}
	return err
}

func (h *changeHandler) newChange(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	cs, err := h.readSet(w, r)
	if err != nil {
		return err
	}
	c, err := h.svc.Draft(r.Context(), p, cs)
	if err == nil {
		w.Header().Set("Location", fmt.Sprintf("/v1/changes/%d", c.ID))
		writeChangeJSON(w, http.StatusCreated, c)
	}
	return err
}

func (h *changeHandler) validateSet(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	cs, err := h.readSet(w, r)
	if err != nil {
		return err
	}
	rep, err := h.svc.ValidateSet(r.Context(), p, cs)
	if err == nil {
		writeChangeJSON(w, http.StatusOK, rep)
	}
	return err
}

func (h *changeHandler) getChange(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.svc.Get(r.Context(), p, id)
	if err == nil {
		writeChangeJSON(w, http.StatusOK, c)
	}
	return err
}

func (h *changeHandler) updateChange(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var rev int64
	if m := strings.Trim(r.Header.Get("If-Match"), `"`); m != "" {
		if rev, err = strconv.ParseInt(m, 10, 64); err != nil {
			return changeErrorf(change.Invalid, "If-Match must be the change's revision number, not %q", m)
		}
	}
	cs, err := h.readSet(w, r)
	if err != nil {
		return err
	}
	c, err := h.svc.Update(r.Context(), p, id, rev, cs)
	if err == nil {
		writeChangeJSON(w, http.StatusOK, c)
	}
	return err
}

// changeActions are the steps of the workflow, served at /v1/changes/{id}/ACTION.
var changeActions = []string{"validate", "submit", "approve", "reject", "withdraw", "apply"}

func (h *changeHandler) act(action string) func(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	return func(w http.ResponseWriter, r *http.Request, p change.Principal) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		ctx := r.Context()
		var v any
		switch action {
		case "validate":
			v, err = h.svc.Validate(ctx, p, id)
		case "submit":
			v, err = h.svc.Submit(ctx, p, id)
		case "approve":
			v, err = h.svc.Approve(ctx, p, id)
		case "withdraw":
			v, err = h.svc.Withdraw(ctx, p, id)
		case "reject":
			var body struct {
				Reason string `json:"reason"`
			}
			if err := decodeSmall(w, r, &body, `{"reason": …} or nothing`, false, true); err != nil {
				return err
			}
			v, err = h.svc.Reject(ctx, p, id, body.Reason)
		case "apply":
			v, err = h.svc.Apply(ctx, p, id)
		default:
			return changeErrorf(change.NotFound, "unknown action %q", action)
		}
		if err == nil {
			writeChangeJSON(w, http.StatusOK, v)
		}
		return err
	}
}

func (h *changeHandler) releases(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	rs, err := h.svc.Releases(r.Context(), p)
	if err == nil {
		writeChangeJSON(w, http.StatusOK, rs)
	}
	return err
}

func (h *changeHandler) apply(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	var body struct {
		Changes []int64 `json:"changes"`
	}
	if err := decodeSmall(w, r, &body, `{"changes": [IDs]}`, true, false); err != nil {
		return err
	}
	rel, err := h.svc.Apply(r.Context(), p, body.Changes...)
	if err == nil {
		writeChangeJSON(w, http.StatusCreated, rel)
	}
	return err
}

func (h *changeHandler) export(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	ex, reg, err := h.svc.Export(r.Context(), p, r.PathValue("version"))
	if err != nil {
		return err
	}
	switch f := r.URL.Query().Get("format"); f {
	case "", "json":
		writeChangeJSON(w, http.StatusOK, ex)
	case "snapshot":
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(reg.Snapshot())
	default:
		return changeErrorf(change.Invalid, "unknown format %q (json or snapshot)", f)
	}
	return nil
}

func (h *changeHandler) feed(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	q := r.URL.Query()
	since, err := strconv.ParseInt(q.Get("since"), 10, 64)
	if q.Get("since") == "" {
		since, err = strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64)
		if r.Header.Get("Last-Event-ID") == "" {
			since, err = 0, nil
		}
	}
	if err != nil || since < 0 {
		return changeErrorf(change.Invalid, "since must be a feed sequence number (0 for the start)")
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	var wait time.Duration
	if s := q.Get("wait"); s != "" {
		if wait, err = time.ParseDuration(s); err != nil || wait < 0 || wait > 5*time.Minute {
			return changeErrorf(change.Invalid, "wait must be a duration up to 5m, e.g. 30s")
		}
	}
	if !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		items, err := h.svc.Feed(r.Context(), p, since, limit, wait)
		if err == nil {
			writeChangeJSON(w, http.StatusOK, items)
		}
		return err
	}
	// Server-Sent Events: one event per feed item, its id the cursor.
	if err := h.svc.Require(r.Context(), p, "viewer", "feed.read", "feed"); err != nil {
		return err
	}
	fl, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if fl != nil {
		fl.Flush()
	}
	ctx := r.Context()
	for ctx.Err() == nil {
		items, err := h.svc.Feed(ctx, p, since, 100, 25*time.Second)
		if err != nil {
			return nil
		}
		if len(items) == 0 {
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		for _, it := range items {
			b, _ := json.Marshal(it)
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", it.Seq, it.Type, b)
			since = it.Seq
		}
		if fl != nil {
			fl.Flush()
		}
		if wait > 0 && len(items) > 0 && q.Get("follow") == "" {
			return nil
		}
	}
	return nil
}

// webhookView is a webhook as the API shows it: its URL's credentials
// redacted, its secret only in the answer that generated it.
type webhookView struct {
	ID      int64     `json:"id"`
	URL     string    `json:"url"`
	Actor   string    `json:"actor"`
	Created time.Time `json:"created"`
	Secret  string    `json:"secret,omitempty"`
}

func viewWebhook(x *store.Webhook) webhookView {
	return webhookView{ID: x.ID, URL: change.RedactURL(x.URL), Actor: x.Actor, Created: x.Created}
}

func (h *changeHandler) webhooks(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	ws, err := h.svc.Webhooks(r.Context(), p)
	if err != nil {
		return err
	}
	out := []webhookView{}
	for _, x := range ws {
		out = append(out, viewWebhook(&x))
	}
	writeChangeJSON(w, http.StatusOK, out)
	return nil
}

func (h *changeHandler) addWebhook(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	var body struct {
		URL    string `json:"url"`
		Secret string `json:"secret"`
	}
	if err := decodeSmall(w, r, &body, `{"url": …, "secret": …}`, false, false); err != nil {
		return err
	}
	x, err := h.svc.AddWebhook(r.Context(), p, body.URL, body.Secret)
	if err == nil {
		v := viewWebhook(x)
		if body.Secret == "" {
			v.Secret = x.Secret // generated: shown this once
		}
		writeChangeJSON(w, http.StatusCreated, v)
	}
	return err
}

func (h *changeHandler) deleteWebhook(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteWebhook(r.Context(), p, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *changeHandler) newToken(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	var body struct {
		User    string `json:"user"`
		Role    string `json:"role"`
		Expires string `json:"expires"`
	}
	if err := decodeSmall(w, r, &body, `{"user": …, "role": …, "expires": …}`, false, false); err != nil {
		return err
	}
	if err := h.svc.Require(r.Context(), p, "admin", "token.create", "token"); err != nil {
		return err
	}
	spec := change.TokenSpec{User: body.User, Role: roleOf(body.Role)}
	if body.Expires != "" {
		t, err := time.Parse(time.RFC3339, body.Expires)
		if err != nil {
			return changeErrorf(change.Invalid, "expires %q is not an RFC 3339 time such as 2027-01-01T00:00:00Z", body.Expires)
		}
		spec.Expires = t
	}
	tok, secret, err := h.svc.IssueToken(r.Context(), p, spec)
	if err != nil {
		return err
	}
	writeChangeJSON(w, http.StatusCreated, struct {
		change.Token
		Secret string `json:"token"`
	}{*tok, secret})
	return nil
}

func (h *changeHandler) listTokens(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	ts, err := h.svc.Tokens(r.Context(), p)
	if err == nil {
		writeChangeJSON(w, http.StatusOK, ts)
	}
	return err
}

func (h *changeHandler) revokeToken(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.RevokeToken(r.Context(), p, id)
	if err == nil {
		writeChangeJSON(w, http.StatusOK, t)
	}
	return err
}

func (h *changeHandler) verifyAudit(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	rep, err := h.svc.VerifyAudit(r.Context(), p)
	if err == nil {
		writeChangeJSON(w, http.StatusOK, rep)
	}
	return err
}

// whoami answers who the token stands for, so that a client (the web UI)
// offers only the steps the role may take.
func (h *changeHandler) whoami(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	writeChangeJSON(w, http.StatusOK, p)
	return nil
}

func (h *changeHandler) audit(w http.ResponseWriter, r *http.Request, p change.Principal) error {
	q := r.URL.Query()
	var since int64
	var limit int
	var err error
	if s := q.Get("since"); s != "" {
		if since, err = strconv.ParseInt(s, 10, 64); err != nil || since < 0 {
			return changeErrorf(change.Invalid, "since must be an audit sequence number (0 for the start)")
		}
	}
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 0 {
			return changeErrorf(change.Invalid, "limit must be a number of entries")
		}
	}
	log, err := h.svc.AuditLog(r.Context(), p, since, limit)
	if err != nil {
		return err
	}
	out := []auditView{}
	for _, a := range log {
		out = append(out, auditView(a))
	}
	writeChangeJSON(w, http.StatusOK, out)
	return nil
}

// auditView is an audit entry as the API shows it.
type auditView struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Object string    `json:"object,omitempty"`
	From   string    `json:"from,omitempty"`
	To     string    `json:"to,omitempty"`
	Detail string    `json:"detail,omitempty"`
	// PrevHash and Hash chain the entry to the one before (see
	// store.AuditHash).
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

func roleOf(s string) store.Role { return store.Role(s) }

// changeErrorf returns a workflow error of kind, answered as its status.
func changeErrorf(kind change.ErrorKind, format string, args ...any) *change.Error {
	return &change.Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}
