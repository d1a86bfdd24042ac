package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Dialect is what differs between the SQL databases behind SQL.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// Numbered: placeholders are $1, $2 … instead of ?.
	Numbered bool
	// Lock, if not empty, runs first in every writing transaction to
	// serialise writers (SQLite serialises them by itself).
	Lock string
	// Notify, if not empty, runs in the transaction that applies a
	// release, with the version as its argument, to tell other processes
	// (PostgreSQL: pg_notify, delivered on commit).
	Notify string
}

// SQL implements Store over database/sql. The sqlite and postgres packages
// open the database, apply their migrations and wrap it.
type SQL struct {
	db *sql.DB
	d  Dialect
}

// NewSQL returns a Store over db, whose schema must be migrated.
func NewSQL(db *sql.DB, d Dialect) *SQL { return &SQL{db: db, d: d} }

// DB returns the underlying database.
func (s *SQL) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *SQL) Close() error { return s.db.Close() }

// q rewrites ? placeholders for the dialect.
func (s *SQL) q(query string) string {
	if !s.d.Numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx runs f in a writing transaction.
func (s *SQL) tx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.d.Lock != "" {
		if _, err := tx.ExecContext(ctx, s.d.Lock); err != nil {
			return err
		}
	}
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func ns(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNS(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func (s *SQL) insertID(ctx context.Context, q querier, query string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, s.q(query+" RETURNING id"), args...).Scan(&id)
	return id, err
}

// CreateToken implements Store.
func (s *SQL) CreateToken(ctx context.Context, t *Token) error {
	if !t.Role.Valid() {
		return fmt.Errorf("token for %q: unknown role %q", t.User, t.Role)
	}
	user, err := NormalizeUser(t.User)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	t.User = user
	if t.Created.IsZero() {
		t.Created = time.Now().UTC()
	}
	id, err := s.insertID(ctx, s.db, `INSERT INTO tokens (user_name, role, hash, created, expires, revoked) VALUES (?, ?, ?, ?, ?, ?)`,
		t.User, string(t.Role), t.Hash, ns(t.Created), ns(t.Expires), ns(t.Revoked))
	t.ID = id
	return err
}

const tokenCols = `id, user_name, role, hash, created, expires, revoked`

func scanToken(sc interface{ Scan(...any) error }) (*Token, error) {
	var t Token
	var role string
	var created, expires, revoked int64
	if err := sc.Scan(&t.ID, &t.User, &role, &t.Hash, &created, &expires, &revoked); err != nil {
		return nil, err
	}
	t.Role, t.Created, t.Expires, t.Revoked = Role(role), fromNS(created), fromNS(expires), fromNS(revoked)
	return &t, nil
}

// TokenByHash implements Store.
func (s *SQL) TokenByHash(ctx context.Context, hash string) (*Token, error) {
	t, err := scanToken(s.db.QueryRowContext(ctx, s.q(`SELECT `+tokenCols+` FROM tokens WHERE hash = ?`), hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return t, err
}

// Tokens implements Store.
func (s *SQL) Tokens(ctx context.Context) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+tokenCols+` FROM tokens ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// RevokeToken implements Store.
func (s *SQL) RevokeToken(ctx context.Context, id int64, a Audit) error {
	if a.At.IsZero() {
		a.At = nowUTC()
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var revoked int64
		err := tx.QueryRowContext(ctx, s.q(`SELECT revoked FROM tokens WHERE id = ?`), id).Scan(&revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("token %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if revoked != 0 {
			return fmt.Errorf("token %d was revoked at %s: %w", id, fromNS(revoked).Format(time.RFC3339), ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE tokens SET revoked = ? WHERE id = ?`), ns(a.At), id); err != nil {
			return err
		}
		a.Object = fmt.Sprintf("token/%d", id)
		return s.audit(ctx, tx, a)
	})
}

const changeCols = `id, title, author, approver, state, base, release_version, body, revision, created, updated`

func scanChange(sc interface{ Scan(...any) error }) (*Change, error) {
	var c Change
	var created, updated int64
	var body string
	if err := sc.Scan(&c.ID, &c.Title, &c.Author, &c.Approver, &c.State, &c.Base, &c.Release, &body, &c.Revision, &created, &updated); err != nil {
		return nil, err
	}
	c.Body, c.Created, c.Updated = []byte(body), fromNS(created), fromNS(updated)
	return &c, nil
}

