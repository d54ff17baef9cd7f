package ory

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/internal/secret"
	"github.com/orylogin/orylogin/wasm/internal/weburl"
	"github.com/orylogin/orylogin/wasm/transport"
)

// Exchange is one HTTP request and its answer, with every secret masked, for
// showing the protocol (the page's exchange panel) and for debugging.
type Exchange struct {
	Method         string
	URL            string
	Status         int // 0 when no answer came
	RequestHeaders map[string]string
	RequestBody    string
	ResponseBody   string
	Duration       time.Duration
	// Curl is the request as a curl command (masked), with a cookie jar for
	// the browser flow.
	Curl string
}

// Mask replaces secrets.
const Mask = "***"

// PendingExchange is an exchange whose response body is masked, and whose
// curl command is written, only when Exchange is called. Masking parses and
// re-encodes the whole body: a sixth of the adapter's Go work per login in
// WebAssembly (BenchmarkLoginReplayed under Node: 18 ms masked at once, 15
// ms when unread), and most exchanges are never looked at. The request
// side, which may carry a password or a code, is masked at once, so that
// no secret of the request outlives the call (maskRequest does it without
// decoding the body); only Ory's answer is kept as it came.
type PendingExchange struct {
	x        Exchange // Curl still empty
	cookies  bool     // the curl command keeps a cookie jar
	response []byte   // unmasked
	answered bool
}

// Exchange returns the exchange with every secret masked.
func (p PendingExchange) Exchange() Exchange {
	x := p.x
	x.Curl = curl(x, p.cookies)
	if p.answered {
		x.ResponseBody = MaskJSON(p.response)
	}
	return x
}

func newPendingExchange(req *transport.Request, res *transport.Response, d time.Duration) PendingExchange {
	x := Exchange{Method: req.Method, URL: MaskURL(req.URL), Duration: d,
		RequestHeaders: make(map[string]string, len(req.Header))}
	for k, v := range req.Header {
		if secret.Header(k) {
			v = maskHeader(v)
		}
		x.RequestHeaders[k] = v
	}
	if req.Body != nil {
		x.RequestBody = maskRequest(req.Body)
	}
	p := PendingExchange{x: x, cookies: req.Credentials == transport.CredentialsInclude}
	if res != nil {
		p.x.Status, p.response, p.answered = res.Status, res.Body, true
	}
	return p
}

func maskHeader(v string) string {
	if scheme, _, ok := strings.Cut(v, " "); ok {
		return scheme + " " + Mask
	}
	return Mask
}

// MaskURL masks the values of secret query parameters.
func MaskURL(raw string) string {
	return weburl.MaskQuery(raw, secret.Key, Mask)
}

// MaskJSON returns body with the string values of secret keys masked, and
// the "value" of UI nodes named like a secret. A body that is not JSON is
// shown only by its size.
func MaskJSON(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	v, err := jsonwire.DecodeAny(body)
	if err != nil {
		return "(" + strconv.Itoa(len(body)) + " bytes, not JSON)"
	}
	out, err := jsonwire.AppendAny(nil, maskValue(v))
	if err != nil {
		return "(unprintable)"
	}
	return string(out)
}

func maskValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		name, _ := t["name"].(string)
		for k, x := range t {
			if str, isString := x.(string); isString && str != "" && (secret.Key(k) || (k == "value" && secret.Key(name))) {
				t[k] = Mask
				continue
			}
			t[k] = maskValue(x)
		}
	case []any:
		for i := range t {
			t[i] = maskValue(t[i])
		}
	}
	return v
}

// curl renders x as a shell command.
func curl(x Exchange, cookies bool) string {
	var b strings.Builder
	b.WriteString("curl")
	if x.Method != "GET" {
		b.WriteString(" -X " + x.Method)
	}
	b.WriteString(" " + shellQuote(x.URL))
	keys := make([]string, 0, len(x.RequestHeaders))
	for k := range x.RequestHeaders {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(" -H " + shellQuote(k+": "+x.RequestHeaders[k]))
	}
	if cookies {
		b.WriteString(" -b cookies.txt -c cookies.txt")
	}
	if x.RequestBody != "" {
		b.WriteString(" --data " + shellQuote(x.RequestBody))
	}
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
