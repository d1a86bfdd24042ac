package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/quhua/quhua/export"
	"github.com/spf13/cobra"
)

// exportCommand returns the export command that export.go registers (this
// file's init runs after that file's).
func exportCommand() *cobra.Command {
	for _, c := range rootCmd.Commands() {
		if c.Name() == "export" {
			return c
		}
	}
	panic("quhua: the export command is not registered")
}

func init() {
	parent := exportCommand()
	parent.Long += `
  divisions   every division in force on a date: CSV, TSV, JSON lines, JSON, Parquet, SQL
  picker      the JSON that cascading pickers load, at any date`

	var at, format, levels, under, output, table string
	cmd := &cobra.Command{
		Use:   "divisions --at DATE [--format csv|tsv|jsonl|json|parquet|sql] [--level L] [--under CODE]",
		Short: "Export every division in force on a date as a table",
		Long: `Divisions writes one row per division in force on a date (default: now,
today in China time), ordered by code.

The tabular formats (csv, tsv, parquet, sql) have the columns
  code, name, kind, kind_key, level, legal_parent, admin_parent, full_name,
  pinyin, pinyin_initials, valid_from, valid_from_precision, valid_from_after,
  code_system, release
where legal_parent and admin_parent are codes (empty for provinces), valid_from
is the first day in force (empty: since before the first list, 1981) and
release names the data release. valid_from is a day only where
valid_from_precision is day: year means only the year is known (valid_from is
its 31 December), interval that the division began after valid_from_after and
by valid_from (a township seen first in the later of two editions;
valid_from_after is empty otherwise). code_system is statistics or
civil-affairs for a township (the two systems share some numbers: a township
is identified by code and code_system), empty above. sql writes a CREATE TABLE
and INSERTs in one transaction that SQLite, PostgreSQL and DuckDB load
(--table names the table; code and code_system are unique together).

jsonl and json write each division in the JSON shape of the API's
GET /v1/divisions/{code} (code, name, kind, kindKey, level, from,
fromPrecision, fromInterval (both ends of an interval), pinyin, legal, admin,
path, fullName …) with a release field.

--level keeps some levels (province, prefecture, county, township;
comma-separated); without it, the county level and above are exported, as in
the yearly lists (--level township for the townships, known through the
statistics bureau's last list of 2023-06-30); --under CODE keeps the divisions below a division (by administering or legal
parent).`,
		Example: `  quhua export divisions --at 2024 --format csv > divisions-2024.csv
  quhua export divisions --at 2019 --level county --under 220000 --format jsonl
  quhua export divisions --at 2024 --format sql | sqlite3 divisions.db
  quhua export divisions --at 2024 --format parquet -o divisions.parquet
  quhua export divisions --at 2023-06-30 --level township --under 220184 --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			d, err := parseDateFlag("at", at, reg.Now())
			if err != nil {
				return err
			}
			f, err := export.ParseFormat(format)
			if err != nil {
				return badRequest("--format is csv, tsv, jsonl, json, parquet or sql", err)
			}
			q := export.Query{At: d}
			if q.Levels, err = export.ParseLevels(levels); err != nil {
				return badRequest("--level is province, prefecture or county (comma-separated)", err)
			}
			if under != "" {
				if q.Under, err = parseCodeArg(under); err != nil {
					return err
				}
			}
			rows, err := export.Divisions(reg, q)
			if err != nil {
				return notFound("give a code in force on the date (quhua lookup CODE --at DATE)", "--under: %v", err)
			}
			return writeOutput(cmd, output, func(w io.Writer) error {
				return export.Write(w, f, rows, export.Options{Table: table})
			}, func() string { return fmt.Sprintf("%d divisions on %s", len(rows), d) })
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "the date (YYYY, YYYY-MM or YYYY-MM-DD; default now: today, China time)")
	cmd.Flags().StringVar(&format, "format", "csv", "csv, tsv, jsonl, json, parquet or sql")
	cmd.Flags().StringVar(&levels, "level", "", "keep these levels: province, prefecture, county (comma-separated)")
	cmd.Flags().StringVar(&under, "under", "", "keep the divisions below this code")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	cmd.Flags().StringVar(&table, "table", "divisions", "the table name of --format sql")
	parent.AddCommand(cmd)
}

// writeOutput runs write on standard output, or on the file named by
// output: written under a temporary name and renamed over it only when
// complete (see atomicFile), so that a failure or an interruption leaves
// an existing file as it was. For a file it reports what() on standard
// error, unless what is nil.
func writeOutput(cmd *cobra.Command, output string, write func(io.Writer) error, what func() string) error {
	var out io.Writer = cmd.OutOrStdout()
	var file *atomicFile
	if output != "" && output != "-" {
		f, err := createAtomic(output)
		if err != nil {
			return badRequest("check the output path", err)
		}
		defer f.Abort() // no-op after Commit
		file, out = f, f
	}
	bw := bufio.NewWriterSize(out, 1<<16)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && file != nil {
		err = file.Commit()
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err // a request error says what to fix as it is
	}
	if err != nil {
		return fmt.Errorf("%s: %w", strings.TrimPrefix(cmd.CommandPath(), "quhua "), err)
	}
	if file != nil && what != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s → %s\n", cmd.CommandPath(), what(), output)
	}
	return nil
}

func init() {
	parent := exportCommand()
	var at, format, middle, outlying, valueKey, labelKey, childrenKey, output string
	var short bool
	cmd := &cobra.Command{
		Use:   "picker --format element|vant|vant-cascader|china-area-data|cascader [--at DATE]",
		Short: "Export the divisions of a date as the JSON a cascading picker loads",
		Long: `Picker writes the provinces, prefectures and counties in force on a date (default:
now, today in China time) in the JSON shape a picker component loads:

  element          element-china-area-data: {"regionData": [{value, label, children}],
                   "codeToText": {code: name}}, values of 2, 4 and 6 digits
  vant             @vant/area-data's areaList: {province_list, city_list, county_list}
  vant-cascader    @vant/area-data's useCascaderAreaData(): [{text, value, children}]
  china-area-data  china-area-data's data.json: {"86": {…}, parentCode: {code: name}}
  cascader         antd, Element Plus, uni-app: [{value, label, children}];
                   --value-key, --label-key, --children-key rename the fields,
                   --short-codes writes 2/4/6-digit values

Every code is a GB/T 2260 code of a division in force on the date, except the
placeholders below; nothing is invented.

--middle says how to fill the prefecture level that three-column pickers need
where GB/T 2260 has none (the municipalities' districts and counties, the
county-level units a province governs directly, 省直辖):
  placeholder  group them under a node whose code is the prefix their codes
               share (110100, 500200, 429000; 1101 … in element) and whose name
               is the package's (市辖区 or the municipality's name, 县,
               省直辖县级行政区划 or 省直辖县). Such a node is not a division:
               GB/T 2260 lists used these codes as placeholders. The default,
               except for cascader.
  none         list them directly under their province (cascader's default).

--outlying says how to treat 710000 台湾省, 810000 香港特别行政区 and 820000
澳门特别行政区, which GB/T 2260 lists without subdivisions:
  leaf  list them as provinces without children (the default)
  omit  leave them out (as element-china-area-data does)
Prefecture-level cities without counties (东莞市, 中山市, 儋州市 …) are leaves.`,
		Example: `  quhua export picker --format element --at 2024 > element-2024.json
  quhua export picker --format vant --at 2019-10-31
  quhua export picker --format cascader --value-key id --label-key name --children-key items`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := registry()
			d, err := parseDateFlag("at", at, reg.Now())
			if err != nil {
				return err
			}
			f, err := export.ParsePickerFormat(format)
			if err != nil {
				return badRequest("--format is element, vant, vant-cascader, china-area-data or cascader", err)
			}
			o := export.PickerOptions{At: d, Middle: export.Middle(middle), Outlying: export.Outlying(outlying),
				ValueKey: valueKey, LabelKey: labelKey, ChildrenKey: childrenKey, ShortCodes: short}
			if err := export.CheckPickerOptions(f, o); err != nil {
				return badRequest("see quhua export picker --help", err)
			}
			return writeOutput(cmd, output, func(w io.Writer) error {
				return export.WritePicker(w, reg, f, o)
			}, func() string { return fmt.Sprintf("%s picker on %s", f, d) })
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "the date (YYYY, YYYY-MM or YYYY-MM-DD; default now: today, China time)")
	cmd.Flags().StringVar(&format, "format", "", "element, vant, vant-cascader, china-area-data or cascader (required)")
	cmd.Flags().StringVar(&middle, "middle", "", "placeholder or none (default placeholder, none for cascader)")
	cmd.Flags().StringVar(&outlying, "outlying", "leaf", "Taiwan, Hong Kong, Macau: leaf or omit")
	cmd.Flags().StringVar(&valueKey, "value-key", "value", "cascader: the value field's name")
	cmd.Flags().StringVar(&labelKey, "label-key", "label", "cascader: the label field's name")
	cmd.Flags().StringVar(&childrenKey, "children-key", "children", "cascader: the children field's name")
	cmd.Flags().BoolVar(&short, "short-codes", false, "cascader: 2/4/6-digit values as element-china-area-data writes them")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	parent.AddCommand(cmd)
}
