package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ensureTables creates migrate's tables if they are missing.
func (d *DB) ensureTables(ctx context.Context) error {
	id := "INTEGER PRIMARY KEY"
	if d.postgres {
		id = "BIGSERIAL PRIMARY KEY"
	}
	for _, s := range []string{
		`CREATE TABLE IF NOT EXISTS ` + RunsTable + ` (
	id ` + id + `,
	spec TEXT NOT NULL,
	tbl TEXT NOT NULL,
	col TEXT NOT NULL,
	key_col TEXT NOT NULL,
	from_date TEXT NOT NULL,
	to_date TEXT NOT NULL,
	decided_by TEXT NOT NULL,
	release_name TEXT NOT NULL,
	state TEXT NOT NULL,
	checkpoint TEXT,
	batches BIGINT NOT NULL DEFAULT 0,
	rows_changed BIGINT NOT NULL DEFAULT 0,
	rows_review BIGINT NOT NULL DEFAULT 0,
	started TEXT NOT NULL,
	finished TEXT)`,
		`CREATE INDEX IF NOT EXISTS ` + RunsTable + `_spec ON ` + RunsTable + ` (spec, state)`,
		`CREATE TABLE IF NOT EXISTS ` + LogTable + ` (
	migration BIGINT NOT NULL,
	tbl TEXT NOT NULL,
	key TEXT NOT NULL,
	old TEXT NOT NULL,
	new TEXT NOT NULL,
	relation TEXT NOT NULL,
	decided_by TEXT NOT NULL,
	at TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS ` + LogTable + `_migration ON ` + LogTable + ` (migration)`,
		`CREATE TABLE IF NOT EXISTS ` + ReviewTable + ` (
	migration BIGINT NOT NULL,
	tbl TEXT NOT NULL,
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	relation TEXT NOT NULL,
	candidates TEXT NOT NULL,
	note TEXT NOT NULL,
	at TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS ` + ReviewTable + `_migration ON ` + ReviewTable + ` (migration)`,
	} {
		if _, err := d.conn.ExecContext(ctx, s); err != nil {
			return d.wrap("creating the migration tables", err)
		}
	}
	return nil
}

// run is a row of the runs table.
type run struct {
	id         int64
	state      string
	checkpoint sql.NullString
	changed    int64
	review     int64
}

func (j *job) findRun(ctx context.Context, spec string) (*run, error) {
	r := &run{}
	err := j.db.conn.QueryRowContext(ctx, j.db.q(`SELECT id, state, checkpoint, rows_changed, rows_review FROM `+RunsTable+
		` WHERE spec = ? AND state IN ('running', 'done') ORDER BY id DESC LIMIT 1`), spec).Scan(&r.id, &r.state, &r.checkpoint, &r.changed, &r.review)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, j.db.wrap("reading the migration runs", err)
	}
	return r, nil
}

func (j *job) apply(ctx context.Context) error {
	db := j.db
	if err := db.ensureTables(ctx); err != nil {
		return err
	}
	spec := j.spec()
	r, err := j.findRun(ctx, spec)
	if err != nil {
		return err
	}
	if r != nil && r.state == "done" {
		// The same migration ran to its end: running it again changes
		// nothing.
		j.rep.ID, j.rep.Applied, j.rep.AlreadyApplied = r.id, true, true
		j.rep.Changed, j.rep.Review = r.changed, r.review
		return nil
	}
	pairs, err := j.scan(ctx)
	if err != nil {
		return err
	}
	settled := j.count(pairs)
	if r == nil {
		r = &run{state: "running"}
		err := db.conn.QueryRowContext(ctx, db.q(`INSERT INTO `+RunsTable+
			` (spec, tbl, col, key_col, from_date, to_date, decided_by, release_name, state, started) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?) RETURNING id`),
			spec, j.o.Table, j.col.name, j.key.name, j.rep.From, j.rep.To, j.aux.name, j.o.Release, now()).Scan(&r.id)
		if err != nil {
			return db.wrap("recording the migration", err)
		}
	} else {
		j.rep.Resumed = true
	}
	j.rep.ID, j.rep.Applied = r.id, true
	if err := j.fillMaps(ctx, settled); err != nil {
		return err
	}
	if err := j.batches(ctx, r); err != nil {
		return err
	}
	var changed, review int64
	if err := db.conn.QueryRowContext(ctx, db.q(`SELECT (SELECT count(*) FROM `+LogTable+` WHERE migration = ?), (SELECT count(*) FROM `+ReviewTable+` WHERE migration = ?)`), r.id, r.id).Scan(&changed, &review); err != nil {
		return db.wrap("counting the migration's rows", err)
	}
	if _, err := db.conn.ExecContext(ctx, db.q(`UPDATE `+RunsTable+` SET state = 'done', finished = ?, rows_changed = ?, rows_review = ? WHERE id = ?`), now(), changed, review, r.id); err != nil {
		return db.wrap("recording the end of the migration", err)
	}
	j.rep.Changed, j.rep.Review = changed, review
	for _, t := range []string{"quhua_m_map", "quhua_m_rev", "quhua_m_all"} {
		db.conn.ExecContext(ctx, `DROP TABLE IF EXISTS `+t)
	}
	return nil
}

