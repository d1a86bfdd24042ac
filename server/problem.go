// The kinds of error of quhua's HTTP APIs (the read-only API and the change
// workflow) are problem type URIs (RFC 9457), in one scheme for both:
//
//	urn:quhua:problem:SLUG
//
// where SLUG is a short name such as not-in-force, invalid-date,
// method-not-allowed or conflict. Clients compare types, or the slug after
// the prefix; the documents are not meant to be fetched.

package server

import "strings"

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
