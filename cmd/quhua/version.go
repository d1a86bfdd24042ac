package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func init() {
	rootCmd.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print the program and data versions, and how far the data reaches",
		Long: `Print the program's version, the data release (e.g. 2026a) with the range of
yearly lists it holds, and its horizon: the date through which the registry is
complete. Changes decided after the horizon are recorded as they become known
("changes recorded through"); answers for later dates carry a warning.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			w := cmd.OutOrStdout()
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
	})
}
