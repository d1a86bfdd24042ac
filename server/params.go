package server

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
)

// parseDateParam reads the date in query parameter name. An absent or
// empty parameter gives def; def 0 makes the parameter required.
func parseDateParam(r *http.Request, name string, def quhua.Date, first int) (quhua.Date, *Problem) {
	v := queryValue(r.URL.RawQuery, name)
	if v == "" {
		if def == 0 {
			p := newProblem(http.StatusBadRequest, "missing-parameter", fmt.Sprintf("query parameter %q is required", name))
			p.Param, p.Hint = name, fmt.Sprintf("add ?%s=2019 (a date as YYYY, YYYY-MM or YYYY-MM-DD)", name)
			return 0, p
		}
		return def, nil
	}
	return parseDate(name, v, first)
}

// parseDate parses a date given in parameter name and checks that it is
// not before the first yearly list.
func parseDate(name, v string, first int) (quhua.Date, *Problem) {
	if len(v) == 4 && v[0] >= '1' && v[0] <= '9' && isDigits(v) {
		// A year alone, the commonest form: skip the general parser.
		y := int(v[0]-'0')*1000 + int(v[1]-'0')*100 + int(v[2]-'0')*10 + int(v[3]-'0')
		if y >= first && y >= quhua.MinYear {
			return quhua.EndOfYear(y), nil
		}
	}
	d, _, err := quhua.ParseDate(v)
	if err != nil {
		p := newProblem(http.StatusBadRequest, "invalid-date", fmt.Sprintf("%s: %v", name, err))
		p.Param, p.Hint = name, "write the date as YYYY (end of that year), YYYY-MM or YYYY-MM-DD, e.g. 2019 or 2020-06-05"
		return 0, p
	}
	if d < quhua.NewDate(first, 1, 1) {
		p := newProblem(http.StatusBadRequest, "date-out-of-range", fmt.Sprintf("%s: %s is before the first yearly list (%d)", name, d, first))
		p.Param, p.Hint = name, fmt.Sprintf("the registry covers %d to today", first)
		return 0, p
	}
	return d, nil
}

// parseCodeParam parses a division code from path parameter name.
func parseCodeParam(name, v string) (quhua.Code, *Problem) {
	c, err := quhua.ParseCode(v)
	if err != nil {
		var ce *quhua.CodeError
		detail := err.Error()
		if !errors.As(err, &ce) {
			detail = fmt.Sprintf("invalid code %q", v)
		}
		p := newProblem(http.StatusBadRequest, "invalid-code", detail)
		p.Param, p.Hint = name, "a division code is six digits, e.g. 220381"
		return 0, p
	}
	return c, nil
}

// parseIntParam reads an integer query parameter within [lo, hi]; absent
// gives def.
func parseIntParam(r *http.Request, name string, def, lo, hi int) (int, *Problem) {
	v := queryValue(r.URL.RawQuery, name)
	if v == "" {
		return def, nil
	}
	// Plain digits only: no sign, no spaces (strconv.Atoi takes "+2019").
	n, err := strconv.Atoi(v)
	if !isDigits(v) || len(v) > 9 || err != nil || n < lo || n > hi {
		p := newProblem(http.StatusBadRequest, "invalid-parameter", fmt.Sprintf("%s: %q is not a whole number between %d and %d", name, v, lo, hi))
		p.Param = name
		return 0, p
	}
	return n, nil
}

// methods checks the request method; HEAD goes with GET.
func methods(r *http.Request, allowed ...string) *Problem {
	for _, m := range allowed {
		if r.Method == m || m == http.MethodGet && r.Method == http.MethodHead {
			return nil
		}
	}
	p := newProblem(http.StatusMethodNotAllowed, "method-not-allowed", fmt.Sprintf("%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allowed, " or ")))
	p.allow = strings.Join(allowed, ", ")
	if slices.Contains(allowed, http.MethodGet) {
		p.allow += ", HEAD"
	}
	return p
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// levelChoices counts the answers of parseLevelParam.
const levelChoices = 6

// parseLevelParam reads ?level=: province, prefecture, county, township
// or all; absent, every level but the township level, as in the yearly
// lists. It returns a number for the choice (to key caches) and the
// filter.
func parseLevelParam(r *http.Request) (int, func(quhua.Level) bool, *Problem) {
	switch v := queryValue(r.URL.RawQuery, "level"); v {
	case "":
		return 0, func(l quhua.Level) bool { return l != quhua.Township }, nil
	case "all":
		return 1, func(quhua.Level) bool { return true }, nil
	default:
		for i, l := range []quhua.Level{quhua.Province, quhua.Prefecture, quhua.County, quhua.Township} {
			if v == l.Key() {
				return 2 + i, func(x quhua.Level) bool { return x == l }, nil
			}
		}
		p := newProblem(http.StatusBadRequest, "invalid-parameter", fmt.Sprintf("level: %q is not a level", v))
		p.Param, p.Hint = "level", "use level=province, prefecture, county, township or all (absent: all but township)"
		return 0, nil, p
	}
}
