// Package export writes the divisions in force on a date as flat tables
// (CSV, TSV, JSON lines, JSON, Parquet, SQL) and as the JSON that cascading
// pickers load (element-china-area-data, Vant, china-area-data, a generic
// cascader).
//
// A table has one row per division in force on the date, filtered by level
// and by an ancestor:
//
//	rows, err := export.Divisions(reg, export.Query{At: at, Levels: []quhua.Level{quhua.County}, Under: 220000})
//	err = export.Write(w, export.CSV, rows, export.Options{})
//
// The JSON formats write each row in the JSON shape of a division that the
// API and the command line use (code, name, kind, kindKey, level, from,
// pinyin, legal, admin, path, fullName …, plus release); the tabular
// formats write the flat columns in Columns.
//
// A date is never written more precisely than it is known: valid_from
// comes with its precision, day, month, year (only the year: a workbook
// sheet's or a yearly list's) or interval, and an interval with its start,
// valid_from_after (in JSON, fromInterval holds both ends), so that a
// township seen first between two editions is not read as created on the
// later edition's cut-off.
//
// A level is just another filter: Query.Levels selects provinces,
// prefectures or counties, and levels the registry gains later (townships)
// join the list without changing the formats.
package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

// Release names the data release that exported rows come from. It is the
// one place that decides the release string of every export.
func Release(reg *quhua.Registry) string { return reg.Version() }

// Query selects the divisions to export.
type Query struct {
	// At is the date; the divisions in force on it are exported.
	At quhua.Date
	// Levels keeps only divisions of these levels; empty keeps the
	// county level and above (provinces, prefectures, counties), as the
	// yearly lists: townships, in a registry that has them, are exported
	// when asked for (quhua.Township).
	Levels []quhua.Level
	// Under keeps only the divisions below this code (by administering or
	// legal parent), not the division itself; 0 keeps all.
	Under quhua.Code
}

// Row is one division in force on a date.
type Row struct {
	Division quhua.Division
	// Release is the data release (see Release).
	Release string
}

// ParseLevels reads a comma-separated list of levels: province,
// prefecture, county, township (or 省级, 地级, 县级, 乡级).
func ParseLevels(s string) ([]quhua.Level, error) {
	var out []quhua.Level
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		found := false
		for _, l := range []quhua.Level{quhua.Province, quhua.Prefecture, quhua.County, quhua.Township} {
			if f == l.Key() || f == l.String() {
				out = append(out, l)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown level %q (want province, prefecture, county or township)", f)
		}
	}
	return out, nil
}

// Divisions returns the divisions in force on q.At that q selects, ordered
// by code. A Under code not in force on the date is an error.
func Divisions(reg *quhua.Registry, q Query) ([]Row, error) {
	v := reg.At(q.At)
	var under *quhua.Record
	if q.Under != 0 {
		r, ok := v.Record(q.Under)
		if !ok {
			return nil, &quhua.NotInForceError{Code: q.Under, Date: q.At, Records: reg.CodeRecords(q.Under)}
		}
		under = r
	}
	rel := Release(reg)
	all := v.All()
	out := make([]Row, 0, len(all))
	for _, d := range all {
		if len(q.Levels) > 0 && !slices.Contains(q.Levels, d.Level()) || len(q.Levels) == 0 && d.Level() == quhua.Township {
			continue
		}
		if under != nil && !below(v, d, under) {
			continue
		}
		out = append(out, Row{Division: d, Release: rel})
	}
	return out, nil
}

// below reports whether d lies under anc by administering or legal parent.
func below(v quhua.View, d quhua.Division, anc *quhua.Record) bool {
	if d.Record == anc {
		return false
	}
	if d.Legal == anc {
		return true
	}
	if d.Record.Code.ProvinceCode() != anc.Code.ProvinceCode() {
		return false
	}
	return slices.Contains(d.Path(), anc)
}

// Format is an output format of Write.
type Format string

// The table formats.
const (
	CSV     Format = "csv"
	TSV     Format = "tsv"
	JSONL   Format = "jsonl"
	JSON    Format = "json"
	Parquet Format = "parquet"
	SQL     Format = "sql"
)

