-- Each audit entry is chained to the one before it: hash is the SHA-256 of
-- the entry's canonical encoding and prev_hash (see store.AuditHash), and
-- meta 'audit.head' records the last entry as "seq:hash", so that a rewrite,
-- a deletion or an insertion is found by store.VerifyAudit even by a writer
-- who dropped the triggers. Entries written before this migration have no
-- hash; meta 'audit.legacy' records the last of them.
-- store/postgres/migrations/002_audit_chain.sql is the same in PostgreSQL.
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
INSERT INTO meta (key, value) SELECT 'audit.legacy', CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM audit;
