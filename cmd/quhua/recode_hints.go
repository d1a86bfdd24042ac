package main

import (
	"errors"
	"strings"

	"github.com/quhua/quhua/recode"
)

// parquetInput reports whether the run reads Parquet: by --input-format,
// else by the file name.
func parquetInput(o recode.Options) bool {
	return o.Input == recode.Parquet || o.Input == recode.Auto && recode.FormatOf(o.Name) == recode.Parquet
}

// parquetError gives a Parquet run's error the hint that fits it: a
// Parquet file has a schema, not a header line, and a corrupt or nested
// file is not a question of naming a column. It returns nil for an error
// that is not the Parquet reader's or writer's.
func parquetError(err error, parquetIn bool) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "parquet output:"):
		return badRequest("give every output column a distinct, non-empty name (--prefix changes the names of the added columns), or write CSV", err)
	case strings.Contains(msg, "parquet input already has a column"):
		return badRequest("choose another --prefix for the added columns", err)
	case strings.HasPrefix(msg, "parquet input:") && strings.Contains(msg, "nested or repeated"):
		return badRequest("flatten the table first (one value per column, e.g. with DuckDB's UNNEST), or recode a CSV export of it", err)
	case strings.HasPrefix(msg, "parquet input"):
		return badRequest("the file is not a whole, readable Parquet file: copy it again, check that its writer finished, or recode a CSV export of it", err)
	case parquetIn && strings.Contains(msg, "not found in the header"):
		return badRequest("name a column of the Parquet file's schema (the error lists them), or give its 1-based number", errors.New(strings.Replace(msg, "not found in the header", "not found in the Parquet schema", 1)))
	}
	return nil
}
