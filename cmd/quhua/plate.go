package main

import (
	"errors"

	"github.com/quhua/quhua/plate"
	"github.com/spf13/cobra"
)

func init() {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "plate PREFIX...",
		Short: "Tell which region a licence plate's prefix stands for (吉A → 长春市)",
		Long: `Plate tells which region a vehicle licence plate's prefix stands for: a
province character and a letter (吉A), or a whole plate (吉A·12345, only the
first two characters count). A province character alone (吉) lists all its
letters. Some letters belong to a province's vehicle office (车辆管理所) rather
than to a division; they are marked "office" and give the province's code.

The list is the upstream plate-codes.csv, compiled in; each region is given with
its division code as of the registry's latest list.`,
		Example: `  quhua plate 吉A
  quhua plate 京N 粤Y 冀O
  quhua plate 吉 --json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			var all []plate.Match
			for _, a := range args {
				ms, err := plate.Lookup(a)
				if errors.Is(err, plate.ErrSyntax) {
					return badRequest("write a province character and a letter, e.g. 吉A", err)
				}
				if err != nil {
					return notFound("quhua plate with a province character alone (e.g. 吉) lists its letters", "%v", err)
				}
				all = append(all, ms...)
			}
			if asJSON {
				return writeJSON(w, all)
			}
			var t table
			for _, m := range all {
				office := ""
				if m.Office {
					office = "office"
				}
				t.add(m.Prefix, m.Code.String(), m.Name, m.Region, office)
			}
			t.write(w, "")
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	rootCmd.AddCommand(cmd)
}
