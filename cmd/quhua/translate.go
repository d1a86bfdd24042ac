package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/quhua/quhua"
	"github.com/spf13/cobra"
)

func init() {
	var from, to string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "translate CODE|NAME --from DATE [--to DATE]",
		Short: "Carry a code from one date to another, with the relation of areas",
		Long: `Translate says which divisions of the --to date cover what a division covered on
the --from date (or, with --to before --from, what it came from).

Each target has a relation of areas — same area, superset (the source was merged
into it), subset (the source was split), overlap — and a recoding status: exact,
renamed, recoded, merged, split, partial, abolished. Targets reached only by a
transfer of part of the area are listed as partial. Nothing is guessed: a split
lists every part.`,
		Example: `  quhua translate 220381 --from 2019 --to 2024   # 220184, same area (recoded)
  quhua translate 320611 --from 2019 --to 2024   # 320613 崇川区, merged
  quhua translate 320613 --from 2024 --to 2019   # backwards: 320602 and 320611
  quhua translate 公主岭市 --from 2000 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			if from == "" {
				return badRequest("say which date the code is from, e.g. --from 2019", fmt.Errorf("--from is required"))
			}
			f, err := parseDateFlag("from", from, 0)
			if err != nil {
				return err
			}
			t, err := parseDateFlag("to", to, quhua.Today())
			if err != nil {
				return err
			}
			return translate(cmd.OutOrStdout(), reg, args[0], f, t, asJSON)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the date the code is from (required)")
	cmd.Flags().StringVar(&to, "to", "", "the date to translate to (default today)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	rootCmd.AddCommand(cmd)
}

type jsonTarget struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Status   string   `json:"status"`
	Relation string   `json:"relation"`
	Partial  bool     `json:"partial"`
	Via      string   `json:"via,omitempty"`
	Events   []int    `json:"events,omitempty"`
	Docs     []string `json:"documents,omitempty"`
}

func toJSONTargets(tr *quhua.Translation) []jsonTarget {
	var out []jsonTarget
	for _, t := range tr.Targets {
		j := jsonTarget{Code: t.Record.Code.String(), Name: t.Record.Name, Status: string(t.Status(tr.Source)),
			Relation: t.Relation.Describe(), Partial: t.Partial}
		var via []string
		for _, e := range t.Events {
			j.Events = append(j.Events, e.ID)
			num := ""
			if len(e.Documents) > 0 {
				num = e.Documents[0].Number
			}
			via = append(via, strings.TrimSpace(eventDate(e)+" "+num))
			j.Docs = append(j.Docs, docLines(e)...)
		}
		j.Via = strings.Join(via, "; ")
		out = append(out, j)
	}
	return out
}

type jsonTranslation struct {
	Source  *jsonRecord   `json:"source"`
	From    string        `json:"from"`
	To      string        `json:"to"`
	Status  string        `json:"status"`
	Targets []jsonTarget  `json:"targets"`
	Ended   []*jsonRecord `json:"ended,omitempty"`
}

func translate(w io.Writer, reg *quhua.Registry, q string, from, to quhua.Date, asJSON bool) error {
	var src *quhua.Record
	if looksLikeCode(q) {
		c, err := parseCodeArg(q)
		if err != nil {
			return err
		}
		r, ok := reg.At(from).Record(c)
		if !ok {
			info := reg.Identify(c, from)
			switch info.Class {
			case quhua.ClassUnknown:
				return unknownCode(reg, c)
			case quhua.ClassRawVariant:
				r = info.Record
			default:
				hint := ""
				if len(info.Records) > 0 {
					rr := info.Record
					hint = fmt.Sprintf("%s was in force %s; try --from %d", rr.Code, rr.Interval(), rr.FirstYear())
				}
				return notFound(hint, "%s", info.Note)
			}
		}
		src = r
	} else {
		ds := reg.At(from).Find(q)
		switch len(ds) {
		case 0:
			if len(reg.FindAll(q)) > 0 {
				return notFound("see quhua history "+q+" for when it was in force", "no division named %q is in force on %s", q, from)
			}
			return unknownName(reg, q)
		case 1:
			src = ds[0].Record
		default:
			var names []string
			for _, d := range ds {
				names = append(names, d.Code.String()+" "+d.FullName())
			}
			return notFound("give a code or a path instead: "+strings.Join(names, ", "), "%q names %d divisions on %s", q, len(ds), from)
		}
	}
	tr := reg.TranslateRecord(src, from, to)
	out := jsonTranslation{Source: toJSONRecord(src), From: from.String(), To: to.String(), Status: string(tr.Status()), Targets: toJSONTargets(tr)}
	for _, r := range tr.Ended {
		out.Ended = append(out.Ended, toJSONRecord(r))
	}
	if out.Targets == nil {
		out.Targets = []jsonTarget{}
	}
	if asJSON {
		return writeJSON(w, out)
	}
	fmt.Fprintf(w, "%s %s on %s → %s: %s\n", src.Code, src.Name, from, to, tr.Status())
	t := &table{}
	for _, x := range out.Targets {
		t.add(x.Code, x.Name, x.Status, x.Relation, x.Via)
	}
	t.write(w, "  ")
	seen := map[int]bool{}
	for _, x := range tr.Targets {
		for _, e := range x.Events {
			if seen[e.ID] {
				continue
			}
			seen[e.ID] = true
			for _, d := range docLines(e) {
				fmt.Fprintf(w, "  %s  %s\n", eventDate(e), d)
			}
		}
	}
	for _, r := range tr.Ended {
		fmt.Fprintf(w, "  %s ended with no successor (%s)\n", recordName(r), r.Interval())
	}
	if src.Level() == quhua.Township && max(from, to) > quhua.LastTownshipList {
		fmt.Fprintf(w, "  note: %s\n", src.Registry().TownshipHorizonNotice(max(from, to)))
	}
	return nil
}
