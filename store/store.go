// Package store keeps what the change workflow needs to remember: API
// tokens (hashed), change sets and their states, the releases that applied
// them, an append-only, hash-chained audit log (see AuditHash and
// VerifyAudit), the event feed and webhook deliveries.
//
// One interface, Store, has two implementations that share this package's
// SQL: store/sqlite (the default, a single file) and store/postgres. The
// conformance suite in store/storetest runs against both.
//
// Every write that must be all-or-nothing is one database transaction:
// applying changes as a release (release row, change states, audit entries,
// feed events and queued webhook deliveries) either commits whole or leaves
// the store as it was.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Errors the store returns; callers test them with errors.Is.
var (
	// ErrNotFound: no such token, change, release or webhook.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the row changed since it was read (another writer won),
	// or the release head moved.
	ErrConflict = errors.New("conflict")
)

// Role is what a token may do. Roles are ordered: each includes the ones
// before it.
type Role string

// The roles, weakest first.
const (
	Viewer   Role = "viewer"
	Editor   Role = "editor"
	Approver Role = "approver"
	Admin    Role = "admin"
)

var roleRank = map[Role]int{Viewer: 1, Editor: 2, Approver: 3, Admin: 4}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// Includes reports whether a holder of r may act as need.
func (r Role) Includes(need Role) bool { return roleRank[r] >= roleRank[need] && roleRank[need] > 0 }

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("unknown role %q (want viewer, editor, approver or admin)", s)
	}
	return r, nil
}

// Token is an API token. Only the SHA-256 hash of the secret is stored.
type Token struct {
	ID      int64
	User    string // normalised (see change.NormalizeUser)
	Role    Role
	Hash    string // hex SHA-256 of the secret
	Created time.Time
	// Expires is when the token stops working (zero: never).
	Expires time.Time
	// Revoked is when the token was revoked (zero: it was not).
	Revoked time.Time
}

// Usable reports whether the token may be used at now: not revoked and
// not expired.
func (t *Token) Usable(now time.Time) bool {
	return t.Revoked.IsZero() && (t.Expires.IsZero() || now.Before(t.Expires))
}

// Change states.
const (
	Draft     = "draft"
	Submitted = "submitted"
	Approved  = "approved"
	Applied   = "applied"
	Rejected  = "rejected"
	Withdrawn = "withdrawn"
)

// Change is a change set in the workflow. Body is the change set as JSON;
// the store does not interpret it.
type Change struct {
	ID       int64
	Title    string
	Author   string
	Approver string
	State    string
	// Base is the release version the change was drafted (or last
	// validated) on.
	Base string
	// Release is the version of the release that applied it.
	Release string
	Body    []byte
	// Revision counts updates; an update must name the revision it read.
	Revision int64
	Created  time.Time
	Updated  time.Time
}

// Release is a registry version made by applying changes on top of the
// embedded data (or on its parent release).
type Release struct {
	Seq     int64
	Version string
	Parent  string // "" for the first release
	Actor   string
	Created time.Time
	// Changes are the applied change sets, in the order they were applied.
	Changes []AppliedChange
}

// AppliedChange is one change set as it was applied in a release.
type AppliedChange struct {
	ChangeID int64
	Body     []byte
}

// Audit is one entry of the append-only audit log.
type Audit struct {
	Seq    int64
	At     time.Time
	Actor  string
	Action string // e.g. "change.approve", "auth.refused"
	Object string // e.g. "change/12"
	From   string // state before, if any
	To     string // state after, if any
	Detail string
	// PrevHash is the hash of the entry before; Hash is AuditHash of
	// this entry and PrevHash. The store sets both (and Seq) on append.
	PrevHash string
	Hash     string
}

// FeedEvent is one entry of the event feed that subscribers follow.
type FeedEvent struct {
	Seq     int64
	At      time.Time
	Type    string // e.g. "release.applied", "change.submitted"
	Release string
	Change  int64
	Body    []byte // JSON
}

// Webhook is a subscriber URL; deliveries are signed with Secret.
type Webhook struct {
	ID      int64
	URL     string
	Secret  string
	Actor   string
	Created time.Time
}

// Delivery is one feed event queued for one webhook.
type Delivery struct {
	ID        int64
	Webhook   Webhook
	Event     FeedEvent
	Attempts  int
	NextAt    time.Time
	Delivered bool
	LastError string
}

