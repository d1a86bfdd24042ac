package township_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/server"
)

// The API answers township codes when its registry has the level.
func TestServerTownship(t *testing.T) {
	reg := reg(t)
	s, err := server.New(server.Options{Registry: func() *quhua.Registry { return reg }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/v1/divisions/220381103?at=2019", []string{`"220381103"`, `范家屯镇`, `"township"`, `公主岭市`}},
		{"/v1/divisions/220184/children?at=2023-06-30", []string{`"220184103"`, `范家屯镇`}},
		{"/v1/translate/220381103?from=2019&to=2023-06-30", []string{`"220184103"`, `"status":"recoded"`, `"relation":"same"`}},
		{"/v1/divisions/340323100/history", []string{`谷阳镇`, `皖民地函〔2022〕114号`}},
		{"/v1/diff?from=2019-10-31&to=2020-06-30&level=township", []string{`"220184103"`}},
		{"/v1/events?year=2022&level=township", []string{`皖民地函〔2022〕114号`}},
	} {
		code, body := get(c.path)
		if code != 200 {
			t.Errorf("%s: %d %s", c.path, code, body)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %s in %.300s", c.path, w, body)
			}
		}
	}
	// Without level, the diff and the year's events are those of the
	// county level and above, as the yearly lists: no township in them.
	for _, path := range []string{"/v1/diff?from=2019-10-31&to=2020-06-30", "/v1/events?year=2022"} {
		code, body := get(path)
		if code != 200 || strings.Contains(body, `"level":"township"`) || strings.Contains(body, `皖民地函〔2022〕114号`) {
			t.Errorf("%s: %d, township changes in the default answer: %.300s", path, code, body)
		}
	}
	if code, body := get("/v1/diff?from=2019&to=2020&level=village"); code != 400 || !strings.Contains(body, "level") {
		t.Errorf("level=village: %d %.300s", code, body)
	}
}
