// Package upstream reads the upstream data set (yearly code lists and the
// area-diff files between them) and compiles it into change events, records
// and lineage links.
//
// The readers are scanners in the style of golang.org/x/text/internal/ucd:
// New…(r, file), then Next() in a loop, typed accessors, and Err() for the
// first error, which names the file and line. Nothing here panics on bad
// input.
package upstream

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/quhua/quhua"
)

// Error is a problem in an upstream file, with its position.
type Error struct {
	File  string
	Line  int
	Field string // optional: the part of the line concerned
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is a list of problems, all found in one run.
type Errors []error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i == 20 {
			fmt.Fprintf(&b, "… and %d more problems", len(es)-20)
			break
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// lineReader yields lines with their numbers, rejecting invalid UTF-8 and
// overlong lines.
type lineReader struct {
	s    *bufio.Scanner
	file string
	line int
	text string
	err  error
}

const maxLine = 1 << 20

func newLineReader(r io.Reader, file string) *lineReader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 64*1024), maxLine)
	return &lineReader{s: s, file: file}
}

func (l *lineReader) next() bool {
	if l.err != nil {
		return false
	}
	if !l.s.Scan() {
		if err := l.s.Err(); err != nil {
			msg := err.Error()
			if err == bufio.ErrTooLong {
				msg = fmt.Sprintf("line longer than %d bytes", maxLine)
			}
			l.err = &Error{File: l.file, Line: l.line + 1, Msg: msg}
		}
		return false
	}
	l.line++
	t := l.s.Text()
	if l.line == 1 {
		t = strings.TrimPrefix(t, "\ufeff")
	}
	t = strings.TrimSuffix(t, "\r")
	if !utf8.ValidString(t) {
		l.err = &Error{File: l.file, Line: l.line, Msg: "invalid UTF-8"}
		return false
	}
	l.text = t
	return true
}

// Entry is one line of a yearly list.
type Entry struct {
	Code quhua.Code
	Name string
	Line int
}

// ListScanner reads a yearly list (data/YYYY.txt): one "CODE NAME" pair per
// line.
type ListScanner struct {
	lr    *lineReader
	entry Entry
	err   error
}

// NewListScanner returns a scanner over r; file names the input in errors.
func NewListScanner(r io.Reader, file string) *ListScanner {
	return &ListScanner{lr: newLineReader(r, file)}
}

// Next advances to the next entry. It returns false at the end of the input
// or at the first error.
func (s *ListScanner) Next() bool {
	if s.err != nil {
		return false
	}
	for s.lr.next() {
		t := s.lr.text
		if t == "" {
			continue
		}
		e, err := ParseListLine(t)
		if err != nil {
			s.err = &Error{File: s.lr.file, Line: s.lr.line, Msg: err.Error()}
			return false
		}
		e.Line = s.lr.line
		s.entry = e
		return true
	}
	s.err = s.lr.err
	return false
}

// Entry returns the current entry.
func (s *ListScanner) Entry() Entry { return s.entry }

// Err returns the first error met, or nil.
func (s *ListScanner) Err() error { return s.err }

// ParseListLine parses "CODE NAME".
func ParseListLine(t string) (Entry, error) {
	code, name, ok := strings.Cut(t, " ")
	if !ok {
		return Entry{}, fmt.Errorf("want \"CODE NAME\", got %q", t)
	}
	c, err := quhua.ParseCode(code)
	if err != nil {
		return Entry{}, err
	}
	if err := checkName(name); err != nil {
		return Entry{}, err
	}
	return Entry{Code: c, Name: name}, nil
}

func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("empty name")
	}
	if strings.ContainsAny(name, " \t<>,") {
		return fmt.Errorf("name %q contains a space, tab, '<', '>' or ','", name)
	}
	return nil
}

// Selector names a record on the other side of a diff line.
type Selector struct {
	Text        string // a name, "_", "." or ".."; possibly parent-prefixed
	Disabled    bool   // followed by "?": the link is doubtful and ignored
	Unconfirmed bool   // followed by "!": enabled without an official notice
}

// ChangeLine is one "-", "+" or "=" line of a diff.
type ChangeLine struct {
	Op        byte // '-', '+' or '='
	Code      quhua.Code
	Name      string
	Dir       byte // '>' or '<'; 0 when the line has no ATTR
	Selectors []Selector
	Line      int
}

func (c ChangeLine) String() string {
	var b strings.Builder
	b.WriteByte(c.Op)
	b.WriteString(c.Code.String())
	b.WriteByte(' ')
	b.WriteString(c.Name)
	if c.Dir != 0 {
		b.WriteByte(c.Dir)
		for i, s := range c.Selectors {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(s.Text)
			if s.Disabled {
				b.WriteByte('?')
			}
			if s.Unconfirmed {
				b.WriteByte('!')
			}
		}
	}
	return b.String()
}

