package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The audit log is append-only twice over. The database refuses UPDATE,
// DELETE (and, on PostgreSQL, TRUNCATE) of its rows with triggers; and each
// entry carries a hash chained to the entry before it, so that a writer who
// drops the triggers cannot rewrite, delete or insert entries without
// VerifyAudit finding it. The chain's head (the last entry's sequence
// number and hash) is also kept in the meta table: deleting the newest
// entries is found too. A writer who can rewrite both the audit table and
// the meta table could rebuild the whole chain: keep the head that
// VerifyAudit reports (e.g. in the operations log) and compare it later
// (AuditContains).

// Meta keys of the audit chain.
const (
	metaAuditHead   = "audit.head"   // "seq:hash" of the last entry
	metaAuditLegacy = "audit.legacy" // the last entry written before the chain
)

// AuditHash returns the hash of an entry chained to the entry before it:
// the hex SHA-256 of a canonical encoding of a's sequence number, time (in
// Unix nanoseconds), actor, action, object, states and detail, and of
// prev, the hash of the entry before ("" for the first). Each field is
// encoded as its 8-byte big-endian length and its bytes, so that no two
// different entries have the same encoding.
func AuditHash(a Audit, prev string) string {
	h := sha256.New()
	h.Write([]byte("quhua-audit-v1"))
	var n [8]byte
	for _, f := range []string{strconv.FormatInt(a.Seq, 10), strconv.FormatInt(ns(a.At), 10), a.Actor, a.Action, a.Object, a.From, a.To, a.Detail, prev} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// audit appends an entry to the log, chained to the last one. It runs in
// a writing transaction, which serialises appends.
func (s *SQL) audit(ctx context.Context, q querier, a Audit) error {
	if a.At.IsZero() {
		a.At = nowUTC()
	}
	// Time is kept in nanoseconds: hash what is stored.
	a.At = fromNS(ns(a.At))
	var last int64
	var prev string
	err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	a.Seq, a.PrevHash = last+1, prev
	a.Hash = AuditHash(a, prev)
	if _, err := q.ExecContext(ctx, s.q(`INSERT INTO audit (seq, at, actor, action, object, from_state, to_state, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		a.Seq, ns(a.At), a.Actor, a.Action, a.Object, a.From, a.To, a.Detail, a.PrevHash, a.Hash); err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, s.q(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
		metaAuditHead, fmt.Sprintf("%d:%s", a.Seq, a.Hash))
	return err
}

// AuditReport is what VerifyAudit found.
type AuditReport struct {
	// OK: every entry is chained to the one before and the head matches.
	OK bool `json:"ok"`
	// Entries is the number of entries; Legacy of them predate the chain
	// (they were written before the store had one) and are not verified.
	Entries int64 `json:"entries"`
	Legacy  int64 `json:"legacy"`
	// HeadSeq and HeadHash are the last entry's; keep them to check later
	// that the log still contains them.
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"`
	// Problems names each entry found rewritten, missing or inserted (up
	// to 100).
	Problems []string `json:"problems"`
}

// VerifyAudit implements Store.
func (s *SQL) VerifyAudit(ctx context.Context) (*AuditReport, error) {
	rep := &AuditReport{Problems: []string{}}
	problem := func(format string, args ...any) {
		if len(rep.Problems) < 100 {
			rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
		}
	}
	// One read transaction: a consistent view of the log and its head.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: s.d.Name == "postgres"})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if s.d.Name == "postgres" {
		if _, err := tx.ExecContext(ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`); err != nil {
			return nil, err
		}
	}
	meta := func(key string) (string, bool, error) {
		var v string
		err := tx.QueryRowContext(ctx, s.q(`SELECT value FROM meta WHERE key = ?`), key).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return "", false, nil
		}
		return v, err == nil, err
	}
	legacyText, hasLegacy, err := meta(metaAuditLegacy)
	if err != nil {
		return nil, err
	}
	var legacy int64
	if hasLegacy {
		if legacy, err = strconv.ParseInt(legacyText, 10, 64); err != nil || legacy < 0 {
			problem("meta %s is %q, not an entry number", metaAuditLegacy, legacyText)
			legacy = 0
		}
	} else {
		problem("meta %s is missing: the store's chain record was deleted", metaAuditLegacy)
	}
	head, hasHead, err := meta(metaAuditHead)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, at, actor, action, object, from_state, to_state, detail, prev_hash, hash FROM audit ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	var prevSeq int64
	prevHash := ""
	for rows.Next() {
		var a Audit
		var at int64
		if err := rows.Scan(&a.Seq, &at, &a.Actor, &a.Action, &a.Object, &a.From, &a.To, &a.Detail, &a.PrevHash, &a.Hash); err != nil {
			rows.Close()
			return nil, err
		}
		a.At = fromNS(at)
		rep.Entries++
		if a.Seq <= legacy {
			rep.Legacy++
			prevSeq, prevHash = a.Seq, ""
			continue
		}
		if a.Seq != prevSeq+1 {
			if a.Seq > prevSeq+1 {
				problem("entries %d to %d are missing (deleted)", prevSeq+1, a.Seq-1)
			}
		}
		if a.PrevHash != prevHash {
			problem("entry %d is not chained to entry %d (an entry was deleted, inserted or rewritten before it)", a.Seq, prevSeq)
		}
		if want := AuditHash(a, a.PrevHash); a.Hash != want {
			problem("entry %d was rewritten: its hash does not match its content", a.Seq)
		}
		prevSeq, prevHash = a.Seq, a.Hash
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rep.HeadSeq, rep.HeadHash = prevSeq, prevHash
	switch {
	case hasHead:
		seqText, hash, _ := strings.Cut(head, ":")
		seq, _ := strconv.ParseInt(seqText, 10, 64)
		if seq != prevSeq || hash != prevHash {
			if seq > prevSeq {
				problem("the log ends at entry %d but its head record names entry %d: the newest entries were deleted", prevSeq, seq)
			} else {
				problem("the log ends at entry %d but its head record names entry %d (%s): entries were added or rewritten outside the store", prevSeq, seq, hash)
			}
		}
	case rep.Entries > rep.Legacy:
		problem("the log has %d chained entries but no head record: it was deleted", rep.Entries-rep.Legacy)
	default:
		// No entry since the chain began: there must be nothing it
		// should have recorded.
		var changes int64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM changes`).Scan(&changes); err != nil {
			return nil, err
		}
		if changes > 0 && rep.Entries == rep.Legacy && legacy == 0 {
			problem("the store holds %d changes but the audit log is empty: it was deleted", changes)
		}
	}
	rep.OK = len(rep.Problems) == 0
	return rep, nil
}

// AuditContains reports whether the audit log of st still holds entry seq
// with the given hash, e.g. a head kept from an earlier VerifyAudit.
func AuditContains(ctx context.Context, st Store, seq int64, hash string) (bool, error) {
	log, err := st.AuditLog(ctx, seq-1, 1)
	if err != nil {
		return false, err
	}
	return len(log) == 1 && log[0].Seq == seq && log[0].Hash == hash, nil
}
