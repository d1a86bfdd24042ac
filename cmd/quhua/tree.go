package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/township"
	"github.com/spf13/cobra"
)

func init() {
	var at string
	var depth int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "tree [CODE|NAME]",
		Short: "Show the divisions under a division (or the whole country) as of a date",
		Long: `Tree lists the divisions under a province, prefecture or county as of a date
(default today), following administering parents: a county-level city administered
by a prefecture (代管) is listed under that prefecture and marked. Without an argument
it lists the provinces; --depth 3 from the root prints the whole country down to
the counties, --depth 4 down to the townships.

Under a county it lists its townships (街道, 镇, 乡 …), as the statistics bureau's
township lists give them for 2015-09-30 to 2023-06-30, the last edition published.`,
		Example: `  quhua tree 220100 --at 2024     # 长春市: its districts, counties and cities
  quhua tree 220184 --at 2023     # 公主岭市: its 街道, 镇 and 乡
  quhua tree 220100 --at 2023 --depth 2
  quhua tree 吉林省 --depth 2
  quhua tree --at 1985 --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			d, err := parseDateFlag("at", at, quhua.Today())
			if err != nil {
				return err
			}
			if depth < 1 {
				return badRequest("use --depth 1, 2 or 3", fmt.Errorf("--depth must be at least 1"))
			}
			v := reg.At(d)
			var root quhua.Code
			var head *quhua.Division
			if len(args) == 1 {
				q := args[0]
				if looksLikeCode(q) {
					c, err := parseCodeArg(q)
					if err != nil {
						return err
					}
					div, ok := v.Lookup(c)
					if !ok {
						info := reg.Identify(c, d)
						if info.Class == quhua.ClassUnknown {
							return unknownCode(reg, c)
						}
						return notFound("", "%s", info.Note)
					}
					head = &div
				} else {
					ds := v.Find(q)
					switch {
					case len(ds) == 0:
						return unknownName(reg, q)
					case len(ds) > 1:
						var names []string
						for _, x := range ds {
							names = append(names, x.Code.String()+" "+x.FullName())
						}
						return notFound("give a code: "+strings.Join(names, ", "), "%q names %d divisions on %s", q, len(ds), d)
					}
					head = &ds[0]
				}
				root = head.Code
			}
			return tree(cmd.OutOrStdout(), v, root, head, depth, asJSON)
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "the date (YYYY, YYYY-MM or YYYY-MM-DD; default today)")
	cmd.Flags().IntVar(&depth, "depth", 1, "how many levels to show")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	rootCmd.AddCommand(cmd)
}

type jsonNode struct {
	jsonDivision
	Children []jsonNode `json:"children,omitempty"`
}

func tree(w io.Writer, v quhua.View, root quhua.Code, head *quhua.Division, depth int, asJSON bool) error {
	var build func(c quhua.Code, depth int) []jsonNode
	build = func(c quhua.Code, depth int) []jsonNode {
		var out []jsonNode
		for _, ch := range v.Children(c) {
			n := jsonNode{jsonDivision: toJSONDivision(ch)}
			if depth > 1 && ch.Level() != quhua.Township {
				n.Children = build(ch.Code, depth-1)
			}
			out = append(out, n)
		}
		return out
	}
	nodes := build(root, depth)
	if asJSON {
		if head != nil {
			return writeJSON(w, jsonNode{jsonDivision: toJSONDivision(*head), Children: nodes})
		}
		return writeJSON(w, nodes)
	}
	if head != nil {
		fmt.Fprintf(w, "%s %s (%s) on %s: %d units\n", head.Code, head.FullName(), head.Kind, v.Date(), len(nodes))
		if head.Level() == quhua.County && v.Date() > township.Horizon {
			fmt.Fprintf(w, "note: %s\n", townshipHorizonNote)
		}
	} else {
		fmt.Fprintf(w, "中华人民共和国 on %s: %d provincial units\n", v.Date(), len(nodes))
	}
	t := &table{}
	var walk func(ns []jsonNode, indent string)
	walk = func(ns []jsonNode, indent string) {
		for _, n := range ns {
			note := ""
			if n.Delegated && n.Admin != nil {
				note = n.Admin.Name + "代管"
			}
			t.add(indent+n.Code, n.Name, n.Kind, note)
			walk(n.Children, indent+"  ")
		}
	}
	walk(nodes, "")
	t.write(w, "  ")
	return nil
}
