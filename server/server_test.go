package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/quhua/quhua"
)

func newTestServer(t testing.TB, opts ...func(*Options)) *Server {
	t.Helper()
	o := Options{Registry: quhua.Default, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"}
	for _, f := range opts {
		f(&o)
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// contract checks answers against the server's OpenAPI document.
type contract struct {
	t       *testing.T
	doc     map[string]any
	c       *jsonschema.Compiler
	schemas map[string]*jsonschema.Schema
	paths   []pathRE
	mu      sync.Mutex
	covered map[string]bool // "METHOD path status"
}

type pathRE struct {
	tmpl string
	re   *regexp.Regexp
}

func newContract(t *testing.T, s *Server) *contract {
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(s.OpenAPI()))
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(s.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi version %v, want 3.1.0", doc["openapi"])
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("mem://openapi.json", raw); err != nil {
		t.Fatal(err)
	}
	ct := &contract{t: t, doc: doc, c: c, schemas: map[string]*jsonschema.Schema{}, covered: map[string]bool{}}
	for p := range doc["paths"].(map[string]any) {
		re := "^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(p), `[^/]+`) + "$"
		ct.paths = append(ct.paths, pathRE{p, regexp.MustCompile(re)})
	}
	// Literal paths win over templates (/v1/translate vs /v1/translate/{code}).
	sort.Slice(ct.paths, func(i, j int) bool {
		return strings.Count(ct.paths[i].tmpl, "{") < strings.Count(ct.paths[j].tmpl, "{")
	})
	// Every schema of the document compiles.
	for name := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		ct.schema("#/components/schemas/" + name)
	}
	return ct
}

func (ct *contract) schema(ref string) *jsonschema.Schema {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	if s, ok := ct.schemas[ref]; ok {
		return s
	}
	s, err := ct.c.Compile("mem://openapi.json" + ref)
	if err != nil {
		ct.t.Fatalf("compile %s: %v", ref, err)
	}
	ct.schemas[ref] = s
	return s
}

// check validates one answer: its status must be documented for the
// operation, its media type must match, and its body must match the schema.
func (ct *contract) check(t *testing.T, method, path string, res *http.Response, body []byte) {
	t.Helper()
	var tmpl string
	for _, p := range ct.paths {
		if p.re.MatchString(path) {
			tmpl = p.tmpl
			break
		}
	}
	if tmpl == "" {
		if res.StatusCode == http.StatusNotFound && strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
			ct.validate(t, "#/components/schemas/Problem", body)
			return
		}
		t.Fatalf("%s %s: path not in the OpenAPI document", method, path)
	}
	m := strings.ToLower(method)
	if m == "head" {
		m = "get"
	}
	op, ok := ct.doc["paths"].(map[string]any)[tmpl].(map[string]any)[m].(map[string]any)
	status := strconv.Itoa(res.StatusCode)
	if !ok {
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Fatalf("%s %s: method not documented, got %d", method, tmpl, res.StatusCode)
		}
		ct.validate(t, "#/components/schemas/Problem", body)
		return
	}
	resp, ok := op["responses"].(map[string]any)[status].(map[string]any)
	if !ok {
		t.Fatalf("%s %s: status %s is not documented", method, tmpl, status)
	}
	ct.mu.Lock()
	ct.covered[strings.ToUpper(m)+" "+tmpl+" "+status] = true
	ct.mu.Unlock()
	content, _ := resp["content"].(map[string]any)
	if content == nil || method == http.MethodHead {
		return
	}
	mt, _, _ := strings.Cut(res.Header.Get("Content-Type"), ";")
	media, ok := content[mt].(map[string]any)
	if !ok {
		t.Fatalf("%s %s %s: media type %q not documented", method, tmpl, status, mt)
	}
	ref, _ := media["schema"].(map[string]any)["$ref"].(string)
	if ref == "" {
		return
	}
	ct.validate(t, ref, body)
}

func (ct *contract) validate(t *testing.T, ref string, body []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, body)
	}
	if err := ct.schema(ref).Validate(inst); err != nil {
		t.Fatalf("body does not match %s: %v\n%.2000s", ref, err, body)
	}
}