// CreateChange implements Store.
func (s *SQL) CreateChange(ctx context.Context, c *Change, a Audit) error {
	now := time.Now().UTC()
	if c.Created.IsZero() {
		c.Created = now
	}
	c.Updated, c.Revision = c.Created, 1
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, `INSERT INTO changes (title, author, approver, state, base, release_version, body, revision, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Title, c.Author, c.Approver, c.State, c.Base, c.Release, string(c.Body), c.Revision, ns(c.Created), ns(c.Updated))
		if err != nil {
			return err
		}
		c.ID = id
		a.Object = fmt.Sprintf("change/%d", id)
		return s.audit(ctx, tx, a)
	})
}

// Change implements Store.
func (s *SQL) Change(ctx context.Context, id int64) (*Change, error) {
	c, err := scanChange(s.db.QueryRowContext(ctx, s.q(`SELECT `+changeCols+` FROM changes WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("change %d: %w", id, ErrNotFound)
	}
	return c, err
}

// Changes implements Store.
func (s *SQL) Changes(ctx context.Context, state string) ([]Change, error) {
	query, args := `SELECT `+changeCols+` FROM changes ORDER BY id`, []any{}
	if state != "" {
		query, args = `SELECT `+changeCols+` FROM changes WHERE state = ? ORDER BY id`, []any{state}
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		c, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

func (s *SQL) updateChange(ctx context.Context, tx *sql.Tx, c *Change) error {
	c.Updated = time.Now().UTC()
	res, err := tx.ExecContext(ctx, s.q(`UPDATE changes SET title = ?, approver = ?, state = ?, base = ?, release_version = ?, body = ?, revision = revision + 1, updated = ? WHERE id = ? AND revision = ?`),
		c.Title, c.Approver, c.State, c.Base, c.Release, string(c.Body), ns(c.Updated), c.ID, c.Revision)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("change %d was modified since revision %d: %w", c.ID, c.Revision, ErrConflict)
	}
	c.Revision++
	return nil
}

// UpdateChange implements Store.
func (s *SQL) UpdateChange(ctx context.Context, c *Change, a Audit, ev *FeedEvent) error {
	saved := *c
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.updateChange(ctx, tx, c); err != nil {
			return err
		}
		a.Object = fmt.Sprintf("change/%d", c.ID)
		if err := s.audit(ctx, tx, a); err != nil {
			return err
		}
		if ev != nil {
			return s.publish(ctx, tx, ev)
		}
		return nil
	})
	if err != nil {
		*c = saved
	}
	return err
}

// publish appends a feed event and queues it for every webhook.
func (s *SQL) publish(ctx context.Context, tx *sql.Tx, ev *FeedEvent) error {
	if ev.At.IsZero() {
		ev.At = time.Now().UTC()
	}
	var seq int64
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO feed (at, type, release_version, change_id, body) VALUES (?, ?, ?, ?, ?) RETURNING seq`),
		ns(ev.At), ev.Type, ev.Release, ev.Change, string(ev.Body)).Scan(&seq)
	if err != nil {
		return err
	}
	ev.Seq = seq
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO deliveries (webhook_id, feed_seq, attempts, next_at, delivered, last_error) SELECT id, CAST(? AS BIGINT), 0, CAST(? AS BIGINT), 0, '' FROM webhooks`),
		seq, ns(ev.At))
	return err
}

// PublishFeed implements Store.
func (s *SQL) PublishFeed(ctx context.Context, ev *FeedEvent) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.publish(ctx, tx, ev) })
}

