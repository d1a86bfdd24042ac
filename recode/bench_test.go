package recode

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/quhua/quhua"
)

// benchInput builds a CSV of n rows with codes of every vintage.
func benchInput(n int) []byte {
	reg := quhua.Default()
	var codes []string
	for y := reg.FirstYear(); y <= reg.LastYear(); y += 3 {
		for _, d := range reg.At(quhua.EndOfYear(y)).All() {
			codes = append(codes, d.Code.String())
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("id,year,code,sector,value,share\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d,%d,%s,services,%d,0.%04d\n", i, 1981+r.IntN(44), codes[r.IntN(len(codes))], r.IntN(100000), r.IntN(10000))
	}
	return b.Bytes()
}

func BenchmarkRunCSV(b *testing.B) {
	in := benchInput(200000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), bytes.NewReader(in), io.Discard, Options{Column: "code", FromAuto: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRunCSVToJSONL(b *testing.B) {
	in := benchInput(100000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), bytes.NewReader(in), io.Discard, Options{Column: "code", FromAuto: true, Output: JSONL}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewMapper(b *testing.B) {
	reg := quhua.Default()
	b.ReportAllocs()
	for b.Loop() {
		NewMapper(reg, MapperOptions{FromAuto: true})
	}
}

func BenchmarkRunCSVFromColumn(b *testing.B) {
	in := benchInput(200000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), bytes.NewReader(in), io.Discard, Options{Column: "code", FromColumn: "year"}); err != nil {
			b.Fatal(err)
		}
	}
}