// do sends a request to the handler and checks the answer against the
// contract.
func do(t *testing.T, s *Server, ct *contract, method, target string, body io.Reader, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	if ct != nil && strings.HasPrefix(req.URL.Path, "/v1/") {
		ct.check(t, method, req.URL.Path, res, b)
	}
	return res, b
}

func TestAPI(t *testing.T) {
	s := newTestServer(t)
	ct := newContract(t, s)
	tests := []struct {
		name, method, target, body string
		status                     int
		contains                   []string
	}{
		{"version", "GET", "/v1/version", "", 200, []string{`"dataVersion":"2026a"`, `"firstYear":1981`, `"release":"2026a"`, `"horizon":"2025-12-31"`, `"recordedThrough":"2026-04-17"`}},
		{"division 2019", "GET", "/v1/divisions/220381?at=2019", "", 200, []string{`"name":"公主岭市"`, `"admin":{"id":2876,"code":"220300","name":"四平市"`, `"delegated":true`, `"fullName":"吉林省四平市公主岭市"`}},
		{"division today", "GET", "/v1/divisions/220184", "", 200, []string{`"code":"220100","name":"长春市"`}},
		{"division day", "GET", "/v1/divisions/220184?at=2020-06-05", "", 200, []string{`"at":"2020-06-05"`}},
		{"province", "GET", "/v1/divisions/220000?at=1990", "", 200, []string{`"legal":null`, `"admin":null`}},
		{"head", "HEAD", "/v1/divisions/220381?at=2019", "", 200, nil},
		{"not in force", "GET", "/v1/divisions/220381?at=2021", "", 404, []string{`not-in-force`, `1990–2020-06-05`, `"records":[`}},
		{"unknown code", "GET", "/v1/divisions/999999", "", 404, []string{`unknown-code`, `not a division code`}},
		{"bad code", "GET", "/v1/divisions/22038x", "", 400, []string{`invalid-code`, `"param":"code"`}},
		{"short code", "GET", "/v1/divisions/2203", "", 400, []string{`6 digits`}},
		{"bad date", "GET", "/v1/divisions/220381?at=2019-13", "", 400, []string{`invalid-date`, `month 13`}},
		{"early date", "GET", "/v1/divisions/220381?at=1960", "", 400, []string{`date-out-of-range`}},
		{"before the first list", "GET", "/v1/divisions/110105?at=1980-12-31", "", 400, []string{`date-out-of-range`, `before the first yearly list`}},
		{"within the horizon", "GET", "/v1/divisions/500157?at=2025", "", 200, []string{`"name":"两江新区"`}},
		{"after the horizon", "GET", "/v1/divisions/110105?at=2030", "", 200, []string{`"name":"朝阳区"`, `"beyondHorizon":{"date":"2030-12-31","horizon":"2025-12-31","recordedThrough":"2026-04-17","message":"2030-12-31 is after the registry's horizon`}},
		{"recorded after the horizon", "GET", "/v1/divisions/653132?at=2026-06", "", 200, []string{`"name":"岑岭县"`, `"beyondHorizon":{"date":"2026-06-30"`}},
		{"children after the horizon", "GET", "/v1/divisions/653100/children?at=2026-06", "", 200, []string{`"岑岭县"`, `"beyondHorizon":{"date":"2026-06-30"`}},
		{"diff after the horizon", "GET", "/v1/diff?from=2025&to=2026-06", "", 200, []string{`"beyondHorizon":{"date":"2026-06-30"`, `"code":"653132"`, `"code":"659013"`}},
		{"translate after the horizon", "GET", "/v1/translate/500112?from=2024&to=2030", "", 200, []string{`"beyondHorizon":{"date":"2030-12-31"`}},
		{"children", "GET", "/v1/divisions/220100/children?at=2024", "", 200, []string{`"code":"220184"`}},
		{"provinces", "GET", "/v1/divisions/000000/children?at=2024", "", 200, []string{`"parent":null`, `"name":"吉林省"`}},
		{"children of county", "GET", "/v1/divisions/220184/children", "", 200, []string{`"children":[]`}},
		{"children not in force", "GET", "/v1/divisions/220184/children?at=2019", "", 404, nil},
		{"history", "GET", "/v1/divisions/220184/history", "", 200, []string{`"code":"222121"`, `国函〔2020〕84号`, `"role":"changed"`}},
		{"meanings of a reused code", "GET", "/v1/codes/430204/meanings", "", 200, []string{`"reused":true`, `"names":["南区"]`, `"names":["石峰区"]`, `"to":"1997-05-31"`}},
		{"meanings, provisional", "GET", "/v1/codes/500157/meanings", "", 200, []string{`"reused":false`, `"certainty":{"level":"provisional"`}},
		{"meanings unknown", "GET", "/v1/codes/999999/meanings", "", 404, []string{`unknown-code`}},
		{"translate unconfirmed", "GET", "/v1/translate/653126?from=2025&to=2026", "", 200, []string{`"relation":"lost-area"`, `"certainty":{"level":"unconfirmed"`}},
		{"history at", "GET", "/v1/divisions/220381/history?at=2019", "", 200, []string{`"code":"220184"`}},
		{"history unknown", "GET", "/v1/divisions/999999/history", "", 404, nil},
		{"history bad at", "GET", "/v1/divisions/220381/history?at=x", "", 400, nil},
		{"history after", "GET", "/v1/divisions/220381/history?at=2022", "", 200, []string{`"code":"220184"`}},
		{"search name", "GET", "/v1/search?q=公主岭", "", 200, []string{`"code":"220184"`, `"match":"exact"`}},
		{"search prefix", "GET", "/v1/search?q=公主", "", 200, []string{`"match":"prefix"`}},
		{"search old name", "GET", "/v1/search?q=怀德", "", 200, []string{`"code":"222121"`, `"inForce":false`}},
		{"search code prefix", "GET", "/v1/search?q=2201&limit=3", "", 200, []string{`"more":true`}},
		{"search path", "GET", "/v1/search?q=长春公主岭", "", 200, []string{`"match":"path"`, `220184`}},
		{"search empty", "GET", "/v1/search?q=", "", 200, []string{`"hits":[]`}},
		{"search pinyin", "GET", "/v1/search?q=luan&limit=3", "", 200, []string{`"hits":[{"id":`, `"code":"341500","name":"六安市"`, `"match":"exact"`}},
		{"search initials", "GET", "/v1/search?q=gzl&at=2024", "", 200, []string{`"code":"220184","name":"公主岭市"`}},
		{"export csv", "GET", "/v1/export/divisions?at=2024", "", 200, []string{"code,name,kind,kind_key,level,legal_parent,admin_parent,full_name,pinyin,pinyin_initials,valid_from,valid_from_precision,valid_from_after,code_system,release\n", "\n220184,公主岭市,县级市,county-city,county,220000,220100,吉林省长春市公主岭市,Gongzhuling Shi,gzl,2020-06-05,day,,,"}},
		{"export json", "GET", "/v1/export/divisions?at=2019&format=json&level=county&under=220300", "", 200, []string{`"code":"220381","name":"公主岭市"`, `"release":"`}},
		{"export sql", "GET", "/v1/export/divisions?at=2024&format=sql&under=340000", "", 200, []string{"CREATE TABLE divisions", "'Lu''an Shi'"}},
		{"export tsv", "GET", "/v1/export/divisions?format=tsv&level=province", "", 200, []string{"110000\t北京市"}},
		{"export jsonl", "GET", "/v1/export/divisions?format=jsonl&level=province", "", 200, []string{`"code":"110000"`}},
		{"export parquet", "GET", "/v1/export/divisions?format=parquet&level=province", "", 200, []string{"PAR1"}},
		{"export bad format", "GET", "/v1/export/divisions?format=xlsx", "", 400, []string{`unknown format \"xlsx\"`}},
		{"export bad level", "GET", "/v1/export/divisions?level=town", "", 400, []string{`town`}},
		{"export under not in force", "GET", "/v1/export/divisions?at=2024&under=220381", "", 404, []string{`220381`}},
		{"picker element", "GET", "/v1/export/picker?format=element&at=2024", "", 200, []string{`{"regionData":[{"value":"11","label":"北京市","children":[{"value":"1101","label":"市辖区"`, `"codeToText":{`}},
		{"picker cascader", "GET", "/v1/export/picker?format=cascader&valueKey=id&labelKey=name&childrenKey=items", "", 200, []string{`[{"id":"110000","name":"北京市","items":[`}},
		{"picker no format", "GET", "/v1/export/picker", "", 400, []string{`format`}},
		{"picker bad option", "GET", "/v1/export/picker?format=vant&middle=invent", "", 400, []string{`invent`}},
		{"search bad limit", "GET", "/v1/search?q=a&limit=1000", "", 400, []string{`limit`}},
		{"search long", "GET", "/v1/search?q=" + strings.Repeat("长", 65), "", 400, nil},
		{"translate", "GET", "/v1/translate/220381?from=2019&to=2024", "", 200, []string{`"status":"recoded"`, `"code":"220184"`}},
		{"translate back", "GET", "/v1/translate/220184?from=2024&to=2019", "", 200, []string{`"code":"220381"`}},
		{"translate no from", "GET", "/v1/translate/220381", "", 400, []string{`\"from\" is required`}},
		{"translate not in force", "GET", "/v1/translate/220184?from=2019", "", 404, nil},
		{"batch", "POST", "/v1/translate", `{"codes":["220381","999999","x"],"from":"2019","to":"2024"}`, 200, []string{`"status":"recoded"`, `"status":"unknown"`}},
		{"batch malformed", "POST", "/v1/translate", `{"codes":["220381",`, 400, []string{`malformed-json`}},
		{"batch syntax", "POST", "/v1/translate", `{"codes":[220381}`, 400, []string{`malformed`}},
		{"batch type", "POST", "/v1/translate", `{"codes":[220381],"from":"2019"}`, 400, []string{`field \"codes`}},
		{"batch unknown field", "POST", "/v1/translate", `{"codez":[],"from":"2019"}`, 400, []string{`unknown field`}},
		{"batch empty", "POST", "/v1/translate", ``, 400, []string{`empty`}},
		{"batch two values", "POST", "/v1/translate", `{"codes":[],"from":"2019"} {}`, 400, []string{`more than one`}},
		{"batch no from", "POST", "/v1/translate", `{"codes":[]}`, 422, []string{`\"from\" is required`}},
		{"batch bad from", "POST", "/v1/translate", `{"codes":[],"from":"20x"}`, 422, []string{`invalid-date`}},
		{"batch oversized", "POST", "/v1/translate", `{"codes":["` + strings.Repeat("1", 2<<20) + `"]}`, 413, []string{`larger than`}},
		{"batch too many", "POST", "/v1/translate", `{"codes":[` + strings.Repeat(`"1",`, 10000) + `"1"],"from":"2019"}`, 413, []string{`at most 10000`}},
		{"get batch", "GET", "/v1/translate", "", 405, []string{`use POST`}},
		{"diff", "GET", "/v1/diff?from=2019&to=2020", "", 200, []string{`"code":"220184"`, `国函〔2020〕84号`}},
		{"diff no from", "GET", "/v1/diff", "", 400, nil},
		{"events", "GET", "/v1/events?year=2020", "", 200, []string{`"year":2020`, `国函〔2020〕84号`, `"type":"same-area"`}},
		{"events no year", "GET", "/v1/events", "", 400, nil},
		{"events bad year", "GET", "/v1/events?year=1900", "", 400, nil},
		{"event", "GET", "/v1/events/1240", "", 200, []string{`国函〔2020〕84号`}},
		{"event unknown", "GET", "/v1/events/999999", "", 404, nil},
		{"event bad", "GET", "/v1/events/x", "", 400, nil},
		{"kinds", "GET", "/v1/stats/kinds", "", 200, []string{`"year":1981`, `"县级市":`}},
		{"openapi", "GET", "/v1/openapi.json", "", 200, []string{`"openapi":"3.1.0"`}},
		{"unknown route", "GET", "/v1/nope", "", 404, []string{`unknown-route`}},
		{"identify division", "GET", "/v1/identify/220381?at=2019", "", 200, []string{`"class":"division"`}},
		{"identify old", "GET", "/v1/identify/220381?at=2024", "", 200, []string{`"class":"not-in-force"`}},
		{"identify placeholder", "GET", "/v1/identify/220101?at=2019", "", 200, []string{`"class":"placeholder"`}},
		{"identify unknown", "GET", "/v1/identify/999999", "", 200, []string{`"class":"unknown"`, `"record":null`}},
		{"identify bad", "GET", "/v1/identify/9999", "", 400, nil},
		{"address", "GET", "/v1/address?q=吉林省公主岭市范家屯镇xx路1号&at=2024", "", 200, []string{`"code":"220184"`, `"rest":"范家屯镇xx路1号"`}},
		{"address old", "GET", "/v1/address?q=吉林省公主岭市&at=2019", "", 200, []string{`"code":"220381"`}},
		{"address ambiguous", "GET", "/v1/address?q=朝阳区", "", 200, []string{`"candidates":[`, `"confidence":{"kind":"ambiguous"`}},
		{"address confidence", "GET", "/v1/address?q=吉林省四平市公主岭市&at=2024", "", 200, []string{`"level":"county"`, `"confidence":{"kind":"inferred"`, `"asWritten":[`, `"code":"220381","name":"公主岭市","kind":"县级市","in_force":"`}},
		{"address conflict", "GET", "/v1/address?q=北京市朝阳区建国路1号,上海市浦东新区世纪大道1号", "", 200, []string{`"conflict":{"readings":[`, `"code":"310115"`}},
		{"address missing", "GET", "/v1/address", "", 400, []string{`\"q\" is required`}},
		{"address long", "GET", "/v1/address?q=" + strings.Repeat("路", 513), "", 400, nil},
		{"addresses", "POST", "/v1/address", `{"addresses":["吉林省公主岭市","北京市朝阳区"],"at":"2024"}`, 200, []string{`"code":"110105"`}},
		{"addresses empty", "POST", "/v1/address", `{"addresses":[]}`, 200, []string{`"results":[]`}},
		{"addresses bad at", "POST", "/v1/address", `{"addresses":[],"at":"x"}`, 422, nil},
		{"addresses malformed", "POST", "/v1/address", `{"addresses":`, 400, nil},
		{"id", "POST", "/v1/id", `{"number":"220381199001011235"}`, 200, []string{`"sex":"male"`, `"code":"220184"`, `"masked":"220381********1235"`}},
		{"id check", "POST", "/v1/id", `{"number":"220381199001011230"}`, 422, []string{`220381********1230`, `check`}},
		{"id missing", "POST", "/v1/id", `{}`, 422, nil},
		{"id get", "GET", "/v1/id", "", 405, []string{`JSON body`}},
		{"plate", "GET", "/v1/plate/吉A", "", 200, []string{`"code":"220100"`}},
		{"plate province", "GET", "/v1/plate/吉", "", 200, []string{`"prefix":"吉B"`}},
		{"plate unknown", "GET", "/v1/plate/吉Z", "", 404, nil},
		{"plate bad", "GET", "/v1/plate/AB", "", 400, nil},
		{"post division", "POST", "/v1/divisions/220381", "{}", 405, []string{`method-not-allowed`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			var hdr []string
			if tc.body != "" || tc.method == "POST" {
				body = strings.NewReader(tc.body)
				hdr = []string{"Content-Type", "application/json"}
			}
			res, b := do(t, s, ct, tc.method, tc.target, body, hdr...)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%.1000s", res.StatusCode, tc.status, b)
			}
			if tc.status >= 400 && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("Content-Type %q, want application/problem+json", res.Header.Get("Content-Type"))
			}
			for _, want := range tc.contains {
				if !strings.Contains(string(b), want) {
					t.Errorf("body lacks %s\n%.2000s", want, b)
				}
			}
		})
	}
	// Every documented operation answered successfully at least once.
	for p, item := range ct.doc["paths"].(map[string]any) {
		for m, op := range item.(map[string]any) {
			for status := range op.(map[string]any)["responses"].(map[string]any) {
				if status[0] == '2' && !ct.covered[strings.ToUpper(m)+" "+p+" "+status] {
					t.Errorf("no test answered %s %s with %s", strings.ToUpper(m), p, status)
				}
			}
		}
	}
}

