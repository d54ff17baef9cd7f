// Package replay serves recorded Kratos runs (transcripts, with secrets
// scrubbed) as a transport.Transport, so a real exchange can be replayed in
// fast tests and used as fuzzing seeds.
package replay

import (
	"encoding/json"
	"fmt"
	"os"
)

// Exchange is one request and its answer in a recorded transcript
// (wasm/internal/testkit/testdata/<version>/<kind>-<scenario>.json,
// recorded by the offline package's TestRecord), with secrets replaced by fixed
// placeholders (Placeholder*). URL is the path and query, without the
// base URL; header keys are canonical in requests and lower case in
// responses, as transport.Request and transport.Response have them.
type Exchange struct {
	Request struct {
		Method      string            `json:"method"`
		URL         string            `json:"url"`
		Header      map[string]string `json:"header,omitempty"`
		Credentials string            `json:"credentials,omitempty"`
		Body        json.RawMessage   `json:"body,omitempty"`
	} `json:"request"`
	Response struct {
		Status int               `json:"status"`
		Header map[string]string `json:"header,omitempty"`
		Body   json.RawMessage   `json:"body,omitempty"`
	} `json:"response"`
}

// Placeholders that stand for secrets in recorded transcripts.
const (
	PlaceholderPassword     = "<password>"
	PlaceholderCode         = "000000"
	PlaceholderSessionToken = "ory_st_PLACEHOLDER"
	PlaceholderLogoutToken  = "ory_lo_PLACEHOLDER"
	PlaceholderCSRF         = "<csrf>"
	PlaceholderCookie       = "<cookie>"
)

// Load reads a recorded transcript.
func Load(path string) ([]Exchange, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var xs []Exchange
	if err := json.Unmarshal(b, &xs); err != nil {
		return nil, fmt.Errorf("replay: transcript %s: %w", path, err)
	}
	return xs, nil
}
