package i18n

// reasons names the English reasons of Ory's generic messages (4000001,
// 5000001 carry them in context.reason) that a person meets on the login
// and that a catalogue can translate as "<id>.<name>". Any other reason
// is shown as Ory wrote it.
var reasons = map[string]string{
	"The request was submitted too often. Please request another code.":                                   "too_often",
	"A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?": "session_exists",
}

// reasonKey returns the name of a known reason, "" for another.
func reasonKey(reason string) string { return reasons[reason] }
