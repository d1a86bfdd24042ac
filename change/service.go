// Package change runs the workflow of authored changes: it keeps change
// sets (package changeset) in a store.Store, moves them through draft →
// submitted → approved → applied (or rejected, withdrawn) with roles and an
// append-only audit log, makes releases of them, and tells subscribers (an
// event feed and signed webhooks). It opens no database itself (see
// store/open) and serves no HTTP (server.NewChangeHandler serves it).
//
// Applying approved changes makes a new release of the registry on top of
// the embedded data: Service.Registry returns it, and the lookups,
// histories, translations and diffs of the quhua package answer for
// authored changes exactly as for upstream ones.
//
// A refused request is an *Error of a kind (Invalid, NotFound, Conflict …;
// see ErrorKindOf), worded for the API's problem documents; any other
// error (of the store, of data stored earlier) starts with "change: ".
//
// # Releases
//
// A release is named after the data it is built on and the number of
// releases before it: 2026a+1, 2026a+2 … on the embedded data (see
// changeset.Build).
//
// A store may author on the embedded data as it stood at a date (SetBase,
// e.g. "2019": see changeset.Truncate): releases are then 2019+1 …. This
// replays history.
//
// # Stale changes and old bases
//
// Applying a change never drops the events after its base. A change
// drafted on an older release of its store is rebased: Apply validates it
// again against the current release (the whole registry at its effective
// date and after) and refuses it as a Conflict if it no longer passes or
// if a change applied since touched the same codes (the stale rule).
//
// A store cut at a date is different: it holds none of the upstream events
// after its base, so a release on it would be a registry that hides them
// (2019+1 would know nothing of 2020–2024). Rebasing such a change onto
// the whole registry would not help either: the changes one replays there
// are the upstream events themselves, already in the registry. So Apply
// refuses it as a Conflict (409 in the API) that names the change's base
// and the registry's head, unless the service replays history on purpose
// (WithReplay; the CLI does so only for a store named with --db or
// --data-dir, i.e. a scratch store). The command line never takes a cut store
// found by default for the registry.
//
// # Tokens and the audit log
//
// Tokens have a role, may expire, and are revoked at once
// (Service.IssueToken, Tokens, RevokeToken); the API takes them only as
// "Authorization: Bearer TOKEN". User names are normalised (see
// store.NormalizeUser), so that "wang " or "WANG" is wang, who never
// approves his own change. Every step, refusal, token creation and
// revocation is in the audit log, whose entries are hash-chained:
// Service.VerifyAudit (GET /v1/audit/verify, quhua change audit verify)
// finds an entry rewritten, deleted or inserted.
//
// # Replicas
//
// Servers sharing a PostgreSQL store serialise applies in the database: of
// two conflicting applies one wins and the other is a Conflict. Watch
// reloads the release when the store announces one (LISTEN/NOTIFY) and
// polls as well; the feed's sequence numbers come from the database, and
// each webhook delivery is claimed by one replica (store.ClaimDelivery).
//
// # Subscribers
//
// Every workflow step and every release is a feed event with a sequence
// number. GET /v1/feed?since=N returns those after N (with wait=30s it
// long-polls; with Accept: text/event-stream it streams Server-Sent
// Events). Webhooks receive each event as a POST with the headers
// X-Quhua-Event-Id (stable: drop duplicates by it), X-Quhua-Timestamp and
// X-Quhua-Signature (see Signature; a receiver checks them with
// VerifySignature or VerifyRequest, which refuse deliveries older than
// SignatureTolerance); a failed delivery is retried with exponential
// backoff, and a receiver gets its events in order, each receiver apart
// from the others. A "release.applied" event carries the crosswalk rows
// to apply. Webhook URLs of private, loopback, link-local and metadata
// addresses are refused, on every connection after name resolution,
// unless WithWebhookAllowPrivate; redirects are not followed; URL
// credentials are shown redacted.
package change

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/snapshot"
	"github.com/quhua/quhua/store"
)

// ErrorKind classifies a Service error; HTTPStatus maps it to a status.
type ErrorKind string

// The kinds of error.
const (
	Invalid      ErrorKind = "invalid"      // the request or the change set is malformed or breaks a rule
	NotFound     ErrorKind = "not-found"    // no such change or release
	Conflict     ErrorKind = "conflict"     // the change is in the wrong state, stale, or was modified meanwhile
	Unauthorized ErrorKind = "unauthorized" // no valid token
	Forbidden    ErrorKind = "forbidden"    // the token's role or user may not do this
	TooLarge     ErrorKind = "too-large"    // the request body is larger than the server accepts
	// TooManyRequests: over the rate limit of the client address or token.
	TooManyRequests ErrorKind = "too-many-requests"
)

// Error is what Service methods return for refusals.
type Error struct {
	Kind       ErrorKind
	Msg        string
	Violations changeset.Violations
}

func (e *Error) Error() string {
	if len(e.Violations) > 0 {
		return e.Msg + ": " + e.Violations.Error()
	}
	return e.Msg
}

func errorf(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// ErrorKindOf returns the kind of err: its Kind for an *Error, NotFound or
// Conflict for the store's errors, "" for any other (an internal error).
func ErrorKindOf(err error) ErrorKind {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Kind
	case errors.Is(err, store.ErrNotFound):
		return NotFound
	case errors.Is(err, store.ErrConflict):
		return Conflict
	}
	return ""
}

