// Command migrate measures quhua migrate --apply on PostgreSQL against the
// hand-written way of doing the same work: an UPDATE … FROM join against
// the crosswalk that quhua export crosswalk writes, which writes each
// changed row's key, old and new value to a log table (UPDATE … RETURNING
// into an INSERT) and the rows of the sources with no certain target to a
// review table, in one transaction. Both run in one process run, on the
// same generated table, alternately; the bare UPDATE (no log, no review)
// is timed as well, for reference.
//
//	source .ci/postgres.sh
//	go run ./bench/migrate                    # 1,000,000 rows, 3 rounds
//	go run ./bench/migrate -rows 100000 -rounds 1
//
// Besides the wall time, the CPU time of both sides is read from /proc
// (the server on this machine): migrate's process and its server backend,
// and the backend of the hand-written statements. Parallel workers are
// turned off on both sides (-parallel lets the server use them), so that
// the backend's CPU time is all of the server's work.
//
// The table has a key, a code column of 2019 codes (each drawn from the
// 2019 list) and a payload column; codes are carried to 2024. The join
// changes the rows whose crosswalk has one non-partial target of another
// code (the rows migrate calls certain) and lists for review the rows of
// the sources whose crosswalk status is partial. The tables, the logs and
// the review rows of the two are compared row by row.
package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/quhua/quhua"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "rows in the table")
	rounds := flag.Int("rounds", 3, "rounds (each: one migrate, one join); the median is reported")
	bin := flag.String("quhua", "", "the quhua binary (default: built into a temporary directory)")
	batch := flag.Int("batch", 10000, "migrate --batch")
	parallel := flag.Bool("parallel", false, "let the server use parallel workers (their CPU time is then not counted)")
	flag.Parse()
	if err := run(*rows, *rounds, *batch, *bin, *parallel); err != nil {
		fmt.Fprintln(os.Stderr, "bench/migrate:", err)
		os.Exit(1)
	}
}