func (s *SQL) head(ctx context.Context, q querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT version FROM releases ORDER BY seq DESC LIMIT 1`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// Apply implements Store.
func (s *SQL) Apply(ctx context.Context, req ApplyRequest) (*Release, error) {
	hook := req.Hook
	if hook == nil {
		hook = func(string) {}
	}
	if req.At.IsZero() {
		req.At = time.Now().UTC()
	}
	rel := &Release{Version: req.Version, Parent: req.Parent, Actor: req.Actor, Created: req.At}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		head, err := s.head(ctx, tx)
		if err != nil {
			return err
		}
		if head != req.Parent {
			return fmt.Errorf("release %s is built on %q but the current release is %q: %w", req.Version, req.Parent, head, ErrConflict)
		}
		err = tx.QueryRowContext(ctx, s.q(`INSERT INTO releases (version, parent, actor, created) VALUES (?, ?, ?, ?) RETURNING seq`),
			req.Version, req.Parent, req.Actor, ns(req.At)).Scan(&rel.Seq)
		if err != nil {
			return err
		}
		hook("release-inserted")
		for i := range req.Changes {
			c := req.Changes[i]
			if c.State != Approved {
				return fmt.Errorf("change %d is %s, not approved: %w", c.ID, c.State, ErrConflict)
			}
			c.State, c.Release = Applied, req.Version
			if err := s.updateChange(ctx, tx, &c); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO release_changes (release_seq, position, change_id, body) VALUES (?, ?, ?, ?)`),
				rel.Seq, i, c.ID, string(c.Body)); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, Audit{At: req.At, Actor: req.Actor, Action: "change.apply", Object: fmt.Sprintf("change/%d", c.ID), From: Approved, To: Applied, Detail: "release " + req.Version}); err != nil {
				return err
			}
			rel.Changes = append(rel.Changes, AppliedChange{ChangeID: c.ID, Body: c.Body})
			hook("change-applied")
		}
		for i := range req.Feed {
			if err := s.publish(ctx, tx, &req.Feed[i]); err != nil {
				return err
			}
		}
		if s.d.Notify != "" {
			if _, err := tx.ExecContext(ctx, s.q(s.d.Notify), req.Version); err != nil {
				return err
			}
		}
		hook("before-commit")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rel, nil
}

// Releases implements Store.
func (s *SQL) Releases(ctx context.Context) ([]Release, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, version, parent, actor, created FROM releases ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	var out []Release
	idx := map[int64]int{}
	for rows.Next() {
		var r Release
		var created int64
		if err := rows.Scan(&r.Seq, &r.Version, &r.Parent, &r.Actor, &created); err != nil {
			rows.Close()
			return nil, err
		}
		r.Created = fromNS(created)
		idx[r.Seq] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// A release applied since the first query is left out: its rows
	// commit with it, after the last release read.
	var last int64
	if n := len(out); n > 0 {
		last = out[n-1].Seq
	}
	rows, err = s.db.QueryContext(ctx, s.q(`SELECT release_seq, change_id, body FROM release_changes WHERE release_seq <= ? ORDER BY release_seq, position`), last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq, id int64
		var body string
		if err := rows.Scan(&seq, &id, &body); err != nil {
			return nil, err
		}
		i, ok := idx[seq]
		if !ok {
			return nil, fmt.Errorf("release_changes refers to missing release %d", seq)
		}
		out[i].Changes = append(out[i].Changes, AppliedChange{ChangeID: id, Body: []byte(body)})
	}
	return out, rows.Err()
}

// AppendAudit implements Store.
func (s *SQL) AppendAudit(ctx context.Context, a Audit) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, a) })
}

// AuditLog implements Store.
func (s *SQL) AuditLog(ctx context.Context, since int64, limit int) ([]Audit, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT seq, at, actor, action, object, from_state, to_state, detail, prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`), since, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Audit
	for rows.Next() {
		var a Audit
		var at int64
		if err := rows.Scan(&a.Seq, &at, &a.Actor, &a.Action, &a.Object, &a.From, &a.To, &a.Detail, &a.PrevHash, &a.Hash); err != nil {
			return nil, err
		}
		a.At = fromNS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

const feedCols = `seq, at, type, release_version, change_id, body`

func scanFeed(sc interface{ Scan(...any) error }) (FeedEvent, error) {
	var ev FeedEvent
	var at int64
	var body string
	err := sc.Scan(&ev.Seq, &at, &ev.Type, &ev.Release, &ev.Change, &body)
	ev.At, ev.Body = fromNS(at), []byte(body)
	return ev, err
}

// Feed implements Store.
func (s *SQL) Feed(ctx context.Context, since int64, limit int) ([]FeedEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+feedCols+` FROM feed WHERE seq > ? ORDER BY seq LIMIT ?`), since, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FeedEvent
	for rows.Next() {
		ev, err := scanFeed(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// CreateWebhook implements Store.
func (s *SQL) CreateWebhook(ctx context.Context, w *Webhook) error {
	if w.Created.IsZero() {
		w.Created = time.Now().UTC()
	}
	id, err := s.insertID(ctx, s.db, `INSERT INTO webhooks (url, secret, actor, created) VALUES (?, ?, ?, ?)`, w.URL, w.Secret, w.Actor, ns(w.Created))
	w.ID = id
	return err
}

// Webhooks implements Store.
func (s *SQL) Webhooks(ctx context.Context) ([]Webhook, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, url, secret, actor, created FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Webhook
	for rows.Next() {
		var w Webhook
		var created int64
		if err := rows.Scan(&w.ID, &w.URL, &w.Secret, &w.Actor, &created); err != nil {
			return nil, err
		}
		w.Created = fromNS(created)
		out = append(out, w)
	}
	return out, rows.Err()
}

// DeleteWebhook implements Store.
func (s *SQL) DeleteWebhook(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM deliveries WHERE webhook_id = ?`), id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM webhooks WHERE id = ?`), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("webhook %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// DueDeliveries implements Store.
func (s *SQL) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error) {
	if limit <= 0 {
		limit = 100
	}
	// The oldest pending delivery of each webhook, if it is due: a
	// receiver never gets an event before the ones published earlier.
	rows, err := s.db.QueryContext(ctx, s.q(`