// Principal is who makes a request.
type Principal struct {
	User string     `json:"user"`
	Role store.Role `json:"role"`
}

// Change is a change in the workflow, as the API shows it.
type Change struct {
	ID       int64                `json:"id"`
	Title    string               `json:"title"`
	Author   string               `json:"author"`
	Approver string               `json:"approver,omitempty"`
	State    string               `json:"state"`
	Base     string               `json:"base"`
	Release  string               `json:"release,omitempty"`
	Revision int64                `json:"revision"`
	Created  time.Time            `json:"created"`
	Updated  time.Time            `json:"updated"`
	Set      *changeset.ChangeSet `json:"change_set"`
}

func changeOf(c *store.Change) (*Change, error) {
	cs, err := changeset.Parse(c.Body)
	if err != nil {
		return nil, fmt.Errorf("change: change %d in the store: %w", c.ID, err)
	}
	return &Change{ID: c.ID, Title: c.Title, Author: c.Author, Approver: c.Approver, State: c.State, Base: c.Base,
		Release: c.Release, Revision: c.Revision, Created: c.Created, Updated: c.Updated, Set: cs}, nil
}

// Release is a release as the API shows it.
type Release struct {
	Version string    `json:"version"`
	Parent  string    `json:"parent"`
	Actor   string    `json:"actor"`
	Created time.Time `json:"created"`
	Changes []int64   `json:"changes"`
}

type current struct {
	version string
	reg     *quhua.Registry
	applied []changeset.Applied // every change applied so far, in order
	touched [][]quhua.Code
	// ends maps each release version (and the base's) to the number of
	// changes applied up to it.
	ends map[string]int
}

// Service runs the change workflow over a store.
type Service struct {
	st       store.Store
	base     *snapshot.Data
	cur      atomic.Pointer[current]
	mu       sync.Mutex // serialises applies in this process
	hook     func(string)
	now      func() time.Time
	feedMu   sync.Mutex
	feedWake chan struct{}
	kick     chan struct{}
	webhook  webhookConfig
	// truncated is the date the store's base stops at ("" for the whole
	// embedded data); replay allows applying on such a base.
	truncated string
	replay    bool
	refusals  refusalLog
}

// Option configures a Service.
type Option func(*Service)

// WithBase authors on top of base instead of the embedded data (e.g. the
// embedded data truncated at a date, see Truncate). Changes are applied on
// it as on a replay store (see WithReplay).
func WithBase(base *snapshot.Data) Option {
	return func(s *Service) { s.base, s.replay = base, true }
}

// WithReplay allows applying changes on a store whose base is the
// registry truncated at a date (see SetBase): a scratch store that
// replays history. Its releases lack every event after the base that has
// not been replayed, so it must never stand for the registry; without
// this option such a store refuses to apply (see Apply).
func WithReplay() Option { return func(s *Service) { s.replay = true } }

// WithApplyHook calls hook at named points inside the apply transaction
// (for crash tests).
func WithApplyHook(hook func(point string)) Option { return func(s *Service) { s.hook = hook } }

// WithClock replaces time.Now.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// MetaBase is the store setting that records the date an authoring base
// was truncated at ("" for the embedded data as it is).
const MetaBase = "base"

