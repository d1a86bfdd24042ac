package main

import (
	"fmt"
	"io"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
	"github.com/spf13/cobra"
)

func init() {
	var asJSON bool
	var level string
	cmd := &cobra.Command{
		Use:   "diff FROM TO",
		Short: "List what changed between two dates, each change with its documents",
		Long: `Diff lists the changes that took effect after FROM and up to TO, in date order,
each with its documents (文号, title, date) and what it did; then the codes that
were removed and added.

"quhua diff 2019 2020" is the change log of 2020: the state at the end of 2019
against the state at the end of 2020.

--level restricts the list to one level: province, prefecture, county or
township (the township lists' editions are as of their cut-off dates, e.g.
2019-10-31 and 2020-06-30); --level all shows every level. By default the
township level is left out.

--json prints the diff as GET /v1/diff?from=…&to=…&level=… answers it, byte for
byte.`,
		Example: `  quhua diff 2019 2020
  quhua diff 2020-01 2020-06-30
  quhua diff 2019-10-31 2020-06-30 --level township
  quhua diff 2000 2024 --json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			from, err := parseDateArg(args[0])
			if err != nil {
				return err
			}
			to, err := parseDateArg(args[1])
			if err != nil {
				return err
			}
			keep, err := levelFilter(level)
			if err != nil {
				return err
			}
			return diff(cmd.OutOrStdout(), reg, from, to, keep, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&level, "level", "", "only this level: province, prefecture, county, township or all (default: all but township)")
	rootCmd.AddCommand(cmd)
}

// levelFilter returns which levels --level keeps.
func levelFilter(level string) (func(quhua.Level) bool, error) {
	switch level {
	case "":
		return func(l quhua.Level) bool { return l != quhua.Township }, nil
	case "all":
		return func(quhua.Level) bool { return true }, nil
	}
	for _, l := range []quhua.Level{quhua.Province, quhua.Prefecture, quhua.County, quhua.Township} {
		if level == l.Key() {
			return func(x quhua.Level) bool { return x == l }, nil
		}
	}
	return nil, badRequest("use --level province, prefecture, county, township or all", fmt.Errorf("unknown level %q", level))
}

func diff(w io.Writer, reg *quhua.Registry, from, to quhua.Date, keep func(quhua.Level) bool, asJSON bool) error {
	d := reg.Diff(from, to)
	d.Filter(keep)
	if asJSON {
		b, err := api.Marshal(api.NewDiff(reg, d))
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	fmt.Fprintf(w, "%s → %s: %d changes, %d codes removed, %d added\n", d.From, d.To, len(d.Events), len(d.Removed), len(d.Added))
	var notes quhua.Footnotes
	for _, e := range d.Events {
		fmt.Fprintln(w)
		for i, l := range docLines(e) {
			date := ""
			if i == 0 {
				date = eventDate(e) + notes.Add(e.Certainty())
			}
			fmt.Fprintf(w, "%-10s  %s\n", date, l)
		}
		for _, op := range e.Operations() {
			if op.AtLevel(keep) {
				fmt.Fprintf(w, "%-10s    %s%s\n", "", describeOp(op), notes.Add(op.Certainty()))
			}
		}
	}
	if l := notes.Lines(); len(l) > 0 {
		fmt.Fprintln(w)
		for _, s := range l {
			fmt.Fprintln(w, s)
		}
	}
	return nil
}
