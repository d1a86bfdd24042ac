package migrate

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/store/storetest"
	"github.com/quhua/quhua/township"
)

var (
	regOnce sync.Once
	reg     *quhua.Registry
)

// registry is the registry with the township level (for --by-township).
func registry(t testing.TB) *quhua.Registry {
	regOnce.Do(func() {
		r, err := township.Load()
		if err != nil {
			panic(err)
		}
		reg = r
	})
	return reg
}

const envPostgres = storetest.EnvPostgres

// backends returns a fresh database of each kind: an SQLite file and, if
// QUHUA_TEST_POSTGRES is set, a throw-away PostgreSQL schema.
func backends(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": newSQLite(t)}
	if u := newPostgres(t); u != "" {
		out["postgres"] = u
	}
	return out
}

func newSQLite(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "data.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`PRAGMA journal_mode = WAL`); err != nil {
		t.Fatal(err)
	}
	return path
}

// newPostgres returns the URL of a throw-away schema; "" when PostgreSQL
// is not configured (a failure under CI).
func newPostgres(t *testing.T) string {
	u, _ := storetest.MaybePostgresSchema(t)
	return u
}

func rawDB(t *testing.T, dsn string) *sql.DB {
	driver, src := "sqlite", "file:"+dsn
	if strings.HasPrefix(dsn, "postgres") {
		driver, src = "pgx", dsn
	}
	db, err := sql.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// row is one row of the test table.
type row struct {
	id                 int
	county, town, addr sql.NullString
}

func ns(s string) sql.NullString { return sql.NullString{String: s, Valid: s != "" || s == "\x00"} }

// fixture is the test table: 公主岭市 220381 (recoded to 220184 in 2020),
// 江干区 330104 (split between 上城区 330102 and 钱塘区 330114 in 2021)
// with and without township codes and addresses, 东城区 110101 (exact),
// a code that never existed, and empty values.
func fixture() []row {
	var rows []row
	add := func(n int, county, town, addr string) {
		for i := 0; i < n; i++ {
			rows = append(rows, row{id: len(rows) + 1, county: ns(county), town: ns(town), addr: ns(addr)})
		}
	}
	add(23, "220381", "220381103", "吉林省四平市公主岭市范家屯镇")
	add(5, "330104", "330104005", "")       // 凯旋街道 → 上城区
	add(4, "330104", "330104010", "")       // 下沙街道 → 钱塘区
	add(3, "330104", "", "浙江省杭州市钱塘区下沙街道1号") // decided by address
	add(2, "330104", "", "")
	add(17, "110101", "", "")
	add(2, "999999", "", "")
	add(3, "", "", "")
	// Interleave, so that batches mix relations.
	out := make([]row, len(rows))
	for i := range rows {
		out[(i*37)%len(rows)] = rows[i]
	}
	for i := range out {
		out[i].id = i + 1
	}
	return out
}

func create(t *testing.T, dsn, typ string) []row {
	db := rawDB(t, dsn)
	if _, err := db.Exec(`CREATE TABLE people (id INTEGER PRIMARY KEY, county ` + typ + `, town TEXT, addr TEXT)`); err != nil {
		t.Fatal(err)
	}
	rows := fixture()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	ph := "?, ?, ?, ?"
	if strings.HasPrefix(dsn, "postgres") {
		ph = "$1, $2, $3, $4"
	}
	for _, r := range rows {
		if _, err := tx.Exec(`INSERT INTO people VALUES (`+ph+`)`, r.id, r.county, r.town, r.addr); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// table reads the code column by id.
func table(t *testing.T, dsn string) map[int]string {
	db := rawDB(t, dsn)
	rs, err := db.Query(`SELECT id, CAST(county AS TEXT) FROM people`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	out := map[int]string{}
	for rs.Next() {
		var id int
		var v sql.NullString
		if err := rs.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		out[id] = v.String
	}
	return out
}

func open(t *testing.T, dsn string) *DB {
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func opts() Options {
	return Options{Table: "people", Column: "county", From: quhua.EndOfYear(2019), To: quhua.MustParseDate("2024-12-31"), Batch: 7}
}

// expected is the column after the migration: by code, and with a
// deciding column the rows it settles.
func expected(rows []row, by string) map[int]string {
	out := map[int]string{}
	for _, r := range rows {
		v := r.county.String
		switch {
		case v == "220381":
			v = "220184"
		case v == "330104" && by == "township" && r.town.String == "330104005":
			v = "330102"
		case v == "330104" && by == "township" && r.town.String == "330104010":
			v = "330114"
		case v == "330104" && by == "address" && r.addr.String != "":
			v = "330114"
		}
		out[r.id] = v
	}
	return out
}

func same(t *testing.T, what string, got, want map[int]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for id, v := range want {
		if got[id] != v {
			t.Errorf("%s: row %d is %q, want %q", what, id, got[id], v)
		}
	}
}

func count(t *testing.T, dsn, q string) int64 {
	var n int64
	if err := rawDB(t, dsn).QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDryRunApplyUndo(t *testing.T) {
	ctx := context.Background()
	for kind, dsn := range backends(t) {
		t.Run(kind, func(t *testing.T) {
			rows := create(t, dsn, "TEXT")
			before := table(t, dsn)
			db := open(t, dsn)
			rep, err := Run(ctx, db, registry(t), opts(), false)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "after the dry run", table(t, dsn), before)
			if rep.Applied || rep.ID != 0 {
				t.Errorf("dry run reports applied %v, id %d", rep.Applied, rep.ID)
			}
			want := map[string]int64{"recoded": 23, "partial": 14, "exact": 17, "unknown": 2, "empty": 3}
			for rel, n := range want {
				if rep.Relations[rel] != n {
					t.Errorf("relation %s: %d rows, want %d (%v)", rel, rep.Relations[rel], n, rep.Relations)
				}
			}
			if rep.Rows != int64(len(rows)) || rep.Changed != 23 || rep.Review != 14 || rep.Untouched != 5 {
				t.Errorf("rows %d changed %d review %d untouched %d; want %d 23 14 5", rep.Rows, rep.Changed, rep.Review, rep.Untouched, len(rows))
			}
			found := false
			for _, e := range rep.Examples {
				if e.Value == "330104" && e.Candidates == "330102;330114" && e.Action == "review" {
					found = true
				}
			}
			if !found {
				t.Errorf("no example of 330104 for review with its candidates: %+v", rep.Examples)
			}
			if _, err := rawDB(t, dsn).Exec(`SELECT 1 FROM ` + LogTable); err == nil {
				t.Error("the dry run created the log table")
			}

			rep, err = Run(ctx, db, registry(t), opts(), true)
			if err != nil {
				t.Fatal(err)
			}
			after := table(t, dsn)
			same(t, "after --apply", after, expected(rows, ""))
			if rep.ID == 0 || !rep.Applied || rep.Changed != 23 || rep.Review != 14 {
				t.Errorf("apply: id %d applied %v changed %d review %d", rep.ID, rep.Applied, rep.Changed, rep.Review)
			}
			// The log holds each changed row, the review table each open one.
			if n := count(t, dsn, `SELECT count(*) FROM `+LogTable+` WHERE old = '220381' AND new = '220184' AND relation = 'recoded' AND decided_by = 'code'`); n != 23 {
				t.Errorf("log: %d rows, want 23", n)
			}
			if n := count(t, dsn, `SELECT count(*) FROM `+ReviewTable+` WHERE value = '330104' AND candidates = '330102;330114' AND relation = 'partial'`); n != 14 {
				t.Errorf("review: %d rows, want 14", n)
			}
			// Each log row is one changed row, by its key.
			for _, id := range []int{1, 2, 3} {
				var old, nw string
				err := rawDB(t, dsn).QueryRow(fmt.Sprintf(`SELECT old, new FROM %s WHERE key = '%d'`, LogTable, id)).Scan(&old, &nw)
				if before[id] == "220381" {
					if err != nil || old != before[id] || nw != after[id] {
						t.Errorf("log of row %d: %q → %q (%v), want %q → %q", id, old, nw, err, before[id], after[id])
					}
				} else if err != sql.ErrNoRows {
					t.Errorf("row %d (%s) is in the log: %v", id, before[id], err)
				}
			}

			// Again: nothing changes.
			rep2, err := Run(ctx, db, registry(t), opts(), true)
			if err != nil {
				t.Fatal(err)
			}
			if !rep2.AlreadyApplied || rep2.ID != rep.ID {
				t.Errorf("second run: already applied %v, id %d (first %d)", rep2.AlreadyApplied, rep2.ID, rep.ID)
			}
			same(t, "after the second run", table(t, dsn), after)
			if n := count(t, dsn, `SELECT count(*) FROM `+LogTable); n != 23 {
				t.Errorf("log after the second run: %d rows, want 23", n)
			}

			u, err := Undo(ctx, db, rep.ID)
			if err != nil {
				t.Fatal(err)
			}
			if u.Restored != 23 || u.Conflicts != 0 {
				t.Errorf("undo: restored %d, conflicts %d", u.Restored, u.Conflicts)
			}
			same(t, "after undo", table(t, dsn), before)
			if n := count(t, dsn, `SELECT count(*) FROM `+ReviewTable); n != 0 {
				t.Errorf("review rows after undo: %d", n)
			}
			if _, err := Undo(ctx, db, rep.ID); err == nil || !strings.Contains(err.Error(), "already undone") {
				t.Errorf("second undo: %v", err)
			}
			if _, err := Undo(ctx, db, 999); err == nil || !strings.Contains(err.Error(), "no migration 999") {
				t.Errorf("undo of a missing id: %v", err)
			}
			// After undo the migration can run again.
			rep3, err := Run(ctx, db, registry(t), opts(), true)
			if err != nil {
				t.Fatal(err)
			}
			if rep3.ID == rep.ID || rep3.Changed != 23 {
				t.Errorf("run after undo: id %d, changed %d", rep3.ID, rep3.Changed)
			}
			same(t, "run after undo", table(t, dsn), after)
		})
	}
}

// TestBatchRows checks the batches: Batch rows to change or review each,
// in key order, however many rows between them are left as they are, and
// values written with spaces, which are decided as their code.
func TestBatchRows(t *testing.T) {
	ctx := context.Background()
	for kind, dsn := range backends(t) {
		t.Run(kind, func(t *testing.T) {
			raw := rawDB(t, dsn)
			if _, err := raw.Exec(`CREATE TABLE people (id INTEGER PRIMARY KEY, county TEXT)`); err != nil {
				t.Fatal(err)
			}
			// 2000 rows: every 100th 220381 (some written " 220381"),
			// every 100th from the 50th 330104, the others 110101.
			ph := "?, ?"
			if kind == "postgres" {
				ph = "$1, $2"
			}
			tx, err := raw.Begin()
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= 2000; i++ {
				v := "110101"
				switch {
				case i%400 == 0:
					v = " 220381"
				case i%100 == 0:
					v = "220381"
				case i%100 == 50:
					v = "330104"
				}
				if _, err := tx.Exec(`INSERT INTO people VALUES (`+ph+`)`, i, v); err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			db := open(t, dsn)
			o := opts()
			o.Batch = 3
			var batches int
			var last, total int64
			o.Progress = func(done, all int64) { batches, last, total = batches+1, done, all }
			rep, err := Run(ctx, db, registry(t), o, true)
			if err != nil {
				t.Fatal(err)
			}
			// 40 rows to change or review: 14 batches of 3 (the last one
			// short).
			if rep.Changed != 20 || rep.Review != 20 || batches != 14 || last != 40 || total != 40 {
				t.Errorf("changed %d review %d, %d batches, progress %d of %d; want 20 20 14 40 of 40", rep.Changed, rep.Review, batches, last, total)
			}
			if n := count(t, dsn, `SELECT count(*) FROM people WHERE county = '220184'`); n != 20 {
				t.Errorf("%d rows are 220184, want 20", n)
			}
			if n := count(t, dsn, `SELECT count(*) FROM `+LogTable+` WHERE old = ' 220381' AND new = '220184'`); n != 5 {
				t.Errorf("%d log rows of ' 220381', want 5", n)
			}
			if _, err := Undo(ctx, db, rep.ID); err != nil {
				t.Fatal(err)
			}
			if n := count(t, dsn, `SELECT count(*) FROM people WHERE county = ' 220381'`); n != 5 {
				t.Errorf("after undo %d rows are ' 220381', want 5", n)
			}
		})
	}
}

func TestIntegerColumn(t *testing.T) {
	ctx := context.Background()
	for kind, dsn := range backends(t) {
		t.Run(kind, func(t *testing.T) {
			rows := create(t, dsn, "BIGINT")
			before := table(t, dsn)
			db := open(t, dsn)
			o := opts()
			o.FromAuto = true
			rep, err := Run(ctx, db, registry(t), o, true)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "after --apply", table(t, dsn), expected(rows, ""))
			if rep.Changed != 23 {
				t.Errorf("changed %d", rep.Changed)
			}
			if _, err := Undo(ctx, db, rep.ID); err != nil {
				t.Fatal(err)
			}
			same(t, "after undo", table(t, dsn), before)
		})
	}
}

func TestDecidingColumns(t *testing.T) {
	ctx := context.Background()
	for _, by := range []string{"township", "address"} {
		for kind, dsn := range backends(t) {
			t.Run(by+"/"+kind, func(t *testing.T) {
				rows := create(t, dsn, "TEXT")
				db := open(t, dsn)
				o := opts()
				want := int64(23)
				if by == "township" {
					o.ByTownship = "town"
					want += 9
				} else {
					o.ByAddress = "addr"
					want += 3
				}
				rep, err := Run(ctx, db, registry(t), o, true)
				if err != nil {
					t.Fatal(err)
				}
				same(t, "after --apply", table(t, dsn), expected(rows, by))
				if rep.Changed != want || rep.Review != 14+23-want {
					t.Errorf("changed %d review %d, want %d %d", rep.Changed, rep.Review, want, 14+23-want)
				}
				// The log says per row how it was decided.
				q := `SELECT count(*) FROM ` + LogTable + ` WHERE old = '330104' AND decided_by LIKE '` + by + `: %'`
				if n := count(t, dsn, q); n != want-23 {
					t.Errorf("log rows decided by %s: %d, want %d", by, n, want-23)
				}
				if by == "township" {
					if n := count(t, dsn, `SELECT count(*) FROM `+LogTable+` WHERE new = '330114' AND decided_by = 'township: township 330104010 lies in 330114 on 2024-12-31'`); n != 4 {
						t.Errorf("log of 下沙街道's rows: %d, want 4", n)
					}
				}
			})
		}
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	for kind, dsn := range backends(t) {
		t.Run(kind, func(t *testing.T) {
			create(t, dsn, "TEXT")
			raw := rawDB(t, dsn)
			bad := "REAL"
			if kind == "postgres" {
				bad = "SMALLINT"
			}
			for _, s := range []string{`CREATE TABLE nokey (county TEXT)`, `CREATE TABLE narrow (id INTEGER PRIMARY KEY, county ` + bad + `)`} {
				if _, err := raw.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
			db := open(t, dsn)
			for _, c := range []struct {
				table, column, want string
			}{
				{"missing", "county", "no table missing in the database"},
				{"people", "nope", "table people has no column nope (--column); its columns: id, county, town, addr"},
				{"nokey", "county", "table nokey has no single-column primary key"},
				{"narrow", "county", "column narrow.county has the type"},
				{"people", "id", "is the table's key"},
			} {
				o := opts()
				o.Table, o.Column = c.table, c.column
				_, err := Run(ctx, db, registry(t), o, false)
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%s.%s: %v, want %q", c.table, c.column, err, c.want)
				}
			}
		})
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	for kind, dsn := range backends(t) {
		t.Run(kind, func(t *testing.T) {
			create(t, dsn, "TEXT")
			before := table(t, dsn)
			ro := "file:" + dsn + "?mode=ro"
			if kind == "postgres" {
				ro = dsn + "&default_transaction_read_only=on"
			}
			db := open(t, ro)
			if _, err := Run(ctx, db, registry(t), opts(), false); err != nil {
				t.Fatalf("a dry run needs no write access: %v", err)
			}
			_, err := Run(ctx, db, registry(t), opts(), true)
			if err == nil || !strings.Contains(err.Error(), "the database is read-only") {
				t.Errorf("apply on a read-only database: %v", err)
			}
			same(t, "read-only", table(t, dsn), before)
		})
	}
}

func TestLock(t *testing.T) {
	ctx := context.Background()
	for kind, dsn := range backends(t) {
		t.Run(kind, func(t *testing.T) {
			create(t, dsn, "TEXT")
			holder := open(t, dsn)
			if err := holder.lock(ctx, "people"); err != nil {
				t.Fatal(err)
			}
			db := open(t, dsn)
			_, err := Run(ctx, db, registry(t), opts(), true)
			if err == nil || !strings.Contains(err.Error(), "another migration") {
				t.Fatalf("a second run while the lock is held: %v", err)
			}
			holder.unlock()
			if kind == "postgres" {
				holder.conn.ExecContext(ctx, `SELECT pg_advisory_unlock_all()`)
			}
			if _, err := Run(ctx, db, registry(t), opts(), true); err != nil {
				t.Fatalf("after the lock is released: %v", err)
			}
		})
	}
}

// checkConsistent checks that the table and the log agree: every row that
// differs from the original has its log row, and no other row has one.
func checkConsistent(t *testing.T, dsn string, before map[int]string) int {
	t.Helper()
	now := table(t, dsn)
	rs, err := rawDB(t, dsn).Query(`SELECT key, old, new FROM ` + LogTable)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	logged := map[int][2]string{}
	for rs.Next() {
		var k, o, n string
		if err := rs.Scan(&k, &o, &n); err != nil {
			t.Fatal(err)
		}
		var id int
		fmt.Sscan(k, &id)
		if _, dup := logged[id]; dup {
			t.Errorf("row %d logged twice", id)
		}
		logged[id] = [2]string{o, n}
	}
	changed := 0
	for id, v := range now {
		l, ok := logged[id]
		switch {
		case v != before[id]:
			changed++
			if !ok || l != [2]string{before[id], v} {
				t.Errorf("row %d changed %q → %q, log %v", id, before[id], v, l)
			}
		case ok:
			t.Errorf("row %d unchanged (%q) but logged %v", id, v, l)
		}
	}
	return changed
}

// changedIn is the number of rows the first n batch rows change: a batch
// holds the rows to change or review (220381, 330104) in key order, and
// the rows of 220381 change.
func changedIn(rows []row, n int) int {
	changed := 0
	for _, r := range rows { // in id order
		if n == 0 {
			break
		}
		switch r.county.String {
		case "220381":
			changed++
			n--
		case "330104":
			n--
		}
	}
	return changed
}

// TestKillMidBatch kills a run inside a batch's transaction (a child
// process, SIGKILL) and checks that whole batches only were applied, that
// the log matches the table, and that the same run resumes and ends as
// an uninterrupted one.
func TestKillMidBatch(t *testing.T) {
	ctx := context.Background()
	for kind, dsn := range backends(t) {
		t.Run(kind, func(t *testing.T) {
			rows := create(t, dsn, "TEXT")
			before := table(t, dsn)
			cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.v")
			cmd.Env = append(os.Environ(), "QUHUA_MIGRATE_CHILD="+dsn)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			ready := false
			for sc.Scan() {
				if strings.Contains(sc.Text(), "inside batch 4") {
					ready = true
					break
				}
			}
			cmd.Process.Kill()
			cmd.Wait()
			if !ready {
				t.Fatal("the child never reached batch 4")
			}
			// Three whole batches (7 rows to change or review each)
			// applied, nothing of the fourth.
			n := checkConsistent(t, dsn, before)
			want := changedIn(rows, 21)
			if n != want {
				t.Errorf("%d rows changed after the kill, want %d (three batches)", n, want)
			}
			var state string
			var batches int
			if err := rawDB(t, dsn).QueryRow(`SELECT state, batches FROM `+RunsTable).Scan(&state, &batches); err != nil {
				t.Fatal(err)
			}
			if state != "running" || batches != 3 {
				t.Errorf("run after the kill: state %s, %d batches", state, batches)
			}
			db := open(t, dsn)
			rep, err := Run(ctx, db, registry(t), opts(), true)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Resumed || rep.Changed != 23 || rep.Review != 14 {
				t.Errorf("resumed %v, changed %d, review %d", rep.Resumed, rep.Changed, rep.Review)
			}
			same(t, "after resuming", table(t, dsn), expected(rows, ""))
			checkConsistent(t, dsn, before)
			if n := count(t, dsn, `SELECT count(*) FROM `+ReviewTable); n != 14 {
				t.Errorf("review rows after resuming: %d, want 14", n)
			}
		})
	}
}

// TestKillChild is the child of TestKillMidBatch: it stops inside the
// fourth batch's transaction until killed.
func TestKillChild(t *testing.T) {
	dsn := os.Getenv("QUHUA_MIGRATE_CHILD")
	if dsn == "" {
		t.Skip("the child process of TestKillMidBatch")
	}
	db := open(t, dsn)
	o := opts()
	o.afterBatch = func(ctx context.Context, n int) error {
		if n == 4 {
			fmt.Println("inside batch 4")
			os.Stdout.Sync()
			time.Sleep(time.Minute)
		}
		return nil
	}
	Run(context.Background(), db, registry(t), o, true)
	t.Fatal("not killed")
}

// TestConnectionLost ends the PostgreSQL session of a run inside a batch:
// the error says so, the batch is not applied, and a second run resumes.
func TestConnectionLost(t *testing.T) {
	dsn := newPostgres(t)
	if dsn == "" {
		t.Skip(envPostgres + " is not set")
	}
	ctx := context.Background()
	rows := create(t, dsn, "TEXT")
	before := table(t, dsn)
	db := open(t, dsn)
	killer := rawDB(t, dsn)
	o := opts()
	o.afterBatch = func(ctx context.Context, n int) error {
		if n == 2 {
			var pid int
			if err := db.conn.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
				return err
			}
			if _, err := killer.Exec(`SELECT pg_terminate_backend($1)`, pid); err != nil {
				return err
			}
		}
		return nil
	}
	_, err := Run(ctx, db, registry(t), o, true)
	if err == nil || !strings.Contains(err.Error(), "connection to the database was lost") {
		t.Fatalf("run with its session ended: %v", err)
	}
	want := changedIn(rows, 7)
	if n := checkConsistent(t, dsn, before); n != want {
		t.Errorf("%d rows changed, want %d (one batch)", n, want)
	}
	db2 := open(t, dsn)
	rep, err := Run(ctx, db2, registry(t), opts(), true)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Resumed {
		t.Error("the second run did not resume")
	}
	same(t, "after resuming", table(t, dsn), expected(rows, ""))
	checkConsistent(t, dsn, before)
}
