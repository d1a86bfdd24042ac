package recode

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Report summarises a run: rows read and written, rows per relation, the
// values that were not exact and the malformed rows.
type Report struct {
	Input        string             `json:"input,omitempty"`
	Format       string             `json:"format"`
	OutputFormat string             `json:"output_format"`
	Compression  string             `json:"compression"`
	Column       string             `json:"column"`
	From         string             `json:"from"`
	To           string             `json:"to"`
	RowsRead     int64              `json:"rows_read"`
	RowsWritten  int64              `json:"rows_written"`
	BlankLines   int64              `json:"blank_lines,omitempty"`
	Relations    map[Relation]int64 `json:"relations"`
	// NotExact lists each distinct value whose rows were not exact, most
	// rows first.
	NotExact []ValueReport `json:"not_exact"`
	// NotExactValues is the number of distinct values that were not exact
	// (NotExact lists at most 1000, most rows first).
	NotExactValues int `json:"not_exact_values"`
	// Malformed counts rows with a problem (ragged, bad quoting, invalid
	// UTF-8, missing column, non-numeric aggregate value).
	Malformed int64 `json:"malformed_rows"`
	// Problems lists the first malformed rows.
	Problems []RowProblem `json:"problems,omitempty"`
	// Unconfirmed counts the rows whose answer rests on a link no official
	// text confirms, Provisional those resting on a provisional list; the
	// note of each says why.
	Unconfirmed int64 `json:"unconfirmed_rows"`
	Provisional int64 `json:"provisional_rows"`
	// Groups is the number of output rows of an aggregation.
	Groups int   `json:"groups,omitempty"`
	Bytes  int64 `json:"bytes_read"`
}

// ValueReport is one distinct input value that was not exact.
type ValueReport struct {
	Value string `json:"value"`
	// From is the source date of the rows, with Options.FromColumn.
	From     string   `json:"from,omitempty"`
	Relation Relation `json:"relation"`
	Rows     int64    `json:"rows"`
	Targets  string   `json:"targets,omitempty"`
	Names    string   `json:"names,omitempty"`
	Note     string   `json:"note,omitempty"`
	// Certainty: provisional or unconfirmed; empty for official answers.
	Certainty string `json:"certainty,omitempty"`
}

// RowProblem is one malformed row.
type RowProblem struct {
	Line    int64  `json:"line"`
	Message string `json:"message"`
}

// RowError is a malformed row made fatal by Strict.
type RowError struct {
	Name    string // the input's file name, if known
	Line    int64
	Message string
}

func (e *RowError) Error() string {
	if e.Name != "" {
		return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Message)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Message)
}

// NotExactError is returned by Run with Strict when rows were not exact
// or rested on unconfirmed links; the output and the report are complete.
type NotExactError struct{ Rows, Unconfirmed int64 }

func (e *NotExactError) Error() string {
	if e.Unconfirmed > 0 {
		return fmt.Sprintf("%d rows were not exact, %d rested on links no official text confirms (strict mode)", e.Rows, e.Unconfirmed)
	}
	return fmt.Sprintf("%d rows were not exact (strict mode)", e.Rows)
}

// NotExactRows returns the number of rows whose relation is not exact.
func (r *Report) NotExactRows() int64 {
	var n int64
	for rel, c := range r.Relations {
		if rel != Exact {
			n += c
		}
	}
	return n
}

const (
	maxProblems = 100
	maxValues   = 1000
)

// WriteText writes the summary for people, as printed on standard error.
func (r *Report) WriteText(w io.Writer) {
	if r.Groups > 0 {
		fmt.Fprintf(w, "quhua recode: %d rows read, aggregated into %d rows (%s → %s, column %s)\n", r.RowsRead, r.Groups, r.From, r.To, r.Column)
	} else {
		fmt.Fprintf(w, "quhua recode: %d rows read, %d written (%s → %s, column %s)\n", r.RowsRead, r.RowsWritten, r.From, r.To, r.Column)
	}
	var parts []string
	for _, rel := range Relations {
		if n := r.Relations[rel]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", rel, n))
		}
	}
	fmt.Fprintf(w, "  relations: %s\n", strings.Join(parts, ", "))
	if r.Malformed > 0 {
		fmt.Fprintf(w, "  malformed rows: %d (passed through, flagged in the note)\n", r.Malformed)
		for i, p := range r.Problems {
			if i == 5 {
				fmt.Fprintf(w, "    … see --report for more\n")
				break
			}
			fmt.Fprintf(w, "    line %d: %s\n", p.Line, p.Message)
		}
	}
	if r.BlankLines > 0 {
		fmt.Fprintf(w, "  blank lines skipped: %d\n", r.BlankLines)
	}
	if r.Unconfirmed > 0 {
		fmt.Fprintf(w, "  unconfirmed: %d rows rest on a link no official text confirms (the note says which)\n", r.Unconfirmed)
	}
	if r.Provisional > 0 {
		fmt.Fprintf(w, "  provisional: %d rows rest on a provisional list (the note says which)\n", r.Provisional)
	}
	if len(r.NotExact) > 0 {
		fmt.Fprintf(w, "  not exact (%d distinct values):\n", r.NotExactValues)
		for i, v := range r.NotExact {
			if i == 10 {
				fmt.Fprintf(w, "    … see --report for the full list\n")
				break
			}
			t := v.Targets
			if t == "" {
				t = "-"
			}
			fmt.Fprintf(w, "    %-12s %-11s %8d rows → %s\n", v.Value, v.Relation, v.Rows, t)
		}
	}
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

func sortValues(v []ValueReport) {
	sort.Slice(v, func(i, j int) bool {
		if v[i].Rows != v[j].Rows {
			return v[i].Rows > v[j].Rows
		}
		return v[i].Value < v[j].Value
	})
}
