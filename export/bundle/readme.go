package bundle

import (
	"fmt"
	"strings"
)

// Lookup is the SQL that answers "which division had code ? on date ?"
// (both parameters: the code, then the date as YYYY-MM-DD, given twice).
const Lookup = `SELECT code, name, kind, level, legal_parent, admin_parent FROM divisions
WHERE code = ? AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR ? < valid_to)`

// Translate is the SQL that answers "which divisions of the release's
// latest date cover what code ? covered at the end of year ?" (the
// parameters: the year end as YYYY-12-31, then the code): the targets of
// the whole unit; a split gives several rows, an abolished unit one row
// with an empty to_code.
const Translate = `SELECT status, to_code, to_name, relation FROM crosswalk
WHERE from_date = ? AND from_code = ? AND NOT partial ORDER BY to_code`

// Recode is the SQL that carries a table of codes to the latest date by a
// join on the crosswalk: the same statement runs in SQLite, DuckDB (on
// crosswalk.parquet) and Spark SQL. data(code) is the table to recode;
// the year end is a literal.
const Recode = `SELECT d.*, cw.status, cw.to_code, cw.to_name
FROM data d
LEFT JOIN crosswalk cw
  ON cw.from_code = d.code AND cw.from_date = '2019-12-31' AND NOT cw.partial`

func readme(rel *Release) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# quhua data bundle, release %s

China's administrative divisions (GB/T 2260) with their full history since
%d, as one data release: the same tables as an SQLite database
(quhua.sqlite), as Parquet (*.parquet) and as CSV (*.csv, UTF-8, with a
header). release.json gives the release, its horizons and the row counts;
SHA256SUMS the checksum of every file (sha256sum -c SHA256SUMS).

The latest state is that of %s; changes are recorded through %s.`, rel.Release, rel.FirstYear, rel.Latest, rel.RecordedThrough)
	if rel.TownshipHorizon != "" {
		fmt.Fprintf(&b, ` The township level ends with the last published township list, %s: later
township changes are not known to it.`, rel.TownshipHorizon)
	}
	b.WriteString(`

## Tables

divisions — one row per record of county level and above: a code with one
name over one validity interval. A renamed, recoded or moved division gets a
new record.

| column | meaning |
|---|---|
| id | the record's number (links refer to it) |
| code | the 6-digit code |
| name | the name in this interval |
| kind | province, autonomous-region, municipality, prefecture-city, autonomous-prefecture, district, county, county-city, banner … (also the township kinds: subdistrict, town, township …) |
| level | province, prefecture or county |
| legal_parent | code of the legal parent (隶属) on the record's first day; empty for a province |
| admin_parent | code of the administering parent (代管) on the record's first day |
| valid_from | first day in force (YYYY-MM-DD); empty (NULL) when older than the first list |
| valid_to | first day no longer in force; empty (NULL) while in force |
| date_precision | how much of the two dates is known: day, month, year (a year date is 31 December and stands for "within that year") or interval (a township change seen only between two statistics editions; the date is the later edition's cut-off, not the day of the change) |
| certainty | official, provisional (a record of a provisional list) or unconfirmed (a fact from one unofficial source), the weakest of the record and the events that created and ended it |

townships — the same columns for the township level (9-digit codes; the
legal parent is the county).

events — one row per change: id, date, precision (day, month, year or
interval; for an interval, after is its start: the change happened after
after and by date), year (the yearly list that first shows it), ref (where
it is stated), authored (applied through the change workflow), certainty
(official, provisional or unconfirmed).

documents — the decisions of each event: event_id, number (文号), title, date,
precision, source.

links — the lineage: record from_id became record to_id (wholly, or with
transfer = true only in part while the source went on) by event event_id;
unconfirmed = true where no official notice confirms the link; certainty is
the weaker of the link's and its event's (official, provisional or
unconfirmed).

crosswalk — for each year end from the first list, every division in force
carried to the latest date (the mapping of quhua recode and quhua export
crosswalk): from_date, to_date, from_code, from_name, status (exact, renamed,
recoded, merged, split, partial, abolished), to_code, to_name, relation (same,
superset, subset, overlap), partial (the target received only part of the area
while the source went on), candidates (the number of non-partial targets).

## Which division had a code on a date?

`)
	b.WriteString("```sql\n" + strings.Replace(strings.Replace(strings.Replace(Lookup, "code = ?", "code = '220381'", 1), "valid_from <= ?", "valid_from <= '2019-06-01'", 1), "? < valid_to", "'2019-06-01' < valid_to", 1) + ";\n```\n")
	b.WriteString(`
## What did a code of 2019 become?

`)
	b.WriteString("```sql\n" + strings.Replace(strings.Replace(Translate, "from_date = ?", "from_date = '2019-12-31'", 1), "from_code = ?", "from_code = '220381'", 1) + ";\n```\n")
	b.WriteString(`
## The history of a code

` + "```sql" + `
SELECT code, name, valid_from, valid_to, date_precision, certainty FROM divisions WHERE code = '220381' ORDER BY valid_from;
SELECT e.date, e.precision, f.code, f.name, t.code, t.name, d.number
FROM links l JOIN events e ON e.id = l.event_id
JOIN divisions f ON f.id = l.from_id JOIN divisions t ON t.id = l.to_id
LEFT JOIN documents d ON d.event_id = e.id
WHERE f.code = '220381' OR t.code = '220381';
` + "```" + `

## Recode a table by a join (SQLite, DuckDB, Spark)

` + "```sql\n" + Recode + ";\n```" + `

In DuckDB, read the Parquet files directly:
` + "`FROM read_parquet('crosswalk.parquet')`" + `. Rows with several
targets (a split) come out once per candidate: keep them for review, or
apportion them.

## Python, with the standard library only

` + "```python" + `
import sqlite3
db = sqlite3.connect("quhua.sqlite")
LOOKUP = """` + Lookup + `"""
def lookup(code, date):
    return db.execute(LOOKUP, (code, date, date)).fetchone()
TRANSLATE = """` + Translate + `"""
def translate(code, year):
    return [r[1] for r in db.execute(TRANSLATE, (f"{year}-12-31", code))]
print(lookup("220381", "2019-06-01"))   # ('220381', '公主岭市', …)
print(translate("220381", 2019))        # ['220184']
` + "```\n")
	return b.String()
}