// New returns a service over st, loading the releases the store holds. If
// the store records a truncated base (see MetaBase), it is used.
func New(ctx context.Context, st store.Store, opts ...Option) (*Service, error) {
	s := &Service{st: st, now: time.Now, feedWake: make(chan struct{}), kick: make(chan struct{}, 1), webhook: defaultWebhookConfig}
	for _, o := range opts {
		o(s)
	}
	s.webhook.client = newWebhookClient(s.webhook.allowPrivate, s.webhook.timeout)
	if s.base == nil {
		b, err := st.Meta(ctx, MetaBase)
		if err != nil {
			return nil, err
		}
		s.base = quhua.Default().Data()
		if b != "" {
			d, _, err := quhua.ParseDate(b)
			if err != nil {
				return nil, fmt.Errorf("change: the store's base %q: %w", b, err)
			}
			s.base = changeset.Truncate(s.base, d)
			s.truncated = b
		}
	}
	if err := s.reload(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// SetBase records in st that authoring starts from the embedded data as of
// date (e.g. "2019"). It fails if the store already has another base.
func SetBase(ctx context.Context, st store.Store, date string) error {
	d, prec, err := quhua.ParseDate(date)
	if err != nil {
		return err
	}
	want := d.Format(prec)
	if d == quhua.EndOfYear(d.Year()) {
		want = d.Format(quhua.Year) // 2019-12-31 is the list of 2019
	}
	have, err := st.Meta(ctx, MetaBase)
	if err != nil || have == want {
		return err
	}
	if have == "" {
		// A store that has changes already authors on the embedded data
		// as it is; moving its base would change what they mean.
		cs, err := st.Changes(ctx, "")
		if err != nil {
			return err
		}
		if len(cs) > 0 {
			return fmt.Errorf("change: base: this store already holds changes drafted on the latest data, not on %s: %w", want, store.ErrConflict)
		}
	}
	return st.SetMeta(ctx, MetaBase, want)
}

// reload rebuilds the current release from the store.
func (s *Service) reload(ctx context.Context) error {
	rels, err := s.st.Releases(ctx)
	if err != nil {
		return err
	}
	return s.loadReleases(rels)
}

// loadReleases builds the current release from the store's releases.
func (s *Service) loadReleases(rels []store.Release) error {
	cur := &current{version: s.base.DataVersion, ends: map[string]int{s.base.DataVersion: 0}}
	for _, r := range rels {
		for _, ac := range r.Changes {
			cs, err := changeset.Parse(ac.Body)
			if err != nil {
				return fmt.Errorf("change: release %s: change %d: %w", r.Version, ac.ChangeID, err)
			}
			touched, _ := changeset.Codes(cs)
			cur.applied = append(cur.applied, changeset.Applied{ID: ac.ChangeID, Set: cs})
			cur.touched = append(cur.touched, touched)
		}
		cur.version = r.Version
		cur.ends[r.Version] = len(cur.applied)
	}
	reg, err := changeset.Build(s.base, cur.version, cur.applied)
	if err != nil {
		return fmt.Errorf("change: rebuilding release %s: %w", cur.version, err)
	}
	cur.reg = reg
	s.cur.Store(cur)
	return nil
}

// Refresh reloads the current release if another process applied changes
// to the store since, and reports whether it did. Servers that share a
// store call it now and then (see Watch).
func (s *Service) Refresh(ctx context.Context) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	changed, err := s.refreshLocked(ctx)
	if changed {
		s.wake()
	}
	return changed, err
}

func (s *Service) refreshLocked(ctx context.Context) (bool, error) {
	rels, err := s.st.Releases(ctx)
	if err != nil {
		return false, err
	}
	head := s.base.DataVersion
	if n := len(rels); n > 0 {
		head = rels[n-1].Version
	}
	if head == s.Version() {
		return false, nil
	}
	return true, s.loadReleases(rels)
}

// Watch keeps the service on the store's latest release until ctx ends:
// it calls Refresh when the store announces a release (a store.Notifier,
// e.g. PostgreSQL's LISTEN/NOTIFY) and every interval in any case, should
// a notice be lost. Replicas sharing a store thus serve a release applied
// by another without a restart.
func (s *Service) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	var notices <-chan string
	if n, ok := s.st.(store.Notifier); ok {
		notices = n.ReleaseNotices(ctx)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-notices:
			if !ok {
				notices = nil
				continue
			}
			s.Refresh(ctx)
		case <-t.C:
			s.Refresh(ctx)
		}
	}
}

// Registry returns the current release of the registry, including every
// applied change. It is cheap: the registry is built once per release.
func (s *Service) Registry() *quhua.Registry { return s.cur.Load().reg }

// Version returns the current release's version.
func (s *Service) Version() string { return s.cur.Load().version }

// CutBase returns the date the store's base is cut at (see SetBase), or
// "" when it authors on the whole embedded data.
func (s *Service) CutBase() string { return s.truncated }

// Store returns the service's store.
func (s *Service) Store() store.Store { return s.st }

