package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/spf13/cobra"
)

func init() {
	var at, file, column string
	var asJSON, tsv bool
	cmd := &cobra.Command{
		Use:   "parse [ADDRESS...]",
		Short: "Find the province, prefecture and county in free-text addresses",
		Long: `Parse reads free-text Chinese addresses and finds the divisions they name —
province, prefecture and county, with codes and kinds — as of a date (default
today), and the rest of the address (street, number, building). A phone number or
postcode in the text is moved out of the rest into fields of its own.

Full and short names are understood (广西壮族自治区 or 广西, 延边朝鲜族自治州 or 延边州),
missing levels are filled in from the lower ones, and a name shared by several
divisions (朝阳区) is settled by the other names; when nothing settles it, every
candidate is listed. A historical name or parent is carried to the date through
the registry's history, with a note: 吉林省四平市公主岭市 written in 2019 is 220381
as of 2019 and 220184 (under 长春市) today. Every answer says how sure it is:
certain, inferred (with the reason: a former name carried to the date, a county
since split answered with the successor that holds the township the text names,
宝安区观澜街道 being 龙华区 today), or ambiguous (with the candidates); it gives the
level reached and the divisions as the text names them (asWritten, with their
intervals). A text naming two incompatible addresses is reported as a conflict,
with both readings.

With no ADDRESS (or with --file), addresses are read one per line from standard
input (or the file), and one result is written per line: tab-separated columns
(input, province code and name, prefecture code and name, county code and name,
township code and name, rest, status, level, confidence), or JSON lines with
--json. With --column, the input is CSV (TSV
with --tsv) with a header line; the addresses are taken from that column (a name
or a 1-based number) and the result columns are appended to each row.`,
		Example: `  quhua parse "长春市朝阳区西安大路289号(与春阳街交汇处)"
  quhua parse "吉林省四平市公主岭市范家屯镇" --at 2019
  quhua parse "北京市朝阳区建国路" --json
  quhua parse < addresses.txt > parsed.tsv
  quhua parse --file customers.csv --column 地址 > customers-coded.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := parseDateFlag("at", at, quhua.Today())
			if err != nil {
				return err
			}
			p := address.Default()
			w := cmd.OutOrStdout()
			if len(args) > 0 && file == "" {
				if column != "" {
					return badRequest("use --column with --file or standard input", fmt.Errorf("--column needs a file of rows, not addresses as arguments"))
				}
				found := 0
				for i, a := range args {
					r := p.Parse(a, d)
					redactAddress(&r)
					if r.Found() {
						found++
					}
					if asJSON {
						if err := writeJSON(w, r); err != nil {
							return err
						}
						continue
					}
					if i > 0 {
						fmt.Fprintln(w)
					}
					printAddress(w, &r)
				}
				if found == 0 {
					return notFound("write the province, city or county name, e.g. 吉林省长春市朝阳区…", "no division name found in %s", quoteArgs(args))
				}
				return nil
			}
			in := cmd.InOrStdin()
			if file != "" && file != "-" {
				f, err := os.Open(file)
				if err != nil {
					return badRequest("give an existing file, or - for standard input", err)
				}
				defer f.Close()
				in = f
			}
			if column != "" {
				return parseCSV(w, in, p, d, column, tsv, file)
			}
			return parseLines(w, in, p, d, asJSON)
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "the date to resolve names at (YYYY, YYYY-MM or YYYY-MM-DD; default today)")
	cmd.Flags().StringVar(&file, "file", "", "read addresses from this file instead of standard input")
	cmd.Flags().StringVar(&column, "column", "", "the CSV column holding the addresses (header name or 1-based number)")
	cmd.Flags().BoolVar(&tsv, "tsv", false, "with --column: the input is tab-separated")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (one object per line when reading lines)")
	rootCmd.AddCommand(cmd)
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return strings.Join(q, ", ")
}

func partText(p address.Part) string {
	if p.IsZero() {
		return "—"
	}
	return fmt.Sprintf("%s %s (%s)", p.Code, p.Name, p.Kind)
}

func printAddress(w io.Writer, r *address.Result) {
	var names []string
	for _, p := range []address.Part{r.Province, r.Prefecture, r.County} {
		if !p.IsZero() {
			names = append(names, p.Name)
		}
	}
	if !r.Township.IsZero() {
		names = append(names, r.Township.Name)
	}
	head := strings.Join(names, " / ")
	if c := r.Code(); c != 0 {
		head += " " + c.String()
	}
	if !r.Township.IsZero() {
		head += " " + r.Township.Code.String()
	}
	switch {
	case r.Ambiguous():
		head = fmt.Sprintf("%d candidates", len(r.Candidates))
		if len(names) > 0 {
			head += " in " + strings.Join(names, " / ")
		}
	case !r.Found():
		head = "no division found"
	}
	fmt.Fprintf(w, "%s (as of %s)\n", head, r.At)
	var t table
	t.add("province", partText(r.Province))
	t.add("prefecture", partText(r.Prefecture))
	t.add("county", partText(r.County))
	if !r.Township.IsZero() {
		t.add("township", partText(r.Township))
	}
	if pl := r.Place; !pl.IsZero() {
		code := "no code"
		if pl.Code != 0 {
			code = pl.Code.String()
		}
		t.add("place", fmt.Sprintf("%s %s (%s)", code, pl.Name, pl.Kind))
	}
	for _, p := range []address.Part{r.Province, r.Prefecture, r.County} {
		if n := p.Named; n != nil {
			t.add("named", fmt.Sprintf("%s %s (%s, in force %s) for %s %s", n.Code, n.Name, n.Kind, n.InForce, p.Code, p.Name))
		}
	}
	for _, c := range r.Candidates {
		t.add("candidate", fmt.Sprintf("%s %s (%s)", c.Code, c.FullName, c.Kind))
	}
	for _, c := range r.Alternatives {
		t.add("alternative", fmt.Sprintf("%s %s (%s)", c.Code, c.FullName, c.Kind))
	}
	t.add("rest", r.Rest)
	if r.Phone != "" {
		t.add("phone", r.Phone)
	}
	if r.Postcode != "" {
		t.add("postcode", r.Postcode)
	}
	for _, n := range r.Notes {
		t.add("note", n)
	}
	if c := r.Confidence; !c.IsZero() {
		conf := c.Kind
		if c.Reason != "" {
			conf += ": " + c.Reason
		}
		t.add("confidence", conf)
		t.add("level", r.Level())
	}
	for _, x := range r.AsWritten() {
		now := ""
		if !x.Current {
			now = ", not on the date"
		}
		t.add("as written", fmt.Sprintf("%s %s %s (%s, in force %s%s)", x.Level, x.Code, x.Name, x.Kind, x.InForce, now))
	}
	if r.Conflict != nil {
		for _, rd := range r.Conflict.Readings {
			var names []string
			for _, p := range []address.Part{rd.Province, rd.Prefecture, rd.County} {
				if !p.IsZero() {
					names = append(names, p.Code.String()+" "+p.Name)
				}
			}
			t.add("reading", fmt.Sprintf("%s: %s", rd.Text, strings.Join(names, " / ")))
		}
	}
	t.write(w, "  ")
}

// status is one word for a batch row.
func status(r *address.Result) string {
	switch {
	case r.Conflict != nil:
		return "conflict"
	case r.Ambiguous():
		return "ambiguous"
	case !r.Found():
		return "not-found"
	case len(r.Notes) > 0:
		return "carried"
	}
	return "ok"
}

func codeCell(p address.Part) string {
	if p.IsZero() {
		return ""
	}
	return p.Code.String()
}

var resultColumns = []string{"province_code", "province", "prefecture_code", "prefecture", "county_code", "county", "township_code", "township", "rest", "status", "level", "confidence"}

func resultCells(r *address.Result) []string {
	return []string{codeCell(r.Province), r.Province.Name, codeCell(r.Prefecture), r.Prefecture.Name,
		codeCell(r.County), r.County.Name, codeCell(r.Township), r.Township.Name, r.Rest, status(r), r.Level(), r.Confidence.Kind}
}

// appendRow appends the tab-separated line of one result to buf: the
// cells of resultCells, each kept on one line, without building them as
// strings first (the batch path writes one per input line).
func appendRow(buf []byte, input string, r *address.Result) []byte {
	buf = appendCell(buf, input)
	for _, p := range []*address.Part{&r.Province, &r.Prefecture, &r.County, &r.Township} {
		buf = append(buf, '\t')
		if !p.IsZero() {
			buf = strconv.AppendUint(buf, uint64(p.Code), 10)
		}
		buf = append(buf, '\t')
		buf = appendCell(buf, p.Name)
	}
	buf = append(buf, '\t')
	buf = appendCell(buf, r.Rest)
	buf = append(buf, '\t')
	buf = append(buf, status(r)...)
	buf = append(buf, '\t')
	buf = append(buf, r.Level()...)
	buf = append(buf, '\t')
	buf = append(buf, r.Confidence.Kind...)
	return append(buf, '\n')
}

// appendCell appends s with tabs and line breaks turned into spaces.
func appendCell(buf []byte, s string) []byte {
	if strings.IndexAny(s, "\t\n\r") < 0 {
		return append(buf, s...)
	}
	return append(buf, clean(s)...)
}

func parseLines(w io.Writer, in io.Reader, p *address.Parser, at quhua.Date, asJSON bool) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var buf []byte
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		r := p.Parse(text, at)
		if asJSON {
			if err := enc.Encode(r); err != nil {
				return err
			}
			continue
		}
		buf = appendRow(buf[:0], text, &r)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return badRequest("lines longer than 16 MiB are not addresses", fmt.Errorf("reading addresses: %w", err))
	}
	return nil
}

var cellCleaner = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

// clean keeps a TSV cell on one line.
func clean(s string) string { return cellCleaner.Replace(s) }

func parseCSV(w io.Writer, in io.Reader, p *address.Parser, at quhua.Date, column string, tsv bool, name string) error {
	if name == "" || name == "-" {
		name = "standard input"
	}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cw := csv.NewWriter(w)
	if tsv {
		cr.Comma, cw.Comma = '\t', '\t'
		cr.LazyQuotes = true
	}
	head, err := cr.Read()
	if err != nil {
		return badRequest("the input needs a header line", fmt.Errorf("%s: reading header: %w", name, err))
	}
	col := -1
	if n, err := strconv.Atoi(column); err == nil {
		col = n - 1
	} else {
		for i, h := range head {
			if strings.TrimPrefix(h, "\ufeff") == column {
				col = i
			}
		}
	}
	if col < 0 || col >= len(head) {
		return badRequest("name a column of the header or give its 1-based number: "+strings.Join(head, ", "),
			fmt.Errorf("%s: no column %q", name, column))
	}
	if err := cw.Write(append(append([]string(nil), head...), resultColumns...)); err != nil {
		return err
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return badRequest("fix the CSV syntax of that line", fmt.Errorf("%s: %w", name, err))
		}
		if col >= len(rec) {
			return badRequest("every row needs the address column", fmt.Errorf("%s:%d: %d fields, the address column is %d", name, line, len(rec), col+1))
		}
		r := p.Parse(rec[col], at)
		if err := cw.Write(append(append([]string(nil), rec...), resultCells(&r)...)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
