package main

import (
	"fmt"
	"io"

	"github.com/quhua/quhua"
	"github.com/spf13/cobra"
)

func init() {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff FROM TO",
		Short: "List what changed between two dates, each change with its documents",
		Long: `Diff lists the changes that took effect after FROM and up to TO, in date order,
each with its documents (文号, title, date) and what it did; then the codes that
were removed and added.

"quhua diff 2019 2020" is the change log of 2020: the state at the end of 2019
against the state at the end of 2020.`,
		Example: `  quhua diff 2019 2020
  quhua diff 2020-01 2020-06-30
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
			return diff(cmd.OutOrStdout(), reg, from, to, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	rootCmd.AddCommand(cmd)
}

type jsonDiff struct {
	From    string        `json:"from"`
	To      string        `json:"to"`
	Events  []jsonEvent   `json:"events"`
	Removed []*jsonRecord `json:"removed"`
	Added   []*jsonRecord `json:"added"`
}

func diff(w io.Writer, reg *quhua.Registry, from, to quhua.Date, asJSON bool) error {
	d := reg.Diff(from, to)
	if asJSON {
		out := jsonDiff{From: d.From.String(), To: d.To.String(), Events: []jsonEvent{}, Removed: []*jsonRecord{}, Added: []*jsonRecord{}}
		for _, e := range d.Events {
			out.Events = append(out.Events, toJSONEvent(e, true))
		}
		for _, r := range d.Removed {
			out.Removed = append(out.Removed, toJSONRecord(r))
		}
		for _, r := range d.Added {
			out.Added = append(out.Added, toJSONRecord(r))
		}
		return writeJSON(w, out)
	}
	fmt.Fprintf(w, "%s → %s: %d changes, %d codes removed, %d added\n", d.From, d.To, len(d.Events), len(d.Removed), len(d.Added))
	for _, e := range d.Events {
		fmt.Fprintln(w)
		for i, l := range docLines(e) {
			date := ""
			if i == 0 {
				date = eventDate(e)
			}
			fmt.Fprintf(w, "%-10s  %s\n", date, l)
		}
		for _, op := range e.Operations() {
			fmt.Fprintf(w, "%-10s    %s\n", "", describeOp(op))
		}
	}
	return nil
}
