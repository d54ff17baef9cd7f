//go:build js && wasm

package bridge

import (
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/ory"
)

// jsExchange is one HTTP exchange of the last call, as the adapter logged
// it, secrets masked.
type jsExchange struct {
	Method         string            `json:"method"`
	URL            string            `json:"url"`
	Status         int               `json:"status"`
	RequestHeaders map[string]string `json:"requestHeaders"`
	RequestBody    string            `json:"requestBody"`
	ResponseBody   string            `json:"responseBody"`
	DurationMs     float64           `json:"durationMs"`
	Curl           string            `json:"curl"`
}

// exchanges implements client.exchanges(): the exchanges of the last call
// that got past its argument checks, oldest first.
func (b *Bridge) exchanges(_ jsx.Value, args []jsx.Value) (any, error) {
	c, _, _, err := b.clientOf(args)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	xs := append([]ory.PendingExchange(nil), c.exchanges...)
	c.mu.Unlock()
	out := make(jsExchanges, 0, len(xs))
	for _, p := range xs {
		x := p.Exchange()
		h := x.RequestHeaders
		if h == nil {
			h = map[string]string{}
		}
		out = append(out, jsExchange{
			Method: x.Method, URL: x.URL, Status: x.Status, RequestHeaders: h,
			RequestBody: x.RequestBody, ResponseBody: x.ResponseBody,
			DurationMs: float64(x.Duration.Microseconds()) / 1000, Curl: x.Curl,
		})
	}
	return b.fromJSON(out)
}