// HashToken returns the stored form of a token secret.
func HashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// Authenticate returns the principal a token secret stands for. A refusal
// is audited. Revoked and expired tokens are refused.
func (s *Service) Authenticate(ctx context.Context, secret string) (Principal, error) {
	if secret == "" {
		s.refuse(ctx, Principal{}, "auth", "", "no token")
		return Principal{}, errorf(Unauthorized, "a token is required (Authorization: Bearer …)")
	}
	t, err := s.st.TokenByHash(ctx, HashToken(secret))
	if errors.Is(err, store.ErrNotFound) {
		s.refuse(ctx, Principal{}, "auth", "", "unknown token")
		return Principal{}, errorf(Unauthorized, "the token is not valid")
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.now().UTC()
	switch {
	case !t.Revoked.IsZero():
		s.refuse(ctx, Principal{}, "auth", fmt.Sprintf("token/%d", t.ID), "revoked token")
		return Principal{}, errorf(Unauthorized, "the token was revoked at %s", t.Revoked.Format(time.RFC3339))
	case !t.Usable(now):
		s.refuse(ctx, Principal{}, "auth", fmt.Sprintf("token/%d", t.ID), "expired token")
		return Principal{}, errorf(Unauthorized, "the token expired at %s", t.Expires.Format(time.RFC3339))
	}
	// Tokens stored before names were normalised hold the raw name.
	user, err := store.NormalizeUser(t.User)
	if err != nil {
		s.refuse(ctx, Principal{}, "auth", fmt.Sprintf("token/%d", t.ID), err.Error())
		return Principal{}, errorf(Unauthorized, "the token's %v", err)
	}
	return Principal{User: user, Role: t.Role}, nil
}

// AuthenticateHeader authenticates the value of an Authorization header,
// which must use the Bearer scheme (RFC 6750): "Bearer TOKEN".
func (s *Service) AuthenticateHeader(ctx context.Context, header string) (Principal, error) {
	if header == "" {
		return s.Authenticate(ctx, "")
	}
	scheme, cred, _ := strings.Cut(strings.TrimSpace(header), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		s.refuse(ctx, Principal{}, "auth", "", "not the Bearer scheme")
		return Principal{}, errorf(Unauthorized, "the Authorization header must use the Bearer scheme: Authorization: Bearer TOKEN")
	}
	cred = strings.TrimSpace(cred)
	if cred == "" {
		s.refuse(ctx, Principal{}, "auth", "", "empty Bearer credential")
		return Principal{}, errorf(Unauthorized, "the Authorization header has no token after Bearer")
	}
	return s.Authenticate(ctx, cred)
}

// nameOf is p's user name, normalised when it can be.
func nameOf(p Principal) string {
	if n, err := store.NormalizeUser(p.User); err == nil {
		return n
	}
	return p.User
}

// sameUser reports whether two user names stand for one person: their
// identities (normalised, then reduced to the UTS #39 confusable
// skeleton; see store.UserIdentity) are equal.
func sameUser(a, b string) bool { return store.SameUser(a, b) }

// refuse audits a refusal: 401 without a user, else 403. Refusals of
// HTTP requests are counted per client and minute (see refusals.go).
func (s *Service) refuse(ctx context.Context, p Principal, action, object, why string) {
	actor, status := nameOf(p), 403
	if actor == "" {
		actor, status = "(anonymous)", 401
	}
	s.Refused(ctx, status, actor, action, object, why)
}

// Require checks that p may act as role, auditing a refusal.
func (s *Service) Require(ctx context.Context, p Principal, role store.Role, action, object string) error {
	if p.User == "" {
		s.refuse(ctx, p, action, object, "not authenticated")
		return errorf(Unauthorized, "%s needs a token", action)
	}
	if _, err := store.NormalizeUser(p.User); err != nil {
		s.refuse(ctx, Principal{}, action, object, err.Error())
		return errorf(Unauthorized, "%v", err)
	}
	if !p.Role.Includes(role) {
		s.refuse(ctx, p, action, object, fmt.Sprintf("role %s, needs %s", p.Role, role))
		return errorf(Forbidden, "%s needs the %s role; %s has %s", action, role, p.User, p.Role)
	}
	return nil
}

// CreateToken makes a token for user with role that does not expire and
// returns its secret (see IssueToken).
func (s *Service) CreateToken(ctx context.Context, p Principal, user string, role store.Role) (string, error) {
	_, secret, err := s.IssueToken(ctx, p, TokenSpec{User: user, Role: role})
	return secret, err
}

// TokenSpec asks for a token.
type TokenSpec struct {
	User string     `json:"user"`
	Role store.Role `json:"role"`
	// Expires is when the token stops working (zero: never); it must be
	// in the future.
	Expires time.Time `json:"expires,omitzero"`
}

// Token is a token as the API lists it; its secret is never shown again.
type Token struct {
	ID      int64      `json:"id"`
	User    string     `json:"user"`
	Role    store.Role `json:"role"`
	Created time.Time  `json:"created"`
	Expires time.Time  `json:"expires,omitzero"`
	Revoked time.Time  `json:"revoked,omitzero"`
	// State is active, expired or revoked.
	State string `json:"state"`
}

func (s *Service) tokenOf(t *store.Token) Token {
	out := Token{ID: t.ID, User: t.User, Role: t.Role, Created: t.Created, Expires: t.Expires, Revoked: t.Revoked, State: "active"}
	if u, err := store.NormalizeUser(t.User); err == nil {
		out.User = u
	}
	switch {
	case !t.Revoked.IsZero():
		out.State = "revoked"
	case !t.Usable(s.now()):
		out.State = "expired"
	}
	return out
}

// IssueToken makes a token and returns it with its secret, which is shown
// once: only its hash is stored. The user name is normalised (see
// store.NormalizeUser). It needs the admin role, except for the first
// token of a store. The creation is audited.
func (s *Service) IssueToken(ctx context.Context, p Principal, spec TokenSpec) (*Token, string, error) {
	if !spec.Role.Valid() {
		return nil, "", errorf(Invalid, "unknown role %q (want viewer, editor, approver or admin)", spec.Role)
	}
	user, err := store.NormalizeUser(spec.User)
	if err != nil {
		return nil, "", errorf(Invalid, "a token needs a user name: %v", err)
	}
	now := s.now().UTC()
	if !spec.Expires.IsZero() && !spec.Expires.After(now) {
		return nil, "", errorf(Invalid, "the expiry %s is not in the future", spec.Expires.UTC().Format(time.RFC3339))
	}
	toks, err := s.st.Tokens(ctx)
	if err != nil {
		return nil, "", err
	}
	if len(toks) > 0 {
		if err := s.Require(ctx, p, store.Admin, "token.create", "user/"+user); err != nil {
			return nil, "", err
		}
	}
	if err := lookAlike(spec.User, user, toks); err != nil {
		return nil, "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, "", err
	}
	secret := "qh_" + base64.RawURLEncoding.EncodeToString(b[:])
	t := &store.Token{User: user, Role: spec.Role, Hash: HashToken(secret), Created: now, Expires: spec.Expires.UTC()}
	if err := s.st.CreateToken(ctx, t); err != nil {
		return nil, "", err
	}
	actor, _ := store.NormalizeUser(p.User)
	if actor == "" {
		actor = user
	}
	detail := string(spec.Role)
	if !t.Expires.IsZero() {
		detail += ", expires " + t.Expires.Format(time.RFC3339)
	}
	if err := s.st.AppendAudit(ctx, store.Audit{At: now, Actor: actor, Action: "token.create", Object: fmt.Sprintf("token/%d", t.ID), Detail: "user " + user + ", " + detail}); err != nil {
		return nil, "", err
	}
	out := s.tokenOf(t)
	return &out, secret, nil
}

// lookAlike refuses a new user name whose identity (its confusable
// skeleton, see store.UserIdentity) is that of an existing user with
// another name: "wang2" and "wanq2" or "rnary" and "mary" cannot both hold
// tokens, since a reader would take one for the other.
func lookAlike(raw, user string, toks []store.Token) error {
	for _, t := range toks {
		other, err := store.NormalizeUser(t.User)
		if err != nil || other == user {
			continue
		}
		if store.LooksLike(raw, other) {
			return errorf(Invalid, "user name %q looks like the existing user %q (the same confusable skeleton, Unicode UTS #39); give a name that cannot be taken for another", raw, other)
		}
	}
	return nil
}

// Tokens lists every token, revoked and expired ones too (admin only); the
// listing is audited.
func (s *Service) Tokens(ctx context.Context, p Principal) ([]Token, error) {
	if err := s.Require(ctx, p, store.Admin, "token.list", "token"); err != nil {
		return nil, err
	}
	ts, err := s.st.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	out := []Token{}
	for i := range ts {
		out = append(out, s.tokenOf(&ts[i]))
	}
	// Who looked at the tokens is on record too.
	if err := s.st.AppendAudit(ctx, store.Audit{At: s.now().UTC(), Actor: nameOf(p), Action: "token.list", Object: "token", Detail: fmt.Sprintf("%d tokens", len(out))}); err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeToken revokes a token at once (admin only); the revocation is
// audited in the same transaction.
func (s *Service) RevokeToken(ctx context.Context, p Principal, id int64) (*Token, error) {
	object := fmt.Sprintf("token/%d", id)
	if err := s.Require(ctx, p, store.Admin, "token.revoke", object); err != nil {
		return nil, err
	}
	actor, _ := store.NormalizeUser(p.User)
	err := s.st.RevokeToken(ctx, id, store.Audit{At: s.now().UTC(), Actor: actor, Action: "token.revoke"})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, errorf(NotFound, "there is no token %d", id)
	case errors.Is(err, store.ErrConflict):
		return nil, errorf(Conflict, "%v", err)
	case err != nil:
		return nil, err
	}
	ts, err := s.st.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ts {
		if ts[i].ID == id {
			t := s.tokenOf(&ts[i])
			return &t, nil
		}
	}
	return nil, errorf(NotFound, "there is no token %d", id)
}

// VerifyAudit checks the audit log's hash chain (admin only): see
// store.VerifyAudit.
func (s *Service) VerifyAudit(ctx context.Context, p Principal) (*store.AuditReport, error) {
	if err := s.Require(ctx, p, store.Admin, "audit.verify", "audit"); err != nil {
		return nil, err
	}
	return s.st.VerifyAudit(ctx)
}

// Draft stores a new change set in state draft. A draft may break rules;
// Validate says which.
func (s *Service) Draft(ctx context.Context, p Principal, cs *changeset.ChangeSet) (*Change, error) {
	if err := s.Require(ctx, p, store.Editor, "change.new", "change"); err != nil {
		return nil, err
	}
	if _, vs := changeset.Codes(cs); hasShape(vs) {
		return nil, &Error{Kind: Invalid, Msg: "the change set is malformed", Violations: vs}
	}
	author, _ := store.NormalizeUser(p.User)
	sc := &store.Change{Title: cs.Title, Author: author, State: store.Draft, Base: s.Version(), Body: cs.JSON(), Created: s.now().UTC()}
	if err := s.st.CreateChange(ctx, sc, store.Audit{At: s.now().UTC(), Actor: nameOf(p), Action: "change.new", To: store.Draft}); err != nil {
		return nil, err
	}
	return changeOf(sc)
}

// hasShape reports whether vs has malformed-field violations (as opposed
// to broken rules that a draft may still have).
func hasShape(vs changeset.Violations) bool {
	for _, v := range vs {
		if v.Rule == changeset.RuleShape || v.Rule == changeset.RuleCode || v.Rule == changeset.RuleDate {
			return true
		}
	}
	return false
}

// Update replaces the change set of a draft; revision must be the one the
// caller read.
func (s *Service) Update(ctx context.Context, p Principal, id, revision int64, cs *changeset.ChangeSet) (*Change, error) {
	c, err := s.load(ctx, p, store.Editor, "change.update", id)
	if err != nil {
		return nil, err
	}
	if !sameUser(c.Author, p.User) {
		s.refuse(ctx, p, "change.update", obj(id), "not the author")
		return nil, errorf(Forbidden, "only the author (%s) may edit change %d", c.Author, id)
	}
	if c.State != store.Draft {
		return nil, errorf(Conflict, "change %d is %s; only drafts can be edited", id, c.State)
	}
	if revision != 0 && revision != c.Revision {
		return nil, errorf(Conflict, "change %d is at revision %d, not %d: it was modified meanwhile", id, c.Revision, revision)
	}
	if _, vs := changeset.Codes(cs); hasShape(vs) {
		return nil, &Error{Kind: Invalid, Msg: "the change set is malformed", Violations: vs}
	}
	c.Title, c.Body, c.Base = cs.Title, cs.JSON(), s.Version()
	if err := s.st.UpdateChange(ctx, c, store.Audit{At: s.now().UTC(), Actor: nameOf(p), Action: "change.update", From: store.Draft, To: store.Draft}, nil); err != nil {
		return nil, err
	}
	return changeOf(c)
}

func obj(id int64) string { return "change/" + strconv.FormatInt(id, 10) }

func (s *Service) load(ctx context.Context, p Principal, role store.Role, action string, id int64) (*store.Change, error) {
	if err := s.Require(ctx, p, role, action, obj(id)); err != nil {
		return nil, err
	}
	c, err := s.st.Change(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errorf(NotFound, "there is no change %d", id)
	}
	return c, err
}

// Get returns one change.
func (s *Service) Get(ctx context.Context, p Principal, id int64) (*Change, error) {
	c, err := s.load(ctx, p, store.Viewer, "change.show", id)
	if err != nil {
		return nil, err
	}
	return changeOf(c)
}

// List returns the changes in a state ("" for all).
func (s *Service) List(ctx context.Context, p Principal, state string) ([]Change, error) {
	if err := s.Require(ctx, p, store.Viewer, "change.list", "change"); err != nil {
		return nil, err
	}
	if state != "" && !slices.Contains(States, state) {
		return nil, errorf(Invalid, "unknown state %q (want %s)", state, strings.Join(States, ", "))
	}
	cs, err := s.st.Changes(ctx, state)
	if err != nil {
		return nil, err
	}
	out := []Change{}
	for i := range cs {
		c, err := changeOf(&cs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, nil
}

// States lists the workflow states.
var States = []string{store.Draft, store.Submitted, store.Approved, store.Applied, store.Rejected, store.Withdrawn}

// Validate checks a stored change against the current release (a dry
// run); it changes nothing.
func (s *Service) Validate(ctx context.Context, p Principal, id int64) (*changeset.Report, error) {
	c, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.Refresh(ctx); err != nil {
		return nil, err
	}
	return s.check(c), nil
}

// ValidateSet checks a change set that is not stored.
func (s *Service) ValidateSet(ctx context.Context, p Principal, cs *changeset.ChangeSet) (*changeset.Report, error) {
	if err := s.Require(ctx, p, store.Viewer, "change.validate", "change"); err != nil {
		return nil, err
	}
	return changeset.Validate(s.Registry(), cs), nil
}

// check validates c against the current release and adds the stale rule:
// a change drafted on an older release conflicts with the changes applied
// since if they touched the same codes.
func (s *Service) check(c *Change) *changeset.Report {
	cur := s.cur.Load()
	rep := changeset.Validate(cur.reg, c.Set)
	if c.Base != cur.version && c.State != store.Applied {
		mine, _ := changeset.Codes(c.Set)
		since, ok := cur.ends[c.Base]
		if !ok {
			rep.Violations = append(rep.Violations, changeset.NewViolation(changeset.RuleStale, "", "stale-base", "base", c.Base, "current", cur.version))
			rep.Valid = false
		}
		for i := since; ok && i < len(cur.applied); i++ {
			for _, code := range cur.touched[i] {
				if _, hit := slices.BinarySearch(mine, code); hit {
					rep.Violations = append(rep.Violations, changeset.NewViolation(changeset.RuleStale, "", "stale-touched",
						"change", strconv.FormatInt(cur.applied[i].ID, 10), "base", c.Base, "code", code.String(), "current", cur.version))
					rep.Valid = false
					break
				}
			}
		}
	}
	return rep
}

func (s *Service) transition(ctx context.Context, p Principal, id int64, role store.Role, action string, from []string, to string, f func(c *store.Change) error) (*Change, error) {
	c, err := s.load(ctx, p, role, action, id)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(from, c.State) {
		return nil, errorf(Conflict, "change %d is %s; %s needs it %s", id, c.State, action, strings.Join(from, " or "))
	}
	if f != nil {
		if err := f(c); err != nil {
			return nil, err
		}
	}
	prev := c.State
	c.State = to
	body, _ := json.Marshal(map[string]any{"id": c.ID, "title": c.Title, "state": to, "from": prev, "actor": nameOf(p)})
	ev := &store.FeedEvent{At: s.now().UTC(), Type: "change." + to, Change: c.ID, Body: body}
	if err := s.st.UpdateChange(ctx, c, store.Audit{At: s.now().UTC(), Actor: nameOf(p), Action: action, From: prev, To: to}, ev); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil, errorf(Conflict, "change %d was modified meanwhile; read it again", id)
		}
		return nil, err
	}
	s.wake()
	return changeOf(c)
}

func (s *Service) mustBeValid(ctx context.Context, c *store.Change) error {
	// Another replica may have applied changes meanwhile.
	if _, err := s.Refresh(ctx); err != nil {
		return err
	}
	ch, err := changeOf(c)
	if err != nil {
		return err
	}
	rep := s.check(ch)
	if !rep.Valid {
		kind := Invalid
		for _, v := range rep.Violations {
			if v.Rule == changeset.RuleStale {
				kind = Conflict
			}
		}
		return &Error{Kind: kind, Msg: fmt.Sprintf("change %d does not pass validation against release %s", c.ID, rep.Base), Violations: rep.Violations}
	}
	return nil
}

// Submit asks for approval of a draft; it must pass validation.
func (s *Service) Submit(ctx context.Context, p Principal, id int64) (*Change, error) {
	return s.transition(ctx, p, id, store.Editor, "change.submit", []string{store.Draft}, store.Submitted, func(c *store.Change) error {
		if !sameUser(c.Author, p.User) && p.Role != store.Admin {
			s.refuse(ctx, p, "change.submit", obj(id), "not the author")
			return errorf(Forbidden, "only the author (%s) may submit change %d", c.Author, id)
		}
		return s.mustBeValid(ctx, c)
	})
}

// Approve approves a submitted change. The approver is never its author.
func (s *Service) Approve(ctx context.Context, p Principal, id int64) (*Change, error) {
	return s.transition(ctx, p, id, store.Approver, "change.approve", []string{store.Submitted}, store.Approved, func(c *store.Change) error {
		if sameUser(c.Author, p.User) {
			s.refuse(ctx, p, "change.approve", obj(id), "author approving own change")
			return errorf(Forbidden, "%s drafted change %d and cannot approve it: the approver of a change is not its author", p.User, id)
		}
		c.Approver, _ = store.NormalizeUser(p.User)
		return s.mustBeValid(ctx, c)
	})
}

// Reject sends a submitted change back, with a reason.
func (s *Service) Reject(ctx context.Context, p Principal, id int64, reason string) (*Change, error) {
	return s.transition(ctx, p, id, store.Approver, "change.reject", []string{store.Submitted, store.Approved}, store.Rejected, func(c *store.Change) error {
		if sameUser(c.Author, p.User) {
			s.refuse(ctx, p, "change.reject", obj(id), "author rejecting own change")
			return errorf(Forbidden, "%s drafted change %d: withdraw it instead of rejecting it", p.User, id)
		}
		return nil
	})
}

// Withdraw takes back a change that is not applied.
func (s *Service) Withdraw(ctx context.Context, p Principal, id int64) (*Change, error) {
	return s.transition(ctx, p, id, store.Editor, "change.withdraw", []string{store.Draft, store.Submitted, store.Approved}, store.Withdrawn, func(c *store.Change) error {
		if !sameUser(c.Author, p.User) && p.Role != store.Admin {
			s.refuse(ctx, p, "change.withdraw", obj(id), "not the author")
			return errorf(Forbidden, "only the author (%s) or an admin may withdraw change %d", c.Author, id)
		}
		return nil
	})
}

// Apply applies approved changes, in the order given, as one new release.
//
// A change drafted on an older release of the store is rebased: it is
// validated again against the current release, and refused as a conflict
// if it no longer passes or if a change applied since touched the same
// codes. A store whose base is the registry cut at a date (SetBase) holds
// none of the events after that date; applying there would make a release
// that hides them, so it is refused as a conflict naming the base and the
// registry's head, unless the service replays history on purpose
// (WithReplay, WithBase).
func (s *Service) Apply(ctx context.Context, p Principal, ids ...int64) (*Release, error) {
	if err := s.Require(ctx, p, store.Approver, "release.apply", "release"); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errorf(Invalid, "name the approved changes to apply")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Another process may have applied changes: start from the store.
	if _, err := s.refreshLocked(ctx); err != nil {
		return nil, err
	}
	cur := s.cur.Load()
	var changes []store.Change
	applied := slices.Clone(cur.applied)
	reg := cur.reg
	for _, id := range ids {
		c, ch, err := s.approved(ctx, id)
		if err != nil {
			return nil, err
		}
		rep := s.check(ch)
		if reg != cur.reg {
			rep = changeset.Validate(reg, ch.Set)
		}
		if !rep.Valid {
			return nil, &Error{Kind: Conflict, Msg: fmt.Sprintf("change %d no longer applies to release %s", id, rep.Base), Violations: rep.Violations}
		}
		applied = append(applied, changeset.Applied{ID: id, Set: ch.Set})
		reg = rep.Next()
		changes = append(changes, *c)
	}
	version := nextVersion(s.base.DataVersion, cur.version)
	next, err := changeset.Build(s.base, version, applied)
	if err != nil {
		return nil, &Error{Kind: Conflict, Msg: "building release " + version, Violations: asViolations(err)}
	}
	parent := cur.version
	if parent == s.base.DataVersion {
		parent = ""
	}
	body, _ := json.Marshal(releaseBody(cur.reg, next, version, cur.version, applied[len(cur.applied):]))
	rel, err := s.st.Apply(ctx, store.ApplyRequest{Parent: parent, Version: version, Actor: nameOf(p), At: s.now().UTC(), Changes: changes, Hook: s.hook,
		Feed: []store.FeedEvent{{At: s.now().UTC(), Type: "release.applied", Release: version, Body: body}}})
	if err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil, &Error{Kind: Conflict, Msg: err.Error()}
		}
		return nil, err
	}
	s.install(cur, version, next, applied)
	return releaseOf(rel), nil
}

