package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/crosswalk"
	"github.com/spf13/cobra"
)

func init() {
	export := &cobra.Command{
		Use:   "export",
		Short: "Export the registry's data as tables",
		Long: `Export writes the registry's data as flat tables for other tools.

  crosswalk   the lineage between two dates (or all pairs of years), CSV or Parquet
  bundle      one data release as SQLite, Parquet and CSV, with release.json and SHA256SUMS`,
		Example: `  quhua export crosswalk --from 2019 --to 2024 --format csv > cw.csv`,
	}
	var from, to, format, output, level string
	var allYears, townships bool
	cw := &cobra.Command{
		Use:   "crosswalk --from DATE --to DATE [--format csv|parquet]",
		Short: "Export the crosswalk between two dates as a flat table",
		Long: `Crosswalk writes the lineage from the divisions of one date to those of another as
a flat table, one row per (source division, target division), so that data too
large for one machine can be recoded by a join in Spark, Trino or DuckDB with the
same mapping quhua recode applies row by row.

Columns:
  from_date, to_date    the pair of dates (YYYY-MM-DD)
  from_code, from_name  a division in force on from_date
  status                the source's recoding status: exact, renamed, recoded,
                        merged, split, partial, abolished (recode's relation)
  to_code, to_name      a division in force on to_date (empty when abolished)
  relation              the target's area relation to the source: same, superset,
                        subset, overlap, lost-area, gained-area, lost-gained-area
                        (the source's own continuation gave or received area),
                        split-from (backwards: the source was split off from it)
  partial               true when the target received only part of the area by a
                        transfer while the source went on (recode names these in
                        its note); join with partial = false for the candidates
  candidates            the number of non-partial targets of the source
  certainty             official, provisional (the target rests on a provisional
                        list) or unconfirmed (on a link no official text confirms)

With --from auto every code of the registry is read at the latest date it was in
force (its from_date), the mapping of quhua recode --from auto.

With --all-years the table holds every pair of year ends (Y1, Y2), Y1 < Y2; join
on from_date and to_date as well. See docs/crosswalk.md for the SQL.`,
		Example: `  quhua export crosswalk --from 2019 --to 2024 --format csv > cw-2019-2024.csv
  quhua export crosswalk --all-years --format parquet -o crosswalk.parquet
  quhua export crosswalk --from auto --to 2024     # codes of any vintage
  quhua export crosswalk --from 2019-10-31 --to 2023-06-30 --level township

  # then, in DuckDB:
  #   SELECT d.*, c.to_code, c.status FROM data d
  #   LEFT JOIN 'cw-2019-2024.csv' c ON c.from_code = d.code AND NOT c.partial;`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			var pairs []crosswalk.Pair
			if allYears {
				if from != "" || to != "" {
					return badRequest("give either --all-years or --from and --to", errors.New("--all-years excludes --from and --to"))
				}
				if level == "township" {
					return badRequest("give --from and --to with --level township", errors.New("--all-years is of year ends, county level and above"))
				}
				pairs = crosswalk.YearPairs(reg)
			} else {
				if from == "" {
					return badRequest("e.g. quhua export crosswalk --from 2019 --to 2024, or --all-years", errors.New("--from is required"))
				}
				var f quhua.Date
				if from != "auto" {
					var err error
					if f, err = parseDateFlag("from", from, 0); err != nil {
						return err
					}
				}
				t, err := parseDateFlag("to", to, reg.Latest())
				if err != nil {
					return err
				}
				switch level {
				case "", "county":
				case "township":
					townships = true
				default:
					return badRequest("--level is county (county level and above) or township", fmt.Errorf("unknown level %q", level))
				}
				pairs = []crosswalk.Pair{{From: f, To: t, Townships: townships}}
			}
			if format == "" {
				format = "csv"
			}
			n := 0
			return writeOutput(cmd, output, func(out io.Writer) error {
				w, err := crosswalk.NewWriter(out, format)
				if err != nil {
					return badRequest("--format is csv or parquet", err)
				}
				err = crosswalk.Each(reg, pairs, func(rows []crosswalk.Row) error {
					n += len(rows)
					return w.Write(rows)
				})
				if err == nil {
					err = w.Close()
				}
				return err
			}, func() string { return fmt.Sprintf("%d rows, %d date pairs", n, len(pairs)) })
		},
	}
	cw.Flags().StringVar(&from, "from", "", "the source date, or auto (required unless --all-years)")
	cw.Flags().StringVar(&to, "to", "", "the target date (default: the latest)")
	cw.Flags().StringVar(&format, "format", "csv", "csv or parquet")
	cw.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	cw.Flags().BoolVar(&allYears, "all-years", false, "every pair of year ends, earlier to later")
	cw.Flags().StringVar(&level, "level", "county", "county (county level and above) or township (9-digit township codes; not with --all-years)")
	export.AddCommand(cw, bundleCmd)
	rootCmd.AddCommand(export)
}
