package i18n

// Key names one of the element's own texts. The constants are the whole
// set the shipped catalogues must translate (see Keys).
type Key string

// The element's texts, by the step that shows them.
const (
	// Password step.
	KeyHeadingSignIn   Key = "heading_sign_in"
	KeyLabelIdentifier Key = "label_identifier"
	KeyLabelPassword   Key = "label_password"
	KeyButtonSignIn    Key = "button_sign_in"

	// Choice of method and address.
	KeyHeadingSecondFactor Key = "heading_second_factor"
	KeyHintCodeByEmail     Key = "hint_code_by_email"
	KeyButtonSendCodeTo    Key = "button_send_code_to" // {address}
	KeyHintNoAddress       Key = "hint_no_address"

	// Code step.
	KeyHeadingEnterCode Key = "heading_enter_code"
	KeyLabelEmailCode   Key = "label_email_code"
	KeyButtonVerify     Key = "button_verify"
	KeyButtonResendCode Key = "button_resend_code"

	// Authenticated view.
	KeyHeadingSignedIn Key = "heading_signed_in"
	KeySignedIn        Key = "signed_in"
	KeySignedInAs      Key = "signed_in_as" // {email}
	KeyLevelAAL1       Key = "level_aal1"
	KeyLevelAAL2       Key = "level_aal2"
	KeySteppingUp      Key = "stepping_up"
	KeyButtonSignOut   Key = "button_sign_out"

	// Signed out, idle, failures.
	KeyHeadingSignedOut  Key = "heading_signed_out"
	KeyHintSessionEnded  Key = "hint_session_ended"
	KeyButtonSignInAgain Key = "button_sign_in_again"
	KeyButtonTryAgain    Key = "button_try_again"
	KeyStatusStarting    Key = "status_starting"

	// Steps the next issue adds.
	KeyButtonContinue            Key = "button_continue"
	KeyLabelTOTP                 Key = "label_totp"
	KeyLabelBackupCode           Key = "label_backup_code"
	KeyLabelSMSCode              Key = "label_sms_code"
	KeyButtonUseAnotherAccount   Key = "button_use_another_account"
	KeyButtonBack                Key = "button_back"
	KeyButtonChooseAnotherMethod Key = "button_choose_another_method"
	KeyButtonPasskey             Key = "button_passkey"
	KeyButtonSecurityKey         Key = "button_security_key"
	KeyButtonSendSMSTo           Key = "button_send_sms_to"     // {address}
	KeyButtonSendLoginCode       Key = "button_send_login_code" // passwordless: a code to the typed identifier
)

// Keys lists every element text, for tests and for tools.
var Keys = []Key{
	KeyHeadingSignIn, KeyLabelIdentifier, KeyLabelPassword, KeyButtonSignIn,
	KeyHeadingSecondFactor, KeyHintCodeByEmail, KeyButtonSendCodeTo, KeyHintNoAddress,
	KeyHeadingEnterCode, KeyLabelEmailCode, KeyButtonVerify, KeyButtonResendCode,
	KeyHeadingSignedIn, KeySignedIn, KeySignedInAs, KeyLevelAAL1, KeyLevelAAL2, KeySteppingUp, KeyButtonSignOut,
	KeyHeadingSignedOut, KeyHintSessionEnded, KeyButtonSignInAgain, KeyButtonTryAgain, KeyStatusStarting,
	KeyButtonContinue, KeyLabelTOTP, KeyLabelBackupCode, KeyLabelSMSCode, KeyButtonUseAnotherAccount,
	KeyButtonBack, KeyButtonChooseAnotherMethod, KeyButtonPasskey, KeyButtonSecurityKey, KeyButtonSendSMSTo,
	KeyButtonSendLoginCode,
}

// ErrorCodes lists the OryLoginError codes that have a sentence for the
// person: every machine.Codes entry. The list is kept here, not imported,
// so that this package stays free of the machine; a test holds it equal
// to machine.Codes.
var ErrorCodes = []string{
	"invalid_argument", "invalid_transition", "busy", "network", "timeout",
	"server", "bad_response", "rate_limited", "api_flow_in_browser", "aal2_required",
	"flow_expired", "csrf_violation", "internal", "cors_refused", "webauthn_cancelled", "webauthn_refused",
}

// errorKey is the catalogue key of an error code's sentence.
func errorKey(code string) string { return "error." + code }
