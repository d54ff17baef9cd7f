//go:build !js

package main

import (
	"math"
	"sort"
)

// dist summarises samples: the median and the spread.
type dist struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P25    float64 `json:"p25"`
	P75    float64 `json:"p75"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func summarize(xs []float64) dist {
	if len(xs) == 0 {
		return dist{}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return dist{N: len(s), Median: quantile(s, 0.5), P25: quantile(s, 0.25), P75: quantile(s, 0.75), Min: s[0], Max: s[len(s)-1]}
}

// quantile interpolates linearly between the sorted samples.
func quantile(s []float64, q float64) float64 {
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

// readyReport is time to ready, in ms since navigation start.
type readyReport struct {
	Cold        dist `json:"cold"`
	Warm        dist `json:"warm"`
	ColdWasmReq dist `json:"coldWasmRequest"` // when the wasm's request went out
	WarmWasmReq dist `json:"warmWasmRequest"`
	ColdWasmEnd dist `json:"coldWasmEnd"` // when its last byte had arrived
	WarmWasmEnd dist `json:"warmWasmEnd"`
	FloorCold   dist `json:"floorCold"` // the same page without orylogin
	FloorWarm   dist `json:"floorWarm"`
	HelloCold   dist `json:"helloCold"` // the smallest Go program, loaded the same way
	HelloWarm   dist `json:"helloWarm"`
}

// pick summarizes the values f gives of xs, skipping the nil ones.
func pick[T any](xs []T, f func(T) *float64) dist {
	var v []float64
	for _, x := range xs {
		if p := f(x); p != nil {
			v = append(v, *p)
		}
	}
	return summarize(v)
}

func ready(x readySample) *float64 { return &x.ReadyMs }

func readyStats(r readySamples) readyReport {
	req := func(x readySample) *float64 { return x.WasmRequestMs }
	end := func(x readySample) *float64 { return x.WasmResponseEndMs }
	return readyReport{
		Cold: pick(r.Cold, ready), Warm: pick(r.Warm, ready),
		ColdWasmReq: pick(r.Cold, req), WarmWasmReq: pick(r.Warm, req),
		ColdWasmEnd: pick(r.Cold, end), WarmWasmEnd: pick(r.Warm, end),
		FloorCold: pick(r.FloorCold, ready), FloorWarm: pick(r.FloorWarm, ready),
		HelloCold: pick(r.HelloCold, ready), HelloWarm: pick(r.HelloWarm, ready),
	}
}

// formDist is time to a usable form of <ory-login> (bench/form.html), in
// ms since navigation start.
type formDist struct {
	Visible     dist `json:"visible"`     // the first visible form or skeleton
	Interactive dist `json:"interactive"` // the first enabled, writable input
	Load        dist `json:"load"`        // load() resolved
	// Accepted and Kept count the loads whose first interactive input took
	// the typed text, and those where it was still there once the element
	// was idle at the password step (a form that drops it was not usable).
	Accepted int `json:"accepted"`
	Kept     int `json:"kept"`
	N        int `json:"n"`
}

// formReport is time to a usable form, cold and warm.
type formReport struct {
	Cold formDist `json:"cold"`
	Warm formDist `json:"warm"`
}

// OryElementsColdMs and OryElementsWarmMs are Ory Elements' time to a
// usable form, measured elsewhere (Ory Elements is not in this repo):
// fixed reference numbers, printed beside ours, never measured here.
const (
	OryElementsColdMs = 423
	OryElementsWarmMs = 123
)

func formStatsOf(xs []formSample) formDist {
	d := formDist{
		Visible:     pick(xs, func(x formSample) *float64 { return x.VisibleMs }),
		Interactive: pick(xs, func(x formSample) *float64 { return x.InteractiveMs }),
		Load:        pick(xs, func(x formSample) *float64 { return x.LoadMs }),
		N:           len(xs),
	}
	for _, x := range xs {
		if x.Accepted {
			d.Accepted++
		}
		if x.Kept {
			d.Kept++
		}
	}
	return d
}

func formStats(cold, warm []formSample) formReport {
	return formReport{Cold: formStatsOf(cold), Warm: formStatsOf(warm)}
}

// slowReport is time to ready, and to a usable form, under Chromium's
// network emulation, beside the smallest Go program under the same.
type slowReport struct {
	Network          network  `json:"network"`
	Cold             dist     `json:"cold"`
	Warm             dist     `json:"warm"`
	HelloCold        dist     `json:"helloCold"`
	HelloWarm        dist     `json:"helloWarm"`
	ColdWasmTransfer dist     `json:"coldWasmTransferBytes"` // what the wire carried of the wasm (says which encoding)
	FormCold         formDist `json:"formCold"`
	FormWarm         formDist `json:"formWarm"`
}

func slowStats(s slowSamples) slowReport {
	return slowReport{
		Network: s.Network,
		Cold:    pick(s.Cold, ready), Warm: pick(s.Warm, ready),
		HelloCold: pick(s.HelloCold, ready), HelloWarm: pick(s.HelloWarm, ready),
		ColdWasmTransfer: pick(s.Cold, func(x readySample) *float64 { return x.WasmTransferBytes }),
		FormCold:         formStatsOf(s.FormCold), FormWarm: formStatsOf(s.FormWarm),
	}
}

// stepNames are the timed steps, in order (web/bench/bench.js's STEPS).
var stepNames = []string{"startLogin", "submitPassword", "startStepUp", "sendCode", "submitCode", "whoami"}

// stepRow compares one step (or "total").
type stepRow struct {
	Step     string  `json:"step"`
	Orylogin dist    `json:"orylogin"`
	Baseline dist    `json:"baseline"`
	Overhead float64 `json:"overheadMs"` // median(orylogin) - median(baseline)
	Paired   float64 `json:"pairedMs"`   // median over rounds of (orylogin - baseline) in the same round
	Requests []int   `json:"requests,omitempty"`
}

// loginReport is the login against the floor.
type loginReport struct {
	Rounds int       `json:"rounds"` // per side
	Steps  []stepRow `json:"steps"`
	Total  stepRow   `json:"total"`
	Ratio  float64   `json:"ratio"` // median total orylogin / median total baseline
	// OneRequestPerStep says that orylogin made exactly one HTTP request per
	// step in every round, as the baseline does.
	OneRequestPerStep bool `json:"oneRequestPerStep"`
}

func loginStats(raw *rawResults) loginReport {
	r := loginReport{Rounds: min(len(raw.Orylogin), len(raw.Baseline)), OneRequestPerStep: len(raw.Requests) > 0}
	row := func(name string, of func(map[string]float64) float64) stepRow {
		var o, b, d []float64
		for i := range r.Rounds {
			x, y := of(raw.Orylogin[i]), of(raw.Baseline[i])
			o, b, d = append(o, x), append(b, y), append(d, x-y)
		}
		s := stepRow{Step: name, Orylogin: summarize(o), Baseline: summarize(b), Paired: summarize(d).Median}
		s.Overhead = s.Orylogin.Median - s.Baseline.Median
		return s
	}
	for _, name := range stepNames {
		s := row(name, func(m map[string]float64) float64 { return m[name] })
		counts := map[int]bool{}
		for _, req := range raw.Requests {
			counts[req[name]] = true
			if req[name] != 1 {
				r.OneRequestPerStep = false
			}
		}
		for c := range counts {
			s.Requests = append(s.Requests, c)
		}
		sort.Ints(s.Requests)
		r.Steps = append(r.Steps, s)
	}
	r.Total = row("total", func(m map[string]float64) float64 {
		t := 0.0
		for _, name := range stepNames {
			t += m[name]
		}
		return t
	})
	if r.Total.Baseline.Median > 0 {
		r.Ratio = r.Total.Orylogin.Median / r.Total.Baseline.Median
	}
	return r
}