SELECT d.id, d.attempts, d.next_at, d.last_error, w.id, w.url, w.secret, w.actor, w.created,
       f.seq, f.at, f.type, f.release_version, f.change_id, f.body
FROM deliveries d
JOIN webhooks w ON w.id = d.webhook_id
JOIN feed f ON f.seq = d.feed_seq
WHERE d.delivered = 0
  AND d.feed_seq = (SELECT MIN(d2.feed_seq) FROM deliveries d2 WHERE d2.webhook_id = d.webhook_id AND d2.delivered = 0)
  AND d.next_at <= ?
ORDER BY f.seq, w.id
LIMIT ?`), ns(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var next, wcreated, at int64
		var body string
		if err := rows.Scan(&d.ID, &d.Attempts, &next, &d.LastError, &d.Webhook.ID, &d.Webhook.URL, &d.Webhook.Secret, &d.Webhook.Actor, &wcreated,
			&d.Event.Seq, &at, &d.Event.Type, &d.Event.Release, &d.Event.Change, &body); err != nil {
			return nil, err
		}
		d.NextAt, d.Webhook.Created, d.Event.At, d.Event.Body = fromNS(next), fromNS(wcreated), fromNS(at), []byte(body)
		out = append(out, d)
	}
	return out, rows.Err()
}

// ClaimDelivery implements Store.
func (s *SQL) ClaimDelivery(ctx context.Context, id int64, seen, until time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET next_at = ? WHERE id = ? AND next_at = ? AND delivered = 0`), ns(until), id, ns(seen))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecordAttempt implements Store.
func (s *SQL) RecordAttempt(ctx context.Context, id int64, delivered bool, next time.Time, lastError string) error {
	done := 0
	if delivered {
		done = 1
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET attempts = attempts + 1, delivered = ?, next_at = ?, last_error = ? WHERE id = ?`),
		done, ns(next), lastError, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delivery %d: %w", id, ErrNotFound)
	}
	return nil
}

// Migrate applies the migrations in fsys (files named NNN_what.sql, in
// order) that the database has not seen, each in its own transaction with
// its row in schema_migrations. lock, if not empty, runs first in each
// transaction so that concurrent processes migrate one at a time.
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, lock string, numbered bool) error {
	// A role that may not create tables (the server's, when another role
	// owns them) finds the table there and reads it.
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	ph := "?"
	if numbered {
		ph = "$1"
	}
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", name)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		err = func() error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if lock != "" {
				if _, err := tx.ExecContext(ctx, lock); err != nil {
					return err
				}
			}
			var seen int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = `+ph, n).Scan(&seen); err != nil {
				return err
			}
			if seen > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			args := []any{n, name}
			q := `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`
			if numbered {
				q = `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
			return tx.Commit()
		}()
		if err != nil {
			return fmt.Errorf("migration %s (run it once as the role that owns the tables): %w", name, err)
		}
	}
	return nil
}

// Meta implements Store.
func (s *SQL) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM meta WHERE key = ?`), key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetMeta implements Store.
func (s *SQL) SetMeta(ctx context.Context, key, value string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, s.q(`SELECT value FROM meta WHERE key = ?`), key).Scan(&v)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO meta (key, value) VALUES (?, ?)`), key, value)
			return err
		case err != nil:
			return err
		case v != value:
			return fmt.Errorf("%s is %q in this store, not %q: %w", key, v, value, ErrConflict)
		}
		return nil
	})
}

func nowUTC() time.Time { return time.Now().UTC() }
