package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// jsonVersion is the JSON of quhua version --json: the fields of the
// HTTP API's GET /v1/version that the command knows.
type jsonVersion struct {
	Software        string `json:"software"`
	DataVersion     string `json:"dataVersion"`
	UpstreamCommit  string `json:"upstreamCommit"`
	FirstYear       int    `json:"firstYear"`
	LastYear        int    `json:"lastYear"`
	Latest          string `json:"latest"`
	Records         int    `json:"records"`
	Events          int    `json:"events"`
	Release         string `json:"release"`
	Horizon         string `json:"horizon"`
	RecordedThrough string `json:"recordedThrough"`
	Note            string `json:"note,omitempty"`
}

func init() {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the program and data versions, and how far the data reaches",
		Long: `Print the program's version, the data release (e.g. 2026a) with the range of
yearly lists it holds, and its horizon: the date through which the registry is
complete. Changes decided after the horizon are recorded as they become known
("changes recorded through"); answers for dates asked after those carry a
warning. --json prints the same as the HTTP API's GET /v1/version.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			w := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(w, jsonVersion{Software: v, DataVersion: reg.Version(), UpstreamCommit: reg.UpstreamCommit(),
					FirstYear: reg.FirstYear(), LastYear: reg.LastYear(), Latest: reg.Latest().String(),
					Records: len(reg.Records()), Events: len(reg.Events()), Release: reg.Version(),
					Horizon: reg.Horizon().String(), RecordedThrough: reg.RecordedThrough().Format(reg.RecordedThroughPrecision()),
					Note: reg.Note()})
			}
			fmt.Fprintf(w, "quhua %s\ndata %s (lists %d–%d, %d records, %d events)\n",
				v, reg.Version(), reg.FirstYear(), reg.LastYear(), len(reg.Records()), len(reg.Events()))
			fmt.Fprintf(w, "horizon %s: complete through this date", reg.Horizon())
			if rt := reg.RecordedThrough(); rt > reg.Horizon() {
				fmt.Fprintf(w, "; changes recorded through %s", rt.Format(reg.RecordedThroughPrecision()))
			}
			fmt.Fprintln(w)
			if th := reg.TownshipHorizonText(); th != "" {
				fmt.Fprintf(w, "horizon %s\n", th)
			}
			if n := reg.Note(); n != "" {
				fmt.Fprintf(w, "note %s\n", n)
			}
			fmt.Fprintf(w, "upstream %s\n", reg.UpstreamCommit())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	rootCmd.AddCommand(cmd)
}
