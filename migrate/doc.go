// Package migrate carries a change of the division codes into a database
// table keyed by them: it recodes a code column in place, on SQLite or
// PostgreSQL, with the same mapping as recode.
//
// A dry run (Run with apply false) reads the table and reports the rows
// per relation (exact, renamed, recoded, merged, split, partial,
// abolished, unknown …) with examples; it changes nothing.
//
// Applied, a migration changes only the rows whose mapping is certain:
// one successor for the whole unit (recoded, merged). Each changed row's
// key, old and new value go to the log table quhua_migrations, so that
// Undo restores them exactly. Rows the code alone cannot decide (a split,
// a partial transfer, an abolished unit, a placeholder or ambiguous code)
// are never guessed: they stay as they are and go to the review table
// quhua_migration_review with their candidates, unless a deciding column
// settles them — a township code (Options.ByTownship, through the township
// lineage) or an address (Options.ByAddress, through the address parser);
// the log says per row how it was decided.
//
// The work is done inside the database, set by set: one GROUP BY over the
// column gives its distinct values, which are decided in Go; the
// decisions go to temporary tables (COPY on PostgreSQL, multi-row inserts
// on SQLite), and one scan of the table joined with them collects the
// rows to change or review, with what becomes of each (a deciding column
// is read in the same join). Those rows are then taken in key
// order, Options.Batch of them per transaction; a batch is one statement
// on PostgreSQL (UPDATE … FROM … RETURNING feeding the log's INSERT, and
// the review rows' INSERT, in one data-modifying WITH), three on SQLite
// (the log, the review rows, UPDATE … FROM). Each batch commits its
// updates, log rows, review rows and the checkpoint together, so a run
// killed at any point leaves whole batches applied and the same command
// resumes after the last. A row is changed only if it still holds the
// value it was found with. A lock (a PostgreSQL advisory lock; a flock on
// a file next to an SQLite database) keeps two runs on one table from
// interleaving. Running a migration that completed again changes nothing.
package migrate
