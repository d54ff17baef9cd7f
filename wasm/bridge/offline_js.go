//go:build js && wasm

package bridge

import (
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/offlineapi"
	"github.com/orylogin/orylogin/wasm/transport"
)

// Limits of OryLogin.offline's arguments.
const (
	maxIdentities    = 1000
	maxLatencyMs     = 60_000
	maxAdvanceMs     = 1e11 // about three years
	minFailStatus    = 400
	maxFailStatus    = 599
	maxEmailLen      = machine.MaxIdentifierLen
	maxOfflinePwLen  = machine.MaxPasswordLen
	maxTOTPSecretLen = 128
	maxBackupCodes   = 100
	maxBackupCodeLen = 64
)

// OfflineOry is the offline Ory as the JS API drives it: a transport that
// answers as Kratos does, and the controls of OryLogin.offline.
// *offline.Ory implements it.
type OfflineOry interface {
	transport.Transport
	ResetAs(s offlineapi.Setup, ids []offlineapi.Identity)
	Inbox() []offlineapi.Mail
	Factors(email string) (offlineapi.Factors, bool)
	SetLatency(d time.Duration)
	FailNext(status int)
	Advance(d time.Duration)
}

// Offline is the Extension that gives the module its offline Ory:
// OryLogin.offline and newClient({ offline: true }). It is a separate
// extension so that the default build of orylogin.wasm, which pages that
// talk to a real Ory download, links none of the offline Ory's code
// (cmd/orylogin adds it only to orylogin-offline.wasm). newOry is called
// once, on first use.
func Offline(newOry func() OfflineOry) Extension {
	return func(b *Bridge, api jsx.Value) error {
		b.newOffline = newOry
		off, err := b.offlineAPI()
		if err != nil {
			return err
		}
		return api.Set("offline", off)
	}
}

// offlineOry returns the module's one offline Ory, made on first use, or
// nil in a build without it.
func (b *Bridge) offlineOry() OfflineOry {
	if b.newOffline == nil {
		return nil
	}
	b.offlineOnce.Do(func() { b.offlineBackend = b.newOffline() })
	return b.offlineBackend
}

// offlineAPI builds OryLogin.offline: reset, inbox, factors, setLatency,
// failNext, advance, all synchronous.
func (b *Bridge) offlineAPI() (jsx.Value, error) {
	obj, err := jsx.NewObject()
	if err != nil {
		return obj, err
	}
	for _, f := range []struct {
		name string
		fn   goFunc
	}{
		{"reset", b.offlineReset},
		{"inbox", b.offlineInbox},
		{"factors", b.offlineFactors},
		{"setLatency", b.offlineSetLatency},
		{"failNext", b.offlineFailNext},
		{"advance", b.offlineAdvance},
	} {
		v, err := b.export("sync", "offline."+f.name, f.fn)
		if err != nil {
			return obj, err
		}
		if err := obj.Set(f.name, v); err != nil {
			return obj, err
		}
	}
	return b.freeze(obj)
}

// offlineReset implements offline.reset({identities?, kratos?, factors?,
// loginStyle?, passwordless?}): no identities means the demo identity (with
// its TOTP app, backup codes and phone when factors is true), an empty list
// means none; kratos is the release to speak ("v26.2.0", the default, or
// "v1.3.1"); loginStyle is "unified" (the default) or "identifier_first";
// passwordless makes the code a first factor.
func (b *Bridge) offlineReset(_ jsx.Value, args []jsx.Value) (any, error) {
	var ids []offlineapi.Identity
	setup := offlineapi.Setup{Kratos: offlineapi.DefaultKratos, LoginStyle: offlineapi.LoginUnified}
	obj, ok, err := b.objectArg(args, 0, "options", true)
	if err != nil {
		return nil, err
	}
	if ok {
		name, present, err := stringField(obj, "kratos", 16, false)
		if err != nil {
			return nil, err
		}
		if present {
			if setup.Kratos, err = offlineapi.ParseKratos(name); err != nil {
				return nil, invalid(`kratos must be "v26.2.0" or "v1.3.1"`)
			}
		}
		name, present, err = stringField(obj, "loginStyle", 32, false)
		if err != nil {
			return nil, err
		}
		if present {
			var ok bool
			if setup.LoginStyle, ok = offlineapi.ParseLoginStyle(name); !ok {
				return nil, invalid(`loginStyle must be "unified" or "identifier_first"`)
			}
		}
		list, present, err := field(obj, "identities", false)
		if err != nil {
			return nil, err
		}
		if present {
			if ids, err = b.identities(list); err != nil {
				return nil, err
			}
		}
		if setup.Passwordless, _, err = boolField(obj, "passwordless"); err != nil {
			return nil, err
		}
		factors, present, err := field(obj, "factors", false)
		if err != nil {
			return nil, err
		}
		if present && factors.Type() != jsx.TypeUndefined {
			on, err := factors.Bool()
			if err != nil || factors.Type() != jsx.TypeBoolean {
				return nil, invalid("factors must be a boolean")
			}
			if on && ids == nil {
				ids = []offlineapi.Identity{offlineapi.DemoIdentity(true)}
			}
		}
	}
	b.offlineOry().ResetAs(setup, ids)
	return nil, nil
}

