// Package bundle writes one data release of the registry as files that
// every language reads: an SQLite database, the same tables as Parquet
// and as CSV, a release.json, a SHA256SUMS manifest and a README with
// example queries. The bundle is byte-for-byte the same when written
// again from the same release.
//
// Tables (the README in the bundle documents every column):
//
//	divisions  one row per record of county level and above: a code with
//	           one name over one validity interval [valid_from, valid_to)
//	townships  the same for the township level (9-digit codes)
//	events     the changes, with their dates and precision
//	documents  the decisions (文号) of each event
//	links      the lineage: which record became which, per event
//	crosswalk  for each year end, every division in force carried to the
//	           release's latest date (quhua export crosswalk)
package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/quhua/quhua"
	"github.com/quhua/quhua/crosswalk"
	"github.com/quhua/quhua/export"
	"github.com/quhua/quhua/recode"
	_ "modernc.org/sqlite" // the bundle's database
)

// Division is a row of the divisions and townships tables.
type Division struct {
	ID   int    `parquet:"id" json:"id"`
	Code string `parquet:"code" json:"code"`
	Name string `parquet:"name" json:"name"`
	Kind string `parquet:"kind" json:"kind"`
	// Level: province, prefecture, county or township.
	Level string `parquet:"level" json:"level"`
	// LegalParent and AdminParent are the codes of the parents on the
	// record's first day in force (empty for a province).
	LegalParent string `parquet:"legal_parent" json:"legal_parent"`
	AdminParent string `parquet:"admin_parent" json:"admin_parent"`
	// ValidFrom is empty when the record is older than the first list;
	// ValidTo is empty while it is in force. The interval is half-open.
	ValidFrom *string `parquet:"valid_from,optional" json:"valid_from"`
	ValidTo   *string `parquet:"valid_to,optional" json:"valid_to"`
	// DatePrecision is how much of the dates is known: day, month, year
	// (a year date stands for "within that year", given as 31 December)
	// or interval (the change is seen only between two township editions;
	// the date given is the later edition's cut-off): the coarser of the two.
	DatePrecision string `parquet:"date_precision" json:"date_precision"`
	// Certainty is official, provisional (a record of a provisional list)
	// or unconfirmed (from one unofficial source), as in the API.
	Certainty string `parquet:"certainty" json:"certainty"`
}

// Event is a row of the events table.
type Event struct {
	ID   int    `parquet:"id" json:"id"`
	Date string `parquet:"date" json:"date"`
	// Precision: day, month, year or interval; for an interval, After
	// is its start (the change happened after After and by Date).
	Precision string `parquet:"precision" json:"precision"`
	After     string `parquet:"after" json:"after"`
	// Year is the yearly list in which the change first shows.
	Year     int    `parquet:"year" json:"year"`
	Ref      string `parquet:"ref" json:"ref"`
	Authored bool   `parquet:"authored" json:"authored"`
	// Certainty is official, provisional or unconfirmed, as in the API.
	Certainty string `parquet:"certainty" json:"certainty"`
}

// Document is a row of the documents table.
type Document struct {
	EventID   int    `parquet:"event_id" json:"event_id"`
	Number    string `parquet:"number" json:"number"`
	Title     string `parquet:"title" json:"title"`
	Date      string `parquet:"date" json:"date"`
	Precision string `parquet:"precision" json:"precision"`
	Source    string `parquet:"source" json:"source"`
}

// Link is a row of the links table: record from_id became (part of)
// record to_id by event event_id.
type Link struct {
	EventID  int    `parquet:"event_id" json:"event_id"`
	FromID   int    `parquet:"from_id" json:"from_id"`
	FromCode string `parquet:"from_code" json:"from_code"`
	FromName string `parquet:"from_name" json:"from_name"`
	ToID     int    `parquet:"to_id" json:"to_id"`
	ToCode   string `parquet:"to_code" json:"to_code"`
	ToName   string `parquet:"to_name" json:"to_name"`
	// Transfer: the source stayed in force and gave only part of its area.
	Transfer bool `parquet:"transfer" json:"transfer"`
	// Unconfirmed: no official notice confirms the link.
	Unconfirmed bool `parquet:"unconfirmed" json:"unconfirmed"`
	// Certainty is the link's own or its event's, the weaker: official,
	// provisional or unconfirmed, as in the API.
	Certainty string `parquet:"certainty" json:"certainty"`
}

// Release is the content of release.json.
type Release struct {
	Release string `json:"release"`
	// Latest is the newest state the registry knows; RecordedThrough the
	// date through which changes are recorded; TownshipHorizon the cut-off
	// of the last township list (the township level knows nothing later).
	Latest          string         `json:"latest"`
	RecordedThrough string         `json:"recorded_through"`
	TownshipHorizon string         `json:"township_horizon,omitempty"`
	FirstYear       int            `json:"first_year"`
	LastYear        int            `json:"last_year"`
	Counts          map[string]int `json:"counts"`
	Files           []string       `json:"files"`
}

// tables are the bundle's tables in order.
var tables = []string{"divisions", "townships", "events", "documents", "links", "crosswalk"}