func run(n, rounds, batch int, bin string, parallel bool) error {
	ctx := context.Background()
	base := os.Getenv("QUHUA_TEST_POSTGRES")
	if base == "" {
		return fmt.Errorf("QUHUA_TEST_POSTGRES is not set (source .ci/postgres.sh)")
	}
	dir, err := os.MkdirTemp("", "bench-migrate")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		bin = filepath.Join(dir, "quhua")
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/quhua").CombinedOutput(); err != nil {
			return fmt.Errorf("building quhua: %v\n%s", err, out)
		}
	}
	// A schema of its own.
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	schema := fmt.Sprintf("bench_migrate_%d", os.Getpid())
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		return err
	}
	defer admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	if !parallel {
		// Every statement in its session's backend, whose CPU time is
		// read: no parallel workers, on either side.
		q.Set("max_parallel_workers_per_gather", "0")
	}
	u.RawQuery = q.Encode()
	dsn := u.String()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	// The 2019 codes, and the crosswalk 2019 → 2024 as exported.
	reg := quhua.Default()
	var codes []string
	for _, d := range reg.At(quhua.EndOfYear(2019)).All() {
		if d.Level() == quhua.County {
			codes = append(codes, d.Code.String())
		}
	}
	cwPath := filepath.Join(dir, "crosswalk.csv")
	// The hand-written way starts with this export (timed apart: the
	// join's figures leave it out).
	start := time.Now()
	export := exec.Command(bin, "export", "crosswalk", "--from", "2019", "--to", "2024", "--format", "csv", "-o", cwPath)
	if out, err := export.CombinedOutput(); err != nil {
		return fmt.Errorf("quhua export crosswalk: %v\n%s", err, out)
	}
	exportWall, exportCPU := time.Since(start), export.ProcessState.UserTime()+export.ProcessState.SystemTime()
	cw, err := readCSV(cwPath)
	if err != nil {
		return err
	}
	setup := []string{
		`CREATE TABLE codes (i INTEGER PRIMARY KEY, code TEXT NOT NULL)`,
		`CREATE TABLE crosswalk (from_date TEXT, to_date TEXT, from_code TEXT, from_name TEXT, status TEXT, to_code TEXT, to_name TEXT, relation TEXT, partial BOOLEAN, candidates INTEGER)`,
	}
	for _, s := range setup {
		if _, err := db.Exec(s); err != nil {
			return err
		}
	}
	if err := insertAll(ctx, db, `INSERT INTO codes VALUES ($1, $2)`, len(codes), func(i int) []any { return []any{i, codes[i]} }); err != nil {
		return err
	}
	if err := insertAll(ctx, db, `INSERT INTO crosswalk VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, len(cw)-1, func(i int) []any {
		r := cw[i+1]
		return []any{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] == "true", r[9]}
	}); err != nil {
		return err
	}
	create := func() error {
		for _, s := range []string{
			`DROP TABLE IF EXISTS staff`,
			`DROP TABLE IF EXISTS quhua_migrations`, `DROP TABLE IF EXISTS quhua_migration_review`, `DROP TABLE IF EXISTS quhua_migration_runs`,
			`CREATE TABLE staff (id BIGINT PRIMARY KEY, county TEXT, payload TEXT)`,
			fmt.Sprintf(`INSERT INTO staff SELECT g, c.code, md5(g::text) FROM generate_series(1, %d) g JOIN codes c ON c.i = (hashint4(g) & 2147483647) %% %d`, n, len(codes)),
			`VACUUM ANALYZE staff`,
		} {
			if _, err := db.Exec(s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	}
	// The hand-written join: the sources with one non-partial target.
	const certain = `(SELECT from_code, min(to_code) AS to_code, min(status) AS status FROM crosswalk WHERE NOT partial GROUP BY from_code HAVING count(*) = 1)`
	const join = `UPDATE staff AS t SET county = m.to_code
FROM ` + certain + ` m
WHERE t.county = m.from_code AND m.to_code <> m.from_code`
	// The same with the log of the changed rows, and the review rows.
	handTables := []string{
		`DROP TABLE IF EXISTS hand_log`, `DROP TABLE IF EXISTS hand_review`,
		`CREATE TABLE hand_log (key TEXT NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL, relation TEXT NOT NULL, at TEXT NOT NULL)`,
		`CREATE TABLE hand_review (key TEXT NOT NULL, value TEXT NOT NULL, candidates TEXT NOT NULL, at TEXT NOT NULL)`,
	}
	hand := []string{
		`WITH u AS (UPDATE staff AS t SET county = m.to_code FROM ` + certain + ` m
WHERE t.county = m.from_code AND m.to_code <> m.from_code RETURNING t.id, m.from_code, m.to_code, m.status)
INSERT INTO hand_log SELECT id::text, from_code, to_code, status, now()::text FROM u`,
		`INSERT INTO hand_review SELECT t.id::text, t.county, r.candidates, now()::text FROM staff t
JOIN (SELECT from_code, string_agg(to_code, ';') AS candidates FROM crosswalk GROUP BY from_code HAVING bool_or(status = 'partial')) r ON r.from_code = t.county`,
	}
	// pairs reads (key, value) pairs of a table, sorted.
	pairs := func(q string) ([]string, error) {
		rs, err := db.Query(q)
		if err != nil {
			return nil, err
		}
		defer rs.Close()
		var out []string
		for rs.Next() {
			var k, v string
			if err := rs.Scan(&k, &v); err != nil {
				return nil, err
			}
			out = append(out, k+"\t"+v)
		}
		sort.Strings(out)
		return out, rs.Err()
	}
	equal := func(what string, a, b []string) error {
		if len(a) != len(b) {
			return fmt.Errorf("%s: migrate has %d rows, the hand-written statements %d", what, len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				return fmt.Errorf("%s: migrate has %q, the hand-written statements %q", what, a[i], b[i])
			}
		}
		return nil
	}
	snapshot := func() (map[int64]string, error) {
		rs, err := db.Query(`SELECT id, county FROM staff`)
		if err != nil {
			return nil, err
		}
		defer rs.Close()
		out := make(map[int64]string, n)
		for rs.Next() {
			var id int64
			var c sql.NullString
			if err := rs.Scan(&id, &c); err != nil {
				return nil, err
			}
			out[id] = c.String
		}
		return out, rs.Err()
	}
	// CPU time: migrate's process and its server backend; the backend of
	// the hand-written statements (this process's one connection).
	var cm, cc, ch []time.Duration
	cpuKnown := true
	var pid int
	if err := db.QueryRow(`SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		return err
	}
	var tm, tj, th, td []time.Duration
	var changedM, changedJ, logged, reviewed int64
	for r := 0; r < rounds; r++ {
		if err := create(); err != nil {
			return err
		}
		// The dry run: starting, reading the registry, scanning the
		// column's values (a part of the apply's time, shown apart).
		start := time.Now()
		if out, err := exec.Command(bin, "migrate", "--db", dsn, "--table", "staff", "--column", "county", "--from", "2019", "--to", "2024", "--json").Output(); err != nil {
			return fmt.Errorf("quhua migrate (dry run): %v\n%s", err, out)
		}
		td = append(td, time.Since(start))
		app := fmt.Sprintf("bench-migrate-%d-%d", os.Getpid(), r)
		watch := watchBackend(admin, app)
		start = time.Now()
		cmd := exec.Command(bin, "migrate", "--db", dsn+"&application_name="+app, "--table", "staff", "--column", "county", "--from", "2019", "--to", "2024", "--apply", "--batch", fmt.Sprint(batch), "-q", "--json")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if out, err := cmd.Output(); err != nil {
			return fmt.Errorf("quhua migrate: %v\n%s%s", err, out, stderr.String())
		}
		tm = append(tm, time.Since(start))
		server, ok := watch()
		client := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		cc = append(cc, client)
		cm = append(cm, client+server)
		cpuKnown = cpuKnown && ok
		afterM, err := snapshot()
		if err != nil {
			return err
		}
		if err := db.QueryRow(`SELECT count(*) FROM quhua_migrations`).Scan(&logged); err != nil {
			return err
		}
		if err := db.QueryRow(`SELECT count(*) FROM quhua_migration_review`).Scan(&reviewed); err != nil {
			return err
		}
		logM, err := pairs(`SELECT key, old || ' ' || new FROM quhua_migrations`)
		if err != nil {
			return err
		}
		reviewM, err := pairs(`SELECT key, value FROM quhua_migration_review`)
		if err != nil {
			return err
		}

		// The hand-written statements, with the log and the review rows.
		if err := create(); err != nil {
			return err
		}
		for _, s := range handTables {
			if _, err := db.Exec(s); err != nil {
				return err
			}
		}
		cpu0, ok := procCPU(pid)
		cpuKnown = cpuKnown && ok
		start = time.Now()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for _, s := range hand {
			if _, err := tx.Exec(s); err != nil {
				tx.Rollback()
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		th = append(th, time.Since(start))
		cpu1, ok := procCPU(pid)
		cpuKnown = cpuKnown && ok
		ch = append(ch, cpu1-cpu0)
		afterH, err := snapshot()
		if err != nil {
			return err
		}
		for id, v := range afterH {
			if afterM[id] != v {
				return fmt.Errorf("row %d: migrate gives %q, the hand-written statements %q", id, afterM[id], v)
			}
		}
		logH, err := pairs(`SELECT key, old || ' ' || new FROM hand_log`)
		if err != nil {
			return err
		}
		reviewH, err := pairs(`SELECT key, value FROM hand_review`)
		if err != nil {
			return err
		}
		if err := equal("the log", logM, logH); err != nil {
			return err
		}
		if err := equal("the review rows", reviewM, reviewH); err != nil {
			return err
		}

		if err := create(); err != nil {
			return err
		}
		start = time.Now()
		res, err := db.Exec(join)
		if err != nil {
			return err
		}
		tj = append(tj, time.Since(start))
		changedJ, _ = res.RowsAffected()
		afterJ, err := snapshot()
		if err != nil {
			return err
		}
		changedM = 0
		for id, v := range afterJ {
			if afterM[id] != v {
				return fmt.Errorf("row %d: migrate gives %q, the join %q", id, afterM[id], v)
			}
		}
		if len(afterM) != len(afterJ) {
			return fmt.Errorf("migrate left %d rows, the join %d", len(afterM), len(afterJ))
		}
		changedM = logged
		fmt.Fprintf(os.Stderr, "round %d: migrate %.2f s (dry run %.2f s; CPU %.2f s, of which its process %.2f s), hand-written with log %.2f s (CPU %.2f s), bare join %.2f s\n",
			r+1, tm[r].Seconds(), td[r].Seconds(), cm[r].Seconds(), cc[r].Seconds(), th[r].Seconds(), ch[r].Seconds(), tj[r].Seconds())
	}
	if changedM != changedJ {
		return fmt.Errorf("migrate logged %d changed rows, the join changed %d", changedM, changedJ)
	}
	mm, mh, mj := median(tm), median(th), median(tj)
	var load [3]float64
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscan(string(b), &load[0], &load[1], &load[2])
	}
	fmt.Printf("%d rows (%d changed and logged, %d for review, the same rows by both), median of %d rounds, load average %.2f\n", n, changedJ, reviewed, rounds, load[0])
	fmt.Printf("%-40s %8.3f s  %10.0f rows/s\n", "quhua migrate --apply (log, review)", mm.Seconds(), float64(n)/mm.Seconds())
	fmt.Printf("%-40s %8.3f s\n", "  a dry run alone (start, scan)", median(td).Seconds())
	fmt.Printf("%-40s %8.3f s  %10.0f rows/s\n", "UPDATE … FROM crosswalk (log, review)", mh.Seconds(), float64(n)/mh.Seconds())
	fmt.Printf("%-40s %8.3f s  %10.0f rows/s\n", "UPDATE … FROM crosswalk, bare", mj.Seconds(), float64(n)/mj.Seconds())
	fmt.Printf("%-40s %8.3f s  (CPU %.3f s; not in the figures above)\n", "  quhua export crosswalk, once", exportWall.Seconds(), exportCPU.Seconds())
	fmt.Printf("ratio migrate / hand-written with log and review: %.2f× (median of the rounds' ratios %.2f×)\n", mm.Seconds()/mh.Seconds(), medianRatio(tm, th))
	fmt.Printf("ratio migrate / bare join: %.2f×\n", mm.Seconds()/mj.Seconds())
	if cpuKnown {
		fmt.Printf("CPU time (process and server backend): migrate %.3f s (its process %.3f s), hand-written with log and review %.3f s, ratio %.2f× (median of the rounds' ratios %.2f×)\n",
			median(cm).Seconds(), median(cc).Seconds(), median(ch).Seconds(), median(cm).Seconds()/median(ch).Seconds(), medianRatio(cm, ch))
	} else {
		fmt.Println("CPU time: not measured (the server's processes are not readable in /proc here)")
	}
	return nil
}

