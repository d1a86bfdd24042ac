// Command migrate measures quhua migrate --apply on PostgreSQL against the
// hand-written way of doing the same: an UPDATE … FROM join against the
// crosswalk that quhua export crosswalk writes. Both run in one process
// run, on the same generated table, alternately.
//
//	source .ci/postgres.sh
//	go run ./bench/migrate                    # 1,000,000 rows, 3 rounds
//	go run ./bench/migrate -rows 100000 -rounds 1
//
// The table has a key, a code column of 2019 codes (each drawn from the
// 2019 list) and a payload column; codes are carried to 2024. The join
// changes the rows whose crosswalk has one non-partial target of another
// code (the rows migrate calls certain); migrate changes the same rows and
// also writes each old value to its log and the splits to its review
// table. The two results are compared row by row.
package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
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
	flag.Parse()
	if err := run(*rows, *rounds, *batch, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "bench/migrate:", err)
		os.Exit(1)
	}
}

func run(n, rounds, batch int, bin string) error {
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
	if out, err := exec.Command(bin, "export", "crosswalk", "--from", "2019", "--to", "2024", "--format", "csv", "-o", cwPath).CombinedOutput(); err != nil {
		return fmt.Errorf("quhua export crosswalk: %v\n%s", err, out)
	}
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
	const join = `UPDATE staff AS t SET county = m.to_code
FROM (SELECT from_code, min(to_code) AS to_code FROM crosswalk WHERE NOT partial GROUP BY from_code HAVING count(*) = 1) m
WHERE t.county = m.from_code AND m.to_code <> m.from_code`
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
	var tm, tj, td []time.Duration
	var changedM, changedJ, logged int64
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
		start = time.Now()
		cmd := exec.Command(bin, "migrate", "--db", dsn, "--table", "staff", "--column", "county", "--from", "2019", "--to", "2024", "--apply", "--batch", fmt.Sprint(batch), "-q", "--json")
		cmd.Stderr = io.Discard
		if out, err := cmd.Output(); err != nil {
			return fmt.Errorf("quhua migrate: %v\n%s", err, out)
		}
		tm = append(tm, time.Since(start))
		afterM, err := snapshot()
		if err != nil {
			return err
		}
		if err := db.QueryRow(`SELECT count(*) FROM quhua_migrations`).Scan(&logged); err != nil {
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
		fmt.Fprintf(os.Stderr, "round %d: migrate %.2f s (dry run %.2f s), join %.2f s\n", r+1, tm[r].Seconds(), td[r].Seconds(), tj[r].Seconds())
	}
	if changedM != changedJ {
		return fmt.Errorf("migrate logged %d changed rows, the join changed %d", changedM, changedJ)
	}
	mm, mj := median(tm), median(tj)
	var load [3]float64
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscan(string(b), &load[0], &load[1], &load[2])
	}
	fmt.Printf("%d rows (%d changed, the same rows by both), median of %d rounds, load average %.2f\n", n, changedJ, rounds, load[0])
	fmt.Printf("%-34s %8.2f s  %10.0f rows/s\n", "quhua migrate --apply (with log)", mm.Seconds(), float64(n)/mm.Seconds())
	fmt.Printf("%-34s %8.2f s\n", "  of which a dry run (start, scan)", median(td).Seconds())
	fmt.Printf("%-34s %8.2f s  %10.0f rows/s\n", "UPDATE … FROM crosswalk join", mj.Seconds(), float64(n)/mj.Seconds())
	fmt.Printf("ratio migrate / join: %.2f×\n", mm.Seconds()/mj.Seconds())
	return nil
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
