//go:build js && wasm

package bridge

import (
	"strconv"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
)

// The AppendJSON methods write the bridge's own answers exactly as
// json.Marshal writes them from their struct tags (wire_test.go holds them
// equal), so that fromJSON needs no encoding/json.

// jsExchanges is client.exchanges()'s answer.
type jsExchanges []jsExchange

// AppendJSON writes xs as JSON.
func (xs jsExchanges) AppendJSON(dst []byte) ([]byte, error) {
	return jsonwire.AppendSlice(dst, xs, func(dst []byte, x jsExchange) ([]byte, error) {
		dst = append(dst, `{"method":`...)
		dst = jsonwire.AppendString(dst, x.Method)
		dst = append(dst, `,"url":`...)
		dst = jsonwire.AppendString(dst, x.URL)
		dst = append(dst, `,"status":`...)
		dst = strconv.AppendInt(dst, int64(x.Status), 10)
		dst = append(dst, `,"requestHeaders":`...)
		dst, _ = jsonwire.AppendAny(dst, x.RequestHeaders)
		dst = append(dst, `,"requestBody":`...)
		dst = jsonwire.AppendString(dst, x.RequestBody)
		dst = append(dst, `,"responseBody":`...)
		dst = jsonwire.AppendString(dst, x.ResponseBody)
		dst = append(dst, `,"durationMs":`...)
		dst, err := jsonwire.AppendFloat(dst, x.DurationMs)
		if err != nil {
			return dst, err
		}
		dst = append(dst, `,"curl":`...)
		dst = jsonwire.AppendString(dst, x.Curl)
		return append(dst, '}'), nil
	})
}

// AppendJSON writes f as JSON.
func (f jsFactors) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, `{"totp":`...)
	dst, _ = jsonwire.AppendAny(dst, f.TOTP)
	dst = append(dst, `,"backupCodes":`...)
	dst = jsonwire.AppendStrings(dst, f.BackupCodes)
	dst = append(dst, `,"phone":`...)
	dst, _ = jsonwire.AppendAny(dst, f.Phone)
	return append(dst, '}'), nil
}

// jsInbox is offline.inbox()'s answer.
type jsInbox []jsMail

// AppendJSON writes the mails as JSON.
func (ms jsInbox) AppendJSON(dst []byte) ([]byte, error) {
	return jsonwire.AppendSlice(dst, ms, func(dst []byte, m jsMail) ([]byte, error) {
		dst = append(dst, `{"to":`...)
		dst = jsonwire.AppendString(dst, m.To)
		dst = append(dst, `,"subject":`...)
		dst = jsonwire.AppendString(dst, m.Subject)
		dst = append(dst, `,"body":`...)
		dst = jsonwire.AppendString(dst, m.Body)
		dst = append(dst, `,"code":`...)
		dst = jsonwire.AppendString(dst, m.Code)
		return append(dst, '}'), nil
	})
}
