package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/migrate"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// migrateFlags are the flags of quhua migrate.
type migrateFlags struct {
	db, table, column, key, from, to string
	byTownship, byAddress, release   string
	apply, json, quiet, progress     bool
	batch                            int
}

var migrateCmd = &cobra.Command{
	Use:   "migrate --db DSN --table T --column C --from DATE|auto [--to DATE] [--apply]",
	Short: "Recode a code column of a database table in place (SQLite or PostgreSQL)",
	Long: `quhua migrate carries the division codes of one column of a database table to
the divisions of another date, in place, with the mapping recode uses. DSN is an
SQLite file or a postgres:// URL, as serve --db takes them.

By default it is a dry run: it prints the rows per relation (exact, renamed,
recoded, merged, split, partial, abolished, unknown) with examples, and changes
nothing. --json prints the report as JSON (with the migration's id after --apply).

--apply changes only the rows whose mapping is certain (one successor for the
whole unit). Each old value is written to the log table quhua_migrations
(migration id, table, key, old, new, relation, how it was decided, time), so that
"quhua migrate undo ID" restores it exactly; running the same migration again
changes nothing. Rows the code alone cannot decide (splits, partial transfers,
abolished units, placeholders) are never guessed: they stay as they are and go
to the review table quhua_migration_review with their candidates. A column that
decides them can be named: --by-township COL (9-digit township codes, through
the township lineage) or --by-address COL (addresses, through the address
parser); the log says per row which decided it.

The work is done inside the database: one scan groups the column's values, one
finds the rows to change or review, and those rows are taken in key order (its
primary key, or --key) in batches of --batch rows; each batch is one transaction
with its log rows and a checkpoint, so a killed run leaves whole batches only,
and the same command resumes after the last one. A lock keeps two runs on one
table from interleaving.

--release NAME applies exactly the changes of one release made by
"quhua change apply" (the store flags of quhua change name the store): the codes
its events changed, from the day before its first event to its last. It is the
path for a subscriber that receives the webhook of a new release.`,
	Example: `  # what would change in a 2019 table carried to 2024 (220381 公主岭市 → 220184)
  quhua migrate --db staff.db --table staff --column county --from 2019 --to 2024

  # do it; splits decided by the rows' township codes where they have one
  quhua migrate --db postgres://app@db/hr --table staff --column county \
      --from 2019 --to 2024 --by-township town --apply

  # undo migration 3
  quhua migrate --db staff.db undo 3

  # carry the table through the changes of release 2026a+1
  quhua migrate --db staff.db --table staff --column county --release 2026a+1 --apply`,
	Args: cobra.NoArgs,
}

func init() {
	var mf migrateFlags
	migrateCmd.RunE = func(cmd *cobra.Command, args []string) error { return runMigrate(cmd, &mf) }
	f := migrateCmd.Flags()
	f.StringVar(&mf.table, "table", "", "the table to migrate (required)")
	f.StringVar(&mf.column, "column", "", "the column of division codes (required)")
	f.StringVar(&mf.key, "key", "", "the table's unique key column (default: its primary key)")
	f.StringVar(&mf.from, "from", "", "the date the codes are from, or auto (required unless --release)")
	f.StringVar(&mf.to, "to", "", "the date to carry the codes to (default: the latest)")
	f.StringVar(&mf.byTownship, "by-township", "", "a column of township codes that decides split rows")
	f.StringVar(&mf.byAddress, "by-address", "", "a column of addresses that decides split rows")
	f.StringVar(&mf.release, "release", "", "apply exactly the changes of this release (quhua release list)")
	f.BoolVar(&mf.apply, "apply", false, "change the table (default: a dry run)")
	f.IntVar(&mf.batch, "batch", 10000, "rows to change or review per transaction")
	f.BoolVarP(&mf.quiet, "quiet", "q", false, "no progress bar")
	f.BoolVar(&mf.progress, "progress", false, "show the progress bar even when standard error is not a terminal")
	// The change store (for --release, and the registry the codes are
	// read with): --db names the database to migrate, so the store's
	// file or URL is --store here.
	f.StringVar(&sf.dataDir, "data-dir", "", "directory of the local change store (default $QUHUA_DATA, else ~/.local/share/quhua)")
	f.StringVar(&sf.db, "store", "", "the change store: a postgres:// URL or an SQLite file (default $QUHUA_DB, else DATA-DIR/quhua.db)")
	f.StringVar(&sf.server, "server", os.Getenv("QUHUA_SERVER"), "read --release from a quhua server at this URL (token from $QUHUA_TOKEN)")
	migrateCmd.PersistentFlags().StringVar(&mf.db, "db", "", "the database to migrate: an SQLite file or a postgres:// URL (required)")
	undo := &cobra.Command{
		Use:   "undo ID",
		Short: "Restore the rows a migration changed",
		Long: `quhua migrate undo restores every row migration ID changed to its old value, from
the log table, in one transaction, and removes its review rows. A row whose value
was changed since by something else is left as it is and counted as a conflict.`,
		Example: "  quhua migrate --db staff.db undo 3",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return badRequest("give the migration's id, as --apply printed it", fmt.Errorf("%q is not a migration id", args[0]))
			}
			dsn := mf.db
			if dsn == "" {
				return badRequest("name the database, e.g. --db staff.db or --db postgres://…", errors.New("--db is required"))
			}
			db, err := migrate.Open(cmd.Context(), dsn)
			if err != nil {
				return badRequest("check --db", err)
			}
			defer db.Close()
			rep, err := migrate.Undo(cmd.Context(), db, id)
			if err != nil {
				return notFound("", "%v", err)
			}
			if mf.json {
				return printJSON(cmd.OutOrStdout(), rep)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "migration %d undone: %d rows of %s restored", rep.ID, rep.Restored, rep.Table)
			if rep.Conflicts > 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "; %d rows changed since were left as they are", rep.Conflicts)
			}
			fmt.Fprintln(cmd.OutOrStdout())
			return nil
		},
	}
	migrateCmd.PersistentFlags().BoolVar(&mf.json, "json", false, "print the report as JSON")
	migrateCmd.AddCommand(undo)
	rootCmd.AddCommand(migrateCmd)
}

