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
	var at string
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "lookup CODE|NAME [--all]",
		Short: "Show a division as of a date: name, kind, legal and administering parent",
		Long: `Lookup shows the division a code or name denotes on a date (default: today):
its name, kind, level, validity, legal parent (隶属), administering parent (代管)
and full path.

A name may be full (公主岭市), short (公主岭) or a path (吉林省长春市公主岭市). A name
shared by several divisions lists them all. A code that is not in force on the date
says when it was and what it became; codes that circulate without being divisions
(the 1990–1994 XX90XX variants, 市辖区 placeholders, statistical XXXX7X codes) are
recognised as such.

With --json a code in force prints the division in the JSON shape of the API's
GET /v1/divisions/{code} (code, name, kind, kindKey, level, from, interval,
pinyin, legal, admin, delegated, path, fullName …); anything else prints a
lookup result {query, at, class, inForce, divisions, records, successors, note}
whose divisions and records have that same shape. A name may also be given in
pinyin: full (gongzhuling, "gong zhu ling", Lu'an), initials (gzl) or mixed.

With --all a code lists every meaning it has had, with the interval of each (a
code given again to another division after its holder ended has several; see
quhua export reused for all of them).

Certainty marks follow a name, explained in a footnote: * provisional (from a list
the data release calls provisional), † unconfirmed (no official text confirms it).
In JSON a record that is not official has a "certainty" object.`,
		Example: `  quhua lookup 220381 --at 2019
  quhua lookup 220381            # no longer in force: points to 220184
  quhua lookup 朝阳区 --at 2024   # two candidates, with their paths
  quhua lookup 吉林省长春市公主岭市 --json
  quhua lookup 130107 --all      # 井陉矿区 1983–1989, and again from 1992`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			if all {
				return lookupAll(cmd.OutOrStdout(), reg, args[0], asJSON)
			}
			d, err := parseDateFlag("at", at, reg.Now())
			if err != nil {
				return err
			}
			return lookup(cmd.OutOrStdout(), reg, args[0], d, asJSON)
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "the date to look at (YYYY, YYYY-MM or YYYY-MM-DD; default now: today, China time)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&all, "all", false, "list every meaning the code has had, with its intervals")
	rootCmd.AddCommand(cmd)
}

type jsonLookup struct {
	Query      string         `json:"query"`
	At         string         `json:"at"`
	Class      string         `json:"class"`
	InForce    bool           `json:"inForce"`
	Divisions  []jsonDivision `json:"divisions,omitempty"`
	Records    []*jsonRecord  `json:"records,omitempty"`
	Successors []jsonTarget   `json:"successors,omitempty"`
	Note       string         `json:"note,omitempty"`
	// BeyondHorizon is set for a date after the registry's horizon.
	BeyondHorizon *api.Horizon `json:"beyondHorizon,omitempty"`
}

