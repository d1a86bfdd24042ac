package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/quhua/quhua"
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
code stood for when the number was issued (no earlier than the birth date) and the
division that covers it today.

Numbers issued under codes that are not divisions decode too: the raw 1990–1994
lists' XX90XX codes, the placeholders XXXX01 (市辖区) and XX0100/XX0200 of the
municipalities, bare prefecture codes. A code retired shortly before the birth
date (a late registration) gives a warning, not an error. When the date of issue
is known, --issued reads the code as of that date instead.

ID numbers are personal data: output and errors show the number masked
(220381********1234) unless --show-number is given. Give - to read numbers one
per line from standard input, which keeps them out of the shell's history; each
gets one line of output.`,
		Example: `  quhua id 11010519491231002X
  quhua id 11010519491231002X --json
  quhua id 220381200102030019 --issued 2022
  quhua id - < numbers.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			w := cmd.OutOrStdout()
			iss, err := parseDateFlag("issued", issued, 0)
			if err != nil {
				return err
			}
			if args[0] == "-" {
				return idLines(w, cmd.InOrStdin(), reg, iss, asJSON, show)
			}
			info, err := idcard.ParseAt(args[0], reg, iss)
			if err != nil {
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
	cmd.Flags().StringVar(&issued, "issued", "", "the date of issue, if known (YYYY, YYYY-MM or YYYY-MM-DD)")
	rootCmd.AddCommand(cmd)
}

func idError(err error) error {
	switch {
	case errors.Is(err, idcard.ErrRegion):
		return notFound("the first six digits must be a division code of some date since 1981, e.g. 220381", "%v", err)
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
	t.add("birth", info.Birth.String())
	t.add("sex", info.Sex)
	if r := info.Then; r != nil {
		t.add("region", fmt.Sprintf("%s %s (%s, %s), as of %s", r.Code, r.FullName, r.Kind, r.Valid, info.At))
	}
	if info.Class != quhua.ClassDivision {
		t.add("code", fmt.Sprintf("%s (%s)", info.Code, info.Class))
	}
	for _, c := range info.Now {
		t.add("now", fmt.Sprintf("%s %s (%s)", c.Code, c.FullName, c.Status))
	}
	for _, s := range info.Notes {
		t.add("note", s)
	}
	for _, s := range info.Warnings {
		t.add("warning", s)
	}
	t.write(w, "")
}

func idLines(w io.Writer, in io.Reader, reg *quhua.Registry, issued quhua.Date, asJSON, show bool) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 4096), 1<<20)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		info, err := idcard.ParseAt(s, reg, issued)
		if asJSON {
			if err != nil {
				writeJSON(bw, map[string]any{"line": line, "masked": idcard.Mask(s), "error": err.Error()})
				continue
			}
			if !show {
				info.Number = ""
			}
			writeJSON(bw, info)
			continue
		}
		if err != nil {
			fmt.Fprintf(bw, "%d\terror\t%v\n", line, err)
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
	return nil
}
