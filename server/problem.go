// The kinds of error of quhua's HTTP APIs (the read-only API and the change
// workflow) are problem type URIs (RFC 9457), in one scheme for both:
//
//	urn:quhua:problem:SLUG
//
// where SLUG is a short name such as not-in-force, invalid-date,
// method-not-allowed or conflict. Clients compare types, or the slug after
// the prefix; the documents are not meant to be fetched.

package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/quhua/quhua/change"
)

// ProblemBase is the prefix of every problem type.
const ProblemBase = "urn:quhua:problem:"

// ProblemType returns the problem type URI of slug.
func ProblemType(slug string) string { return ProblemBase + slug }

// ProblemSlug returns the slug of a problem type URI of this scheme, or "" for
// another type (such as about:blank).
func ProblemSlug(typ string) string {
	s, ok := strings.CutPrefix(typ, ProblemBase)
	if !ok {
		return ""
	}
	return s
}

// The titles of the problems of the change workflow's errors, by kind.
var kindTitles = map[change.ErrorKind]string{
	change.Invalid: "Invalid request", change.NotFound: "Not found", change.Conflict: "Conflict",
	change.Unauthorized: "Unauthorized", change.Forbidden: "Forbidden", change.TooLarge: "Content Too Large", change.TooManyRequests: "Too Many Requests",
}

// kindStatus is the one map from an error's kind to its HTTP status.
var kindStatus = map[change.ErrorKind]int{
	change.Invalid:         http.StatusBadRequest,
	change.NotFound:        http.StatusNotFound,
	change.Conflict:        http.StatusConflict,
	change.Unauthorized:    http.StatusUnauthorized,
	change.Forbidden:       http.StatusForbidden,
	change.TooLarge:        http.StatusRequestEntityTooLarge,
	change.TooManyRequests: http.StatusTooManyRequests,
}

// problemOf returns the problem document of an error of the change
// workflow: its kind (change.ErrorKindOf) gives the type, title and status,
// its message the detail and its violations the violations. An error of
// no known kind is a 500 whose detail says nothing of the cause.
func problemOf(err error) *Problem {
	k := change.ErrorKindOf(err)
	status, ok := kindStatus[k]
	if !ok {
		return &Problem{Type: "about:blank", Title: "Internal Server Error", Status: http.StatusInternalServerError, Detail: "internal error"}
	}
	p := &Problem{Type: ProblemType(string(k)), Title: kindTitles[k], Status: status, Detail: err.Error()}
	var e *change.Error
	if errors.As(err, &e) {
		p.Detail, p.Violations = e.Msg, e.Violations
	}
	return p
}