// data holds the rows of every table.
type data struct {
	divisions, townships []Division
	events               []Event
	documents            []Document
	links                []Link
	crosswalk            []crosswalk.Row
}

func dateOrNil(d quhua.Date) *string {
	if d == 0 {
		return nil
	}
	s := d.String()
	return &s
}

func precisionWord(p quhua.Precision) string {
	switch p {
	case quhua.Day:
		return "day"
	case quhua.Month:
		return "month"
	case quhua.Interval:
		return "interval"
	}
	return "year"
}

func collect(reg *quhua.Registry) *data {
	d := &data{}
	for _, r := range reg.Records() {
		row := Division{ID: r.ID, Code: r.Code.String(), Name: r.Name, Kind: r.Kind.Key(), Level: r.Level().Key(),
			ValidFrom: dateOrNil(r.From), ValidTo: dateOrNil(r.To)}
		cert := quhua.Day
		if r.From != 0 && r.FromPrec > cert {
			cert = r.FromPrec
		}
		if r.To != 0 && r.ToPrec > cert {
			cert = r.ToPrec
		}
		row.DatePrecision = precisionWord(cert)
		c := r.Certainty()
		for _, e := range []*quhua.Event{r.Created, r.Retired} {
			if e != nil && e.Certainty().Certainty > c.Certainty {
				c = e.Certainty()
			}
		}
		row.Certainty = c.Certainty.String()
		first := r.From
		if first == 0 {
			first = reg.FirstDate()
		}
		if v, ok := reg.At(first).Lookup(r.Code); ok && v.Record == r {
			if v.Legal != nil {
				row.LegalParent = v.Legal.Code.String()
			}
			if v.Admin != nil {
				row.AdminParent = v.Admin.Code.String()
			}
		}
		if r.Level() == quhua.Township {
			d.townships = append(d.townships, row)
		} else {
			d.divisions = append(d.divisions, row)
		}
	}
	for _, e := range reg.Events() {
		ev := Event{ID: e.ID, Date: e.Date.String(), Precision: precisionWord(e.Precision), Year: e.Year, Ref: e.Ref, Authored: e.Authored,
			Certainty: e.Certainty().Certainty.String()}
		if e.Precision == quhua.Interval {
			ev.After = e.After.String()
		}
		d.events = append(d.events, ev)
		for _, doc := range e.Documents {
			ds := ""
			if doc.Date != 0 {
				ds = doc.Date.String()
			}
			d.documents = append(d.documents, Document{EventID: e.ID, Number: doc.Number, Title: doc.Title, Date: ds, Precision: precisionWord(doc.Precision), Source: doc.Source})
		}
		for _, l := range e.Links {
			d.links = append(d.links, Link{EventID: e.ID, FromID: l.From.ID, FromCode: l.From.Code.String(), FromName: l.From.Name,
				ToID: l.To.ID, ToCode: l.To.Code.String(), ToName: l.To.Name, Transfer: l.Transfer, Unconfirmed: l.Unconfirmed,
				Certainty: l.Certainty().Certainty.String()})
		}
	}
	var pairs []crosswalk.Pair
	for y := reg.FirstYear(); y <= reg.LastYear(); y++ {
		if quhua.EndOfYear(y) < reg.Latest() {
			pairs = append(pairs, crosswalk.Pair{From: quhua.EndOfYear(y), To: reg.Latest()})
		}
	}
	crosswalk.Each(reg, pairs, func(rows []crosswalk.Row) error {
		d.crosswalk = append(d.crosswalk, rows...)
		return nil
	})
	return d
}

// rowsOf returns a table's rows as a slice of structs.
func (d *data) rowsOf(table string) any {
	switch table {
	case "divisions":
		return d.divisions
	case "townships":
		return d.townships
	case "events":
		return d.events
	case "documents":
		return d.documents
	case "links":
		return d.links
	}
	return d.crosswalk
}

// column is a column of a table, from the struct's parquet tags.
type column struct {
	name     string
	field    int
	optional bool
	kind     reflect.Kind
}

func columnsOf(t reflect.Type) []column {
	var out []column
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("parquet")
		name, opts, _ := strings.Cut(tag, ",")
		k := t.Field(i).Type.Kind()
		if k == reflect.Pointer {
			k = t.Field(i).Type.Elem().Kind()
		}
		out = append(out, column{name: name, field: i, optional: strings.Contains(opts, "optional"), kind: k})
	}
	return out
}

// values returns row i of a table as SQL values (nil for NULL).
func values(rows reflect.Value, i int, cols []column) []any {
	v := rows.Index(i)
	out := make([]any, len(cols))
	for j, c := range cols {
		f := v.Field(c.field)
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				out[j] = nil
				continue
			}
			f = f.Elem()
		}
		switch f.Kind() {
		case reflect.String:
			out[j] = f.String()
		case reflect.Int:
			out[j] = f.Int()
		case reflect.Bool:
			if f.Bool() {
				out[j] = int64(1)
			} else {
				out[j] = int64(0)
			}
		}
	}
	return out
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}

