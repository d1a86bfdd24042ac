package recode

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// Parquet keeps its metadata (the footer, and a header before each page)
// in Thrift's compact encoding, whose lengths and counts the reader trusts:
// a list or string claiming 2^31 elements in a few bytes makes it
// allocate as much. checkThrift walks such a structure without building
// it and refuses any count that the bytes left cannot hold, and nesting
// deeper than any Parquet structure.

var errThriftShort = errors.New("truncated")

// thriftWalker walks one compact-encoded struct.
type thriftWalker struct {
	b   []byte
	pos int
	// top receives the i32 fields of the outermost struct (for page
	// headers: the sizes).
	top map[int16]int64
	// final: b holds all the bytes there are; otherwise a claim beyond
	// them means that more must be read (errThriftShort).
	final bool
}

const maxThriftDepth = 32

func (w *thriftWalker) byte() (byte, error) {
	if w.pos >= len(w.b) {
		return 0, errThriftShort
	}
	c := w.b[w.pos]
	w.pos++
	return c, nil
}

func (w *thriftWalker) uvarint() (uint64, error) {
	var x uint64
	for shift := 0; shift < 64; shift += 7 {
		c, err := w.byte()
		if err != nil {
			return 0, err
		}
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x, nil
		}
	}
	return 0, errors.New("varint longer than 10 bytes")
}

// count checks that n elements of at least one byte each fit in the
// bytes left.
func (w *thriftWalker) count(n uint64, what string) (int, error) {
	if left := uint64(len(w.b) - w.pos); n > left {
		if !w.final {
			return 0, errThriftShort
		}
		return 0, fmt.Errorf("a %s claims %d elements, %d bytes are left", what, n, left)
	}
	return int(n), nil
}

func (w *thriftWalker) structure(depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("structures nested deeper than %d", maxThriftDepth)
	}
	var id int16
	for {
		h, err := w.byte()
		if err != nil {
			return err
		}
		if h == 0 {
			return nil
		}
		typ := h & 0x0f
		if d := h >> 4; d != 0 {
			id += int16(d)
		} else {
			z, err := w.uvarint()
			if err != nil {
				return err
			}
			id = int16(int64(z>>1) ^ -int64(z&1))
		}
		switch typ {
		case 1, 2: // booleans: the value is the type
		case 5: // i32
			z, err := w.uvarint()
			if err != nil {
				return err
			}
			if depth == 0 && w.top != nil {
				w.top[id] = int64(z>>1) ^ -int64(z&1)
			}
		default:
			if err := w.value(typ, depth); err != nil {
				return err
			}
		}
	}
}

func (w *thriftWalker) value(typ byte, depth int) error {
	switch typ {
	case 1, 2, 3: // a boolean in a list or map, a byte
		_, err := w.byte()
		return err
	case 4, 5, 6: // i16, i32, i64
		_, err := w.uvarint()
		return err
	case 7: // double
		if len(w.b)-w.pos < 8 {
			return errThriftShort
		}
		w.pos += 8
		return nil
	case 8: // binary
		n, err := w.uvarint()
		if err != nil {
			return err
		}
		if uint64(len(w.b)-w.pos) < n {
			if !w.final {
				return errThriftShort
			}
			return fmt.Errorf("a string claims %d bytes, %d are left", n, len(w.b)-w.pos)
		}
		w.pos += int(n)
		return nil
	case 9, 10: // list, set
		h, err := w.byte()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = w.uvarint(); err != nil {
				return err
			}
		}
		k, err := w.count(n, "list")
		if err != nil {
			return err
		}
		for range k {
			if err := w.value(h&0x0f, depth+1); err != nil {
				return err
			}
		}
		return nil
	case 11: // map
		n, err := w.uvarint()
		if err != nil || n == 0 {
			return err
		}
		kv, err := w.byte()
		if err != nil {
			return err
		}
		k, err := w.count(2*n, "map")
		if err != nil {
			return err
		}
		for range k / 2 {
			if err := w.value(kv>>4, depth+1); err != nil {
				return err
			}
			if err := w.value(kv&0x0f, depth+1); err != nil {
				return err
			}
		}
		return nil
	case 12:
		return w.structure(depth + 1)
	}
	return fmt.Errorf("unknown field type %d", typ)
}

// checkThrift checks the compact-encoded struct at the start of b and
// returns its length and the i32 fields of its outermost level. Unless
// final, errThriftShort means that b ends before the struct does.
func checkThrift(b []byte, final bool) (int, map[int16]int64, error) {
	w := &thriftWalker{b: b, top: map[int16]int64{}, final: final}
	if err := w.structure(0); err != nil {
		return 0, nil, err
	}
	return w.pos, w.top, nil
}

// checkParquetMetadata refuses a footer whose counts cannot be what they
// claim, before the Parquet reader decodes it.
func checkParquetMetadata(f io.ReaderAt, size int64, footerLen int64) error {
	b := make([]byte, footerLen)
	if _, err := f.ReadAt(b, size-8-footerLen); err != nil {
		return fmt.Errorf("parquet input: reading the footer: %w", err)
	}
	if _, _, err := checkThrift(b, true); err != nil {
		return fmt.Errorf("parquet input: the footer is corrupt: %v", err)
	}
	return nil
}

// Page header fields (parquet.thrift PageHeader).
const (
	pageUncompressedSize = 2
	pageCompressedSize   = 3
)

// checkParquetPages walks the page headers of every column chunk: each
// page must lie within its chunk and decompress to at most maxPage bytes.
// It reads the headers only, not the pages.
func checkParquetPages(f io.ReaderAt, pf *parquet.File, maxPage int64) error {
	var buf []byte
	for i, rg := range pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			md := c.MetaData
			pos := md.DataPageOffset
			if md.DictionaryPageOffset != 0 {
				pos = md.DictionaryPageOffset
			}
			end := pos + md.TotalCompressedSize
			where := func() string {
				return fmt.Sprintf("row group %d, column %s, page at byte %d", i, strings.Join(md.PathInSchema, "."), pos)
			}
			for pos < end {
				// Page headers are small; read more only for a long one.
				var n int
				var top map[int16]int64
				var err error
				for window := int64(256); ; window *= 16 {
					window = min(window, end-pos)
					if int64(cap(buf)) < window {
						buf = make([]byte, window)
					}
					b := buf[:window]
					if _, rerr := f.ReadAt(b, pos); rerr != nil && !errors.Is(rerr, io.EOF) {
						return fmt.Errorf("parquet input: %s: %w", where(), rerr)
					}
					final := window == end-pos || window >= 16<<20
					n, top, err = checkThrift(b, final)
					if final || !errors.Is(err, errThriftShort) {
						break
					}
				}
				if err != nil {
					return fmt.Errorf("parquet input: %s: the page header is corrupt: %v", where(), err)
				}
				comp, uncomp := top[pageCompressedSize], top[pageUncompressedSize]
				switch {
				case uncomp < 0 || uncomp > maxPage:
					return fmt.Errorf("parquet input: %s: the page claims to decompress to %d bytes, more than the limit of %d (raise it with --max-record)", where(), uncomp, maxPage)
				case comp < 0 || comp > end-pos-int64(n):
					return fmt.Errorf("parquet input: %s: the page claims %d bytes, its column chunk has %d left; the file is corrupt", where(), comp, end-pos-int64(n))
				}
				pos += int64(n) + comp
			}
		}
	}
	return nil
}
