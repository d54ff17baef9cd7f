//go:build !js

package offline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/orylogin/orylogin/wasm/transport"
)

// Response headers that matter to a client (the rest, like Date and
// Content-Length, differ for reasons no client may depend on).
var comparedHeaders = []string{"cache-control", "content-type", "location", "ory-error-id", "set-cookie", "x-kratos-authenticated-identity-id"}

var (
	reUUID      = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	reTime      = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$`)
	reST        = regexp.MustCompile(`ory_st_[A-Za-z0-9]+`)
	reLO        = regexp.MustCompile(`ory_lo_[A-Za-z0-9]+`)
	reMinutes   = regexp.MustCompile(`expired -?\d+\.\d\d minutes ago`)
	reCSRFName  = regexp.MustCompile(`csrf_token_[0-9a-f]{64}`)
	reCookieSep = regexp.MustCompile(`, ([A-Za-z0-9_\-]+=)`)
)

// scrubber replaces the values that differ between runs by placeholders.
// Ids and tokens are numbered in order of appearance, so that "the same
// id again" (a session upgraded in place, use_flow_id naming the next
// flow) is still compared.
type scrubber struct {
	base string
	ids  map[string]string
	toks map[string]string
}

func newScrubber(base string) *scrubber {
	return &scrubber{base: base, ids: map[string]string{}, toks: map[string]string{}}
}

func (s *scrubber) number(m map[string]string, kind, v string) string {
	if p, ok := m[v]; ok {
		return p
	}
	p := fmt.Sprintf("<%s-%d>", kind, len(m)+1)
	m[v] = p
	return p
}

// text scrubs one string value.
func (s *scrubber) text(v string) string {
	if reTime.MatchString(v) {
		return "<time>"
	}
	v = strings.ReplaceAll(v, s.base, "<base>")
	v = reUUID.ReplaceAllStringFunc(v, func(u string) string { return s.number(s.ids, "uuid", u) })
	v = reST.ReplaceAllStringFunc(v, func(t string) string { return s.number(s.toks, "session-token", t) })
	v = reLO.ReplaceAllString(v, "<logout-token>")
	v = reMinutes.ReplaceAllString(v, "expired <n> minutes ago")
	return v
}

// walk scrubs a decoded JSON value in place, visiting keys in sorted
// order so that numbering is deterministic.
func (s *scrubber) walk(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if attrs, ok := x["name"].(string); ok && attrs == "csrf_token" {
			if val, ok := x["value"].(string); ok && val != "" {
				x["value"] = "<csrf>"
			}
		}
		for _, k := range keys {
			x[k] = s.walk(x[k], k)
		}
		return x
	case []any:
		for i := range x {
			x[i] = s.walk(x[i], key)
		}
		return x
	case string:
		switch key {
		case "ip_address", "user_agent":
			return "<device>"
		}
		return s.text(x)
	case json.Number:
		switch key {
		case "since", "expired_at_unix":
			return "<number>"
		}
		return x
	}
	return v
}

// cookies splits a joined Set-Cookie header and scrubs values, Expires
// and Max-Age numbers (they follow the clock), keeping names and flags.
func (s *scrubber) cookies(h string) string {
	parts := strings.Split(reCookieSep.ReplaceAllString(h, "\n$1"), "\n")
	for i, p := range parts {
		attrs := strings.Split(p, "; ")
		name, value, _ := strings.Cut(attrs[0], "=")
		name = reCSRFName.ReplaceAllString(name, "csrf_token_<hash>")
		if value != "" {
			value = "<value>"
		}
		attrs[0] = name + "=" + value
		for j := 1; j < len(attrs); j++ {
			k, v, ok := strings.Cut(attrs[j], "=")
			switch {
			case ok && strings.EqualFold(k, "expires"):
				attrs[j] = k + "=<date>"
			case ok && strings.EqualFold(k, "max-age") && v != "0":
				attrs[j] = k + "=<n>"
			}
		}
		parts[i] = strings.Join(attrs, "; ")
	}
	sort.Strings(parts)
	return strings.Join(parts, " | ")
}

// normalize renders a response as comparable text: status, the headers
// that matter, and the body with keys sorted and volatile values scrubbed.
func (s *scrubber) normalize(res *transport.Response) string {
	var b strings.Builder
	fmt.Fprintf(&b, "status %d\n", res.Status)
	for _, h := range comparedHeaders {
		v, ok := res.Header[h]
		if !ok {
			continue
		}
		switch h {
		case "set-cookie":
			v = s.cookies(v)
		default:
			v = s.text(v)
		}
		fmt.Fprintf(&b, "header %s: %s\n", h, v)
	}
	if len(res.Body) == 0 {
		b.WriteString("body: (empty)\n")
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(res.Body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		fmt.Fprintf(&b, "body (not JSON): %s\n", s.text(string(res.Body)))
		return b.String()
	}
	out, _ := json.MarshalIndent(s.walk(v, ""), "", "  ")
	b.WriteString("body: ")
	b.Write(out)
	b.WriteByte('\n')
	return b.String()
}

// summary is a one-line digest of a normalised exchange, for the report
// of where two runs part: status, body kind, flow state, message ids.
func summary(res *transport.Response) string {
	var m struct {
		ID           string `json:"id"`
		State        string `json:"state"`
		RequestedAAL string `json:"requested_aal"`
		SessionToken string `json:"session_token"`
		Session      *struct {
			AAL string `json:"authenticator_assurance_level"`
		} `json:"session"`
		AAL   string `json:"authenticator_assurance_level"`
		Error *struct {
			ID   string `json:"id"`
			Code int    `json:"code"`
		} `json:"error"`
		UI *struct {
			Messages []struct {
				ID int `json:"id"`
			} `json:"messages"`
		} `json:"ui"`
	}
	_ = json.Unmarshal(res.Body, &m)
	var b strings.Builder
	fmt.Fprintf(&b, "%d", res.Status)
	switch {
	case m.Error != nil:
		fmt.Fprintf(&b, " error %s/%d", m.Error.ID, m.Error.Code)
	case m.UI != nil:
		fmt.Fprintf(&b, " flow %s %s", m.RequestedAAL, m.State)
		for _, msg := range m.UI.Messages {
			fmt.Fprintf(&b, " %d", msg.ID)
		}
	case m.Session != nil:
		fmt.Fprintf(&b, " login %s token=%v", m.Session.AAL, m.SessionToken != "")
	case m.AAL != "":
		fmt.Fprintf(&b, " session %s", m.AAL)
	}
	return b.String()
}

// lineDiff is a minimal line diff of a and b (longest common subsequence),
// "-" lines only in a, "+" only in b, with two lines of context.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	n, m := len(x), len(y)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var lines []line
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			lines = append(lines, line{' ', x[i]})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			lines = append(lines, line{'+', y[j]})
			j++
		default:
			lines = append(lines, line{'-', x[i]})
			i++
		}
	}
	var out strings.Builder
	last := -10
	for k, l := range lines {
		near := false
		for d := -2; d <= 2; d++ {
			if k+d >= 0 && k+d < len(lines) && lines[k+d].op != ' ' {
				near = true
			}
		}
		if !near {
			continue
		}
		if k != last+1 {
			out.WriteString("  ...\n")
		}
		last = k
		fmt.Fprintf(&out, "%c %s\n", l.op, l.text)
	}
	return out.String()
}
