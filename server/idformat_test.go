package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/idcard"
)

// TestIDFormatsNeverLeave is the property test of the masking: for every
// form of generated valid numbers (idcard.Formats: spaces, hyphens, full
// stops, full-width digits, U+3000, one digit per space …), no answer of
// the API or the UI and no log line (the access log included) shows the
// number's birth date or six of its digits in a row beyond the region code
// (idcard.Shows), while /v1/id still reads the number.
func TestIDFormatsNeverLeave(t *testing.T) {
	reg := quhua.Default()
	var numbers []string
	for _, g := range []struct {
		code  quhua.Code
		birth string
		sex   byte
	}{{220102, "1990-03-07", 'M'}, {110105, "1949-12-31", 'F'}, {440305, "2001-11-30", 'F'}, {220184, "2021-01-02", 'M'}} {
		ns, err := idcard.Generate(reg, g.code, quhua.MustParseDate(g.birth), g.sex, 0, 20)
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, ns[0])
		for _, n := range ns {
			if n[17] == 'X' {
				numbers = append(numbers, n)
				break
			}
		}
	}
	numbers = append(numbers, "220381920304042") // 15 digits
	if testing.Short() {
		// Every form still, of three numbers: one with X, one of 15 digits.
		numbers = []string{numbers[0], numbers[1], numbers[len(numbers)-1]}
	}

	var logs syncBuffer
	s := newTestServer(t, func(o *Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		o.AccessLog = true
	})
	h := s.Handler()
	requests := 0
	for _, n := range numbers {
		for _, f := range idcard.Formats(n) {
			body, _ := json.Marshal(map[string]string{"number": f})
			for _, tt := range []struct {
				method, target, body string
			}{
				{"POST", "/v1/id", string(body)},
				{"GET", "/v1/search?q=" + url.QueryEscape(f), ""},
				{"GET", "/v1/search?q=" + url.PathEscape(f) + "&limit=5", ""},
				{"GET", "/v1/address?q=" + url.QueryEscape("吉林省长春市南关区"+f), ""},
				{"GET", "/v1/divisions/" + url.PathEscape(f), ""},
				{"GET", "/v1/divisions/" + url.PathEscape(f) + "/history", ""},
				{"GET", "/v1/identify/" + url.PathEscape(f), ""},
				{"GET", "/" + url.PathEscape(f), ""}, // the UI
				{"DELETE", "/v1/search?q=" + url.QueryEscape(f), ""},
			} {
				requests++
				var r *http.Request
				if tt.body != "" {
					r = httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
					r.Header.Set("Content-Type", "application/json")
				} else {
					r = httptest.NewRequest(tt.method, tt.target, nil)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				out := w.Body.String()
				if tt.target == "/v1/id" {
					// The answer decodes the number: its birth date is the
					// point. Only the echo of the number itself counts.
					if w.Code != 200 {
						t.Errorf("POST /v1/id %s: %d %s", idcard.Redact(string(body)), w.Code, idcard.Redact(out))
						continue
					}
					var info struct {
						Masked string `json:"masked"`
						Birth  string `json:"birth"`
						At     string `json:"at"`
					}
					json.Unmarshal(w.Body.Bytes(), &info)
					out = strings.ReplaceAll(strings.ReplaceAll(out, info.Birth, ""), info.At, "")
					if strings.Contains(out, `"number"`) || info.Masked == "" {
						t.Errorf("POST /v1/id %s: %s", idcard.Redact(string(body)), idcard.Redact(out))
					}
				}
				for k, vs := range w.Header() {
					out += "\n" + k + ": " + strings.Join(vs, ", ")
				}
				// Today's date is the server's own (the default "at").
				out = strings.ReplaceAll(out, quhua.Today().String(), "")
				if part, ok := idcard.Shows(out, n); ok {
					t.Errorf("%s %s: the answer (%d) shows %s: %s", tt.method, idcard.Redact(tt.target), w.Code, idcard.Mask(part), idcard.Redact(out))
				}
			}
		}
	}
	// The time and the duration of each line are the server's own digits,
	// which may happen to contain six of a number's: they are left out.
	own := regexp.MustCompile(`"time":"[^"]*"|"duration":[0-9]+`)
	out := logs.String()
	for i, line := range strings.Split(out, "\n") {
		line = own.ReplaceAllString(line, "")
		for _, n := range numbers {
			if part, ok := idcard.Shows(line, n); ok {
				t.Errorf("log line %d shows %s of %s: %s", i+1, idcard.Mask(part), idcard.Mask(n), idcard.Redact(line))
			}
		}
	}
	t.Logf("%d numbers, %d forms each, %d requests", len(numbers), len(idcard.Formats(numbers[0])), requests)
	if c := strings.Count(out, `"msg":"request"`); c < requests {
		t.Errorf("the access log has %d request lines for %d requests", c, requests)
	}
}
