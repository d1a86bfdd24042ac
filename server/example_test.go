package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/server"
)

// A server answering from the embedded registry: 公主岭市 at the end of
// 2019 was 220381, administered by 四平市 on behalf of 吉林省.
func Example() {
	srv, err := server.New(server.Options{Registry: quhua.Default})
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	res, err := http.Get(ts.URL + "/v1/divisions/220381?at=2019")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var d struct {
		Name, FullName string
		Legal, Admin   struct{ Name string }
	}
	json.NewDecoder(res.Body).Decode(&d)
	fmt.Println(res.StatusCode, d.Name, d.FullName)
	fmt.Println("legal:", d.Legal.Name, "administering:", d.Admin.Name)
	// Output:
	// 200 公主岭市 吉林省四平市公主岭市
	// legal: 吉林省 administering: 四平市
}

// Errors are problem details with a detail that says what was wrong.
func Example_problem() {
	srv, _ := server.New(server.Options{Registry: quhua.Default})
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/v1/divisions/220381?at=2021", nil))
	var p server.Problem
	json.NewDecoder(w.Body).Decode(&p)
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Println(p.Detail)
	// Output:
	// 404 application/problem+json; charset=utf-8
	// 220381 was not in force on 2021-12-31; it was 公主岭市 1990–2020-06-05
}
