package townimport

// Legal parents of the townships under the statistics bureau's
// statistics-only units.
//
// The bureau numbers development zones, industrial parks, new areas and
// similar units like counties (codes XXXX71–XXXX79 and a few others: 320871
// 淮安经济技术开发区), and lists under them the townships they manage. They
// are not administrative divisions: a township under one legally belongs
// (隶属) to a county-level division, which the bureau's code does not
// show. legalParents finds that county from, in this order:
//
//  0. the unit's code: the unit is a county-level division that the bureau
//     codes otherwise (139002 for 130181 辛集市), or the placeholder 市辖区
//     of a prefecture-level city without counties (620201 for 620200
//     嘉峪关市, whose townships are directly under it);
//  1. civil-affairs code: the township's code in the ministry's system (the
//     workbook codes townships under their legal counties), paired with the
//     bureau's code by the import;
//  2. workbook: a row of sub-county-diff.xlsx names a township of the same
//     name under one county of the same prefecture (its code gives the
//     county);
//  3. edition: an edition 2015–2023 lists a township of the same name
//     under one county of the same prefecture (before the unit took it
//     over, or after it gave it back), nearest in time;
//  4. document: a row of data/corrections/township-legal-parents.csv, each
//     naming its source (a government page or document);
//  5. data_location: a county file of data_location lists the name under
//     one county of the prefecture; one unofficial source, so the legal
//     parent is marked unconfirmed.
//
// A name found under two or more counties at the same distance is
// ambiguous and gives nothing. Where nothing names the county, the legal
// parent is unknown and the record says why (TownshipRecord.LegalBasis);
// it is never the prefecture. data/areacity lists county-level units only
// (its township file is not kept), so it names no township's county.

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/quhua/quhua/snapshot"
)

// LegalRow is a row of the legal-parents file: a township under a
// statistics-only unit and the county-level division a source names as
// its legal parent.
type LegalRow struct {
	Line      int    // 1-based line in the file
	Code      uint32 // the bureau's 9-digit code
	Name      string // the township's name
	Legal     uint32 // the legal county's code
	Certainty uint8  // snapshot.CertOfficial or snapshot.CertUnconfirmed
	Source    string // the source: a document number, a page's address
}

// ReadLegalParents reads the legal-parents file (columns code, name,
// legal, certainty, source; a header line first; # starts a comment
// line). A missing file is no rows. A malformed line is an error naming
// the file, line and field.
func ReadLegalParents(path string) ([]LegalRow, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = 5
	header := []string{"code", "name", "legal", "certainty", "source"}
	var out []LegalRow
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		if first {
			if !slices.Equal(rec, header) {
				return nil, fmt.Errorf("%s:%d: header %q, want %q", path, line, rec, header)
			}
			continue
		}
		bad := func(field, why string) error {
			return fmt.Errorf("%s:%d: field %s %q: %s", path, line, field, rec[slices.Index(header, field)], why)
		}
		code, err := strconv.ParseUint(rec[0], 10, 32)
		if err != nil || len(rec[0]) != 9 {
			return nil, bad("code", "not a 9-digit township code")
		}
		legal, err := strconv.ParseUint(rec[2], 10, 32)
		if err != nil || len(rec[2]) != 6 || rec[2][4:] == "00" {
			return nil, bad("legal", "not a 6-digit county-level code")
		}
		if uint32(legal)/10000 != uint32(code)/10000000 {
			return nil, bad("legal", "not in the township's province")
		}
		if Normalize(rec[1]) == "" {
			return nil, bad("name", "empty")
		}
		var cert uint8
		switch rec[3] {
		case "official":
			cert = snapshot.CertOfficial
		case "unconfirmed":
			cert = snapshot.CertUnconfirmed
		default:
			return nil, bad("certainty", "want official or unconfirmed")
		}
		if strings.TrimSpace(rec[4]) == "" {
			return nil, bad("source", "empty: every row names its source")
		}
		out = append(out, LegalRow{Line: line, Code: uint32(code), Name: Normalize(rec[1]), Legal: uint32(legal), Certainty: cert, Source: strings.TrimSpace(rec[4])})
	}
	return out, nil
}

