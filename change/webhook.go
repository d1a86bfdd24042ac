package change

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Webhook safety. A webhook URL is checked when it is registered: http or
// https, a host, no fragment, not a name of the local host or of a cloud
// metadata service, not an address of a forbidden kind. The check that
// counts is made when a delivery connects, on the address the name
// resolved to (so that a name that resolves elsewhere later, DNS
// rebinding, is caught): private (10/8, 172.16/12, 192.168/16, fc00::/7),
// loopback, link-local (169.254/16 with the metadata address
// 169.254.169.254, fe80::/10), unspecified, multicast, shared
// (100.64/10, where Alibaba Cloud's metadata service 100.100.100.200 is),
// reserved and benchmarking ranges, and the host's own addresses are
// refused unless the service allows them (WithWebhookAllowPrivate, quhua
// serve --webhook-allow-private). Deliveries never follow redirects and
// use no HTTP proxy. URL credentials (https://user:pass@host/) are sent
// but never shown: answers and the audit log show the URL redacted.

// MinWebhookSecret is the least length, in bytes, of a webhook secret.
const MinWebhookSecret = 32

// SignatureTolerance is how old a delivery's timestamp may be for
// VerifySignature; one more than a minute in the future is refused too.
const SignatureTolerance = 5 * time.Minute

// maxFutureSkew is how far ahead of the receiver's clock a timestamp may
// be.
const maxFutureSkew = time.Minute

// ErrSignature is the error of a delivery whose signature does not match.
var ErrSignature = errors.New("webhook signature does not match")

// ErrTimestamp is the error of a delivery whose timestamp is too old, in
// the future, or missing.
var ErrTimestamp = errors.New("webhook timestamp out of tolerance")

// VerifySignature checks a delivery as a receiver gets it: that header
// (X-Quhua-Signature) is the signature of ts (X-Quhua-Timestamp) and
// body with secret, and that ts is at most SignatureTolerance old and at
// most a minute in the future, so that a recorded delivery cannot be
// replayed later. It returns nil, or an error wrapping ErrSignature or
// ErrTimestamp. A receiver also drops deliveries whose X-Quhua-Event-Id it
// has seen.
func VerifySignature(secret string, ts int64, body []byte, header string) error {
	return VerifySignatureAt(secret, ts, body, header, time.Now(), SignatureTolerance)
}

// VerifySignatureAt is VerifySignature at the time now, with another
// tolerance for old deliveries.
func VerifySignatureAt(secret string, ts int64, body []byte, header string, now time.Time, tolerance time.Duration) error {
	if !hmac.Equal([]byte(Signature(secret, ts, body)), []byte(header)) {
		return ErrSignature
	}
	at := time.Unix(ts, 0)
	if age := now.Sub(at); age > tolerance {
		return fmt.Errorf("%w: sent %s ago, more than %s", ErrTimestamp, age.Truncate(time.Second), tolerance)
	}
	if ahead := at.Sub(now); ahead > maxFutureSkew {
		return fmt.Errorf("%w: %s in the future", ErrTimestamp, ahead.Truncate(time.Second))
	}
	return nil
}

// VerifyRequest reads a delivery's body (up to 16 MiB) and checks it with
// VerifySignature, from its X-Quhua-Timestamp and X-Quhua-Signature
// headers. It returns the body if the delivery is genuine and recent.
func VerifyRequest(secret string, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("reading the delivery: %w", err)
	}
	ts, err := strconv.ParseInt(r.Header.Get("X-Quhua-Timestamp"), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: X-Quhua-Timestamp %q is not Unix seconds", ErrTimestamp, r.Header.Get("X-Quhua-Timestamp"))
	}
	if err := VerifySignature(secret, ts, body, r.Header.Get("X-Quhua-Signature")); err != nil {
		return nil, err
	}
	return body, nil
}

// newWebhookSecret returns a random secret of 32 bytes of entropy.
func newWebhookSecret() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "qhw_" + base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// localNames are host names that stand for this host or a cloud metadata
// service.
var localNames = map[string]bool{
	"localhost": true, "metadata": true, "metadata.google.internal": true, "metadata.goog": true,
	"instance-data": true, "instance-data.ec2.internal": true,
}

