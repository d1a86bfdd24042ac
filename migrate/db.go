package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	_ "github.com/jackc/pgx/v5/stdlib" // the postgres:// DSNs
	_ "modernc.org/sqlite"             // SQLite files
)

// DB is a database to migrate: an SQLite file or a PostgreSQL database.
type DB struct {
	sql *sql.DB
	// conn is the one connection every statement of a run uses (temporary
	// tables and PostgreSQL's advisory lock live in a session).
	conn     *sql.Conn
	postgres bool
	path     string // the SQLite file
	lockFile *os.File
}

// Open opens dsn: a postgres:// (or postgresql://) URL, or the path of an
// SQLite file (which must exist: migrate does not create databases).
func Open(ctx context.Context, dsn string) (*DB, error) {
	d := &DB{}
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d.postgres = true
		d.sql, err = sql.Open("pgx", dsn)
	default:
		path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
		if _, serr := os.Stat(path); serr != nil {
			return nil, fmt.Errorf("migrate: database %s: %w", path, serr)
		}
		d.path = path
		u := "file:" + path + "?_pragma=busy_timeout(10000)"
		if query != "" {
			u += "&" + query
		}
		d.sql, err = sql.Open("sqlite", u)
	}
	if err != nil {
		return nil, fmt.Errorf("migrate: opening the database: %w", err)
	}
	d.sql.SetMaxOpenConns(2)
	d.conn, err = d.sql.Conn(ctx)
	if err == nil {
		err = d.conn.PingContext(ctx)
	}
	if err != nil {
		d.sql.Close()
		return nil, fmt.Errorf("migrate: connecting to the database: %w", err)
	}
	return d, nil
}

// Close releases the lock, if held, and the connection.
func (d *DB) Close() error {
	d.unlock()
	d.conn.Close()
	return d.sql.Close()
}