func runMigrate(cmd *cobra.Command, mf *migrateFlags) error {
	dsn := mf.db
	if dsn == "" {
		return badRequest("name the database, e.g. --db staff.db or --db postgres://…", errors.New("--db is required"))
	}
	if mf.table == "" || mf.column == "" {
		return badRequest("e.g. --table staff --column county", errors.New("--table and --column are required"))
	}
	reg := registry()
	o := migrate.Options{Table: mf.table, Column: mf.column, Key: mf.key, ByTownship: mf.byTownship, ByAddress: mf.byAddress, Batch: mf.batch}
	if mf.release != "" {
		if mf.from != "" || mf.to != "" {
			return badRequest("--release gives the dates itself", errors.New("--release excludes --from and --to"))
		}
		ro, rreg, err := releaseOptions(cmd.Context(), mf.release)
		if err != nil {
			return err
		}
		reg = rreg
		o.Release, o.Codes, o.From, o.To = ro.Release, ro.Codes, ro.From, ro.To
	} else {
		switch mf.from {
		case "":
			return badRequest("say which date the codes are from, e.g. --from 2019, or --from auto", errors.New("--from is required"))
		case "auto":
			o.FromAuto = true
		default:
			d, err := parseDateFlag("from", mf.from, 0)
			if err != nil {
				return err
			}
			o.From = d
		}
		t, err := parseDateFlag("to", mf.to, reg.Now())
		if err != nil {
			return err
		}
		o.To = t
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	stderr := cmd.ErrOrStderr()
	var bar *progressbar.ProgressBar
	if mf.apply && (mf.progress || isTerminal(stderr) && !mf.quiet) {
		o.Progress = func(done, total int64) {
			if bar == nil {
				bar = progressbar.NewOptions64(total,
					progressbar.OptionSetWriter(stderr),
					progressbar.OptionSetDescription("migrate "+mf.table),
					progressbar.OptionShowCount(),
					progressbar.OptionShowIts(),
					progressbar.OptionSetItsString("rows"),
					progressbar.OptionThrottle(200*time.Millisecond),
					progressbar.OptionSetVisibility(true),
					progressbar.OptionSetPredictTime(true),
				)
			}
			bar.Set64(done)
		}
	}
	db, err := migrate.Open(ctx, dsn)
	if err != nil {
		return badRequest("check --db", err)
	}
	defer db.Close()
	rep, err := migrate.Run(ctx, db, reg, o, mf.apply)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	if errors.Is(err, context.Canceled) {
		return &exitError{code: 130, err: errors.New("interrupted; the batches committed so far stay applied, and the same command resumes after them")}
	}
	if err != nil {
		return badRequest("", err)
	}
	if mf.json {
		return printJSON(cmd.OutOrStdout(), rep)
	}
	rep.WriteText(cmd.OutOrStdout())
	return nil
}

// releaseOptions reads release name from the change store and returns
// the migration of exactly its changes, with the registry as of that
// release (whose events the mapping follows).
func releaseOptions(ctx context.Context, name string) (migrate.Options, *quhua.Registry, error) {
	b, done, err := backend(ctx)
	if err != nil {
		return migrate.Options{}, nil, err
	}
	defer done()
	var exp *change.Export
	var reg *quhua.Registry
	if l, ok := b.(change.Local); ok {
		if exp, reg, err = l.Svc.Export(ctx, l.As, name); err != nil {
			return migrate.Options{}, nil, cliError(err)
		}
	} else {
		// Through a server: rebuild the release on the embedded data from
		// the change sets of every release up to it.
		rs, err := b.Releases(ctx)
		if err != nil {
			return migrate.Options{}, nil, cliError(err)
		}
		var applied []changeset.Applied
		for _, r := range rs {
			e, err := b.Export(ctx, r.Version)
			if err != nil {
				return migrate.Options{}, nil, cliError(err)
			}
			if base := quhua.Default().Version(); e.Base != base {
				return migrate.Options{}, nil, badRequest("use a quhua with the server's data release", fmt.Errorf("release %s is built on data %s; this quhua has %s", r.Version, e.Base, base))
			}
			for _, it := range e.Changes {
				applied = append(applied, changeset.Applied{ID: it.ID, Set: it.Set})
			}
			if r.Version == name {
				exp = e
				break
			}
		}
		if exp == nil {
			return migrate.Options{}, nil, notFound("quhua release list shows the releases", "there is no release %q", name)
		}
		if reg, err = changeset.Build(quhua.Default().Data(), name, applied); err != nil {
			return migrate.Options{}, nil, badRequest("", err)
		}
	}
	var ids []int64
	for _, it := range exp.Changes {
		ids = append(ids, it.ID)
	}
	o, err := migrate.Release(reg, name, ids)
	if err != nil {
		return o, nil, notFound("", "%v", err)
	}
	return o, reg, nil
}