func lookup(w io.Writer, reg *quhua.Registry, q string, at quhua.Date, asJSON bool) error {
	v := reg.At(at)
	out := jsonLookup{Query: q, At: at.String(), BeyondHorizon: api.NewHorizon(reg, at)}
	if looksLikeCode(q) {
		c, err := parseCodeArg(q)
		if err != nil {
			return err
		}
		info := reg.Identify(c, at)
		out.Class = info.Class.String()
		out.Note = info.Note
		switch info.Class {
		case quhua.ClassDivision:
			d, _ := v.Lookup(c)
			out.InForce = true
			out.Divisions = []jsonDivision{toJSONDivision(d)}
		case quhua.ClassUnknown:
			return unknownCode(reg, c)
		case quhua.ClassNotInForce:
			for _, r := range info.Records {
				out.Records = append(out.Records, toJSONRecord(r))
			}
			if r := info.Record; r.To != 0 && r.To <= at {
				tr := reg.TranslateRecord(r, r.To.AddDays(-1), at)
				out.Successors = toJSONTargets(tr)
			}
		default:
			if info.Record != nil {
				d, ok := reg.At(at).Lookup(info.Record.Code)
				if ok {
					out.Divisions = []jsonDivision{toJSONDivision(d)}
				}
			}
		}
	} else {
		ds := v.Find(q)
		if len(ds) > 0 {
			out.Class = "division"
			out.InForce = true
			for _, d := range ds {
				out.Divisions = append(out.Divisions, toJSONDivision(d))
			}
		} else {
			rs := reg.FindAll(q)
			if len(rs) == 0 {
				return unknownName(reg, q)
			}
			out.Class = "not-in-force"
			for _, r := range rs {
				out.Records = append(out.Records, toJSONRecord(r))
			}
			last := rs[0]
			for _, r := range rs {
				if r.To != 0 && r.To > last.To && r.To <= at {
					last = r
				}
			}
			if last.To != 0 && last.To <= at {
				out.Successors = toJSONTargets(reg.TranslateRecord(last, last.To.AddDays(-1), at))
			}
			out.Note = fmt.Sprintf("no division named %s is in force on %s", q, at)
		}
	}
	if asJSON {
		if out.Class == quhua.ClassDivision.String() && len(out.Divisions) == 1 && looksLikeCode(q) {
			// A code in force: the division itself, as GET /v1/divisions/{code} answers.
			d := out.Divisions[0]
			d.BeyondHorizon = out.BeyondHorizon
			return writeJSON(w, d)
		}
		return writeJSON(w, out)
	}
	printLookup(w, reg, out, at)
	return nil
}

func printLookup(w io.Writer, reg *quhua.Registry, out jsonLookup, at quhua.Date) {
	if len(out.Divisions) > 1 {
		fmt.Fprintf(w, "%d divisions match %q on %s:\n", len(out.Divisions), out.Query, at)
	}
	var notes quhua.Footnotes
	defer writeFootnotes(w, &notes)
	for i, d := range out.Divisions {
		if i > 0 {
			fmt.Fprintln(w)
		}
		c, _ := quhua.ParseCode(d.Code)
		r, _ := reg.At(at).Record(c)
		fmt.Fprintf(w, "%s %s%s\n", d.Code, d.Name, notes.Add(r.Certainty()))
		t := &table{}
		t.add("kind", fmt.Sprintf("%s (%s)", d.Kind, r.Level()))
		t.add("in force", inForceText(r))
		legal := "中华人民共和国"
		if d.Legal != nil {
			legal = d.Legal.Code + " " + d.Legal.Name
		}
		switch {
		case d.Legal == nil && r.Level() == quhua.Township && r.LegalNote != "":
			t.add("legal parent", "unknown (隶属): "+strings.TrimPrefix(r.LegalNote, "not known: "))
		case d.Legal == nil && r.Level() == quhua.Township:
			t.add("legal parent", "unknown (隶属): no document or edition names the county")
		case r.LegalBasis != "" && r.LegalBasis != "unknown":
			t.add("legal parent", legal+" (隶属)"+notes.Add(quhua.Assessment{Certainty: r.LegalCertainty, Reason: "the legal county rests on one unofficial source", Source: legalSource(r)})+", by "+r.LegalBasis+": "+r.LegalNote)
		default:
			t.add("legal parent", legal+" (隶属)")
		}
		switch {
		case d.Delegated:
			t.add("administered by", d.Admin.Code+" "+d.Admin.Name+" (代管)")
		case r.Level() == quhua.County && r.Code.ProvinceGoverned():
			t.add("administered by", "the province directly (省直辖)")
		}
		if r.Level() == quhua.Township {
			if county, ok := reg.At(at).Lookup(r.Code.CountyCode()); ok && county.Delegated() {
				t.add("county", fmt.Sprintf("%s %s, administered by %s %s (代管)", county.Code, county.Name, county.Admin.Code, county.Admin.Name))
			}
			if r.System == quhua.CivilAffairs || r.Counterpart != 0 {
				t.add("code system", r.CodeSystemNote())
			}
			for _, x := range reg.CounterpartRecords(r.Code) {
				if x.InForce(at) || x.Uncertain(at) {
					t.add("also", fmt.Sprintf("%s is the %s code of %s %s (%s code %s)", r.Code, counterSystem(x), x.Name, x.Interval(), x.System, x.Code))
				}
			}
			if r.Unit != "" {
				t.add("statistical unit", r.Unit+" manages it; "+quhua.StatisticalUnits)
			}
			if d.Unconfirmed {
				t.add("certainty", "unconfirmed: a change after the last township list that one unofficial source shows (data_location), no document")
			}
			if d.Uncertain != "" {
				t.add("uncertain", d.Uncertain)
			}
			if at > township.Horizon {
				t.add("note", reg.TownshipHorizonNotice(at))
			}
		}
		t.add("full name", d.FullName)
		if r.Created != nil {
			t.add("since", eventDate(r.Created)+notes.Add(r.Created.Certainty())+" "+strings.Join(docLines(r.Created), "; "))
		}
		t.write(w, "  ")
	}
	if out.Class != "division" && out.Note != "" {
		fmt.Fprintln(w, out.Note)
	}
	if len(out.Records) > 0 {
		fmt.Fprintln(w, "records:")
		t := &table{}
		for _, r := range out.Records {
			c, _ := quhua.ParseCode(r.Code)
			var rec *quhua.Record
			for _, x := range reg.CodeRecords(c) {
				if x.ID == r.ID {
					rec = x
				}
			}
			t.add(r.Code, r.Name, r.Kind, inForceText(rec))
		}
		t.write(w, "  ")
	}
	if len(out.Successors) > 0 {
		fmt.Fprintf(w, "on %s it is:\n", at)
		t := &table{}
		for _, s := range out.Successors {
			t.add(s.Code, s.Name, s.Status, s.Relation, s.Via)
		}
		t.write(w, "  ")
	}
}

