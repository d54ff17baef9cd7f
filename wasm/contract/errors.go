package contract

import "github.com/orylogin/orylogin/wasm/machine"

// ErrorDetails is the second argument of OryLoginError's constructor.
type ErrorDetails struct {
	Code       Code      `json:"code"`
	Status     int       `json:"status"`
	Messages   []Message `json:"messages"`
	RetryAfter int       `json:"retryAfter"`
}

// FromError shapes e's details for JS.
func FromError(e *machine.Error) ErrorDetails {
	return ErrorDetails{Code: e.Code, Status: e.Status, Messages: FromMessages(e.Messages), RetryAfter: e.RetryAfter}
}