// Legal-parent evidence, strongest first (see the file comment).
const (
	legalNone uint8 = iota
	legalUnitCode
	legalCivil
	legalWorkbook
	legalEdition
	legalDocument
	legalDataLocation
	legalUnknown
)

var legalBasisNames = [...]string{"", "unit's code", "civil-affairs code", "workbook", "edition", "document", "data_location", "unknown"}

// legalFind is a candidate legal county with its evidence.
type legalFind struct {
	county uint32
	dist   int32 // distance in time from the record's span, days as YYYYMMDD differences
	basis  string
}

// nearestCounty picks the candidate nearest in time; candidates at the
// same distance that name different counties are ambiguous (ok false,
// with the counties), unless only one of them is in force when the record
// starts (inForce).
func nearestCounty(cands []legalFind, inForce func(uint32) bool) (legalFind, []uint32, bool) {
	if len(cands) == 0 {
		return legalFind{}, nil, false
	}
	slices.SortStableFunc(cands, func(a, c legalFind) int { return cmp.Compare(a.dist, c.dist) })
	best := cands[0]
	var tied []uint32
	for _, c := range cands {
		if c.dist == best.dist && !slices.Contains(tied, c.county) {
			tied = append(tied, c.county)
		}
	}
	if len(tied) > 1 {
		// A county and its successor (411023 许昌县, 411003 建安区): the
		// one in force when the record starts.
		var at []uint32
		for _, c := range tied {
			if inForce(c) {
				at = append(at, c)
			}
		}
		if len(at) == 1 {
			for _, c := range cands {
				if c.dist == best.dist && c.county == at[0] {
					return c, nil, true
				}
			}
		}
		slices.Sort(tied)
		return legalFind{}, tied, false
	}
	return best, nil, true
}

// spanDist is how far apart in time two spans are: 0 if they overlap,
// else 1 plus the gap (spans that touch are 1 apart).
func spanDist(f1, t1, f2, t2 int32) int32 {
	switch {
	case t1 != 0 && t1 <= f2:
		return f2 - t1 + 1
	case t2 != 0 && t2 <= f1:
		return f1 - t2 + 1
	}
	return 0
}

