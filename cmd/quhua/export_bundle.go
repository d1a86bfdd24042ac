package main

import (
	"fmt"

	"github.com/quhua/quhua/export/bundle"
	"github.com/spf13/cobra"
)

// bundleCmd is quhua export bundle; export.go adds it.
var bundleCmd = &cobra.Command{
	Use:   "bundle DIR",
	Short: "Write one data release as SQLite, Parquet and CSV, with release.json and SHA256SUMS",
	Long: `Bundle writes the registry's release into DIR as files that every language reads:

  quhua.sqlite            the tables below in one SQLite database, with indexes
  TABLE.parquet, .csv     each table as Parquet (zstd) and as CSV (UTF-8)
  release.json            the release name, its horizons and the row counts
  SHA256SUMS              the checksum of every file (sha256sum -c SHA256SUMS)
  README.md               the columns, and example queries in SQL and Python

Tables: divisions (every record of county level and above: code, name, kind,
level, legal_parent, admin_parent, valid_from, valid_to, certainty), townships
(the same at township level), events, documents, links (the lineage) and
crosswalk (each year end carried to the latest date). The bundle is
byte-for-byte the same when written again from the same release.`,
	Example: `  quhua export bundle quhua-2026a
  python3 -c "import sqlite3; print(sqlite3.connect('quhua-2026a/quhua.sqlite').execute(\"SELECT name FROM divisions WHERE code='220184'\").fetchall())"`,
	Args: cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		rel, err := bundle.Write(cmd.Context(), registry(), args[0])
		if err != nil {
			return badRequest("check the directory", err)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "release %s written to %s: %d divisions, %d townships, %d events, %d crosswalk rows\n",
			rel.Release, args[0], rel.Counts["divisions"], rel.Counts["townships"], rel.Counts["events"], rel.Counts["crosswalk"])
		return nil
	},
}
