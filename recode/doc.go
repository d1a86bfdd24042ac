// Package recode carries tables keyed by division codes (or names) from the
// divisions of one date to those of another, row by row, streaming.
//
// Most programs need one call:
//
//	rep, err := recode.Run(ctx, in, out, recode.Options{
//		Column: "code",
//		From:   quhua.MustParseDate("2019"),
//		To:     quhua.MustParseDate("2024"),
//	})
//
// Run reads CSV, TSV, JSON lines or Parquet (gzip and zstd input are
// recognised by their magic bytes) and writes the same format, or another
// one, keeping every input row in order and adding columns: the target
// code, the target name, the relation (exact, renamed, recoded, merged,
// split, partial, abolished, placeholder, statistical, ambiguous, unknown,
// invalid), a note and, for text input, the raw row. A split lists all its
// candidates; nothing is guessed.
//
// Only 6-, 9- and 12-digit values are read as codes (9 and 12: statistical
// codes, carried by their first six digits); a code written as a number
// (220381.0) is read with a note, and any other value is unknown with a
// note saying why. Every output row has exactly the header's fields:
// malformed rows (ragged, badly quoted, invalid UTF-8) are written with
// the relation or note saying what is wrong, a ragged row as invalid, and a
// row that cannot be written as read is kept as read in the raw column,
// unless Options.Strict makes them fatal. Output lines end as the input's
// first line does (LF or CRLF). With Options.Aggregate, numeric columns
// are summed per target division (or per prefecture or province) instead.
//
// Parquet input is checked before it is decoded: a footer, metadata count,
// column chunk or page claiming more bytes than the file holds is refused,
// so that a corrupt file cannot make the reader allocate what it claims.
//
// Work is split into chunks of whole records that are mapped in parallel
// and written in input order; memory is bounded by the chunk size times
// the number of chunks in flight, whatever the input's size. The mapping
// itself is computed once per run by a Mapper from the registry's
// translation (quhua.Registry.TranslateRecord) and looked up per row in a
// table indexed by code. With Options.FromColumn (a panel: each row's own
// source date) the mappers of the run's dates share their answers: the
// answer for a code is computed when a row first needs it, once for each
// segment of dates between which neither the code's record nor anything
// its lineage reaches changes, so that a panel costs little more than one
// date. Each worker then reaches a CSV row's answer through a pair table
// of the dates it has seen (the answer's number per code, four bytes with
// the row count beside it) instead of searching the code's segments.
package recode
