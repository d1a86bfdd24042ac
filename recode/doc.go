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
// one, keeping every input row in order and adding four columns: the target
// code, the target name, the relation (exact, renamed, recoded, merged,
// split, partial, abolished, placeholder, statistical, ambiguous, unknown,
// invalid) and a note. A split lists all its candidates; nothing is
// guessed. Malformed rows (ragged, badly quoted, invalid UTF-8) are passed
// through with relation or note saying what is wrong, unless Options.Strict
// makes them fatal. With Options.Aggregate, numeric columns are summed per
// target division (or per prefecture or province) instead.
//
// Work is split into chunks of whole records that are mapped in parallel
// and written in input order; memory is bounded by the chunk size times
// the number of chunks in flight, whatever the input's size. The mapping
// itself is computed once per run by a Mapper from the registry's
// translation (quhua.Registry.TranslateRecord) and looked up per row in a
// table indexed by code.
package recode