func TestUnsupportedMediaType(t *testing.T) {
	s := newTestServer(t)
	res, b := do(t, s, newContract(t, s), "POST", "/v1/translate", strings.NewReader("codes=1"), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != 415 || !strings.Contains(string(b), "application/json") {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
}

func TestETagAndCache(t *testing.T) {
	s := newTestServer(t)
	res, _ := do(t, s, nil, "GET", "/v1/divisions/220381?at=2019", nil)
	etag := res.Header.Get("ETag")
	if etag == "" || !strings.Contains(res.Header.Get("Cache-Control"), "max-age") {
		t.Fatalf("ETag %q, Cache-Control %q", etag, res.Header.Get("Cache-Control"))
	}
	res, b := do(t, s, nil, "GET", "/v1/divisions/220381?at=2019", nil, "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified || len(b) != 0 {
		t.Fatalf("If-None-Match: %d %q", res.StatusCode, b)
	}
	res, _ = do(t, s, nil, "GET", "/v1/divisions/220381?at=2019", nil, "If-None-Match", `W/"other", `+etag)
	if res.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match list: %d", res.StatusCode)
	}
	res, _ = do(t, s, nil, "GET", "/v1/divisions/220381?at=2018", nil, "If-None-Match", etag)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("another answer with the same ETag: %d", res.StatusCode)
	}
}

