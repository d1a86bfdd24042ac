package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
	"github.com/quhua/quhua/township"
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
into it), subset (the source was split), overlap, lost area / gained area / lost
and gained area (the unit's own continuation, which gave or received part of its
area between the two dates, whichever way you translate), split off from it
(backwards: the source was carved out of the target) — and a recoding status:
exact, renamed, recoded, merged, split, partial, abolished. A continuation that
lost or gained area is partial, never exact. Targets reached only by a transfer of
part of the area are listed as partial. Nothing is guessed: a split lists every part.

Certainty marks follow the status, explained in a footnote: * provisional (the
answer rests on a list the data release calls provisional), † unconfirmed (on a
link no official text confirms, e.g. upstream's "!"). With --json a target has a
"certainty" object (level, reason, source) when it is not official.

--json prints the translation as GET /v1/translate/{code}?from=…&to=… answers it,
byte for byte.`,
		Example: `  quhua translate 220381 --from 2019 --to 2024   # 220184, same area (recoded)
  quhua translate 653221 --from 2023 --to 2025   # 和田县 lost area to 和安县 (†)
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

// via names the events that carried a translation to t: their dates and
// first document numbers.
func via(t quhua.Target) string {
	var out []string
	for _, e := range t.Events {
		num := ""
		if len(e.Documents) > 0 {
			num = e.Documents[0].Number
		}
		out = append(out, strings.TrimSpace(eventDate(e)+" "+num))
	}
	return strings.Join(out, "; ")
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
	if asJSON {
		j := api.NewTranslation(tr)
		j.BeyondHorizon = api.NewHorizon(reg, max(from, to))
		b, err := marshalAnswer(reg, j)
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	fmt.Fprintf(w, "%s %s on %s → %s: %s\n", src.Code, src.Name, from, to, tr.Status())
	t := &table{}
	var notes quhua.Footnotes
	for _, x := range tr.Targets {
		t.add(x.Record.Code.String(), x.Record.Name, string(x.Status(tr.Source))+notes.Add(x.Certainty), x.Describe(), via(x))
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
	if src.Level() == quhua.Township && max(from, to) > township.Horizon {
		fmt.Fprintf(w, "  note: %s\n", src.Registry().TownshipHorizonNotice(max(from, to)))
	}
	writeFootnotes(w, &notes)
	return nil
}

// writeFootnotes explains the certainty marks a text output used.
func writeFootnotes(w io.Writer, notes *quhua.Footnotes) {
	for _, l := range notes.Lines() {
		fmt.Fprintf(w, "  %s\n", l)
	}
}
