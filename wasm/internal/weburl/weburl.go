// Package weburl holds the few URL operations the module needs, so that the
// wasm links neither net/url nor net/netip (together about 37 KB of the
// module's brotli size): the base URL check, query strings for Ory's
// endpoints, one query parameter of a redirect, and masking secret query
// values for the exchange log. It is stricter than net/url where that costs
// nothing (a base URL is plain ASCII), and weburl_test.go holds every answer
// it gives to net/url's on the host.
package weburl

import (
	"errors"
	"slices"
	"strings"
)

// Base is an http(s) base URL with no credentials, query or fragment.
type Base struct {
	Scheme    string // "http" or "https"
	Authority string // host[:port], as written
	Host      string // the authority less its port
	Path      string
}

// String is the base URL without trailing slashes, ready for a path to be
// appended.
func (b Base) String() string {
	return strings.TrimRight(b.Scheme+"://"+b.Authority+b.Path, "/")
}

// Errors of ParseBase: the text is the caller's (the adapter words it for
// the embedder).
var (
	ErrNotHTTP = errors.New("not an absolute http(s) URL of plain ASCII")
	ErrExtras  = errors.New("carries credentials, a query or a fragment")
)

// ParseBase reads raw as an absolute http or https URL whose authority is a
// host name, an IPv4 address or a bracketed IPv6 address with an optional
// port, and whose path holds only the characters RFC 3986 allows there.
func ParseBase(raw string) (Base, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return Base{}, ErrNotHTTP
	}
	scheme = strings.ToLower(scheme)
	if scheme != "http" && scheme != "https" {
		return Base{}, ErrNotHTTP
	}
	if strings.ContainsAny(rest, "?#@") {
		return Base{}, ErrExtras
	}
	authority, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	host, ok := hostOf(authority)
	if !ok || !validPath(path) {
		return Base{}, ErrNotHTTP
	}
	return Base{Scheme: scheme, Authority: authority, Host: host, Path: path}, nil
}

// hostOf returns the host of host[:port]: a bracketed IPv6 literal, or a
// registered name or IPv4 address of unreserved and sub-delims characters;
// the port is digits, possibly none (as net/url allows).
func hostOf(a string) (string, bool) {
	host, port := a, ""
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 || !validIPv6(a[1:end]) {
			return "", false
		}
		host, port = a[:end+1], a[end+1:]
		if port != "" && port[0] != ':' {
			return "", false
		}
		port = strings.TrimPrefix(port, ":")
	} else {
		host, port, _ = strings.Cut(a, ":")
		if !onlyOf(host, unreserved+subDelims) {
			return "", false
		}
	}
	return host, host != "" && onlyOf(port, "0123456789")
}

// validIPv6 says whether s is an IPv6 address in RFC 4291's text form
// (no zone): eight groups of one to four hex digits, at most one "::" for
// a run of zero groups, the last two groups possibly an IPv4 address.
func validIPv6(s string) bool {
	head, tail, compressed := strings.Cut(s, "::")
	if compressed && strings.Contains(tail, "::") {
		return false
	}
	var groups []string
	for _, part := range []string{head, tail} {
		if part != "" {
			groups = append(groups, strings.Split(part, ":")...)
		}
	}
	n := len(groups)
	if n > 0 && strings.Contains(groups[n-1], ".") {
		if !validIPv4(groups[n-1]) {
			return false
		}
		groups, n = groups[:n-1], n+1 // an IPv4 address holds two groups
	}
	for _, g := range groups {
		if g == "" || len(g) > 4 || !onlyOf(g, "0123456789abcdefABCDEF") {
			return false
		}
	}
	return n == 8 && !compressed || n < 8 && compressed
}

// validIPv4 says whether s is a dotted-quad IPv4 address without leading
// zeros, as net/netip reads one.
func validIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 || (len(p) > 1 && p[0] == '0') || !onlyOf(p, "0123456789") || (len(p) == 3 && p > "255") {
			return false
		}
	}
	return true
}

const (
	unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
	subDelims  = "!$&'()*+,;="
)

// validPath says whether p holds only path characters and well-formed
// percent escapes.
func validPath(p string) bool {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '%':
			if i+2 >= len(p) || !ishex(p[i+1]) || !ishex(p[i+2]) {
				return false
			}
			i += 2
		case !strings.ContainsRune(unreserved+subDelims+":@/", rune(c)):
			return false
		}
	}
	return true
}