func TestGzip(t *testing.T) {
	s := newTestServer(t)
	res, b := do(t, s, nil, "GET", "/v1/divisions/220184/history", nil, "Accept-Encoding", "br, gzip")
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !json.Valid(plain) || !strings.Contains(string(plain), "公主岭市") {
		t.Fatalf("gunzip: %v %.200s", err, plain)
	}
	res, _ = do(t, s, nil, "GET", "/v1/divisions/220184/history", nil, "Accept-Encoding", "gzip;q=0")
	if res.Header.Get("Content-Encoding") != "" {
		t.Fatal("gzip sent though refused")
	}
	// The web UI's assets are compressed too.
	res, _ = do(t, s, nil, "GET", "/app.js", nil, "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("app.js: %d %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
}

func TestCORS(t *testing.T) {
	s := newTestServer(t, func(o *Options) { o.CORSOrigins = []string{"https://example.org"} })
	res, _ := do(t, s, nil, "GET", "/v1/version", nil, "Origin", "https://example.org")
	if res.Header.Get("Access-Control-Allow-Origin") != "https://example.org" {
		t.Fatalf("allow origin %q", res.Header.Get("Access-Control-Allow-Origin"))
	}
	if v := res.Header.Values("Vary"); !strings.Contains(strings.Join(v, ","), "Origin") {
		t.Errorf("Vary %q lacks Origin", v)
	}
	res, _ = do(t, s, nil, "GET", "/v1/version", nil, "Origin", "https://evil.example")
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("foreign origin allowed")
	}
	res, _ = do(t, s, nil, "OPTIONS", "/v1/translate", nil, "Origin", "https://example.org", "Access-Control-Request-Method", "POST")
	if res.StatusCode != 204 || !strings.Contains(res.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Fatalf("preflight %d %q", res.StatusCode, res.Header.Get("Access-Control-Allow-Methods"))
	}
	s = newTestServer(t)
	res, _ = do(t, s, nil, "GET", "/v1/version", nil, "Origin", "https://example.org")
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS headers without configured origins")
	}
}