// checkWebhookURL checks a URL given for a webhook.
func checkWebhookURL(raw string, allowPrivate bool) error {
	if len(raw) > 2048 {
		return errorf(Invalid, "the webhook url is %d bytes long; at most 2048", len(raw))
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errorf(Invalid, "webhook url %q: %v", RedactURL(raw), unwrapURLError(err))
	}
	shown := RedactURL(raw)
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return errorf(Invalid, "webhook url %q must start with http:// or https://", shown)
	case u.Opaque != "" || u.Hostname() == "":
		return errorf(Invalid, "webhook url %q has no host", shown)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return errorf(Invalid, "webhook url %q has a fragment (#…); a receiver never sees it", shown)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return errorf(Invalid, "webhook url %q: port %q is not 1–65535", shown, p)
		}
	}
	if allowPrivate {
		return nil
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if localNames[host] || strings.HasSuffix(host, ".localhost") {
		return errorf(Invalid, "webhook url %q: %s is this host or a metadata service; deliveries to it are refused (quhua serve --webhook-allow-private allows them)", shown, host)
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if why := forbiddenAddr(a); why != "" {
			return errorf(Invalid, "webhook url %q: %s is %s; deliveries to it are refused (quhua serve --webhook-allow-private allows them)", shown, host, why)
		}
	}
	return nil
}

// special are ranges refused besides those netip.Addr classifies.
var special = []struct {
	prefix netip.Prefix
	why    string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "a \"this network\" address"},
	{netip.MustParsePrefix("100.100.100.200/32"), "a cloud metadata address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a shared (carrier-grade NAT) address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "a protocol-assignment address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
}

var (
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour  = netip.MustParsePrefix("2002::/16")
	metadataV4 = netip.MustParseAddr("169.254.169.254")
	metadataV6 = netip.MustParseAddr("fd00:ec2::254")
)

// forbiddenAddr says what kind of address a delivery may not connect to
// a is, or "" if it may.
func forbiddenAddr(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	if a.Is6() {
		// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses reach an
		// IPv4 address: judge that one.
		b := a.As16()
		if nat64.Contains(a) {
			a = netip.AddrFrom4([4]byte(b[12:16]))
		} else if sixToFour.Contains(a) {
			a = netip.AddrFrom4([4]byte(b[2:6]))
		}
	}
	switch {
	case a == metadataV4 || a == metadataV6:
		return "a cloud metadata address"
	case a.IsUnspecified():
		return "an unspecified address"
	case a.IsLoopback():
		return "a loopback address"
	case a.IsPrivate():
		return "a private address"
	case a.IsLinkLocalUnicast():
		return "a link-local address"
	case a.IsMulticast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast():
		return "a multicast address"
	}
	for _, s := range special {
		if s.prefix.Contains(a) {
			return s.why
		}
	}
	return ""
}

// ownAddr reports whether a is an address of one of this host's
// interfaces.
func ownAddr(a netip.Addr) bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, x := range addrs {
		if n, ok := x.(*net.IPNet); ok {
			if b, ok := netip.AddrFromSlice(n.IP); ok && b.Unmap() == a.Unmap() {
				return true
			}
		}
	}
	return false
}

// dialControl refuses connections to forbidden addresses; it runs after
// name resolution, on the address about to be connected to.
func dialControl(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refusing to connect to %q: not an IP address and port", address)
	}
	why := forbiddenAddr(ap.Addr())
	if why == "" && ownAddr(ap.Addr()) {
		why = "an address of this host"
	}
	if why != "" {
		return fmt.Errorf("refusing to connect to %s: %s (quhua serve --webhook-allow-private allows it)", ap.Addr(), why)
	}
	return nil
}

// newWebhookClient returns the HTTP client of deliveries: no redirects
// followed, no proxy, and, unless allowPrivate, no connection to a
// forbidden address.
func newWebhookClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = dialControl
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// RedactURL returns raw with its credentials hidden: a password becomes
// "xxxxx", and so does a user name given without a password (it is then
// usually a token).
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Not a URL: hide whatever stands before an @.
		if i := strings.LastIndex(raw, "@"); i >= 0 {
			start := strings.Index(raw, "//")
			if start < 0 || start > i {
				start = -2
			}
			return raw[:start+2] + "xxxxx" + raw[i:]
		}
		return raw
	}
	if u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		return u.Redacted()
	}
	u.User = url.User("xxxxx")
	return u.String()
}

// unwrapURLError drops the URL net/http puts in its errors, which may
// hold credentials.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