// Write writes the bundle of reg's release into dir (created if needed;
// files of the bundle's names are replaced) and returns its release.json.
func Write(ctx context.Context, reg *quhua.Registry, dir string) (*Release, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	d := collect(reg)
	rel := &Release{Release: export.Release(reg), Latest: reg.Latest().String(), RecordedThrough: reg.RecordedThrough().String(),
		FirstYear: reg.FirstYear(), LastYear: reg.LastYear(), Counts: map[string]int{}}
	if reg.HasTownships() {
		rel.TownshipHorizon = recode.TownshipHorizon(reg).String()
	}
	var files []string
	add := func(name string, b []byte) error {
		files = append(files, name)
		return os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	for _, t := range tables {
		rows := reflect.ValueOf(d.rowsOf(t))
		rel.Counts[t] = rows.Len()
		cols := columnsOf(rows.Type().Elem())
		// CSV
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.name
		}
		w.Write(names)
		rec := make([]string, len(cols))
		for i := 0; i < rows.Len(); i++ {
			for j, v := range values(rows, i, cols) {
				if cols[j].kind == reflect.Bool {
					rec[j] = strconv.FormatBool(v.(int64) == 1)
				} else {
					rec[j] = text(v)
				}
			}
			w.Write(rec)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, err
		}
		if err := add(t+".csv", b.Bytes()); err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		// Parquet
		var pb bytes.Buffer
		if err := writeParquet(&pb, d.rowsOf(t)); err != nil {
			return nil, fmt.Errorf("bundle: %s.parquet: %w", t, err)
		}
		if err := add(t+".parquet", pb.Bytes()); err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
	}
	if err := writeSQLite(ctx, filepath.Join(dir, "quhua.sqlite"), d); err != nil {
		return nil, err
	}
	files = append(files, "quhua.sqlite")
	if err := add("README.md", []byte(readme(rel))); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	sort.Strings(files)
	rel.Files = append(append([]string{}, files...), "release.json")
	sort.Strings(rel.Files)
	js, err := json.MarshalIndent(rel, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := add("release.json", append(js, '\n')); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	sort.Strings(files)
	var sums bytes.Buffer
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		h := sha256.Sum256(b)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), f)
	}
	if err := os.WriteFile(filepath.Join(dir, "SHA256SUMS"), sums.Bytes(), 0o644); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	return rel, nil
}

func writeParquet(b *bytes.Buffer, rows any) error {
	switch rs := rows.(type) {
	case []Division:
		return writeGeneric(b, rs)
	case []Event:
		return writeGeneric(b, rs)
	case []Document:
		return writeGeneric(b, rs)
	case []Link:
		return writeGeneric(b, rs)
	case []crosswalk.Row:
		return writeGeneric(b, rs)
	}
	return fmt.Errorf("no parquet writer for %T", rows)
}

func writeGeneric[T any](b *bytes.Buffer, rows []T) error {
	w := parquet.NewGenericWriter[T](b, parquet.Compression(&zstd.Codec{}))
	if _, err := w.Write(rows); err != nil {
		return err
	}
	return w.Close()
}

// indexes are the SQLite indexes of the bundle.
var indexes = []string{
	`CREATE INDEX divisions_code ON divisions (code, valid_from)`,
	`CREATE INDEX divisions_name ON divisions (name)`,
	`CREATE INDEX townships_code ON townships (code, valid_from)`,
	`CREATE INDEX townships_parent ON townships (legal_parent)`,
	`CREATE INDEX documents_event ON documents (event_id)`,
	`CREATE INDEX links_from ON links (from_id)`,
	`CREATE INDEX links_to ON links (to_id)`,
	`CREATE INDEX crosswalk_from ON crosswalk (from_date, from_code)`,
}

func writeSQLite(ctx context.Context, path string, d *data) error {
	os.Remove(path)
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	for _, t := range tables {
		rows := reflect.ValueOf(d.rowsOf(t))
		cols := columnsOf(rows.Type().Elem())
		var defs, ph []string
		for _, c := range cols {
			typ := "TEXT"
			if c.kind == reflect.Int || c.kind == reflect.Bool {
				typ = "INTEGER"
			}
			nn := " NOT NULL"
			if c.optional {
				nn = ""
			}
			defs = append(defs, c.name+" "+typ+nn)
			ph = append(ph, "?")
		}
		pk := ""
		if t == "divisions" || t == "townships" || t == "events" {
			pk = ", PRIMARY KEY (id)"
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE `+t+` (`+strings.Join(defs, ", ")+pk+`)`); err != nil {
			return fmt.Errorf("bundle: creating %s: %w", t, err)
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO `+t+` VALUES (`+strings.Join(ph, ", ")+`)`)
		if err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
		for i := 0; i < rows.Len(); i++ {
			if _, err := st.ExecContext(ctx, values(rows, i, cols)...); err != nil {
				return fmt.Errorf("bundle: %s row %d: %w", t, i+1, err)
			}
		}
		st.Close()
	}
	for _, q := range indexes {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("bundle: %s: %w", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if _, err := db.ExecContext(ctx, `VACUUM`); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	return nil
}
