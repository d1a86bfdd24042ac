package migrate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/recode"
)

// Options describe one migration.
type Options struct {
	// Table and Column name the code column to migrate.
	Table, Column string
	// Key is the table's key column; empty: its single-column primary key.
	Key string
	// From is the date the column's codes are valid on; with FromAuto each
	// code is read at the latest date it was in force.
	From     quhua.Date
	FromAuto bool
	// To is the target date; zero: the registry's latest state.
	To quhua.Date
	// ByTownship names a column of 9-digit township codes that decides
	// rows the code alone leaves open (splits), through the township
	// lineage; the registry must hold the township level.
	ByTownship string
	// ByAddress names a column of addresses that decides such rows
	// through the address parser.
	ByAddress string
	// Codes, when set, restricts the migration to these source codes
	// (the codes a release changed); other values are left as they are.
	Codes map[string]bool
	// Release names the release the migration carries out (recorded in
	// the log of runs).
	Release string
	// Batch is the number of rows to change or review per transaction
	// (default 10000); the rows left as they are take no part in batches.
	Batch int
	// Progress, when set, is called after each batch with the rows to
	// change or review done, and their number.
	Progress func(done, total int64)
	// Examples is the number of example values per relation in the
	// report (default 5).
	Examples int

	// afterBatch, when set (tests), is called inside each batch's
	// transaction after its statements, before the commit.
	afterBatch func(ctx context.Context, batch int) error
}

// Report is what a dry run finds, or what --apply did.
type Report struct {
	// ID is the migration's id after --apply (for undo).
	ID    int64  `json:"id,omitempty"`
	Table string `json:"table"`
	// Column and Key name the code column and the key column.
	Column string `json:"column"`
	Key    string `json:"key"`
	From   string `json:"from"`
	To     string `json:"to"`
	// Applied: the table was changed (or had already been by the same
	// migration: then AlreadyApplied).
	Applied        bool `json:"applied"`
	AlreadyApplied bool `json:"already_applied,omitempty"`
	Resumed        bool `json:"resumed,omitempty"`
	// Rows is the number of rows of the table.
	Rows int64 `json:"rows"`
	// Relations counts rows per relation of their code, in recode's
	// vocabulary; Empty counts NULL and empty values.
	Relations map[string]int64 `json:"relations"`
	// Changed is the number of rows whose value changes (or changed):
	// ByCode decided from the code alone, ByTownship and ByAddress from
	// those columns.
	Changed    int64 `json:"changed"`
	ByCode     int64 `json:"by_code"`
	ByTownship int64 `json:"by_township,omitempty"`
	ByAddress  int64 `json:"by_address,omitempty"`
	// Review is the number of rows left as they are for review (in the
	// review table after --apply), Untouched those left because their
	// value is not a code in force (unknown) or outside Codes.
	Review    int64 `json:"review"`
	Untouched int64 `json:"untouched"`
	// Examples lists values per relation, most rows first.
	Examples []Example `json:"examples"`
}

// Example is one distinct value of the column and what becomes of it.
type Example struct {
	Value      string `json:"value"`
	Relation   string `json:"relation"`
	Rows       int64  `json:"rows"`
	New        string `json:"new,omitempty"`
	Candidates string `json:"candidates,omitempty"`
	Action     string `json:"action"`
	Note       string `json:"note,omitempty"`
}

// The tables migrate keeps in the database.
const (
	// RunsTable has one row per migration: id, spec, state, checkpoint.
	RunsTable = "quhua_migration_runs"
	// LogTable has one row per changed row: migration, table, key, old
	// value, new value, relation, how it was decided, time.
	LogTable = "quhua_migrations"
	// ReviewTable has one row per row left for review: migration, table,
	// key, value, relation, candidates, note.
	ReviewTable = "quhua_migration_review"
)

// job is one run: the options resolved against the table.
type job struct {
	db        *DB
	o         Options
	reg       *quhua.Registry
	key, col  column
	aux       column // by-township or by-address column; name "" if none
	auxKind   string // "township" or "address"
	dec       *decider
	decisions map[string]decision
	counts    map[string]int64
	rep       *Report
}

