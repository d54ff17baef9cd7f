//go:build !js

package kratoslocal

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// phone is a number of a real German mobile range: Kratos's libphonenumber
// refuses the 555 ones.
const phone = "+4915112345678"

// courierStatus polls the admin API until every courier message to
// recipient has left the queue, and returns their statuses.
func courierStatus(t *testing.T, s *Server, recipient string) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var msgs []struct {
			Status string `json:"status"`
		}
		q := url.Values{"recipient": {recipient}}
		if err := s.admin(ctxT(t, 5*time.Second), http.MethodGet, "/admin/courier/messages?"+q.Encode(), nil, http.StatusOK, &msgs); err != nil {
			t.Fatal(err)
		}
		var statuses []string
		pending := false
		for _, m := range msgs {
			statuses = append(statuses, m.Status)
			pending = pending || m.Status == "queued" || m.Status == "processing"
		}
		if !pending || time.Now().After(deadline) {
			return statuses
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSMSReachesTheSink: a code sent to a phone travels through Kratos's
// courier, over HTTP on the channel "sms", to the sink, with the code in
// its body; Mails(phone) reads it there, the code is the one Kratos
// accepts, the courier marks the text sent, and the e-mail delivery (to
// the sink too) fails nowhere in Kratos's log.
func TestSMSReachesTheSink(t *testing.T) {
	s := forTest(t, Options{Env: Methods{SMS: true}.Env()})
	if _, err := s.CreateIdentityWithTraits(ctxT(t, 10*time.Second), map[string]any{"email": email, "phone": phone}, password); err != nil {
		t.Fatal(err)
	}
	token := loginAAL1(t, s)
	st, flow := call(t, "GET", s.PublicURL+"/self-service/login/api?aal=aal2", token, nil)
	if st != 200 || str(flow, "state") != "choose_method" { // two addresses: Kratos sends nothing by itself
		t.Fatalf("create aal2 flow: HTTP %d state %q", st, str(flow, "state"))
	}
	flowURL := s.PublicURL + "/self-service/login?flow=" + str(flow, "id")
	before := time.Now()
	st, flow = call(t, "POST", flowURL, token, map[string]any{"method": "code", "address": phone})
	if str(flow, "state") != "sent_email" { // Kratos's name for "code sent", by SMS too
		t.Fatalf("send code to the phone: HTTP %d state %q", st, str(flow, "state"))
	}

	code, err := s.WaitCode(ctxT(t, 10*time.Second), phone, before)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := s.Mails(ctxT(t, time.Second), phone)
	if err != nil || len(texts) != 1 {
		t.Fatalf("Mails(phone) = %d texts, %v; want the one the sink received", len(texts), err)
	}
	if m := texts[0]; m.To != phone || m.Code != code || len(code) != 6 || !strings.Contains(m.Body, code) ||
		m.Type != "sms" || m.Channel != "sms" || m.ID == "" || !m.CreatedAt.After(before) {
		t.Errorf("text = {ID:%q To:%q Type:%q Channel:%q CreatedAt:%s, a 6-digit code in the body: %v}", m.ID, m.To, m.Type, m.Channel, m.CreatedAt, len(code) == 6 && strings.Contains(m.Body, code))
	}
	if got := courierStatus(t, s, phone); len(got) != 1 || got[0] != "sent" {
		t.Errorf("courier statuses of the text: %v, want [sent]", got)
	}
	firstCode(t, s, loginAAL1(t, s)) // an e-mail code: a delivery to the sink's e-mail side
	if got := courierStatus(t, s, email); len(got) == 0 || strings.Trim(strings.Join(got, ""), "sent") != "" {
		t.Errorf("courier statuses of the e-mails: %v, want all sent", got)
	}

	st, sess := call(t, "POST", flowURL, token, map[string]any{"method": "code", "code": code})
	if st != 200 || str(sess, "session", "authenticator_assurance_level") != "aal2" {
		t.Fatalf("the SMS code: HTTP %d %v", st, sess)
	}
	if log := s.out.since(0); strings.Contains(log, "level=error") {
		t.Errorf("Kratos logged an error:\n%s", log)
	}
}

// TestSinkRefusesWhatIsNoText: a body not in the SMS template's shape
// answers 400 (so that Kratos would log the mismatch) and keeps nothing;
// an e-mail is answered and dropped.
func TestSinkRefusesWhatIsNoText(t *testing.T) {
	k, err := newSink()
	if err != nil {
		t.Fatal(err)
	}
	defer k.close()
	post := func(path, body string) int {
		resp, err := http.Post(k.URL+path, "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, body := range []string{"", "not json", `{"body":"code 123456"}`} {
		if got := post(smsPath, body); got != http.StatusBadRequest {
			t.Errorf("POST %s %q: HTTP %d, want 400", smsPath, body, got)
		}
	}
	if got := post(emailPath, `{"to":"a@example.com"}`); got/100 != 2 {
		t.Errorf("POST %s: HTTP %d, want 2xx", emailPath, got)
	}
	if got := post(smsPath, `{"to":"`+phone+`","body":"Your code: 123456"}`); got/100 != 2 {
		t.Errorf("POST %s: HTTP %d, want 2xx", smsPath, got)
	}
	if got := k.texts(phone); len(got) != 1 || got[0].Code != "123456" {
		t.Errorf("texts = %+v, want the one good text", got)
	}
	if got := k.texts("a@example.com"); len(got) != 0 {
		t.Errorf("the e-mail was kept: %+v", got)
	}
}
