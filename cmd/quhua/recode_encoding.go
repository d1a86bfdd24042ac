package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/quhua/quhua/recode"
)

// Text encodings of recode's input and output. Excel in China saves CSV in
// GB18030 (GBK's superset); everything else is UTF-8. The input is decoded
// to UTF-8 before recode reads it, and the output encoded back on the way
// out, so recode itself only ever sees UTF-8.

const (
	encAuto    = "auto"
	encUTF8    = "utf-8"
	encGB18030 = "gb18030"
)

// sniffBytes is how much of the input detection reads.
const sniffBytes = 64 << 10

// parseEncoding reads an --encoding or --output-encoding value; input is
// allowed for the output only (the input's encoding).
func parseEncoding(flag, s string, allowInput bool) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto":
		if !allowInput {
			return encAuto, nil
		}
	case "input":
		if allowInput {
			return "input", nil
		}
	case "utf-8", "utf8":
		return encUTF8, nil
	case "gb18030", "gbk", "gb2312", "cp936":
		return encGB18030, nil
	}
	want := "auto, utf-8 or gb18030"
	if allowInput {
		want = "input, utf-8 or gb18030"
	}
	return "", fmt.Errorf("%s %q: want %s", flag, s, want)
}

// gb18030BOM starts a GB18030 file that carries a byte-order mark.
var gb18030BOM = []byte{0x84, 0x31, 0x95, 0x33}

// looksGB18030 reports whether head (the start of a text, possibly cut in
// the middle of a character) is not UTF-8 but reads as GB18030 without a
// single invalid sequence.
func looksGB18030(head []byte, cut bool) bool {
	if bytes.HasPrefix(head, gb18030BOM) {
		return true
	}
	if utf8.Valid(head) || cut && validUTF8Cut(head) {
		return false
	}
	if cut && len(head) > 4 {
		head = head[:len(head)-4] // a character may be cut at the end
	}
	// The decoder maps invalid sequences to U+FFFD: a GB18030 text has
	// none (nor do the files of Excel).
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(head)
	return err == nil && !bytes.ContainsRune(dec, utf8.RuneError)
}

// validUTF8Cut reports whether b is valid UTF-8 but for a character cut
// at its end.
func validUTF8Cut(b []byte) bool {
	for i := 1; i <= 3 && i <= len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) && !utf8.FullRune(b[len(b)-i:]) {
			return true
		}
	}
	return false
}

// notUTF8Error is the refusal of an input that is not UTF-8 but reads as
// GB18030, when --encoding utf-8 was asked for.
func notUTF8Error(name string) error {
	return badRequest("run with --encoding gb18030 (or --encoding auto, the default) to read it; the output is then written in GB18030 too, or in UTF-8 with --output-encoding utf-8",
		fmt.Errorf("%s is not UTF-8: it reads as GB18030 (GBK), the encoding Excel uses for CSV in China", name))
}

// decodeInput returns the input to give recode, decoded to UTF-8, and the
// input's encoding. Parquet input is left alone (its strings are UTF-8).
// Compressed input is decompressed first, so that the text under it is
// what is decoded. With encAuto the first 64 KiB decide: UTF-8 unless they
// are not UTF-8 and read as GB18030.
func decodeInput(in io.Reader, enc, name string, parquet bool) (io.Reader, string, func(), error) {
	nothing := func() {}
	if parquet {
		if enc == encGB18030 {
			return nil, "", nothing, badRequest("leave --encoding out for Parquet input", fmt.Errorf("%s is Parquet, whose text is UTF-8 by definition: --encoding gb18030 does not apply", name))
		}
		return in, encUTF8, nothing, nil
	}
	r, comp, closeFn, err := recode.Decompress(in)
	if err != nil {
		return nil, "", nothing, badRequest("", err)
	}
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < sniffBytes {
		br = bufio.NewReaderSize(r, sniffBytes)
	}
	head, _ := br.Peek(sniffBytes)
	if comp == recode.None && bytes.HasPrefix(head, []byte("PAR1")) {
		return br, encUTF8, closeFn, nil // Parquet on standard input
	}
	cut := len(head) == sniffBytes
	gb := looksGB18030(head, cut)
	switch {
	case enc == encUTF8 && gb:
		closeFn()
		return nil, "", nothing, notUTF8Error(name)
	case enc == encUTF8 || enc == encAuto && !gb:
		return br, encUTF8, closeFn, nil
	}
	if bytes.HasPrefix(head, gb18030BOM) {
		br.Discard(len(gb18030BOM))
	}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), encGB18030, closeFn, nil
}

// encodeOutput returns the writer that encodes text written to out in
// enc, and the function that flushes it at the end.
func encodeOutput(out io.Writer, enc string) (io.Writer, func() error) {
	if enc != encGB18030 {
		return out, func() error { return nil }
	}
	w := transform.NewWriter(out, simplifiedchinese.GB18030.NewEncoder())
	return w, w.Close
}
