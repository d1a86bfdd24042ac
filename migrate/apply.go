package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ensureTables creates migrate's tables if they are missing.
func (d *DB) ensureTables(ctx context.Context) error {
	id := "INTEGER PRIMARY KEY"
	if d.postgres {
		id = "BIGSERIAL PRIMARY KEY"
	}
	var stmts []string
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
		stmts = append(stmts, s)
	}
	return d.wrap("creating the migration tables", d.execAll(ctx, stmts...))
}

// execAll runs statements without parameters, in one round trip.
func (d *DB) execAll(ctx context.Context, stmts ...string) error {
	_, err := d.conn.ExecContext(ctx, strings.Join(stmts, ";\n"))
	return err
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
	if err := j.collect(ctx, r.checkpoint); err != nil {
		return err
	}
	changed, review, err := j.batches(ctx, r)
	if err != nil {
		return err
	}
	if _, err := db.conn.ExecContext(ctx, db.q(`UPDATE `+RunsTable+` SET state = 'done', finished = ?, rows_changed = ?, rows_review = ? WHERE id = ?`), now(), changed, review, r.id); err != nil {
		return db.wrap("recording the end of the migration", err)
	}
	j.rep.Changed, j.rep.Review = changed, review
	var drop []string
	for _, t := range tempTables {
		drop = append(drop, `DROP TABLE IF EXISTS `+t)
	}
	db.execAll(ctx, drop...) // temporary: they end with the session anyway
	return nil
}

// The temporary tables of a run: quhua_m_map holds the certain mappings
// (old, aux, byaux, new, relation, how; byaux 0 for a value decided by its
// code, 1 for a (value, deciding column value) pair), quhua_m_rev the
// values left for review (old, relation, candidates, note), quhua_m_all
// both by value, and quhua_m_todo the rows they concern with what becomes
// of each.
var tempTables = []string{"quhua_m_map", "quhua_m_rev", "quhua_m_all", "quhua_m_todo"}

// fillMaps writes the decisions and the pairs settled by the deciding
// column into the temporary tables quhua_m_map and quhua_m_rev: with COPY
// on PostgreSQL, multi-row inserts on SQLite.
func (j *job) fillMaps(ctx context.Context, settled []resolved) error {
	db := j.db
	if err := db.execAll(ctx,
		`DROP TABLE IF EXISTS quhua_m_map`, `DROP TABLE IF EXISTS quhua_m_rev`,
		`CREATE TEMP TABLE quhua_m_map (old TEXT NOT NULL, aux TEXT NOT NULL, byaux INTEGER NOT NULL, new TEXT NOT NULL, relation TEXT NOT NULL, how TEXT NOT NULL, PRIMARY KEY (old, aux))`,
		`CREATE TEMP TABLE quhua_m_rev (old TEXT PRIMARY KEY, relation TEXT NOT NULL, candidates TEXT NOT NULL, note TEXT NOT NULL)`,
	); err != nil {
		return db.wrap("preparing the mapping", err)
	}
	var maps, revs [][]any
	for v, d := range j.decisions {
		switch {
		case d.change:
			maps = append(maps, []any{v, "", 0, d.new, string(d.relation), "code"})
		case d.review:
			revs = append(revs, []any{v, string(d.relation), strings.Join(d.candidates, ";"), d.note})
		}
	}
	for _, s := range settled {
		maps = append(maps, []any{s.value, s.aux, 1, s.new, string(j.decisions[s.value].relation), j.auxKind + ": " + s.how})
	}
	if err := db.load(ctx, "quhua_m_map", []string{"old", "aux", "byaux", "new", "relation", "how"}, maps); err != nil {
		return db.wrap("preparing the mapping", err)
	}
	if err := db.load(ctx, "quhua_m_rev", []string{"old", "relation", "candidates", "note"}, revs); err != nil {
		return db.wrap("preparing the mapping", err)
	}
	if db.postgres && len(settled) > 0 {
		// Joined row by row with the deciding column's values.
		if err := db.execAll(ctx, `ANALYZE quhua_m_map`); err != nil {
			return db.wrap("preparing the mapping", err)
		}
	}
	return nil
}