// procCPU is the CPU time (user and system) process pid has used, from
// /proc (the server on this machine); false if it cannot be read.
func procCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The fields after the command name (which may hold spaces): utime
	// and stime are the 12th and 13th, in clock ticks of 1/100 s.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(u+s) * 10 * time.Millisecond, true
}

// watchBackend follows the server backend of the session named app (by
// application_name) from when it appears, reading its CPU time every
// millisecond; the function it returns waits for the backend to end and
// returns its CPU time at the last reading (false if none was made).
func watchBackend(admin *sql.DB, app string) func() (time.Duration, bool) {
	stop := make(chan struct{})
	res := make(chan time.Duration, 1)
	ok := make(chan bool, 1)
	go func() {
		var pid int
		for pid == 0 {
			err := admin.QueryRow(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&pid)
			if err != nil {
				select {
				case <-stop:
					res <- 0
					ok <- false
					return
				case <-time.After(time.Millisecond):
				}
			}
		}
		var last time.Duration
		seen := false
		for {
			c, read := procCPU(pid)
			if !read {
				break
			}
			last, seen = c, true
			time.Sleep(time.Millisecond)
		}
		res <- last
		ok <- seen
	}()
	return func() (time.Duration, bool) {
		close(stop)
		return <-res, <-ok
	}
}

// medianRatio is the median of a[i]/b[i].
func medianRatio(a, b []time.Duration) float64 {
	r := make([]float64, len(a))
	for i := range a {
		r[i] = a[i].Seconds() / b[i].Seconds()
	}
	sort.Float64s(r)
	return r[len(r)/2]
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}

// insertAll inserts n rows in one transaction.
func insertAll(ctx context.Context, db *sql.DB, q string, n int, row func(int) []any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if _, err := st.ExecContext(ctx, row(i)...); err != nil {
			return fmt.Errorf("%s: %w", strings.SplitN(q, "(", 2)[0], err)
		}
	}
	return tx.Commit()
}
