package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
	"github.com/spf13/cobra"
)

func toJSONMeanings(c quhua.Code, ms []quhua.Meaning) api.Meanings { return api.NewMeanings(c, ms) }

// lookupAll prints every meaning a code has had (quhua lookup CODE --all).
func lookupAll(w io.Writer, reg *quhua.Registry, q string, asJSON bool) error {
	if !looksLikeCode(q) {
		return badRequest("give a code: --all lists the meanings of a code, e.g. quhua lookup 130107 --all", fmt.Errorf("%q is not a code", q))
	}
	c, err := parseCodeArg(q)
	if err != nil {
		return err
	}
	ms := reg.Meanings(c)
	if len(ms) == 0 {
		return unknownCode(reg, c)
	}
	if asJSON {
		return writeJSON(w, toJSONMeanings(c, ms))
	}
	what := "one meaning"
	if len(ms) > 1 {
		what = fmt.Sprintf("%d meanings: the code was reused", len(ms))
	}
	fmt.Fprintf(w, "%s has had %s\n", c, what)
	var notes quhua.Footnotes
	for i, m := range ms {
		fmt.Fprintf(w, "  %d. %s  %s\n", i+1, m.Interval(), strings.Join(m.Names(), " → "))
		t := &table{}
		for _, r := range m.Records {
			t.add(r.Interval(), r.Name+notes.Add(r.Certainty()), r.Kind.String())
		}
		t.write(w, "       ")
	}
	writeFootnotes(w, &notes)
	return nil
}

func init() {
	parent := exportCommand()
	parent.Long += `
  reused      every code that has had more than one meaning, with the intervals of each`
	var format, output string
	cmd := &cobra.Command{
		Use:   "reused [--format csv|json] [-o FILE]",
		Short: "Export the table of reused codes: every meaning of each, with its interval",
		Long: `Reused writes every code of county level and above that stood for different
divisions at different times, one row per meaning, ordered by code and date. A
meaning is a stretch of time over which the code's records continue one another (a
rename or a change of parent keeps the meaning); a code given again after its
holder ended starts a new one. Data coded with a reused code must be read with its
date: quhua lookup CODE --all shows one code's meanings.

CSV columns:
  code                 the six digits
  meaning              1, 2, … in order of time
  meanings             how many meanings the code has had
  valid_from           first day of the meaning (empty: before the first list, 1981)
  valid_from_precision day, month, year (valid_from is that year's 31 December,
                       the day is not known) or interval
  valid_from_after     for an interval, its start: the meaning began after
                       valid_from_after and by valid_from (empty otherwise)
  valid_to             first day the code no longer meant it (empty: it still does)
  valid_to_precision   day, month, year or interval
  valid_to_after       for an interval, its start, as valid_from_after
  interval             the same as text, e.g. 1983–1989-12-08
  names                the names of the meaning, oldest first, separated by " → "
  certainty            official, or provisional / unconfirmed for a meaning whose
                       last record is not official

--format json writes an array of {code, reused, meanings: [{interval, from,
fromPrecision, fromInterval, to, toPrecision, toInterval, names, records}]}, where
fromInterval and toInterval hold both ends of an interval date.`,
		Example: `  quhua export reused > reused.csv
  quhua export reused --format json -o reused.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "csv" && format != "json" {
				return badRequest("use --format csv or --format json", fmt.Errorf("unknown format %q", format))
			}
			reg := registry()
			codes := reg.ReusedCodes()
			return writeOutput(cmd, output, func(w io.Writer) error {
				return writeReused(w, reg, codes, format)
			}, func() string { return fmt.Sprintf("%d reused codes", len(codes)) })
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "csv or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file (atomically) instead of standard output")
	parent.AddCommand(cmd)
}

// first returns the first of ss, "" if there is none.
func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

func writeReused(w io.Writer, reg *quhua.Registry, codes []quhua.Code, format string) error {
	if format == "json" {
		all := make([]api.Meanings, 0, len(codes))
		for _, c := range codes {
			all = append(all, toJSONMeanings(c, reg.Meanings(c)))
		}
		return writeJSON(w, all)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"code", "meaning", "meanings", "valid_from", "valid_from_precision", "valid_from_after", "valid_to", "valid_to_precision", "valid_to_after", "interval", "names", "certainty"})
	for _, c := range codes {
		ms := reg.Meanings(c)
		for i, m := range ms {
			j := toJSONMeanings(c, []quhua.Meaning{m}).Meanings[0]
			cert := "official"
			if a := api.NewCertainty(m.Last().Certainty()); a != nil {
				cert = a.Level
			}
			cw.Write([]string{c.String(), strconv.Itoa(i + 1), strconv.Itoa(len(ms)), j.From, j.FromPrecision, first(j.FromInterval), j.To, j.ToPrecision, first(j.ToInterval), j.Interval, strings.Join(j.Names, " → "), cert})
		}
	}
	cw.Flush()
	return cw.Error()
}
