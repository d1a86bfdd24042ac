package recode

import (
	"bytes"
	"context"
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
