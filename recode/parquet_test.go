package recode

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/quhua/quhua"
)

func TestParquetNested(t *testing.T) {
	type row struct {
		Code string   `parquet:"code"`
		Tags []string `parquet:"tags,list"`
	}
	var b bytes.Buffer
	if err := parquet.Write(&b, []row{{Code: "220381", Tags: []string{"a"}}}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	_, err := Run(context.Background(), &b, &out, Options{Column: "code", From: quhua.EndOfYear(2019)})
	if err == nil || !strings.Contains(err.Error(), `column "tags" is nested or repeated`) {
		t.Fatalf("err = %v", err)
	}
}

func TestParquetCorrupt(t *testing.T) {
	for _, in := range []string{"PAR1", "PAR1PAR1", "PAR1\x00\x00\x00\x00PAR1", "PAR1" + strings.Repeat("\xff", 100) + "\x10\x00\x00\x00PAR1"} {
		var out bytes.Buffer
		_, err := Run(context.Background(), strings.NewReader(in), &out, Options{Column: "code", From: quhua.EndOfYear(2019)})
		if err == nil || !strings.Contains(err.Error(), "parquet input") {
			t.Errorf("%q: err = %v", in, err)
		}
	}
}

func FuzzParquetInput(f *testing.F) {
	var b bytes.Buffer
	type row struct {
		ID   int64  `parquet:"id"`
		Code string `parquet:"code"`
	}
	parquet.Write(&b, []row{{1, "220381"}, {2, "320611"}})
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		Run(context.Background(), bytes.NewReader(in), &out, Options{Column: "code", From: quhua.EndOfYear(2019), Input: Parquet})
	})
}

// hugeFooter is a 28-byte file whose footer claims 0xF0000000 bytes.
const hugeFooter = "PAR1" + "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" + "\x00\x00\x00\xf0" + "PAR1"

// TestParquetImpossibleSizes: a footer longer than the file, or a column
// chunk or page beyond it, is refused before anything of that size is
// allocated, from a file and from a stream.
func TestParquetImpossibleSizes(t *testing.T) {
	o := Options{Column: "code", From: quhua.EndOfYear(2019)}
	var out bytes.Buffer
	// Warm up: the mapper of the options is built once per process.
	if _, err := Run(context.Background(), strings.NewReader("code\n220381\n"), &out, o); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "huge.parquet")
	if err := os.WriteFile(path, []byte(hugeFooter), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, file := range []bool{false, true} {
		var in io.Reader = strings.NewReader(hugeFooter)
		if file {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			in = f
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Run(context.Background(), in, &out, o)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "parquet input: the footer claims 4026531840 bytes, the file has 28") {
			t.Errorf("file %v: err = %v", file, err)
		}
		if d := after.TotalAlloc - before.TotalAlloc; d > 16<<20 {
			t.Errorf("file %v: %d MiB allocated for a 28-byte file", file, d>>20)
		}
	}
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// appendZigzag appends x in Thrift's compact encoding of an i32 field
// value (zigzag, then varint).
func appendZigzag(b []byte, x int32) []byte {
	return binary.AppendUvarint(b, uint64(uint32((x<<1)^(x>>31))))
}

// TestParquetHugeClaims: metadata whose counts cannot fit in the bytes
// that hold them, and page headers claiming more than their column chunk
// or a decompressed size beyond the limit, are refused with an error and
// without allocating the claimed sizes.
func TestParquetHugeClaims(t *testing.T) {
	o := Options{Column: "code", From: quhua.EndOfYear(2019)}
	var out bytes.Buffer
	Run(context.Background(), strings.NewReader("code\n220381\n"), &out, o) // warm up

	// A footer: version 1, then a schema list claiming 2^31-1 structs.
	footer := []byte{0x15, 0x02, 0x19, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00, 0x00}
	file := append([]byte("PAR1"), footer...)
	file = binary.LittleEndian.AppendUint32(file, uint32(len(footer)))
	file = append(file, "PAR1"...)

	// A real file whose first page header is patched.
	type row struct {
		Code string `parquet:"code"`
	}
	var good bytes.Buffer
	if err := parquet.Write(&good, []row{{"220381"}, {"320611"}}); err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(good.Bytes()), int64(good.Len()))
	if err != nil {
		t.Fatal(err)
	}
	md := pf.Metadata().RowGroups[0].Columns[0].MetaData
	at := md.DataPageOffset
	if md.DictionaryPageOffset != 0 {
		at = md.DictionaryPageOffset
	}
	// patch replaces the value of field n (1: type, 2: uncompressed
	// size, 3: compressed size) of the page header, written in order.
	patch := func(field int, v int32) []byte {
		b := good.Bytes()
		pos := int(at)
		for f := 1; f <= 3; f++ {
			if b[pos] != 0x15 {
				t.Fatalf("unexpected page header byte %#x", b[pos])
			}
			pos++
			_, n := binary.Uvarint(b[pos:])
			if f == field {
				p := append([]byte(nil), b[:pos]...)
				p = appendZigzag(p, v)
				return append(p, b[pos+n:]...)
			}
			pos += n
		}
		return nil
	}
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"footer list", file, "parquet input: the footer is corrupt: a list claims 2147483647 elements"},
		{"compressed page size", patch(3, math.MaxInt32), "the page claims 2147483647 bytes, its column chunk has"},
		{"uncompressed page size", patch(2, math.MaxInt32), "the page claims to decompress to 2147483647 bytes, more than the limit of 67108864"},
	} {
		var err error
		n := allocated(func() {
			_, err = Run(context.Background(), bytes.NewReader(c.in), &out, o)
		})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %s", c.name, err, c.want)
		}
		if n > 16<<20 {
			t.Errorf("%s: %d MiB allocated", c.name, n>>20)
		}
	}
	// The unpatched file reads.
	if _, err := Run(context.Background(), bytes.NewReader(good.Bytes()), &out, o); err != nil {
		t.Fatal(err)
	}
}