// load writes rows into table: COPY on PostgreSQL, on SQLite a prepared
// insert of many rows at a time, in one transaction.
func (d *DB) load(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if d.postgres {
		return d.conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("not a pgx connection: %T", dc)
			}
			_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	}
	// SQLite allows 32766 parameters in a statement.
	per := max(1, min(len(rows), 32766/len(cols), 500))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	stmt := func(n int) string {
		return `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES ` + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
	}
	tx, err := d.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	full, err := tx.PrepareContext(ctx, stmt(per))
	if err != nil {
		return err
	}
	defer full.Close()
	args := make([]any, 0, per*len(cols))
	for i := 0; i < len(rows); i += per {
		part := rows[i:min(i+per, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		if len(part) == per {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, stmt(len(part)), args...)
		}
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

// collect writes the rows the migration concerns (a value to change or
// to review) after the checkpoint into quhua_m_todo, with what becomes of
// each, from one scan of the table joined with the mapping: new, relation
// and how for a row to change (new may be the value itself, for a pair
// the deciding column settled as it is), candidates and note with review
// set for a row to review.
func (j *job) collect(ctx context.Context, checkpoint sql.NullString) error {
	db := j.db
	t, key, v := j.tableRef(), `t.`+ident(j.key.name), text("t", j.col)
	sel := `SELECT ` + key + ` AS k, ` + text("t", j.key) + ` AS ktext, ` + v + ` AS old, m.new, m.relation, m.how, m.candidates, m.note, m.review`
	from := ` FROM ` + t + ` t JOIN quhua_m_all m ON m.old = ` + v
	if j.aux.name != "" {
		// A pair the deciding column settled: its mapping, not review.
		sel = `SELECT ` + key + ` AS k, ` + text("t", j.key) + ` AS ktext, ` + v + ` AS old, COALESCE(s.new, m.new) AS new, COALESCE(s.relation, m.relation) AS relation,
	COALESCE(s.how, m.how) AS how, m.candidates, m.note, m.review AND s.old IS NULL AS review`
		from += ` LEFT JOIN quhua_m_map s ON m.review AND s.byaux = 1 AND s.old = m.old AND s.aux = ` + text("t", j.aux)
	}
	q := `CREATE TEMP TABLE quhua_m_todo AS ` + sel + from
	var args []any
	if checkpoint.Valid {
		q += ` WHERE ` + key + ` > ` + db.castParam(j.key.typ)
		args = append(args, checkpoint.String)
	}
	prep := []string{
		`DROP TABLE IF EXISTS quhua_m_all`, `DROP TABLE IF EXISTS quhua_m_todo`,
		// The values to change (by their code) and to review, in one.
		`CREATE TEMP TABLE quhua_m_all AS
SELECT old, new, relation, how, '' AS candidates, '' AS note, ` + db.boolean(false) + ` AS review FROM quhua_m_map WHERE byaux = 0
UNION ALL SELECT old, NULL, relation, '', candidates, note, ` + db.boolean(true) + ` FROM quhua_m_rev`,
	}
	if db.postgres {
		prep = append(prep, `ANALYZE quhua_m_all`)
	}
	index := `CREATE INDEX quhua_m_todo_k ON quhua_m_todo (k)`
	if len(args) == 0 {
		// One round trip for all.
		if err := db.execAll(ctx, append(prep, q, index)...); err != nil {
			return db.wrap("finding the rows to migrate", err)
		}
		return nil
	}
	if err := db.execAll(ctx, prep...); err != nil {
		return db.wrap("preparing the mapping", err)
	}
	if _, err := db.conn.ExecContext(ctx, db.q(q), args...); err != nil {
		return db.wrap("finding the rows to migrate", err)
	}
	if err := db.execAll(ctx, index); err != nil {
		return db.wrap("finding the rows to migrate", err)
	}
	return nil
}

// boolean is a boolean constant.
func (d *DB) boolean(b bool) string {
	switch {
	case d.postgres && b:
		return "true"
	case d.postgres:
		return "false"
	case b:
		return "1"
	}
	return "0"
}

// batches walks the rows to change or review (quhua_m_todo) in key order
// from the checkpoint, Batch rows per transaction. It returns the rows
// the migration changed and listed for review, with those of the batches
// of an earlier, interrupted run.
func (j *job) batches(ctx context.Context, r *run) (changed, review int64, err error) {
	db := j.db
	t, key, col := j.tableRef(), ident(j.key.name), ident(j.col.name)
	lo := r.checkpoint
	if lo.Valid {
		if err := db.conn.QueryRowContext(ctx, db.q(`SELECT (SELECT count(*) FROM `+LogTable+` WHERE migration = ?), (SELECT count(*) FROM `+ReviewTable+` WHERE migration = ?)`), r.id, r.id).Scan(&changed, &review); err != nil {
			return 0, 0, db.wrap("resuming from the checkpoint", err)
		}
	}
	// The batches' ends, in one query: the key of every Batch-th row, in
	// key order; the last row gives the rows' number.
	var ends []string
	var todo int64
	rs, err := db.conn.QueryContext(ctx, db.q(`SELECT ktext, rn, n FROM (SELECT ktext, row_number() OVER (ORDER BY k) AS rn, count(*) OVER () AS n FROM quhua_m_todo) x
WHERE rn % ? = 0 OR rn = n ORDER BY rn`), j.o.Batch)
	if err != nil {
		return 0, 0, db.wrap("finding the batches", err)
	}
	for rs.Next() {
		var k string
		var rn int64
		if err := rs.Scan(&k, &rn, &todo); err != nil {
			rs.Close()
			return 0, 0, db.wrap("finding the batches", err)
		}
		if rn%int64(j.o.Batch) == 0 {
			ends = append(ends, k)
		}
	}
	if err := rs.Close(); err != nil {
		return 0, 0, db.wrap("finding the batches", err)
	}
	if err := rs.Err(); err != nil {
		return 0, 0, db.wrap("finding the batches", err)
	}
	done := changed + review
	total := done + todo
	// The checkpoint, in the batch's transaction (on PostgreSQL, in its
	// statement).
	checkpoint := `UPDATE ` + RunsTable + ` SET checkpoint = ?, batches = batches + 1 WHERE id = ?`
	// The row still holds the value it was found with.
	current := `t.` + key + ` = d.k AND ` + text("t", j.col) + ` = d.old`
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		// The batch ends at the key Batch rows on (the last batch: after
		// the last row).
		var hi sql.NullString
		if n < len(ends) {
			hi = sql.NullString{String: ends[n], Valid: true}
		}
		last := !hi.Valid
		rng, rargs := "1 = 1", []any{}
		if lo.Valid {
			rng += ` AND d.k > ` + db.castParam(j.key.typ)
			rargs = append(rargs, lo.String)
		}
		if !last {
			rng += ` AND d.k <= ` + db.castParam(j.key.typ)
			rargs = append(rargs, hi.String)
		}
		at := now()
		cp := any(nil)
		if hi.Valid {
			cp = hi.String
		} else if lo.Valid {
			cp = lo.String
		}
		tx, err := db.conn.BeginTx(ctx, nil)
		if err != nil {
			return 0, 0, db.wrap(fmt.Sprintf("batch %d", n+1), err)
		}
		type stmt struct {
			q    string
			args []any
		}
		var stmts []stmt
		if db.postgres {
			// One statement: the update of the batch's rows to change,
			// the log of the rows it changed (RETURNING), the review rows
			// and the checkpoint.
			stmts = []stmt{{`WITH u AS (
	UPDATE ` + t + ` AS t SET ` + col + ` = ` + db.cast("d.new", j.col.typ) + ` FROM quhua_m_todo d
	WHERE ` + rng + ` AND d.new <> d.old AND ` + current + `
	RETURNING d.ktext, d.old, d.new, d.relation, d.how
), l AS (
	INSERT INTO ` + LogTable + ` (migration, tbl, key, old, new, relation, decided_by, at) SELECT ?, ?, u.ktext, u.old, u.new, u.relation, u.how, ? FROM u RETURNING 1
), v AS (
	INSERT INTO ` + ReviewTable + ` (migration, tbl, key, value, relation, candidates, note, at) SELECT ?, ?, d.ktext, d.old, d.relation, d.candidates, d.note, ?
	FROM quhua_m_todo d WHERE ` + rng + ` AND d.review RETURNING 1
), cp AS (
	` + checkpoint + `
)
SELECT (SELECT count(*) FROM l), (SELECT count(*) FROM v)`,
				append(append(append(append(append([]any{}, rargs...), r.id, j.o.Table, at), r.id, j.o.Table, at), rargs...), cp, r.id)}}
		} else {
			// SQLite has no data-modifying CTE: the log, the review rows
			// and the update, in this order, in the batch's transaction
			// (which holds the database's write lock from the first).
			stmts = []stmt{
				{`INSERT INTO ` + LogTable + ` (migration, tbl, key, old, new, relation, decided_by, at) SELECT ?, ?, d.ktext, d.old, d.new, d.relation, d.how, ?
FROM quhua_m_todo d JOIN ` + t + ` t ON ` + current + ` WHERE d.new <> d.old AND ` + rng,
					append([]any{r.id, j.o.Table, at}, rargs...)},
				{`INSERT INTO ` + ReviewTable + ` (migration, tbl, key, value, relation, candidates, note, at) SELECT ?, ?, d.ktext, d.old, d.relation, d.candidates, d.note, ?
FROM quhua_m_todo d WHERE d.review AND ` + rng,
					append([]any{r.id, j.o.Table, at}, rargs...)},
				{`UPDATE ` + t + ` AS t SET ` + col + ` = d.new FROM quhua_m_todo d WHERE ` + current + ` AND d.new <> d.old AND ` + rng, rargs},
			}
		}
		var nc, nr int64
		for i, s := range stmts {
			var err error
			if db.postgres {
				err = tx.QueryRowContext(ctx, db.q(s.q), s.args...).Scan(&nc, &nr)
			} else {
				var res sql.Result
				if res, err = tx.ExecContext(ctx, db.q(s.q), s.args...); err == nil {
					switch n, _ := res.RowsAffected(); i {
					case 0:
						nc = n
					case 1:
						nr = n
					}
				}
			}
			if err != nil {
				tx.Rollback()
				return 0, 0, db.wrap(fmt.Sprintf("batch %d", n+1), err)
			}
		}
		if !db.postgres {
			if _, err := tx.ExecContext(ctx, db.q(checkpoint), cp, r.id); err != nil {
				tx.Rollback()
				return 0, 0, db.wrap(fmt.Sprintf("batch %d: the checkpoint", n+1), err)
			}
		}
		if j.o.afterBatch != nil {
			if err := j.o.afterBatch(ctx, n+1); err != nil {
				tx.Rollback()
				return 0, 0, db.wrap(fmt.Sprintf("batch %d", n+1), err)
			}
		}
		if err := tx.Commit(); err != nil {
			return 0, 0, db.wrap(fmt.Sprintf("batch %d: commit", n+1), err)
		}
		changed += nc
		review += nr
		done = min(done+int64(j.o.Batch), total)
		if last {
			done = total
		}
		if j.o.Progress != nil {
			j.o.Progress(done, total)
		}
		if last {
			return changed, review, nil
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
