package main

import (
	"fmt"
	"io"

	"github.com/quhua/quhua/change"
	"github.com/spf13/cobra"
)

var releaseCmd = &cobra.Command{
	Use:   "release",
	Short: "List and export the releases made by applying changes",
	Long: `quhua release lists the releases of the registry that applying changes made
(2026a+1, 2026a+2 …, on top of the embedded data) and exports one: its change
sets as JSON, which another store can re-enter, or the whole registry as of
that release as a snapshot that quhua can load.

It uses the same store flags as quhua change (--data-dir, --db, --server).`,
	Example: `  quhua release list
  quhua release export 2026a+1 > 2026a+1.json
  quhua release export 2026a+1 --snapshot -o 2026a+1.bin`,
}

func init() {
	releaseCmd.PersistentFlags().AddFlagSet(changeCmd.PersistentFlags())
	listCmd := &cobra.Command{
		Use: "list", Short: "List releases", Args: cobra.NoArgs,
		Long:    "quhua release list prints each release with its parent and the changes it applied.",
		Example: "  quhua release list --json",
		RunE: func(cmd *cobra.Command, args []string) error {
			b, done, err := backend(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			rs, err := b.Releases(cmd.Context())
			if err != nil {
				return cliError(err)
			}
			if jsonOut {
				return printJSON(cmd.OutOrStdout(), rs)
			}
			for _, r := range rs {
				parent := r.Parent
				if parent == "" {
					parent = "(base)"
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%-10s on %-10s %s by %s, changes %v\n", r.Version, parent, r.Created.Format("2006-01-02 15:04"), r.Actor, r.Changes)
			}
			return nil
		},
	}
	var snap bool
	var out string
	exportCmd := &cobra.Command{
		Use: "export VERSION", Short: "Export a release", Args: cobra.ExactArgs(1),
		Long: `quhua release export writes a release's change sets as JSON, or with --snapshot
the registry as of that release in the embedded snapshot's binary form (local
store only).`,
		Example: "  quhua release export 2026a+1 --snapshot -o 2026a+1.bin",
		RunE: func(cmd *cobra.Command, args []string) error {
			// The answer is read first, then written: an unknown release
			// leaves an existing -o file as it was.
			if snap {
				if sf.server != "" {
					return badRequest("export the snapshot on the server's store, or fetch /v1/releases/VERSION?format=snapshot", fmt.Errorf("--snapshot works on a local store"))
				}
				b, done, err := backend(cmd.Context())
				if err != nil {
					return err
				}
				defer done()
				l := b.(change.Local)
				_, reg, err := l.Svc.Export(cmd.Context(), l.As, args[0])
				if err != nil {
					return cliError(err)
				}
				return writeOutput(cmd, out, func(w io.Writer) error {
					_, err := w.Write(reg.Snapshot())
					return err
				}, nil)
			}
			b, done, err := backend(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			ex, err := b.Export(cmd.Context(), args[0])
			if err != nil {
				return cliError(err)
			}
			return writeOutput(cmd, out, func(w io.Writer) error { return printJSON(w, ex) }, nil)
		},
	}
	exportCmd.Flags().BoolVar(&snap, "snapshot", false, "write the registry snapshot instead of the change sets")
	exportCmd.Flags().StringVarP(&out, "output", "o", "", "write to this file")
	releaseCmd.AddCommand(listCmd, exportCmd)
	rootCmd.AddCommand(releaseCmd)
}
