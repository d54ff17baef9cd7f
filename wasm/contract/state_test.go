package contract

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestISOTimeAsFormat holds isoTime's digits to time.Format's, for random
// instants across years 0 to 9999, the edges of that range and beyond it,
// another zone than UTC, and fractions below a millisecond (cut, as
// toISOString cuts them).
func TestISOTimeAsFormat(t *testing.T) {
	zone := time.FixedZone("UTC+5:45", 5*3600+45*60)
	times := []time.Time{
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 6, 15, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 4, 23, 30, 0, 500_000, zone),
		time.Unix(1, 999_999),
	}
	r := rand.New(rand.NewPCG(1, 2))
	lo, hi := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix()
	for range 10_000 {
		times = append(times, time.Unix(lo+r.Int64N(hi-lo), r.Int64N(1e9)).In(zone))
	}
	for _, tm := range times {
		got, want := isoTime(tm), tm.UTC().Format(isoLayout)
		if got == nil || *got != want {
			t.Fatalf("isoTime(%v) = %v, want %q", tm, got, want)
		}
	}
	if isoTime(time.Time{}) != nil {
		t.Error("isoTime of the zero time is not nil")
	}
}