// ParseChangeLine parses one change line such as "-220381 公主岭市>_".
func ParseChangeLine(t string) (ChangeLine, error) {
	var c ChangeLine
	if t == "" {
		return c, fmt.Errorf("empty change line")
	}
	c.Op = t[0]
	if c.Op != '-' && c.Op != '+' && c.Op != '=' {
		return c, fmt.Errorf("change line must start with '-', '+' or '=', got %q", t[:1])
	}
	rest := t[1:]
	code, rest, ok := strings.Cut(rest, " ")
	if !ok {
		return c, fmt.Errorf("want \"%cCODE NAME[ATTR]\", got %q", c.Op, t)
	}
	cd, err := quhua.ParseCode(code)
	if err != nil {
		return c, err
	}
	c.Code = cd
	name, attr := rest, ""
	if i := strings.IndexAny(rest, "<>"); i >= 0 {
		name, attr = rest[:i], rest[i:]
	}
	if err := checkName(name); err != nil {
		return c, err
	}
	c.Name = name
	if attr == "" {
		if c.Op == '=' {
			return c, fmt.Errorf("an '=' line needs a '<' or '>' list")
		}
		return c, nil
	}
	c.Dir = attr[0]
	switch {
	case c.Op == '-' && c.Dir != '>':
		return c, fmt.Errorf("a '-' line lists later records after '>', got %q", attr[:1])
	case c.Op == '+' && c.Dir != '<':
		return c, fmt.Errorf("a '+' line lists earlier records after '<', got %q", attr[:1])
	}
	for _, f := range strings.Split(attr[1:], ",") {
		s := Selector{Text: f}
		for len(s.Text) > 0 {
			last := s.Text[len(s.Text)-1]
			if last == '?' && !s.Disabled {
				s.Disabled = true
			} else if last == '!' && !s.Unconfirmed {
				s.Unconfirmed = true
			} else {
				break
			}
			s.Text = s.Text[:len(s.Text)-1]
		}
		if s.Text == "" {
			return c, fmt.Errorf("empty selector in %q", attr)
		}
		if strings.ContainsAny(s.Text, " \t<>?!") {
			return c, fmt.Errorf("malformed selector %q", s.Text)
		}
		c.Selectors = append(c.Selectors, s)
	}
	return c, nil
}

// Description is the comment block that states a change: one or more
// documents (decisions), each with its title, number, date, source and body.
// Several "## " titles in one block are decisions that together account
// for the change lines below them.
type Description struct {
	Docs []*Document
	Line int // first line of the block
}

// Document is one decision within a description.
type Document struct {
	Title    string
	Number   string // 文号
	DateText string // 日期 as written
	Date     quhua.Date
	DatePrec quhua.Precision
	DateErr  error  // why DateText could not be read, if it could not
	Source   string // 来源
	Body     []string
	Line     int
}

// Block is a description and the change lines that follow it. Desc is nil
// for change lines that no description precedes.
type Block struct {
	Desc  *Description
	Lines []ChangeLine
}

// DiffScanner reads an area-diff file block by block.
type DiffScanner struct {
	lr      *lineReader
	block   Block
	pending *Description // a description read while finishing the previous block
	err     error
}

// NewDiffScanner returns a scanner over r; file names the input in errors.
func NewDiffScanner(r io.Reader, file string) *DiffScanner {
	return &DiffScanner{lr: newLineReader(r, file)}
}

// Block returns the current block.
func (s *DiffScanner) Block() Block { return s.block }

// Err returns the first error met, or nil.
func (s *DiffScanner) Err() error { return s.err }

func (s *DiffScanner) fail(field, msg string) bool {
	s.err = &Error{File: s.lr.file, Line: s.lr.line, Field: field, Msg: msg}
	return false
}

// Next reads the next block: a description (possibly without change lines,
// when a blank line or the end of the file follows it) or a run of change
// lines without description (when a blank line precedes them).
func (s *DiffScanner) Next() bool {
	if s.err != nil {
		return false
	}
	s.block = Block{Desc: s.pending}
	s.pending = nil
	for s.lr.next() {
		t := s.lr.text
		switch {
		case t == "":
			if s.block.Desc != nil || len(s.block.Lines) > 0 {
				return true
			}
		case t[0] == '#':
			if len(s.block.Lines) > 0 {
				// A new description: this block is complete.
				s.pending = &Description{Line: s.lr.line}
				return s.commentLine(s.pending, t)
			}
			if s.block.Desc == nil {
				s.block.Desc = &Description{Line: s.lr.line}
			}
			if !s.commentLine(s.block.Desc, t) {
				return false
			}
		default:
			c, err := ParseChangeLine(t)
			if err != nil {
				return s.fail("", err.Error())
			}
			c.Line = s.lr.line
			s.block.Lines = append(s.block.Lines, c)
		}
	}
	if s.lr.err != nil {
		s.err = s.lr.err
		return false
	}
	if s.block.Desc != nil || len(s.block.Lines) > 0 {
		return true
	}
	return false
}