// ApplyRequest asks for changes to be applied as one new release.
type ApplyRequest struct {
	// Parent is the version the release is built on: it must be the
	// current head ("" when there is no release yet), else ErrConflict.
	Parent  string
	Version string
	Actor   string
	At      time.Time
	// Changes must be in state approved with the given revisions.
	Changes []Change
	// Feed events to publish with the release (their Seq is assigned).
	Feed []FeedEvent
	// Hook, if set, is called at named points inside the transaction; a
	// test uses it to kill the process in the middle of an apply.
	Hook func(point string)
}

// Notifier is implemented by stores that tell of releases applied by other
// processes as they commit (store/postgres, through LISTEN/NOTIFY).
type Notifier interface {
	// ReleaseNotices sends the version of each release applied by any
	// process until ctx ends. A notice may be lost (e.g. while the
	// connection is re-established): listeners poll as well.
	ReleaseNotices(ctx context.Context) <-chan string
}

// Store is what the change workflow persists. Implementations are safe for
// concurrent use.
type Store interface {
	// CreateToken stores a token (by hash) and sets its ID.
	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash returns the token with the given hash, or ErrNotFound.
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	// Tokens lists every token (without secrets, which are not stored),
	// revoked and expired ones too.
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken marks a token revoked at a.At and appends the audit
	// entry, in one transaction: ErrNotFound if there is no such token,
	// ErrConflict if it is revoked already.
	RevokeToken(ctx context.Context, id int64, a Audit) error

	// CreateChange stores a new change, sets its ID and Revision (1) and
	// appends the audit entry (its Object is filled in).
	CreateChange(ctx context.Context, c *Change, a Audit) error
	// Change returns one change, or ErrNotFound.
	Change(ctx context.Context, id int64) (*Change, error)
	// Changes lists the changes in the given state ("" for all), by ID.
	Changes(ctx context.Context, state string) ([]Change, error)
	// UpdateChange writes c if its Revision is still the stored one
	// (else ErrConflict), increments the revision, and in the same
	// transaction appends the audit entry and, if ev is not nil, the feed
	// event.
	UpdateChange(ctx context.Context, c *Change, a Audit, ev *FeedEvent) error

	// Apply records a release: in one transaction it checks the head,
	// inserts the release, marks the changes applied, appends the audit
	// entries and feed events and queues webhook deliveries.
	Apply(ctx context.Context, req ApplyRequest) (*Release, error)
	// Releases lists every release with its changes, oldest first.
	Releases(ctx context.Context) ([]Release, error)

	// AppendAudit appends an entry to the audit log.
	AppendAudit(ctx context.Context, a Audit) error
	// AuditLog returns up to limit entries with Seq > since.
	AuditLog(ctx context.Context, since int64, limit int) ([]Audit, error)
	// VerifyAudit checks the audit log's hash chain and its head, and
	// reports every entry found rewritten, deleted or inserted.
	VerifyAudit(ctx context.Context) (*AuditReport, error)

	// Feed returns up to limit feed events with Seq > since, in order.
	Feed(ctx context.Context, since int64, limit int) ([]FeedEvent, error)
	// PublishFeed appends a feed event outside a release (and queues its
	// deliveries).
	PublishFeed(ctx context.Context, ev *FeedEvent) error

	// CreateWebhook stores a subscriber; it receives events published
	// after it was created.
	CreateWebhook(ctx context.Context, w *Webhook) error
	// Webhooks lists the subscribers.
	Webhooks(ctx context.Context) ([]Webhook, error)
	// DeleteWebhook removes a subscriber and its pending deliveries.
	DeleteWebhook(ctx context.Context, id int64) error
	// DueDeliveries returns undelivered deliveries whose NextAt is not
	// after now, oldest event first, at most one per webhook (so that each
	// receiver gets its events in order).
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	// ClaimDelivery takes a due delivery for one attempt: it moves its
	// NextAt from seen (as DueDeliveries returned it) to until, and reports
	// false if another process claimed it first. Replicas sharing a store
	// thus never send one delivery twice at once; a claim that is not
	// followed by RecordAttempt (the process died) lapses at until.
	ClaimDelivery(ctx context.Context, id int64, seen, until time.Time) (bool, error)
	// RecordAttempt records the outcome of one delivery attempt.
	RecordAttempt(ctx context.Context, id int64, delivered bool, next time.Time, lastError string) error

	// Meta returns a setting ("" if unset); SetMeta sets it if it is unset
	// or equal, else returns ErrConflict with the value it has.
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error

	// Close releases the database.
	Close() error
}
