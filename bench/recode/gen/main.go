// Command gen writes the benchmark's input: a CSV of N rows keyed by
// division codes of every vintage (each row's code drawn from the list of a
// random year, 1981 to the latest), with a few other columns, and a small
// share of codes that are not divisions (placeholders, unknown codes).
//
//	go run ./bench/recode/gen -rows 10000000 -out bench/recode/out/data.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/quhua/quhua"
)

func main() {
	rows := flag.Int("rows", 10_000_000, "number of data rows")
	out := flag.String("out", "data.csv", "output file")
	seed := flag.Uint64("seed", 2260, "random seed")
	flag.Parse()
	if err := gen(*rows, *out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func gen(n int, path string, seed uint64) error {
	reg := quhua.Default()
	var years []int
	var lists [][]string
	for y := reg.FirstYear(); y <= reg.LastYear(); y++ {
		var codes []string
		for _, d := range reg.At(quhua.EndOfYear(y)).All() {
			codes = append(codes, d.Code.String())
		}
		years = append(years, y)
		lists = append(lists, codes)
	}
	odd := []string{"110100", "220101", "999999", "320671", "000000"}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(seed, 1))
	w.WriteString("id,year,code,sector,value,share\n")
	sectors := []string{"agriculture", "industry", "services", "construction", "retail"}
	var b []byte
	for i := 1; i <= n; i++ {
		k := r.IntN(len(years))
		code := lists[k][r.IntN(len(lists[k]))]
		if r.IntN(1000) == 0 {
			code = odd[r.IntN(len(odd))]
		}
		b = b[:0]
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(years[k]), 10)
		b = append(b, ',')
		b = append(b, code...)
		b = append(b, ',')
		b = append(b, sectors[r.IntN(len(sectors))]...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(r.IntN(100000)), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, r.Float64(), 'f', 4, 64)
		b = append(b, '\n')
		w.Write(b)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
