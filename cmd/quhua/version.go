package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func init() {
	rootCmd.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print the program and data versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			fmt.Fprintf(cmd.OutOrStdout(), "quhua %s\ndata %s (lists %d–%d, %d records, %d events)\nupstream %s\n",
				v, reg.Version(), reg.FirstYear(), reg.LastYear(), len(reg.Records()), len(reg.Events()), reg.UpstreamCommit())
			return nil
		},
	})
}
