package weburl

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// net/url (and net/netip) are the oracle: what the adapter did before this
// package, on the host only.

// oracleBase is the adapter's former base URL check.
func oracleBase(raw string) (string, bool, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", false, false
	}
	loopback := strings.EqualFold(u.Hostname(), "localhost")
	if ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil && ip.IsLoopback() {
		loopback = true
	}
	return strings.TrimRight(u.String(), "/"), loopback, true
}

var secretKey = func(k string) bool { return k == "token" || k == "code" }

// checkAll holds every function of the package to the oracle on raw, key
// and value; a failure names the first disagreement.
func checkAll(t *testing.T, raw, key, value string) {
	t.Helper()
	if b, err := ParseBase(raw); err == nil {
		want, loopback, ok := oracleBase(raw)
		if !ok || b.String() != want {
			t.Fatalf("ParseBase(%q) = %q, net/url: %q accepted %v", raw, b.String(), want, ok)
		}
		if IsLoopback(b.Host) && !loopback {
			t.Fatalf("IsLoopback(%q) but net/netip says it is not", b.Host)
		}
	}
	if u, err := url.Parse(raw); err == nil {
		if got, want := Param(raw, key), u.Query().Get(key); got != want {
			t.Fatalf("Param(%q, %q) = %q, net/url: %q", raw, key, got, want)
		}
		if _, err := ParseBase(u.Scheme + "://" + u.Host); err == nil && u.User == nil {
			// the origins the fetch transport probes: of request URLs on a checked base
			if got, ok := Origin(raw); !ok || got != u.Scheme+"://"+u.Host {
				t.Fatalf("Origin(%q) = %q %v, net/url: %q", raw, got, ok, u.Scheme+"://"+u.Host)
			}
		}
	}
	if got, want := QueryEscape(value), url.QueryEscape(value); got != want {
		t.Fatalf("QueryEscape(%q) = %q, net/url: %q", value, got, want)
	}
	v := Values{key: {value, raw}, "flow": {value}}
	if got, want := v.Encode(), url.Values(v).Encode(); got != want {
		t.Fatalf("Encode = %q, net/url: %q", got, want)
	}
	masked := MaskQuery(raw, secretKey, "***")
	_, q, _ := strings.Cut(masked, "?")
	q, _, _ = strings.Cut(q, "#")
	for _, pair := range strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' }) {
		k, v, _ := strings.Cut(pair, "=")
		if uk, ok := queryUnescape(k); (!ok || secretKey(uk)) && strings.Contains(pair, "=") && v != "***" {
			t.Fatalf("MaskQuery(%q) = %q shows %q", raw, masked, pair)
		}
	}
	if !strings.Contains(raw, "?") && masked != raw {
		t.Fatalf("MaskQuery(%q) changed a URL without a query: %q", raw, masked)
	}
}

var corpus = []string{
	"https://ory.example.com", "https://ory.example.com/", "https://ory.example.com/a/b//",
	"HTTP://127.0.0.1:4433", "http://localhost:4433/", "http://LocalHost", "http://[::1]:4433/x",
	"http://127.1.2.3", "http://127.0.0.01", "http://128.0.0.1", "http://[::ffff:127.0.0.1]",
	"https://x.example/p?", "https://x.example/#", "https://u:p@x.example", "https://x.example?a=1",
	"ftp://x.example", "https:x.example", "https:/x.example", "https://", "https://:443", "https://x:",
	"https://x:abc", "https://x.example/a b", "https://x.example/ä", "https://x.example/%zz", "https://x.example/%41",
	"https://[fe80::1%25eth0]/", "https://x.example/a;b=c/(d)!$'*+,", "https://x_y.example/",
	"http://127.0.0.1/self-service/login/flows?id=abc&flow=a%20b",
	"/ui/login?flow=7f0e&x=1", "/ui/login?flow=a;b&flow=c", "/ui/login?flow=%zz&flow=ok", "/ui/login?fl%6Fw=enc",
	"http://x/logout?token=secret&a=b", "http://x/logout?a=b;token=secret#frag", "http://x/?to%6Ben=secret",
	"http://x/?%zz=secret&code", "http://x/?code=1&code=2",
}

func TestAgreesWithNetURL(t *testing.T) {
	for _, raw := range corpus {
		checkAll(t, raw, "flow", raw)
		checkAll(t, raw, "token", "a b&c=d/é")
	}
}

func TestBaseURLs(t *testing.T) {
	for raw, want := range map[string]string{
		"HTTPS://Ory.Example.com/a//": "https://Ory.Example.com/a",
		"http://[::1]:4433":           "http://[::1]:4433",
		"http://x:/":                  "http://x:",
	} {
		if b, err := ParseBase(raw); err != nil || b.String() != want {
			t.Errorf("ParseBase(%q) = %q, %v; want %q", raw, b.String(), err, want)
		}
	}
	for raw, want := range map[string]error{
		"https://x.example/?": ErrExtras, "https://u@x.example": ErrExtras, "https://x.example#f": ErrExtras,
		"ftp://x": ErrNotHTTP, "https://x.example/a b": ErrNotHTTP, "https://": ErrNotHTTP, "https://x:1a": ErrNotHTTP,
		"https://x.example/ä": ErrNotHTTP, "https://[::1": ErrNotHTTP, "x.example": ErrNotHTTP,
	} {
		if _, err := ParseBase(raw); err != want {
			t.Errorf("ParseBase(%q): %v, want %v", raw, err, want)
		}
	}
	for host, want := range map[string]bool{"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.255.0.9": true,
		"[::1]": true, "127.0.0.256": false, "127.0.0": false, "127.00.0.1": false, "10.0.0.1": false, "localhost.example": false} {
		if IsLoopback(host) != want {
			t.Errorf("IsLoopback(%q) != %v", host, want)
		}
	}
}

func TestMaskQuery(t *testing.T) {
	for raw, want := range map[string]string{
		"http://x/logout?token=s3cr3t&b=1":  "http://x/logout?token=***&b=1",
		"http://x/?a=1;code=9#token=x":      "http://x/?a=1;code=***#token=x",
		"http://x/?to%6Ben=s3cr3t&%zz=9&ok": "http://x/?to%6Ben=***&%zz=***&ok",
		"http://x/p":                        "http://x/p",
		"http://x/p?flow=a%20b;x&y=#f":      "http://x/p?flow=a%20b;x&y=#f",
	} {
		if got := MaskQuery(raw, secretKey, "***"); got != want {
			t.Errorf("MaskQuery(%q) = %q, want %q", raw, got, want)
		}
	}
}

// FuzzWebURL holds every function to net/url on random URLs, keys and
// values, seeded with the corpus.
func FuzzWebURL(f *testing.F) {
	for _, raw := range corpus {
		f.Add(raw, "flow", raw)
	}
	f.Fuzz(checkAll)
}