// commentLine adds one "#" line to d. Metadata lines (文号, 日期, 时间, 来源)
// are read in a document's header, before its body starts.
func (s *DiffScanner) commentLine(d *Description, t string) bool {
	cur := func() *Document {
		if len(d.Docs) == 0 {
			d.Docs = append(d.Docs, &Document{Line: s.lr.line})
		}
		return d.Docs[len(d.Docs)-1]
	}
	switch {
	case strings.HasPrefix(t, "## "):
		title := strings.TrimSpace(t[3:])
		if title == "" {
			return s.fail("title", "empty title")
		}
		d.Docs = append(d.Docs, &Document{Title: title, Line: s.lr.line})
		return true
	case t == "#":
		if doc := cur(); len(doc.Body) > 0 {
			doc.Body = append(doc.Body, "")
		}
		return true
	case strings.HasPrefix(t, "# "):
	default:
		return s.fail("", fmt.Sprintf("comment line must start with \"# \" or \"## \", got %q", firstRunes(t, 10)))
	}
	text := t[2:]
	doc := cur()
	if len(doc.Body) == 0 {
		if key, val, ok := strings.Cut(text, "："); ok {
			val = strings.TrimSpace(val)
			switch key {
			case "文号":
				if doc.Number != "" {
					return s.fail("文号", "given twice")
				}
				if val == "" {
					return s.fail("文号", "empty")
				}
				doc.Number = val
				return true
			case "日期", "时间":
				if doc.DateText != "" {
					return s.fail(key, "given twice")
				}
				date, prec, err := ParseChineseDate(val)
				doc.DateText, doc.Date, doc.DatePrec, doc.DateErr = val, date, prec, err
				return true
			case "来源":
				if doc.Source != "" {
					return s.fail("来源", "given twice")
				}
				doc.Source = val
				return true
			}
		}
	}
	doc.Body = append(doc.Body, text)
	return true
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// ParseChineseDate parses dates as the descriptions write them:
// "2020年6月5日", "一九八二年一月二十三日", "二〇〇〇年六月" (month precision)
// or "1983年" (year precision).
func ParseChineseDate(s string) (quhua.Date, quhua.Precision, error) {
	rest := s
	y, rest, ok := cutNumber(rest, "年", true)
	if !ok {
		return 0, 0, fmt.Errorf("%q: want a date such as 2020年6月5日 or 一九八二年一月二十三日", s)
	}
	if rest == "" {
		return quhua.EndOfYear(y), quhua.Year, checkYMD(s, y, 12, 31)
	}
	m, rest, ok := cutNumber(rest, "月", false)
	if !ok {
		return 0, 0, fmt.Errorf("%q: malformed month", s)
	}
	if rest == "" {
		if err := checkYMD(s, y, m, 1); err != nil {
			return 0, 0, err
		}
		last := quhua.NewDate(y, m, 1).Time().AddDate(0, 1, -1).Day()
		return quhua.NewDate(y, m, last), quhua.Month, nil
	}
	d, rest, ok := cutNumber(rest, "日", false)
	if !ok || rest != "" {
		return 0, 0, fmt.Errorf("%q: malformed day", s)
	}
	if err := checkYMD(s, y, m, d); err != nil {
		return 0, 0, err
	}
	return quhua.NewDate(y, m, d), quhua.Day, nil
}

func checkYMD(s string, y, m, d int) error {
	if y < 1949 || y > 2100 {
		return fmt.Errorf("%q: year %d out of range", s, y)
	}
	if !quhua.NewDate(y, m, d).Valid() {
		return fmt.Errorf("%q: no such day", s)
	}
	return nil
}

var cnDigits = map[rune]int{'〇': 0, '零': 0, 'О': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// cutNumber reads a number (Arabic digits, or Chinese numerals: digit by
// digit for years, with 十 for months and days) up to sep.
func cutNumber(s, sep string, year bool) (int, string, bool) {
	num, rest, ok := strings.Cut(s, sep)
	if !ok || num == "" {
		return 0, "", false
	}
	if num[0] >= '0' && num[0] <= '9' {
		n := 0
		for i := 0; i < len(num); i++ {
			if num[i] < '0' || num[i] > '9' || i >= 4 {
				return 0, "", false
			}
			n = n*10 + int(num[i]-'0')
		}
		return n, rest, true
	}
	rs := []rune(num)
	if year {
		if len(rs) != 4 {
			return 0, "", false
		}
		n := 0
		for _, r := range rs {
			d, ok := cnDigits[r]
			if !ok {
				return 0, "", false
			}
			n = n*10 + d
		}
		return n, rest, true
	}
	// 一 … 九, 十, 十一 … 十九, 二十 … 三十一.
	n, tens, seen := 0, -1, false
	for i, r := range rs {
		if r == '十' {
			if tens >= 0 || i > 1 {
				return 0, "", false
			}
			tens = n
			if i == 0 {
				tens = 1
			}
			n = 0
			continue
		}
		d, ok := cnDigits[r]
		if !ok || d == 0 || seen && tens < 0 {
			return 0, "", false
		}
		n, seen = d, true
	}
	if tens >= 0 {
		n += tens * 10
	}
	if n == 0 {
		return 0, "", false
	}
	return n, rest, true
}