// Formats lists the table formats.
var Formats = []Format{CSV, TSV, JSONL, JSON, Parquet, SQL}

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if f == "ndjson" {
		f = JSONL
	}
	if slices.Contains(Formats, f) {
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want csv, tsv, jsonl, json, parquet or sql)", s)
}

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case TSV:
		return "text/tab-separated-values; charset=utf-8"
	case JSONL:
		return "application/jsonl"
	case JSON:
		return "application/json"
	case Parquet:
		return "application/vnd.apache.parquet"
	case SQL:
		return "application/sql; charset=utf-8"
	}
	return "application/octet-stream"
}

// Columns are the columns of the tabular formats (CSV, TSV, Parquet, SQL).
//
//	code                  the 6-digit GB/T 2260 code
//	name                  the name (公主岭市)
//	kind                  the kind in Chinese (县级市)
//	kind_key              the kind as an English key (county-city)
//	level                 province, prefecture or county
//	legal_parent          the code of the legal parent (隶属); empty for provinces
//	admin_parent          the code of the administering parent (代管 where it
//	                      differs); empty for provinces
//	full_name             the names from the province down (吉林省长春市公主岭市)
//	pinyin                the name in pinyin (Gongzhuling Shi)
//	pinyin_initials       the initials of its specific part (gzl)
//	valid_from            the first day in force (YYYY-MM-DD); empty when in force
//	                      since before the first list (1981)
//	valid_from_precision  day, month, year or interval: how precisely valid_from
//	                      is known (year: only the year, valid_from is its 31
//	                      December; interval: only that it began after
//	                      valid_from_after and by valid_from)
//	valid_from_after      for precision interval, the interval's start (the
//	                      earlier township edition's cut-off); empty otherwise
//	code_system           townships: statistics (the statistics bureau's code)
//	                      or civil-affairs (the ministry's, where no edition
//	                      lists it); the two systems reuse some numbers, so a
//	                      township is identified by code and code_system.
//	                      Empty above the township level
//	release               the data release
//
// A valid_from is a day only where valid_from_precision is day: read it
// with its precision (a township dated by an interval began on some day
// after valid_from_after and by valid_from, not on valid_from).
var Columns = []string{"code", "name", "kind", "kind_key", "level", "legal_parent", "admin_parent",
	"full_name", "pinyin", "pinyin_initials", "valid_from", "valid_from_precision", "valid_from_after", "code_system", "release"}

// flat is a row in the tabular formats; its Parquet schema follows the
// struct tags.
type flat struct {
	Code               string `parquet:"code"`
	Name               string `parquet:"name"`
	Kind               string `parquet:"kind"`
	KindKey            string `parquet:"kind_key"`
	Level              string `parquet:"level"`
	LegalParent        string `parquet:"legal_parent,optional"`
	AdminParent        string `parquet:"admin_parent,optional"`
	FullName           string `parquet:"full_name"`
	Pinyin             string `parquet:"pinyin"`
	PinyinInitials     string `parquet:"pinyin_initials"`
	ValidFrom          string `parquet:"valid_from,optional"`
	ValidFromPrecision string `parquet:"valid_from_precision,optional"`
	ValidFromAfter     string `parquet:"valid_from_after,optional"`
	CodeSystem         string `parquet:"code_system,optional"`
	Release            string `parquet:"release"`
}

func (r Row) flat() flat {
	d := r.Division
	p := d.Pinyin()
	f := flat{Code: d.Code.String(), Name: d.Name, Kind: d.Kind.String(), KindKey: d.Kind.Key(), Level: d.Level().Key(),
		FullName: d.FullName(), Pinyin: p.Full, PinyinInitials: p.Initials, Release: r.Release}
	if d.Legal != nil {
		f.LegalParent = d.Legal.Code.String()
	}
	if d.Admin != nil {
		f.AdminParent = d.Admin.Code.String()
	}
	if d.Code.Township() {
		f.CodeSystem = d.System.String()
	}
	if d.From != 0 {
		f.ValidFrom, f.ValidFromPrecision = d.From.String(), d.FromPrec.String()
		if d.FromPrec == quhua.Interval && d.Created != nil {
			f.ValidFromAfter = d.Created.After.String()
		}
	}
	return f
}

func (f flat) values() []string {
	return []string{f.Code, f.Name, f.Kind, f.KindKey, f.Level, f.LegalParent, f.AdminParent,
		f.FullName, f.Pinyin, f.PinyinInitials, f.ValidFrom, f.ValidFromPrecision, f.ValidFromAfter, f.CodeSystem, f.Release}
}

