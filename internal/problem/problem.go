// Package problem names the kinds of error of quhua's HTTP APIs (the
// read-only API of package server and the change workflow of package
// change) as problem type URIs (RFC 9457), in one scheme for both:
//
//	urn:quhua:problem:SLUG
//
// where SLUG is a short name such as not-in-force, invalid-date,
// method-not-allowed or conflict. Clients compare types, or the slug after
// the prefix; the documents are not meant to be fetched.
package problem

import "strings"

// Base is the prefix of every problem type.
const Base = "urn:quhua:problem:"

// Type returns the problem type URI of slug.
func Type(slug string) string { return Base + slug }

// Slug returns the slug of a problem type URI of this scheme, or "" for
// another type (such as about:blank).
func Slug(typ string) string {
	s, ok := strings.CutPrefix(typ, Base)
	if !ok {
		return ""
	}
	return s
}