// legalParents gives every township record under a statistics-only unit
// its unit and its legal county, or the reason it has none. It returns the
// number of such records and of those left without a legal county.
func (b *builder) legalParents() (units, unresolved int, err error) {
	// counties: the county-level codes of the registry; direct: the
	// prefecture-level cities without counties (东莞市 441900), whose
	// townships are directly under them.
	counties, direct := map[uint32]bool{}, map[uint32]string{}
	for _, r := range b.county.Records {
		switch {
		case r.Code%100 != 0:
			counties[r.Code] = true
		case r.Code%10000 != 0:
			direct[r.Code] = r.Name
		}
	}
	for c := range counties {
		delete(direct, c/100*100)
	}
	unitName := func(c uint32, r *rec) string {
		// The name in the editions that list the record, else in any.
		if r.fromK >= 0 {
			last := len(b.eds) - 1
			if r.toK >= 0 {
				last = r.toK - 1
			}
			for k := last; k >= r.fromK; k-- {
				if n, ok := b.eds[k].Counties[c]; ok {
					return fmt.Sprintf("%06d %s", c, n)
				}
			}
		}
		for k := len(b.eds) - 1; k >= 0; k-- {
			if n, ok := b.eds[k].Counties[c]; ok {
				return fmt.Sprintf("%06d %s", c, n)
			}
		}
		if c%100 == 0 {
			for i := len(b.county.Records) - 1; i >= 0; i-- {
				if r := b.county.Records[i]; r.Code == c {
					return fmt.Sprintf("%06d %s (the civil-affairs code puts it directly under the prefecture, which has counties)", c, r.Name)
				}
			}
		}
		// The ministry codes some units under a prefecture XXXX9X (321391
		// for 宿迁经济技术开发区); no edition names them.
		return fmt.Sprintf("%06d (a unit under %06d that no edition names)", c, c/100*100)
	}
	// Townships under counties, by prefecture and name.
	type pn struct {
		pref uint32
		name string
	}
	// firstFrom: the day each county-level code first came into force.
	firstFrom := map[uint32]int32{}
	for _, r := range b.county.Records {
		if f, ok := firstFrom[r.Code]; !ok || r.From < f {
			firstFrom[r.Code] = r.From
		}
	}
	// startOf is the day a record is known in force from: a record of the
	// first edition from its cut-off.
	startOf := func(r *rec) int32 {
		if r.from == 0 && r.fromK == 0 {
			return b.eds[0].Cutoff
		}
		return r.from
	}
	// underUnit: the record's code lies under a statistics-only unit: a
	// code that is no county-level division of the registry, or one the
	// bureau used for a unit before the registry's division of that code
	// came into force (232701 加格达奇区 in the 2015–2017 editions, the
	// registry's 232701 漠河市 from 2018).
	underUnit := func(r *rec) bool {
		cty := r.code / 1000
		if _, ok := direct[cty]; ok {
			return false
		}
		return !counties[cty] || !r.workbook && firstFrom[cty] > startOf(r)
	}
	byName, byCore := map[pn][]int{}, map[pn][]int{}
	for i, r := range b.recs {
		if !underUnit(r) && !r.workbook {
			byName[pn{r.code / 100000, r.name}] = append(byName[pn{r.code / 100000, r.name}], i)
			byCore[pn{r.code / 100000, core(r.name)}] = append(byCore[pn{r.code / 100000, core(r.name)}], i)
		}
	}
	// The county-level records by province and name, for the units the
	// bureau codes otherwise than the registry (139002 for 130181 辛集市).
	type prn struct {
		prov uint32
		name string
	}
	countyByName := map[prn][]int{}
	for i, r := range b.county.Records {
		if counties[r.Code] {
			countyByName[prn{r.Code / 10000, r.Name}] = append(countyByName[prn{r.Code / 10000, r.Name}], i)
		}
	}
	// A workbook row's old side names the township until the row's date,
	// its new side from that date.
	type wbSide struct {
		code     uint32
		from, to int32
		cite     string
	}
	wb := map[pn][]wbSide{}
	for _, c := range b.changes {
		d := int32(c.Sheet)*10000 + 1231
		for _, s := range []wbSide{{c.OldCode, 0, d, c.OldName}, {c.NewCode, d, 0, c.NewName}} {
			if s.code != 0 && s.cite != "" && counties[s.code/1000] {
				k := pn{s.code / 100000, Normalize(s.cite)}
				s.cite = c.Cite()
				wb[k] = append(wb[k], s)
			}
		}
	}
	type dlSide struct {
		code uint32
		date int32
		dir  string
	}
	dl := map[pn][]dlSide{}
	for _, s := range b.snaps {
		for _, cty := range slices.Sorted(mapKeys(s.Files)) {
			for code, name := range s.Files[cty] {
				if code/1000 == cty && counties[cty] && b.countyInForce(cty, s.Date) {
					k := pn{code / 100000, name}
					dl[k] = append(dl[k], dlSide{code, s.Date, s.Dir})
				}
			}
		}
	}
	docs := map[uint32][]LegalRow{}
	for _, row := range b.legalRows {
		docs[row.Code] = append(docs[row.Code], row)
	}
	usedRows := map[int]bool{}
	var bad []error
	for _, r := range b.recs {
		cty := r.code / 1000
		if !underUnit(r) {
			continue
		}
		units++
		r.unit = unitName(cty, r)
		from := startOf(r)
		var ambiguous []string
		set := func(county uint32, basis uint8, note string) {
			r.legal, r.legalBasis, r.legalNote = county, basis, note
		}
		atStart := func(c uint32) bool { return b.countyInForce(c, max(from, b.eds[0].Cutoff)) }
		// late: a county that came into force after the record started
		// (茫崖市, 2018) was not its county before; its county then is not
		// known.
		late := func(county uint32) bool {
			if f := firstFrom[county]; from > 0 && f > from {
				if m := fmt.Sprintf("%06d, which a source names, came into force on %s, after the record started", county, fmtDate(f)); !slices.Contains(ambiguous, m) {
					ambiguous = append(ambiguous, m)
				}
				return true
			}
			return false
		}
		_, uname, _ := strings.Cut(r.unit, " ")
		// 0. The unit is a county-level division (or a city without
		// counties) that the bureau codes otherwise.
		if pref := cty / 100 * 100; direct[pref] != "" && (uname == "市辖区" || uname == direct[pref]) {
			set(pref, legalUnitCode, fmt.Sprintf("the bureau's %s stands for %06d %s as a whole, a prefecture-level city without county-level divisions (不设区的地级市), whose townships are directly under it", r.unit, pref, direct[pref]))
		} else if uname != "" {
			var same []uint32
			for _, i := range countyByName[prn{cty / 10000, uname}] {
				c := b.county.Records[i]
				if spanDist(from, r.to, c.From, c.To) == 0 && !slices.Contains(same, c.Code) {
					same = append(same, c.Code)
				}
			}
			if len(same) == 1 {
				set(same[0], legalUnitCode, fmt.Sprintf("the bureau codes %06d %s as %06d", same[0], uname, cty))
			}
		}
		// 1. The civil-affairs code.
		if r.legal == 0 && r.counterpart != 0 && counties[r.counterpart/1000] && !late(r.counterpart/1000) {
			set(r.counterpart/1000, legalCivil, fmt.Sprintf("its civil-affairs code %09d (%s) lies under %06d", r.counterpart, SourceChanges, r.counterpart/1000))
		}
		// 2. The workbook, by name under the prefecture.
		if r.legal == 0 {
			var cands []legalFind
			for _, s := range wb[pn{r.code / 100000, r.name}] {
				cands = append(cands, legalFind{county: s.code / 1000, dist: spanDist(from, r.to, s.from, s.to), basis: fmt.Sprintf("%s names %s with the civil-affairs code %09d, under %06d", s.cite, r.name, s.code, s.code/1000)})
			}
			if f, tied, ok := nearestCounty(cands, atStart); ok && !late(f.county) {
				set(f.county, legalWorkbook, f.basis)
			} else if tied != nil {
				ambiguous = append(ambiguous, fmt.Sprintf("the workbook names %s under %s", r.name, codes6(tied)))
			}
		}
		// 3. The editions, by name under the prefecture (else by the
		// name without its kind: 高刘镇 became 高刘街道).
		pref := r.code / 100000
		for pass, cands0 := range [][]int{byName[pn{pref, r.name}], byCore[pn{pref, core(r.name)}]} {
			if r.legal != 0 || pass == 1 && len(ambiguous) > 0 {
				break
			}
			var cands []legalFind
			for _, i := range cands0 {
				o := b.recs[i]
				// Listed at the same time as the unit's record, it is
				// another township of the same name; but a civil-affairs
				// record's township is listed by the bureau at the same
				// time, under its own code.
				d := spanDist(from, r.to, o.from, o.to)
				if d == 0 && !r.workbook {
					continue
				}
				cands = append(cands, legalFind{county: o.code / 1000, dist: d, basis: fmt.Sprintf("the editions %s list %09d %s, under %06d", b.editionYears(o), o.code, o.name, o.code/1000)})
			}
			if f, tied, ok := nearestCounty(cands, atStart); ok && !late(f.county) {
				set(f.county, legalEdition, f.basis)
			} else if tied != nil {
				ambiguous = append(ambiguous, fmt.Sprintf("the editions list %s under %s", r.name, codes6(tied)))
			}
		}
		// 4. The documents of the legal-parents file.
		for _, row := range docs[r.code] {
			if row.Name != r.name {
				continue
			}
			usedRows[row.Line] = true
			switch {
			case !counties[row.Legal]:
				bad = append(bad, fmt.Errorf("township-legal-parents.csv:%d: field legal %06d: not a county-level division of the registry", row.Line, row.Legal))
			case r.legal != 0 && r.legal != row.Legal:
				bad = append(bad, fmt.Errorf("township-legal-parents.csv:%d: field legal %06d: %09d %s is under %06d by %s", row.Line, row.Legal, r.code, r.name, r.legal, r.legalNote))
			case r.legal == 0:
				set(row.Legal, legalDocument, row.Source)
				r.legalCert = row.Certainty
			}
		}
		// 5. data_location (unofficial).
		if r.legal == 0 {
			var cands []legalFind
			for _, s := range dl[pn{r.code / 100000, r.name}] {
				cands = append(cands, legalFind{county: s.code / 1000, dist: spanDist(from, r.to, s.date, s.date), basis: fmt.Sprintf("%s, snapshot %s, lists %s as %09d, under %06d (one unofficial source)", SourceDataLocation, s.dir, r.name, s.code, s.code/1000)})
			}
			if f, tied, ok := nearestCounty(cands, atStart); ok && !late(f.county) {
				set(f.county, legalDataLocation, f.basis)
				r.legalCert = snapshot.CertUnconfirmed
			} else if tied != nil {
				ambiguous = append(ambiguous, fmt.Sprintf("data_location lists %s under %s", r.name, codes6(tied)))
			}
		}
		if r.legal == 0 {
			unresolved++
			why := fmt.Sprintf("not known: %s is not a county-level division, and no civil-affairs code, workbook row, edition 2015–2023, document or data_location file names the county of %s", r.unit, r.name)
			if len(ambiguous) > 0 {
				why = fmt.Sprintf("not known: %s is not a county-level division; %s", r.unit, strings.Join(ambiguous, "; "))
			}
			set(0, legalUnknown, why)
		}
	}
	for _, row := range b.legalRows {
		if !usedRows[row.Line] {
			bad = append(bad, fmt.Errorf("township-legal-parents.csv:%d: field code %09d %s: no township record under a statistics-only unit bears this code and name", row.Line, row.Code, row.Name))
		}
	}
	return units, unresolved, errors.Join(bad...)
}