// approved loads change id for Apply: it must exist, be approved, and the
// store must not be cut at a date unless the service replays history.
func (s *Service) approved(ctx context.Context, id int64) (*store.Change, *Change, error) {
	c, err := s.st.Change(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errorf(NotFound, "there is no change %d", id)
	} else if err != nil {
		return nil, nil, err
	}
	if c.State != store.Approved {
		return nil, nil, errorf(Conflict, "change %d is %s; only approved changes can be applied", id, c.State)
	}
	if s.truncated != "" && !s.replay {
		// The store's base is the registry cut at a date: a release on it
		// would hide every later event.
		head := quhua.Default().Version()
		return nil, nil, errorf(Conflict, "change %d was drafted on %s, a base cut at %s, but the registry's head is %s: applying it would drop every event after %s from the registry. "+
			"Replay history in a scratch store named with --db (e.g. --db /tmp/scratch.db --base %s), or draft the change in a store on the current registry",
			id, c.Base, s.truncated, head, s.truncated, s.truncated)
	}
	ch, err := changeOf(c)
	if err != nil {
		return nil, nil, err
	}
	return c, ch, nil
}

// install makes the release version, built as next from applied on top of
// cur, the current one, and wakes the feed's readers.
func (s *Service) install(cur *current, version string, next *quhua.Registry, applied []changeset.Applied) {
	nc := &current{version: version, reg: next, applied: applied, touched: slices.Clone(cur.touched), ends: map[string]int{}}
	for k, v := range cur.ends {
		nc.ends[k] = v
	}
	for _, a := range applied[len(cur.applied):] {
		touched, _ := changeset.Codes(a.Set)
		nc.touched = append(nc.touched, touched)
	}
	nc.ends[version] = len(applied)
	s.cur.Store(nc)
	s.wake()
}