func inForceText(r *quhua.Record) string {
	if r == nil {
		return ""
	}
	s := r.Interval()
	if r.Current() {
		s += " (in force)"
	} else {
		s += " (ended)"
	}
	return s
}

// jsonTarget is a successor of a code no longer in force, as lookup --json
// lists it.
type jsonTarget struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Relation string `json:"relation"`
	Partial  bool   `json:"partial"`
	Inferred bool   `json:"inferred,omitempty"`
	// Legal is the successor's legal parent (隶属) on the date asked,
	// "code name", when it has one; LegalCertainty says when it is not
	// official (a township's legal county from one unofficial source).
	Legal          string   `json:"legal,omitempty"`
	LegalCertainty string   `json:"legalCertainty,omitempty"`
	Via            string   `json:"via,omitempty"`
	Events         []int    `json:"events,omitempty"`
	Docs           []string `json:"documents,omitempty"`
}

func toJSONTargets(tr *quhua.Translation) []jsonTarget {
	var out []jsonTarget
	for _, t := range tr.Targets {
		j := jsonTarget{Code: t.Record.Code.String(), Name: t.Record.Name, Status: string(t.Status(tr.Source)),
			Relation: t.Describe(), Partial: t.Partial, Inferred: t.Inferred, Via: via(t)}
		if d, ok := t.Record.Registry().At(tr.To).Lookup(t.Record.Code); ok && d.Record == t.Record && d.Legal != nil {
			j.Legal = d.Legal.Code.String() + " " + d.Legal.Name
			if c := t.Record.LegalCertainty; t.Record.LegalCounty != 0 && c != quhua.Official {
				j.LegalCertainty = c.String()
			}
		}
		for _, e := range t.Events {
			j.Events = append(j.Events, e.ID)
			j.Docs = append(j.Docs, docLines(e)...)
		}
		out = append(out, j)
	}
	return out
}

// legalSource names where the legal county of a township under a
// statistics-only unit comes from, for a footnote.
func legalSource(r *quhua.Record) string {
	if r.LegalBasis == "document" {
		return "data/corrections/township-legal-parents.csv"
	}
	return r.LegalBasis
}