// Run plans the migration and, with apply, carries it out. A dry run
// (apply false) reads the table and changes nothing.
func Run(ctx context.Context, db *DB, reg *quhua.Registry, o Options, apply bool) (*Report, error) {
	j, err := prepare(ctx, db, reg, o)
	if err != nil {
		return nil, err
	}
	if !apply {
		return j.rep, j.plan(ctx)
	}
	if err := db.lock(ctx, o.Table); err != nil {
		return nil, err
	}
	defer db.unlock()
	return j.rep, j.apply(ctx)
}

func prepare(ctx context.Context, db *DB, reg *quhua.Registry, o Options) (*job, error) {
	if o.Table == "" || o.Column == "" {
		return nil, errors.New("migrate: give the table and the column to migrate")
	}
	if o.ByTownship != "" && o.ByAddress != "" {
		return nil, errors.New("migrate: give --by-township or --by-address, not both")
	}
	if o.To == 0 {
		o.To = reg.Latest()
	}
	if !o.FromAuto && o.From == 0 {
		return nil, errors.New("migrate: give the date the codes are valid on (--from DATE), or --from auto")
	}
	if !o.FromAuto && o.From >= o.To {
		return nil, fmt.Errorf("migrate: --from %s is not before --to %s", o.From, o.To)
	}
	if o.Batch <= 0 {
		o.Batch = 10000
	}
	if o.Examples <= 0 {
		o.Examples = 5
	}
	cols, err := db.columns(ctx, o.Table)
	if err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("migrate: no table %s in the database", o.Table)
	}
	j := &job{db: db, o: o, reg: reg}
	find := func(name, flag string) (column, error) {
		var names []string
		for _, c := range cols {
			if c.name == name {
				return c, nil
			}
			names = append(names, c.name)
		}
		return column{}, fmt.Errorf("migrate: table %s has no column %s (%s); its columns: %s", o.Table, name, flag, strings.Join(names, ", "))
	}
	if j.col, err = find(o.Column, "--column"); err != nil {
		return nil, err
	}
	if err := db.holds(j.col.typ, 6); err != nil {
		return nil, fmt.Errorf("migrate: column %s.%s %v", o.Table, o.Column, err)
	}
	if o.Key != "" {
		if j.key, err = find(o.Key, "--key"); err != nil {
			return nil, err
		}
	} else {
		for _, c := range cols {
			if c.pk {
				j.key = c
			}
		}
		if j.key.name == "" {
			return nil, fmt.Errorf("migrate: table %s has no single-column primary key: name a unique, non-null key column with --key", o.Table)
		}
	}
	if j.key.name == j.col.name {
		return nil, fmt.Errorf("migrate: column %s is the table's key: migrate does not change keys", o.Column)
	}
	mo := recode.MapperOptions{From: o.From, FromAuto: o.FromAuto, To: o.To}
	j.dec = &decider{m: recode.NewMapper(reg, mo), to: o.To}
	switch {
	case o.ByTownship != "":
		if !reg.HasTownships() {
			return nil, errors.New("migrate: --by-township needs the registry's township level")
		}
		if j.aux, err = find(o.ByTownship, "--by-township"); err != nil {
			return nil, err
		}
		j.auxKind = "township"
		mo.Level = quhua.County
		j.dec.towns = recode.NewMapper(reg, mo)
	case o.ByAddress != "":
		if j.aux, err = find(o.ByAddress, "--by-address"); err != nil {
			return nil, err
		}
		j.auxKind = "address"
		if j.dec.addr, err = address.New(reg); err != nil {
			return nil, fmt.Errorf("migrate: --by-address: %w", err)
		}
	}
	from := "auto"
	if !o.FromAuto {
		from = o.From.String()
	}
	j.rep = &Report{Table: o.Table, Column: o.Column, Key: j.key.name, From: from, To: o.To.String(), Relations: map[string]int64{}, Examples: []Example{}}
	return j, nil
}

// tableRef is the quoted table name.
func (j *job) tableRef() string { return ident(j.o.Table) }

// text is a column as text.
func text(alias string, c column) string { return "CAST(" + alias + "." + ident(c.name) + " AS TEXT)" }

// valueCount is a distinct value of the column and its rows.
type valueCount struct {
	v string
	n int64
}

