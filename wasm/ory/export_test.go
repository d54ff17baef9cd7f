//go:build !js

package ory

// Recorded and RecordedAnswer give the external tests (package ory_test)
// the recorded answers of testdata/kratos-answers.json, so that tests which
// run the machine over them wire it through login.New as every client is.
var Recorded = recorded

// RecordedAnswer is one recorded answer of Ory's.
type RecordedAnswer = recordedAnswer
