package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/server"
)

// The command line and the API return the same JSON for a division.
func TestLookupJSONMatchesAPI(t *testing.T) {
	reg := quhua.Default()
	var cli bytes.Buffer
	if err := lookup(&cli, reg, "220381", quhua.MustParseDate("2019"), true); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{Registry: func() *quhua.Registry { return reg }, NoUI: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	res, err := ts.Client().Get(ts.URL + "/v1/divisions/220381?at=2019")
	if err != nil {
		t.Fatal(err)
	}
	api, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("API: %d %s", res.StatusCode, api)
	}
	var a, b any
	if err := json.Unmarshal(cli.Bytes(), &a); err != nil {
		t.Fatalf("CLI output is not JSON: %v\n%s", err, cli.Bytes())
	}
	if err := json.Unmarshal(api, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("quhua lookup 220381 --at 2019 --json and GET /v1/divisions/220381?at=2019 differ:\nCLI: %s\nAPI: %s", cli.Bytes(), api)
	}
	if m, _ := a.(map[string]any); m["pinyin"] != "Gongzhuling Shi" || m["fullName"] != "吉林省四平市公主岭市" {
		t.Errorf("unexpected division: %s", cli.Bytes())
	}
}