func codes6(cs []uint32) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = fmt.Sprintf("%06d", c)
	}
	return strings.Join(s, " and ")
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// editionYears names the editions listing r, e.g. "2015–2017".
func (b *builder) editionYears(r *rec) string {
	if r.fromK < 0 {
		return "(none)"
	}
	last := len(b.eds) - 1
	if r.toK >= 0 {
		last = r.toK - 1
	}
	if last == r.fromK {
		return strconv.Itoa(b.eds[r.fromK].Year)
	}
	return fmt.Sprintf("%d–%d", b.eds[r.fromK].Year, b.eds[last].Year)
}

// countyInForce reports whether the county-level registry has a record of
// code c in force on d.
func (b *builder) countyInForce(c uint32, d int32) bool {
	for _, r := range b.county.Records {
		if r.Code == c && r.From <= d && (r.To == 0 || d < r.To) {
			return true
		}
	}
	return false
}

// LegalText lists every township record under a statistics-only unit with
// its legal county and the evidence, or the reason it is not known.
func LegalText(d *snapshot.Data) []byte {
	var b strings.Builder
	b.WriteString("# Townships under the statistics bureau's statistics-only units: legal county (隶属) and its evidence.\n")
	b.WriteString("# code name from–to | unit | legal county | basis (certainty): evidence or reason\n")
	b.WriteString("# Written by build/gentownship; do not edit.\n")
	counts := map[string]int{}
	for _, r := range d.Records {
		if r.Unit == "" {
			continue
		}
		legal := "unknown"
		if r.Legal != 0 {
			legal = fmt.Sprintf("%06d", r.Legal)
		}
		basis := legalBasisNames[r.LegalBasis]
		counts[basis]++

		if r.Legal != 0 {
			basis += " (" + [...]string{"official", "provisional", "unconfirmed"}[r.LegalCert] + ")"
		}
		fmt.Fprintf(&b, "%09d %s %d–%s | %s | %s | %s: %s\n", r.Code, r.Name, r.From, toStr(r.To), r.Unit, legal, basis, r.LegalNote)
	}
	b.WriteString("# counts by basis:")
	for _, n := range legalBasisNames[1:] {
		fmt.Fprintf(&b, " %s %d,", n, counts[n])
	}
	s := strings.TrimSuffix(b.String(), ",")
	return []byte(s + "\n")
}

func toStr(d int32) string {
	if d == 0 {
		return ""
	}
	return strconv.Itoa(int(d))
}