func asViolations(err error) changeset.Violations {
	var vs changeset.Violations
	if errors.As(err, &vs) {
		return vs
	}
	return changeset.Violations{changeset.NewViolation(changeset.RuleOverlap, "", "build-failed", "detail", err.Error())}
}

// nextVersion returns the version after cur: base+1, base+2, …
func nextVersion(base, cur string) string {
	n := 0
	if rest, ok := strings.CutPrefix(cur, base+"+"); ok {
		n, _ = strconv.Atoi(rest)
	}
	return fmt.Sprintf("%s+%d", base, n+1)
}

func releaseOf(r *store.Release) *Release {
	out := &Release{Version: r.Version, Parent: r.Parent, Actor: r.Actor, Created: r.Created, Changes: []int64{}}
	for _, c := range r.Changes {
		out.Changes = append(out.Changes, c.ChangeID)
	}
	return out
}

// Releases lists the releases, oldest first.
func (s *Service) Releases(ctx context.Context, p Principal) ([]Release, error) {
	if err := s.Require(ctx, p, store.Viewer, "release.list", "release"); err != nil {
		return nil, err
	}
	rs, err := s.st.Releases(ctx)
	if err != nil {
		return nil, err
	}
	out := []Release{}
	for i := range rs {
		out = append(out, *releaseOf(&rs[i]))
	}
	return out, nil
}

