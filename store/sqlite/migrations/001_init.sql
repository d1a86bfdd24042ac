-- The change workflow's schema. store/postgres/migrations/001_init.sql is
-- the same schema in PostgreSQL's dialect; keep them in step.
-- Settings of the store, e.g. the date the authoring base stops at.
CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE tokens (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'approver', 'admin')),
	hash TEXT NOT NULL UNIQUE,
	created INTEGER NOT NULL
);
CREATE TABLE changes (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	title TEXT NOT NULL,
	author TEXT NOT NULL,
	approver TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'applied', 'rejected', 'withdrawn')),
	base TEXT NOT NULL,
	release_version TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	revision INTEGER NOT NULL,
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL
);
CREATE INDEX changes_state ON changes (state);
CREATE TABLE releases (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	version TEXT NOT NULL UNIQUE,
	parent TEXT NOT NULL,
	actor TEXT NOT NULL,
	created INTEGER NOT NULL
);
CREATE TABLE release_changes (
	release_seq INTEGER NOT NULL REFERENCES releases (seq),
	position INTEGER NOT NULL,
	change_id INTEGER NOT NULL UNIQUE REFERENCES changes (id),
	body TEXT NOT NULL,
	PRIMARY KEY (release_seq, position)
);
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	detail TEXT NOT NULL
);
-- The audit log is append-only.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TABLE feed (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	at INTEGER NOT NULL,
	type TEXT NOT NULL,
	release_version TEXT NOT NULL,
	change_id INTEGER NOT NULL,
	body TEXT NOT NULL
);
CREATE TABLE webhooks (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	url TEXT NOT NULL,
	secret TEXT NOT NULL,
	actor TEXT NOT NULL,
	created INTEGER NOT NULL
);
CREATE TABLE deliveries (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	webhook_id INTEGER NOT NULL REFERENCES webhooks (id),
	feed_seq INTEGER NOT NULL REFERENCES feed (seq),
	attempts INTEGER NOT NULL,
	next_at INTEGER NOT NULL,
	delivered INTEGER NOT NULL,
	last_error TEXT NOT NULL,
	UNIQUE (webhook_id, feed_seq)
);
CREATE INDEX deliveries_pending ON deliveries (delivered, webhook_id, feed_seq);