// fillMaps writes the decisions into temporary tables the batches join:
// quhua_m_map (old, new, relation, how; sure: 0 for code decisions, 1
// for pairs settled by the deciding column, whose aux is then set) and
// quhua_m_rev (the values left for review).
func (j *job) fillMaps(ctx context.Context, settled []resolved) error {
	db := j.db
	for _, s := range []string{
		`DROP TABLE IF EXISTS quhua_m_map`, `DROP TABLE IF EXISTS quhua_m_rev`,
		`CREATE TEMP TABLE quhua_m_map (old TEXT NOT NULL, aux TEXT NOT NULL, byaux INTEGER NOT NULL, new TEXT NOT NULL, relation TEXT NOT NULL, how TEXT NOT NULL, PRIMARY KEY (old, aux))`,
		`CREATE TEMP TABLE quhua_m_rev (old TEXT PRIMARY KEY, relation TEXT NOT NULL, candidates TEXT NOT NULL, note TEXT NOT NULL)`,
	} {
		if _, err := db.conn.ExecContext(ctx, s); err != nil {
			return db.wrap("preparing the mapping", err)
		}
	}
	tx, err := db.conn.BeginTx(ctx, nil)
	if err != nil {
		return db.wrap("preparing the mapping", err)
	}
	defer tx.Rollback()
	insMap, err := tx.PrepareContext(ctx, db.q(`INSERT INTO quhua_m_map VALUES (?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return db.wrap("preparing the mapping", err)
	}
	insRev, err := tx.PrepareContext(ctx, db.q(`INSERT INTO quhua_m_rev VALUES (?, ?, ?, ?)`))
	if err != nil {
		return db.wrap("preparing the mapping", err)
	}
	for v, d := range j.decisions {
		switch {
		case d.change:
			_, err = insMap.ExecContext(ctx, v, "", 0, d.new, string(d.relation), "code")
		case d.review:
			_, err = insRev.ExecContext(ctx, v, string(d.relation), strings.Join(d.candidates, ";"), d.note)
		}
		if err != nil {
			return db.wrap("preparing the mapping", err)
		}
	}
	for _, s := range settled {
		if _, err := insMap.ExecContext(ctx, s.value, s.aux, 1, s.new, string(j.decisions[s.value].relation), j.auxKind+": "+s.how); err != nil {
			return db.wrap("preparing the mapping", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return db.wrap("preparing the mapping", err)
	}
	if db.postgres {
		db.conn.ExecContext(ctx, `ANALYZE quhua_m_map`)
		db.conn.ExecContext(ctx, `ANALYZE quhua_m_rev`)
		for _, q := range []string{`DROP TABLE IF EXISTS quhua_m_all`,
			`CREATE TEMP TABLE quhua_m_all AS
SELECT old, new, relation, how, '' AS candidates, '' AS note, false AS review FROM quhua_m_map WHERE byaux = 0 AND new <> old
UNION ALL SELECT old, '', relation, '', candidates, note, true FROM quhua_m_rev`,
			`ANALYZE quhua_m_all`} {
			if _, err := db.conn.ExecContext(ctx, q); err != nil {
				return db.wrap("preparing the mapping", err)
			}
		}
	}
	return nil
}

// batches walks the table in key order from the checkpoint, one
// transaction per batch.
func (j *job) batches(ctx context.Context, r *run) error {
	db := j.db
	t, key, col := j.tableRef(), ident(j.key.name), ident(j.col.name)
	lo := r.checkpoint
	done := int64(0)
	if lo.Valid {
		if err := db.conn.QueryRowContext(ctx, db.q(`SELECT count(*) FROM `+t+` WHERE `+key+` <= `+db.castParam(j.key.typ)), lo.String).Scan(&done); err != nil {
			return db.wrap("resuming from the checkpoint", err)
		}
	}
	// The join of a row with its decision: by its value alone, or with
	// a deciding column by (value, that column's value) for the pairs it
	// settled.
	match := `m.old = ` + text("t", j.col) + ` AND m.byaux = 0`
	if j.aux.name != "" {
		match = `m.old = ` + text("t", j.col) + ` AND (m.byaux = 0 OR m.aux = ` + text("t", j.aux) + `)`
	}
	unsettled := ""
	if j.aux.name != "" {
		unsettled = ` AND NOT EXISTS (SELECT 1 FROM quhua_m_map s WHERE s.byaux = 1 AND s.old = r.old AND s.aux = ` + text("t", j.aux) + `)`
	}
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		// The batch ends at the key Batch rows on (the last batch: at the
		// end of the table).
		var hi sql.NullString
		// (Ordered by t.key: a bare name would sort by the text output.)
		q := `SELECT ` + text("t", j.key) + ` AS k FROM ` + t + ` t`
		args := []any{}
		if lo.Valid {
			q += ` WHERE t.` + key + ` > ` + db.castParam(j.key.typ)
			args = append(args, lo.String)
		}
		q += ` ORDER BY t.` + key + ` LIMIT 1 OFFSET ?`
		args = append(args, j.o.Batch-1)
		err := db.conn.QueryRowContext(ctx, db.q(q), args...).Scan(&hi)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return db.wrap(fmt.Sprintf("batch %d: finding its end", n+1), err)
		}
		last := !hi.Valid
		rng, rargs := "1 = 1", []any{}
		if lo.Valid {
			rng += ` AND t.` + key + ` > ` + db.castParam(j.key.typ)
			rargs = append(rargs, lo.String)
		}
		if !last {
			rng += ` AND t.` + key + ` <= ` + db.castParam(j.key.typ)
			rargs = append(rargs, hi.String)
		}
		at := now()
		tx, err := db.conn.BeginTx(ctx, nil)
		if err != nil {
			return db.wrap(fmt.Sprintf("batch %d", n+1), err)
		}
		stmts := []struct {
			q    string
			args []any
		}{
			{`INSERT INTO ` + LogTable + ` (migration, tbl, key, old, new, relation, decided_by, at) SELECT ?, ?, ` + text("t", j.key) + `, ` + text("t", j.col) +
				`, m.new, m.relation, m.how, ? FROM ` + t + ` t JOIN quhua_m_map m ON ` + match + ` WHERE m.new <> m.old AND ` + rng,
				append([]any{r.id, j.o.Table, at}, rargs...)},
			{`INSERT INTO ` + ReviewTable + ` (migration, tbl, key, value, relation, candidates, note, at) SELECT ?, ?, ` + text("t", j.key) + `, ` + text("t", j.col) +
				`, r.relation, r.candidates, r.note, ? FROM ` + t + ` t JOIN quhua_m_rev r ON r.old = ` + text("t", j.col) + unsettled + ` WHERE ` + rng,
				append([]any{r.id, j.o.Table, at}, rargs...)},
			{`UPDATE ` + t + ` AS t SET ` + col + ` = ` + db.cast("m.new", j.col.typ) + ` FROM quhua_m_map m WHERE ` + match + ` AND m.new <> m.old AND ` + rng, rargs},
		}
		if db.postgres && j.aux.name == "" {
			// One scan of the batch's rows: the rows to change and to
			// review are selected once, and the update, the log and the
			// review rows are written from that selection.
			stmts = stmts[:1]
			stmts[0].q = `WITH c AS (
	SELECT t.` + key + ` AS k, ` + text("t", j.key) + ` AS ktext, ` + text("t", j.col) + ` AS old, m.new, m.relation, m.how, m.candidates, m.note, m.review
	FROM ` + t + ` t JOIN quhua_m_all m ON m.old = ` + text("t", j.col) + ` WHERE ` + rng + `
), u AS (
	UPDATE ` + t + ` AS t SET ` + col + ` = ` + db.cast("c.new", j.col.typ) + ` FROM c WHERE NOT c.review AND t.` + key + ` = c.k
), l AS (
	INSERT INTO ` + LogTable + ` (migration, tbl, key, old, new, relation, decided_by, at) SELECT ?, ?, c.ktext, c.old, c.new, c.relation, c.how, ? FROM c WHERE NOT c.review
)
INSERT INTO ` + ReviewTable + ` (migration, tbl, key, value, relation, candidates, note, at) SELECT ?, ?, c.ktext, c.old, c.relation, c.candidates, c.note, ? FROM c WHERE c.review`
			stmts[0].args = append(append(append([]any{}, rargs...), r.id, j.o.Table, at), r.id, j.o.Table, at)
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, db.q(s.q), s.args...); err != nil {
				tx.Rollback()
				return db.wrap(fmt.Sprintf("batch %d", n+1), err)
			}
		}
		cp := any(nil)
		if hi.Valid {
			cp = hi.String
		} else if lo.Valid {
			cp = lo.String
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE `+RunsTable+` SET checkpoint = ?, batches = batches + 1 WHERE id = ?`), cp, r.id); err != nil {
			tx.Rollback()
			return db.wrap(fmt.Sprintf("batch %d: the checkpoint", n+1), err)
		}
		if j.o.afterBatch != nil {
			if err := j.o.afterBatch(ctx, n+1); err != nil {
				tx.Rollback()
				return db.wrap(fmt.Sprintf("batch %d", n+1), err)
			}
		}
		if err := tx.Commit(); err != nil {
			return db.wrap(fmt.Sprintf("batch %d: commit", n+1), err)
		}
		done = min(done+int64(j.o.Batch), j.rep.Rows)
		if last {
			done = j.rep.Rows
		}
		if j.o.Progress != nil {
			j.o.Progress(done, j.rep.Rows)
		}
		if last {
			return nil
		}
		lo = hi
	}
}

