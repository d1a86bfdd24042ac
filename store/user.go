package store

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeUser returns the canonical form of a user name: surrounding
// white space trimmed, Unicode NFKC (so full-width "ＷＡＮＧ" is "WANG"),
// lower-cased, and NFKC again (lower-casing can undo it). Names that
// normalise alike are one user: "wang ", "WANG" and "wang" may never
// approve each other's changes. An empty name, or one with control or
// format characters (e.g. a zero-width space), is an error.
func NormalizeUser(name string) (string, error) {
	n := strings.TrimSpace(norm.NFKC.String(name))
	n = norm.NFKC.String(strings.ToLower(n))
	if n == "" {
		return "", fmt.Errorf("user name %q is empty", name)
	}
	for _, r := range n {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\uFFFD' {
			return "", fmt.Errorf("user name %q has the control character %U", name, r)
		}
	}
	if len(n) > 200 {
		return "", fmt.Errorf("user name %q is longer than 200 bytes", name)
	}
	return n, nil
}