func TestOperations(t *testing.T) {
	s := newTestServer(t)
	do(t, s, nil, "GET", "/v1/divisions/220381?at=2019", nil)
	for _, p := range []string{"/healthz", "/readyz"} {
		res, b := do(t, s, nil, "GET", p, nil)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d %s", p, res.StatusCode, b)
		}
	}
	res, b := do(t, s, nil, "GET", "/metrics", nil)
	for _, want := range []string{`quhua_http_requests_total{code="200",method="GET",route="/v1/divisions/{code}"} 1`,
		`quhua_http_request_duration_seconds_bucket{route="/v1/divisions/{code}"`, "quhua_registry_records", "go_goroutines"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	s.closing.Store(true)
	res, b = do(t, s, nil, "GET", "/readyz", nil)
	if res.StatusCode != 503 || !strings.Contains(string(b), "shutting down") {
		t.Fatalf("readyz while closing: %d %s", res.StatusCode, b)
	}
	s = newTestServer(t, func(o *Options) { o.Ready = func(context.Context) error { return fmt.Errorf("store unreachable") } })
	res, b = do(t, s, nil, "GET", "/readyz", nil)
	if res.StatusCode != 503 || !strings.Contains(string(b), "store unreachable") {
		t.Fatalf("readyz with failing check: %d %s", res.StatusCode, b)
	}
}