func onlyOf(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(set, rune(s[i])) {
			return false
		}
	}
	return true
}

// IsLoopback says whether host (as Base.Host holds it) is "localhost", an
// IPv4 address in 127.0.0.0/8 or [::1]. Rarer spellings of a loopback
// address are not recognised: they count as any other host.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || host == "[::1]" {
		return true
	}
	return strings.HasPrefix(host, "127.") && validIPv4(host)
}

// Origin returns scheme://authority of the absolute URL raw, false when raw
// has none.
func Origin(raw string) (string, bool) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" {
		return "", false
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if rest == "" {
		return "", false
	}
	return strings.ToLower(scheme) + "://" + rest, true
}

// Values is a query, as url.Values: each key's values in order.
type Values map[string][]string

// Set sets key's values to value alone.
func (v Values) Set(key, value string) { v[key] = []string{value} }

// Encode writes v as url.Values.Encode does: keys sorted, each pair
// escaped, joined by "&".
func (v Values) Encode() string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, val := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(QueryEscape(val))
		}
	}
	return b.String()
}

// QueryEscape escapes s for a query component as url.QueryEscape does:
// every byte but the unreserved ones as %XX, a space as "+". A string with
// nothing to escape (a flow id) is returned as it is, without a copy.
func QueryEscape(s string) string {
	i := 0
	for i < len(s) && strings.IndexByte(unreserved, s[i]) >= 0 {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			b.WriteByte('+')
		case strings.IndexByte(unreserved, c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	return b.String()
}

// queryUnescape undoes QueryEscape; false for a malformed escape.
func queryUnescape(s string) (string, bool) {
	if !strings.ContainsAny(s, "%+") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b.WriteByte(' ')
		case '%':
			if i+2 >= len(s) || !ishex(s[i+1]) || !ishex(s[i+2]) {
				return "", false
			}
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// Param returns the first value of key in raw's query, as
// url.Parse(raw).Query().Get(key) does ("" when there is none).
func Param(raw, key string) string {
	raw, _, _ = strings.Cut(raw, "#")
	_, query, _ := strings.Cut(raw, "?")
	for _, pair := range strings.Split(query, "&") {
		if pair == "" || strings.Contains(pair, ";") {
			continue // net/url refuses a pair with ";"
		}
		k, v, _ := strings.Cut(pair, "=")
		if k, ok := queryUnescape(k); ok && k == key {
			if v, ok := queryUnescape(v); ok {
				return v
			}
		}
	}
	return ""
}

// MaskQuery replaces by mask the values in raw's query whose key secret
// names, or whose key is not well formed, keeping everything else as it
// was; a URL with nothing to mask (every request of a login) is returned
// as it is, without a copy. It splits at ";" too, so that no way of
// spelling a pair shows a secret.
func MaskQuery(raw string, secret func(key string) bool, mask string) string {
	head, query, ok := strings.Cut(raw, "?")
	if !ok {
		return raw
	}
	query, frag, hasFrag := strings.Cut(query, "#")
	masks := func(pair string) bool {
		k, _, hasValue := strings.Cut(pair, "=")
		key, ok := queryUnescape(k)
		return hasValue && (!ok || secret(key))
	}
	if !anyPair(query, masks) {
		return raw
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteByte('?')
	start := 0
	for i := 0; i <= len(query); i++ {
		if i < len(query) && query[i] != '&' && query[i] != ';' {
			continue
		}
		pair := query[start:i]
		if masks(pair) {
			k, _, _ := strings.Cut(pair, "=")
			pair = k + "=" + mask
		}
		b.WriteString(pair)
		if i < len(query) {
			b.WriteByte(query[i])
		}
		start = i + 1
	}
	if hasFrag {
		b.WriteByte('#')
		b.WriteString(frag)
	}
	return b.String()
}

// anyPair says whether f holds for a pair of query, split at "&" and ";".
func anyPair(query string, f func(pair string) bool) bool {
	for rest := query; ; {
		i := strings.IndexAny(rest, "&;")
		if i < 0 {
			return f(rest)
		}
		if f(rest[:i]) {
			return true
		}
		rest = rest[i+1:]
	}
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
