package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/recode"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// recodeFlags are the flags of quhua recode.
type recodeFlags struct {
	column, by, from, fromCol, to, inFmt, outFmt, output, report string
	encoding, outEncoding                                        string
	aggregate, groupBy                                           []string
	level, weights, prefix                                       string
	strict, quiet, progress                                      bool
	maxRecord                                                    int
}

func init() {
	var rf recodeFlags
	cmd := &cobra.Command{
		Use:   "recode [FILE] --column COL --from DATE|auto [--to DATE]",
		Short: "Carry a whole table keyed by division codes or names to the divisions of another date",
		Long: `Recode reads a table (CSV, TSV, JSON lines or Parquet; from FILE or standard
input; gzip and zstd input are recognised) whose division column holds codes of
one date, and writes it with the divisions of another date. Every input row is
written, in order, with added columns:

  quhua_code      the target code(s); a split lists every candidate, ";"-separated
  quhua_name      the target name(s)
  quhua_relation  exact, renamed, recoded, merged, split, partial, abolished,
                  placeholder (XXXX01 市辖区, XX0100/XX0200 of a municipality),
                  statistical (XXXX7X development-zone codes), ambiguous (a name
                  of several divisions), unknown, or invalid (a malformed row)
  quhua_note      what happened, when, and every candidate
  quhua_raw       CSV, TSV and JSON-lines input: a malformed row as read
                  (empty otherwise; in TSV output \t \n \r \\ are escaped)

With --from auto each code is read at the latest date it was in force and a fifth
column, quhua_vintage, gives that date. With --from-column COL each row is read at
the date in its own column COL (a year, as in a panel; --from then serves rows where
it is empty). The raw lists' 1990–1994 XX90XX codes are
recognised (e.g. 229001 for 公主岭市 220381). Only 6-, 9- and 12-digit values are
codes: statistical codes (9 or 12 digits) are carried by their first six digits, the
rest kept; any other run of digits (2203811) is unknown, never cut to six. A code
written as a number (220381.0, as spreadsheets and pandas write it) is read, with a
note. With --by name the column holds names: short names (公主岭), full paths
(吉林省长春市公主岭市) or names of the source date.

Text encodings: CSV from Excel in China is GB18030 (GBK). --encoding auto (the
default) reads the first 64 KiB: when they are not UTF-8 but read as GB18030
the file is decoded as GB18030, and a note says so. --encoding utf-8 refuses
such a file with a hint; --encoding gb18030 decodes it whatever its start.
The output is written in the input's encoding (--output-encoding input), or
in utf-8 or gb18030 as asked; Parquet is always UTF-8.

Every output row has exactly the header's fields. Malformed rows (bad quoting,
invalid UTF-8, more or fewer fields than the header) are written and flagged in the
note; those that cannot be written as read are kept as read in quhua_raw. A row with
the wrong number of fields is invalid, as its fields cannot be matched to the columns. CRLF input gives CRLF output. A
division column named twice in the header is an error. --strict makes malformed rows
fatal, and makes the command exit with status 1 when any row is not exact, after
writing the output and the report.

An answer that rests on a link no official text confirms (upstream's "!", a change
file's unconfirmed link) or on a provisional list ends its note with "unconfirmed:
…" or "provisional: …" and the source; the summary counts those rows, and --strict
reports unconfirmed rows as it reports inexact ones (exit status 1), never silently.

With -o FILE the output is written to a temporary file next to FILE and renamed over
it only when complete: on an error or Ctrl-C (exit status 130) an existing FILE is
left as it was, and FILE may not be the input file (also through links).

--aggregate sums numeric columns per target division (per prefecture or province
with --level) instead of writing rows: merged units add up; a split is kept as a
group listing its candidates unless --weights apportions it (a CSV
source,target,weight, or "townships": the share of the unit's townships that
went to each part, from the township lineage, a proxy that counts townships,
not people or area). Unmapped rows are grouped by relation, so totals match.

A summary goes to standard error (and, as JSON, to --report FILE); a progress bar
is shown on a terminal for runs longer than two seconds.`,
		Example: `  # a 2019 panel carried to 2024; 220381 公主岭市 becomes 220184 (recoded)
  quhua recode panel.csv --column code --from 2019 --to 2024 -o panel-2024.csv

  # codes of mixed vintages, each read at its latest date; report as JSON
  quhua recode old.csv.gz --column 2 --from auto --report report.json > new.csv

  # a panel whose codes are those of each row's year
  quhua recode panel.csv --column code --from-column year --to 2024

  # roll a value column up to the prefectures of 2024 (公主岭 under 长春市)
  quhua recode panel.csv --column code --from 2000 --aggregate value --level prefecture

  # names instead of codes, JSON lines in, Parquet out
  quhua recode rows.jsonl --column county --by name --from 2010 --output-format parquet -o rows.parquet`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runRecode(cmd, args, &rf) },
	}
	f := cmd.Flags()
	f.StringVarP(&rf.column, "column", "c", "", "the division column: a header name, or a 1-based number (required)")
	f.StringVar(&rf.by, "by", "code", "what the column holds: code or name")
	f.StringVar(&rf.from, "from", "", "the date the codes are from, or auto (required)")
	f.StringVar(&rf.fromCol, "from-column", "", "a column holding each row's source date (e.g. a year), for panels")
	f.StringVar(&rf.to, "to", "", "the date to carry the codes to (default: the latest)")
	f.StringVar(&rf.inFmt, "input-format", "auto", "csv, tsv, jsonl or parquet (default: from the file name or content)")
	f.StringVar(&rf.encoding, "encoding", "auto", "the input's text encoding: auto (GB18030 when the first 64 KiB are not UTF-8 but read as GB18030), utf-8 or gb18030")
	f.StringVar(&rf.outEncoding, "output-encoding", "input", "the output's text encoding: input (the input's), utf-8 or gb18030; Parquet is always UTF-8")
	f.StringVar(&rf.outFmt, "output-format", "auto", "csv, tsv, jsonl or parquet (default: the input's, or the -o file's)")
	f.StringVarP(&rf.output, "output", "o", "", "write to FILE instead of standard output (replaced only by a complete output)")
	f.StringVar(&rf.report, "report", "", "write the summary as JSON to FILE")
	f.StringSliceVar(&rf.aggregate, "aggregate", nil, "sum these numeric columns per target division (COL[,COL…])")
	f.StringSliceVar(&rf.groupBy, "group-by", nil, "with --aggregate, also group by these columns (e.g. year)")
	f.StringVar(&rf.level, "level", "", "with --aggregate: county (default), prefecture or province")
	f.StringVar(&rf.weights, "weights", "", "with --aggregate: CSV source,target,weight apportioning split rows, or townships (the share of townships, a proxy)")
	f.StringVar(&rf.prefix, "prefix", "quhua_", "prefix of the added column names")
	f.BoolVar(&rf.strict, "strict", false, "fail on malformed rows; exit 1 if any row is not exact or rests on an unconfirmed link")
	f.BoolVarP(&rf.quiet, "quiet", "q", false, "no summary or progress on standard error")
	f.BoolVar(&rf.progress, "progress", false, "show the progress bar even when standard error is not a terminal")
	f.IntVar(&rf.maxRecord, "max-record", 64<<20, "the longest record accepted, in bytes (for Parquet: the largest page, decompressed)")
	rootCmd.AddCommand(cmd)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// recodeError maps a run's error to an exit status and hint.