// Export is a release with its change sets, as exported.
type Export struct {
	Release
	Base    string       `json:"base"`
	Changes []ExportItem `json:"change_sets"`
}

// ExportItem is one change set of an exported release.
type ExportItem struct {
	ID  int64                `json:"id"`
	Set *changeset.ChangeSet `json:"change_set"`
}

// Export returns a release with its change sets and the registry as of
// that release.
func (s *Service) Export(ctx context.Context, p Principal, version string) (*Export, *quhua.Registry, error) {
	if err := s.Require(ctx, p, store.Viewer, "release.export", "release/"+version); err != nil {
		return nil, nil, err
	}
	rs, err := s.st.Releases(ctx)
	if err != nil {
		return nil, nil, err
	}
	var applied []changeset.Applied
	for i := range rs {
		var items []ExportItem
		for _, ac := range rs[i].Changes {
			cs, err := changeset.Parse(ac.Body)
			if err != nil {
				return nil, nil, err
			}
			applied = append(applied, changeset.Applied{ID: ac.ChangeID, Set: cs})
			items = append(items, ExportItem{ID: ac.ChangeID, Set: cs})
		}
		if rs[i].Version == version {
			reg, err := changeset.Build(s.base, version, applied)
			if err != nil {
				return nil, nil, err
			}
			return &Export{Release: *releaseOf(&rs[i]), Base: s.base.DataVersion, Changes: items}, reg, nil
		}
	}
	return nil, nil, errorf(NotFound, "there is no release %q", version)
}

// AuditLog returns audit entries after seq since (admin only).
func (s *Service) AuditLog(ctx context.Context, p Principal, since int64, limit int) ([]store.Audit, error) {
	if err := s.Require(ctx, p, store.Admin, "audit.list", "audit"); err != nil {
		return nil, err
	}
	return s.st.AuditLog(ctx, since, limit)
}
