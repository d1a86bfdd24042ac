package recode

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// Format is a tabular file format.
type Format int

// The formats recode reads and writes.
const (
	// Auto: detect from the file name or the content.
	Auto Format = iota
	CSV
	TSV
	JSONL
	Parquet
	numFormats
)

var formatNames = [...]string{"auto", "csv", "tsv", "jsonl", "parquet"}

// String returns the format's name: csv, tsv, jsonl, parquet.
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat parses a format name (csv, tsv, jsonl, ndjson, json, parquet,
// auto).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "csv":
		return CSV, nil
	case "tsv", "tab":
		return TSV, nil
	case "jsonl", "ndjson", "json", "jsonlines":
		return JSONL, nil
	case "parquet", "pq":
		return Parquet, nil
	}
	return Auto, fmt.Errorf("unknown format %q (want csv, tsv, jsonl or parquet)", s)
}

// FormatOf guesses a format from a file name, ignoring a .gz or .zst
// suffix; Auto if the name does not tell.
func FormatOf(name string) Format {
	name = strings.ToLower(name)
	for _, suf := range []string{".gz", ".gzip", ".zst", ".zstd"} {
		name = strings.TrimSuffix(name, suf)
	}
	switch filepath.Ext(name) {
	case ".csv":
		return CSV
	case ".tsv", ".tab":
		return TSV
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".parquet", ".pq":
		return Parquet
	}
	return Auto
}

// Compression is the compression of an input stream.
type Compression int

// The recognised compressions.
const (
	None Compression = iota
	Gzip
	Zstd
)

// String returns the compression's name: none, gzip, zstd.
func (c Compression) String() string {
	return [...]string{"none", "gzip", "zstd"}[c]
}

var (
	magicGzip    = []byte{0x1f, 0x8b}
	magicZstd    = []byte{0x28, 0xb5, 0x2f, 0xfd}
	magicParquet = []byte("PAR1")
)

// Decompress recognises gzip and zstd streams by their magic bytes and
// returns a reader of the decompressed data (r itself, buffered, when it is
// not compressed). Close releases the decompressor.
func Decompress(r io.Reader) (io.Reader, Compression, func(), error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(head, magicGzip):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, Gzip, nil, fmt.Errorf("gzip input: %w", err)
		}
		return zr, Gzip, func() { zr.Close() }, nil
	case bytes.HasPrefix(head, magicZstd):
		zr, err := zstd.NewReader(br)
		if err != nil {
			return nil, Zstd, nil, fmt.Errorf("zstd input: %w", err)
		}
		return zr, Zstd, zr.Close, nil
	}
	return br, None, func() {}, nil
}

// sniff guesses a text format from the first bytes of the input.
func sniff(head []byte) Format {
	head = bytes.TrimPrefix(head, bom)
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) > 0 && t[0] == '{' {
		return JSONL
	}
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if bytes.IndexByte(line, '\t') >= 0 && bytes.IndexByte(line, ',') < 0 {
		return TSV
	}
	return CSV
}

var bom = []byte{0xef, 0xbb, 0xbf}
