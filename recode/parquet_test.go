package recode

import (
	"bytes"
	"context"
	"io"
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
