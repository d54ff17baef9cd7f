package ory

import (
	"errors"
	"time"
)

// errNotRFC3339 is the error of a time in Ory's answer that is not an
// RFC 3339 date-time string.
var errNotRFC3339 = errors.New("not an RFC 3339 time")

// unmarshalTime reads the JSON value raw into t as time.Time's
// UnmarshalJSON does (null leaves t as it is), but accepts only what RFC
// 3339 allows: time.Time's UnmarshalJSON also hands a string its fast path
// refuses to time.Parse, which takes a one-digit hour, a comma before the
// fraction or a zone hour of 24. Ory writes every time with Go's
// MarshalJSON, so it never sends those; leaving time.Parse unlinked keeps
// 55 KB (9 KB brotli) out of the module. rfc3339_test.go holds the
// two equal on every RFC 3339 string.
func unmarshalTime(raw []byte, t *time.Time) error {
	if string(raw) == "null" {
		return nil
	}
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return errNotRFC3339
	}
	v, ok := parseRFC3339(raw[1 : len(raw)-1])
	*t = v
	if !ok {
		return errNotRFC3339
	}
	return nil
}

// parseRFC3339 is time's own parser of an RFC 3339 time (what
// time.Time.UnmarshalJSON tries first): the same ranges, the same
// fraction (digits past the ninth ignored), and the same location (UTC
// for "Z"; for an offset, Local where Local has that offset at that
// instant, else a fixed zone).
func parseRFC3339(s []byte) (time.Time, bool) {
	ok := true
	num := func(b []byte, lo, hi int) int {
		x := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				ok = false
				return lo
			}
			x = x*10 + int(c-'0')
		}
		if x < lo || x > hi {
			ok = false
			return lo
		}
		return x
	}
	if len(s) < len("2006-01-02T15:04:05") {
		return time.Time{}, false
	}
	year := num(s[0:4], 0, 9999)
	month := num(s[5:7], 1, 12)
	day := num(s[8:10], 1, daysIn(month, year))
	hour := num(s[11:13], 0, 23)
	minute := num(s[14:16], 0, 59)
	sec := num(s[17:19], 0, 59)
	if !ok || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	s = s[19:]
	nsec := 0
	if len(s) >= 2 && s[0] == '.' && isDigit(s[1]) {
		n := 2
		for n < len(s) && isDigit(s[n]) {
			n++
		}
		for i, scale := 1, 100_000_000; i < min(n, 10); i, scale = i+1, scale/10 {
			nsec += int(s[i]-'0') * scale
		}
		s = s[n:]
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if len(s) == 1 && s[0] == 'Z' {
		return t, true
	}
	if len(s) != len("-07:00") {
		return time.Time{}, false
	}
	zh := num(s[1:3], 0, 23)
	zm := num(s[4:6], 0, 59)
	if !ok || (s[0] != '-' && s[0] != '+') || s[3] != ':' {
		return time.Time{}, false
	}
	offset := (zh*60 + zm) * 60
	if s[0] == '-' {
		offset = -offset
	}
	t = t.Add(-time.Duration(offset) * time.Second)
	if _, local := t.In(time.Local).Zone(); local == offset {
		return t.In(time.Local), true
	}
	return t.In(time.FixedZone("", offset)), true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// daysIn is the number of days in month of year (an invalid month: 31;
// the caller has refused it already).
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