func TestWebUI(t *testing.T) {
	s := newTestServer(t)
	res, b := do(t, s, nil, "GET", "/", nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), `<html lang="zh-Hans">`) || res.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("/: %d %q", res.StatusCode, res.Header)
	}
	res, _ = do(t, s, nil, "GET", "/nothing.js", nil)
	if res.StatusCode != 404 {
		t.Fatalf("/nothing.js: %d", res.StatusCode)
	}
	s = newTestServer(t, func(o *Options) { o.NoUI = true })
	res, b = do(t, s, nil, "GET", "/", nil)
	if res.StatusCode != 404 || !strings.Contains(string(b), "unknown-route") {
		t.Fatalf("NoUI /: %d %s", res.StatusCode, b)
	}
}

func TestMount(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"path":%q}`, r.URL.Path)
	})
	s := newTestServer(t, func(o *Options) {
		o.Extra = []Mount{{Name: "things", Prefixes: []string{"/v1/things"}, Handler: h,
			OpenAPIPaths: map[string]any{"/v1/things": map[string]any{"get": map[string]any{
				"operationId": "things", "responses": map[string]any{"200": map[string]any{"description": "OK",
					"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Thing"}}}}}}}},
			OpenAPIComponents: map[string]any{"schemas": map[string]any{
				"Thing":   map[string]any{"$ref": "#/components/schemas/Problem"},
				"Problem": map[string]any{"type": "object", "required": []any{"path"}}}}}}
	})
	ct := newContract(t, s)
	// The mount's Problem collides with the server's: it is renamed and
	// the mount's references follow.
	schemas := ct.doc["components"].(map[string]any)["schemas"].(map[string]any)
	if th := schemas["Thing"].(map[string]any); th["$ref"] != "#/components/schemas/things.Problem" || schemas["things.Problem"] == nil {
		t.Fatalf("collision not renamed: Thing %v", th)
	}
	res, b := do(t, s, ct, "GET", "/v1/things", nil)
	if res.StatusCode != 200 || string(b) != `{"path":"/v1/things"}` {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
	res, b = do(t, s, nil, "GET", "/v1/things/1", nil)
	if res.StatusCode != 200 || string(b) != `{"path":"/v1/things/1"}` {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
	_, err := New(Options{Registry: quhua.Default, Extra: []Mount{{Name: "x", Prefixes: []string{"/v1/x"}, Handler: h,
		OpenAPIPaths: map[string]any{"/v1/search": map[string]any{}}}}})
	if err == nil || !strings.Contains(err.Error(), "already documented") {
		t.Fatalf("duplicate path: %v", err)
	}
}

func TestPanicIsProblem(t *testing.T) {
	s := newTestServer(t, func(o *Options) {
		o.Extra = []Mount{{Prefixes: []string{"/v1/boom"}, Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })}}
	})
	res, b := do(t, s, nil, "GET", "/v1/boom", nil)
	if res.StatusCode != 500 || !strings.Contains(string(b), `"status":500`) {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
}

// TestRegistrySwap checks that a new registry is picked up and its
// answers are not served from the old one's caches.
func TestRegistrySwap(t *testing.T) {
	var mu sync.Mutex
	reg := quhua.Default()
	s := newTestServer(t, func(o *Options) {
		o.Registry = func() *quhua.Registry { mu.Lock(); defer mu.Unlock(); return reg }
	})
	_, b1 := do(t, s, nil, "GET", "/v1/version", nil)
	other, err := quhua.Load(bytes.NewReader(quhua.Default().Snapshot()))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	reg = other
	mu.Unlock()
	_, b2 := do(t, s, nil, "GET", "/v1/version", nil)
	if !bytes.Equal(b1, b2) {
		t.Fatalf("same data, different answers:\n%s\n%s", b1, b2)
	}
	if s.current().reg != other {
		t.Fatal("new registry not picked up")
	}
}

// TestGracefulShutdown serves on a real socket, starts a request, cancels
// the context and checks that the request completes and Serve returns.
func TestGracefulShutdown(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	s := newTestServer(t, func(o *Options) {
		o.Extra = []Mount{{Prefixes: []string{"/v1/slow"}, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(started)
			<-release
			io.WriteString(w, "done")
		})}}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, l) }()
	got := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + l.Addr().String() + "/v1/slow")
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel()
	time.Sleep(50 * time.Millisecond)
	if !s.closing.Load() {
		t.Fatal("not closing after cancel")
	}
	close(release)
	if b := <-got; b != "done" {
		t.Fatalf("request in flight: %q", b)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if _, err := http.Get("http://" + l.Addr().String() + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

func TestSearchRanking(t *testing.T) {
	idx := newSearchIndex(quhua.Default())
	res := idx.search("朝阳", quhua.MustParseDate("2024"), 50)
	if len(res.Hits) == 0 || res.Hits[0].Match != "exact" {
		t.Fatalf("朝阳: %+v", res.Hits)
	}
	for i := 1; i < len(res.Hits); i++ {
		if tierRank(res.Hits[i-1].Match) > tierRank(res.Hits[i].Match) {
			t.Fatalf("hits out of order at %d: %s before %s", i, res.Hits[i-1].Match, res.Hits[i].Match)
		}
	}
	if r := idx.search("110105", quhua.MustParseDate("2024"), 5); len(r.Hits) != 1 || r.Hits[0].Name != "朝阳区" {
		t.Fatalf("110105: %+v", r.Hits)
	}
	if !pathMatch("吉林省长春市公主岭市", "公主岭市", "长春公主岭") || pathMatch("吉林省长春市公主岭市", "公主岭市", "吉林长春") {
		t.Fatal("pathMatch")
	}
}

func tierRank(m string) int {
	for i, n := range tierNames {
		if n == m {
			return i
		}
	}
	return 99
}

// TestChangeFragment merges the change workflow's OpenAPI fragment as
// quhua serve does and checks that the document still compiles.
func TestChangeFragment(t *testing.T) {
	paths, comps, err := ParseOpenAPIFragment(ChangeOpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, func(o *Options) {
		o.Extra = []Mount{{Name: "change", Prefixes: []string{"/v1/changes"}, Handler: http.NotFoundHandler(),
			OpenAPIPaths: paths, OpenAPIComponents: comps}}
	})
	ct := newContract(t, s)
	if _, ok := ct.doc["paths"].(map[string]any)["/v1/changes"]; !ok {
		t.Fatal("/v1/changes not documented")
	}
	// Every reference in the merged document resolves.
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok && strings.HasPrefix(ref, "#/components/schemas/") {
				ct.schema(ref)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(ct.doc)
}

// TestOpenAPIShape checks what the JSON schemas cannot: every operation
// has an id, a summary and responses, and every path template's
// parameters are declared as required path parameters.
func TestOpenAPIShape(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(newTestServer(t).OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for p, item := range doc["paths"].(map[string]any) {
		for m, v := range item.(map[string]any) {
			op := v.(map[string]any)
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s %s: operationId %q missing or repeated", m, p, id)
			}
			ids[id] = true
			if op["summary"] == nil || op["responses"] == nil {
				t.Errorf("%s %s: no summary or responses", m, p)
			}
			declared := map[string]bool{}
			prms, _ := op["parameters"].([]any)
			for _, prm := range prms {
				prm := prm.(map[string]any)
				if prm["in"] == "path" && prm["required"] == true {
					declared[prm["name"].(string)] = true
				}
			}
			for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(p, -1) {
				if !declared[m[1]] {
					t.Errorf("%s: path parameter %s not declared", p, m[1])
				}
			}
		}
	}
}

// TestStreamingMount checks that a streaming mount outlives the write
// timeout while other answers do not.
func TestStreamingMount(t *testing.T) {
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(400 * time.Millisecond)
		io.WriteString(w, "late")
	})
	s := newTestServer(t, func(o *Options) {
		o.WriteTimeout = 100 * time.Millisecond
		o.Extra = []Mount{{Prefixes: []string{"/v1/feed", "/v1/slow"}, Streaming: []string{"/v1/feed"}, Handler: slow}}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	defer func() { cancel(); <-done }()
	get := func(p string) (string, error) {
		res, err := http.Get("http://" + l.Addr().String() + p)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return string(b), err
	}
	if b, err := get("/v1/feed"); err != nil || b != "late" {
		t.Errorf("streaming: %q %v", b, err)
	}
	if b, err := get("/v1/slow"); err == nil && b == "late" {
		t.Errorf("the write timeout did not hold for a plain mount")
	}
}
