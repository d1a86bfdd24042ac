package export

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/parquet-go/parquet-go"
	_ "modernc.org/sqlite"

	"github.com/quhua/quhua"
)

func rows2024(t testing.TB, q Query) []Row {
	t.Helper()
	if q.At == 0 {
		q.At = quhua.MustParseDate("2024")
	}
	rows, err := Divisions(quhua.Default(), q)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func write(t testing.TB, f Format, rows []Row, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, rows, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The 2024 list has 3,213 divisions: provinces, prefectures and counties.
func TestCSV2024(t *testing.T) {
	rows := rows2024(t, Query{})
	recs, err := csv.NewReader(bytes.NewReader(write(t, CSV, rows, Options{}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(recs) - 1; n != 3213 {
		t.Fatalf("%d rows, want 3213", n)
	}
	if strings.Join(recs[0], ",") != strings.Join(Columns, ",") {
		t.Errorf("header %v", recs[0])
	}
	found := false
	for _, r := range recs[1:] {
		if r[0] == "220184" {
			found = true
			want := []string{"220184", "公主岭市", "县级市", "county-city", "county", "220000", "220100", "吉林省长春市公主岭市", "Gongzhuling Shi", "gzl", "2020-06-05", "day", "", "", Release(quhua.Default())}
			if strings.Join(r, "|") != strings.Join(want, "|") {
				t.Errorf("220184:\n got %v\nwant %v", r, want)
			}
		}
	}
	if !found {
		t.Error("no row for 220184")
	}
}

func TestFilters(t *testing.T) {
	counties := rows2024(t, Query{Levels: []quhua.Level{quhua.County}, Under: 220000})
	if len(counties) == 0 {
		t.Fatal("no counties under 220000")
	}
	for _, r := range counties {
		if r.Division.Level() != quhua.County || r.Division.Code.ProvinceCode() != 220000 {
			t.Errorf("%s: not a county of 吉林省", r.Division.Record)
		}
	}
	under := rows2024(t, Query{Under: 220100})
	var codes []string
	for _, r := range under {
		codes = append(codes, r.Division.Code.String())
	}
	s := strings.Join(codes, " ")
	if !strings.Contains(s, "220184") || strings.Contains(s, "220100") || strings.Contains(s, "220200") {
		t.Errorf("under 220100: %s", s)
	}
	if _, err := Divisions(quhua.Default(), Query{At: quhua.MustParseDate("2024"), Under: 220381}); err == nil || !strings.Contains(err.Error(), "220381") {
		t.Errorf("under a code not in force: %v", err)
	}
	if _, err := ParseLevels("county,town"); err == nil || !strings.Contains(err.Error(), `"town"`) {
		t.Errorf("ParseLevels: %v", err)
	}
	if _, err := ParseFormat("xlsx"); err == nil {
		t.Error("ParseFormat(xlsx): no error")
	}
}

// JSON lines and JSON write the division shape of the API.
func TestJSONShape(t *testing.T) {
	rows := rows2024(t, Query{Under: 220100})
	lines := strings.Split(strings.TrimSpace(string(write(t, JSONL, rows, Options{}))), "\n")
	if len(lines) != len(rows) {
		t.Fatalf("%d lines for %d rows", len(lines), len(rows))
	}
	var all []map[string]any
	if err := json.Unmarshal(write(t, JSON, rows, Options{}), &all); err != nil || len(all) != len(rows) {
		t.Fatalf("JSON: %v, %d objects", err, len(all))
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"code", "name", "kind", "kindKey", "level", "legal", "admin", "path", "fullName", "pinyin", "pinyinInitials", "release", "at"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d has no %q: %s", i+1, k, l)
			}
		}
		if fmt.Sprint(m) != fmt.Sprint(all[i]) {
			t.Errorf("JSON and JSON lines differ at %d", i)
		}
	}
}

func TestParquetReadsBack(t *testing.T) {
	rows := rows2024(t, Query{})
	b := write(t, Parquet, rows, Options{})
	got, err := parquet.Read[flat](bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows read back, want %d", len(got), len(rows))
	}
	for i, r := range rows {
		if got[i] != r.flat() {
			t.Fatalf("row %d: read %+v, wrote %+v", i, got[i], r.flat())
		}
	}
}

// The SQL loads into a real SQLite file.
func TestSQLite(t *testing.T) {
	rows := rows2024(t, Query{})
	script := write(t, SQL, rows, Options{})
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "divisions.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(script)); err != nil {
		t.Fatal(err)
	}
	checkSQL(t, db, len(rows))
}

// The SQL loads into the real PostgreSQL database of QUHUA_TEST_POSTGRES.
func TestPostgres(t *testing.T) {
	u := os.Getenv("QUHUA_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("QUHUA_TEST_POSTGRES is not set in CI")
		}
		t.Skip("QUHUA_TEST_POSTGRES is not set: PostgreSQL test skipped (run: eval \"$(bash .ci/postgres.sh)\")")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	table := fmt.Sprintf("export_test_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	rows := rows2024(t, Query{})
	script := write(t, SQL, rows, Options{Table: table})
	t.Cleanup(func() { conn.Exec(context.Background(), "DROP TABLE IF EXISTS "+table) })
	if _, err := conn.Exec(ctx, string(script)); err != nil {
		t.Fatal(err)
	}
	var n int
	var name, py string
	var from time.Time
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != len(rows) {
		t.Fatalf("count: %d, %v; want %d", n, err, len(rows))
	}
	if err := conn.QueryRow(ctx, "SELECT name, pinyin, valid_from FROM "+table+" WHERE code = '341500'").Scan(&name, &py, &from); err != nil {
		t.Fatal(err)
	}
	if name != "六安市" || py != "Lu'an Shi" {
		t.Errorf("341500: %s %s", name, py)
	}
	var nulls int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE legal_parent IS NULL").Scan(&nulls); err != nil || nulls != 34 {
		t.Errorf("rows without a legal parent: %d, %v; want the 34 provinces", nulls, err)
	}
}

func checkSQL(t *testing.T, db *sql.DB, want int) {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM divisions").Scan(&n); err != nil || n != want {
		t.Fatalf("count: %d, %v; want %d", n, err, want)
	}
	var name, py string
	if err := db.QueryRow("SELECT name, pinyin FROM divisions WHERE code = '341500'").Scan(&name, &py); err != nil {
		t.Fatal(err)
	}
	if name != "六安市" || py != "Lu'an Shi" {
		t.Errorf("341500: %s %s", name, py)
	}
	var nulls int
	if err := db.QueryRow("SELECT count(*) FROM divisions WHERE legal_parent IS NULL").Scan(&nulls); err != nil || nulls != 34 {
		t.Errorf("rows without a legal parent: %d, %v; want the 34 provinces", nulls, err)
	}
}

func TestSQLTableName(t *testing.T) {
	if err := Write(&bytes.Buffer{}, SQL, nil, Options{Table: "x; DROP TABLE y"}); err == nil {
		t.Error("a bad table name was accepted")
	}
}

func BenchmarkExportCSV(b *testing.B) {
	reg := quhua.Default()
	at := quhua.MustParseDate("2024")
	reg.At(at).Count()
	quhua.PinyinOf("北京市")
	b.ReportAllocs()
	for b.Loop() {
		rows, err := Divisions(reg, Query{At: at})
		if err != nil {
			b.Fatal(err)
		}
		if err := Write(io.Discard, CSV, rows, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
