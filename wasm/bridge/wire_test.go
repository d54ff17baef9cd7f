//go:build js && wasm

package bridge

import (
	"encoding/json"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
)

// TestWireMatchesMarshal: the bridge's answers reach JSON.parse as
// json.Marshal would have written them.
func TestWireMatchesMarshal(t *testing.T) {
	totp, phone := "123456", "+4915112345678"
	for _, v := range []jsonwire.Appender{
		jsExchanges(nil), jsExchanges{},
		jsExchanges{{Method: "POST", URL: "http://x/self-service/login?flow=<f>", Status: 200,
			RequestHeaders: map[string]string{"Content-Type": "application/json", "Accept": "a&b"},
			RequestBody:    `{"password":"***"}`, ResponseBody: "\u2028\xff", DurationMs: 1.25, Curl: "curl 'x'"},
			{DurationMs: 1e-7}, {RequestHeaders: map[string]string{}}},
		jsFactors{}, jsFactors{TOTP: &totp, BackupCodes: []string{"a", "b"}, Phone: &phone}, jsFactors{BackupCodes: []string{}},
		jsInbox(nil), jsInbox{{To: "a@b.c", Subject: "Code <1>", Body: "line\nline", Code: "123456"}},
	} {
		want, werr := json.Marshal(v)
		got, err := v.AppendJSON(nil)
		if werr != nil || err != nil || string(got) != string(want) {
			t.Errorf("%T: AppendJSON %s, %v\njson.Marshal %s, %v", v, got, err, want, werr)
		}
	}
}