// JSON returns the row in the shared JSON shape of a division.
func (r Row) JSON() api.Division {
	j := api.NewDivision(r.Division)
	j.Release = r.Release
	return j
}

// Options tune Write.
type Options struct {
	// Table is the table name of the SQL format (default "divisions").
	Table string
}

// Write writes rows in the format.
func Write(w io.Writer, f Format, rows []Row, o Options) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var err error
	switch f {
	case CSV:
		cw := csv.NewWriter(bw)
		cw.Write(Columns)
		for _, r := range rows {
			cw.Write(r.flat().values())
		}
		cw.Flush()
		err = cw.Error()
	case TSV:
		bw.WriteString(strings.Join(Columns, "\t") + "\n")
		for _, r := range rows {
			vals := r.flat().values()
			for i, v := range vals {
				if strings.ContainsAny(v, "\t\n\r") {
					return fmt.Errorf("export: %s: column %s holds a tab or line break, which TSV cannot carry", vals[0], Columns[i])
				}
			}
			bw.WriteString(strings.Join(vals, "\t"))
			bw.WriteByte('\n')
		}
	case JSONL:
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for _, r := range rows {
			if err = enc.Encode(r.JSON()); err != nil {
				break
			}
		}
	case JSON:
		// One row at a time, byte for byte the array json.Encoder writes,
		// so that a large export is never held whole in memory.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		bw.WriteByte('[')
		for i, r := range rows {
			buf.Reset()
			if err = enc.Encode(r.JSON()); err != nil {
				break
			}
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}))
		}
		bw.WriteString("]\n")
	case Parquet:
		pw := parquet.NewGenericWriter[flat](bw, parquet.Compression(&zstd.Codec{}))
		fl := make([]flat, len(rows))
		for i, r := range rows {
			fl[i] = r.flat()
		}
		if _, err = pw.Write(fl); err == nil {
			err = pw.Close()
		}
	case SQL:
		err = writeSQL(bw, rows, o.Table)
	default:
		return fmt.Errorf("export: unknown format %q", f)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// writeSQL writes a CREATE TABLE and batched INSERTs in one transaction,
// in the SQL that SQLite and PostgreSQL (and DuckDB) share.
func writeSQL(w *bufio.Writer, rows []Row, table string) error {
	if table == "" {
		table = "divisions"
	}
	if !isIdent(table) {
		return fmt.Errorf("export: table name %q: use letters, digits and _ only, starting with a letter", table)
	}
	fmt.Fprintf(w, "BEGIN;\nCREATE TABLE %s (\n", table)
	types := map[string]string{"code": "VARCHAR(9) NOT NULL", "valid_from": "DATE", "valid_from_after": "DATE"}
	for _, c := range Columns {
		t, ok := types[c]
		if !ok {
			t = "TEXT"
		}
		if c == "name" || c == "kind" || c == "level" || c == "full_name" || c == "release" {
			t += " NOT NULL"
		}
		fmt.Fprintf(w, "  %s %s,\n", c, t)
	}
	// A code identifies a division above the township level; a township
	// by its code and code system (NULL above), which the two systems share.
	w.WriteString("  UNIQUE (code, code_system)\n);\n")
	const batch = 500
	for i, r := range rows {
		if i%batch == 0 {
			if i > 0 {
				w.WriteString(";\n")
			}
			fmt.Fprintf(w, "INSERT INTO %s (%s) VALUES\n", table, strings.Join(Columns, ", "))
		} else {
			w.WriteString(",\n")
		}
		w.WriteByte('(')
		for j, v := range r.flat().values() {
			if j > 0 {
				w.WriteString(", ")
			}
			if v == "" && j > 0 {
				w.WriteString("NULL")
				continue
			}
			w.WriteByte('\'')
			w.WriteString(strings.ReplaceAll(v, "'", "''"))
			w.WriteByte('\'')
		}
		w.WriteByte(')')
	}
	if len(rows) > 0 {
		w.WriteString(";\n")
	}
	w.WriteString("COMMIT;\n")
	return nil
}

func isIdent(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case (r >= '0' && r <= '9' || r == '_') && i > 0:
		default:
			return false
		}
	}
	return s != "" && len(s) <= 63
}
