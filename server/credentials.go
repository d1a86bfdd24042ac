package server

import (
	"regexp"
	"strings"
)

// Credentials never reach a log. A client may send its token where it does
// not belong (GET /v1/changes?token=qh_…, a token pasted into a path, an
// Authorization header echoed in an error); the request is refused, and
// maskHandler (redact.go) masks the secret in every record the server logs,
// whatever logs it: the access log's URL, a panic's path, an attribute
// holding a header.

// credentialParams are query parameter names whose values are secrets.
var credentialParams = []string{
	"token", "access_token", "id_token", "refresh_token", "api_key", "apikey", "key",
	"secret", "client_secret", "password", "passwd", "pwd", "auth", "authorization",
	"bearer", "signature", "sig", "session", "sessionid",
}

const redactedSecret = "[REDACTED]"

var (
	// reToken matches a quhua token secret, plain or with its underscore
	// percent-encoded.
	reToken = regexp.MustCompile(`qh(?:_|%5[Ff])[A-Za-z0-9_\-%]+`)
	// reAuthScheme matches the credential after an HTTP authentication
	// scheme, as in an Authorization header.
	reAuthScheme = regexp.MustCompile(`(?i)\b(bearer|basic|digest)(\s+|%20|\+)[A-Za-z0-9._~+/=\-%]+`)
	// reParam matches a name=value pair in a query string or form.
	reParam = regexp.MustCompile(`(?i)(^|[?&;\s])([a-z_\-%0-9]+)=([^&;#\s]*)`)
	// reHeader matches "Authorization: …" style header text.
	reHeader = regexp.MustCompile(`(?i)\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|x-auth-token)(\s*[:=]\s*)[^\r\n,;]+`)
)

// maskCredentials replaces every secret in s (token secrets, values of
// credential query parameters, credentials after an authentication scheme
// or in an authorization or cookie header) by [REDACTED].
func maskCredentials(s string) string {
	if !mayHoldCredential(s) {
		return s
	}
	s = reHeader.ReplaceAllString(s, "${1}${2}"+redactedSecret)
	s = reParam.ReplaceAllStringFunc(s, func(m string) string {
		sub := reParam.FindStringSubmatch(m)
		name := strings.ToLower(strings.ReplaceAll(sub[2], "%5F", "_"))
		name = strings.ReplaceAll(name, "%5f", "_")
		for _, p := range credentialParams {
			if name == p {
				return sub[1] + sub[2] + "=" + redactedSecret
			}
		}
		return m
	})
	s = reAuthScheme.ReplaceAllString(s, "${1}${2}"+redactedSecret)
	s = reToken.ReplaceAllString(s, redactedSecret)
	return s
}

// mayHoldCredential is a fast check that s has nothing maskCredentials
// would change.
func mayHoldCredential(s string) bool {
	return strings.ContainsAny(s, "=:") || strings.Contains(s, "qh") || strings.Contains(s, "QH") ||
		strings.Contains(strings.ToLower(s), "bearer") || strings.Contains(strings.ToLower(s), "basic") ||
		strings.Contains(strings.ToLower(s), "digest")
}

// secretAttrKeys are attribute keys whose whole value is a secret.
var secretAttrKeys = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
	"token": true, "secret": true, "password": true, "x-api-key": true, "x-auth-token": true,
}
