package changeset

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
)

// Every violation's explanation has a stable message ID and parameters
// (Violation.ID, Violation.Params); Message is its English, rendered from
// the template of the ID below. A client that speaks another language
// renders its own template of the same ID with the same parameters (the
// web UI does, in Chinese), and shows Message only for an ID it does not
// know. IDs never change meaning; a new explanation gets a new ID.
//
// A template names its parameters in braces: {code}. A parameter listed in
// paramWords holds a key (a JSON kind, say) that the template spells out
// in words.
var templates = map[string]string{
	// Parsing the JSON.
	"parse-syntax":        "line {line}: {detail}",
	"parse-incomplete":    "line {line}: the JSON ends before the change set does",
	"parse-empty":         "the change set is empty: write one JSON object",
	"parse-unknown-field": `line {line}: json: unknown field "{name}"`,
	"parse-type":          "line {line}: field {field}: want {want}, not {got}",
	"parse-trailing":      "unexpected data after the JSON object",

	// Codes, names and the header.
	"code-missing":            "missing code",
	"code-length":             `invalid code "{value}": a division code has 6 digits (9 for a township), this has {length} characters`,
	"code-digits":             `invalid code "{value}": a division code has only digits`,
	"code-township-zero":      `invalid code "{value}": a 9-digit township code starts with a province code, not 0`,
	"code-invalid":            `invalid code "{value}"`,
	"code-nation":             "000000 is the nation, not a division that can change",
	"name-missing":            "missing name",
	"name-space":              `name "{name}" contains white space`,
	"title-missing":           "a change needs a title saying what it does",
	"date-missing":            "a change needs an effective date (YYYY-MM-DD)",
	"year-before-date":        "year {year} must be the year of the date or later",
	"after-not-day":           `after "{value}" must be a day (YYYY-MM-DD): an interval runs from one day to another`,
	"date-not-day-with-after": `with after, the date "{value}" must be a day (YYYY-MM-DD), the interval's end`,
	"after-not-before-date":   "after {after} must be before the date {date}: the change happened after the one and by the other",
	"documents-missing":       "a change needs the document that decided it (文号 and title)",
	"document-empty":          "a document needs its number (文号) or its title",

	// Dates that do not follow YYYY, YYYY-MM or YYYY-MM-DD.
	"date-year-range":   `invalid date "{value}": the year must be between {min} and {max} (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-spaces":       `invalid date "{value}": spaces are not allowed (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-sign":         `invalid date "{value}": a date has no sign (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-separator":    `invalid date "{value}": separate year, month and day with "-", e.g. 2020-06-05 (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-eight-digits": `invalid date "{value}": write {value} as {dashed} (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-parts":        `invalid date "{value}": too many parts (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-empty-part":   `invalid date "{value}": malformed: an empty part (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-not-number":   `invalid date "{value}": "{part}" is not a number (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-year-digits":  `invalid date "{value}": the year must have four digits (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-two-digits":   `invalid date "{value}": month and day have two digits each, e.g. {year}-06-05 (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-month-range":  `invalid date "{value}": month {month} is not between 1 and 12 (write YYYY, YYYY-MM or YYYY-MM-DD)`,
	"date-invalid":      `invalid date "{value}"`,
	"date-day-range":    `invalid date "{value}": day {day} is not between 1 and {last} for {month} (write YYYY, YYYY-MM or YYYY-MM-DD)`,

	// The shape of each operation.
	"op-type-missing":     "missing operation type (" + strings.Join(OpTypes, ", ") + ")",
	"op-type-unknown":     `unknown operation type "{type}" (want ` + strings.Join(OpTypes, ", ") + ")",
	"operations-missing":  "a change needs at least one operation (" + strings.Join(OpTypes, ", ") + ")",
	"new-code-same":       `new_code is the old code; use "` + OpRename + `" to change only the name`,
	"merge-from-missing":  "a merge needs the units merged (from)",
	"merge-target-listed": "the unit merged into ({code}) goes on; list only the units that end",
	"split-targets":       "a split needs the units the area goes to (targets)",
	"transfer-sides":      "a transfer needs the units giving area (from) and receiving it (targets)",
	"transfer-name":       "in a transfer both sides go on; give only codes",
	"reorganize-empty":    "a reorganisation needs retire, create or links",
	"retired-twice":       "code {code} is retired by more than one operation",
	"created-twice":       "code {code} is created by more than one operation",

	// The change against the registry before it.
	"no-successor":       "{code} would be retired with no successor: link its area to the units that take it, or abolish it explicitly",
	"abolished-gives":    "{code} is abolished but also gives area to other units: use merge or split instead",
	"code-in-force":      "{code} is in force as {name} ({interval}) and this change does not retire it",
	"code-later-record":  "{code} already has a record {name} from {interval}",
	"code-reused":        "{code} was {name} ({interval}) and is retired; a retired code is never given to another area (cite a known exception with reuse_reason)",
	"code-not-division":  "{code} is not a division code",
	"kind-unknown":       "the kind of \"{name}\" cannot be told from its name (it should end in 省, 市, 县, 区, 旗, 自治州 …)",
	"kind-level":         "{code} {name} is a {kind} ({kind_level}) but the code {code} is {code_level}",
	"retired-not-force":  "{code} is not in force on {date}, the day before the change",
	"retired-ends":       "{code} {name} already ends on {end}, after this change's date {date}",
	"source-not-force":   "{code}, which gives area, is not in force on {date}",
	"target-not-force":   "{code}, which receives area, is not in force after the change (create it, or do not retire it)",
	"build-failed":       "the registry cannot be built with the change: {detail}",
	"province-not-force": "province {province} of {code} {name} is not in force on {date}",
	"prefecture-not-force": "prefecture {prefecture}, the parent of {code} {name}, is not in force on {date} " +
		"(county-level units directly under the province are coded XX90XX)",
	"code-range":   "a {kind} under {parent_kind} {parent_name} takes a code {prefix}{low}–{high}, not {code}",
	"sibling-name": "{code} {name} has the same name as its sibling {sibling} {sibling_name}",

	// The parent asked for (admin-parent, legal-parent).
	"parent-not-force":   "{parent} is not in force on {date}",
	"parent-level":       "{parent} {parent_name} is {parent_level} and cannot be the parent of the {level} {name}",
	"parent-admin-other": "with code {code} the administering parent (代管) of {name} is {actual} {actual_name}, not {parent} {parent_name}",
	"parent-admin-none":  "with code {code} the administering parent (代管) of {name} is none, not {parent} {parent_name}",
	"parent-legal-other": "with code {code} the legal parent (隶属) of {name} is {actual} {actual_name}, not {parent} {parent_name}",
	"parent-legal-none":  "with code {code} the legal parent (隶属) of {name} is none, not {parent} {parent_name}",
	"orphan":             "retiring {code} leaves {child} {child_name} without its parent: recode or retire it in the same change",

	// The workflow: a change drafted on an older release (package change).
	"stale-base":    "the change was drafted on release {base}, which this store does not have; review it against release {current}",
	"stale-touched": "change {change}, applied after release {base} that this change was drafted on, also changed {code}: review the change against release {current}",
}

// paramWords spells out the parameters that hold a key.
var paramWords = map[string]map[string]string{
	// A JSON value's kind: what a field wants (parse-type).
	"want": {"string": "a string", "bool": "true or false", "integer": "a whole number", "number": "a number",
		"list": "a list [ … ]", "object": "an object { … }", "other": "another kind of value"},
	// The JSON value given instead (parse-type).
	"got": {"string": "string", "number": "number", "bool": "bool", "array": "array", "object": "object"},
}

// MessageTemplates returns the English template of every message ID.
func MessageTemplates() map[string]string { return maps.Clone(templates) }

// ParamWords returns, for each parameter that holds a key, the keys it
// may hold and their English.
func ParamWords() map[string]map[string]string {
	out := map[string]map[string]string{}
	for p, m := range paramWords {
		out[p] = maps.Clone(m)
	}
	return out
}

var paramRef = regexp.MustCompile(`\{([a-z_]+)\}`)

// TemplateParams returns the parameters the template of id names, sorted.
func TemplateParams(id string) []string {
	var out []string
	for _, m := range paramRef.FindAllStringSubmatch(templates[id], -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// render fills in the template of id. A parameter it lacks stays in
// braces, and an unknown id shows itself with its parameters, so that
// neither goes unnoticed.
func render(id string, params map[string]string) string {
	t, ok := templates[id]
	if !ok {
		var b strings.Builder
		b.WriteString(id)
		for _, k := range slices.Sorted(maps.Keys(params)) {
			b.WriteString(" " + k + "=" + params[k])
		}
		return b.String()
	}
	return paramRef.ReplaceAllStringFunc(t, func(s string) string {
		k := s[1 : len(s)-1]
		v, ok := params[k]
		if !ok {
			return s
		}
		if w, ok := paramWords[k][v]; ok {
			return w
		}
		return v
	})
}

// NewViolation returns the violation of rule in field explained by the
// message id, with its parameters given as name, value pairs; its Message
// is the English template of id filled in.
func NewViolation(rule, field, id string, params ...string) Violation {
	v := Violation{Rule: rule, Field: field, ID: id}
	if len(params) > 0 {
		v.Params = make(map[string]string, len(params)/2)
		for i := 0; i+1 < len(params); i += 2 {
			v.Params[params[i]] = params[i+1]
		}
	}
	v.Message = render(id, v.Params)
	return v
}

// codeProblem explains why s, which quhua.ParseCode refused, is not a
// code: a message ID and its parameters.
func codeProblem(s string) (string, []string) {
	switch {
	case len(s) != 6 && len(s) != 9:
		return "code-length", []string{"value", s, "length", strconv.Itoa(len([]rune(s)))}
	case strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }):
		return "code-digits", []string{"value", s}
	}
	return "code-township-zero", []string{"value", s}
}

// dateProblem explains why s, which quhua.ParseDate refused, is not a
// date, in the order ParseDate checks.
func dateProblem(s string) (string, []string) {
	val := []string{"value", s}
	with := func(id string, kv ...string) (string, []string) { return id, append(val, kv...) }
	yearRange := func() (string, []string) {
		return with("date-year-range", "min", strconv.Itoa(quhua.MinYear), "max", strconv.Itoa(quhua.MaxYear))
	}
	digits := func(p string) bool { return p != "" && strings.Trim(p, "0123456789") == "" }
	if len(s) == 4 && digits(s) {
		return yearRange()
	}
	switch {
	case strings.TrimSpace(s) != s || strings.ContainsAny(s, " \t\n"):
		return with("date-spaces")
	case s != "" && (s[0] == '+' || s[0] == '-'):
		return with("date-sign")
	case strings.ContainsAny(s, "/.年月日"):
		return with("date-separator")
	case len(s) == 8 && digits(s):
		return with("date-eight-digits", "dashed", s[:4]+"-"+s[4:6]+"-"+s[6:])
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return with("date-parts")
	}
	for _, p := range parts {
		if p == "" {
			return with("date-empty-part")
		}
		if !digits(p) {
			return with("date-not-number", "part", p)
		}
	}
	if len(parts[0]) != 4 {
		return with("date-year-digits")
	}
	for _, p := range parts[1:] {
		if len(p) != 2 {
			return with("date-two-digits", "year", parts[0])
		}
	}
	y, _ := strconv.Atoi(parts[0])
	if y < quhua.MinYear || y > quhua.MaxYear {
		return yearRange()
	}
	m, _ := strconv.Atoi(parts[1])
	if m < 1 || m > 12 {
		return with("date-month-range", "month", strconv.Itoa(m))
	}
	last := quhua.NewDate(y, m, 1).AddDays(32)
	last = quhua.NewDate(last.Year(), last.Month(), 1).AddDays(-1)
	if len(parts) < 3 {
		return with("date-invalid")
	}
	d, _ := strconv.Atoi(parts[2])
	return with("date-day-range", "day", strconv.Itoa(d), "last", strconv.Itoa(last.Day()), "month", parts[0]+"-"+parts[1])
}

// parseProblem is the violation of a code or date that the library
// refused with err: explained by the message ID of problem when its
// English is the library's, and by the plain ID fallback (code-invalid,
// date-invalid) otherwise, whose Message is the library's.
func parseProblem(rule, field string, err error, problem func() (string, []string), fallback, value string) Violation {
	id, params := problem()
	v := NewViolation(rule, field, id, params...)
	if v.Message != err.Error() {
		v = NewViolation(rule, field, fallback, "value", value)
		v.Message = err.Error()
	}
	return v
}