// values runs q, which returns the distinct values of the column with
// their row counts, counts the rows and the empty values, and returns the
// others.
func (j *job) values(ctx context.Context, q string, args ...any) ([]valueCount, error) {
	rows, err := j.db.conn.QueryContext(ctx, j.db.q(q), args...)
	if err != nil {
		return nil, j.db.wrap("reading the column's values", err)
	}
	defer rows.Close()
	j.counts = map[string]int64{}
	var values []valueCount
	for rows.Next() {
		var v sql.NullString
		var n int64
		if err := rows.Scan(&v, &n); err != nil {
			return nil, j.db.wrap("reading the column's values", err)
		}
		j.rep.Rows += n
		if !v.Valid || strings.TrimSpace(v.String) == "" {
			j.rep.Relations["empty"] += n
			j.rep.Untouched += n
			continue
		}
		values = append(values, valueCount{v.String, n})
		j.counts[v.String] = n
	}
	if err := rows.Err(); err != nil {
		return nil, j.db.wrap("reading the column's values", err)
	}
	return values, nil
}

// decideValue decides one value of the column from the code alone.
func (j *job) decideValue(v string) decision {
	if j.o.Codes != nil && !j.o.Codes[strings.TrimSpace(v)] {
		return decision{relation: recode.Exact, note: "not a code of the release"}
	}
	return j.dec.code(v)
}

// decide decides each value and reports whether one is left open.
func (j *job) decide(values []valueCount) (open bool) {
	j.decisions = make(map[string]decision, len(values))
	for _, x := range values {
		d := j.decideValue(x.v)
		j.decisions[x.v] = d
		open = open || d.review
	}
	return open
}

// scan reads the distinct values of the column with their row counts and
// decides each; with a deciding column, the pairs of the values left open.
func (j *job) scan(ctx context.Context) (pairs map[[2]string]int64, err error) {
	values, err := j.values(ctx, `SELECT `+text("t", j.col)+`, count(*) FROM `+j.tableRef()+` t GROUP BY 1`)
	if err != nil {
		return nil, err
	}
	open := j.decide(values)
	if j.aux.name != "" && open {
		pairs = map[[2]string]int64{}
		rows, err := j.db.conn.QueryContext(ctx, `SELECT `+text("t", j.col)+`, `+text("t", j.aux)+`, count(*) FROM `+j.tableRef()+` t GROUP BY 1, 2`)
		if err != nil {
			return nil, j.db.wrap("reading the values of "+j.aux.name, err)
		}
		defer rows.Close()
		for rows.Next() {
			var v, a sql.NullString
			var n int64
			if err := rows.Scan(&v, &a, &n); err != nil {
				return nil, j.db.wrap("reading the values of "+j.aux.name, err)
			}
			if v.Valid && a.Valid && j.decisions[v.String].review {
				pairs[[2]string{v.String, a.String}] = n
			}
		}
		if err := rows.Err(); err != nil {
			return nil, j.db.wrap("reading the values of "+j.aux.name, err)
		}
	}
	return pairs, nil
}

// resolved is a (value, deciding column value) pair decided by the
// deciding column; new may be the value itself.
type resolved struct {
	value, aux, new, how string
	rows                 int64
}

// count fills the report from the decisions and returns the pairs the
// deciding column settles.
func (j *job) count(pairs map[[2]string]int64) []resolved {
	var res []resolved
	settled := map[string]int64{} // value → rows settled by the deciding column
	for p, n := range pairs {
		d := j.decisions[p[0]]
		var nw, how string
		if j.auxKind == "township" {
			nw, how = j.dec.township(d, p[0], p[1])
		} else {
			nw, how = j.dec.address(d, p[1])
		}
		if nw == "" {
			continue
		}
		settled[p[0]] += n
		res = append(res, resolved{p[0], p[1], nw, how, n})
	}
	sort.Slice(res, func(a, b int) bool {
		if res[a].value != res[b].value {
			return res[a].value < res[b].value
		}
		return res[a].aux < res[b].aux
	})
	for _, r := range res {
		if r.new == strings.TrimSpace(r.value) {
			continue
		}
		j.rep.Changed += r.rows
		if j.auxKind == "township" {
			j.rep.ByTownship += r.rows
		} else {
			j.rep.ByAddress += r.rows
		}
	}
	var ex []Example
	for v, d := range j.decisions {
		n := j.counts[v]
		j.rep.Relations[string(d.relation)] += n
		e := Example{Value: v, Relation: string(d.relation), Rows: n, Candidates: strings.Join(d.candidates, ";"), Note: d.note}
		switch {
		case d.change:
			j.rep.Changed += n
			j.rep.ByCode += n
			e.New, e.Action = d.new, "change"
		case d.review:
			j.rep.Review += n - settled[v]
			e.Action = "review"
			if settled[v] > 0 {
				e.Action = fmt.Sprintf("review; %d of %d rows decided by %s", settled[v], n, j.aux.name)
			}
		case d.relation == recode.Exact || d.relation == recode.Renamed:
			e.Action = "keep"
		default:
			j.rep.Untouched += n
			e.Action = "keep (not decided)"
		}
		if d.relation != recode.Exact {
			ex = append(ex, e)
		}
	}
	sort.Slice(ex, func(a, b int) bool {
		if ex[a].Relation != ex[b].Relation {
			return ex[a].Relation < ex[b].Relation
		}
		if ex[a].Rows != ex[b].Rows {
			return ex[a].Rows > ex[b].Rows
		}
		return ex[a].Value < ex[b].Value
	})
	per := map[string]int{}
	for _, e := range ex {
		if per[e.Relation] < j.o.Examples {
			per[e.Relation]++
			j.rep.Examples = append(j.rep.Examples, e)
		}
	}
	return res
}

