// Command genplate compiles the upstream list of licence-plate prefixes
// (plate-codes.csv) into a Go table for package plate, resolving each
// region to a division code with the address parser as of the registry's
// latest list.
//
//	go run ../build/genplate -in ../data/areacodes/plate-codes.csv -out table.go
//
// With -check it writes nothing and fails if the file differs.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/build/genfile"
)

func main() {
	in := flag.String("in", "../data/areacodes/plate-codes.csv", "upstream plate-codes.csv")
	out := genfile.Flags("table.go")
	flag.Parse()
	genfile.Main("genplate", func() error { return run(*in, out) })
}

type row struct {
	province rune
	letters  string
	pattern  string
	region   string
	code     quhua.Code
	name     string
	office   bool
}

// letters expands a class such as A, [A-Z], [AL] or [EXY].
func letters(s string) (string, error) {
	if len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z' {
		return s, nil
	}
	if len(s) < 3 || s[0] != '[' || s[len(s)-1] != ']' {
		return "", fmt.Errorf("letter %q: want A–Z or a class like [A-Z]", s)
	}
	body := s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c < 'A' || c > 'Z' {
			return "", fmt.Errorf("letter class %q: %q is not A–Z", s, c)
		}
		if i+2 < len(body) && body[i+1] == '-' {
			hi := body[i+2]
			if hi < c || hi > 'Z' {
				return "", fmt.Errorf("letter class %q: bad range", s)
			}
			for x := c; x <= hi; x++ {
				b.WriteByte(x)
			}
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

func parse(path string) ([]row, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 2
	reg := quhua.Default()
	at := reg.Latest()
	p, err := address.New(reg)
	if err != nil {
		return nil, err
	}
	var rows []row
	var errs []string
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if line == 1 {
			if rec[0] != "代码" || rec[1] != "地区" {
				return nil, fmt.Errorf("%s:1: header %q, want 代码,地区", path, rec)
			}
			continue
		}
		prov, size := utf8.DecodeRuneInString(rec[0])
		if prov == utf8.RuneError || size == len(rec[0]) {
			errs = append(errs, fmt.Sprintf("%s:%d: 代码: %q is not a province character and letter", path, line, rec[0]))
			continue
		}
		ls, err := letters(rec[0][size:])
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s:%d: 代码: %v", path, line, err))
			continue
		}
		x := row{province: prov, letters: ls, pattern: rec[0], region: rec[1]}
		res := p.Parse(rec[1], at)
		switch {
		case res.Ambiguous() || !res.Found():
			errs = append(errs, fmt.Sprintf("%s:%d: 地区: %q names no single division", path, line, rec[1]))
			continue
		case !res.County.IsZero():
			x.code, x.name = res.County.Code, res.County.Name
		case !res.Prefecture.IsZero():
			x.code, x.name = res.Prefecture.Code, res.Prefecture.Name
		default:
			x.code, x.name = res.Province.Code, res.Province.Name
		}
		// An office of the province (车辆管理所) rather than a division.
		x.office = res.Rest != ""
		rows = append(rows, x)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return rows, nil
}

func run(in string, out *genfile.Output) error {
	rows, err := parse(in)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString(genfile.Header("genplate", filepath.Base(in)) + "package plate\n\n")
	b.WriteString("var table = []entry{\n")
	for _, x := range rows {
		fmt.Fprintf(&b, "\t{%q, %q, %q, %q, %d, %q, %v},\n", x.province, x.letters, x.pattern, x.region, x.code, x.name, x.office)
	}
	b.WriteString("}\n")
	src, err := genfile.FormatGo(b.Bytes())
	if err != nil {
		return err
	}
	return out.Emit(out.Path, src)
}