func recodeError(err error) error {
	var ne *recode.NotExactError
	var re *recode.RowError
	var tl *recode.RecordTooLongError
	switch {
	case errors.As(err, &ne):
		return notFound("see the summary above or --report for the rows that were not exact", "%v", err)
	case errors.As(err, &re):
		return badRequest("fix the row, or run without --strict to pass malformed rows through flagged", err)
	case errors.As(err, &tl):
		return badRequest("check the quoting near that line", err)
	case errors.Is(err, recode.ErrEmpty):
		return badRequest("the input needs a header line naming its columns", err)
	case strings.Contains(err.Error(), "column"):
		return badRequest("name a column of the header, or give its 1-based number", err)
	}
	return badRequest("", err)
}

func writeReport(path string, rep *recode.Report) error {
	f, err := createAtomic(path)
	if err != nil {
		return badRequest("check the --report path", err)
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newBar returns a progress bar over the input's bytes (a spinner when the
// size is not known).
func newBar(w io.Writer, size int64) *progressbar.ProgressBar {
	return progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("recode"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSetVisibility(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionSetPredictTime(true),
	)
}

// options turns the flags into the run's options.
func (f *recodeFlags) options() (recode.Options, error) {
	column, by, from, fromCol, to, inFmt, outFmt, output := f.column, f.by, f.from, f.fromCol, f.to, f.inFmt, f.outFmt, f.output
	aggregate, groupBy, level, weights, prefix := f.aggregate, f.groupBy, f.level, f.weights, f.prefix
	strict, maxRecord := f.strict, f.maxRecord
	o := recode.Options{Registry: registry(), Column: column, Strict: strict, Prefix: prefix, MaxRecord: maxRecord}
	if column == "" {
		return o, badRequest("name the division column, e.g. --column code (or its 1-based number, --column 2)", errors.New("--column is required"))
	}
	switch by {
	case "code", "":
	case "name":
		o.ByName = true
	default:
		return o, badRequest("--by is code or name", fmt.Errorf("unknown --by %q", by))
	}
	o.FromColumn = fromCol
	switch from {
	case "":
		if fromCol != "" {
			break
		}
		return o, badRequest("say which date the codes are from, e.g. --from 2019, or --from auto", errors.New("--from is required"))
	case "auto":
		if fromCol != "" {
			return o, badRequest("--from-column reads each row's date; --from then gives the date of rows where it is empty", errors.New("--from auto and --from-column exclude each other"))
		}
		o.FromAuto = true
	default:
		d, err := parseDateFlag("from", from, 0)
		if err != nil {
			return o, err
		}
		o.From = d
	}
	reg := registry()
	t, err := parseDateFlag("to", to, reg.Latest())
	if err != nil {
		return o, err
	}
	o.To = t
	if o.Input, err = recode.ParseFormat(inFmt); err != nil {
		return o, badRequest("formats are csv, tsv, jsonl and parquet", err)
	}
	if o.Output, err = recode.ParseFormat(outFmt); err != nil {
		return o, badRequest("formats are csv, tsv, jsonl and parquet", err)
	}
	if o.Output == recode.Auto && output != "" {
		o.Output = recode.FormatOf(output)
	}
	for _, a := range aggregate {
		o.Aggregate = append(o.Aggregate, splitList(a)...)
	}
	for _, g := range groupBy {
		o.GroupBy = append(o.GroupBy, splitList(g)...)
	}
	switch level {
	case "", "county":
		o.Level = quhua.County
	case "prefecture":
		o.Level = quhua.Prefecture
	case "province":
		o.Level = quhua.Province
	default:
		return o, badRequest("--level is county, prefecture or province", fmt.Errorf("unknown --level %q", level))
	}
	if (level != "" || weights != "" || len(groupBy) > 0) && len(o.Aggregate) == 0 {
		return o, badRequest("add --aggregate COL to sum a numeric column", errors.New("--level, --weights and --group-by apply to --aggregate"))
	}
	if weights == "townships" {
		if fromCol != "" {
			return o, badRequest("give --from DATE or --from auto", errors.New("--weights townships reads the sources on one date, not per row (--from-column)"))
		}
		if o.Weights, err = recode.TownshipWeights(reg, o.From, o.FromAuto, o.To); err != nil {
			return o, badRequest("", err)
		}
	} else if weights != "" {
		f, err := os.Open(weights)
		if err != nil {
			return o, badRequest("", err)
		}
		o.Weights, err = recode.LoadWeights(f, weights)
		f.Close()
		if err != nil {
			return o, badRequest("the weights file is CSV with the header source,target,weight", err)
		}
	}
	return o, nil
}

// runRecode runs quhua recode: it opens the input and the output (an
// atomic file with -o), shows the progress bar, and writes the summary.
func runRecode(cmd *cobra.Command, args []string, f *recodeFlags) error {
	o, err := f.options()
	if err != nil {
		return err
	}
	output, report, quiet, progress := f.output, f.report, f.quiet, f.progress
	if output == "-" {
		output = ""
	}
	in, size, closeIn, err := openRecodeInput(cmd, args, &o, output, report)
	if err != nil {
		return err
	}
	defer closeIn()
	inputName := o.Name
	if inputName == "" {
		inputName = "standard input"
	}
	// Text encodings (see recode_encoding.go): recode reads and
	// writes UTF-8; GB18030 is decoded and encoded around it.
	inEncFlag, err := parseEncoding("--encoding", f.encoding, false)
	if err != nil {
		return badRequest("use --encoding auto, utf-8 or gb18030", err)
	}
	outEnc, err := parseEncoding("--output-encoding", f.outEncoding, true)
	if err != nil {
		return badRequest("use --output-encoding input, utf-8 or gb18030", err)
	}
	in, inEnc, closeDec, err := decodeInput(in, inEncFlag, inputName, parquetInput(o))
	if err != nil {
		return err
	}
	defer closeDec()
	if outEnc == "input" {
		outEnc = inEnc
	}
	if o.Output == recode.Parquet || o.Output == recode.Auto && parquetInput(o) {
		outEnc = encUTF8 // Parquet text is UTF-8
	}
	if inEnc == encGB18030 && inEncFlag == encAuto && !quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "quhua: note: %s is GB18030 (GBK), as Excel writes CSV in China; the output is written in %s (--output-encoding utf-8 or gb18030 to choose)\n", inputName, outEnc)
	}
	var out io.Writer = cmd.OutOrStdout()
	var outFile *atomicFile
	if output != "" {
		f, err := createAtomic(output)
		if err != nil {
			return badRequest("check the output path", err)
		}
		// Until Commit the output goes to a temporary file; an
		// existing file of that name is replaced only by a
		// complete output.
		defer f.Abort()
		outFile = f
		out = f
	}
	out, closeEnc := encodeOutput(out, outEnc)
	bw := bufio.NewWriterSize(out, 1<<20)
	stderr := cmd.ErrOrStderr()
	// The bar shows on a terminal once a run has taken two
	// seconds (at once with --progress). Progress is called from
	// the reading goroutine only, which ends before Run returns.
	var bar *progressbar.ProgressBar
	if progress || isTerminal(stderr) && !quiet {
		start := time.Now()
		o.Progress = func(n int64) {
			if bar == nil {
				if !progress && time.Since(start) < 2*time.Second {
					return
				}
				bar = newBar(stderr, size)
			}
			bar.Set64(n)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := recode.Run(ctx, in, bw, o)
	if bar != nil {
		bar.Finish()
		bar.Exit()
		fmt.Fprintln(stderr)
	}
	if ferr := bw.Flush(); ferr != nil && err == nil {
		err = ferr
	}
	if cerr := closeEnc(); cerr != nil && err == nil {
		err = cerr
	}
	var ne *recode.NotExactError
	if outFile != nil {
		// A strict run whose rows were not all exact has written
		// its whole output: it is kept. Any other error leaves the
		// output file as it was.
		if err == nil || errors.As(err, &ne) {
			if cerr := outFile.Commit(); cerr != nil && err == nil {
				err = cerr
			}
		} else {
			outFile.Abort()
		}
	}
	if errors.Is(err, context.Canceled) {
		err = errors.New("interrupted")
		if output != "" {
			err = fmt.Errorf("interrupted; %s was left as it was", output)
		}
		return &exitError{code: 130, err: err}
	}
	if rep != nil && report != "" {
		if werr := writeReport(report, rep); werr != nil && err == nil {
			err = werr
		}
	}
	if rep != nil && (err == nil || errors.As(err, &ne)) && !quiet {
		rep.WriteText(stderr)
	}
	if err != nil {
		if perr := parquetError(err, parquetInput(o)); perr != nil {
			return perr
		}
		return recodeError(err)
	}
	return nil
}

// openRecodeInput opens the input (FILE, or standard input for none or
// "-") and refuses an output or report file that is the input. size is
// the input's size for the progress bar (-1: not known).
func openRecodeInput(cmd *cobra.Command, args []string, o *recode.Options, output, report string) (in io.Reader, size int64, closeIn func(), err error) {
	in, size, closeIn = cmd.InOrStdin(), -1, func() {}
	var inStat os.FileInfo // the input file, to refuse writing over it
	if len(args) == 1 && args[0] != "-" {
		f, err := os.Open(args[0])
		if err != nil {
			return nil, 0, nil, notFound("check the file name", "%v", err)
		}
		in, closeIn = f, func() { f.Close() }
		o.Name = args[0]
	}
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size, inStat = st.Size(), st
		}
	}
	inputName := o.Name
	if inputName == "" {
		inputName = "standard input"
	}
	isInput := func(path string) bool {
		st, err := os.Stat(path)
		return err == nil && inStat != nil && os.SameFile(st, inStat)
	}
	if output != "" && isInput(output) {
		closeIn()
		return nil, 0, nil, badRequest("write the output to another file, and rename it afterwards if you want to replace the input",
			fmt.Errorf("the output %s is the input file (%s): writing it would destroy the input", output, inputName))
	}
	if report != "" && (isInput(report) || output != "" && sameFile(report, output)) {
		closeIn()
		return nil, 0, nil, badRequest("give --report a file of its own", fmt.Errorf("the report %s is the input or the output file", report))
	}
	return in, size, closeIn, nil
}