func (j *job) plan(ctx context.Context) error {
	pairs, err := j.scan(ctx)
	if err != nil {
		return err
	}
	j.count(pairs)
	return nil
}

// spec identifies a migration: the same options give the same spec.
func (j *job) spec() string {
	var codes []string
	for c := range j.o.Codes {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	s := strings.Join([]string{j.o.Table, j.col.name, j.key.name, j.rep.From, j.rep.To, j.auxKind, j.aux.name, j.o.Release, strings.Join(codes, ",")}, "\x00")
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:16])
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

// WriteText writes the report for people.
func (r *Report) WriteText(w io.Writer) {
	verb := "would change"
	switch {
	case r.AlreadyApplied:
		fmt.Fprintf(w, "migration %d already applied to %s.%s: nothing changed (undo: quhua migrate undo %d)\n", r.ID, r.Table, r.Column, r.ID)
		fmt.Fprintf(w, "  it changed %d rows and left %d for review\n", r.Changed, r.Review)
		return
	case r.Applied:
		verb = "changed"
		how := ""
		if r.Resumed {
			how = " (resumed from its checkpoint)"
		}
		fmt.Fprintf(w, "migration %d applied to %s.%s%s; undo: quhua migrate undo %d\n", r.ID, r.Table, r.Column, how, r.ID)
	default:
		fmt.Fprintf(w, "dry run on %s.%s (key %s): nothing was changed; add --apply to migrate\n", r.Table, r.Column, r.Key)
	}
	fmt.Fprintf(w, "  %d rows, codes from %s carried to %s\n", r.Rows, r.From, r.To)
	for _, rel := range append(append([]recode.Relation{}, recode.Relations...), "empty") {
		if n := r.Relations[string(rel)]; n > 0 {
			fmt.Fprintf(w, "  %-12s %10d rows\n", rel, n)
		}
	}
	fmt.Fprintf(w, "  %s %d rows (%d from the code alone", verb, r.Changed, r.ByCode)
	if r.ByTownship > 0 {
		fmt.Fprintf(w, ", %d by their township", r.ByTownship)
	}
	if r.ByAddress > 0 {
		fmt.Fprintf(w, ", %d by their address", r.ByAddress)
	}
	fmt.Fprintf(w, "); %d for review", r.Review)
	if r.Applied {
		fmt.Fprintf(w, " (in %s)", ReviewTable)
	}
	fmt.Fprintf(w, "; %d left as they are (unknown or empty)\n", r.Untouched)
	if len(r.Examples) > 0 {
		fmt.Fprintln(w, "  examples:")
	}
	for _, e := range r.Examples {
		s := fmt.Sprintf("    %s %-10s %6d rows: %s", e.Value, e.Relation, e.Rows, e.Action)
		if e.New != "" {
			s += " → " + e.New
		} else if e.Candidates != "" {
			s += " (candidates " + e.Candidates + ")"
		}
		if e.Note != "" {
			s += "; " + e.Note
		}
		fmt.Fprintln(w, s)
	}
}
