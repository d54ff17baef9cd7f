package offline

import (
	"fmt"
	"strings"
	"time"
)

// message is a UI text: {"id","text","type","context"?}.
type message struct {
	ID      int    `json:"id"`
	Text    string `json:"text"`
	Type    string `json:"type"`
	Context any    `json:"context,omitempty"`
}

// Message ids and texts of Kratos v1.3.1 (package text) that the login
// flow uses.
func msgLoginReAuth() message {
	return message{1010003, "Please confirm this action by verifying that it is you.", "info", nil}
}

func msgLoginMFA() message {
	return message{1010004, "Please complete the second authentication challenge.", "info", nil}
}

// msgCodeSent is 1010014, whose text v26 changed.
func (o *Ory) msgCodeSent() message {
	if o.v26() {
		return message{1010014, "A code was sent to the address you provided. If you didn't receive it, please check the spelling of the address and try again.", "info", nil}
	}
	return message{1010014, "An email containing a code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and retry the login.", "info", nil}
}

func msgGeneric(reason string) message {
	return message{4000001, reason, "error", obj{{"reason", reason}}}
}

func msgRequired(property string) message {
	return message{4000002, fmt.Sprintf("Property %s is missing.", property), "error", obj{{"property", property}}}
}

func msgInvalidCredentials() message {
	return message{4000006, "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.", "error", nil}
}

func msgNoAccount() message {
	return message{4000037, "This account does not exist or has no login method configured.", "error", nil}
}

func msgNoCodeCredentials() message {
	return message{4000035, "This account does not exist or has not setup sign in with code.", "error", nil}
}

func msgLoginFlowExpired(expiredAt, now time.Time) message {
	return message{4010001, fmt.Sprintf("The login flow expired %.2f minutes ago, please try again.", now.Sub(expiredAt).Minutes()), "error",
		obj{{"expired_at", expiredAt.UTC()}, {"expired_at_unix", expiredAt.Unix()}}}
}

func msgNoStrategy() message {
	return message{4010002, "Could not find a strategy to log you in with. Did you fill out the form correctly?", "error", nil}
}

func msgCodeInvalid() message {
	return message{4010008, "The login code is invalid or has already been used. Please try again.", "error", nil}
}

// Labels of the login form's nodes.
// labelEmail is the identifier's label; v26 names the trait in its context.
func (o *Ory) labelEmail() message {
	if o.phoneTrait() {
		// With a second identifier trait Kratos names the field generically.
		return message{1070004, "ID", "info", nil}
	}
	if o.v26() {
		return message{1070002, "E-Mail", "info", obj{{"name", "traits.email"}, {"title", "E-Mail"}}}
	}
	return message{1070002, "E-Mail", "info", obj{{"title", "E-Mail"}}}
}

func labelPassword() message { return message{1070001, "Password", "info", nil} }

func labelSignInPassword() message { return message{1010022, "Sign in with password", "info", nil} }

func labelSignIn() message { return message{1010001, "Sign in", "info", nil} }

func labelSendCode(address string) message {
	channel := "email"
	if !strings.Contains(address, "@") {
		channel = "sms"
	}
	return message{1010023, "Send code to " + address, "info", obj{{"address", address}, {"channel", channel}}}
}

func labelTOTPCode() message { return message{1010006, "Authentication code", "info", nil} }

func labelUseTOTP() message { return message{1010009, "Use Authenticator", "info", nil} }

func labelLookupSecret() message { return message{1010007, "Backup recovery code", "info", nil} }

func labelUseLookupSecret() message { return message{1010010, "Use backup recovery code", "info", nil} }

func msgTOTPWrong() message {
	return message{4000008, "The provided authentication code is invalid, please try again.", "error", nil}
}

func msgLookupUsed() message {
	return message{4000012, "This backup recovery code has already been used.", "error", nil}
}

func msgLookupInvalid() message {
	return message{4000016, "The backup recovery code is not valid.", "error", nil}
}

func labelLoginCode() message { return message{1070013, "Login code", "info", nil} }

func labelContinue() message { return message{1070009, "Continue", "info", nil} }

// labelSignInWithCode is the passwordless code's submit on the aal1 flow.
func labelSignInWithCode() message { return message{1010015, "Send sign in code", "info", nil} }

func labelResendCode() message { return message{1070008, "Resend code", "info", nil} }

// Reasons of the 400 errors that become a 4000001 message on the flow.
const (
	reasonAlreadyLoggedIn = "A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?"
	reasonOriginAPIFlow   = `The HTTP Request Header included the "Origin" key, indicating that this request was made as part of an AJAX request in a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.`
	reasonCookieAPIFlow   = `The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.`
	reasonTooOften        = "The request was submitted too often. Please request another code."
	reasonBadJSON         = "Unable to decode form as JSON."
	reasonEmptyBody       = `Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.`
	reasonFlowParam       = "The flow query parameter is missing or malformed."
)