func (b *Bridge) identities(list jsx.Value) ([]offlineapi.Identity, error) {
	if !b.isArray(list) {
		return nil, invalid("identities must be an array")
	}
	length, err := get(list, "length")
	if err != nil || length.Type() != jsx.TypeNumber {
		return nil, invalid("identities cannot be read")
	}
	n, err := length.Int()
	if err != nil || n > maxIdentities {
		return nil, invalid("identities has too many entries")
	}
	ids := make([]offlineapi.Identity, 0, n)
	for i := range n {
		item, err := get(list, i)
		if err != nil {
			return nil, invalid("identities cannot be read")
		}
		if item.Type() != jsx.TypeObject || b.isArray(item) {
			return nil, invalid("each identity must be an object")
		}
		email, _, err := stringField(item, "email", maxEmailLen, true)
		if err != nil {
			return nil, err
		}
		pw, _, err := stringField(item, "password", maxOfflinePwLen, true)
		if err != nil {
			return nil, err
		}
		id := offlineapi.Identity{Email: email, Password: pw}
		if id.TOTPSecret, _, err = stringField(item, "totpSecret", maxTOTPSecretLen, false); err != nil {
			return nil, err
		}
		if id.Phone, _, err = stringField(item, "phone", maxEmailLen, false); err != nil {
			return nil, err
		}
		if id.BackupCodes, err = b.backupCodes(item); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// backupCodes reads an identity's optional backupCodes: string[].
func (b *Bridge) backupCodes(item jsx.Value) ([]string, error) {
	list, present, err := field(item, "backupCodes", false)
	if err != nil || !present || list.Type() == jsx.TypeUndefined {
		return nil, err
	}
	if !b.isArray(list) {
		return nil, invalid("backupCodes must be an array of strings")
	}
	length, err := get(list, "length")
	if err != nil || length.Type() != jsx.TypeNumber {
		return nil, invalid("backupCodes cannot be read")
	}
	n, err := length.Int()
	if err != nil || n > maxBackupCodes {
		return nil, invalid("backupCodes has too many entries")
	}
	codes := make([]string, 0, n)
	for i := range n {
		c, err := get(list, i)
		if err != nil || c.Type() != jsx.TypeString {
			return nil, invalid("backupCodes must be an array of strings")
		}
		s, err := c.String()
		if err != nil || s == "" || len(s) > maxBackupCodeLen {
			return nil, invalid("each backup code must be a non-empty string of at most 64 characters")
		}
		codes = append(codes, s)
	}
	return codes, nil
}

// jsFactors is offline.factors()'s answer.
type jsFactors struct {
	TOTP        *string  `json:"totp"`
	BackupCodes []string `json:"backupCodes"`
	Phone       *string  `json:"phone"`
}

// offlineFactors implements offline.factors(email?): the second factors of
// the identity with this email (default the demo identity), for a demo to
// show: the authenticator app's current code, the unused backup codes, the
// phone (null where it has none); null for an unknown email.
func (b *Bridge) offlineFactors(_ jsx.Value, args []jsx.Value) (any, error) {
	email := offlineapi.DemoEmail
	if len(args) > 0 && args[0].Type() != jsx.TypeUndefined {
		if args[0].Type() != jsx.TypeString {
			return nil, invalid("email must be a string")
		}
		s, err := args[0].String()
		if err != nil || len(s) > maxEmailLen {
			return nil, invalid("email must be a string")
		}
		email = s
	}
	fs, ok := b.offlineOry().Factors(email)
	if !ok {
		return jsx.Null(), nil
	}
	out := jsFactors{BackupCodes: fs.BackupCodes}
	if out.BackupCodes == nil {
		out.BackupCodes = []string{}
	}
	if fs.TOTP != "" {
		out.TOTP = &fs.TOTP
	}
	if fs.Phone != "" {
		out.Phone = &fs.Phone
	}
	return b.fromJSON(out)
}

// jsMail is one mail of offline.inbox().
type jsMail struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Code    string `json:"code"`
}

// offlineInbox implements offline.inbox(): the mails sent, newest last.
func (b *Bridge) offlineInbox(jsx.Value, []jsx.Value) (any, error) {
	mails := b.offlineOry().Inbox()
	out := make(jsInbox, 0, len(mails))
	for _, m := range mails {
		out = append(out, jsMail{To: m.To, Subject: m.Subject, Body: m.Body, Code: m.Code})
	}
	return b.fromJSON(out)
}

// offlineSetLatency implements offline.setLatency(ms).
func (b *Bridge) offlineSetLatency(_ jsx.Value, args []jsx.Value) (any, error) {
	ms, err := numberArg(args, 0, "ms", 0, maxLatencyMs, false)
	if err != nil {
		return nil, err
	}
	b.offlineOry().SetLatency(millis(ms))
	return nil, nil
}

// offlineFailNext implements offline.failNext(status): 0 clears it.
func (b *Bridge) offlineFailNext(_ jsx.Value, args []jsx.Value) (any, error) {
	status, err := numberArg(args, 0, "status", 0, maxFailStatus, true)
	if err != nil {
		return nil, err
	}
	if status != 0 && status < minFailStatus {
		return nil, invalid("status must be 0 or an HTTP error status")
	}
	b.offlineOry().FailNext(int(status))
	return nil, nil
}

// offlineAdvance implements offline.advance(ms).
func (b *Bridge) offlineAdvance(_ jsx.Value, args []jsx.Value) (any, error) {
	ms, err := numberArg(args, 0, "ms", 0, maxAdvanceMs, false)
	if err != nil {
		return nil, err
	}
	b.offlineOry().Advance(millis(ms))
	return nil, nil
}

func millis(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