// castParam is a placeholder cast to the key's type.
func (d *DB) castParam(typ string) string {
	if !d.postgres {
		return "?"
	}
	return "CAST(? AS " + typ + ")"
}

// UndoReport is what undo did.
type UndoReport struct {
	ID       int64  `json:"id"`
	Table    string `json:"table"`
	Restored int64  `json:"restored"`
	// Conflicts are logged rows whose value is no longer the one the
	// migration wrote (changed since, or deleted): left as they are.
	Conflicts int64 `json:"conflicts"`
}

// Undo restores every row migration id changed to its old value, in one
// transaction, and marks the migration undone.
func Undo(ctx context.Context, db *DB, id int64) (*UndoReport, error) {
	if err := db.ensureTables(ctx); err != nil {
		return nil, err
	}
	var table, colName, keyName, state string
	err := db.conn.QueryRowContext(ctx, db.q(`SELECT tbl, col, key_col, state FROM `+RunsTable+` WHERE id = ?`), id).Scan(&table, &colName, &keyName, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("migrate: no migration %d in %s", id, RunsTable)
	}
	if err != nil {
		return nil, db.wrap("reading the migration", err)
	}
	if state == "undone" {
		return nil, fmt.Errorf("migrate: migration %d is already undone", id)
	}
	if err := db.lock(ctx, table); err != nil {
		return nil, err
	}
	defer db.unlock()
	cols, err := db.columns(ctx, table)
	if err != nil {
		return nil, err
	}
	var col, key column
	for _, c := range cols {
		if c.name == colName {
			col = c
		}
		if c.name == keyName {
			key = c
		}
	}
	if col.name == "" || key.name == "" {
		return nil, fmt.Errorf("migrate: table %s no longer has the columns %s and %s of migration %d", table, colName, keyName, id)
	}
	tx, err := db.conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.wrap("undo", err)
	}
	defer tx.Rollback()
	rep := &UndoReport{ID: id, Table: table}
	var logged int64
	if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM `+LogTable+` WHERE migration = ?`), id).Scan(&logged); err != nil {
		return nil, db.wrap("undo", err)
	}
	res, err := tx.ExecContext(ctx, db.q(`UPDATE `+ident(table)+` AS t SET `+ident(col.name)+` = `+db.cast("l.old", col.typ)+` FROM `+LogTable+` l WHERE l.migration = ? AND l.key = `+text("t", key)+` AND l.new = `+text("t", col)), id)
	if err != nil {
		return nil, db.wrap("undo", err)
	}
	rep.Restored, _ = res.RowsAffected()
	rep.Conflicts = logged - rep.Restored
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM `+ReviewTable+` WHERE migration = ?`), id); err != nil {
		return nil, db.wrap("undo", err)
	}
	if _, err := tx.ExecContext(ctx, db.q(`UPDATE `+RunsTable+` SET state = 'undone', finished = ? WHERE id = ?`), now(), id); err != nil {
		return nil, db.wrap("undo", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, db.wrap("undo", err)
	}
	return rep, nil
}
