package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
	"github.com/spf13/cobra"
)

func init() {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history CODE|NAME",
		Short: "Tell a division's whole story across renames, recodes and changes of parent",
		Long: `History follows a division through every record it has had — each code and name
with its validity, its legal parent (隶属) and administering parent (代管) — and lists
every change that touched it, with the documents that decided it: its creation,
renames, recodes, changes of parent, area gained or lost, and its end.

A name that several divisions have had (over time or at once) prints each story.

--json prints the story as GET /v1/divisions/{code}/history answers it, byte for byte: the
record asked for, its periods and its steps. Several stories are one JSON
document each, one per line.`,
		Example: `  quhua history 公主岭市
  quhua history 220381
  quhua history 崇川区 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			q := args[0]
			var recs []*quhua.Record
			if looksLikeCode(q) {
				c, err := parseCodeArg(q)
				if err != nil {
					return err
				}
				// A township number may also be another township's code in
				// the other system: both readings.
				recs = append(slices.Clone(reg.CodeRecords(c)), reg.CounterpartRecords(c)...)
				if len(recs) == 0 {
					info := reg.Identify(c, reg.Now())
					if info.Class != quhua.ClassUnknown && info.Record != nil {
						return notFound("see quhua history "+info.Record.Code.String(), "%s", info.Note)
					}
					return unknownCode(reg, c)
				}
			} else {
				recs = reg.FindAll(q)
				if len(recs) == 0 {
					for _, d := range reg.At(reg.Now()).Find(q) {
						recs = append(recs, d.Record)
					}
				}
				if len(recs) == 0 {
					return unknownName(reg, q)
				}
			}
			return history(cmd.OutOrStdout(), reg, recs, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	rootCmd.AddCommand(cmd)
}

// chains groups records into the timelines they belong to, in order.
func chains(recs []*quhua.Record) [][]*quhua.Record {
	var out [][]*quhua.Record
	for _, r := range recs {
		found := false
		for _, c := range out {
			if slices.Contains(c, r) {
				found = true
			}
		}
		if !found {
			out = append(out, r.Chain())
		}
	}
	return out
}

// history prints the story of each timeline recs belong to. With asJSON
// each is the API's history of the last of recs in that timeline (the
// record GET /v1/divisions/{code}/history answers for a code), one per line.
func history(w io.Writer, reg *quhua.Registry, recs []*quhua.Record, asJSON bool) error {
	for i, chain := range chains(recs) {
		if !asJSON {
			printTimeline(w, reg.History(chain[len(chain)-1]), i > 0)
			continue
		}
		var asked *quhua.Record
		for _, r := range recs {
			if slices.Contains(chain, r) {
				asked = r
			}
		}
		b, err := marshalAnswer(reg, api.NewHistory(reg, asked))
		if err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func printTimeline(w io.Writer, tl *quhua.Timeline, sep bool) {
	if sep {
		fmt.Fprintln(w)
	}
	last := tl.Periods[len(tl.Periods)-1]
	state := "in force"
	if !last.Current() {
		state = "ended " + last.To.Format(last.ToPrec)
	}
	fmt.Fprintf(w, "%s — %s %s, %s, %s\n\n", last.Name, last.Code, last.FullName(), last.Kind, state)
	var notes quhua.Footnotes
	defer writeFootnotes(w, &notes)
	t := &table{}
	t.add("CODE", "NAME", "KIND", "IN FORCE", "LEGAL PARENT (隶属)", "ADMINISTERED BY (代管)")
	for _, p := range tl.Periods {
		legal, admin := "中华人民共和国", "—"
		switch {
		case p.Legal != nil && p.LegalBasis != "" && p.LegalBasis != "unknown":
			legal = recordName(p.Legal) + notes.Add(quhua.Assessment{Certainty: p.LegalCertainty, Reason: "the legal county rests on one unofficial source", Source: legalSource(p.Record)})
		case p.Legal != nil:
			legal = recordName(p.Legal)
		case p.Level() == quhua.Township:
			legal = "unknown"
		}
		switch {
		case p.Delegated():
			admin = recordName(p.Admin) + " (代管)"
		case p.Level() == quhua.County && p.Code.ProvinceGoverned():
			admin = "省直辖"
		case p.Admin != nil:
			admin = recordName(p.Admin)
		}
		t.add(p.Code.String(), p.Name+notes.Add(p.Record.Certainty()), p.Kind.String(), p.Interval(), legal, admin)
	}
	t.write(w, "  ")
	for _, p := range tl.Periods {
		if p.Level() != quhua.Township {
			continue
		}
		if p.System == quhua.CivilAffairs || p.Counterpart != 0 {
			fmt.Fprintf(w, "  %s is the %s of %s\n", p.Code, p.CodeSystemNote(), p.Name)
		}
		if p.Counterpart != 0 {
			fmt.Fprintf(w, "  %s is the %s code of %s (%s code %s)\n", p.Counterpart, counterSystem(p.Record), p.Name, p.System, p.Code)
		}
		if p.Unit != "" {
			fmt.Fprintf(w, "  %s lies under the statistics-only unit %s, which manages it: %s\n", p.Code, p.Unit, quhua.StatisticalUnits)
			if p.LegalBasis == "unknown" {
				fmt.Fprintf(w, "  %s: legal county unknown, %s\n", p.Code, strings.TrimPrefix(p.LegalNote, "not known: "))
			} else {
				fmt.Fprintf(w, "  %s: legal county %s by %s (%s): %s\n", p.Code, p.LegalCounty, p.LegalBasis, p.LegalCertainty, p.LegalNote)
			}
		}
	}
	fmt.Fprintln(w, "\nchanges:")
	for _, s := range tl.Steps {
		fmt.Fprintf(w, "  %-10s  %-7s  %s%s\n", eventDate(s.Event), s.Role, describeOp(s.Op), notes.Add(s.Op.Certainty()))
		for _, d := range docLines(s.Event) {
			fmt.Fprintf(w, "  %-10s  %-7s    %s\n", "", "", d)
		}
	}
}

// counterSystem names the system of a township's counterpart code.
func counterSystem(r *quhua.Record) quhua.CodeSystem {
	if r.System == quhua.CivilAffairs {
		return quhua.Statistics
	}
	return quhua.CivilAffairs
}