// q rewrites the ? placeholders of a query for PostgreSQL ($1, $2 …).
func (d *DB) q(s string) string {
	if !d.postgres {
		return s
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ident quotes an identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// column is a column of the table to migrate.
type column struct {
	name string
	// typ is the declared type (SQLite) or format_type (PostgreSQL).
	typ string
	pk  bool
}

// columns returns the table's columns; none: no such table.
func (d *DB) columns(ctx context.Context, table string) ([]column, error) {
	var rows *sql.Rows
	var err error
	if d.postgres {
		rows, err = d.conn.QueryContext(ctx, `
SELECT a.attname, format_type(a.atttypid, a.atttypmod),
       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY(i.indkey) AND i.indnatts = 1)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.oid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`, ident(table))
	} else {
		rows, err = d.conn.QueryContext(ctx, `SELECT name, type, pk FROM pragma_table_info(?)`, table)
	}
	if err != nil {
		return nil, d.wrap("reading the table's columns", err)
	}
	defer rows.Close()
	var out []column
	npk := 0
	for rows.Next() {
		var c column
		if d.postgres {
			if err := rows.Scan(&c.name, &c.typ, &c.pk); err != nil {
				return nil, err
			}
		} else {
			var pk int
			if err := rows.Scan(&c.name, &c.typ, &pk); err != nil {
				return nil, err
			}
			c.pk = pk > 0
		}
		if c.pk {
			npk++
		}
		out = append(out, c)
	}
	if npk > 1 { // a composite key: no single key column
		for i := range out {
			out[i].pk = false
		}
	}
	return out, d.wrap("reading the table's columns", rows.Err())
}

// holds reports whether a column of type typ can hold a code of n digits,
// and why not.
func (d *DB) holds(typ string, n int) error {
	t := strings.ToLower(strings.TrimSpace(typ))
	base, args, _ := strings.Cut(t, "(")
	base = strings.TrimSpace(base)
	size := 0
	if args != "" {
		size, _ = strconv.Atoi(strings.TrimSpace(strings.SplitN(strings.TrimSuffix(args, ")"), ",", 2)[0]))
	}
	if !d.postgres {
		// SQLite stores any value in any column (type affinity); only a
		// declared type that would turn a code into something else is
		// refused.
		switch {
		case strings.Contains(t, "real"), strings.Contains(t, "floa"), strings.Contains(t, "doub"),
			strings.Contains(t, "bool"), strings.Contains(t, "date"), strings.Contains(t, "time"), strings.Contains(t, "blob"):
			return fmt.Errorf("has the type %s, which does not hold a code as written", typ)
		}
		return nil
	}
	switch base {
	case "text", "character varying", "varchar", "character", "char", "bpchar":
		if size > 0 && size < n {
			return fmt.Errorf("has the type %s, too short for a %d-digit code", typ, n)
		}
		if (base == "character" || base == "char" || base == "bpchar") && size != n && size != 0 {
			return fmt.Errorf("has the type %s, which pads a %d-digit code with spaces", typ, n)
		}
		return nil
	case "integer", "bigint", "int", "int4", "int8":
		return nil
	case "numeric", "decimal":
		if size > 0 && size < n {
			return fmt.Errorf("has the type %s, too narrow for a %d-digit code", typ, n)
		}
		return nil
	case "smallint", "int2":
		return fmt.Errorf("has the type %s, which cannot hold a %d-digit code (at most 32767)", typ, n)
	}
	return fmt.Errorf("has the type %s, which does not hold a division code (use text, varchar(%d+) or an integer type)", typ, n)
}

// cast returns expr cast to the column's type for an assignment.
func (d *DB) cast(expr, typ string) string {
	if !d.postgres {
		return expr
	}
	return "CAST(" + expr + " AS " + typ + ")"
}

// lock takes the lock of table: two runs on one table cannot interleave.
// PostgreSQL: a session advisory lock; SQLite: an exclusive flock on a
// file next to the database. Both end with the process.
func (d *DB) lock(ctx context.Context, table string) error {
	if d.postgres {
		var ok bool
		// The key names the table itself (its oid): tables of one name in
		// two schemas are two locks.
		if err := d.conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(hashtext('quhua migrate ' || COALESCE(to_regclass($1)::oid::text, $1)))`, ident(table)).Scan(&ok); err != nil {
			return d.wrap("taking the lock", err)
		}
		if !ok {
			return fmt.Errorf("migrate: another migration of table %s is running (PostgreSQL advisory lock held); wait for it to end", table)
		}
		return nil
	}
	f, err := os.OpenFile(d.path+".quhua-migrate.lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("migrate: creating the lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("migrate: another migration of %s is running (%s is locked); wait for it to end", d.path, f.Name())
		}
		return fmt.Errorf("migrate: locking %s: %w", f.Name(), err)
	}
	d.lockFile = f
	return nil
}

func (d *DB) unlock() {
	if d.lockFile != nil {
		syscall.Flock(int(d.lockFile.Fd()), syscall.LOCK_UN)
		d.lockFile.Close()
		d.lockFile = nil
	}
}

// wrap names what failed, and says so plainly for a read-only database
// and a lost connection.
func (d *DB) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "readonly database"), strings.Contains(msg, "read-only transaction"), strings.Contains(msg, "SQLSTATE 25006"):
		return fmt.Errorf("migrate: %s: the database is read-only; --apply and undo need write access: %w", what, err)
	case errors.Is(err, sql.ErrConnDone), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		strings.Contains(msg, "conn closed"), strings.Contains(msg, "unexpected EOF"), strings.Contains(msg, "SQLSTATE 57P01"),
		strings.Contains(msg, "connection reset"), strings.Contains(msg, "broken pipe"), strings.Contains(msg, "bad connection"):
		return fmt.Errorf("migrate: %s: the connection to the database was lost; the batch in progress was rolled back and nothing of it applied; run the same command again to resume from the last checkpoint: %w", what, err)
	}
	return fmt.Errorf("migrate: %s: %w", what, err)
}
