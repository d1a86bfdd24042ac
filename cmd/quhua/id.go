package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/idcard"
	"github.com/spf13/cobra"
)

func init() {
	var asJSON, show bool
	var issued string
	cmd := &cobra.Command{
		Use:   "id NUMBER|-",
		Short: "Check and decode a resident ID number: birth date, sex, region then and now",
		Long: `Id checks a resident identity card number (公民身份号码): the check character
(ISO 7064 MOD 11-2), the birth date and the region code. Old 15-digit numbers are
converted to 18 digits. It shows the birth date, the sex, the division the region
code stood for when the number was issued (no earlier than the birth date), with
its province, prefecture and county, and the division that covers it today.

The number may be typed with full-width digits or X (１１０１０５…), and with
spaces (U+3000 too), hyphens or full stops between the digits; these are removed
before it is checked, and lengths are counted in characters.

Numbers issued under codes that are not divisions decode too: the raw 1990–1994
lists' XX90XX codes, the placeholders XXXX01 (市辖区) and XX0100/XX0200 of the
municipalities, bare prefecture codes, and codes older than the registry's first
list (1981): the XXXX20 "市区" codes of the lists until 1982 (e.g. 140120 太原市
市区; from one unofficial source, so marked unconfirmed) and the codes of the
Ministry's list of 1980 alone. A code retired shortly before the birth date (a
late registration) gives a warning, not an error.

The residence permits of Hong Kong, Macau and Taiwan residents (港澳台居民居住证,
issued since 2018-09-01) carry the region codes 810000, 820000 and 830000 and the
same check character; id says which permit a number is.

A 15-digit number under a code first used after 1999-07-01 (when GB 11643-1999
replaced 15-digit numbers with 18-digit ones) is an error: no such number was
issued. The verdicts on the check character, the birth date and the region are
given apart (--json: "verdicts"); with an unknown region, the JSON error object
still says whether the check and the date are valid.

When the date of issue is known, --issued reads the code as of that date instead
of the birth date. A date of issue in the future, before the birth date, or
(for a permit) before 2018-09-01 is an error.

ID numbers are personal data: output and errors show the number masked
(220381********1234) unless --show-number is given. Give - to read numbers one
per line from standard input, which keeps them out of the shell's history. Every
input line gets exactly one line of output that starts with its line number (in
--json, one compact object per line with "line"), blank lines included
("blank"). The exit status is 0 when every number is valid, and 1 after all
lines are written when any line failed (blank lines do not count), as recode
--strict does; 2 is for a malformed request.

"quhua id generate" writes synthetic numbers for test fixtures.`,
		Example: `  quhua id 11010519491231002X
  quhua id '110105 19491231 002X' --json
  quhua id 830000199201300022
  quhua id 220381200102030019 --issued 2022
  quhua id - --json < numbers.txt
  quhua id generate --region 220184 --birth 2001-02-03 --sex F --count 3`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			w := cmd.OutOrStdout()
			iss, err := parseIssued(issued)
			if err != nil {
				return err
			}
			if args[0] == "-" {
				return idLines(w, cmd.InOrStdin(), reg, iss, asJSON, show)
			}
			info, err := idcard.ParseAt(args[0], reg, iss)
			if err != nil {
				if info != nil && asJSON {
					// The verdicts: check and date valid, region not.
					writeJSON(w, idErrorJSON(0, err, info))
				}
				return idError(err)
			}
			if !show {
				info.Number = ""
			}
			if asJSON {
				return writeJSON(w, info)
			}
			printID(w, info, show)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (one object per line with -)")
	cmd.Flags().BoolVar(&show, "show-number", false, "show the full number instead of a masked one")
	cmd.Flags().StringVar(&issued, "issued", "", "the date of issue, if known (YYYY, YYYY-MM or YYYY-MM-DD): an error if in the future or before the birth date")
	cmd.AddCommand(idGenerateCmd())
	rootCmd.AddCommand(cmd)
}

// parseIssued reads --issued. Dates before the registry's first list are
// allowed: the ID decoder judges them against the birth date.
func parseIssued(val string) (quhua.Date, error) {
	if val == "" {
		return 0, nil
	}
	d, _, err := quhua.ParseDate(val)
	if err != nil {
		return 0, badRequest("write --issued as YYYY, YYYY-MM or YYYY-MM-DD, e.g. --issued 2019", err)
	}
	return d, nil
}

func idGenerateCmd() *cobra.Command {
	var region, birth, sex, issued string
	var count int
	cmd := &cobra.Command{
		Use:   "generate --region CODE --birth DATE --sex F|M [--count N]",
		Short: "Write synthetic ID numbers that pass the check, for test fixtures",
		Long: `Generate writes ID numbers, one per line, that pass quhua's own date-aware check:
the region code, the birth date, a sequence number whose parity gives the sex (odd
for men, even for women) and the check character.

The region must be a division in force on the birth date, or on the date of issue
when --issued is given (a number is read as of its date of issue), or one of the
residence permits' codes 810000, 820000 and 830000. At most 499 numbers are
written for one region, birth date and sex.

The numbers are synthetic: they follow the rules, but any of them may be a real
person's number. Use them as test fixtures, never as identities; they are written
in full, as a fixture needs them.`,
		Example: `  quhua id generate --region 220184 --birth 2001-02-03 --sex F
  quhua id generate --region 220381 --birth 1992 --sex M --count 5
  quhua id generate --region 220184 --birth 2001-02-03 --sex M --issued 2022`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			code, err := quhua.ParseCode(region)
			if err != nil || region == "" {
				return badRequest("give --region a 6-digit division code, e.g. --region 220184", fmt.Errorf("--region %q: not a code", region))
			}
			b, prec, err := quhua.ParseDate(birth)
			if err != nil || birth == "" {
				return badRequest("give --birth as YYYY-MM-DD (or YYYY, YYYY-MM for its last day)", fmt.Errorf("--birth %q: not a date", birth))
			}
			_ = prec
			iss, err := parseIssued(issued)
			if err != nil {
				return err
			}
			if len(sex) != 1 {
				return badRequest("give --sex F or M", fmt.Errorf("--sex %q: want F or M", sex))
			}
			ns, err := idcard.Generate(reg, code, b, sex[0], iss, count)
			if err != nil {
				return badRequest("the region must be in force on the birth date (or on --issued)", err)
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			for _, n := range ns {
				fmt.Fprintln(w, n)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "quhua: note: %d synthetic numbers for test fixtures: any may be a real person's number; never use them as identities\n", len(ns))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&region, "region", "", "the region code (a division in force on the birth date, or on --issued)")
	f.StringVar(&birth, "birth", "", "the birth date, YYYY-MM-DD")
	f.StringVar(&sex, "sex", "", "F or M")
	f.StringVar(&issued, "issued", "", "the date of issue, if the region is to be in force then rather than on the birth date")
	f.IntVar(&count, "count", 1, "how many numbers (1–499)")
	return cmd
}

func idError(err error) error {
	var e *idcard.Error
	switch {
	case errors.As(err, &e) && e.Field == "region" && strings.Contains(e.Reason, "15-digit"):
		return notFound("a number under this code has 18 digits; check the code and the length", "%v", err)
	case errors.Is(err, idcard.ErrRegion):
		return notFound("the first six digits must be a region code: a division code of a list from 1980 on, e.g. 220381, or 810000, 820000, 830000 for the residence permits", "%v", err)
	case errors.Is(err, idcard.ErrIssued):
		return badRequest("--issued must be on or after the birth date and not in the future", err)
	case errors.Is(err, idcard.ErrCheck):
		return badRequest("check the digits for a typing error; the last character is computed from the first 17", err)
	case errors.Is(err, idcard.ErrBirth):
		return badRequest("digits 7–14 are the birth date YYYYMMDD", err)
	}
	return badRequest("an ID number has 18 characters (17 digits and a digit or X), or 15 digits for old numbers", err)
}

func printID(w io.Writer, info *idcard.Info, show bool) {
	n := info.Masked
	if show {
		n = info.Number
	}
	var t table
	conv := ""
	if info.Converted {
		conv = ", converted from 15 digits"
	}
	t.add("number", n+" (check character ok"+conv+")")
	if info.Permit {
		t.add("document", info.Document)
	}
	t.add("birth", info.Birth.String())
	t.add("sex", info.Sex)
	if r := info.Then; r != nil {
		unc := ""
		if r.Unconfirmed {
			unc = ", unconfirmed"
		}
		t.add("region", fmt.Sprintf("%s %s (%s, %s%s), as of %s", r.Code, r.FullName, r.Kind, r.Valid, unc, info.At))
	}
	if info.Class != quhua.ClassDivision && !info.Permit {
		t.add("code", fmt.Sprintf("%s (%s)", info.Code, info.Class))
	}
	for _, c := range info.Now {
		t.add("now", fmt.Sprintf("%s %s (%s)", c.Code, c.FullName, c.Status))
	}
	for _, r := range info.Elsewhen {
		t.add("elsewhen", fmt.Sprintf("%s %s (%s, %s)", r.Code, r.FullName, r.Kind, r.Valid))
	}
	for _, s := range info.Notes {
		t.add("note", s)
	}
	for _, s := range info.Warnings {
		t.add("warning", s)
	}
	t.write(w, "")
}

// idLineJSON is a line of batch output that is not a decoded number.
type idLineJSON struct {
	Line     int              `json:"line,omitempty"` // 0 for a single number
	Blank    bool             `json:"blank,omitempty"`
	Masked   string           `json:"masked,omitempty"`
	Field    string           `json:"field,omitempty"`
	Error    string           `json:"error,omitempty"`
	Verdicts *idcard.Verdicts `json:"verdicts,omitempty"`
}

// idErrorJSON is the JSON of a number that fails: the mask is the
// error's, and the verdicts are there when the number got as far as its
// region.
func idErrorJSON(line int, err error, info *idcard.Info) idLineJSON {
	out := idLineJSON{Line: line, Error: err.Error()}
	var e *idcard.Error
	if errors.As(err, &e) {
		out.Masked, out.Field = e.Masked, e.Field
	}
	if info != nil {
		out.Verdicts = &info.Verdicts
	}
	return out
}

// idLineOK is the JSON of a decoded number in a batch.
type idLineOK struct {
	Line int `json:"line"`
	*idcard.Info
}

// MarshalJSON puts line first, then the number's own fields.
func (l idLineOK) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(l.Info)
	if err != nil {
		return nil, err
	}
	return append([]byte(fmt.Sprintf(`{"line":%d,`, l.Line)), b[1:]...), nil
}

func idLines(w io.Writer, in io.Reader, reg *quhua.Registry, issued quhua.Date, asJSON, show bool) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 4096), 1<<20)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	failed, total := 0, 0
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			if asJSON {
				enc.Encode(idLineJSON{Line: line, Blank: true})
			} else {
				fmt.Fprintf(bw, "%d\tblank\n", line)
			}
			continue
		}
		total++
		info, err := idcard.ParseAt(s, reg, issued)
		if err != nil {
			failed++
			if asJSON {
				enc.Encode(idErrorJSON(line, err, info))
			} else {
				fmt.Fprintf(bw, "%d\terror\t%v\n", line, err)
			}
			continue
		}
		if !show {
			info.Number = ""
		}
		if asJSON {
			enc.Encode(idLineOK{line, info})
			continue
		}
		n := info.Masked
		if show {
			n = info.Number
		}
		then, now := "", ""
		if info.Then != nil {
			then = info.Then.Code.String() + " " + info.Then.FullName
		}
		if len(info.Now) > 0 {
			now = info.Now[0].Code.String() + " " + info.Now[0].FullName
		}
		fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\n", line, n, info.Birth, info.Sex, then, now)
	}
	if err := sc.Err(); err != nil {
		return badRequest("give one ID number per line", fmt.Errorf("reading numbers: %w", err))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return notFound("see the lines marked error above", "%d of %d numbers failed", failed, total)
	}
	return nil
}

// redactWriter masks ID numbers (idcard.Redact) in each write: standard
// error, where errors and warnings quote what was typed. Each message is
// written whole, in one write.
type redactWriter struct{ w io.Writer }

func (r redactWriter) Write(p []byte) (int, error) {
	s := idcard.Redact(string(p))
	if _, err := io.WriteString(r.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// redactAddress masks an ID number in an address given on the command
// line: the input is masked, and, as the parser may have cut the number
// apart (its region code read as a county), the rest and the phone lose
// every digit. The rows of files (--file, standard input) are data and
// stay as they are.
func redactAddress(r *address.Result) {
	m := idcard.Redact(r.Input)
	if m == r.Input {
		return
	}
	hide := func(s string) string {
		return strings.Map(func(c rune) rune {
			if unicode.IsDigit(c) {
				return '*'
			}
			return c
		}, s)
	}
	r.Input, r.Rest, r.Phone = m, hide(r.Rest), hide(r.Phone)
}
